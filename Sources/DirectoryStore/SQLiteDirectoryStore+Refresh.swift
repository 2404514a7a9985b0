public import Foundation
import GRDB
public import SwitchboardCore

extension SQLiteDirectoryStore: DirectoryRefreshing {
    /// Applies one feed export in one write transaction; see ``DirectoryRefreshing``.
    ///
    /// `produce` runs on the store's writer while the transaction is open, so it must not call
    /// this store (with an in-memory store that would wait for itself). Readers of a file-backed
    /// store keep seeing the directory as it was until the run commits. The history row of a
    /// committed run is written in the run's own transaction; that of a refused or failed run
    /// afterwards, in a transaction of its own (if even that fails, the original error is still
    /// what the caller gets).
    ///
    /// - Throws: ``RefreshRefused`` when the policy forbids the run; the producer's own error
    ///   when it throws; ``StoreError`` when the database fails. Nothing is kept in any of those cases.
    public func refresh(
        feed: FeedName, fileHash: String, now: Date, policy: RefreshPolicy,
        produce: (any FeedSink) throws -> Void
    ) async throws -> FeedRun {
        let mapping = domainMapping
        let cacheKibibytes = refreshCacheKibibytes
        return try await DirectorySQL.refresh(
            feed: feed, fileHash: fileHash, now: now, produce: produce,
            transaction: { body in
                try await writer.write { db in
                    // A run dirties pages all over the indexes; with SQLite's default 2 MB cache they spill to
                    // the WAL and are dirtied and written again and again. A bounded, larger cache for the run.
                    let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2_000
                    try db.execute(sql: "PRAGMA cache_size = \(-cacheKibibytes)")
                    defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
                    return try body.value(GRDBSession(db))
                }
            },
            run: { db, produce, finishedAt in
                // A first import into an empty directory adds every row: the indexes that only serve
                // reads (every one but the keys and the unique feed keys, which the run looks records
                // up by) are built once at the end, sorted from the rows, instead of kept up row by row
                // at random places: a quarter of a 150,000-service first import's time. A failed run
                // rolls the drop back with the rest; the indexes come back as the schema wrote them.
                let empty = try db.fetchOne(Bool.self, sql: """
                    SELECT NOT EXISTS (SELECT 1 FROM organization) AND NOT EXISTS (SELECT 1 FROM location)
                        AND NOT EXISTS (SELECT 1 FROM service)
                    """) ?? false
                let deferred = empty ? try Self.readOnlyIndexes(db) : []
                for index in deferred { try db.execute(sql: "DROP INDEX \(index.name)") }
                let run = try DirectorySQL.refreshInTransaction(
                    db, feed: feed, fileHash: fileHash, now: now, policy: policy, mapping: mapping,
                    produce: produce, finishedAt: finishedAt
                )
                for index in deferred { try db.execute(sql: index.sql) }
                return run
            },
            record: { run in try await self.writer.write { db in try DirectorySQL.insert(run, GRDBSession(db)) } }
        )
    }

    public func feedRuns(feed: FeedName?, limit: Int) async throws -> [FeedRun] {
        try await read("Reading the refresh history") { db in try DirectorySQL.feedRuns(db, feed: feed, limit: limit) }
    }

    public func directoryRevision() async throws -> Int64 {
        try await read("Reading the directory's revision") { db in try DirectorySQL.directoryRevision(db) }
    }
}

