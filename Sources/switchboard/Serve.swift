import ArgumentParser
import Foundation
import DirectoryStore
import Workflows

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start Switchboard on the directory database (the demo county is loaded into an empty one).",
        discussion: """
            This release opens the directory, loads the demo directory on first start, and prints \
            a summary of what is in it. The web app and the HTTP API arrive in the next release; \
            --host and --port are accepted now so scripts need not change then.
            """
    )

    @OptionGroup var options: DatabaseOptions

    @Option(help: "The address to listen on (SWITCHBOARD_HOST).")
    var host: String = ProcessInfo.processInfo.environment["SWITCHBOARD_HOST"] ?? "127.0.0.1"

    @Option(help: "The port to listen on (SWITCHBOARD_PORT).")
    var port: Int = Int(ProcessInfo.processInfo.environment["SWITCHBOARD_PORT"] ?? "") ?? 8080

    @Flag(help: "Do not load the demo directory into an empty database.")
    var noDemo = false

    func run() async throws {
        let (installation, store) = try options.open()
        if !noDemo, let report = try await DemoDirectory.loadIfEmpty(store: store, installation: installation, progress: TerminalProgress(), now: Date()) {
            print("Loaded the demo directory: \(report.summary.services.added) services from \(installation.demoDirectory.lastPathComponent)")
        }
        let stats = try await store.statistics(asOf: Date())
        print("Switchboard directory at \(options.path)")
        print(Stats.describe(stats))
        let example = try await store.services(after: nil, limit: 1).first?.id.rawValue ?? "SERVICE_ID"
        print("""

            The web app and HTTP API (on http://\(host):\(port)) come in the next release.
            Meanwhile: `swift run switchboard show \(example)`, `swift run switchboard export --format hsds-json out/`.
            """)
    }
}
