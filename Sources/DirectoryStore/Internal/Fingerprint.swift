import SwitchboardCore

/// The fingerprint of what a feed said about a record: 128 bits of MurmurHash3 (x64) over a
/// canonical byte form of the record's `Codable` encoding (see ``FingerprintEncoder``).
///
/// It only has to tell a record from its own previous version, never to resist an adversary,
/// so it trades SHA-1 over JSON text (what "v1-directory" stored, some 40 µs a service) for a
/// few microseconds: re-importing an unchanged feed is mostly taking fingerprints. Stored in
/// `content_hash` as 32 hex digits; 40 digits there are a v1 SHA-1, which still matches (see
/// ``StoredHash``) and is replaced by a fingerprint the first time it does.
struct Fingerprint: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 32) { buffer in
            for (word, offset) in [(high, 0), (low, 16)] {
                for index in 0..<16 {
                    buffer[offset + index] = digits[Int((word >> UInt64(60 - index * 4)) & 0xF)]
                }
            }
            return 32
        }
    }

    init(high: UInt64, low: UInt64) {
        self.high = high; self.low = low
    }

    /// Reads 32 hex digits (lowercase, as written); nil for anything else.
    init?(hex: String) {
        var high: UInt64 = 0, low: UInt64 = 0, count = 0
        for unit in hex.utf8 {
            let digit: UInt8
            switch unit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = unit &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = unit &- UInt8(ascii: "a") &+ 10
            default: return nil
            }
            if count < 16 { high = high << 4 | UInt64(digit) } else { low = low << 4 | UInt64(digit) }
            count += 1
            if count > 32 { return nil }
        }
        guard count == 32 else { return nil }
        self.high = high; self.low = low
    }

    /// MurmurHash3_x64_128 (Austin Appleby, public domain) of `bytes`, seed 0.
    static func murmur3(_ bytes: UnsafeRawBufferPointer) -> Fingerprint {
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
        return Fingerprint(high: h1, low: h2)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33; k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33; k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }
}

/// What `content_hash` holds for a stored record.
enum StoredHash: Equatable {
    case fingerprint(Fingerprint)
    /// SHA-1 over the JSON parts, as "v1-directory" wrote it.
    case legacy(SHA1.Digest)
    /// Not a hash at all (a row written by hand): matches nothing, so the record is rewritten.
    case unreadable

    init(_ text: String?) {
        guard let text else { self = .unreadable; return }
        if let fingerprint = Fingerprint(hex: text) {
            self = .fingerprint(fingerprint)
        } else if let digest = SHA1.Digest(hex: text) {
            self = .legacy(digest)
        } else {
            self = .unreadable
        }
    }

    var isLegacy: Bool {
        if case .legacy = self { true } else { false }
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
