import Foundation
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
        self.init(hexDigits: hex.utf8)
    }

    init?(hexDigits: some Collection<UInt8>) {
        var high: UInt64 = 0, low: UInt64 = 0, count = 0
        for unit in hexDigits {
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

    /// MurmurHash3_x64_128 of `bytes`, seed 0.
    static func murmur3(_ bytes: UnsafeRawBufferPointer) -> Fingerprint {
        let (high, low) = MurmurHash3.x64_128(bytes)
        return Fingerprint(high: high, low: low)
    }
}

/// What `content_hash` holds for a stored record.
enum StoredHash: Equatable {
    case fingerprint(Fingerprint)
    /// SHA-1 over the JSON parts, as "v1-directory" wrote it.
    case legacy(SHA1.Digest)
    /// Not a hash at all (a row written by hand): matches nothing, so the record is rewritten.
    case unreadable

    /// From the column's bytes: a fingerprint read without making a string first.
    init(utf8 bytes: UnsafeRawBufferPointer) {
        if bytes.count == 32, let fingerprint = Fingerprint(hexDigits: bytes) {
            self = .fingerprint(fingerprint)
        } else {
            self.init(String(decoding: bytes, as: UTF8.self))
        }
    }

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

    var fingerprint: Fingerprint? {
        if case .fingerprint(let fingerprint) = self { fingerprint } else { nil }
    }

    var isLegacy: Bool {
        if case .legacy = self { true } else { false }
    }
}
