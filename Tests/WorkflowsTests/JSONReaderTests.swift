import Foundation
import JSONText
import SwitchboardCore
import Testing

/// The hand-written JSON reader against Foundation's, and what it says where text is not JSON.
@Suite struct JSONReaderTests {
    /// Foundation's reading of the same text (`JSONDecoder`, which reads numbers and booleans strictly apart).
    static func foundation(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func read(_ text: String) throws(JSONReader.SyntaxError) -> JSONValue { try JSONReader.read(Array(text.utf8)) }

    /// Random values of every kind, with strings that need every escape and numbers of every size.
    struct Values {
        var seed: UInt64
        mutating func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 11
        }
        mutating func pick(_ n: Int) -> Int { Int(next() % UInt64(n)) }

        mutating func string() -> String {
            let pieces = ["a", "Zé", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "日本", "😀", " ", "\u{7F}", "e\u{301}", "\r\n", "ß"]
            return (0..<pick(8)).map { _ in pieces[pick(pieces.count)] }.joined()
        }

        mutating func number() -> Double {
            switch pick(5) {
            case 0: return Double(Int(next() % 2_000_001) - 1_000_000)
            case 1: return Double(bitPattern: (next() << 11 | next()) & 0x7FEF_FFFF_FFFF_FFFF) * (pick(2) == 0 ? 1 : -1)
            case 2: return Double(pick(100_000)) / 10_000
            case 3: return Double(sign: .plus, exponent: pick(600) - 300, significand: 1 + Double(pick(1000)) / 1000)
            default: return 0
            }
        }

        mutating func value(depth: Int = 0) -> JSONValue {
            switch depth > 3 ? pick(4) : pick(6) {
            case 0: return .null
            case 1: return .bool(pick(2) == 0)
            case 2: return .number(number())
            case 3: return .string(string())
            case 4: return .array((0..<pick(5)).map { _ in value(depth: depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<pick(5) { members[string()] = value(depth: depth + 1) }
                return .object(members)
            }
        }
    }

    @Test func readsWhatFoundationReads() throws {
        var values = Values(seed: 11)
        let encoder = JSONEncoder()
        for n in 0..<3_000 {
            let value = values.value()
            // Foundation's text, and the writer's own (as the server writes answers), pretty and compact.
            encoder.outputFormatting = n % 2 == 0 ? [.prettyPrinted] : []
            let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            let read = try Self.read(text)
            #expect(read == (try Self.foundation(text)), "\(text)")
            #expect(read == value, "\(text)")
        }
    }

    @Test func readsEscapesAndNumbersAsRFC8259Says() throws {
        let cases: [(String, JSONValue)] = [
            (#""\u00e9\u65E5\ud83d\ude00\/\b\f\n\r\t\"\\""#, .string("é日😀/\u{08}\u{0C}\n\r\t\"\\")),
            ("-0", .number(-0.0)), ("0.5e-3", .number(0.0005)), ("1E+2", .number(100)), ("12345678901234567890", .number(12345678901234567168)),
            ("0.1", .number(0.1)), ("2.2250738585072014e-308", .number(2.2250738585072014e-308)),
            (" \t\r\n[ ]\n", .array([])), ("{}", .object([:])), (#"{"a":1,"a":2}"#, .object(["a": .number(2)])),
            ("[true,false,null]", .array([.bool(true), .bool(false), .null])),
        ]
        for (text, expected) in cases {
            #expect(try Self.read(text) == expected, "\(text)")
        }
    }

    @Test func saysWhereTheTextStopsBeingJSON() throws {
        let cases: [(String, Int, Int, String)] = [
            ("", 1, 1, "the text ends where a value should be"),
            (#"{"needs": [1, 2,]}"#, 1, 17, "expected a value"),
            ("{\n  \"age\": 34,\n}", 3, 1, "expected a member's name"),
            (#"{"a" 1}"#, 1, 6, "expected ':'"),
            (#"{"a": 1"#, 1, 8, "the text ends inside an object"),
            (#"{"needs":[{"domain":"legal"}],"#, 1, 31, "the text ends inside an object"),
            ("[1 2]", 1, 4, "expected ',' or ']'"),
            ("012", 1, 2, "cannot start with 0"),
            ("1.", 1, 3, "digits after its decimal point"),
            ("1e", 1, 3, "digits in its exponent"),
            ("-", 1, 2, "a digit after '-'"),
            ("1e999", 1, 1, "too large"),
            ("\"tab\tinside\"", 1, 5, "a control character"),
            (#""\x""#, 1, 2, #"'\x' is not an escape"#),
            (#""\u12G4""#, 1, 2, "four hexadecimal digits"),
            (#""\ud800""#, 1, 2, "a lone surrogate"),
            (#""\udc00""#, 1, 2, "a lone surrogate"),
            (#""\ud800\u0041""#, 1, 2, "a lone surrogate"),
            (#""open"#, 1, 6, "the text ends inside a string"),
            ("tru", 1, 1, "expected a value"),
            ("nul", 1, 1, "expected a value"),
            ("{} {}", 1, 4, "more text after the JSON value"),
            ("'single'", 1, 1, "expected a value"),
            ("NaN", 1, 1, "expected a value"),
        ]
        for (text, line, column, problem) in cases {
            do {
                let value = try Self.read(text)
                Issue.record("\(text) read as \(value)")
            } catch {
                #expect(error.line == line && error.column == column, "\(text): \(error)")
                #expect(error.problem.contains(problem), "\(text): \(error)")
            }
        }
    }

    @Test func refusesInvalidUTF8WithItsPosition() {
        let bytes: [UInt8] = Array(#"{"name": "ab"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: JSONReader.SyntaxError(line: 1, column: 11, problem: "a string that is not valid UTF-8")) {
            try JSONReader.read(bytes)
        }
    }

    @Test func refusesNestingDeeperThanItsLimitWithoutRunningOutOfStack() throws {
        let deepest = JSONReader.maximumDepth
        let fits = String(repeating: "[", count: deepest) + String(repeating: "]", count: deepest)
        _ = try Self.read(fits)
        for depth in [deepest + 1, 100_000] {
            let text = String(repeating: "[{\"a\":", count: depth / 2 + 1)
            #expect(throws: JSONReader.SyntaxError.self) { try Self.read(text) }
        }
    }

    @Test func truncatedTextIsAlwaysAnErrorNeverACrash() throws {
        var values = Values(seed: 5)
        for _ in 0..<300 {
            let text = Array(try JSONEncoder().encode(values.value()))
            guard text.count > 1 else { continue }
            for cut in 1..<text.count {
                // Cut anywhere but at the end of a whole number ("12" of "123" is JSON): never a crash, never a wrong value read as whole.
                if let read = try? JSONReader.read(text[..<cut]) {
                    #expect(read == (try Self.foundation(String(decoding: text[..<cut], as: UTF8.self))))
                }
            }
        }
    }
}
