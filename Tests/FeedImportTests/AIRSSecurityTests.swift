import Foundation
import Testing
import SwitchboardCore
@testable import FeedImport

/// Hostile and broken files: each stops with a clear ``RecordIssue`` that says where, quickly,
/// with no file read, no network and no crash.
@Suite struct AIRSSecurityTests {
    /// Reads a file that must fail; returns the issue thrown and how long it took.
    func failure(_ url: URL, delivered: inout [FeedReadResult]) throws -> (issue: RecordIssue, seconds: Double) {
        let start = Date()
        var chunks: [FeedReadResult] = []
        do {
            try AIRSReader(url: url, feed: AIRSFixtures.feed, now: AIRSFixtures.now).read(chunkSize: 1) { chunks.append($0) }
        } catch let issue as RecordIssue {
            delivered = chunks
            return (issue, Date().timeIntervalSince(start))
        }
        delivered = chunks
        Issue.record("the read did not fail")
        throw CancellationError()
    }

    func failure(_ text: String) throws -> (issue: RecordIssue, seconds: Double) {
        var chunks: [FeedReadResult] = []
        return try failure(AIRSFixtures.file(text), delivered: &chunks)
    }

    static let agency = "<Agency><Key>1</Key><Name>Safe Agency</Name><Site><Key>2</Key><SiteService><Name>Food</Name><Key>3</Key></SiteService></Site></Agency>"

    @Test func billionLaughsStopsWithAnEntityError() throws {
        var entities = "<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE Source [\n\(entities)]>\n<Source><Agency><Key>1</Key><Name>&lol9;</Name></Agency></Source>\n"
        let (issue, seconds) = try failure(text)
        #expect(issue.code == .malformedFile)
        #expect(issue.line == 14)  // where &lol9; is used
        #expect(issue.message.contains("entity reference loop") && issue.message.contains("entity-expansion attack"), "\(issue.message)")
        #expect(seconds < 5)
    }

    @Test(arguments: ["file:///etc/passwd", "http://127.0.0.1:9/secret.txt", "/etc/hostname"])
    func externalEntitiesAreNeverLoaded(target: String) throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE Source [ <!ENTITY xxe SYSTEM "\(target)"> ]>
            <Source><Agency><Key>1</Key><Name>&xxe;</Name></Agency></Source>
            """
        let (issue, seconds) = try failure(text)
        #expect(issue.code == .malformedFile)
        #expect(issue.line == 3)
        #expect(issue.message.contains("'&xxe;'"))
        #expect(!issue.description.contains("root:"))
        #expect(seconds < 5)
    }

    @Test func externalDTDsAndParameterEntitiesAreNotFetched() throws {
        // Neither the external subset nor an external parameter entity is loaded: the records read as usual.
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE Source SYSTEM "http://127.0.0.1:9/airs.dtd" [ <!ENTITY % remote SYSTEM "file:///etc/passwd"> %remote; ]>
            <Source>\(Self.agency)</Source>
            """
        let start = Date()
        let reading = try AIRSFixtures.read(AIRSFixtures.file(text))
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(reading.batch.organizations.map(\.name) == ["Safe Agency"])
        #expect(!reading.batch.organizations.contains { $0.description.contains("root:") })
    }

    @Test func tenThousandDeepNestingStopsWithAPosition() throws {
        let depth = 10_000
        let text = "<Source>" + Self.agency + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</Source>"
        var delivered: [FeedReadResult] = []
        let (issue, seconds) = try failure(AIRSFixtures.file(text), delivered: &delivered)
        #expect(issue.code == .malformedFile)
        #expect(issue.line == 1)
        #expect(issue.column != nil)
        #expect(issue.message.contains("nested deeper than"), "\(issue.message)")
        #expect(seconds < 5)
        // The agency before the nest was handed over before the read stopped.
        #expect(delivered.flatMap(\.batch.organizations).map(\.name) == ["Safe Agency"])
    }

    @Test func invalidUTF8StopsWithLineAndColumn() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Source>\n<Agency><Key>1</Key><Name>Caf".utf8)
        bytes += [0xC3, 0x28]  // a lead byte followed by an ASCII byte
        bytes += Array("</Name></Agency>\n</Source>\n".utf8)
        var delivered: [FeedReadResult] = []
        let (issue, seconds) = try failure(AIRSFixtures.file(bytes), delivered: &delivered)
        #expect(issue.code == .malformedFile)
        #expect(issue.line == 3)
        #expect(issue.column != nil)
        #expect(issue.message.contains("UTF-8"), "\(issue.message)")
        #expect(seconds < 5)
    }

    @Test func aTruncatedFileStopsWhereItEndsAfterHandingOverWholeAgencies() throws {
        let data = try Data(contentsOf: AIRSFixtures.url("BC211_data_excerpt.xml"))
        let cut = data.count / 2
        var delivered: [FeedReadResult] = []
        let (issue, seconds) = try failure(AIRSFixtures.file(Array(data.prefix(cut))), delivered: &delivered)
        #expect(issue.code == .malformedFile)
        let lines = data.prefix(cut).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        #expect(issue.line == lines)
        #expect(issue.column != nil)
        #expect(issue.file?.hasSuffix("feed.xml") == true)
        #expect(issue.message.contains("cut short"), "\(issue.message)")
        #expect(seconds < 5)
        // Complete agencies before the cut were delivered whole; the cut one was not.
        let organizations = delivered.flatMap(\.batch.organizations)
        #expect(organizations.count > 3 && organizations.count < 15)
        let services = delivered.flatMap(\.batch.services)
        #expect(services.allSatisfy { service in organizations.contains { $0.id == service.organizationID } })
    }

    @Test func notXMLAtAllStopsAtOnce() throws {
        let (issue, _) = try failure("this is not XML\n")
        #expect(issue.code == .malformedFile)
        #expect(issue.line == 1)
        #expect(issue.message.contains("not XML"))
    }

    @Test func aMissingFileIsAFeedFormatError() {
        #expect(throws: FeedFormatError.self) {
            try AIRSReader(url: URL(fileURLWithPath: "/nonexistent/feed.xml"), feed: "x", now: AIRSFixtures.now).read { _ in }
        }
    }
}