extension DirectorySQL {
    /// The work of ``DirectoryRefreshing/refresh(feed:fileHash:now:policy:produce:)`` that is the same
    /// on every backend: the run inside the store's write transaction, and the history of a run
    /// that could not be kept, written afterwards in a transaction of its own (if even that fails,
    /// the original error is still what the caller gets).
    /// - Parameters:
    ///   - transaction: runs its argument inside one write transaction of the store, synchronously
    ///     on a thread that may block, and commits if it returns.
    ///   - run: the run itself, given the transaction's session (``refreshInTransaction``).
    ///   - record: writes a history row in a transaction of its own.
    package static func refresh(
        feed: FeedName, fileHash: String, now: Date,
        produce: (any FeedSink) throws -> Void,
        transaction: (UncheckedSendable<(any SQLSession) throws -> FeedRun>) async throws -> FeedRun,
        run: @escaping (any SQLSession, (any FeedSink) throws -> Void, () -> Date) throws -> FeedRun,
        record: (FeedRun) async throws -> Int64
    ) async throws -> FeedRun {
        let clock = ContinuousClock()
        let start = clock.now
        let finishedAt: @Sendable () -> Date = { now.addingTimeInterval((clock.now - start).seconds) }
        do {
            return try await withoutActuallyEscaping(produce) { produce in
                // Sound although `produce` is not Sendable: it is called only from the transaction below,
                // which this function awaits, so it never runs concurrently with its caller.
                try await transaction(UncheckedSendable { db in try run(db, produce, finishedAt) })
            }
        } catch let abandoned as AbandonedRun {
            var run = abandoned.run
            run.id = try? await record(run)
            if let refusal = abandoned.refusal {
                throw RefreshRefused(run: run, wouldRetire: refusal.wouldRetire, activeBefore: refusal.activeBefore)
            }
            throw surfaced(abandoned.cause, feed: feed)
        } catch {
            var run = FeedRun(
                feed: feed, fileHash: fileHash, startedAt: now, finishedAt: finishedAt(), outcome: .failed,
                message: loggable(error)
            )
            run.id = try? await record(run)
            throw surfaced(error, feed: feed)
        }
    }

    package static func feedRuns(_ db: any SQLSession, feed: FeedName?, limit: Int) throws -> [FeedRun] {
        var sql = "SELECT * FROM feed_run"
        var arguments: SQLArguments = []
        if let feed {
            sql += " WHERE feed = ?"
            arguments += [feed.rawValue]
        }
        sql += " ORDER BY id DESC LIMIT ?"
        arguments += [max(limit, 0)]
        return try db.fetchAll(sql: sql, arguments: arguments).map(feedRun(from:))
    }

    // MARK: Inside the transaction

    /// The whole run; anything thrown rolls it back. A run that cannot be kept throws an
    /// ``AbandonedRun`` carrying what it had done, for the history.
    package static func refreshInTransaction(
        _ db: any SQLSession, feed: FeedName, fileHash: String, now: Date, policy: RefreshPolicy, mapping: DomainMapping,
        produce: (any FeedSink) throws -> Void, finishedAt: () -> Date
    ) throws -> FeedRun {
        let run = try RefreshRun(db: db, feed: feed, now: now, policy: policy)
        let sink = RefreshSink(db: db, run: run, mapping: mapping)
        do {
            defer { sink.close() }
            try produce(sink)
            if let failure = sink.failure { throw failure }
            if policy.isFullExport {
                try run.retireUnlisted(db)
                try run.units.forgetUnused(db)
            }
        } catch {
            throw AbandonedRun(
                run: run.feedRun(fileHash: fileHash, outcome: .failed, finishedAt: finishedAt(), message: loggable(error)),
                cause: error
            )
        }
        if let refusal = run.refusal {
            let share = Int((Double(refusal.wouldRetire) / Double(refusal.activeBefore) * 100).rounded())
            let message = "would retire \(refusal.wouldRetire) of \(refusal.activeBefore) active services (\(share)%), "
                + "more than the policy's \(Int((policy.maximumRetiredShare * 100).rounded()))%"
            throw AbandonedRun(
                run: run.feedRun(fileHash: fileHash, outcome: .refused, finishedAt: finishedAt(), message: message),
                cause: nil, refusal: refusal
            )
        }
        var committed = run.feedRun(fileHash: fileHash, outcome: .committed, finishedAt: finishedAt())
        committed.id = try insert(committed, db)
        try advanceDirectoryRevision(db)
        return committed
    }

