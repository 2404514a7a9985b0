import ArgumentParser
import Foundation
import DirectoryStore
import PostgresStore
import Workflows

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "A directory of community providers and a referral matcher for case managers.",
        discussion: """
            The directory lives in one SQLite file (--database, default ./switchboard.sqlite, or \
            SWITCHBOARD_DATABASE). Feeds go in with `import`, come out with `export`.

            Exit codes: 0 success; 1 failure (nothing written); 64 bad command line (EX_USAGE); \
            3 imported, but some records were rejected (listed on standard error); 4 not found (also: \
            nothing matched a search or a match); 5 refused by the referral rules (an illegal move, a stale \
            version, missing consent).
            """,
        subcommands: [
            Serve.self, Users.self, Import.self, Feeds.self, Export.self, Generate.self, Stats.self, Show.self, Search.self, Match.self,
            ReferralsCommand.self, Bench.self, MigrateStore.self,
        ]
    )
}

/// Exit codes scripts can rely on (documented in `--help` and the README).
enum ExitStatus {
    static let failure = ExitCode(1)
    static let someRecordsRejected = ExitCode(3)
    static let notFound = ExitCode(4)
}

/// Options every command that opens the directory shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The directory database: a SQLite file path, or postgres://user@host:port/database (default: $SWITCHBOARD_DATABASE, else ./switchboard.sqlite).",
            valueName: "path-or-url"))
    var database: String?

    var path: String {
        database ?? ProcessInfo.processInfo.environment["SWITCHBOARD_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "switchboard.sqlite"
    }
}

extension DatabaseOptions {
    /// Finds `Directory/` and opens the directory database: every command that reads or writes it starts here.
    func open() throws -> (Installation, any SwitchboardStore) {
        let installation = try Installation.locate()
        return (installation, try open(with: installation))
    }

    /// A `postgres://` or `postgresql://` address opens PostgreSQL; anything else is a SQLite file.
    func open(with installation: Installation) throws -> any SwitchboardStore {
        if isPostgres {
            return try PostgresDirectoryStore(url: path, domainMapping: installation.domainMapping)
        }
        return try SQLiteDirectoryStore(path: path, domainMapping: installation.domainMapping)
    }

    var isPostgres: Bool { Self.isPostgres(path) }

    /// The database as it may be printed: a PostgreSQL address without its password.
    var displayName: String {
        guard isPostgres, var components = URLComponents(string: path), components.password != nil else { return path }
        components.password = "***"
        return components.string ?? "a PostgreSQL database"
    }

    /// Where feed downloads go: beside a SQLite file, or in the working directory for PostgreSQL.
    var downloads: URL {
        (isPostgres ? URL(fileURLWithPath: ".") : URL(fileURLWithPath: path).deletingLastPathComponent())
            .appendingPathComponent("feed-downloads")
    }

    static func isPostgres(_ location: String) -> Bool { location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") }
}

/// What the CLI needs of a store: the directory, its refresh, the referrals, the accounts and the
/// one-instance-at-a-time jobs, on either backend.
typealias SwitchboardStore = DirectoryRefreshing & ReferralStore & AccountStore & ExclusiveJobRunning


/// Prints a value as JSON on standard output, the one form scripts read (sorted keys, ISO 8601 dates).
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Prints to standard error, where messages for people go when standard output carries data.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
