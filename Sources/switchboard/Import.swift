import ArgumentParser
import Foundation
import SwitchboardCore
import DirectoryStore
import Workflows
import FeedImport

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add or update records from feed files (AIRS XML, HSDS JSON or NDJSON, HSDS CSV folders).",
        discussion: """
            The format is told from each file's content, not its name. All files go in as one \
            transaction: if anything fails while writing, the directory stays as it was. Records \
            that cannot be read or that point at missing records are skipped and listed on \
            standard error with file, line, record id and field; the rest go in (exit code 3). \
            A single AIRS XML file streams in with flat memory as a delta: it adds, updates and \
            applies delete stamps but retires nothing; `feeds refresh` treats a file as a feed's \
            full export.
            """
    )

    @OptionGroup var options: DatabaseOptions

    @Option(help: "The feed name recorded as each record's source (default: the first file's name).")
    var feed: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Argument(help: ArgumentHelp("Feed files or HSDS CSV folders.", valueName: "file"))
    var files: [String]

    func run() async throws {
        let (installation, store) = try options.open()
        if files.count == 1, (try? FeedFormat.detect(URL(fileURLWithPath: files[0]))) == .airsXML {
            try await importStreaming(URL(fileURLWithPath: files[0]), store: store, installation: installation)
            return
        }
        let workflow = ImportWorkflow(store: store, progress: TerminalProgress(quiet: json), airsNames: installation.airsNames)
        let report: ImportWorkflow.Report
        do {
            report = try await workflow.run(paths: files, feed: feed.map { FeedName($0) }, now: Date())
        } catch let error as ImportError {
            printError("switchboard import: \(error)\nNothing was written.")
            throw ExitStatus.failure
        }
        for issue in report.issues { printError((issue.isWarning ? "warning: " : "rejected: ") + issue.description) }
        if json {
            try printJSON(report.summary)
        } else {
            print(Self.describe(report))
        }
        if !report.errors.isEmpty { throw ExitStatus.someRecordsRejected }
    }

    /// One AIRS file streams through the store's refresh as a delta: flat memory whatever its size.
    func importStreaming(_ file: URL, store: any SwitchboardStore, installation: Installation) async throws {
        let feedName = FeedName(feed ?? file.deletingPathExtension().lastPathComponent)
        let run: FeedRun
        do {
            run = try await RefreshWorkflow(store: store, progress: TerminalProgress(quiet: json), airsNames: installation.airsNames)
                .run(file: file, feed: feedName, format: .airsXML, policy: RefreshPolicy(isFullExport: false), now: Date())
        } catch let error as ImportError {
            printError("switchboard import: \(error)\nNothing was written.")
            throw ExitStatus.failure
        }
        for issue in run.issues { printError((issue.isWarning ? "warning: " : "rejected: ") + issue.description) }
        if json {
            try printJSON(run)
        } else {
            print(Feeds.Refresh.describe(run))
        }
        if run.rejected > 0 { throw ExitStatus.someRecordsRejected }
    }

    static func describe(_ report: ImportWorkflow.Report) -> String {
        var lines: [String] = []
        for file in report.files {
            lines.append("\(file.path) (\(file.format)): \(file.services) services, \(file.organizations) organizations, \(file.locations) locations read")
        }
        func row(_ name: String, _ c: ApplySummary.Counts) -> String {
            "  \(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(c.added) added, \(c.updated) updated, \(c.unchanged) unchanged, \(c.rejected) rejected"
        }
        let s = report.summary
        lines.append("Stored:")
        lines.append(row("organizations", s.organizations))
        lines.append(row("programs", s.programs))
        lines.append(row("locations", s.locations))
        lines.append(row("services", s.services))
        lines.append(row("service at location", s.servicesAtLocations))
        lines.append(row("taxonomy terms", s.taxonomyTerms))
        let errors = report.errors.count, warnings = report.warnings.count
        if errors + warnings > 0 { lines.append("\(errors) records rejected, \(warnings) warnings (listed on standard error)") }
        return lines.joined(separator: "\n")
    }
}
