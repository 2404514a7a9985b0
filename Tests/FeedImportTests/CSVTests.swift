import Foundation
import Testing
@testable import FeedImport

struct CSVTests {
    private func fields(_ text: String) -> [[String]] { CSVReader.records(in: text).map(\.fields) }

    @Test func readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        let text = "id,note\n1,\"a, b\"\n2,\"she said \"\"hi\"\"\"\n3,\"two\nlines\"\n4,plain\n"
        #expect(fields(text) == [["id", "note"], ["1", "a, b"], ["2", "she said \"hi\""], ["3", "two\nlines"], ["4", "plain"]])
    }

    @Test func countsLinesAcrossEmbeddedLineBreaks() {
        let records = CSVReader.records(in: "h\n\"a\nb\nc\"\nnext\n")
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test(arguments: ["a,b\r\nc,d\r\n", "a,b\nc,d\n", "a,b\nc,d", "\u{FEFF}a,b\r\nc,d"])
    func acceptsCRLFLFNoFinalLineEndAndByteOrderMark(text: String) {
        #expect(fields(text) == [["a", "b"], ["c", "d"]])
    }

    @Test func keepsEmptyFieldsAndTrailingSeparators() {
        #expect(fields("a,,c,\n,,\n") == [["a", "", "c", ""], ["", "", ""]])
    }

    @Test func reportsAnUnterminatedQuote() {
        var reader = CSVReader(string: "a,b\n1,\"never closed\n2,3\n")
        let records = Array(AnyIterator { reader.next() })
        #expect(records.count == 2)
        #expect(reader.problems == [CSVProblem(line: 2, message: "quoted field is never closed")])
    }

    @Test func keepsAStrayQuoteInsideAnUnquotedField() {
        #expect(fields("5'10\",x\n") == [["5'10\"", "x"]])
    }

    @Test func decodesUTF8() {
        #expect(fields("name\nCafé Ñandú – 日本\n")[1] == ["Café Ñandú – 日本"])
    }

    @Test func writesQuotesOnlyWhenNeeded() {
        var writer = CSVWriter()
        writer.append(["plain", "a,b", "say \"hi\"", "two\nlines", "", " padded", "12.5"])
        #expect(writer.string == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\" padded\",12.5\n")
    }

    @Test func writtenTextReadsBackTheSameFields() {
        let rows = [["id", "text"], ["1", "a,\"b\"\r\nc"], ["2", ""], ["3", "Ünïcode, too"]]
        var writer = CSVWriter()
        for row in rows { writer.append(row) }
        #expect(CSVReader(bytes: writer.bytes).map(\.fields) == rows)
    }

    @Test func readsAHundredThousandRowsQuickly() {
        var writer = CSVWriter()
        writer.append(["id", "name", "description"])
        for index in 0..<100_000 {
            writer.append(["\(index)", "Service \(index)", index % 3 == 0 ? "Food, shelter and \"care\"\nline two" : "plain"])
        }
        let clock = ContinuousClock()
        var count = 0
        let elapsed = clock.measure {
            for record in CSVReader(bytes: writer.bytes) { count += record.fields.count == 3 ? 1 : 0 }
        }
        #expect(count == 100_001)
        // Linear parsing takes well under a second even in a debug build; quadratic would not.
        #expect(elapsed < .seconds(10))
    }
}
