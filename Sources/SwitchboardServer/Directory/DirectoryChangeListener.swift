public import DirectoryStore
public import Logging
public import Referrals
public import ServiceLifecycle

/// Keeps this instance's index in step with directory changes any process commits to a shared
/// database, as the store reports them (PostgreSQL's LISTEN/NOTIFY): the index watch of a
/// server on PostgreSQL, in place of polling the refresh history.
///
/// - A committed refresh run: rebuild unless the snapshot already includes it (this instance's
///   own API refresh has rebuilt before its notification arrives).
/// - An applied batch (`switchboard import`): rebuild; an apply leaves no run to compare.
/// - Listening again after a dropped connection: rebuild, since an apply may have been missed;
///   listening the first time: the usual check, which catches a refresh committed between the
///   start-up build and LISTEN.
public struct DirectoryChangeListener: ServiceLifecycle.Service {
    let changes: any DirectoryChangeWatching
    let updater: DirectoryIndexUpdater
    let clock: any ReferralClock
    let logger: Logger

    public init(changes: any DirectoryChangeWatching, updater: DirectoryIndexUpdater, clock: any ReferralClock, logger: Logger) {
        self.changes = changes; self.updater = updater; self.clock = clock; self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await changes.watchDirectoryChanges { change in await handle(change) }
            }
        } catch is CancellationError {
            return
        }
    }

    func handle(_ change: DirectoryChange) async {
        do {
            switch change {
            case .listening(resumed: false):
                logger.info("listening for directory changes")
                if try await updater.rebuildIfChanged(now: clock.now()) { logRebuilt(after: "a refresh committed while starting") }
            case .listening(resumed: true):
                logger.info("listening for directory changes again")
                try await updater.rebuild(now: clock.now())
                logRebuilt(after: "the change watch reconnected")
            case .refreshed(let run):
                if try await updater.rebuildIfChanged(now: clock.now()) { logRebuilt(after: "feed refresh run \(run)") }
            case .applied:
                try await updater.rebuild(now: clock.now())
                logRebuilt(after: "an import")
            case .interrupted(let reason):
                logger.warning("directory change watch interrupted; reconnecting", metadata: ["reason": .string(reason)])
            }
        } catch {
            // The next notification or reconnection tries again; searches keep the current snapshot.
            logger.error("directory index rebuild failed", metadata: ["error": .string(String(describing: error))])
        }
    }

    private func logRebuilt(after cause: String) {
        logger.info("directory index rebuilt", metadata: ["after": .string(cause)])
    }
}
