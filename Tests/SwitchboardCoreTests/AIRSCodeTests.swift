import Foundation
import Testing
import SwitchboardCore

@Suite struct AIRSCodeTests {
    @Test(arguments: [
        ("B", 1, nil), ("BH", 2, "B"), ("BH-1800", 3, "BH"), ("BH-1800.8500", 4, "BH-1800"),
        ("BH-1800.8500-050", 5, "BH-1800.8500"), ("LH-0600.5000-970.80", 6, "LH-0600.5000-970"),
    ] as [(String, Int, String?)])
    func aCodeSpellsItsLevelAndParent(code: String, level: Int, parent: String?) throws {
        let airs = try #require(AIRSCode(code))
        #expect(airs.level == level)
        #expect(airs.parent?.rawValue == parent)
    }

    @Test(arguments: ["", "b", "B1", "BH-18", "BH-1800.85", "BH1800", "BH-1800.8500-05", "{what:'INTERVENTION'}", "BH-1800.8500-050.7"])
    func malformedCodesAreRefused(code: String) {
        if code == "b" {
            #expect(AIRSCode(code)?.rawValue == "B", "lower case is accepted and normalised")
        } else {
            #expect(AIRSCode(code) == nil)
        }
    }

    @Test func lineageRunsFromTheTopDown() throws {
        let code = try #require(AIRSCode("BD-1800.2000-620"))
        #expect(code.lineage.map(\.rawValue) == ["B", "BD", "BD-1800", "BD-1800.2000", "BD-1800.2000-620"])
        #expect(code.isWithin(AIRSCode("BD")!))
        #expect(code.isWithin(AIRSCode("BD-1800")!))
        #expect(!code.isWithin(AIRSCode("BH")!))
        #expect(!(AIRSCode("BD-1801")!.isWithin(AIRSCode("BD-1800")!)))
    }

    @Test func everyShippedCodeParsesAndItsParentIsShipped() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var codes = Set<String>()
        for file in ["211hsis_level1_level2.csv", "211hsis_deeper_level_examples.csv"] {
            let text = try String(contentsOf: repository.appendingPathComponent("Directory/taxonomy/\(file)"), encoding: .utf8)
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                let code = try #require(AIRSCode(fields[0]), "\(fields[0]) in \(file)")
                #expect(code.level == Int(fields[2]))
                #expect((code.parent?.rawValue ?? "") == fields[3])
                codes.insert(code.rawValue)
            }
        }
        #expect(codes.count >= 100)
    }

    /// Text is trimmed of white space of any kind at either end, and text with a plain ASCII
    /// character at each end (the fast path) comes back as it was.
    @Test(arguments: [
        ("BH-1800", "BH-1800"), (" BH-1800", "BH-1800"), ("BH-1800\n", "BH-1800"), ("\t 68102 \r\n", "68102"),
        ("a", "a"), ("", ""), ("  ", ""), ("\u{00A0}Omaha\u{2003}", "Omaha"), ("\u{3000}全角", "全角"),
        ("Café", "Café"), ("e\u{0301} ", "e\u{0301}"), ("x y", "x y"), ("~x~", "~x~"), ("\u{7F}x", "\u{7F}x"),
    ] as [(String, String)])
    func trimmingRemovesWhiteSpaceAtTheEndsOnly(text: String, trimmed: String) {
        #expect(text.trimmingSpaces() == trimmed)
        #expect(text.trimmingSpaces().unicodeScalars.elementsEqual(trimmed.unicodeScalars))
    }
}
