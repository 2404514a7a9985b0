import Foundation
import DirectoryStore
import FeedImport
import Hummingbird
import Referrals
import SwitchboardCore
import Workflows

/// Administrators' feed endpoints: the feed list with each feed's last run, the run history,
/// and a refresh on demand.
struct FeedsController {
    let store: any DirectoryRefreshing
    let updater: DirectoryIndexUpdater
    let auditor: Auditor
    let configuration: ServerConfiguration
    let clock: any ReferralClock
    /// One refresh at a time: the store serializes writes anyway, and a second click should wait, not pile up.
    let gate = RefreshGate()

    struct FeedStatus: Encodable {
        var name: String
        var source: String
        var format: String?
        var description: String?
        var lastRun: FeedRun?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/api/feeds") { _, context in
            _ = try context.require(.administer)
            return JSONResponse.make(try await statuses())
        }
        router.get("/api/feeds/history") { request, context in
            _ = try context.require(.administer)
            let query = HSDSController.query(request)
            let runs = try await store.feedRuns(feed: query["feed"].map { FeedName($0) }, limit: min(try HSDSPage.Request.positive(query["limit"], name: "limit") ?? 50, 500))
            return JSONResponse.make(runs)
        }
        router.post("/api/feeds/:name/refresh") { request, context in
            let admin = try context.require(.administer)
            let name = try context.parameters.require("name")
            let force = HSDSController.query(request)["force"] == "true"
            let run = try await refresh(name, force: force, by: admin)
            return JSONResponse.make(run)
        }
    }

    func statuses() async throws -> [FeedStatus] {
        let (list, _) = try feedList()
        var result: [FeedStatus] = []
        for entry in list.feeds {
            result.append(FeedStatus(name: entry.name.rawValue, source: entry.source, format: entry.format, description: entry.description,
                lastRun: try await store.feedRuns(feed: entry.name, limit: 1).first))
        }
        return result
    }

    struct RefreshResult: Encodable {
        var feed: String
        var notModified: Bool
        var run: FeedRun?
        var refused: String?
    }

    func refresh(_ name: String, force: Bool, by admin: Account) async throws -> RefreshResult {
        let (list, base) = try feedList()
        guard let entry = list.entry(named: name) else { throw APIError(.notFound, "No feed \(name) in the feed list") }
        let downloads = configuration.downloads ?? FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-feeds")
        let refresher = FeedRefresh(store: store, airsNames: configuration.airsNames)
        let result: RefreshResult
        do {
            result = try await gate.run {
                switch try await refresher.run(entry, base: base, downloads: downloads, force: force, now: clock.now()) {
                case .notModified: RefreshResult(feed: name, notModified: true)
                case .refreshed(let run): RefreshResult(feed: name, notModified: false, run: run)
                }
            }
        } catch let refused as RefreshRefused {
            try await auditor.record("feed.refresh", by: admin, target: "feed/\(name)", detail: "refused")
            return RefreshResult(feed: name, notModified: false, run: refused.run, refused: refused.description)
        }
        // Searches see the new directory as soon as this answers; the watch service would only
        // notice within its interval.
        if result.run != nil { try await updater.rebuildIfChanged(now: clock.now()) }
        try await auditor.record("feed.refresh", by: admin, target: "feed/\(name)",
            detail: result.run.map { "\($0.outcome.rawValue): \($0.added) added, \($0.updated) updated, \($0.retired) retired" } ?? "not modified")
        return result
    }

    func feedList() throws -> (FeedList, URL) {
        guard let url = configuration.feedList else { throw APIError(.notFound, "This server has no feed list") }
        return (try FeedList.load(from: url), url.deletingLastPathComponent())
    }
}

/// Runs one operation at a time, in order of arrival.
actor RefreshGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
        while busy { await withCheckedContinuation { waiting.append($0) } }
        busy = true
        defer {
            busy = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return try await operation()
    }
}
