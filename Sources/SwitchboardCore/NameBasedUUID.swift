import Foundation

/// RFC 4122 version 5 (SHA-1, name-based) UUIDs, written here because Foundation on Linux
/// has no SHA-1 and one hash does not earn a dependency.
public enum NameBasedUUID {
    /// The namespace of every Switchboard-derived id (itself a v5 UUID of "switchboard" under the URL namespace).
    static let namespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]

    /// Every record of every feed gets its ids from here, several per record: the name is hashed
    /// in place and the text written straight into the string, with no array between.
    public static func make(_ name: String) -> String {
        var hasher = SHA1()
        namespace.withUnsafeBytes { hasher.update($0) }
        hasher.update(name)
        return hasher.finalize().withBytes { digest in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { bytes in
                _ = bytes.initialize(from: digest.prefix(16))
                bytes[6] = (bytes[6] & 0x0F) | 0x50
                bytes[8] = (bytes[8] & 0x3F) | 0x80
                return format(UnsafeBufferPointer(bytes))
            }
        }
    }

    /// Sixteen bytes as a UUID's text, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    public static func format(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { format($0) }
    }

    static func format(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        precondition(bytes.count == 16, "a UUID is sixteen bytes")
        return String(unsafeUninitializedCapacity: 36) { out in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    out[position] = UInt8(ascii: "-")
                    position += 1
                }
                out[position] = hexDigits[Int(byte >> 4)]
                out[position + 1] = hexDigits[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

/// SHA-1 (FIPS 180-4). Used for name-based ids and content fingerprints, never for security.
///
/// Fed in pieces with ``update(_:)-(UnsafeRawBufferPointer)`` and closed with ``finalize()``, so a
/// fingerprint of several strings needs no joined copy. It runs for every record of every feed
/// refresh, hence the care: no allocation per block, the message schedule on the stack.
public struct SHA1: Sendable {
    /// The 20-byte digest, comparable without turning it into text.
    public struct Digest: Hashable, Sendable, CustomStringConvertible {
        public var h0: UInt32, h1: UInt32, h2: UInt32, h3: UInt32, h4: UInt32

        public var bytes: [UInt8] { withBytes { Array($0) } }

        /// The 20 bytes, big-endian, lent to `body` without making an array.
        public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { out in
                for (index, word) in [h0, h1, h2, h3, h4].enumerated() {
                    for byte in 0..<4 { out[index * 4 + byte] = UInt8(truncatingIfNeeded: word >> (24 - 8 * byte)) }
                }
                return try body(UnsafeBufferPointer(out))
            }
        }

        /// Lowercase hex, 40 characters.
        public var hex: String {
            let digits = Array("0123456789abcdef".utf8)
            return withBytes { bytes in
                String(unsafeUninitializedCapacity: 40) { buffer in
                    for (index, byte) in bytes.enumerated() {
                        buffer[index * 2] = digits[Int(byte >> 4)]
                        buffer[index * 2 + 1] = digits[Int(byte & 0x0F)]
                    }
                    return 40
                }
            }
        }

        public var description: String { hex }

        /// Reads 40 hex digits (either case); nil for anything else.
        public init?(hex: String) {
            var words: [UInt32] = []
            var word: UInt32 = 0
            var digits = 0
            for unit in hex.utf8 {
                let value: UInt8
                switch unit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = unit - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = unit - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value = unit - UInt8(ascii: "A") + 10
                default: return nil
                }
                word = word << 4 | UInt32(value)
                digits += 1
                if digits % 8 == 0 { words.append(word); word = 0 }
                if digits > 40 { return nil }
            }
            guard digits == 40 else { return nil }
            (h0, h1, h2, h3, h4) = (words[0], words[1], words[2], words[3], words[4])
        }

        init(_ h0: UInt32, _ h1: UInt32, _ h2: UInt32, _ h3: UInt32, _ h4: UInt32) {
            self.h0 = h0; self.h1 = h1; self.h2 = h2; self.h3 = h3; self.h4 = h4
        }
    }

    private var h0: UInt32 = 0x6745_2301, h1: UInt32 = 0xEFCD_AB89, h2: UInt32 = 0x98BA_DCFE
    private var h3: UInt32 = 0x1032_5476, h4: UInt32 = 0xC3D2_E1F0
    /// The bytes of an incomplete block, waiting for more input.
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0
    private var length: UInt64 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        if pendingCount > 0 {
            let taken = min(64 - pendingCount, remaining)
            let offset = pendingCount
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress!.advanced(by: offset).copyMemory(from: base, byteCount: taken)
            }
            pendingCount += taken
            base += taken
            remaining -= taken
            guard pendingCount == 64 else { return }
            let copy = pending
            withUnsafeBytes(of: copy) { compress($0.baseAddress!) }
            pendingCount = 0
        }
        while remaining >= 64 {
            compress(base)
            base += 64
            remaining -= 64
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress!.copyMemory(from: base, byteCount: remaining)
            }
            pendingCount = remaining
        }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The string's UTF-8.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    public mutating func update(byte: UInt8) {
        withUnsafeBytes(of: byte) { update($0) }
    }

    /// The digest of everything fed in; the hasher is spent afterwards.
    public mutating func finalize() -> Digest {
        let bitLength = length &* 8
        update(byte: 0x80)
        let zeros = (pendingCount <= 56 ? 56 : 120) - pendingCount
        if zeros > 0 {
            let padding = [UInt8](repeating: 0, count: zeros)
            padding.withUnsafeBytes { update($0) }
        }
        withUnsafeBytes(of: bitLength.bigEndian) { update($0) }
        return Digest(h0, h1, h2, h3, h4)
    }

    private mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            for i in 0..<16 {
                w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
            }
            for i in 16..<80 { w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotatedLeft(1) }
            var a = h0, b = h1, c = h2, d = h3, e = h4
            for i in 0..<20 {
                let t = a.rotatedLeft(5) &+ ((b & c) | (~b & d)) &+ e &+ 0x5A82_7999 &+ w[i]
                e = d; d = c; c = b.rotatedLeft(30); b = a; a = t
            }
            for i in 20..<40 {
                let t = a.rotatedLeft(5) &+ (b ^ c ^ d) &+ e &+ 0x6ED9_EBA1 &+ w[i]
                e = d; d = c; c = b.rotatedLeft(30); b = a; a = t
            }
            for i in 40..<60 {
                let t = a.rotatedLeft(5) &+ ((b & c) | (b & d) | (c & d)) &+ e &+ 0x8F1B_BCDC &+ w[i]
                e = d; d = c; c = b.rotatedLeft(30); b = a; a = t
            }
            for i in 60..<80 {
                let t = a.rotatedLeft(5) &+ (b ^ c ^ d) &+ e &+ 0xCA62_C1D6 &+ w[i]
                e = d; d = c; c = b.rotatedLeft(30); b = a; a = t
            }
            h0 = h0 &+ a; h1 = h1 &+ b; h2 = h2 &+ c; h3 = h3 &+ d; h4 = h4 &+ e
        }
    }

    public static func hash(_ message: [UInt8]) -> [UInt8] {
        var hasher = SHA1()
        hasher.update(message)
        return hasher.finalize().bytes
    }

    /// Lowercase hex of the digest.
    public static func hex(_ message: [UInt8]) -> String {
        var hasher = SHA1()
        hasher.update(message)
        return hasher.finalize().hex
    }
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedLeft(_ n: UInt32) -> UInt32 { (self << n) | (self >> (32 - n)) }
}

extension SHA1 {
    /// The SHA-1 of a file, read a megabyte at a time (feed files run to hundreds of megabytes).
    public static func hexOfFile(atPath path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        var hasher = SHA1()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { data.withUnsafeBytes { hasher.update($0) } }
        return hasher.finalize().hex
    }
}
