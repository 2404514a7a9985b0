import SwitchboardCore

/// A record type whose content the store fingerprints field by field.
///
/// The conformances of the Core types are written by `scripts/generate-fingerprints.py` from
/// their declarations (every stored property, in declaration order), and `FingerprintTests`
/// checks with `Mirror` that none is missing: a field the fingerprint did not cover would make
/// a change to it invisible to a refresh.
protocol Fingerprintable: Sendable {
    /// Every stored property's name, the ones fingerprinted apart (a service's eligibility and
    /// provenance) included.
    static var fingerprintedProperties: [String] { get }
    func fingerprint(into writer: inout FingerprintWriter)
}

/// A top-level record of a batch, as the applier fingerprints it.
protocol StoredRecord: Fingerprintable {
    var recordID: String { get }
    /// What the feed says of the record's origin; part of its fingerprint but not of its fields' own.
    var provenance: Provenance? { get }
    /// A service's eligibility (kept apart from its fields); nothing for other records.
    func addEligibility(to writer: inout FingerprintWriter)
}

extension StoredRecord {
    var provenance: Provenance? { nil }
    func addEligibility(to writer: inout FingerprintWriter) { writer.add(Eligibility?.none) }
}

extension Taxonomy: StoredRecord { var recordID: String { id.rawValue } }
extension TaxonomyTerm: StoredRecord { var recordID: String { id.rawValue } }
extension Organization: StoredRecord { var recordID: String { id.rawValue } }
extension Program: StoredRecord { var recordID: String { id.rawValue } }
extension Location: StoredRecord { var recordID: String { id.rawValue } }
extension ServiceAtLocation: StoredRecord { var recordID: String { id.rawValue } }
extension Service: StoredRecord {
    var recordID: String { id.rawValue }
    func addEligibility(to writer: inout FingerprintWriter) { writer.add(eligibility) }
}

/// Builds the byte form a ``Fingerprint`` is taken of: each value with a type tag, strings and
/// lists with their length, a nested record closed by an end tag, so two different records can
/// never write the same bytes. Sets are written sorted, so the form does not depend on the
/// process's hash seed.
///
/// Written by hand rather than through `Encodable`: Codable's dynamic containers cost some 20 µs
/// for a service, and an unchanged feed is little else than fingerprints.
struct FingerprintWriter {
    private var bytes: [UInt8]

    init() {
        bytes = []
        bytes.reserveCapacity(8_192)
    }

    /// A writer on a buffer that served before (emptied, its capacity kept).
    init(reusing buffer: [UInt8]) {
        bytes = buffer
        bytes.removeAll(keepingCapacity: true)
    }

    /// Hands the buffer back for the next record.
    mutating func release() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    private enum Tag: UInt8 {
        case part = 1, null, string, integer, double, bool, record, end, list
    }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    func finish() -> Fingerprint {
        bytes.withUnsafeBytes { Fingerprint.murmur3($0) }
    }

    /// Starts one part of a record's fingerprint (the record itself, a column, a provenance part).
    mutating func beginPart() { tag(.part) }

    mutating func add(_ value: String) {
        tag(.string)
        var value = value
        value.withUTF8 { utf8 in
            word(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func add(_ value: String?) {
        if let value { add(value) } else { tag(.null) }
    }

    mutating func add(_ value: Int?) {
        guard let value else { return tag(.null) }
        tag(.integer)
        word(UInt64(bitPattern: Int64(value)))
    }

    mutating func add(_ value: Double?) {
        guard let value else { return tag(.null) }
        tag(.double)
        word(value.bitPattern)
    }

    mutating func add(_ value: Bool?) {
        guard let value else { return tag(.null) }
        tag(.bool)
        bytes.append(value ? 1 : 0)
    }

    /// Identifiers and enumerations: their raw text.
    mutating func add<Value: RawRepresentable>(_ value: Value?) where Value.RawValue == String {
        add(value?.rawValue)
    }

    mutating func add<Value: Fingerprintable>(_ value: Value) {
        tag(.record)
        value.fingerprint(into: &self)
        tag(.end)
    }

    // Apart from the non-optional one, which would otherwise wrap (copy) every record it is given.
    mutating func add<Value: Fingerprintable>(_ value: Value?) {
        guard let value else { return tag(.null) }
        add(value)
    }

    mutating func add<Value: Fingerprintable>(_ values: [Value]?) {
        guard let values else { return tag(.null) }
        tag(.list)
        word(UInt64(values.count))
        for value in values { add(value) }
    }

    mutating func add(_ values: [String]?) {
        guard let values else { return tag(.null) }
        tag(.list)
        word(UInt64(values.count))
        for value in values { add(value) }
    }

    mutating func add<Value: RawRepresentable & Hashable>(_ values: Set<Value>?) where Value.RawValue == String {
        // A closure, not a key path: a key path in generic code is built anew on every call.
        add(values.map { $0.map { $0.rawValue }.sorted() })
    }

    private mutating func tag(_ tag: Tag) { bytes.append(tag.rawValue) }

    private mutating func word(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Keeps one fingerprint buffer between records. The writer takes the buffer out and gives it
/// back, so its appends run on a local value, free of the checks a class's stored array costs.
final class FingerprintScratch {
    private var buffer: [UInt8] = []

    func take() -> [UInt8] {
        defer { buffer = [] }
        return buffer
    }

    func give(_ bytes: [UInt8]) { buffer = bytes }
}
