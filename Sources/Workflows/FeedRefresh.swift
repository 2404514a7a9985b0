public import Foundation
public import DirectoryStore
public import FeedImport
import SwitchboardCore

/// One feed of the feed list brought up to date: fetched (a conditional GET for a remote one)
/// and, when it changed, refreshed as one transaction. What `switchboard feeds refresh` and the
/// server's `POST /api/feeds/{name}/refresh` both do.
public struct FeedRefresh: Sendable {
    public enum Outcome: Sendable {
        /// The server said the feed has not changed since the last refresh (304).
        case notModified
        case refreshed(FeedRun)
    }

    public var store: any DirectoryRefreshing
    public var progress: any ProgressReporter
    public var airsNames: [String: String]

    public init(store: any DirectoryRefreshing, progress: any ProgressReporter = SilentProgress(), airsNames: [String: String] = [:]) {
        self.store = store; self.progress = progress; self.airsNames = airsNames
    }

    /// - Parameters:
    ///   - base: the folder relative sources are read from (the feed list's).
    ///   - downloads: where a remote feed is downloaded to.
    /// - Throws: `FeedFetchError` when the fetch fails, ``RefreshRefused`` when the policy refuses
    ///   the run, or what reading and writing threw; nothing is changed then.
    public func run(_ entry: FeedList.Entry, base: URL, downloads: URL, force: Bool, now: Date) async throws -> Outcome {
        let previous = try await store.fetchValidators(feed: entry.name)
        let fetched = try await FeedFetcher().fetch(source: entry.source, base: base, previous: previous,
            downloads: downloads.appendingPathComponent(entry.name.rawValue))
        guard case .fetched(let file, let validators) = fetched else { return .notModified }
        let policy = RefreshPolicy(maximumRetiredShare: entry.maximumRetiredShare ?? 0.3, force: force, isFullExport: entry.fullExport ?? true)
        let run = try await RefreshWorkflow(store: store, progress: progress, airsNames: airsNames)
            .run(file: file, feed: entry.name, format: entry.format.flatMap(FeedFormat.init(rawValue:)), policy: policy, now: now)
        try await store.saveFetchValidators(validators, feed: entry.name)
        return .refreshed(run)
    }
}
