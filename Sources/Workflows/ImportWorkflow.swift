public import Foundation
public import SwitchboardCore
public import DirectoryStore
import FeedImport

/// Reads feed files of any supported kind and writes them to the store as one transaction.
public struct ImportWorkflow: Sendable {
    public var store: any DirectoryStore
    public var progress: any ProgressReporter
    /// Names for AIRS codes whose terms a feed leaves out (``Installation/airsNames``).
    public var airsNames: [String: String]

    public init(store: any DirectoryStore, progress: any ProgressReporter = SilentProgress(), airsNames: [String: String] = [:]) {
        self.store = store; self.progress = progress; self.airsNames = airsNames
    }

    /// What an import did, file by file and in the store.
    public struct Report: Sendable {
        public struct File: Sendable {
            public var path: String
            public var format: String
            public var services: Int
            public var organizations: Int
            public var locations: Int
        }
        public var files: [File] = []
        public var summary = ApplySummary()
        /// Problems found while reading (records skipped) and while writing (records rejected).
        public var issues: [RecordIssue] = []
        public var errors: [RecordIssue] { issues.filter { !$0.isWarning } }
        public var warnings: [RecordIssue] { issues.filter(\.isWarning) }
    }

    /// Imports `paths` (files or HSDS CSV folders) as feed `feed` (default: the first file's name).
    ///
    /// All files go in together in one transaction: if writing fails, the store is as it was.
    /// - Throws: ``ImportError`` when a file cannot be read at all, before anything is written.
    public func run(paths: [String], feed: FeedName? = nil, now: Date) async throws -> Report {
        var report = Report()
        var combined = FeedReadResult()
        for path in paths {
            let url = URL(fileURLWithPath: path)
            let format: FeedFormat
            do { format = try FeedFormat.detect(url) } catch let error as FeedFormatError {
                throw ImportError(file: path, message: error.reason)
            }
            let feedName = feed ?? FeedName(url.deletingPathExtension().lastPathComponent)
            progress.begin("reading \(url.lastPathComponent) (\(format))", total: nil)
            var read: FeedReadResult
            switch format {
            case .hsdsJSON:
                let data: Data
                do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
                    throw ImportError(file: path, message: "cannot be read: \(error.localizedDescription)")
                }
                read = HSDSJSON.read(data, file: url.lastPathComponent)
            case .hsdsCSV:
                let folder = url.lastPathComponent == "datapackage.json" ? url.deletingLastPathComponent() : url
                do { read = try HSDSCSVReader.read(directory: folder) } catch {
                    throw ImportError(file: path, message: "\(error)")
                }
            case .airsXML:
                // Small files, or several files in one transaction; large feeds stream through RefreshWorkflow.
                do {
                    read = try AIRSReader(url: url, feed: feedName, now: now, airsNames: airsNames)
                        .readAll().result
                } catch let issue as RecordIssue {
                    throw ImportError(file: path, message: issue.description)
                } catch let error as FeedFormatError {
                    throw ImportError(file: path, message: error.reason)
                }
            }
            progress.end()
            read = FeedNormalizer.normalize(read, feed: feedName, now: now, airsNames: airsNames)
            if read.batch.isEmpty, read.issues.contains(where: { $0.code == .malformedFile }) {
                throw ImportError(file: path, message: read.issues.first { $0.code == .malformedFile }!.description)
            }
            report.files.append(.init(path: path, format: format.rawValue, services: read.batch.services.count,
                organizations: read.batch.organizations.count, locations: read.batch.locations.count))
            combined.batch.append(contentsOf: read.batch)
            combined.issues += read.issues
        }
        progress.begin("writing \(combined.batch.services.count) services to the store", total: nil)
        let summary = try await store.apply(combined.batch, now: now)
        progress.end()
        report.summary = summary
        report.issues = combined.issues + summary.issues
        return report
    }
}

/// A feed that could not be imported at all; nothing was written.
public struct ImportError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String
    public init(file: String, message: String) { self.file = file; self.message = message }
    public var description: String { message.hasPrefix(file) ? message : "\(file): \(message)" }
}
