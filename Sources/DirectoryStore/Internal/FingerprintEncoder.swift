import Foundation

/// Takes fingerprints of `Encodable` values: walks a value's encoding the way `JSONEncoder`
/// would, but writes a compact tagged byte form into one reused buffer and hashes that, with no
/// tree, no text and no allocation beyond the containers Codable itself asks for.
///
/// The byte form is unambiguous: every value carries a type tag, strings and keys their length,
/// and a nested value is closed by an end tag when its `encode(to:)` returns. Keys are written
/// in the order the type encodes them (declaration order for synthesized conformances), so a
/// type that encodes a `Set` or a `Dictionary` must sort it first, as `CanonicalEligibility`
/// does, or its fingerprint changes from one process to the next.
///
/// Not thread-safe: one per batch applier.
final class Fingerprinter {
    fileprivate var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(8_192) }

    /// Starts a fingerprint; add its parts in order, then ``finish()``.
    func begin() { bytes.removeAll(keepingCapacity: true) }

    func add(_ value: some Encodable) throws {
        write(.part)
        try value.encode(to: FingerprintEncoder(self))
        write(.end)
    }

    /// A text part (a column beside the body); nil counts as a distinct value.
    func add(_ text: String?) {
        write(.part)
        if let text { write(text) } else { write(.null) }
    }

    func finish() -> Fingerprint {
        bytes.withUnsafeBytes { Fingerprint.murmur3($0) }
    }

    fileprivate enum Tag: UInt8 {
        case part = 1, null, keyed, unkeyed, key, element, nested, end, superEncoder
        case string, bool, int, uint, double, float
    }

    @inline(__always)
    fileprivate func write(_ tag: Tag) { bytes.append(tag.rawValue) }

    @inline(__always)
    fileprivate func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    fileprivate func write(_ string: String) {
        write(.string)
        var string = string
        string.withUTF8 { utf8 in
            write(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    fileprivate func write(key: some CodingKey) {
        write(.key)
        write(key.stringValue)
    }

    fileprivate func write(_ value: Bool) { write(.bool); bytes.append(value ? 1 : 0) }
    fileprivate func write(signed value: Int64) { write(.int); write(UInt64(bitPattern: value)) }
    fileprivate func write(unsigned value: UInt64) { write(.uint); write(value) }
    fileprivate func write(_ value: Double) { write(.double); write(value.bitPattern) }
    fileprivate func write(_ value: Float) { write(.float); write(UInt64(value.bitPattern)) }

    /// A nested value, closed when its encoding returns.
    fileprivate func nested(_ value: some Encodable) throws {
        write(.nested)
        try value.encode(to: FingerprintEncoder(self))
        write(.end)
    }
}

private struct FingerprintEncoder: Encoder {
    let fingerprinter: Fingerprinter
    init(_ fingerprinter: Fingerprinter) { self.fingerprinter = fingerprinter }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        fingerprinter.write(.keyed)
        return KeyedEncodingContainer(KeyedContainer<Key>(fingerprinter: fingerprinter))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        fingerprinter.write(.unkeyed)
        return UnkeyedContainer(fingerprinter: fingerprinter)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(fingerprinter: fingerprinter)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let fingerprinter: Fingerprinter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(signed: value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { fingerprinter.write(key: key); fingerprinter.write(unsigned: value) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        fingerprinter.write(key: key)
        try fingerprinter.nested(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        fingerprinter.write(key: key)
        fingerprinter.write(.keyed)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(fingerprinter: fingerprinter))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        fingerprinter.write(key: key)
        fingerprinter.write(.unkeyed)
        return UnkeyedContainer(fingerprinter: fingerprinter)
    }

    mutating func superEncoder() -> any Encoder {
        fingerprinter.write(.superEncoder)
        return FingerprintEncoder(fingerprinter)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        fingerprinter.write(key: key)
        fingerprinter.write(.superEncoder)
        return FingerprintEncoder(fingerprinter)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let fingerprinter: Fingerprinter
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(fingerprinter: Fingerprinter) { self.fingerprinter = fingerprinter }

    private mutating func element() {
        count += 1
        fingerprinter.write(.element)
    }

    mutating func encodeNil() throws { element(); fingerprinter.write(.null) }
    mutating func encode(_ value: Bool) throws { element(); fingerprinter.write(value) }
    mutating func encode(_ value: String) throws { element(); fingerprinter.write(value) }
    mutating func encode(_ value: Double) throws { element(); fingerprinter.write(value) }
    mutating func encode(_ value: Float) throws { element(); fingerprinter.write(value) }
    mutating func encode(_ value: Int) throws { element(); fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int8) throws { element(); fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int16) throws { element(); fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int32) throws { element(); fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int64) throws { element(); fingerprinter.write(signed: value) }
    mutating func encode(_ value: UInt) throws { element(); fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { element(); fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { element(); fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { element(); fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { element(); fingerprinter.write(unsigned: value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        element()
        try fingerprinter.nested(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        element()
        fingerprinter.write(.keyed)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(fingerprinter: fingerprinter))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        element()
        fingerprinter.write(.unkeyed)
        return UnkeyedContainer(fingerprinter: fingerprinter)
    }

    mutating func superEncoder() -> any Encoder {
        element()
        fingerprinter.write(.superEncoder)
        return FingerprintEncoder(fingerprinter)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let fingerprinter: Fingerprinter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { fingerprinter.write(.null) }
    mutating func encode(_ value: Bool) throws { fingerprinter.write(value) }
    mutating func encode(_ value: String) throws { fingerprinter.write(value) }
    mutating func encode(_ value: Double) throws { fingerprinter.write(value) }
    mutating func encode(_ value: Float) throws { fingerprinter.write(value) }
    mutating func encode(_ value: Int) throws { fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int8) throws { fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int16) throws { fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int32) throws { fingerprinter.write(signed: Int64(value)) }
    mutating func encode(_ value: Int64) throws { fingerprinter.write(signed: value) }
    mutating func encode(_ value: UInt) throws { fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { fingerprinter.write(unsigned: UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { fingerprinter.write(unsigned: value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try fingerprinter.nested(value)
    }
}
