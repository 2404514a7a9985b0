import Foundation
import SwitchboardCore
import Testing

@testable import DirectoryGenerator

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A string that collects what the writer streams into it.
struct Collected: TextOutputStream {
    var text = ""
    mutating func write(_ string: String) { text += string }
}

/// Counts elements by name and remembers the first parse error.
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var namespace: String?
    var error: (any Error)?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        counts[elementName, default: 0] += 1
        if elementName == "Source" { namespace = namespaceURI }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { error = error ?? parseError }
}

@Suite struct AIRSWriterTests {
    static let generator = DirectoryGenerator(seed: 2026, services: 300)

    static func xml(_ generator: DirectoryGenerator, chunk: Int = 200) -> String {
        var out = Collected()
        AIRSWriter().write(generator: generator, to: &out, organizationsPerChunk: chunk)
        return out.text
    }

    @Test func sameSeedGivesIdenticalBytes() {
        let first = Self.xml(Self.generator)
        #expect(first == Self.xml(DirectoryGenerator(seed: 2026, services: 300), chunk: 3))
        #expect(first != Self.xml(DirectoryGenerator(seed: 2027, services: 300)))
    }

    @Test func isWellFormedWithOneElementPerRecord() throws {
        let text = Self.xml(Self.generator)
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldProcessNamespaces = true
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(String(describing: counter.error))")
        let batch = Self.generator.makeBatch()
        #expect(counter.namespace == AIRSWriter.namespace)
        #expect(counter.counts["Agency"] == batch.organizations.count)
        #expect(counter.counts["Site"] == batch.locations.count)
        #expect(counter.counts["SiteService"] == batch.servicesAtLocations.count)
        #expect(counter.counts["ServiceGroup", default: 0] == batch.programs.count)
        #expect(counter.counts["SpatialLocation"] == batch.locations.filter { $0.coordinate != nil }.count)
    }

    @Test func escapesMarkupInText() {
        #expect(escape("Food & <b>\"Fun\"</b>") == "Food &amp; &lt;b&gt;&quot;Fun&quot;&lt;/b&gt;")
        let text = Self.xml(DirectoryGenerator(seed: 7, services: 2_000))
        #expect(text.contains("&lt;p&gt;"))
        #expect(text.contains("&amp;amp;"))
    }

    @Test func writesTheSameBytesToAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airs-\(UUID().uuidString).xml")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        try AIRSWriter().write(generator: Self.generator, to: handle, organizationsPerChunk: 5)
        try handle.close()
        #expect(try Data(contentsOf: url) == Data(Self.xml(Self.generator).utf8))
    }

    static let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint", "/opt/homebrew/bin/xmllint"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The schema, kept in the repository under Fixtures/airs-xml.
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/airs-xml/airs_3.1.xsd")

    @Test(.enabled(if: xmllint != nil, "xmllint not installed (apt-get install libxml2-utils); schema validation skipped"))
    func validatesAgainstTheAIRS31Schema() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airs-\(UUID().uuidString).xml")
        try Data(Self.xml(DirectoryGenerator(seed: 99, services: 1_500)).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.xmllint))
        process.arguments = ["--noout", "--schema", Self.schema.path, url.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message.prefix(2_000))")
    }
}
