import DirectoryGenerator
import DirectoryStore
import Foundation
import HummingbirdTesting
import SwitchboardCore
import SwitchboardServer
import Testing

@Suite struct DirectoryIndexUpdaterTests {
    /// What `switchboard feeds refresh` does from another process: a second store on the same
    /// file commits a refresh run of the generated feed, now 60 services long (the test server's
    /// 40 and more: the generator's ids and keys follow its seed and position).
    static func refreshFromAnotherProcess(path: String) async throws -> FeedRun {
        let other = try SQLiteDirectoryStore(path: path, domainMapping: DirectoryGenerator.domainMapping)
        let generator = DirectoryGenerator(seed: 11, services: 60)
        var batches = [generator.taxonomy()]
        generator.forEachChunk { batches.append($0) }
        return try await other.refresh(feed: "generated", fileHash: "test", now: DirectoryGenerator.defaultReferenceDate,
            policy: RefreshPolicy(isFullExport: false)) { sink in
            for batch in batches { try sink.add(batch) }
        }
    }

    /// A test server on a database file of its own (so another store can open it too), removed afterwards.
    static func withServerOnAFile(_ body: @Sendable (TestServer, String, TestServer.Client) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("directory.sqlite").path
        let server = try await TestServer(path: path)
        try await server.run { client in try await body(server, path, client) }
    }

    @Test func theServerRebuildsItsIndexWhenAnotherProcessCommitsARefresh() async throws {
        try await Self.withServerOnAFile { server, path, client in
            let before = try await client.get("/services?per_page=1", as: .coordinator).json()
            #expect(before["total_items"] as? Int == 40)
            // Nothing committed since the start: the check reads the history and builds nothing.
            #expect(try await server.index.rebuildIfChanged(now: Date()) == false)
            let generation = await server.index.holder.generation

            let run = try await Self.refreshFromAnotherProcess(path: path)
            #expect(run.outcome == .committed)
            #expect(run.added > 0, "\(run)")
            // Until the check, searches answer from the old snapshot, whole.
            #expect(try await client.get("/services?per_page=1", as: .coordinator).json()["total_items"] as? Int == 40)

            #expect(try await server.index.rebuildIfChanged(now: Date()) == true)
            #expect(await server.index.holder.generation == generation + 1)
            let live = try await server.store.services(after: nil, limit: 1_000).count
            #expect(live > 40)
            let after = try await client.get("/services?per_page=1", as: .coordinator).json()
            #expect(after["total_items"] as? Int == live)
            #expect(try await server.index.rebuildIfChanged(now: Date()) == false)
        }
    }

    /// `switchboard import FILE` from another process writes with `apply`, which leaves no refresh
    /// history: the directory's revision is what tells the server.
    @Test func theServerRebuildsItsIndexWhenAnotherProcessImportsAFile() async throws {
        try await Self.withServerOnAFile { server, path, client in
            #expect(try await server.index.rebuildIfChanged(now: Date()) == false)
            let other = try SQLiteDirectoryStore(path: path, domainMapping: DirectoryGenerator.domainMapping)
            let before = try await other.directoryRevision()
            let generator = DirectoryGenerator(seed: 11, services: 60)
            var batch = generator.taxonomy()
            generator.forEachChunk { batch.append(contentsOf: $0) }
            let summary = try await other.apply(batch, now: DirectoryGenerator.defaultReferenceDate)
            #expect(summary.services.added == 20, "the test server's 40 and 20 more")
            #expect(try await other.directoryRevision() == before + 1)
            #expect(try await server.index.rebuildIfChanged(now: Date()) == true)
            #expect(try await client.get("/services?per_page=1", as: .coordinator).json()["total_items"] as? Int == 60)
            #expect(try await server.index.rebuildIfChanged(now: Date()) == false)
        }
    }

    @Test func aRefreshThroughTheAPIIsSearchableWhenTheCallAnswers() async throws {
        let downloads = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-downloads-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: downloads) }
        var configuration = TestServer.configuration()
        configuration.feedList = HSDSAPITests.repository.appendingPathComponent("Directory/feeds.json")
        configuration.downloads = downloads
        let server = try await TestServer(configuration: configuration)
        try await server.run { client in
            let generation = await server.index.holder.generation
            let refreshed = try await client.request(.post, "/api/feeds/bc211-excerpt/refresh", as: .administrator)
            #expect(refreshed.status == .ok, "\(refreshed.text.prefix(300))")
            #expect((try refreshed.json()["run"] as? [String: Any])?["outcome"] as? String == "committed")
            #expect(await server.index.holder.generation == generation + 1)
            let live = try await server.store.services(after: nil, limit: 1_000).count
            #expect(live > 40)
            #expect(try await client.get("/services?per_page=1", as: .coordinator).json()["total_items"] as? Int == live)
            // The watch finds nothing more to do: this server's own refresh is already in the snapshot.
            #expect(try await server.index.rebuildIfChanged(now: Date()) == false)
        }
    }
}
