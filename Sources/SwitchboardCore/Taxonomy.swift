/// A classification scheme: the AIRS/211 taxonomy, Open Eligibility, a feed's own (HSDS `taxonomy`).
public struct Taxonomy: Hashable, Codable, Sendable, Identifiable {
    public var id: TaxonomyID
    public var name: String
    public var description: String
    public var uri: String?
    public var version: String?

    public init(id: TaxonomyID, name: String, description: String = "", uri: String? = nil, version: String? = nil) {
        self.id = id; self.name = name; self.description = description; self.uri = uri; self.version = version
    }
}

/// One term of a taxonomy, with its parent (HSDS `taxonomy_term`).
public struct TaxonomyTerm: Hashable, Codable, Sendable, Identifiable {
    public var id: TaxonomyTermID
    public var code: String?
    public var name: String
    public var description: String
    public var parentID: TaxonomyTermID?
    /// The taxonomy's name, as HSDS allows it in place of a `taxonomy_id`.
    public var taxonomy: String?
    public var taxonomyID: TaxonomyID?
    public var language: String?
    public var termURI: String?

    public init(
        id: TaxonomyTermID, code: String? = nil, name: String, description: String = "",
        parentID: TaxonomyTermID? = nil, taxonomy: String? = nil, taxonomyID: TaxonomyID? = nil,
        language: String? = nil, termURI: String? = nil
    ) {
        self.id = id; self.code = code; self.name = name; self.description = description
        self.parentID = parentID; self.taxonomy = taxonomy; self.taxonomyID = taxonomyID
        self.language = language; self.termURI = termURI
    }

    enum CodingKeys: String, CodingKey {
        case id, code, name, description, taxonomy, language
        case parentID = "parent_id", taxonomyID = "taxonomy_id", termURI = "term_uri"
    }
}

/// An AIRS/211 taxonomy code such as `BH-1800.8500-050`.
///
/// The code spells its own place in the tree: `B` (level 1), `BH` (2), `BH-1800` (3),
/// `BH-1800.8500` (4), `BH-1800.8500-050` (5), `BH-1800.8500-050.07` (6). A parent is the code
/// with its last segment removed, so the tree can be rebuilt from codes alone.
public struct AIRSCode: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Nil when the string is not a well-formed AIRS code. Letters are upper-cased; spaces trimmed.
    public init?(rawValue: String) {
        let code = rawValue.trimmingSpaces().uppercased()
        guard Self.isWellFormed(code) else { return nil }
        self.rawValue = code
    }

    public init?(_ string: String) { self.init(rawValue: string) }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// 1 to 6.
    public var level: Int {
        let utf8 = Array(rawValue.utf8)
        if utf8.count == 1 { return 1 }
        if utf8.count == 2 { return 2 }
        return 2 + utf8.filter { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }.count
    }

    public var parent: AIRSCode? {
        switch level {
        case 1: return nil
        case 2: return AIRSCode(rawValue: String(rawValue.prefix(1)))
        default:
            guard let cut = rawValue.lastIndex(where: { $0 == "-" || $0 == "." }) else { return nil }
            return AIRSCode(rawValue: String(rawValue[..<cut]))
        }
    }

    /// This code and every ancestor, from the top level down.
    public var lineage: [AIRSCode] {
        var chain: [AIRSCode] = [self]
        while let up = chain.last?.parent { chain.append(up) }
        return chain.reversed()
    }

    /// Whether `self` is `other` or lies below it.
    public func isWithin(_ other: AIRSCode) -> Bool {
        rawValue == other.rawValue || rawValue.hasPrefix(other.rawValue + "-") || rawValue.hasPrefix(other.rawValue + ".")
            || (other.level <= 2 && rawValue.hasPrefix(other.rawValue) && level > other.level)
    }

    // L, LL, LL-dddd, LL-dddd.dddd, LL-dddd.dddd-ddd, LL-dddd.dddd-ddd.dd (the pattern AIRS 3.x uses).
    static func isWellFormed(_ code: String) -> Bool {
        let c = Array(code.utf8)
        func letter(_ i: Int) -> Bool { i < c.count && c[i] >= 65 && c[i] <= 90 }
        func digits(_ from: Int, _ count: Int) -> Bool {
            guard from + count <= c.count else { return false }
            return c[from..<(from + count)].allSatisfy { $0 >= 48 && $0 <= 57 }
        }
        guard letter(0) else { return false }
        if c.count == 1 { return true }
        guard letter(1) else { return false }
        if c.count == 2 { return true }
        let shape: [(separator: UInt8, digits: Int)] = [(45, 4), (46, 4), (45, 3), (46, 2)]
        var at = 2
        for segment in shape {
            guard at < c.count, c[at] == segment.separator, digits(at + 1, segment.digits) else { return false }
            at += 1 + segment.digits
            if at == c.count { return true }
        }
        return false
    }
}

extension String {
    /// The string without leading and trailing white space and newlines.
    public func trimmingSpaces() -> String {
        // Most text has nothing to trim: an ASCII letter, digit or mark at each end says so
        // without walking characters (which would look up Unicode properties), on every match.
        if let first = utf8.first, let last = utf8.last, Self.isPlainASCII(first), Self.isPlainASCII(last) { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }

    /// An ASCII byte that is neither a space nor a control character: a character of its own,
    /// since no combining mark is ASCII, and one that is not whitespace.
    private static func isPlainASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}
