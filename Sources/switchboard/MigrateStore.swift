import ArgumentParser
import DirectoryStore
import Foundation
import PostgresStore
import Workflows

/// `switchboard migrate-store`: moves a whole installation from its SQLite file to PostgreSQL.
struct MigrateStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy a whole installation from SQLite to PostgreSQL, counts checked.",
        discussion: """
            Copies the directory, the feed runs, fetch validators and feed units, and the referrals
            (clients, consents, referrals, their full event history, idempotency keys), the accounts
            (organizations, users, sessions, API tokens) and the audit log row for row,
            in one PostgreSQL transaction, into a database that holds no directory yet. At the end
            the row count of every table is compared on both sides; any difference rolls the copy back.

              switchboard migrate-store --from sqlite:switchboard.sqlite --to postgres://switchboard@db:5432/switchboard
            """
    )

    /// The tables copied, parents before children. A migration that adds tables to both schemas adds them here
    /// (not `directory_revision`: each database counts its own changes, and a server builds its index at start).
    static let tables = [
        "taxonomy", "taxonomy_term", "organization", "program", "location", "service", "service_at_location",
        "service_taxonomy_term", "service_domain", "feed_run", "feed_validators", "feed_unit",
        "client", "consent", "referral", "referral_event", "referral_idempotency",
        "account_organization", "account", "session", "api_token", "audit_event",
    ]

    @Option(help: ArgumentHelp("The SQLite database to copy.", valueName: "sqlite:path"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL database to fill.", valueName: "postgres://user@host:port/database"))
    var to: String

    func validate() throws {
        guard to.hasPrefix("postgres://") || to.hasPrefix("postgresql://") else {
            throw ValidationError("--to must be a postgres:// address")
        }
    }

    func run() async throws {
        let path = from.hasPrefix("sqlite:") ? String(from.dropFirst("sqlite:".count)) : from
        guard FileManager.default.fileExists(atPath: path) else {
            printError("switchboard migrate-store: no database at \(path)")
            throw ExitCode.failure
        }
        let installation = try Installation.locate()
        let source = try SQLiteDirectoryStore(path: path, domainMapping: installation.domainMapping)
        let target = try PostgresDirectoryStore(url: to, domainMapping: installation.domainMapping)
        let tables = Self.tables
        let counts = try await target.write("Copying the installation") { destination in
            guard try destination.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM service") == 0,
                try destination.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM referral") == 0,
                try destination.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM account") == 0
            else {
                throw StoreError(.writeFailed, "The PostgreSQL database holds a directory already: migrate into an empty one")
            }
            return try source.readSynchronously { origin in
                var counts: [(String, Int)] = []
                for table in tables {
                    let copied = try Self.copy(table, from: origin, to: destination)
                    let there = try destination.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM \(table)") ?? -1
                    let here = try origin.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM \(table)") ?? -1
                    guard here == there, copied == here else {
                        throw StoreError(.writeFailed, "\(table): \(here) rows in SQLite, \(there) in PostgreSQL; nothing was kept")
                    }
                    counts.append((table, there))
                }
                // feed_run and audit_event ids were copied: their sequences go on after them.
                for table in ["feed_run", "audit_event"] {
                    try destination.execute(
                        sql: "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)")
                }
                return counts.map { "\($0.0) \($0.1)" }
            }
        }
        for line in counts { print(line) }
        print("copied \(tables.count) tables; every count matches")
    }

    /// Copies one table in multi-row INSERTs of up to 500 rows; returns the rows copied.
    static func copy(_ table: String, from origin: any SQLSession, to destination: any SQLSession) throws -> Int {
        var columns: [String] = []
        try origin.forEachRow(sql: "SELECT name FROM pragma_table_info('\(table)') ORDER BY cid", arguments: [], cached: false) {
            columns.append($0[0])
        }
        let width = columns.count
        var pending: [SQLValue] = []
        var copied = 0
        func flush() throws {
            guard !pending.isEmpty else { return }
            let rows = pending.count / width
            let row = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
            try destination.execute(
                sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                    + Array(repeating: row, count: rows).joined(separator: ", "),
                arguments: SQLArguments(values: pending)
            )
            copied += rows
            pending.removeAll(keepingCapacity: true)
        }
        try origin.forEachRow(sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table)", arguments: [], cached: false) { row in
            for index in 0..<width { pending.append(row.value(at: index)) }
            if pending.count >= 500 * width { try flush() }
        }
        try flush()
        return copied
    }
}
