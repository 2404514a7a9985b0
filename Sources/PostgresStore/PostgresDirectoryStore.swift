public import DirectoryStore
public import Foundation
import Logging
import PostgresNIO
public import SwitchboardCore

/// The directory in PostgreSQL: the store several server instances share.
///
/// It runs the very SQL of ``SQLiteDirectoryStore`` (`DirectorySQL`, `ReferralOperations`, the
/// refresh's ledger and feed units), one transaction per call, on connections from a
/// `PostgresClient` pool. That SQL is synchronous (a refresh's producer hands batches to a sink
/// from inside the transaction), and postgres-nio is asynchronous: each transaction therefore
/// runs its SQL on a thread of its own, which waits for each statement's future while the event
/// loop does the I/O (`PostgresSession`). No event-loop thread and no thread of Swift's
/// cooperative pool ever blocks.
///
/// The schema is migrated on first use (`PostgresMigrations`, listed in `schema_migrations`,
/// under an advisory lock so that instances starting together migrate once). `schema` puts the
/// tables in a schema of their own (tests use one per store).
public final class PostgresDirectoryStore: DirectoryStore, Sendable {
    public let domainMapping: DomainMapping
    let client: PostgresClient
    let logger: Logger
    /// For the connections that are not the pool's: the change watch's and the exclusive jobs'.
    let connectionConfiguration: PostgresConnection.Configuration
    /// The schema the tables are in, when not the default: it scopes notification channels and job locks.
    let schema: String?
    let running: Task<Void, Never>
    let migrated: Task<Void, any Error>

