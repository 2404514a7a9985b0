import Foundation
import Testing

/// `switchboard feeds` end to end: a feed list, real AIRS samples, a loopback HTTP server.
@Suite(.serialized) struct FeedsCommandTests {
    let cli = CLITests()
    static let samples = CLITests.repository.appendingPathComponent("Fixtures/airs")

    func feedList(_ entries: [(String, String)], in folder: URL) throws {
        let feeds = entries.map { #"{"name": "\#($0.0)", "source": "\#($0.1)", "format": "airs"}"# }.joined(separator: ", ")
        try Data(#"{"feeds": [\#(feeds)]}"#.utf8).write(to: folder.appendingPathComponent("feeds.json"))
    }

    @Test func aTruncatedFeedIsRefusedUntilForcedAndEveryRunIsRecorded() throws {
        let folder = cli.scratch()
        let feed = folder.appendingPathComponent("export.xml")
        try FileManager.default.copyItem(at: Self.samples.appendingPathComponent("BC211_data_excerpt.xml"), to: feed)
        try feedList([("bc211", "export.xml")], in: folder)

        let first = try cli.run(["feeds", "refresh", "bc211", "--feeds", "feeds.json"], in: folder)
        #expect(first.status == 0, "\(first.errors.suffix(500))")
        #expect(first.output.contains("bc211: "))
        let again = try cli.run(["feeds", "refresh", "--all", "--feeds", "feeds.json"], in: folder)
        #expect(again.status == 0)
        #expect(again.output.contains("0 added, 0 updated"), "\(again.output)")
        #expect(again.output.contains("0 retired"))

        // Tomorrow's download holds one agency of fifteen: a truncated file, not a real change.
        try FileManager.default.removeItem(at: feed)
        try FileManager.default.copyItem(at: Self.samples.appendingPathComponent("BC211_data_one_agency.xml"), to: feed)
        let before = try cli.run(["stats", "--json"], in: folder).output
        let refused = try cli.run(["feeds", "refresh", "bc211", "--feeds", "feeds.json"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("refused"), "\(refused.errors.suffix(500))")
        #expect(try cli.run(["stats", "--json"], in: folder).output == before, "a refused run changes nothing")

        let forced = try cli.run(["feeds", "refresh", "bc211", "--force", "--feeds", "feeds.json"], in: folder)
        #expect(forced.status == 0, "\(forced.errors.suffix(500))")
        #expect(!forced.output.contains(" 0 retired"), "\(forced.output)")

        let history = try cli.run(["feeds", "history", "--json"], in: folder)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(history.output.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["outcome"] as? String } == ["committed", "refused", "committed", "committed"])
    }

    @Test func aRemoteFeedIsFetchedOnlyWhenItChanged() throws {
        let served = cli.scratch(), folder = cli.scratch()
        try FileManager.default.copyItem(at: Self.samples.appendingPathComponent("airs_3.0_instance_sample.xml"), to: served.appendingPathComponent("ne.xml"))
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", CLITests.repository.appendingPathComponent("Tests/tools/feed_server.py").path, served.path]
        let pipe = Pipe()
        server.standardOutput = pipe
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        var line = Data()
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        let port = try #require(Int(String(decoding: line, as: UTF8.self)))
        try feedList([("ne211", "http://127.0.0.1:\(port)/ne.xml")], in: folder)

        let first = try cli.run(["feeds", "refresh", "ne211", "--feeds", "feeds.json"], in: folder)
        #expect(first.status == 0, "\(first.errors.suffix(500))")
        #expect(first.output.contains("ne211: "))
        let second = try cli.run(["feeds", "refresh", "ne211", "--feeds", "feeds.json"], in: folder)
        #expect(second.status == 0)
        #expect(second.output.contains("not modified"), "\(second.output)")
        let list = try cli.run(["feeds", "list", "--feeds", "feeds.json"], in: folder)
        #expect(list.output.contains("ne211"))
        #expect(list.output.contains("committed"))
    }

    @Test func aLargeAIRSFileImportsAsAStreamedDelta() throws {
        let folder = cli.scratch()
        #expect(try cli.run(["generate", "--services", "300", "--format", "airs", "--output", "big.xml"], in: folder).status == 0)
        let imported = try cli.run(["import", "big.xml"], in: folder)
        #expect([0, 3].contains(imported.status), "\(imported.errors.suffix(300))")
        #expect(imported.output.contains("big: "))
        let again = try cli.run(["import", "big.xml"], in: folder)
        #expect(again.output.contains("0 added, 0 updated"), "\(again.output)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run(["stats", "--json"], in: folder).output.utf8)) as? [String: Any])
        #expect((stats["services"] as? Int ?? 0) >= 295)
    }
}
