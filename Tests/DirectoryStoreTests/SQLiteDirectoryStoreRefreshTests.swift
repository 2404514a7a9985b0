@testable import DirectoryStore
import Dispatch
import Foundation
import SwitchboardCore
import Testing

/// What only a file-backed SQLite store can show about a refresh: other connections never see
/// half a run, and a process that dies in the middle leaves the old directory on disk.
@Suite struct SQLiteDirectoryStoreRefreshTests {
    let t1 = Fixtures.days(1), t2 = Fixtures.days(2)

    func fileStore() throws -> (SQLiteDirectoryStore, String) {
        let path = try StoreKind.temporaryDatabasePath()
        return (try SQLiteDirectoryStore(path: path, domainMapping: Fixtures.domainMapping), path)
    }

    func load(_ store: SQLiteDirectoryStore, _ agencies: [Fixtures.Agency], at now: Date) async throws {
        _ = try await store.apply(Fixtures.taxonomyBatch, now: Fixtures.t0)
        let chunks = Fixtures.chunks(agencies)
        _ = try await store.refresh(feed: Fixtures.county, fileHash: "v1", now: now, policy: RefreshPolicy()) { sink in
            for chunk in chunks { try sink.add(chunk) }
        }
    }

    /// Every index of the database with the SQL that made it (the keys' own indexes by name).
    func indexes(_ store: SQLiteDirectoryStore) async throws -> [String] {
        try await store.writer.read { db in
            try GRDBSession(db).fetchAll(sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
                .map { row -> String in "\(row["name"] as String): \((row["sql"] as String?) ?? "(key)")" }
        }
    }

    /// The ledger's rows stepped by hand read what GRDB's rows read: text, blobs, NULL, flags; an
    /// error from SQLite mid-query is thrown with its statement, not taken for the end.
    @Test func rawRowsReadWhatRowsRead() async throws {
        let (store, _) = try fileStore()
        try await store.writer.write { db in
            let session = GRDBSession(db)
            try session.execute(sql: "CREATE TEMP TABLE raw (id TEXT, hash BLOB, flag INTEGER)")
            let rows: [(String?, [UInt8]?, Int)] = [("a7f3c2d0-0000-4000-8000-000000000001", [1, 2, 255], 1), ("é ü", nil, 0), (nil, [0], 2)]
            for (id, hash, flag) in rows {
                try session.execute(sql: "INSERT INTO raw VALUES (?, ?, ?)", arguments: [id, hash.map { Data($0) }, flag])
            }
            var raw: [String] = [], viaGRDB: [String] = []
            func describe(_ row: SQLRawRow) throws -> String {
                let id = try row.withBytes(at: 0) { $0.map { String(decoding: $0, as: UTF8.self) } ?? "NULL" }
                let hash = try row.withBytes(at: 1) { $0.map { Array($0).description } ?? "NULL" }
                return "\(id) \(hash) \(row.flag(at: 2))"
            }
            let query = "SELECT id, hash, flag FROM raw ORDER BY rowid"
            try session.forEachRawRow(sql: query, arguments: []) { raw.append(try describe($0)) }
            // The shared default, as PostgreSQL's session reads: through the rows of forEachRow.
            try session.forEachRow(sql: query, arguments: [], cached: false) { viaGRDB.append(try describe(SQLRawRow(source: .row($0)))) }
            #expect(raw == ["a7f3c2d0-0000-4000-8000-000000000001 [1, 2, 255] true", "é ü NULL false", "NULL [0] true"])
            #expect(viaGRDB == raw)
            // abs() of the smallest integer overflows while the rows are stepped: an error, not the end.
            try session.execute(sql: "INSERT INTO raw VALUES ('x', NULL, -9223372036854775808)")
            #expect(throws: (any Error).self) {
                try session.forEachRawRow(sql: "SELECT abs(flag) FROM raw ORDER BY rowid", arguments: []) { _ in }
            }
        }
    }

