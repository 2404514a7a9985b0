import Foundation

/// Writes the JSON of a stored record's `body` column straight into a reused byte buffer.
///
/// `JSONEncoder` builds a tree of boxed values (a dictionary per object) before it writes a
/// byte, and that tree was most of what a first import spent in the store. This encoder writes
/// each value as the record's `encode(to:)` hands it over, so a record costs its containers and
/// its bytes. Its output is the text `JSONEncoder` makes with `.withoutEscapingSlashes` (and
/// `.sortedKeys` when `sortsKeys` is set): the same escapes, the same numbers (`2` for `2.0`,
/// `1e+20`), dates as seconds since 2001 (the default `deferredToDate`), URLs as their text and
/// data as base64. Without `sortsKeys` an object's members come in the order the record encodes
/// them, where `JSONEncoder` gives them in its dictionary's order, which changes from one process
/// to the next: the same JSON value either way, and nothing compares the stored text (see
/// ``Fingerprint``). `StoredJSONEncoderTests` checks the sorted form byte for byte against
/// `JSONEncoder` over the sample feeds' and generated records.
///
/// Not thread-safe: one per transaction, like the applier that owns it.
final class StoredJSONEncoder {
    /// Keys of each object in byte order, as `JSONEncoder`'s `.sortedKeys` does; for "v1-directory" hashes.
    let sortsKeys: Bool
    // `@exclusivity(unchecked)`: these are only ever touched by the encoder's own methods, one
    // at a time, and the runtime's access checks on a class's properties were a third of its time.
    @exclusivity(unchecked) fileprivate var bytes: [UInt8] = []
    /// The objects and arrays open now, innermost last.
    @exclusivity(unchecked) fileprivate var open: [Frame] = []
    /// Where each member of the open objects starts, when keys are sorted (a shared stack, so no array per object).
    @exclusivity(unchecked) fileprivate var memberStarts: [Int] = []
    /// Scratch for sorting an object's members.
    @exclusivity(unchecked) private var sortScratch: [UInt8] = []

    fileprivate struct Frame {
        var isObject: Bool
        var count = 0
        /// How many of `memberStarts` were there before this object's own.
        var memberBase: Int
        /// The depth of the value whose `encode(to:)` opened this container.
        var owner: Int
    }

    init(sortsKeys: Bool = false) {
        self.sortsKeys = sortsKeys
        bytes.reserveCapacity(4096)
    }

