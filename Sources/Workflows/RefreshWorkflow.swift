public import Foundation
public import SwitchboardCore
public import DirectoryStore
public import FeedImport

/// Brings one feed's file into the directory as one atomic run: AIRS XML streamed chunk by
/// chunk, HSDS files read whole; every run recorded in the store's history.
public struct RefreshWorkflow: Sendable {
    public var store: any DirectoryRefreshing
    public var progress: any ProgressReporter
    public var airsNames: [String: String]

    public init(store: any DirectoryRefreshing, progress: any ProgressReporter = SilentProgress(), airsNames: [String: String] = [:]) {
        self.store = store; self.progress = progress; self.airsNames = airsNames
    }

    /// Applies `file` as feed `feed`.
    ///
    /// - Parameter policy: a full export retires what it leaves out (guarded by the policy's share);
    ///   a delta (`isFullExport == false`) only adds, updates and applies deletions.
    /// - Throws: ``RefreshRefused`` when too much would be retired; ``ImportError`` when the file cannot
    ///   be read at all. Either way the directory is as it was.
    public func run(file: URL, feed: FeedName, format: FeedFormat? = nil, policy: RefreshPolicy, now: Date) async throws -> FeedRun {
        let format = try format ?? FeedFormat.detect(file)
        guard FileManager.default.isReadableFile(atPath: file.path) else {
            throw ImportError(file: file.path, message: "cannot be read")
        }
        // Hashed on a thread of its own while the file is read: a big export costs one parse, not a hash and a parse.
        let hashing = FileHashing(path: file.path)
        let megabytes = ((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0) / 1_000_000
        progress.begin("refreshing \(feed) from \(file.lastPathComponent) (\(format), MB read)", total: format == .airsXML && megabytes > 0 ? megabytes : nil)
        defer { progress.end() }
        let airsNames = airsNames
        let progress = progress
        do {
            return try await store.refresh(feed: feed, fileHash: "", now: now, policy: policy) { sink in
                defer { if let hash = hashing.result() { sink.identify(fileHash: hash) } }
                switch format {
                case .airsXML:
                    let reader = AIRSReader(url: file, feed: feed, now: now, airsNames: airsNames)
                    // A first import is mapped and normalized on a thread of its own while the store
                    // writes the chunk before, and the records' stored forms are made there too (all
                    // of them will be written); a re-import reads on this thread, where the sink is asked.
                    try reader.readAhead(
                        bytesRead: { progress.advance(to: $0 / 1_000_000) }, memory: sink,
                        prepare: { AIRSChunk($0, ahead: $1, feed: feed, now: now, airsNames: airsNames) }
                    ) { try $0.add(to: sink) }
                case .hsdsJSON:
                    let data = try Data(contentsOf: file, options: .alwaysMapped)
                    let read = FeedNormalizer.normalize(HSDSJSON.read(data, file: file.lastPathComponent), feed: feed, now: now, airsNames: airsNames)
                    if read.batch.isEmpty, let broken = read.issues.first(where: { $0.code == .malformedFile }) { throw broken }
                    sink.report(read.issues)
                    try sink.add(read.batch)
                case .hsdsCSV:
                    let folder = file.lastPathComponent == "datapackage.json" ? file.deletingLastPathComponent() : file
                    let read = FeedNormalizer.normalize(try HSDSCSVReader.read(directory: folder), feed: feed, now: now, airsNames: airsNames)
                    sink.report(read.issues)
                    try sink.add(read.batch)
                }
            }
        } catch let issue as RecordIssue {
            throw ImportError(file: file.path, message: issue.description)
        }
    }
}

/// A chunk of an AIRS feed as the store takes it: normalized and, when it was read ahead of the
/// store's writes (a first import, where every record is written), with the records' stored forms
/// made on the mapping thread rather than on the store's.
struct AIRSChunk: Sendable {
    enum Records: Sendable {
        case plain(DirectoryBatch)
        /// Read ahead: the batch with its stored forms.
        case prepared(PreparedBatch)
    }

    var issues: [RecordIssue]
    var records: Records

    init(_ chunk: FeedReadResult, ahead: Bool, feed: FeedName, now: Date, airsNames: [String: String]) {
        let normalized = FeedNormalizer.normalize(chunk, feed: feed, now: now, airsNames: airsNames)
        issues = normalized.issues
        records = ahead ? .prepared(PreparedBatch(normalized.batch)) : .plain(normalized.batch)
    }

    func add(to sink: any FeedSink) throws {
        sink.report(issues)
        switch records {
        case .plain(let batch): try sink.add(batch)
        case .prepared(let prepared): try sink.add(prepared)
        }
    }
}

/// SHA-1 of a file, computed on a thread of its own.
final class FileHashing: @unchecked Sendable {
    // @unchecked: `hash` is written once by the thread before it ends, read after `join`.
    private var hash: String?
    private var worker: WorkerThread?

    init(path: String) {
        worker = WorkerThread(name: "switchboard.file-hash") { [self] in hash = try? SHA1.hexOfFile(atPath: path) }
    }

    /// The hex digest, waiting for it; nil when the file could not be read.
    func result() -> String? {
        worker?.join()
        return hash
    }
}
