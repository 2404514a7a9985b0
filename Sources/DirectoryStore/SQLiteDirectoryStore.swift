public import Foundation
import GRDB
public import SwitchboardCore

/// The directory in an SQLite database, through GRDB: the embedded default store.
///
/// A file path opens a `DatabasePool` (WAL: readers never wait for the writer, which matters
/// when an export pages through the directory while a feed refresh writes); `nil` opens a
/// private in-memory `DatabaseQueue`, for tests and one-shot commands. Either way foreign keys
/// are on and the schema is migrated when the store opens. See ``migrator`` for the layout.
///
/// All writes go through GRDB's single serialized writer, which is what makes the class
/// `Sendable` without locks of its own.
public final class SQLiteDirectoryStore: DirectoryStore {
    let writer: any DatabaseWriter
    /// Turns a service's taxonomy terms into domains when the service is written.
    public let domainMapping: DomainMapping
    /// SQLite's page cache during a refresh, in KiB: a run dirties pages all over the indexes,
    /// and with the default 2 MB they spill to the WAL and are written again and again. 12 MiB,
    /// not the 16 it was: a first import now maps on a second thread with a chunk more in memory,
    /// and the peak of a 150,000-service import has to stay under 100 MB (docs/benchmarks.md,
    /// "Session 10"; the time did not move).
    let refreshCacheKibibytes: Int

    /// Opens (creating if needed) and migrates a directory database.
    /// - Parameters:
    ///   - path: the database file; `nil` for a private in-memory database.
    ///   - domainMapping: how taxonomy codes map to domains, applied to services as they are written.
    /// - Throws: ``StoreError`` `.openFailed` or `.migrationFailed`.
    public convenience init(path: String?, domainMapping: DomainMapping) throws {
        try self.init(path: path, domainMapping: domainMapping, refreshCacheKibibytes: 12_288)
    }

    init(path: String?, domainMapping: DomainMapping, refreshCacheKibibytes: Int) throws {
        self.domainMapping = domainMapping
        self.refreshCacheKibibytes = refreshCacheKibibytes
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "switchboard.directory"
        // Another process (the server, a CLI sweep, a refresh) may hold the write lock for a moment:
        // wait for it rather than fail at once. GRDB's pool readers already wait 10 s.
        configuration.busyMode = .timeout(10)
        do {
            if let path {
                writer = try DatabasePool(path: path, configuration: configuration)
            } else {
                writer = try DatabaseQueue(configuration: configuration)
            }
        } catch {
            throw StoreError(.openFailed, "The directory database could not be opened", cause: error)
        }
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError(.migrationFailed, "The directory database could not be migrated", cause: error)
        }
    }

    // MARK: Writes

    public func apply(_ batch: DirectoryBatch, now: Date) async throws -> ApplySummary {
        let mapping = domainMapping
        return try await write("Applying a batch") { db in try DirectorySQL.apply(db, batch, now: now, mapping: mapping) }
    }

    // MARK: Reads

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

    // MARK: Plumbing

    /// One read transaction; any failure becomes a ``StoreError`` naming the operation.
    package func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        do {
            return try await writer.read { db in try body(GRDBSession(db)) }
        } catch let error as StoreError {
            throw error
        } catch let error as ReferralStoreError {
            throw error
        } catch {
            throw StoreError(.readFailed, "\(operation) failed", cause: error)
        }
    }

    /// One write transaction: if `body` throws, GRDB rolls everything back.
    package func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        do {
            return try await writer.write { db in try body(GRDBSession(db)) }
        } catch let error as StoreError {
            throw error
        } catch let error as AccountStoreError {
            throw error
        } catch let error as ReferralStoreError {
            // A refusal (a conflict, a retired service), not a failure: it reaches the caller as it is.
            throw error
        } catch {
            throw StoreError(.writeFailed, "\(operation) failed and was rolled back", cause: error)
        }
    }
}

// Hooks for the store's own tests, which check what SQLite enforces without going through the API.
extension SQLiteDirectoryStore {
    func appliedMigrations() async throws -> [String] {
        try await writer.read { db in try Self.migrator.appliedMigrations(db) }
    }

    func executeForTesting(_ sql: String) async throws {
        try await writer.write { db in try db.execute(sql: sql) }
    }

    func contentHashForTesting(_ table: String, _ id: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT content_hash FROM \(table) WHERE id = ?", arguments: [id])
        }
    }
}
extension SQLiteDirectoryStore: SQLTransacting {}

extension SQLiteDirectoryStore {
    /// One read transaction run synchronously on the caller's thread, for copying a whole
    /// database into another store's open transaction (`switchboard migrate-store`).
    package func readSynchronously<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try writer.read { db in try body(GRDBSession(db)) }
    }
}
