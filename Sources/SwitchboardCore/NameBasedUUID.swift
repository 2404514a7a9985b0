import Foundation

/// RFC 4122 version 5 (SHA-1, name-based) UUIDs, written here because Foundation on Linux
/// has no SHA-1 and one hash does not earn a dependency.
public enum NameBasedUUID {
    /// The namespace of every Switchboard-derived id (itself a v5 UUID of "switchboard" under the URL namespace).
    static let namespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]

    public static func make(_ name: String) -> String {
        var digest = SHA1.hash(namespace + Array(name.utf8))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        return format(Array(digest.prefix(16)))
    }

    static func format(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// SHA-1 (FIPS 180-4). Used for name-based ids and content fingerprints, never for security.
public enum SHA1 {
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        // Whole blocks are read in place; only the padded tail is copied. Ids are derived by the
        // million during an import, so this stays free of per-block allocations.
        var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
        let bitLength = UInt64(message.count) &* 8
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            message.withUnsafeBufferPointer { bytes in
                let whole = bytes.count / 64 * 64
                var offset = 0
                while offset < whole {
                    compress(UnsafeBufferPointer(rebasing: bytes[offset..<(offset + 64)]), &state, w)
                    offset += 64
                }
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                    let rest = bytes.count - whole
                    for i in 0..<rest { tail[i] = bytes[whole + i] }
                    tail[rest] = 0x80
                    let length = rest + 1 + 8 <= 64 ? 64 : 128
                    for i in (rest + 1)..<(length - 8) { tail[i] = 0 }
                    for i in 0..<8 { tail[length - 8 + i] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - 8 * i)) }
                    let padded = UnsafeBufferPointer(tail)
                    compress(UnsafeBufferPointer(rebasing: padded[0..<64]), &state, w)
                    if length == 128 { compress(UnsafeBufferPointer(rebasing: padded[64..<128]), &state, w) }
                }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(20)
        for h in [state.0, state.1, state.2, state.3, state.4] {
            for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: h >> UInt32(s))) }
        }
        return out
    }

    static func compress(
        _ block: UnsafeBufferPointer<UInt8>, _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32),
        _ w: UnsafeMutableBufferPointer<UInt32>
    ) {
        for i in 0..<16 {
            let b = i * 4
            w[i] = UInt32(block[b]) << 24 | UInt32(block[b + 1]) << 16 | UInt32(block[b + 2]) << 8 | UInt32(block[b + 3])
        }
        for i in 16..<80 { w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotatedLeft(1) }
        var a = state.0, b = state.1, c = state.2, d = state.3, e = state.4
        for i in 0..<80 {
            let f: UInt32, k: UInt32
            switch i {
            case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
            case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
            case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
            default: f = b ^ c ^ d; k = 0xCA62_C1D6
            }
            let t = a.rotatedLeft(5) &+ f &+ e &+ k &+ w[i]
            e = d; d = c; c = b.rotatedLeft(30); b = a; a = t
        }
        state.0 = state.0 &+ a; state.1 = state.1 &+ b; state.2 = state.2 &+ c; state.3 = state.3 &+ d; state.4 = state.4 &+ e
    }

    /// Lowercase hex of the digest.
    public static func hex(_ message: [UInt8]) -> String { hexString(hash(message)) }

    static func hexString(_ digest: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for byte in digest { out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-1 of a file, read a megabyte at a time.
    public static func hexOfFile(atPath path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        var hasher = SHA1Hasher()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { hasher.update(data) }
        return hasher.hexDigest()
    }
}

/// SHA-1 of a stream of bytes, fed a piece at a time (feed files of hundreds of megabytes).
public struct SHA1Hasher: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    public init() {}

    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        length &+= UInt64(bytes.count)
        pending.append(contentsOf: bytes)
        let whole = pending.count / 64 * 64
        guard whole > 0 else { return }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            pending.withUnsafeBufferPointer { buffer in
                for offset in stride(from: 0, to: whole, by: 64) {
                    SHA1.compress(UnsafeBufferPointer(rebasing: buffer[offset..<(offset + 64)]), &state, w)
                }
            }
        }
        pending.removeFirst(whole)
    }

    public func finalize() -> [UInt8] {
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = length &* 8
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        var state = state
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            tail.withUnsafeBufferPointer { buffer in
                for offset in stride(from: 0, to: tail.count, by: 64) {
                    SHA1.compress(UnsafeBufferPointer(rebasing: buffer[offset..<(offset + 64)]), &state, w)
                }
            }
        }
        var out: [UInt8] = []
        for h in [state.0, state.1, state.2, state.3, state.4] {
            for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: h >> UInt32(s))) }
        }
        return out
    }

    public func hexDigest() -> String { SHA1.hexString(finalize()) }
}

extension UInt32 {
    fileprivate func rotatedLeft(_ n: UInt32) -> UInt32 { (self << n) | (self >> (32 - n)) }
}
