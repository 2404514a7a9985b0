import DirectoryStore
import Foundation
import PostgresStore
import SwitchboardCore

enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqliteMemory
    case sqliteFile
    /// The server `SWITCHBOARD_TEST_POSTGRES` names (`.ci/run` starts one); each store in a fresh schema.
    case postgres

    /// Every backend this run can test. PostgreSQL joins when `SWITCHBOARD_TEST_POSTGRES` is set;
    /// under CI (`CI=true`) it is always in, so a missing server fails the run instead of passing it.
    static let available: [StoreKind] = {
        let environment = ProcessInfo.processInfo.environment
        if environment["SWITCHBOARD_TEST_POSTGRES"] != nil || environment["CI"] == "true" {
            return [.sqliteMemory, .sqliteFile, .postgres]
        }
        print("note: SWITCHBOARD_TEST_POSTGRES is not set: the store tests run on SQLite only; `bash .ci/run` runs them on PostgreSQL too")
        return [.sqliteMemory, .sqliteFile]
    }()

    static func postgresStore(domainMapping: DomainMapping) throws -> PostgresDirectoryStore {
        try postgresStore(schema: freshSchema(), domainMapping: domainMapping)
    }

    /// A store on the test server in `schema`; two stores on one schema stand for two server
    /// instances sharing a database. `applicationName` tells its connections apart in `pg_stat_activity`.
    static func postgresStore(schema: String, applicationName: String? = nil, domainMapping: DomainMapping = Fixtures.domainMapping) throws -> PostgresDirectoryStore {
        guard let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES"] else {
            throw StoreError(.openFailed, "SWITCHBOARD_TEST_POSTGRES is not set: start PostgreSQL and set it (see .ci/run)")
        }
        let named = applicationName.map { url + (url.contains("?") ? "&" : "?") + "application_name=\($0)" } ?? url
        return try PostgresDirectoryStore(url: named, schema: schema, domainMapping: domainMapping)
    }

    static func freshSchema() -> String { "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") }

    var description: String { rawValue }

    func makeStore(domainMapping: DomainMapping = Fixtures.domainMapping) throws -> any DirectoryStore {
        switch self {
        case .sqliteMemory: try SQLiteDirectoryStore(path: nil, domainMapping: domainMapping)
        case .sqliteFile: try SQLiteDirectoryStore(path: Self.temporaryDatabasePath(), domainMapping: domainMapping)
        case .postgres: try Self.postgresStore(domainMapping: domainMapping)
        }
    }

    func makeRefreshingStore(domainMapping: DomainMapping = Fixtures.domainMapping) throws -> any DirectoryRefreshing {
        switch self {
        case .sqliteMemory: try SQLiteDirectoryStore(path: nil, domainMapping: domainMapping)
        case .sqliteFile: try SQLiteDirectoryStore(path: Self.temporaryDatabasePath(), domainMapping: domainMapping)
        case .postgres: try Self.postgresStore(domainMapping: domainMapping)
        }
    }

    /// A store that keeps referrals next to the directory they point at.
    func makeReferralStore(domainMapping: DomainMapping = Fixtures.domainMapping) throws -> any DirectoryStore & ReferralStore {
        switch self {
        case .sqliteMemory: try SQLiteDirectoryStore(path: nil, domainMapping: domainMapping)
        case .sqliteFile: try SQLiteDirectoryStore(path: Self.temporaryDatabasePath(), domainMapping: domainMapping)
        case .postgres: try Self.postgresStore(domainMapping: domainMapping)
        }
    }

    /// A store that keeps accounts and the audit log.
    func makeAccountStore() throws -> any AccountStore {
        switch self {
        case .sqliteMemory: try SQLiteDirectoryStore(path: nil, domainMapping: Fixtures.domainMapping)
        case .sqliteFile: try SQLiteDirectoryStore(path: Self.temporaryDatabasePath(), domainMapping: Fixtures.domainMapping)
        case .postgres: try Self.postgresStore(domainMapping: Fixtures.domainMapping)
        }
    }

    static func temporaryDatabasePath() throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-store-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("\(UUID().uuidString).sqlite").path
    }
}