    /// A first import into an empty directory builds the indexes that only serve reads once at its
    /// end, and a run that fails rolls their drop back with the rest. The unique feed keys stay
    /// throughout: the conformance suite's first imports with duplicates run with them.
    @Test func aFirstImportLeavesTheIndexesAsAFailedOneFoundThem() async throws {
        let (store, _) = try fileStore()
        let all = try await indexes(store)
        let deferred = try await store.writer.read { db in try SQLiteDirectoryStore.readOnlyIndexes(GRDBSession(db)).map(\.name) }
        // The ledger's, and those of the API's reads; never a unique one.
        #expect(Set(["service_ledger", "service_at_location_ledger", "service_organization", "service_taxonomy_term_term"]).isSubset(of: deferred))
        #expect(!deferred.contains("service_source") && !deferred.contains("organization_source"))
        struct Cut: Error {}
        let chunks = Fixtures.chunks(Fixtures.agencies(1...10))
        await #expect(throws: Cut.self) {
            _ = try await store.refresh(feed: Fixtures.county, fileHash: "v0", now: t1, policy: RefreshPolicy()) { sink in
                try sink.add(chunks[0])
                throw Cut()
            }
        }
        #expect(try await indexes(store) == all)
    }

    @Test func aFirstImportBuildsTheIndexesAgainAtItsEnd() async throws {
        let (store, _) = try fileStore()
        let all = try await indexes(store)
        try await load(store, Fixtures.agencies(1...10), at: t1)
        #expect(try await indexes(store) == all)
        let chunks = Fixtures.chunks(Fixtures.agencies(1...10))
        let again = try await store.refresh(feed: Fixtures.county, fileHash: "v1", now: t2, policy: RefreshPolicy()) { sink in
            for chunk in chunks { try sink.add(chunk) }
        }
        #expect(again.added == 0 && again.updated == 0 && again.unchanged > 0 && again.retired == 0)
        // The rebuilt indexes hold every row: a query answered through one finds what a scan finds.
        let (byIndex, byScan) = try await store.writer.read { db in
            let session = GRDBSession(db)
            let organization: String = try session.fetchOne(String.self, sql: "SELECT organization_id FROM service LIMIT 1", arguments: [])!
            return (
                try session.fetchOne(Int.self, sql: "SELECT count(*) FROM service INDEXED BY service_organization WHERE organization_id = ?", arguments: [organization]),
                try session.fetchOne(Int.self, sql: "SELECT count(*) FROM service NOT INDEXED WHERE organization_id = ?", arguments: [organization]))
        }
        #expect(byIndex == byScan && (byIndex ?? 0) > 0)
    }

    @Test func anotherConnectionReadsTheOldDirectoryFromInsideTheRun() async throws {
        let (store, path) = try fileStore()
        try await load(store, Fixtures.agencies(1...10), at: t1)
        let observer = try SQLiteDirectoryStore(path: path, domainMapping: Fixtures.domainMapping)
        let newcomer = Fixtures.agency(11).serviceIDs[0]
        var seenDuring: [Int] = []
        let chunks = Fixtures.chunks(Fixtures.agencies(3...20))

        let run = try await store.refresh(feed: Fixtures.county, fileHash: "v2", now: t2, policy: RefreshPolicy()) { sink in
            for chunk in chunks {
                try sink.add(chunk)
                let services = try Blocking.wait { try await observer.statistics(asOf: Fixtures.t0).services }
                let found = try Blocking.wait { try await observer.service(newcomer) }
                seenDuring.append(found == nil ? services : -1)
            }
        }

        #expect(run.outcome == .committed && run.added == 60 && run.retired == 12)
        #expect(seenDuring == Array(repeating: 20, count: chunks.count))
        #expect(try await observer.statistics(asOf: Fixtures.t0).services == 36)
        #expect(try await observer.service(newcomer) != nil)
    }

    @Test func aConcurrentReaderSeesTheOldDirectoryUntilTheRunCommits() async throws {
        let (store, _) = try fileStore()
        try await load(store, Fixtures.agencies(1...10), at: t1)
        let newcomer = Fixtures.agency(11).serviceIDs[0]
        let chunks = Fixtures.chunks(Fixtures.agencies(1...20))
        let (reached, signal) = AsyncStream.makeStream(of: Void.self)
        let proceed = DispatchSemaphore(value: 0)

        async let committed: FeedRun = {
            defer { signal.finish() }
            return try await store.refresh(feed: Fixtures.county, fileHash: "v2", now: t2, policy: RefreshPolicy()) { sink in
                for chunk in chunks { try sink.add(chunk) }
                signal.yield()
                proceed.wait()
            }
        }()
        var iterator = reached.makeAsyncIterator()
        let inside: Void? = await iterator.next()
        #expect(inside != nil)
        let servicesDuring = try await store.statistics(asOf: Fixtures.t0).services
        let newcomerDuring = try await store.service(newcomer)
        let pageDuring = try await store.services(after: nil, limit: 100).count
        proceed.signal()
        let run = try await committed

        #expect(servicesDuring == 20 && pageDuring == 20)
        #expect(newcomerDuring == nil)
        #expect(run.added == 60)
        #expect(try await store.statistics(asOf: Fixtures.t0).services == 40)
        #expect(try await store.service(newcomer) != nil)
    }

    /// The files a process killed mid-run leaves behind (the database and its WAL, as they are
    /// at that moment) open on the old directory: SQLite ignores WAL frames of a transaction
    /// that never committed.
    @Test func aCopyTakenInTheMiddleOfARunOpensOnTheOldDirectory() async throws {
        let path = try StoreKind.temporaryDatabasePath()
        // SQLite's default cache, so the run outgrows it as a large feed outgrows any cache.
        let store = try SQLiteDirectoryStore(path: path, domainMapping: Fixtures.domainMapping, refreshCacheKibibytes: 2_000)
        try await load(store, Fixtures.agencies(1...10), at: t1)
        let wal = path + "-wal"
        let walBefore = try Self.size(wal)
        // Large enough that SQLite spills uncommitted pages into the WAL before the commit.
        var big = Fixtures.agencies(11...1_510)
        for index in big.indices {
            big[index].services[0].description = String(repeating: "Beds, meals and showers. ", count: 80)
        }
        let chunks = Fixtures.chunks(big, perChunk: 50)
        let copy = try StoreKind.temporaryDatabasePath()
        let (reached, signal) = AsyncStream.makeStream(of: Void.self)
        let proceed = DispatchSemaphore(value: 0)

        async let committed: FeedRun = {
            defer { signal.finish() }
            return try await store.refresh(
                feed: Fixtures.county, fileHash: "big", now: t2, policy: RefreshPolicy(isFullExport: false)
            ) { sink in
                for chunk in chunks { try sink.add(chunk) }
                signal.yield()
                proceed.wait()
            }
        }()
        var iterator = reached.makeAsyncIterator()
        let inside: Void? = await iterator.next()
        let walDuring = try Self.size(wal)
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.copyItem(atPath: wal, toPath: copy + "-wal")
        proceed.signal()
        let run = try await committed

        #expect(inside != nil)
        #expect(walDuring > walBefore + 1_000_000, "the run's pages should have reached the WAL uncommitted")
        #expect(run.added == 9_000)
        let recovered = try SQLiteDirectoryStore(path: copy, domainMapping: Fixtures.domainMapping)
        #expect(try await recovered.statistics(asOf: Fixtures.t0).services == 20)
        #expect(try await recovered.service(big[0].serviceIDs[0]) == nil)
        #expect(try await recovered.feedRuns(feed: nil, limit: 10).count == 1)
        #expect(try await store.statistics(asOf: Fixtures.t0).services == 3_020)
    }

    @Test func aSinkKeptPastItsRunRefusesBatches() async throws {
        let (store, _) = try fileStore()
        var kept: (any FeedSink)?

        _ = try await store.refresh(feed: Fixtures.county, fileHash: "x", now: t1, policy: RefreshPolicy()) { sink in
            kept = sink
        }

        #expect(throws: StoreError.self) { try kept?.add(Fixtures.agency(1).batch) }
        #expect(try await store.statistics(asOf: Fixtures.t0).services == 0)
    }

    static func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }
}

/// Waits for async work from a thread outside the cooperative pool (the store's writer, where a
/// refresh's producer runs), as a feed reader calling back into other services would.
enum Blocking {
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.set(.success(try await work())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try box.get()
    }

    private final class ResultBox<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<T, any Error>?
        func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
        func get() throws -> T { try lock.withLock { result! }.get() }
    }
}
