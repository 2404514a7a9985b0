import Foundation
import JSONText
import SwitchboardCore

/// What writes a record's stored JSON text: the store's `JSONTextEncoder`, or `JSONEncoder`.
protocol StoredTextWriter {
    func text(of value: some Encodable) throws -> String
}

extension JSONTextEncoder: StoredTextWriter {
    func text(of value: some Encodable) throws -> String { try encodeString(value) }
}

extension JSONEncoder: StoredTextWriter {
    func text(of value: some Encodable) throws -> String { String(decoding: try encode(value), as: UTF8.self) }
}

/// How Core values become column values and back.
enum StoredForm {
    /// With sorted keys, equal records encode to equal text: what "v1-directory" hashes were
    /// taken of. The text stored now need not be canonical (``Fingerprint`` tells changes), and
    /// sorting every object's keys is a good part of what encoding a record costs.
    static func makeEncoder(sortedKeys: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = sortedKeys ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return encoder
    }

    /// The stored form of a record. The store writes with `JSONTextEncoder` (most of what a first
    /// import spent in the store was `JSONEncoder`'s tree of boxed values); `JSONEncoder` is the
    /// reference the tests hold it to.
    static func encode(_ value: some Encodable, _ encoder: some StoredTextWriter, recordType: String) throws -> String {
        do {
            return try encoder.text(of: value)
        } catch {
            throw StoreError(.unencodableRecord, "A \(recordType) could not be encoded for storage", cause: error)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, _ decoder: JSONDecoder, table: String) throws -> T {
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(.corruptRow, "A row of \(table) could not be decoded", cause: error)
        }
    }

    /// The eligibility column's text. `Eligibility` encodes its sets in hash order, which differs
    /// from one process to the next; sorting them keeps the text, and so the content hash, stable.
    static func eligibilityJSON(_ eligibility: Eligibility, _ encoder: some StoredTextWriter) throws -> String {
        try encode(canonical(eligibility), encoder, recordType: "service eligibility")
    }

    /// Eligibility with its sets sorted, for the stored text and the fingerprint alike.
    static func canonical(_ eligibility: Eligibility) -> some Encodable { CanonicalEligibility(eligibility) }

    /// Seconds since 1970: exact to well under a microsecond, and readable with SQLite's
    /// `datetime(x, 'unixepoch')`.
    static func seconds(_ date: Date) -> Double { date.timeIntervalSince1970 }
    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// The "v1-directory" fingerprint of a record's content (now only checked, see ``Fingerprint``):
    /// SHA-1 of every part joined with a separator no JSON contains.
    static func hash(_ parts: String?...) -> String {
        digest(parts).hex
    }

    /// ``hash(_:)`` as a value, for comparing in memory without making text.
    static func digest(_ parts: [String?]) -> SHA1.Digest {
        var hasher = SHA1()
        for (index, part) in parts.enumerated() {
            if index > 0 { hasher.update(byte: 0x1F) }
            if let part { hasher.update(part) } else { hasher.update(byte: 0) }
        }
        return hasher.finalize()
    }

    static func hashPart(_ date: Date?) -> String? { date.map { String(seconds($0)) } }
}

/// `Eligibility` with its sets as sorted arrays, under the same keys, so it decodes as `Eligibility`.
private struct CanonicalEligibility: Encodable {
    var minimumAge: Double?
    var maximumAge: Double?
    var genders: [Gender]?
    var maximumIncomePercentOfPoverty: Int?
    var residency: [ResidencyArea]
    var populations: [Population]
    var unparsed: [String]

    init(_ eligibility: Eligibility) {
        minimumAge = eligibility.minimumAge; maximumAge = eligibility.maximumAge
        genders = eligibility.genders?.sorted()
        maximumIncomePercentOfPoverty = eligibility.maximumIncomePercentOfPoverty
        residency = eligibility.residency; populations = eligibility.populations.sorted()
        unparsed = eligibility.unparsed
    }

    // Nil optionals are left out, exactly as the synthesized `Eligibility` encoding does.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(minimumAge, forKey: .minimumAge)
        try container.encodeIfPresent(maximumAge, forKey: .maximumAge)
        try container.encodeIfPresent(genders, forKey: .genders)
        try container.encodeIfPresent(maximumIncomePercentOfPoverty, forKey: .maximumIncomePercentOfPoverty)
        try container.encode(residency, forKey: .residency)
        try container.encode(populations, forKey: .populations)
        try container.encode(unparsed, forKey: .unparsed)
    }

    enum Keys: String, CodingKey {
        case minimumAge, maximumAge, genders, maximumIncomePercentOfPoverty, residency, populations, unparsed
    }
}

/// Provenance columns as read from a row.
struct ProvenanceColumns {
    var feed: String?
    var sourceKey: String?
    var firstSeen: Double
    var lastChanged: Double
    var lastVerified: Double?

    init(row: SQLRow) {
        feed = row["feed"]; sourceKey = row["source_key"]; firstSeen = row["first_seen"]
        lastChanged = row["last_changed"]; lastVerified = row["last_verified"]
    }

    /// Nil for a record that came without provenance: our stamps alone do not make one.
    var provenance: Provenance? {
        guard let feed, let sourceKey else { return nil }
        return Provenance(
            feed: FeedName(feed), sourceKey: sourceKey, firstSeen: StoredForm.date(firstSeen),
            lastChanged: StoredForm.date(lastChanged), lastVerified: lastVerified.map(StoredForm.date)
        )
    }
}

extension Array {
    /// Slices small enough for an `IN (...)` list: SQLite limits the arguments of one statement.
    func chunked(_ size: Int = 500) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// `?, ?, ?` for `count` arguments.
func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
}