    /// A run rolled back, with what it had done when it stopped.
    struct AbandonedRun: Error {
        var run: FeedRun
        var cause: (any Error)?
        var refusal: (wouldRetire: Int, activeBefore: Int)?
    }

    // MARK: History

    package static func insert(_ run: FeedRun, _ db: any SQLSession) throws -> Int64 {
        try db.fetchOne(Int64.self, 
            sql: """
                INSERT INTO feed_run (
                    feed, file_hash, started_at, finished_at, outcome, added, updated, unchanged, retired, revived,
                    rejected, warnings, message
                ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id
                """,
            arguments: [
                run.feed.rawValue, run.fileHash, StoredForm.seconds(run.startedAt), StoredForm.seconds(run.finishedAt),
                run.outcome.rawValue, run.added, run.updated, run.unchanged, run.retired, run.revived, run.rejected,
                run.warnings, run.message,
            ]
        ) ?? 0
    }

    private static func feedRun(from row: SQLRow) throws -> FeedRun {
        guard let outcome = FeedRun.Outcome(rawValue: row["outcome"]) else {
            throw StoreError(.corruptRow, "A row of feed_run has an unknown outcome")
        }
        return FeedRun(
            id: row["id"], feed: FeedName(row["feed"] as String), fileHash: row["file_hash"],
            startedAt: StoredForm.date(row["started_at"]), finishedAt: StoredForm.date(row["finished_at"]),
            outcome: outcome, added: row["added"], updated: row["updated"], unchanged: row["unchanged"],
            retired: row["retired"], revived: row["revived"], rejected: row["rejected"], warnings: row["warnings"],
            message: row["message"]
        )
    }

    // MARK: Errors

    /// What the caller gets: its own and the store's errors as they are, the database's wrapped.
    package static func surfaced(_ error: (any Error)?, feed: FeedName) -> any Error {
        switch error {
        case let error as StoreError: error
        case let error as DatabaseError:
            StoreError(.writeFailed, "Refreshing feed \(feed) failed and was rolled back", cause: error)
        case let error?: error
        case nil: StoreError(.writeFailed, "Refreshing feed \(feed) failed and was rolled back")
        }
    }

    /// An error in words fit for the history and the logs: the store's own descriptions carry
    /// no record values; encoding errors can quote one, so only their kind is kept.
    static func loggable(_ error: any Error) -> String {
        switch error {
        case let error as StoreError: error.description
        case let error as DatabaseError: StoreError.summary(of: error)
        case is EncodingError, is DecodingError: String(describing: type(of: error))
        case let error as any CustomStringConvertible: error.description
        default: String(describing: type(of: error))
        }
    }
}

/// A value the compiler cannot prove Sendable, moved across under a guarantee stated where it is made.
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension SQLiteDirectoryStore {
    public func fetchValidators(feed: FeedName) async throws -> FeedValidators? {
        try await read("Reading the feed's fetch validators") { db in try DirectorySQL.fetchValidators(db, feed: feed) }
    }

    public func saveFetchValidators(_ validators: FeedValidators, feed: FeedName) async throws {
        try await write("Saving the feed's fetch validators") { db in try DirectorySQL.saveFetchValidators(db, validators, feed: feed) }
    }
}

extension DirectorySQL {
    package static func fetchValidators(_ db: any SQLSession, feed: FeedName) throws -> FeedValidators? {
        try db.fetchOne(sql: "SELECT etag, last_modified FROM feed_validators WHERE feed = ?", arguments: [feed.rawValue])
            .map { FeedValidators(etag: $0["etag"], lastModified: $0["last_modified"]) }
    }

    package static func saveFetchValidators(_ db: any SQLSession, _ validators: FeedValidators, feed: FeedName) throws {
        try db.execute(sql: """
            INSERT INTO feed_validators (feed, etag, last_modified) VALUES (?, ?, ?)
            ON CONFLICT(feed) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified
            """, arguments: [feed.rawValue, validators.etag, validators.lastModified])
    }
}
