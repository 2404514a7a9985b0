public import SwitchboardCore

/// Reads JSON text (RFC 8259) into a ``JSONValue``, with the line and column of the first thing
/// that is not JSON. A member written twice counts as its last, as `JSONSerialization` reads it.
///
/// For request bodies the server reads thousands of times a second: Foundation's `JSONDecoder`
/// builds a boxed tree and then goes through `Decodable`'s containers for every member, which for
/// a client profile of a few hundred bytes cost a twentieth of a match request. Strings
/// must be valid UTF-8; numbers are read as `Double` (`Double(String)`, correctly rounded).
public struct JSONReader {
    /// Where the text stops being JSON, and why.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// From 1.
        public let line: Int
        /// From 1, in bytes.
        public let column: Int
        public let problem: String
        public var description: String { "line \(line), column \(column): \(problem)" }

        public init(line: Int, column: Int, problem: String) {
            self.line = line
            self.column = column
            self.problem = problem
        }
    }

    /// Arrays and objects nested deeper than this are refused rather than read (each level is a
    /// frame on the stack).
    public static let maximumDepth = 64

    /// Reads one JSON value that is the whole of `text` (white space around it allowed).
    public static func read(_ text: UnsafeRawBufferPointer) throws(SyntaxError) -> JSONValue {
        var reader = JSONReader(text.bindMemory(to: UInt8.self))
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.position == reader.bytes.count else { throw reader.error("more text after the JSON value") }
        return value
    }

    public static func read(_ text: some Collection<UInt8>) throws(SyntaxError) -> JSONValue {
        func reading(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, SyntaxError> {
            do throws(SyntaxError) { return .success(try read(UnsafeRawBufferPointer(bytes))) } catch { return .failure(error) }
        }
        let result = text.withContiguousStorageIfAvailable(reading) ?? Array(text).withUnsafeBufferPointer(reading)
        return try result.get()
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
        guard position < bytes.count else { throw error("the text ends where a value should be") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value (an object, array, string, number, true, false or null)")
        }
    }

    private mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
        var members: [String: JSONValue] = [:]
        try container(depth: depth, closing: UInt8(ascii: "}"), inside: "an object", after: "an object's member") { (reader) throws(SyntaxError) in
            guard reader.position < reader.bytes.count else { throw reader.error("the text ends inside an object") }
            guard reader.bytes[reader.position] == UInt8(ascii: "\"") else { throw reader.error("expected a member's name in double quotes") }
            let key = try reader.string()
            reader.skipSpace()
            try reader.expect(UInt8(ascii: ":"), "expected ':' after the member's name")
            reader.skipSpace()
            members[key] = try reader.value(depth: depth)
        }
        return .object(members)
    }

    private mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
        var elements: [JSONValue] = []
        try container(depth: depth, closing: UInt8(ascii: "]"), inside: "an array", after: "an array's element") { (reader) throws(SyntaxError) in
            elements.append(try reader.value(depth: depth))
        }
        return .array(elements)
    }

    /// An object or array whose opening bracket is at the position: `entry` reads each of its
    /// entries, at the first byte after white space; the commas, the closing bracket and their
    /// errors are the same for both.
    private mutating func container(
        depth: Int, closing: UInt8, inside: String, after: String, _ entry: (inout JSONReader) throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
        guard depth <= Self.maximumDepth else { throw error("arrays and objects nested deeper than \(Self.maximumDepth)") }
        position += 1
        skipSpace()
        if position < bytes.count, bytes[position] == closing {
            position += 1
            return
        }
        while true {
            skipSpace()
            try entry(&self)
            skipSpace()
            guard position < bytes.count else { throw error("the text ends inside \(inside)") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            try expect(closing, "expected ',' or '\(Character(Unicode.Scalar(closing)))' after \(after)")
            return
        }
    }

    private mutating func string() throws(SyntaxError) -> String {
        position += 1
        let start = position
        // Most strings hold no escape: their bytes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                return try text(UnsafeBufferPointer(rebasing: bytes[start..<position]), at: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw error("a control character inside a string (write it escaped, as \\n or \\u00XX)") }
            position += 1
        }
        var unescaped = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return try unescaped.withUnsafeBufferPointer { bytes throws(SyntaxError) in try text(bytes, at: start) }
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escaped)
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "u"): appendUTF8(of: try unicodeEscape(), to: &unescaped)
                default:
                    position -= 2
                    throw error("'\\\(Character(Unicode.Scalar(escaped)))' is not an escape JSON knows")
                }
            default:
                guard byte >= 0x20 else { throw error("a control character inside a string (write it escaped, as \\n or \\u00XX)") }
                unescaped.append(byte)
                position += 1
            }
        }
        throw error("the text ends inside a string")
    }

    /// The scalar of a `\u` escape whose `u` was just read, joining a surrogate pair.
    private mutating func unicodeEscape() throws(SyntaxError) -> Unicode.Scalar {
        let escapeStart = position - 2
        let high = try hex4(escapeStart)
        if (0xD800..<0xDC00).contains(high) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                position = escapeStart
                throw error("a lone surrogate escape (\\uD800 to \\uDBFF must be followed by \\uDC00 to \\uDFFF)")
            }
            position += 2
            let low = try hex4(escapeStart)
            guard (0xDC00..<0xE000).contains(low) else {
                position = escapeStart
                throw error("a lone surrogate escape (\\uD800 to \\uDBFF must be followed by \\uDC00 to \\uDFFF)")
            }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else {
            position = escapeStart
            throw error("a lone surrogate escape (\\uDC00 to \\uDFFF must follow \\uD800 to \\uDBFF)")
        }
        return scalar
    }

    private mutating func hex4(_ escapeStart: Int) throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw error("the text ends inside a \\u escape") }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                position = escapeStart
                throw error("a \\u escape needs four hexadecimal digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private func appendUTF8(of scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        UTF8.encode(scalar) { bytes.append($0) }
    }

    private func text(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) throws(SyntaxError) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else {
            var at = self
            at.position = start
            throw at.error("a string that is not valid UTF-8")
        }
        return text
    }

    private mutating func number() throws(SyntaxError) -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        // RFC 8259: no leading zeros, digits on both sides of a point, an exponent with digits.
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("a number needs a digit after '-'") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw error("a number cannot start with 0 followed by more digits") }
        } else {
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("a number needs digits after its decimal point") }
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("a number needs digits in its exponent") }
            skipDigits()
        }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<position])
        // The token is ASCII digits, signs, a point and an exponent: always a Double, if an infinite one.
        guard let value = Double(String(decoding: token, as: UTF8.self)), value.isFinite else {
            position = start
            throw error("a number too large for a double")
        }
        return value
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let count = word.utf8CodeUnitCount
        let matches = position + count <= bytes.count
            && word.withUTF8Buffer { word in (0..<count).allSatisfy { bytes[position + $0] == word[$0] } }
        guard matches else { throw error("expected a value (an object, array, string, number, true, false or null)") }
        position += count
    }

    private mutating func expect(_ byte: UInt8, _ problem: String) throws(SyntaxError) {
        guard position < bytes.count, bytes[position] == byte else {
            throw error(position < bytes.count ? problem : "the text ends: \(problem)")
        }
        position += 1
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// The error at the current position, counted in lines and columns only now that it is needed.
    private func error(_ problem: String) -> SyntaxError {
        var line = 1, column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return SyntaxError(line: line, column: column, problem: problem)
    }
}
