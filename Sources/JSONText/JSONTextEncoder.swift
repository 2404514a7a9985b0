import Foundation

/// Writes JSON text straight into a reused byte buffer as a value's `encode(to:)` hands it over.
///
/// `JSONEncoder` builds a tree of boxed values (a dictionary per object) before it writes a
/// byte: that tree was most of what a first import spent in the store, and half of what the
/// server spent answering a match. This encoder writes each value as it comes, so a value costs
/// its containers and its bytes. Its output is the text `JSONEncoder` makes with
/// `.withoutEscapingSlashes` (and `.sortedKeys` when `sortsKeys` is set): the same escapes, the
/// same numbers (`2` for `2.0`, `1e+20`), URLs as their text, data as base64, and dates as
/// `dates` says (`.deferredToDate` or `.iso8601`). Without `sortsKeys` an object's members come
/// in the order the value encodes them, where `JSONEncoder` gives them in its dictionary's order,
/// which changes from one process to the next: the same JSON value either way.
/// `JSONTextEncoderTests` checks the sorted form byte for byte against `JSONEncoder`.
///
/// Not thread-safe: one per task, like the store's applier or a response that owns it.
public final class JSONTextEncoder {
    /// How dates are written, as `JSONEncoder`'s strategy of the same name does.
    public enum DateForm: Sendable {
        /// Seconds since 2001 (`JSONEncoder`'s default).
        case deferredToDate
        /// `2026-11-23T17:04:05Z`, UTC, whole seconds.
        case iso8601
    }

    /// Keys of each object in byte order, as `JSONEncoder`'s `.sortedKeys` does.
    public let sortsKeys: Bool
    public let dates: DateForm
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

    public init(sortsKeys: Bool = false, dates: DateForm = .deferredToDate) {
        self.sortsKeys = sortsKeys
        self.dates = dates
        bytes.reserveCapacity(4096)
    }

    /// The JSON text of `value`, as UTF-8 bytes.
    /// - Throws: `EncodingError.invalidValue` for a number JSON cannot hold (NaN, infinity), or
    ///   what the value's own `encode(to:)` throws.
    public func encode(_ value: some Encodable) throws -> [UInt8] {
        bytes.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        memberStarts.removeAll(keepingCapacity: true)
        try writeValue(value)
        return bytes
    }

    /// The JSON text of `value`.
    public func encodeString(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    // MARK: Values

    /// Writes one value, closing whatever containers its `encode(to:)` left open.
    fileprivate func writeValue<T: Encodable>(_ value: T) throws {
        // Type checks by metadata, not `as?` casts: a cast costs a runtime call for every value that fails it.
        if T.self == String.self { return writeString(Self.same(value, as: String.self)) }
        if T.self == Int.self { return writeInteger(Self.same(value, as: Int.self)) }
        if T.self == Double.self { return try writeDouble(Self.same(value, as: Double.self)) }
        if T.self == Bool.self { return writeBool(Self.same(value, as: Bool.self)) }
        // JSONEncoder's own forms for these (its data strategy's default).
        if T.self == Date.self { return try writeDate(Self.same(value, as: Date.self)) }
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

    private func writeASCII(_ text: StaticString) { JSONWriter.appendASCII(text, to: &bytes) }

    fileprivate func writeInteger<T: BinaryInteger>(_ value: T) { JSONWriter.appendInteger(value, to: &bytes) }

    /// As JSONEncoder does; no NaN or infinity in JSON.
    fileprivate func writeDouble(_ value: Double) throws {
        do {
            try JSONWriter.appendDouble(value, to: &bytes)
        } catch {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: error.description))
        }
    }

    /// A `Float` in its own shortest form (`0.1`, not the double it widens to), less a trailing `.0`.
    fileprivate func writeDouble(_ value: Float) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "\(value) is not valid JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    fileprivate func writeDate(_ date: Date) throws {
        switch dates {
        case .deferredToDate: try writeDouble(date.timeIntervalSinceReferenceDate)
        case .iso8601: writeISO8601(date)
        }
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` in UTC, the fraction dropped, as `ISO8601DateFormatter` writes it.
    private func writeISO8601(_ date: Date) {
        var seconds = time_t(floor(date.timeIntervalSince1970))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        bytes.append(UInt8(ascii: "\""))
        writeDigits(Int(parts.tm_year) + 1900, 4)
        bytes.append(UInt8(ascii: "-"))
        writeDigits(Int(parts.tm_mon) + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        writeDigits(Int(parts.tm_mday), 2)
        bytes.append(UInt8(ascii: "T"))
        writeDigits(Int(parts.tm_hour), 2)
        bytes.append(UInt8(ascii: ":"))
        writeDigits(Int(parts.tm_min), 2)
        bytes.append(UInt8(ascii: ":"))
        writeDigits(Int(parts.tm_sec), 2)
        writeASCII("Z\"")
    }

    /// `value` in `width` digits with leading zeros (a year before 1 is left to `String`).
    private func writeDigits(_ value: Int, _ width: Int) {
        guard value >= 0 else { return bytes.append(contentsOf: String(value).utf8) }
        JSONWriter.appendDigits(UInt64(value), minimumWidth: width, to: &bytes)
    }

    fileprivate func writeString(_ text: String) { JSONWriter.appendString(text, to: &bytes) }
}

// MARK: - The Encoder a record encodes itself to

/// The `Encoder` handed to one value's `encode(to:)`: its containers write into the writer.
private struct ValueEncoder: Encoder {
    let writer: JSONTextEncoder
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
    let writer: JSONTextEncoder
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
    let writer: JSONTextEncoder
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
    let writer: JSONTextEncoder
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
