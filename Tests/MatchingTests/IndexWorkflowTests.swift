import DirectoryGenerator
import DirectoryStore
import Foundation
import Matching
import SwitchboardCore
import Testing
import Workflows

@Suite struct IndexWorkflowTests {
    @Test func buildsFromTheStorePageByPageAndSkipsRetiredServices() async throws {
        let store = try SQLiteDirectoryStore(path: nil, domainMapping: DirectoryGenerator.domainMapping)
        let generator = DirectoryGenerator(seed: 5, services: 250)
        _ = try await store.apply(generator.makeBatch(), now: Fixtures.now)
        let workflow = IndexWorkflow(store: store, zipCodes: Fixtures.zipCodes, povertyGuidelines: Fixtures.poverty, pageSize: 40)
        let index = try await workflow.build(now: Fixtures.now)
        #expect(index.count == 250)

        let gone = try #require(try await store.services(after: nil, limit: 1).first)
        _ = try await store.apply(DirectoryBatch(deletions: [.service(gone.id)]), now: Fixtures.now)
        let again = try await workflow.build(now: Fixtures.now)
        #expect(again.count == 249 && again.summary(of: gone.id) == nil && index.summary(of: gone.id) != nil)
    }

    @Test func aRebuildSwapsTheWholeSnapshotWhileQueriesKeepTheirs() async throws {
        let store = try SQLiteDirectoryStore(path: nil, domainMapping: DirectoryGenerator.domainMapping)
        let holder = DirectoryIndexHolder()
        await #expect(throws: MatchingError.self) { try await holder.snapshot() }
        let workflow = IndexWorkflow(store: store, zipCodes: Fixtures.zipCodes, povertyGuidelines: Fixtures.poverty)
        try await workflow.rebuild(into: holder, now: Fixtures.now)
        let empty = try await holder.snapshot()
        #expect(empty.count == 0)

        let feed = FileManager.default.temporaryDirectory.appendingPathComponent("matching-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: feed) }
        let records = DirectoryGenerator(seed: 8, services: 60).makeBatch().serviceRecords(domains: DirectoryGenerator.domainMapping)
        let writer = try FeedFile.write(records, to: feed)
        #expect(writer == 60)
        let report = try await workflow.importAndRebuild(ImportWorkflow(store: store), paths: [feed.path], into: holder, now: Fixtures.now)
        #expect(report.summary.services.added == 60)
        #expect(try await holder.snapshot().count == 60)
        #expect(await holder.generation == 2)
        #expect(empty.count == 0, "a snapshot taken before the rebuild is unchanged")
    }

    @Test func theShippedReferenceTablesLoadThroughTheInstallation() throws {
        let workflow = try IndexWorkflow(
            store: try SQLiteDirectoryStore(path: nil, domainMapping: Fixtures.installation.domainMapping), installation: Fixtures.installation)
        #expect(workflow.zipCodes.count > 40_000 && workflow.povertyGuidelines?.year == 2026)
    }
}
