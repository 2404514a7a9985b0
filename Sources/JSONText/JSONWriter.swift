/// JSON text written by hand, member by member, into one growing byte array.
///
/// For answers the server writes thousands of times a second (a client match is some 40 KB of
/// factors, rules and reasons): going through `Encodable` costs a witness-table call, a container
/// and its boxes for every value, and was a third of a match request. A type that writes itself
/// with this writer costs its bytes. The text is what ``JSONTextEncoder`` (and `JSONEncoder` with
/// `.withoutEscapingSlashes`) writes for the same values: the same escapes, the same numbers.
///
/// Commas are the writer's business: open a container, write keys and values, close it.
///
/// ```swift
/// var json = JSONWriter()
/// json.beginObject()
/// json.key("score"); try json.number(13.2)
/// json.key("reasons"); json.beginArray(); json.string("Spanish spoken"); json.endArray()
/// json.endObject()
/// ```
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Open containers; bit `d` is set once the container at depth `d` holds an entry, so the next
    /// entry is preceded by a comma. Answers nest a few levels deep; deeper than 64 is a bug.
    private var depth = 0
    private var filled: UInt64 = 0
    /// A key was just written: the value that follows is that member's, not a new entry.
    private var afterKey = false

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A member's key; its value is the next thing written.
    public mutating func key(_ name: StaticString) {
        entry()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    // MARK: Values

    public mutating func string(_ text: String) {
        entry()
        Self.appendString(text, to: &bytes)
    }

    public mutating func number(_ value: Int) {
        entry()
        Self.appendInteger(value, to: &bytes)
    }

    /// - Throws: `JSONWriter.InvalidNumber` for NaN or infinity, which JSON cannot hold.
    public mutating func number(_ value: Double) throws(InvalidNumber) {
        entry()
        try Self.appendDouble(value, to: &bytes)
    }

    public mutating func bool(_ value: Bool) {
        entry()
        Self.appendASCII(value ? "true" : "false", to: &bytes)
    }

    public mutating func null() {
        entry()
        Self.appendASCII("null", to: &bytes)
    }

    /// A member, key and value. For an optional value nothing at all is written for nil, as
    /// `encodeIfPresent` does.
    public mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    public mutating func member(_ name: StaticString, _ value: Double?) throws(InvalidNumber) {
        guard let value else { return }
        key(name)
        try number(value)
    }

    public mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        number(value)
    }

    public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// NaN or an infinity, which JSON has no way to write.
    public struct InvalidNumber: Error, CustomStringConvertible {
        public let value: Double
        public var description: String { "\(value) is not valid JSON" }
    }

    // MARK: Commas

    private mutating func entry() {
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if filled & bit != 0 { bytes.append(UInt8(ascii: ",")) } else { filled |= bit }
    }

    private mutating func open(_ bracket: UInt8) {
        entry()
        precondition(depth < 64, "JSONWriter: containers nested deeper than 64")
        bytes.append(bracket)
        depth += 1
        filled &= ~(1 << UInt64(depth - 1))
    }

    private mutating func close(_ bracket: UInt8) {
        precondition(depth > 0 && !afterKey, "JSONWriter: a container closed that was not open, or a key without its value")
        depth -= 1
        bytes.append(bracket)
    }

    // MARK: Scalars, shared with JSONTextEncoder

    /// A literal's bytes, without the array a literal of bytes would allocate.
    static func appendASCII(_ text: StaticString, to bytes: inout [UInt8]) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    static func appendInteger<T: BinaryInteger>(_ value: T, to bytes: inout [UInt8]) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else if let small = Int64(exactly: value) {
            if small < 0 { bytes.append(UInt8(ascii: "-")) }
            appendDigits(small.magnitude, to: &bytes)
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// The decimal digits of `value`, without a string in between.
    static func appendDigits(_ value: UInt64, minimumWidth: Int = 1, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var rest = value
            var start = 20
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0 || 20 - start < minimumWidth
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<20]))
        }
    }

    /// As `JSONEncoder` writes a number: Swift's shortest form that reads back as the same
    /// double, less a trailing `.0` (`2`, `0.75`, `1e+20`, `1e-05`).
    ///
    /// Most numbers in our answers are whole or have a few decimals (weights, values of 0.5): those
    /// are written from their digits. Any other goes through `description`, which allocates.
    static func appendDouble(_ value: Double, to bytes: inout [UInt8]) throws(InvalidNumber) {
        guard value.isFinite else { throw InvalidNumber(value: value) }
        let magnitude = value.magnitude
        if value == value.rounded(.towardZero) && magnitude < 9_007_199_254_740_992 && !(value == 0 && value.sign == .minus) {
            // Whole, below 2^53, where Swift still writes every digit rather than an exponent.
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            appendDigits(UInt64(magnitude), to: &bytes)
            return
        }
        if magnitude >= 0.0001 && magnitude < 1e9 {
            // Up to four decimals when they read back exactly; below 1e9 no two such numbers share
            // a double, so these are the shortest digits, the ones Swift's description gives.
            var scale = 1.0
            for places in 1...4 {
                scale *= 10
                let scaled = (magnitude * scale).rounded()
                guard scaled / scale == magnitude else { continue }
                let whole = UInt64(scaled)
                let divisor = UInt64(scale)
                if value < 0 { bytes.append(UInt8(ascii: "-")) }
                appendDigits(whole / divisor, to: &bytes)
                bytes.append(UInt8(ascii: "."))
                appendDigits(whole % divisor, minimumWidth: places, to: &bytes)
                return
            }
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`, the rest as is.
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
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
                    appendASCII("u00", to: &bytes)
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
