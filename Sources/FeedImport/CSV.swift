public import Foundation

/// One record of a CSV file: its fields and the line it starts on (1-based; the header is line 1).
public struct CSVRecord: Hashable, Sendable {
    public var fields: [String]
    public var line: Int

    public init(fields: [String], line: Int) { self.fields = fields; self.line = line }
}

/// A problem in the shape of a CSV file (as opposed to a problem with a value in it).
public struct CSVProblem: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) { self.line = line; self.message = message }
    public var description: String { "line \(line): \(message)" }
}

/// Reads RFC 4180 CSV from bytes, one record at a time.
///
/// Accepts quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF, LF or
/// CR line ends and a UTF-8 byte order mark. A quote inside an unquoted field is kept as text,
/// the way spreadsheets write it. Each byte is looked at once, so a file of any size reads in
/// linear time; fields are decoded as UTF-8 (invalid bytes become U+FFFD).
public struct CSVReader: IteratorProtocol, Sequence {
    private let bytes: [UInt8]
    private var position: Int
    private var line = 1
    /// Problems met so far: an unterminated quoted field, text after a closing quote.
    public private(set) var problems: [CSVProblem] = []

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark is not part of the first field.
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    public init(data: Data) { self.init(bytes: [UInt8](data)) }

    public init(contentsOf url: URL) throws { self.init(data: try Data(contentsOf: url)) }

    /// Reads a whole text; for tests and small inputs.
    public init(string: String) { self.init(bytes: Array(string.utf8)) }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    public mutating func next() -> CSVRecord? {
        guard position < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var scratch: [UInt8] = []
        let count = bytes.count
        return bytes.withUnsafeBufferPointer { buffer -> CSVRecord? in
            var at = position
            defer { position = at }
            while true {
                // One field, starting at `at`.
                if at < count, buffer[at] == Self.quote {
                    let openedOn = line
                    scratch.removeAll(keepingCapacity: true)
                    at += 1
                    var closed = false
                    while at < count {
                        let byte = buffer[at]
                        if byte == Self.quote {
                            if at + 1 < count, buffer[at + 1] == Self.quote {
                                scratch.append(Self.quote); at += 2; continue
                            }
                            at += 1; closed = true; break
                        }
                        if byte == Self.lf || (byte == Self.cr && !(at + 1 < count && buffer[at + 1] == Self.lf)) {
                            line += 1
                        }
                        scratch.append(byte); at += 1
                    }
                    if !closed {
                        problems.append(CSVProblem(line: openedOn, message: "quoted field is never closed"))
                    }
                    // Text between the closing quote and the next separator is kept, and reported.
                    var trailing = false
                    while at < count, buffer[at] != Self.comma, buffer[at] != Self.lf, buffer[at] != Self.cr {
                        scratch.append(buffer[at]); at += 1; trailing = true
                    }
                    if trailing {
                        problems.append(CSVProblem(line: line, message: "text after the closing quote of a field"))
                    }
                    fields.append(String(decoding: scratch, as: UTF8.self))
                } else {
                    let start = at
                    while at < count {
                        let byte = buffer[at]
                        if byte == Self.comma || byte == Self.lf || byte == Self.cr { break }
                        at += 1
                    }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<at]), as: UTF8.self))
                }
                // What ends the field.
                if at >= count { break }
                let byte = buffer[at]
                if byte == Self.comma { at += 1; if at >= count { fields.append(""); break }; continue }
                at += 1
                if byte == Self.cr, at < count, buffer[at] == Self.lf { at += 1 }
                line += 1
                break
            }
            return CSVRecord(fields: fields, line: startLine)
        }
    }

    /// Every record, for small inputs. Blank lines are returned as one empty field.
    public static func records(in string: String) -> [CSVRecord] { Array(CSVReader(string: string)) }
}

/// Writes RFC 4180 CSV: fields quoted only when they must be, LF line ends, nothing else varying.
public struct CSVWriter: Sendable {
    /// The text written so far, as UTF-8.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func append(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.encode(field, into: &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Hands over what was written and starts afresh, for writers that flush to a file.
    public mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether a field must be quoted: it holds a comma, a quote or a line break, or it has
    /// spaces at either end that a lenient reader would trim.
    public static func needsQuotes(_ field: String) -> Bool {
        let utf8 = field.utf8
        if let first = utf8.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { return true }
        if let last = utf8.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { return true }
        return utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
    }

    static func encode(_ field: String, into bytes: inout [UInt8]) {
        guard needsQuotes(field) else { bytes.append(contentsOf: field.utf8); return }
        bytes.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// One record as text, with its line end.
    public static func line(_ fields: [String]) -> String {
        var writer = CSVWriter()
        writer.append(fields)
        return writer.string
    }
}
