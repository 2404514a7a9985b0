import ArgumentParser
import Foundation
import DirectoryStore
import Logging
import Matching
import Referrals
import SwitchboardCore
import SwitchboardServer
import Workflows

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the Switchboard server: the web app, the HSDS API and our API.",
        discussion: """
            Opens the directory database (the demo county is loaded into an empty one) and serves \
            on --host and --port until SIGTERM or SIGINT, which finish the requests in flight and stop \
            the referral sweep cleanly. Options fall back to environment variables: SWITCHBOARD_HOST, \
            SWITCHBOARD_PORT, SWITCHBOARD_DATABASE, SWITCHBOARD_PUBLIC_DIRECTORY=1, \
            SWITCHBOARD_SECURE_COOKIES=1, LOG_LEVEL.

            With --demo-accounts (only on a database without accounts), one account per role is \
            created and printed; otherwise create the first administrator with `switchboard users add`.
            """
    )

    @OptionGroup var options: DatabaseOptions

    @Option(help: "The address to listen on (SWITCHBOARD_HOST).")
    var host: String = ProcessInfo.processInfo.environment["SWITCHBOARD_HOST"] ?? "127.0.0.1"

    @Option(help: "The port to listen on (SWITCHBOARD_PORT).")
    var port: Int = Int(ProcessInfo.processInfo.environment["SWITCHBOARD_PORT"] ?? "") ?? 8080

    @Flag(help: "Do not load the demo directory into an empty database.")
    var noDemo = false

    @Flag(help: "Create one demo account per role in a database that has no accounts, and print them. Never in production.")
    var demoAccounts = false

    @Flag(help: "Let anyone read the directory without signing in (SWITCHBOARD_PUBLIC_DIRECTORY=1).")
    var publicDirectory = ProcessInfo.processInfo.environment["SWITCHBOARD_PUBLIC_DIRECTORY"] == "1"

    @Flag(help: "Mark cookies Secure, for a server behind HTTPS (SWITCHBOARD_SECURE_COOKIES=1).")
    var secureCookies = ProcessInfo.processInfo.environment["SWITCHBOARD_SECURE_COOKIES"] == "1"

    @Option(help: "Seconds between referral sweeps (reminders, deadlines, expiry); 0 for none.")
    var sweepSeconds: Int = 300

    @Option(help: "On SQLite, seconds between checks for directory changes committed by another process (feeds refresh, import; then the search index is rebuilt); 0 for none. On PostgreSQL the server listens for them instead (LISTEN/NOTIFY).")
    var indexCheckSeconds: Int = 5

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard sweepSeconds >= 0 else { throw ValidationError("--sweep-seconds cannot be negative") }
        guard indexCheckSeconds >= 0 else { throw ValidationError("--index-check-seconds cannot be negative") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let (installation, store) = try options.open()
        // Instances starting together on an empty PostgreSQL database: one loads the demo data,
        // the others wait for it and then find it there (on SQLite this simply runs).
        _ = try await store.withExclusiveJob(.firstStart, ifBusy: .wait) {
            try await firstStart(store: store, installation: installation)
        }
        var configuration = ServerConfiguration(
            host: host, port: port, publicDirectory: publicDirectory, secureCookies: secureCookies,
            sweepInterval: sweepSeconds == 0 ? nil : .seconds(sweepSeconds),
            feedList: installation.directoryFolder.appendingPathComponent("feeds.json"),
            downloads: options.downloads,
            airsNames: installation.airsNames)
        configuration.zipCodes = try installation.loadZIPCodes()
        configuration.povertyGuidelines = try installation.loadPovertyGuidelines()
        configuration.indexCheckInterval = indexCheckSeconds == 0 ? nil : .seconds(indexCheckSeconds)
        print("Building the search index…")
        fflush(nil)
        let app = try await buildApplication(configuration: configuration, stores: ServerStores(store),
            logger: Logger(label: "switchboard"))
        print("Serving on http://\(host):\(port)/app (web), http://\(host):\(port)/services (HSDS API), /openapi.json (our API). Stop with Ctrl-C.")
        fflush(nil)  // the lines above reach a pipe before the server blocks
        try await app.runService()
    }

    /// The demo directory in an empty database, the demo accounts when asked, and what there is.
    private func firstStart(store: any SwitchboardStore, installation: Installation) async throws {
        if !noDemo, let report = try await DemoDirectory.loadIfEmpty(store: store, installation: installation, progress: TerminalProgress(), now: Date()) {
            print("Loaded the demo directory: \(report.summary.services.added) services from \(installation.demoDirectory.lastPathComponent)")
        }
        let stats = try await store.statistics(asOf: Date())
        print("Switchboard directory at \(options.displayName): \(stats.services) services from \(stats.organizations) organizations")
        if demoAccounts {
            let created = try await DemoAccounts.createIfNone(store: store)
            if created.isEmpty {
                print("Demo accounts: not created (this database has accounts already).")
            } else {
                print("Demo accounts (password \(DemoAccounts.password)):")
                for account in created { print("  \(account.role.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) \(account.username)") }
            }
        } else if try await store.accountCount() == 0 {
            print("No accounts yet: create an administrator with `swift run switchboard users add --role administrator --username admin --organization ops`.")
        }
    }
}
