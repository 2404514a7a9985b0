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
public struct JSONWriter: ~Copyable {
    /// The text so far. Bytes are stored through a pointer rather than appended to an array: an
    /// array checks that it is not shared, and whether it has room, on every append, and a match
    /// answer is some 9,000 appends (a third of its writing time went to those checks).
    private var out: RawBytes
    /// Open containers; bit `d` is set once the container at depth `d` holds an entry, so the next
    /// entry is preceded by a comma. Answers nest a few levels deep; deeper than 64 is a bug.
    private var depth = 0
    private var filled: UInt64 = 0
    /// A key was just written: the value that follows is that member's, not a new entry.
    private var afterKey = false

    public init(capacity: Int = 4096) {
        out = RawBytes(capacity: capacity)
    }

    deinit { out.free() }

    /// The text written so far, as UTF-8 bytes.
    public var bytes: [UInt8] { withText { Array($0) } }

    /// The text written so far, lent to `body` without a copy (valid only inside it).
    public func withText<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try out.withBytes(body)
    }

    // MARK: Containers

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A member's key; its value is the next thing written.
    public mutating func key(_ name: StaticString) {
        entry()
        out.reserve(name.utf8CodeUnitCount + 3)
        out.appendReserved(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.appendReserved($0) }
        out.appendReserved(UInt8(ascii: "\""))
        out.appendReserved(UInt8(ascii: ":"))
        afterKey = true
    }

    // MARK: Values

    public mutating func string(_ text: String) {
        entry()
        Self.appendString(text, to: &out)
    }

    public mutating func number(_ value: Int) {
        entry()
        Self.appendInteger(value, to: &out)
    }

    /// - Throws: `JSONWriter.InvalidNumber` for NaN or infinity, which JSON cannot hold.
    public mutating func number(_ value: Double) throws(InvalidNumber) {
        entry()
        try Self.appendDouble(value, to: &out)
    }

    public mutating func bool(_ value: Bool) {
        entry()
        Self.appendASCII(value ? "true" : "false", to: &out)
    }

    public mutating func null() {
        entry()
        Self.appendASCII("null", to: &out)
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

    /// A number rounded to `decimals` places (``rounded(_:decimals:)``), for answers people read:
    /// a score's seventeenth digit tells them nothing.
    public mutating func member(_ name: StaticString, _ value: Double?, decimals: Int) throws(InvalidNumber) {
        guard let value else { return }
        key(name)
        try number(Self.rounded(value, decimals: decimals))
    }

    /// `value` to `decimals` places (0 to 4), halves away from zero, as the nearest double to
    /// that decimal (what a reader of the text gets back). Numbers of a billion or more, which
    /// the fast path does not take, and NaN and infinities are returned as they are.
    public static func rounded(_ value: Double, decimals: Int) -> Double {
        precondition((0...4).contains(decimals), "JSONWriter.rounded: 0 to 4 decimals")
        guard value.isFinite, value.magnitude < 1e9 else { return value }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }  // exact: powers of ten this small are doubles
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? 0 : rounded  // no "-0" for a small negative
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
        if filled & bit != 0 { out.append(UInt8(ascii: ",")) } else { filled |= bit }
    }

    private mutating func open(_ bracket: UInt8) {
        entry()
        precondition(depth < 64, "JSONWriter: containers nested deeper than 64")
        out.append(bracket)
        depth += 1
        filled &= ~(1 << UInt64(depth - 1))
    }

    private mutating func close(_ bracket: UInt8) {
        precondition(depth > 0 && !afterKey, "JSONWriter: a container closed that was not open, or a key without its value")
        depth -= 1
        out.append(bracket)
    }

    // MARK: Scalars, shared with JSONTextEncoder

    /// A literal's bytes, without the array a literal of bytes would allocate.
    static func appendASCII(_ text: StaticString, to bytes: inout some JSONByteSink) {
        text.withUTF8Buffer { bytes.appendBytes($0) }
    }

    static func appendInteger<T: BinaryInteger>(_ value: T, to bytes: inout some JSONByteSink) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else if let small = Int64(exactly: value) {
            if small < 0 { bytes.append(UInt8(ascii: "-")) }
            appendDigits(small.magnitude, to: &bytes)
        } else {
            var text = String(value)
            text.withUTF8 { bytes.appendBytes($0) }
        }
    }

    /// The decimal digits of `value`, without a string in between.
    static func appendDigits(_ value: UInt64, minimumWidth: Int = 1, to bytes: inout some JSONByteSink) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var rest = value
            var start = 20
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0 || 20 - start < minimumWidth
            bytes.appendBytes(UnsafeBufferPointer(rebasing: buffer[start..<20]))
        }
    }

    /// As `JSONEncoder` writes a number: Swift's shortest form that reads back as the same
    /// double, less a trailing `.0` (`2`, `0.75`, `1e+20`, `1e-05`).
    ///
    /// Most numbers in our answers are whole or have a few decimals (weights, values of 0.5): those
    /// are written from their digits; any other as ``appendShortest(_:to:)`` writes it.
    static func appendDouble(_ value: Double, to bytes: inout some JSONByteSink) throws(InvalidNumber) {
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
        appendShortest(value, to: &bytes)
    }

    /// Swift's own shortest digits (the text of `value.description`) written straight into the
    /// bytes: `description` would make a string of them, on the heap for most, hundreds of times
    /// in a match answer. A trailing `.0` is left off.
    static func appendShortest(_ value: Double, to bytes: inout some JSONByteSink) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            // The formatter skips the zeros it pads with and leaves them as it found them: it is
            // handed a buffer of "0"s, as `description` hands it.
            buffer.initialize(repeating: UInt8(ascii: "0"))
            var length = Int(swiftFloat64ToString(buffer.baseAddress!, UInt(buffer.count), value, false))
            if length >= 2 && buffer[length - 2] == UInt8(ascii: ".") && buffer[length - 1] == UInt8(ascii: "0") { length -= 2 }
            bytes.appendBytes(UnsafeBufferPointer(rebasing: buffer[..<length]))
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`, the rest as is.
    static func appendString(_ text: String, to bytes: inout some JSONByteSink) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0, index = 0
            while index < utf8.count {
                // Eight bytes at a time while none of them needs escaping, as in most text.
                if index + 8 <= utf8.count, !mayNeedEscape(UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = utf8[index]
                index += 1
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index - 1 { bytes.appendBytes(UnsafeBufferPointer(rebasing: utf8[runStart..<(index - 1)])) }
                runStart = index
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
            if runStart < utf8.count { bytes.appendBytes(UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any of eight bytes is a control character, `"` or a backslash (bytes of multi-byte
    /// characters are none of these): the "has a byte less than n" and "has a zero byte" tests of
    /// bit-twiddling lore, exact about whether there is one.
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quotes = word ^ (ones &* 0x22), backslashes = word ^ (ones &* 0x5C)
        return (control | ((quotes &- ones) & ~quotes & highs) | ((backslashes &- ones) & ~backslashes & highs)) != 0
    }
}

