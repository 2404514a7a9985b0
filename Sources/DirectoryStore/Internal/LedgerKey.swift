/// A record id as a refresh's ledger keeps it: the 128 bits of a canonical lowercase UUID (every
/// id Switchboard makes, and HSDS's own), else the text. A UUID kept as text costs a heap string
/// of some 64 bytes; as bits, 16: on a feed of half a million records that is the difference
/// between a ledger that fits beside a small page cache and one that does not.
///
/// Exact both ways: only the canonical lowercase spelling becomes bits, so two different ids
/// never share a key, and ``id`` gives the very text back.
enum LedgerKey: Hashable, Comparable {
    case uuid(UInt64, UInt64)
    case text(String)

    /// UUIDs in numeric order (the order of their canonical text), then texts.
    @inline(__always)
    static func < (lhs: LedgerKey, rhs: LedgerKey) -> Bool {
        switch (lhs, rhs) {
        case let (.uuid(a, b), .uuid(c, d)): a < c || (a == c && b < d)
        case (.uuid, .text): true
        case (.text, .uuid): false
        case let (.text(a), .text(b)): a < b
        }
    }

    init(_ id: String) {
        self = Self.parse(id.utf8).map { .uuid($0.0, $0.1) } ?? .text(id)
    }

    /// The key of an id given as UTF-8 (as SQLite hands a column over, without making a string first).
    init(utf8 bytes: some Collection<UInt8>) {
        self = Self.parse(bytes).map { .uuid($0.0, $0.1) } ?? .text(String(decoding: bytes, as: UTF8.self))
    }

    var id: String {
        switch self {
        case .text(let text): return text
        case .uuid(let high, let low):
            let digits = Array("0123456789abcdef".utf8)
            return String(unsafeUninitializedCapacity: 36) { buffer in
                var at = 0
                for nibble in 0..<32 {
                    if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                        buffer[at] = UInt8(ascii: "-"); at += 1
                    }
                    let word = nibble < 16 ? high : low
                    buffer[at] = digits[Int((word >> UInt64(60 - (nibble % 16) * 4)) & 0xF)]
                    at += 1
                }
                return 36
            }
        }
    }

    private static func parse(_ bytes: some Collection<UInt8>) -> (UInt64, UInt64)? {
        guard bytes.count == 36 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0, nibbles = 0, index = 0
        for byte in bytes {
            defer { index += 1 }
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte &- UInt8(ascii: "a") &+ 10
            default: return nil
            }
            if nibbles < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
            nibbles += 1
        }
        return (high, low)
    }
}

/// A set of ledger keys that keeps the UUIDs in a set of their bare 16 bytes.
///
/// `Set<LedgerKey>` spends 24 bytes a slot (the enum's tag rounds 17 bytes up), and its table is
/// up to twice the number of keys: in a first import of 150,000 services every record the run
/// adds is here, and those extra bytes were what took the import's peak past 100 MB.
struct LedgerKeySet {
    private struct Bits: Hashable {
        var high: UInt64
        var low: UInt64
    }

    private var uuids: Set<Bits> = []
    private var texts: Set<String> = []

    var count: Int { uuids.count + texts.count }

    func contains(_ key: LedgerKey) -> Bool {
        switch key {
        case .uuid(let high, let low): uuids.contains(Bits(high: high, low: low))
        case .text(let text): texts.contains(text)
        }
    }

    mutating func insert(_ key: LedgerKey) {
        switch key {
        case .uuid(let high, let low): uuids.insert(Bits(high: high, low: low))
        case .text(let text): texts.insert(text)
        }
    }

    mutating func remove(_ key: LedgerKey) {
        switch key {
        case .uuid(let high, let low): uuids.remove(Bits(high: high, low: low))
        case .text(let text): texts.remove(text)
        }
    }

    /// Every key's id (in no particular order).
    var ids: [String] {
        uuids.map { LedgerKey.uuid($0.high, $0.low).id } + texts
    }
}
