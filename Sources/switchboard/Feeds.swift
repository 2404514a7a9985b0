import ArgumentParser
import Foundation
import SwitchboardCore
import DirectoryStore
import FeedImport
import Workflows

struct Feeds: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The feeds the directory is kept fresh from (Directory/feeds.json): list, refresh, history.",
        subcommands: [List.self, Refresh.self, History.self]
    )

    struct FeedListOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The feed list (default: Directory/feeds.json).", valueName: "path"))
        var feeds: String?

        func load(_ installation: Installation) throws -> (FeedList, URL) {
            let url = feeds.map { URL(fileURLWithPath: $0) } ?? installation.directoryFolder.appendingPathComponent("feeds.json")
            return (try FeedList.load(from: url), url.deletingLastPathComponent())
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The feeds, their sources and last runs.")
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var list: FeedListOptions

        func run() async throws {
            let installation = try Installation.locate()
            let (feeds, _) = try list.load(installation)
            let store = try options.open(with: installation)
            for entry in feeds.feeds {
                let last = try await store.feedRuns(feed: entry.name, limit: 1).first
                let when = last.map { "last run \(Timestamp.string($0.finishedAt)) (\($0.outcome.rawValue))" } ?? "never run"
                print("\(entry.name)  \(entry.format ?? "auto")  \(entry.source)  \(when)")
                if let description = entry.description { print("    \(description)") }
            }
        }
    }

    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch and import feeds as full exports: add, update, retire what is gone.",
            discussion: """
                A remote feed is downloaded with a conditional GET: when the server says it has not \
                changed (304), nothing is imported. Each file goes in as one transaction. A feed that \
                would retire more than its share (default 30%) of the services it supplied is refused \
                and nothing changes: check the file, then use --force if the feed really shrank.
                Exit codes: 0 all refreshed; 1 a feed failed or was refused; 3 imported with rejected records.
                """
        )
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var list: FeedListOptions
        @Flag(help: "Refresh every feed in the list.") var all = false
        @Flag(help: "Apply even when more than the allowed share would be retired.") var force = false
        @Argument(help: "The feed to refresh.") var name: String?

        func validate() throws {
            if all == (name != nil) { throw ValidationError("name one feed, or pass --all") }
        }

        func run() async throws {
            let installation = try Installation.locate()
            let (feeds, base) = try list.load(installation)
            let entries = all ? feeds.feeds : try [feeds.entry(named: name!) ?? { throw ValidationError("no feed named \(name!) in the feed list") }()]
            let store = try options.open(with: installation)
            // Next to a SQLite file; in the working folder for a PostgreSQL database.
            let downloads = (options.isPostgres ? URL(fileURLWithPath: ".") : URL(fileURLWithPath: options.path).deletingLastPathComponent())
                .appendingPathComponent("feed-downloads")
            var failed = false, rejected = false
            for entry in entries {
                let refresh = FeedRefresh(store: store, progress: TerminalProgress(), airsNames: installation.airsNames)
                do {
                    switch try await refresh.run(entry, base: base, downloads: downloads, force: force, now: Date()) {
                    case .notModified:
                        print("\(entry.name): not modified since the last refresh (304); nothing to import")
                    case .refreshed(let run):
                        for issue in run.issues { printError((issue.isWarning ? "warning: " : "rejected: ") + issue.description) }
                        print(Self.describe(run))
                        if run.rejected > 0 { rejected = true }
                    }
                } catch let refused as RefreshRefused {
                    printError("switchboard feeds refresh: \(refused)")
                    failed = true
                } catch {
                    printError("switchboard feeds refresh: \(entry.name): \(error)\nNothing was changed.")
                    failed = true
                }
            }
            if failed { throw ExitStatus.failure }
            if rejected { throw ExitStatus.someRecordsRejected }
        }

        static func describe(_ run: FeedRun) -> String {
            let seconds = run.finishedAt.timeIntervalSince(run.startedAt)
            let records = run.added + run.updated + run.unchanged + run.revived
            let rate = seconds > 0 ? " (\(Int(Double(records) / seconds)) records/s)" : ""
            return "\(run.feed): \(run.added) added, \(run.updated) updated, \(run.unchanged) unchanged, \(run.retired) retired, "
                + "\(run.revived) revived, \(run.rejected) rejected, \(run.warnings) warnings in \(String(format: "%.1f", seconds)) s\(rate)"
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Past refresh runs, newest first.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Only this feed.") var feed: String?
        @Option(help: "How many runs.") var limit: Int = 20
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let (_, store) = try options.open()
            let runs = try await store.feedRuns(feed: feed.map { FeedName($0) }, limit: limit)
            if json {
                try printJSON(runs)
                return
            }
            for run in runs {
                print("\(Timestamp.string(run.startedAt))  \(run.outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(Refresh.describe(run))  file \(run.fileHash.prefix(12))"
                    + (run.message.map { "  (\($0))" } ?? ""))
            }
        }
    }
}
