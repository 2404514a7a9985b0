import DirectoryStore
import Foundation
import PostgresStore
import SwitchboardCore
import Testing

/// Two stores on one PostgreSQL schema, as two server instances on one database: change
/// notifications and jobs that run in one of them at a time.
@Suite struct SharedDatabaseTests {
    static let enabled = StoreKind.available.contains(.postgres)
    static let off: Comment = "SWITCHBOARD_TEST_POSTGRES is not set: the shared-database tests need PostgreSQL (`bash .ci/run` starts one)"

    struct Boom: Error {}

    @Test(.enabled(if: enabled, off))
    func aWatchHearsEachCommittedChangeNothingRolledBackAndResumesAfterItsConnectionDrops() async throws {
        let schema = StoreKind.freshSchema()
        let name = "watch-\(schema.suffix(8))"
        let watcher = try StoreKind.postgresStore(schema: schema, applicationName: name)
        let writer = try StoreKind.postgresStore(schema: schema)
        let (stream, continuation) = AsyncStream.makeStream(of: DirectoryChange.self)
        let watch = Task { try await watcher.watchDirectoryChanges { continuation.yield($0) } }
        defer { watch.cancel() }
        var changes = stream.makeAsyncIterator()
        #expect(await changes.next() == .listening(resumed: false))

        _ = try await writer.apply(Fixtures.taxonomyBatch, now: Fixtures.t0)
        #expect(await changes.next() == .applied)
        let run = try await writer.refresh(feed: Fixtures.county, fileHash: "one", now: Fixtures.t0, policy: RefreshPolicy()) { sink in
            for chunk in Fixtures.chunks(Fixtures.agencies(1...3)) { try sink.add(chunk) }
        }
        #expect(await changes.next() == .refreshed(runID: try #require(run.id)))

        // A refresh that fails rolls back, and its notification with it: the next one heard is the apply after it.
        await #expect(throws: (any Error).self) {
            try await writer.refresh(feed: Fixtures.county, fileHash: "two", now: Fixtures.t0, policy: RefreshPolicy()) { sink in
                try sink.add(Fixtures.chunks(Fixtures.agencies(4...4))[0])
                throw Boom()
            }
        }
        _ = try await writer.apply(Fixtures.taxonomyBatch, now: Fixtures.t0)
        #expect(await changes.next() == .applied)

        // The watch's connection is killed: it says so, listens again, and hears what follows.
        let killed = try await writer.write("Ending the watch's connection") { db in
            try db.fetchAll(sql: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
                arguments: ["\(name) watch"]).count
        }
        #expect(killed == 1)
        guard case .interrupted = await changes.next() else {
            Issue.record("expected the watch to report its lost connection")
            return
        }
        #expect(await changes.next() == .listening(resumed: true))
        _ = try await writer.apply(Fixtures.taxonomyBatch, now: Fixtures.t0)
        #expect(await changes.next() == .applied)
    }

    @Test(.enabled(if: enabled, off))
    func aJobHeldByOneStoreIsSkippedOrAwaitedByAnotherOnTheSameDatabaseOnly() async throws {
        let schema = StoreKind.freshSchema()
        let one = try StoreKind.postgresStore(schema: schema)
        let two = try StoreKind.postgresStore(schema: schema)
        let elsewhere = try StoreKind.postgresStore(schema: StoreKind.freshSchema())
        let inside = try await one.withExclusiveJob(.referralSweep, ifBusy: .skip) {
            let skipped = try await two.withExclusiveJob(.referralSweep, ifBusy: .skip) { "ran" }
            // Another job, and the same job in another installation (schema), are not held.
            let other = try await two.withExclusiveJob(.firstStart, ifBusy: .skip) { "ran" }
            let separate = try await elsewhere.withExclusiveJob(.referralSweep, ifBusy: .skip) { "ran" }
            return [skipped ?? "skipped", other ?? "skipped", separate ?? "skipped"]
        }
        #expect(inside == ["skipped", "ran", "ran"])
        // Released when the holder is done, also when its body threw.
        #expect(try await two.withExclusiveJob(.referralSweep, ifBusy: .skip) { "ran" } == "ran")
        await #expect(throws: Boom.self) { _ = try await one.withExclusiveJob(.referralSweep, ifBusy: .skip) { () async throws -> String in throw Boom() } }
        #expect(try await two.withExclusiveJob(.referralSweep, ifBusy: .skip) { "ran" } == "ran")

        // Waiting: the second runs after the first lets go, never beside it.
        let order = Order()
        let (held, holding) = AsyncStream.makeStream(of: Void.self)
        let (release, releasing) = AsyncStream.makeStream(of: Void.self)
        async let first: Void? = one.withExclusiveJob(.firstStart, ifBusy: .wait) {
            await order.append("first in")
            holding.yield()
            for await _ in release { break }
            await order.append("first out")
        }
        for await _ in held { break }
        async let second: Void? = two.withExclusiveJob(.firstStart, ifBusy: .wait) { await order.append("second in") }
        // The second is waiting on the lock (PostgreSQL says so) before the first lets go.
        while try await one.read("Looking for the waiting job", { db in
            try db.fetchAll(sql: "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 7708 AND NOT granted").count
        }) == 0 {
            await Task.yield()
        }
        releasing.yield()
        _ = try await (first, second)
        #expect(await order.steps == ["first in", "first out", "second in"])
    }
}

actor Order {
    var steps: [String] = []
    func append(_ step: String) { steps.append(step) }
}
