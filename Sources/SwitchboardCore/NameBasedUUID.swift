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

/// SHA-1 of a stream of bytes, fed a piece at a time (feed files of hundreds of megabytes).
public struct SHA1Hasher: Sendable {
    private var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    public init() {}

    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        length &+= UInt64(bytes.count)
        pending.append(contentsOf: bytes)
        let whole = pending.count / 64 * 64
        guard whole > 0 else { return }
        pending.withUnsafeBufferPointer { buffer in
            for chunk in stride(from: 0, to: whole, by: 64) { SHA1.compress(&state, buffer, at: chunk) }
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
        tail.withUnsafeBufferPointer { buffer in
            for chunk in stride(from: 0, to: tail.count, by: 64) { SHA1.compress(&state, buffer, at: chunk) }
        }
        var out: [UInt8] = []
        for h in state { for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: h >> UInt32(s))) } }
        return out
    }

    public func hexDigest() -> String { SHA1.hexString(finalize()) }
}

/// SHA-1 (FIPS 180-4). Used for name-based ids and content fingerprints, never for security.
public enum SHA1 {
    static func compress(_ h: inout [UInt32], _ data: UnsafeBufferPointer<UInt8>, at chunk: Int) {
        var w = [UInt32](repeating: 0, count: 80)
        for i in 0..<16 {
            let b = chunk + i * 4
            w[i] = UInt32(data[b]) << 24 | UInt32(data[b + 1]) << 16 | UInt32(data[b + 2]) << 8 | UInt32(data[b + 3])
        }
        for i in 16..<80 { w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotatedLeft(1) }
        var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
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
        h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d; h[4] = h[4] &+ e
    }

    static func hexString(_ digest: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest { out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func hash(_ message: [UInt8]) -> [UInt8] {
        var hasher = SHA1Hasher()
        hasher.update(message)
        return hasher.finalize()
    }

    /// Lowercase hex of the digest.
    public static func hex(_ message: [UInt8]) -> String { hexString(hash(message)) }

    /// The SHA-1 of a file, read a megabyte at a time.
    public static func hexOfFile(atPath path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        var hasher = SHA1Hasher()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { hasher.update(data) }
        return hasher.hexDigest()
    }
}

extension UInt32 {
    fileprivate func rotatedLeft(_ n: UInt32) -> UInt32 { (self << n) | (self >> (32 - n)) }
}
