import ArgumentParser
import Foundation
import DirectoryStore
import Workflows

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the whole directory as HSDS 3.1 (JSON, NDJSON, or CSV tables with datapackage.json).",
        discussion: "Writes services.json, services.ndjson, or one CSV per HSDS table into the folder."
    )

    @OptionGroup var options: DatabaseOptions

    @Option(help: "hsds-json (one JSON array of nested services), hsds-ndjson (one service a line) or hsds-csv (HSDS tables).")
    var format: FormatArgument = .hsdsJSON

    @Argument(help: ArgumentHelp("The folder to write into (created if missing).", valueName: "folder"))
    var folder: String

    func run() async throws {
        guard options.isPostgres || FileManager.default.fileExists(atPath: options.path) else {
            printError("switchboard export: no database at \(options.path) (import a feed first, or pass --database)")
            throw ExitStatus.failure
        }
        let (_, store) = try options.open()
        let result = try await ExportWorkflow(store: store, progress: TerminalProgress())
            .run(format: format.workflowFormat, into: URL(fileURLWithPath: folder))
        print("Wrote \(result.services) services to \(folder): \(result.files.joined(separator: ", "))")
    }

    enum FormatArgument: String, ExpressibleByArgument, CaseIterable {
        case hsdsJSON = "hsds-json", hsdsNDJSON = "hsds-ndjson", hsdsCSV = "hsds-csv"
        var workflowFormat: ExportWorkflow.Format { ExportWorkflow.Format(rawValue: rawValue)! }
    }
}