/// The Swift runtime's shortest-digits formatter, the one `Double.description` uses (an entry point
/// the runtime exports for it; `JSONTextEncoderTests.theWriterWritesNumbersAsJSONEncoderDoes` holds
/// the writer to `JSONEncoder` for 60,000 numbers).
@_silgen_name("swift_float64ToString")
private func swiftFloat64ToString(_ buffer: UnsafeMutablePointer<UInt8>, _ length: UInt, _ value: Double, _ debug: Bool) -> UInt64

/// Where the scalar writers put their bytes: ``JSONTextEncoder``'s array or ``JSONWriter``'s raw bytes.
protocol JSONByteSink {
    mutating func append(_ byte: UInt8)
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: JSONByteSink where Element == UInt8 {
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// A growing run of bytes behind a pointer, for ``JSONWriter``, which frees it.
struct RawBytes: JSONByteSink {
    private var start: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        start = .allocate(capacity: self.capacity)
    }

    func free() { start.deallocate() }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// Room for `more` bytes, for the `appendReserved` that follow.
    @inline(__always) mutating func reserve(_ more: Int) {
        if count + more > capacity { grow(to: count + more) }
    }

    private mutating func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = larger
    }

    @inline(__always) mutating func appendReserved(_ byte: UInt8) {
        start[count] = byte
        count += 1
    }

    @inline(__always) mutating func appendReserved(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress else { return }
        (start + count).initialize(from: from, count: bytes.count)
        count += bytes.count
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        reserve(1)
        appendReserved(byte)
    }

    @inline(__always) mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        appendReserved(bytes)
    }
}
