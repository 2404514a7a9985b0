/// MurmurHash3_x64_128 (Austin Appleby, public domain), seed 0: 128 bits that tell one byte
/// string from another fast. Not a defence against an adversary; used where a value only has to
/// be told from its own earlier version (record fingerprints, feed units).
public enum MurmurHash3 {
    public static func x64_128(_ bytes: UnsafeRawBufferPointer) -> (high: UInt64, low: UInt64) {
        let c1: UInt64 = 0x87c3_7b91_1142_53d5, c2: UInt64 = 0x4cf5_ad43_2745_937f
        var h1: UInt64 = 0, h2: UInt64 = 0
        let count = bytes.count
        let blocks = count / 16
        if let base = bytes.baseAddress {
            for block in 0..<blocks {
                var k1 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: block * 16, as: UInt64.self))
                var k2 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: block * 16 + 8, as: UInt64.self))
                k1 &*= c1; k1 = k1.rotatedLeft(31); k1 &*= c2; h1 ^= k1
                h1 = h1.rotatedLeft(27); h1 &+= h2; h1 = h1 &* 5 &+ 0x52dc_e729
                k2 &*= c2; k2 = k2.rotatedLeft(33); k2 &*= c1; h2 ^= k2
                h2 = h2.rotatedLeft(31); h2 &+= h1; h2 = h2 &* 5 &+ 0x3849_5ab5
            }
            let tail = blocks * 16
            let rest = count - tail
            var k1: UInt64 = 0, k2: UInt64 = 0
            for index in stride(from: rest - 1, through: 8, by: -1) {
                k2 = k2 << 8 | UInt64(base.load(fromByteOffset: tail + index, as: UInt8.self))
            }
            for index in stride(from: min(rest, 8) - 1, through: 0, by: -1) {
                k1 = k1 << 8 | UInt64(base.load(fromByteOffset: tail + index, as: UInt8.self))
            }
            if rest > 8 { k2 &*= c2; k2 = k2.rotatedLeft(33); k2 &*= c1; h2 ^= k2 }
            if rest > 0 { k1 &*= c1; k1 = k1.rotatedLeft(31); k1 &*= c2; h1 ^= k1 }
        }
        h1 ^= UInt64(count); h2 ^= UInt64(count)
        h1 &+= h2; h2 &+= h1
        h1 = mix(h1); h2 = mix(h2)
        h1 &+= h2; h2 &+= h1
        return (h1, h2)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33; k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33; k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
