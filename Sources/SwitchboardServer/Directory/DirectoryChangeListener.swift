public import DirectoryStore
public import Logging
public import Referrals
public import ServiceLifecycle

/// Keeps this instance's index in step with directory changes any process commits to a shared
/// database, as the store reports them (PostgreSQL's LISTEN/NOTIFY): the index watch of a
/// server on PostgreSQL, in place of polling the refresh history.
///
/// Every report comes to the same check: rebuild when the directory's revision has moved past the
/// snapshot's. That covers an applied batch (`switchboard import`) and a refresh alike, skips a
/// change the snapshot already holds (this instance's own API refresh rebuilt before its
/// notification arrived), and, on listening (again), finds whatever was committed while no one
/// listened.
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
            let cause: String
            switch change {
            case .listening(let resumed):
                logger.info(resumed ? "listening for directory changes again" : "listening for directory changes")
                cause = resumed ? "the change watch reconnected" : "a change committed while starting"
            case .refreshed(let run): cause = "feed refresh run \(run)"
            case .applied: cause = "an import"
            case .interrupted(let reason):
                logger.warning("directory change watch interrupted; reconnecting", metadata: ["reason": .string(reason)])
                return
            }
            if try await updater.rebuildIfChanged(now: clock.now()) {
                logger.info("directory index rebuilt", metadata: ["after": .string(cause)])
            }
        } catch {
            // The next notification or reconnection tries again; searches keep the current snapshot.
            logger.error("directory index rebuild failed", metadata: ["error": .string(String(describing: error))])
        }
    }
}