    /// The JSON text of `value`.
    func encode(_ value: some Encodable, recordType: String) throws -> String {
        bytes.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        memberStarts.removeAll(keepingCapacity: true)
        do {
            try writeValue(value)
        } catch {
            throw StoreError(.unencodableRecord, "A \(recordType) could not be encoded for storage", cause: error)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Values

    /// Writes one value, closing whatever containers its `encode(to:)` left open.
    fileprivate func writeValue<T: Encodable>(_ value: T) throws {
        // Type checks by metadata, not `as?` casts: a cast costs a runtime call for every value that fails it.
        if T.self == String.self { return writeString(Self.same(value, as: String.self)) }
        if T.self == Int.self { return writeInteger(Self.same(value, as: Int.self)) }
        if T.self == Double.self { return try writeDouble(Self.same(value, as: Double.self)) }
        if T.self == Bool.self { return writeBool(Self.same(value, as: Bool.self)) }
        // JSONEncoder's own forms for these (its default date and data strategies).
        if T.self == Date.self { return try writeDouble(Self.same(value, as: Date.self).timeIntervalSinceReferenceDate) }
        if T.self == URL.self { return writeString(Self.same(value, as: URL.self).absoluteString) }
        if T.self == Data.self { return writeString(Self.same(value, as: Data.self).base64EncodedString()) }
        let depth = open.count
        let start = bytes.count
        try value.encode(to: ValueEncoder(writer: self, depth: depth))
        closeFrames(above: depth)
        // A value that encodes nothing at all is an empty object to JSONEncoder.
        if bytes.count == start { writeASCII("{}") }
    }

    /// Closes the containers nested deeper than `depth` (a nested container its owner has moved past).
    fileprivate func closeFrames(above depth: Int) {
        while open.count > depth {
            let frame = open.removeLast()
            if frame.isObject {
                if sortsKeys { sortMembers(of: frame) }
                bytes.append(UInt8(ascii: "}"))
            } else {
                bytes.append(UInt8(ascii: "]"))
            }
        }
    }

    fileprivate func openFrame(isObject: Bool, owner: Int) {
        bytes.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        open.append(Frame(isObject: isObject, memberBase: memberStarts.count, owner: owner))
    }

    /// Before a member or element of the container at `index`: closes what is nested deeper, writes the comma.
    fileprivate func beginEntry(in index: Int) {
        closeFrames(above: index + 1)
        if open[index].count > 0 { bytes.append(UInt8(ascii: ",")) }
        open[index].count += 1
        if sortsKeys && open[index].isObject { memberStarts.append(bytes.count) }
    }

    fileprivate func writeKey(_ key: String, in index: Int) {
        beginEntry(in: index)
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Reorders the members of an object just written, by their keys' bytes (keys are unique in an object).
    private func sortMembers(of frame: Frame) {
        let starts = memberStarts[frame.memberBase...]
        defer { memberStarts.removeSubrange(frame.memberBase...) }
        guard starts.count > 1 else { return }
        let end = bytes.count
        // Each member without its comma: [start, next start - 1), the last one up to the end.
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(starts.count)
        for (offset, start) in starts.enumerated() {
            let next = offset + 1 < starts.count ? starts[starts.startIndex + offset + 1] - 1 : end
            ranges.append(start..<next)
        }
        let sorted = bytes.withUnsafeBufferPointer { buffer in
            ranges.sorted { a, b in
                Self.key(in: buffer, a).lexicographicallyPrecedes(Self.key(in: buffer, b))
            }
        }
        if sorted == ranges { return }
        sortScratch.removeAll(keepingCapacity: true)
        for (offset, range) in sorted.enumerated() {
            if offset > 0 { sortScratch.append(UInt8(ascii: ",")) }
            sortScratch.append(contentsOf: bytes[range])
        }
        bytes.replaceSubrange(ranges[0].lowerBound..<end, with: sortScratch)
    }

    /// The bytes of a member's key between its quotes (a key's escaped quote is preceded by a backslash).
    private static func key(in buffer: UnsafeBufferPointer<UInt8>, _ member: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        var index = member.lowerBound + 1
        while buffer[index] != UInt8(ascii: "\"") { index += buffer[index] == UInt8(ascii: "\\") ? 2 : 1 }
        return UnsafeBufferPointer(rebasing: buffer[(member.lowerBound + 1)..<index])
    }

    /// `value` as the type it was just found to be.
    private static func same<T, U>(_ value: T, as type: U.Type) -> U {
        withUnsafePointer(to: value) { $0.withMemoryRebound(to: U.self, capacity: 1) { $0.pointee } }
    }

    // MARK: Scalars

    fileprivate func writeNull() { writeASCII("null") }

    fileprivate func writeBool(_ value: Bool) { writeASCII(value ? "true" : "false") }

    /// A literal's bytes, without the array a literal of bytes would allocate.
    private func writeASCII(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    fileprivate func writeInteger<T: BinaryInteger>(_ value: T) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// As JSONEncoder does: Swift's shortest form, less a trailing `.0`; no NaN or infinity in JSON.
    fileprivate func writeDouble<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "\(value) is not valid JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`, the rest as is.
    fileprivate func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                default:
                    writeASCII("u00")
                    bytes.append(byte >> 4 == 0 ? UInt8(ascii: "0") : UInt8(ascii: "1"))
                    let low = byte & 0xF
                    bytes.append(low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10)
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

// MARK: - The Encoder a record encodes itself to

/// The `Encoder` handed to one value's `encode(to:)`: its containers write into the writer.
private struct ValueEncoder: Encoder {
    let writer: StoredJSONEncoder
    /// How many containers were open when the value began; its own container, if any, is the next.
    let depth: Int

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(writer: writer, index: ownContainer(isObject: true)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(writer: writer, index: ownContainer(isObject: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(writer: writer, depth: depth)
    }

    /// The value's container: asking twice gives the same one, as with JSONEncoder.
    private func ownContainer(isObject: Bool) -> Int {
        writer.closeFrames(above: depth + 1)
        if writer.open.count == depth + 1, writer.open[depth].owner == depth { return depth }
        writer.openFrame(isObject: isObject, owner: depth)
        return depth
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: StoredJSONEncoder
    /// This object's place in the writer's stack of open containers.
    let index: Int

    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeNull() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); try writer.writeDouble(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); try writer.writeDouble(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeInteger(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeInteger(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeInteger(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeInteger(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeInteger(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeInteger(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeInteger(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeInteger(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeInteger(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { writer.writeKey(key.stringValue, in: index); writer.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        writer.writeKey(key.stringValue, in: index)
        try writer.writeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.writeKey(key.stringValue, in: index)
        writer.openFrame(isObject: true, owner: index + 1)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, index: index + 1))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.writeKey(key.stringValue, in: index)
        writer.openFrame(isObject: false, owner: index + 1)
        return UnkeyedContainer(writer: writer, index: index + 1)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    /// The member's value is what the returned encoder is given (a superclass's `encode(to:)` always asks for a container).
    private func superEncoder(named name: String) -> any Encoder {
        writer.writeKey(name, in: index)
        return ValueEncoder(writer: writer, depth: index + 1)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let writer: StoredJSONEncoder
    let index: Int

    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.open.count > index ? writer.open[index].count : 0 }

    mutating func encodeNil() throws { writer.beginEntry(in: index); writer.writeNull() }
    mutating func encode(_ value: Bool) throws { writer.beginEntry(in: index); writer.writeBool(value) }
    mutating func encode(_ value: String) throws { writer.beginEntry(in: index); writer.writeString(value) }
    mutating func encode(_ value: Double) throws { writer.beginEntry(in: index); try writer.writeDouble(value) }
    mutating func encode(_ value: Float) throws { writer.beginEntry(in: index); try writer.writeDouble(value) }
    mutating func encode(_ value: Int) throws { writer.beginEntry(in: index); writer.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { writer.beginEntry(in: index); writer.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { writer.beginEntry(in: index); writer.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { writer.beginEntry(in: index); writer.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { writer.beginEntry(in: index); writer.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { writer.beginEntry(in: index); writer.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { writer.beginEntry(in: index); writer.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { writer.beginEntry(in: index); writer.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { writer.beginEntry(in: index); writer.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { writer.beginEntry(in: index); writer.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.beginEntry(in: index)
        try writer.writeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.beginEntry(in: index)
        writer.openFrame(isObject: true, owner: index + 1)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, index: index + 1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.beginEntry(in: index)
        writer.openFrame(isObject: false, owner: index + 1)
        return UnkeyedContainer(writer: writer, index: index + 1)
    }

    mutating func superEncoder() -> any Encoder {
        writer.beginEntry(in: index)
        return ValueEncoder(writer: writer, depth: index + 1)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let writer: StoredJSONEncoder
    let depth: Int

    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.writeNull() }
    mutating func encode(_ value: Bool) throws { writer.writeBool(value) }
    mutating func encode(_ value: String) throws { writer.writeString(value) }
    mutating func encode(_ value: Double) throws { try writer.writeDouble(value) }
    mutating func encode(_ value: Float) throws { try writer.writeDouble(value) }
    mutating func encode(_ value: Int) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { writer.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.writeValue(value) }
}
