import Foundation
public import Logging
public import DirectoryStore
public import Referrals
public import ServiceLifecycle

/// A background service that does `tick`, waits `interval`, and again, until the server shuts
/// down gracefully. A failed tick is logged and tried again at the next one: the server keeps
/// serving. The referral timers and the index watch are two of these.
public struct PeriodicService: ServiceLifecycle.Service {
    let interval: Duration
    let logger: Logger
    /// The log message when a tick fails.
    let failure: String
    let tick: @Sendable () async throws -> Void

    public init(every interval: Duration, logger: Logger, failure: String, tick: @escaping @Sendable () async throws -> Void) {
        self.interval = interval; self.logger = logger; self.failure = failure; self.tick = tick
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await tick()
            } catch {
                logger.error("\(failure)", metadata: ["error": .string(String(describing: error))])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }

    /// The referral timers: reminders, response deadlines, expiry. With several instances on one
    /// database, a tick while another instance sweeps does nothing: that one does the work.
    public static func referralSweep(
        coordinator: ReferralCoordinator, jobs: any ExclusiveJobRunning, every interval: Duration, logger: Logger
    ) -> PeriodicService {
        PeriodicService(every: interval, logger: logger, failure: "referral sweep failed") {
            guard let report = try await coordinator.sweep(exclusiveIn: jobs) else {
                logger.debug("referral sweep skipped: another instance is sweeping")
                return
            }
            if !report.notices.isEmpty || report.conflicts > 0 {
                logger.info("referral sweep", metadata: [
                    "examined": .stringConvertible(report.examined), "reminders": .stringConvertible(report.reminders),
                    "overdue": .stringConvertible(report.overdue), "expired": .stringConvertible(report.expired),
                    "conflicts": .stringConvertible(report.conflicts),
                ])
            }
        }
    }

    /// Notices feed refreshes committed by another process on the same database (the CLI, a cron
    /// job): one read of the refresh history per tick, a rebuild only when a new run committed.
    public static func directoryIndexWatch(
        updater: DirectoryIndexUpdater, every interval: Duration, clock: any ReferralClock, logger: Logger
    ) -> PeriodicService {
        PeriodicService(every: interval, logger: logger, failure: "directory index check failed") {
            if try await updater.rebuildIfChanged(now: clock.now()) {
                let generation = await updater.holder.generation
                logger.info("directory index rebuilt after a feed refresh", metadata: ["generation": .stringConvertible(generation)])
            }
        }
    }
}
