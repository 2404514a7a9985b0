import Foundation
public import Logging
public import Referrals
public import ServiceLifecycle

/// The referral timers as a background service: sweeps every `interval` (reminders, response
/// deadlines, expiry) until the server shuts down. A failed sweep is logged and tried again at
/// the next tick; the server keeps serving.
public struct ReferralSweepService: ServiceLifecycle.Service {
    let coordinator: ReferralCoordinator
    let interval: Duration
    let logger: Logger

    public init(coordinator: ReferralCoordinator, interval: Duration, logger: Logger) {
        self.coordinator = coordinator; self.interval = interval; self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let report = try await coordinator.sweep()
                if !report.notices.isEmpty || report.conflicts > 0 {
                    logger.info("referral sweep", metadata: [
                        "examined": .stringConvertible(report.examined), "reminders": .stringConvertible(report.reminders),
                        "overdue": .stringConvertible(report.overdue), "expired": .stringConvertible(report.expired),
                        "conflicts": .stringConvertible(report.conflicts),
                    ])
                }
            } catch {
                logger.error("referral sweep failed", metadata: ["error": .string(String(describing: error))])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
