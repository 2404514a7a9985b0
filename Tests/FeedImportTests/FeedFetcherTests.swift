import Foundation
import Testing
@testable import FeedImport

/// Conditional GET against a real HTTP server on loopback (Tests/tools/feed_server.py).
@Suite(.serialized) struct FeedFetcherTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    final class Server {
        let process = Process()
        let port: Int
        init(serving folder: URL) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", FeedFetcherTests.repository.appendingPathComponent("Tests/tools/feed_server.py").path, folder.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            var line = Data()
            while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
            port = Int(String(decoding: line, as: UTF8.self)) ?? 0
        }
        // SIGKILL: the test runner's children may inherit an ignored SIGTERM.
        deinit { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func anUnchangedFeedCostsOneRoundTripAndNoDownload() async throws {
        let served = folder(), downloads = folder()
        try Data("<Source/>".utf8).write(to: served.appendingPathComponent("feed.xml"))
        let server = try Server(serving: served)
        #expect(server.port > 0)
        let fetcher = FeedFetcher(timeout: 10)
        let source = "http://127.0.0.1:\(server.port)/feed.xml"

        guard case .fetched(let file, let validators) = try await fetcher.fetch(source: source, base: served, previous: nil, downloads: downloads) else {
            Issue.record("the first fetch should download"); return
        }
        #expect(try Data(contentsOf: file) == Data("<Source/>".utf8))
        #expect(validators.etag != nil)
        #expect(validators.lastModified != nil)

        let second = try await fetcher.fetch(source: source, base: served, previous: validators, downloads: downloads)
        guard case .notModified = second else { Issue.record("an unchanged feed should answer 304"); return }

        try Data("<Source><Agency/></Source>".utf8).write(to: served.appendingPathComponent("feed.xml"))
        guard case .fetched(let changed, let newValidators) = try await fetcher.fetch(source: source, base: served, previous: validators, downloads: downloads) else {
            Issue.record("a changed feed should download again"); return
        }
        #expect(try Data(contentsOf: changed) == Data("<Source><Agency/></Source>".utf8))
        #expect(newValidators.etag != validators.etag)
    }

    @Test func aMissingFeedIsAnErrorNamingTheSource() async throws {
        let served = folder()
        let server = try Server(serving: served)
        let source = "http://127.0.0.1:\(server.port)/nothing.xml"
        await #expect(throws: FeedFetchError.self) {
            _ = try await FeedFetcher(timeout: 10).fetch(source: source, base: served, previous: nil, downloads: folder())
        }
        do {
            _ = try await FeedFetcher(timeout: 10).fetch(source: source, base: served, previous: nil, downloads: folder())
        } catch let error as FeedFetchError {
            #expect(error.description.contains("404"))
            #expect(error.description.contains("nothing.xml"))
        }
    }

    @Test func aLocalPathIsUsedWhereItIs() async throws {
        let base = folder()
        try Data("x".utf8).write(to: base.appendingPathComponent("local.xml"))
        guard case .fetched(let file, _) = try await FeedFetcher().fetch(source: "local.xml", base: base, previous: nil, downloads: folder()) else {
            Issue.record("a local file is always fetched"); return
        }
        #expect(file.path == base.appendingPathComponent("local.xml").path)
        await #expect(throws: FeedFetchError.self) {
            _ = try await FeedFetcher().fetch(source: "missing.xml", base: base, previous: nil, downloads: folder())
        }
    }

    @Test func theFeedListIsCheckedEntryByEntry() throws {
        let base = folder()
        let good = #"{"feeds": [{"name": "county-211", "source": "https://example.org/export.xml", "format": "airs", "maximum_retired_share": 0.2}]}"#
        try Data(good.utf8).write(to: base.appendingPathComponent("feeds.json"))
        let list = try FeedList.load(from: base.appendingPathComponent("feeds.json"))
        #expect(list.feeds.first?.isRemote == true)
        let bad = #"{"feeds": [{"name": "a", "source": "x.xml"}, {"name": "a", "source": "y.xml"}]}"#
        try Data(bad.utf8).write(to: base.appendingPathComponent("bad.json"))
        #expect(throws: FeedListError.self) { try FeedList.load(from: base.appendingPathComponent("bad.json")) }
        let format = #"{"feeds": [{"name": "a", "source": "x.xml", "format": "pdf"}]}"#
        try Data(format.utf8).write(to: base.appendingPathComponent("format.json"))
        do { _ = try FeedList.load(from: base.appendingPathComponent("format.json")) } catch let error as FeedListError {
            #expect(error.description.contains("unknown format 'pdf'"))
        }
    }
}
