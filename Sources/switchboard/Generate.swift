import ArgumentParser
import Foundation
import DirectoryGenerator
import Workflows

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic generated directory (same seed, same bytes) for demos, tests and benchmarks.",
        discussion: """
            Providers spread over real ZIP codes of a metro area (several metros for large counts), \
            with names, addresses, hours, languages, eligibility, capacity, AIRS taxonomy codes \
            across the five domains, and the mess of real feeds. Examples:
              switchboard generate --services 2000 --seed 7 --format hsds-json --output county.json
              switchboard generate --services 150000 --format airs --output big.xml
              switchboard generate --services 500 --format hsds-csv --output csv-folder/
            """
    )

    @Option(help: "How many services.")
    var services: Int = 2_000

    @Option(help: "The seed: the same seed and count always give the same directory.")
    var seed: UInt64 = 1

    @Option(help: "airs (AIRS XML 3.1), hsds-json, hsds-ndjson, or hsds-csv (a folder).")
    var format: FormatArgument = .hsdsJSON

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write: a file, or a folder for hsds-csv.", valueName: "path"))
    var output: String

    func validate() throws {
        guard services > 0 else { throw ValidationError("--services must be at least 1") }
        guard services <= 5_000_000 else { throw ValidationError("--services must be at most 5,000,000") }
    }

    func run() async throws {
        let installation = try Installation.locate()
        let workflow = GenerateWorkflow(
            generator: DirectoryGenerator(seed: seed, services: services),
            domainMapping: installation.domainMapping, progress: TerminalProgress())
        try workflow.run(format: format.workflowFormat, output: URL(fileURLWithPath: output))
        print("Wrote \(services) generated services (seed \(seed)) to \(output)")
    }

    enum FormatArgument: String, ExpressibleByArgument, CaseIterable {
        case airs, hsdsJSON = "hsds-json", hsdsNDJSON = "hsds-ndjson", hsdsCSV = "hsds-csv"
        var workflowFormat: GenerateWorkflow.Format { GenerateWorkflow.Format(rawValue: rawValue)! }
    }
}
