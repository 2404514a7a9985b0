public import Foundation
public import DirectoryStore
import SwitchboardCore
import FeedImport

/// Writes the whole directory out in an open format, a page at a time.
public struct ExportWorkflow: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case hsdsJSON = "hsds-json"
        case hsdsNDJSON = "hsds-ndjson"
        case hsdsCSV = "hsds-csv"
    }

    public var store: any DirectoryStore
    public var progress: any ProgressReporter
    public var pageSize: Int

    public init(store: any DirectoryStore, progress: any ProgressReporter = SilentProgress(), pageSize: Int = 1_000) {
        self.store = store; self.progress = progress; self.pageSize = pageSize
    }

    /// Writes into `folder` (created if missing): `services.json`, `services.ndjson`, or the HSDS CSV tables.
    /// - Returns: the number of services written and the files made.
    @discardableResult
    public func run(format: Format, into folder: URL) async throws -> (services: Int, files: [String]) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let total = try await store.statistics(asOf: Date(timeIntervalSince1970: 0)).services
        progress.begin("exporting services", total: total)
        defer { progress.end() }
        var written = 0
        switch format {
        case .hsdsJSON, .hsdsNDJSON:
            let name = format == .hsdsJSON ? "services.json" : "services.ndjson"
            let writer = try HSDSJSON.Writer(path: folder.appendingPathComponent(name).path, layout: format == .hsdsJSON ? .array : .ndjson)
            written = try await eachPage { page in try writer.write(page) }
            try writer.finish()
            return (written, [name])
        case .hsdsCSV:
            let writer = try HSDSCSVWriter(directory: folder)
            written = try await eachPage { page in try writer.write(page.map(SwitchboardAttributes.prepareForExport)) }
            try writer.finish()
            let files = (try FileManager.default.contentsOfDirectory(atPath: folder.path)).sorted()
            return (written, files)
        }
    }

    private func eachPage(_ body: ([ServiceRecord]) throws -> Void) async throws -> Int {
        var cursor: ServiceID?
        var count = 0
        while true {
            let page = try await store.services(after: cursor, limit: pageSize)
            if page.isEmpty { break }
            try body(page)
            count += page.count
            cursor = page.last?.id
            progress.advance(to: count)
        }
        return count
    }
}