    /// Connects to `postgres://user[:password]@host[:port]/database[?application_name=NAME&schema=NAME]`
    /// (no TLS: a loopback or private network). The application name (default "switchboard") is
    /// what `pg_stat_activity` shows for this process's connections, so an operator can tell
    /// instances apart; `schema` (or the `schema` argument, which wins) keeps the tables in a schema
    /// of their own, created if missing, so one database can hold several installations.
    /// - Throws: ``StoreError`` `.openFailed` for an address that is not one, or a schema name
    ///   that is not letters, digits and underscores.
    public init(url: String, schema: String? = nil, domainMapping: DomainMapping) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw StoreError(.openFailed, "Not a PostgreSQL address (postgres://user@host:port/database)")
        }
        let schema = schema ?? components.queryItems?.first { $0.name == "schema" }?.value
        // It is spliced into CREATE SCHEMA and search_path, so only a plain identifier will do.
        if let schema, schema.isEmpty || !schema.unicodeScalars.allSatisfy({ ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "_" }) {
            throw StoreError(.openFailed, "The schema name must be letters, digits and underscores")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: .disable
        )
        let applicationName = components.queryItems?.first { $0.name == "application_name" }?.value ?? "switchboard"
        var parameters = [("application_name", applicationName)]
        if let schema { parameters.append(("search_path", "\"\(schema)\"")) }
        configuration.options.additionalStartupParameters = parameters
        var single = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: .disable
        )
        single.options.additionalStartupParameters = parameters
        connectionConfiguration = single
        self.schema = schema
        self.domainMapping = domainMapping
        var logger = Logger(label: "switchboard.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        let migrationLogger = logger
        migrated = Task {
            try await client.withConnection { connection in
                try await Self.migrate(connection, schema: schema, logger: migrationLogger)
            }
        }
    }

    deinit {
        running.cancel()
    }

    /// Applies the migrations not yet listed in `schema_migrations`, all in one transaction.
    static func migrate(_ connection: PostgresConnection, schema: String?, logger: Logger) async throws {
        do {
            try await connection.query("BEGIN", logger: logger)
            do {
                // One migrator at a time across instances; released at the commit. The schema is
                // made under the lock too: two CREATE SCHEMA IF NOT EXISTS at once can both miss
                // it and one fails on the catalog's unique index.
                try await connection.query("SELECT pg_advisory_xact_lock(7707)", logger: logger)
                if let schema {
                    try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: logger)
                }
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())",
                    logger: logger)
                var applied = Set<String>()
                for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
                for migration in PostgresMigrations.all where !applied.contains(migration.name) {
                    for statement in migration.sql.components(separatedBy: ";\n")
                    where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
                }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.migrationFailed, "The PostgreSQL schema could not be migrated\(PostgresSession.sqlState(error))")
        }
    }

    /// The migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await read("Reading the migrations") { db in
            try db.fetchAll(String.self, sql: "SELECT name FROM schema_migrations ORDER BY applied_at, name")
        }
    }

    // MARK: Transactions

    /// One transaction whose SQL runs synchronously on a thread of its own (see the type's comment).
    func transaction<T>(
        _ operation: String, readOnly: Bool, _ body: UncheckedSendable<(any SQLSession) throws -> T>
    ) async throws -> T {
        do {
            try await migrated.value
        } catch {
            throw error as? StoreError ?? StoreError(.openFailed, "The PostgreSQL database could not be opened")
        }
        let logger = self.logger
        do {
            return try await client.withConnection { connection in
                try await connection.query(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger: logger)
                let session = UncheckedSendable(PostgresSession(connection: connection, logger: logger))
                do {
                    let result = try await Self.onThread { try body.value(session.value) }
                    try await connection.query("COMMIT", logger: logger)
                    return result.value
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as ReferralStoreError {
            throw error
        } catch let error as AccountStoreError {
            throw error
        } catch let error as RefreshRefused {
            throw error
        } catch let error as PSQLError {
            throw StoreError(readOnly ? .readFailed : .writeFailed, "\(operation) failed\(PostgresSession.sqlState(error))")
        } catch {
            // The refresh's own errors (a run abandoned with its counts, the producer's) pass through.
            throw error
        }
    }

    /// Runs `body` on a new thread and waits for it without blocking the caller's thread.
    ///
    /// The thread lets go of `body` before it hands the result back: a refresh's producer is only
    /// borrowed (`withoutActuallyEscaping`) and must not outlive the call.
    static func onThread<T>(_ body: @escaping @Sendable () throws -> T) async throws -> UncheckedSendable<T> {
        let work = OneShot(body)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<UncheckedSendable<T>, any Error>) in
            let thread = Thread { continuation.resume(with: work.run()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    // MARK: DirectoryStore

    public func apply(_ batch: DirectoryBatch, now: Date) async throws -> ApplySummary {
        let mapping = domainMapping
        let channel = changeChannel
        return try await write("Applying a batch") { db in
            let summary = try DirectorySQL.apply(db, batch, now: now, mapping: mapping)
            try Self.notify(db, channel: channel, payload: Self.appliedPayload)
            return summary
        }
    }

    public func service(_ id: ServiceID) async throws -> ServiceRecord? {
        try await read("Reading a service") { db in try DirectorySQL.service(db, id) }
    }

    public func services(after cursor: ServiceID?, limit: Int) async throws -> [ServiceRecord] {
        try await read("Reading a page of services") { db in try DirectorySQL.services(db, after: cursor, limit: limit) }
    }

    public func services(_ ids: [ServiceID]) async throws -> [ServiceRecord] {
        try await read("Reading services") { db in try DirectorySQL.services(db, ids: ids) }
    }

    public func listings(_ ids: [ServiceID]) async throws -> [ListedService] {
        try await read("Reading services") { db in try DirectorySQL.listings(db, ids: ids) }
    }

    public func organization(_ id: OrganizationID) async throws -> Organization? {
        try await read("Reading an organization") { db in try DirectorySQL.organization(db, id) }
    }

    public func organizations(after cursor: OrganizationID?, limit: Int) async throws -> [Organization] {
        try await read("Reading a page of organizations") { db in try DirectorySQL.organizations(db, after: cursor, limit: limit) }
    }

    public func organizations(offset: Int, limit: Int) async throws -> [Organization] {
        try await read("Reading a page of organizations") { db in try DirectorySQL.organizations(db, offset: offset, limit: limit) }
    }

    public func organizations(mentioning fragments: [String]) async throws -> [Organization] {
        try await read("Searching organizations") { db in try DirectorySQL.organizations(db, mentioning: fragments) }
    }

    public func organizationCount() async throws -> Int {
        try await read("Counting organizations") { db in try DirectorySQL.organizationCount(db) }
    }

    public func location(_ id: LocationID) async throws -> Location? {
        try await read("Reading a location") { db in try DirectorySQL.location(db, id) }
    }

    public func locations(after cursor: LocationID?, limit: Int) async throws -> [Location] {
        try await read("Reading a page of locations") { db in try DirectorySQL.locations(db, after: cursor, limit: limit) }
    }

    public func programs() async throws -> [Program] {
        try await read("Reading programs") { db in try DirectorySQL.programs(db, "ORDER BY id", []) }
    }

    public func taxonomies() async throws -> [Taxonomy] {
        try await read("Reading taxonomies") { db in try DirectorySQL.taxonomies(db, "ORDER BY id", []) }
    }

    public func taxonomyTerms() async throws -> [TaxonomyTerm] {
        try await read("Reading taxonomy terms") { db in try DirectorySQL.taxonomyTerms(db, "ORDER BY id", []) }
    }

    public func statistics(asOf now: Date) async throws -> DirectoryStatistics {
        try await read("Counting the directory") { db in try DirectorySQL.statistics(db, asOf: now) }
    }
}

extension PostgresDirectoryStore: SQLTransacting {
    package func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await transaction(operation, readOnly: true, UncheckedSendable(body))
    }

    package func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await transaction(operation, readOnly: false, UncheckedSendable(body))
    }
}

extension PostgresDirectoryStore: DirectoryRefreshing {
    /// One feed export in one transaction: other connections see the old directory until the commit.
    public func refresh(
        feed: FeedName, fileHash: String, now: Date, policy: RefreshPolicy,
        produce: (any FeedSink) throws -> Void
    ) async throws -> FeedRun {
        let mapping = domainMapping
        let channel = changeChannel
        return try await DirectorySQL.refresh(
            feed: feed, fileHash: fileHash, now: now, produce: produce,
            transaction: { body in try await transaction("Refreshing feed \(feed)", readOnly: false, body) },
            run: { db, produce, finishedAt in
                let run = try DirectorySQL.refreshInTransaction(
                    db, feed: feed, fileHash: fileHash, now: now, policy: policy, mapping: mapping,
                    produce: produce, finishedAt: finishedAt
                )
                // Inside the run's transaction: PostgreSQL delivers it at the commit, and never for a rollback.
                try Self.notify(db, channel: channel, payload: Self.refreshedPayload(run.id))
                return run
            },
            record: { run in try await self.write("Recording a refresh") { db in try DirectorySQL.insert(run, db) } }
        )
    }

    public func feedRuns(feed: FeedName?, limit: Int) async throws -> [FeedRun] {
        try await read("Reading the refresh history") { db in try DirectorySQL.feedRuns(db, feed: feed, limit: limit) }
    }

    public func directoryRevision() async throws -> Int64 {
        try await read("Reading the directory's revision") { db in try DirectorySQL.directoryRevision(db) }
    }

    public func fetchValidators(feed: FeedName) async throws -> FeedValidators? {
        try await read("Reading the feed's fetch validators") { db in try DirectorySQL.fetchValidators(db, feed: feed) }
    }

    public func saveFetchValidators(_ validators: FeedValidators, feed: FeedName) async throws {
        try await write("Saving the feed's fetch validators") { db in try DirectorySQL.saveFetchValidators(db, validators, feed: feed) }
    }
}

/// A closure run once and dropped as it finishes.
private final class OneShot<T>: @unchecked Sendable {
    private var body: (() throws -> T)?
    init(_ body: @escaping () throws -> T) { self.body = body }

    func run() -> Result<UncheckedSendable<T>, any Error> {
        guard let body else { return .failure(StoreError(.writeFailed, "A transaction's work ran twice")) }
        self.body = nil
        return Result { UncheckedSendable(try body()) }
    }
}
