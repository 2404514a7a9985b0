import DirectoryGenerator
@testable import DirectoryStore
import FeedImport
import JSONText
import Foundation
import SwitchboardCore
import Testing

/// The direct JSON writer against `JSONEncoder`, over real and generated records and API-shaped values.
///
/// With sorted keys both must give the same bytes: that pins the escapes, the number and date
/// forms and the structure. Without sorted keys `JSONEncoder`'s member order changes from one
/// process to the next, so the unsorted text is checked to be the same JSON value (it decodes to
/// the same record, and sorting its members gives the sorted text).
@Suite struct JSONTextEncoderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// The sample feeds as the importer reads them, and a generated directory.
    static func batches() throws -> [(String, DirectoryBatch)] {
        var batches: [(String, DirectoryBatch)] = []
        for name in ["BC211_data_excerpt.xml", "airs_3.0_instance_sample.xml", "airs_3.1_beta_instance_maximal.xml"] {
            var batch = DirectoryBatch()
            let reader = AIRSReader(url: repository.appendingPathComponent("Fixtures/airs/\(name)"), feed: "samples", now: now)
            _ = try reader.read(chunkSize: 500) { chunk in
                batch.append(contentsOf: FeedNormalizer.normalize(chunk, feed: "samples", now: now).batch)
            }
            batches.append((name, batch))
        }
        batches.append(("hsds-2x-sample", try HSDSCSVReader.read(directory: repository.appendingPathComponent("Fixtures/hsds-2x-sample")).batch))
        batches.append(("generated", DirectoryGenerator(seed: 7, services: 300, referenceDate: now).makeBatch()))
        return batches
    }

    @Test func writesWhatJSONEncoderWritesForEveryStoredRecord() throws {
        let sorted = JSONTextEncoder(sortsKeys: true), unsorted = JSONTextEncoder()
        let reference = StoredForm.makeEncoder()
        var compared = 0
        func check<T: Codable & Equatable>(_ record: T, _ feed: String) throws {
            let expected = String(decoding: try reference.encode(record), as: UTF8.self)
            #expect(try StoredForm.encode(record, sorted, recordType: "record") == expected, "\(feed): \(T.self)")
            let text = try StoredForm.encode(record, unsorted, recordType: "record")
            // A record need not survive a JSON round trip bit for bit, so the unsorted text is read
            // back beside the reference text, not beside the record.
            let decoder = JSONDecoder()
            #expect(try decoder.decode(T.self, from: Data(text.utf8)) == decoder.decode(T.self, from: Data(expected.utf8)), "\(feed): \(T.self)")
            let resorted = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(text.utf8)), options: [.sortedKeys])
            let sortedAgain = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(expected.utf8)), options: [.sortedKeys])
            #expect(resorted == sortedAgain, "\(feed): \(T.self)")
            compared += 1
        }
        for (feed, batch) in try Self.batches() {
            // The maximal 3.1 instance holds only delete stamps.
            #expect(!batch.services.isEmpty || feed.contains("3.1"), "\(feed)")
            for record in batch.services {
                try check(record, feed)
                let expected = try StoredForm.eligibilityJSON(record.eligibility, reference)
                #expect(try StoredForm.eligibilityJSON(record.eligibility, sorted) == expected, "\(feed): eligibility")
            }
            for record in batch.organizations { try check(record, feed) }
            for record in batch.locations { try check(record, feed) }
            for record in batch.programs { try check(record, feed) }
            for record in batch.servicesAtLocations { try check(record, feed) }
            for record in batch.taxonomies { try check(record, feed) }
            for record in batch.taxonomyTerms { try check(record, feed) }
        }
        #expect(compared > 1000)
    }

    /// What the records seldom hold: escapes, numbers in exponent form, nested and empty containers.
    @Test func writesEdgeValuesAsJSONEncoderDoes() throws {
        let text = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\"\\/ é \u{7F} \u{2028} 🏠"
        let values = Edge(
            text: text, numbers: [0, -0.0, 1, 2.5, 1e15, 1e16, 1e20, 1e-7, 0.1, -3, .leastNonzeroMagnitude, 1.7976931348623157e308],
            integers: [0, 9, 10, -1, Int.max, Int.min], date: Date(timeIntervalSince1970: 1.5), flag: false,
            missing: nil, nested: [["b": [1], "a": [], "": [2, 3]], [:]], empty: Empty(), json: .object(["z": .number(2), "a": .array([.null, .bool(true), .string("x")])])
        )
        let expected = String(decoding: try StoredForm.makeEncoder().encode(values), as: UTF8.self)
        #expect(try StoredForm.encode(values, JSONTextEncoder(sortsKeys: true), recordType: "edge") == expected)
        let unsorted = try StoredForm.encode(values, JSONTextEncoder(), recordType: "edge")
        #expect(try JSONDecoder().decode(Edge.self, from: Data(unsorted.utf8)) == values)
    }

    /// The API's form: sorted keys and ISO 8601 dates, byte for byte as the server's `JSONEncoder` wrote them.
    @Test func writesISO8601DatesAsJSONEncoderDoes() throws {
        let reference = JSONEncoder()
        reference.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        reference.dateEncodingStrategy = .iso8601
        let seconds: [Double] = [0, 1.5, -1.5, -86_400.25, 951_782_400, 1_780_000_000.999, 4_102_444_799.9, -2_208_988_800, 253_402_300_799]
        let dates = seconds.map { Date(timeIntervalSince1970: $0) } + [Date(timeIntervalSinceReferenceDate: 0.0001)]
        let api = JSONTextEncoder(sortsKeys: true, dates: .iso8601)
        for date in dates {
            let value = ["at": date]
            #expect(try api.encodeString(value) == String(decoding: try reference.encode(value), as: UTF8.self), "\(date.timeIntervalSince1970)")
        }
        let batch = DirectoryGenerator(seed: 3, services: 40, referenceDate: Self.now).makeBatch()
        for service in batch.services {
            #expect(try api.encodeString(service) == String(decoding: try reference.encode(service), as: UTF8.self))
        }
    }

    @Test func refusesNumbersJSONCannotHold() {
        #expect(throws: StoreError.self) { try StoredForm.encode([Double.nan], JSONTextEncoder(), recordType: "edge") }
        #expect(throws: StoreError.self) { try StoredForm.encode([Double.infinity], JSONTextEncoder(), recordType: "edge") }
    }

    /// The hand writer's numbers, byte for byte as `JSONEncoder` writes them: its fast paths
    /// (whole numbers, up to four decimals) and the numbers just beyond them.
    @Test func theWriterWritesNumbersAsJSONEncoderDoes() throws {
        let reference = JSONEncoder()
        var numbers: [Double] = [0, -0.0, 1, -1, 0.5, 0.75, 1.5, 2.8002, 0.0001, 0.00015, 0.00009999, 1e-5, 0.1, 0.2, 0.3, 1.0 / 3,
            123_456.789, 999_999_999.9999, 1e9 + 0.5, 1e15, 9_007_199_254_740_991, 9_007_199_254_740_992, 1e16, 1e20, -2.25,
            13.215281982277016, 0.4971630991210583, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .ulpOfOne]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let places = Double(Int.random(in: 0...6, using: &generator))
            let whole = Double.random(in: -2_000_000...2_000_000, using: &generator)
            numbers.append((whole * pow(10, places)).rounded() / pow(10, places))
            numbers.append(Double.random(in: -1_000...1_000, using: &generator))
            numbers.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
        }
        var mismatches: [String] = []
        for number in numbers where number.isFinite {
            var writer = JSONWriter()
            try writer.number(number)
            let expected = String(decoding: try reference.encode(number), as: UTF8.self)
            let written = String(decoding: writer.bytes, as: UTF8.self)
            if written != expected { mismatches.append("\(number.bitPattern): \(written) against \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        var writer = JSONWriter()
        #expect(throws: JSONWriter.InvalidNumber.self) { try writer.number(.nan) }
    }

    /// Rounded numbers: within half a unit of their last place of the number given, at most that
    /// many decimals in the text, and the text reads back as the rounded double.
    @Test func roundedNumbersKeepTheirDecimals() throws {
        #expect(JSONWriter.rounded(2.8002000150639015, decimals: 3) == 2.8)
        #expect(JSONWriter.rounded(0.4971630991210583, decimals: 3) == 0.497)
        #expect(JSONWriter.rounded(13.2145, decimals: 2) == 13.21)
        #expect(JSONWriter.rounded(-0.0004, decimals: 3).sign == .plus)
        #expect(JSONWriter.rounded(2e9 + 0.123456, decimals: 3) == 2e9 + 0.123456)
        var generator = SystemRandomNumberGenerator()
        var problems: [String] = []
        for _ in 0..<20_000 {
            let decimals = Int.random(in: 0...4, using: &generator)
            let value = Double.random(in: -1_000...1_000, using: &generator) * [1, 0.001, 1e5][Int.random(in: 0...2, using: &generator)]
            let rounded = JSONWriter.rounded(value, decimals: decimals)
            var writer = JSONWriter()
            try writer.number(rounded)
            let text = String(decoding: writer.bytes, as: UTF8.self)
            let places = text.split(separator: ".").dropFirst().first?.count ?? 0
            if abs(rounded - value) > 0.5 * pow(10, -Double(decimals)) * (1 + 1e-9) || places > decimals || Double(text) != rounded {
                problems.append("\(value) to \(decimals): \(text)")
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    /// Strings, byte for byte as `JSONEncoder` writes them, whichever of their eight-byte words holds
    /// what must be escaped (the writer passes over clean words whole): quotes, backslashes and
    /// control characters at every position, among multi-byte characters, in strings up to 40 long.
    @Test func theWriterEscapesStringsAsJSONEncoderDoes() throws {
        let reference = JSONEncoder()
        reference.outputFormatting = .withoutEscapingSlashes
        let pieces: [String] = ["a", "Z", " ", "/", "\"", "\\", "\n", "\t", "\r", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{7F}",
            "é", "ñ", "中", "🙂", "~", "!", "\u{80}"]
        var generator = SystemRandomNumberGenerator()
        var texts = pieces + ["", String(repeating: "a", count: 40), "Rent Payment Assistance (BH-3800.7000)"]
        for _ in 0..<5_000 {
            texts.append(String((0..<Int.random(in: 1...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()))
        }
        var mismatches: [String] = []
        for text in texts {
            var writer = JSONWriter()
            writer.string(text)
            let expected = String(decoding: try reference.encode(text), as: UTF8.self)
            let written = String(decoding: writer.bytes, as: UTF8.self)
            if written != expected { mismatches.append("\(text.debugDescription): \(written) against \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// Commas, nesting, missing members and escapes: the writer's text is the value it was told.
    @Test func theWriterPutsCommasWhereJSONNeedsThem() throws {
        var json = JSONWriter()
        json.beginObject()
        json.key("empty"); json.beginArray(); json.endArray()
        json.key("list"); json.beginArray()
        json.beginObject(); json.endObject()
        json.beginObject(); json.member("gone", nil as String?); json.member("kept", "a\"b\n"); json.endObject()
        json.number(3); json.bool(true); json.null()
        json.beginArray(); json.string("x"); json.beginArray(); json.endArray(); json.endArray()
        json.endArray()
        json.key("last"); try json.number(0.25)
        json.endObject()
        let text = String(decoding: json.bytes, as: UTF8.self)
        #expect(text == #"{"empty":[],"list":[{},{"kept":"a\"b\n"},3,true,null,["x",[]]],"last":0.25}"#)
        #expect(try JSONSerialization.jsonObject(with: Data(json.bytes)) is [String: Any])
    }

    struct Empty: Codable, Equatable {}

    struct Edge: Codable, Equatable {
        var text: String
        var numbers: [Double]
        var integers: [Int]
        var date: Date
        var flag: Bool
        var missing: String?
        var nested: [[String: [Int]]]
        var empty: Empty
        var json: JSONValue
    }
}
