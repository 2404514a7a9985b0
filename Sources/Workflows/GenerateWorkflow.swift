public import Foundation
public import SwitchboardCore
import FeedImport
public import DirectoryGenerator

/// Writes a generated directory in one of the feed formats, a chunk of organizations at a time,
/// so a million services stream to disk with flat memory.
public struct GenerateWorkflow: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case airs
        case hsdsJSON = "hsds-json"
        case hsdsNDJSON = "hsds-ndjson"
        case hsdsCSV = "hsds-csv"
    }

    public var generator: DirectoryGenerator
    public var domainMapping: DomainMapping
    public var progress: any ProgressReporter

    public init(generator: DirectoryGenerator, domainMapping: DomainMapping, progress: any ProgressReporter = SilentProgress()) {
        self.generator = generator; self.domainMapping = domainMapping; self.progress = progress
    }

    /// Writes to `output`: a file for the JSON and AIRS formats, a folder for HSDS CSV.
    public func run(format: Format, output: URL) throws {
        progress.begin("generating \(generator.services) services as \(format.rawValue)", total: generator.services)
        defer { progress.end() }
        switch format {
        case .airs:
            try writeAIRS(to: output)
        case .hsdsJSON, .hsdsNDJSON:
            let writer = try HSDSJSON.Writer(path: output.path, layout: format == .hsdsJSON ? .array : .ndjson)
            try eachChunk { records in try writer.write(records) }
            try writer.finish()
        case .hsdsCSV:
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let writer = try HSDSCSVWriter(directory: output)
            try eachChunk { records in try writer.write(records.map(SwitchboardAttributes.prepareForExport)) }
            try writer.finish()
        }
    }

    private func writeAIRS(to output: URL) throws {
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: output.path])
        }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        try AIRSWriter(timestamp: generator.referenceDate).write(generator: generator, to: handle)
    }

    private func eachChunk(_ body: ([ServiceRecord]) throws -> Void) throws {
        let taxonomy = generator.taxonomy()
        var done = 0
        try generator.forEachChunk(organizationsPerChunk: 100) { chunk in
            var batch = chunk
            batch.taxonomies = taxonomy.taxonomies
            batch.taxonomyTerms = taxonomy.taxonomyTerms
            let records = batch.serviceRecords(domains: domainMapping)
            try body(records)
            done += records.count
            progress.advance(to: done)
        }
    }
}
