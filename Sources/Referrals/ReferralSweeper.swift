public import DirectoryStore
public import Foundation
public import SwitchboardCore

/// What one sweep did.
public struct SweepReport: Hashable, Sendable, Codable {
    public enum Action: Hashable, Sendable, Codable {
        /// A reminder to both parties after this many days without activity.
        case reminded(idleDays: Int)
        /// The provider's response deadline passed.
        case responseOverdue(deadline: Date)
        /// Cancelled, reason expired.
        case expired
    }

    public struct Notice: Hashable, Sendable, Codable {
        public var referralID: ReferralID
        public var caseManager: UserID
        public var providerOrganizationID: OrganizationID
        public var action: Action
    }

    public var now: Date
    /// Active referrals looked at.
    public var examined = 0
    public var notices: [Notice] = []
    /// Referrals someone changed while the sweep looked at them: the next sweep sees them again.
    public var conflicts = 0

    public var reminders: Int { notices.count { if case .reminded = $0.action { true } else { false } } }
    public var overdue: Int { notices.count { if case .responseOverdue = $0.action { true } else { false } } }
    public var expired: Int { notices.count { $0.action == .expired } }
}

extension ReferralCoordinator {
    /// Applies the timers to every active referral, as of the clock's now.
    ///
    /// For each: if it had no activity for ``ReferralPolicy/expiryDays`` it is cancelled with
    /// reason expired; otherwise a passed response deadline is recorded once, and a reminder is
    /// recorded for the longest quiet spell reached (2, 7, 30 days) unless one as long was sent
    /// since the last activity. Running it twice at the same moment does nothing the second
    /// time. The sweep acts as the system actor, and a referral someone changes meanwhile is
    /// left for the next run rather than overwritten.
    public func sweep() async throws -> SweepReport {
        let now = clock.now()
        var report = SweepReport(now: now)
        for referral in try await store.referrals(.active) {
            report.examined += 1
            do {
                // Versions follow on from the one read: if someone writes meanwhile, the store refuses.
                var version = referral.version
                for (change, action) in Self.due(referral, now: now, policy: policy) {
                    let event = ReferralEvent(referralID: referral.id, sequence: version + 1, at: now, actor: .system(), change: change)
                    _ = try await refusing { try await store.append(event, expectedVersion: version, idempotency: nil) }
                    version += 1
                    report.notices.append(.init(
                        referralID: referral.id, caseManager: referral.referrer.userID,
                        providerOrganizationID: referral.providerOrganizationID, action: action
                    ))
                }
            } catch let error as ReferralError where error.code == .conflict {
                report.conflicts += 1
            }
        }
        return report
    }

    /// What the timers owe one referral at `now`, in the order to record it.
    static func due(_ referral: Referral, now: Date, policy: ReferralPolicy) -> [(ReferralEvent.Change, SweepReport.Action)] {
        let idleDays = Int(now.timeIntervalSince(referral.lastActivityAt) / 86_400)
        // Every active status may be cancelled by the system; the check keeps the sweep inside the rules.
        if idleDays >= policy.expiryDays, referral.status.moves(for: .system).contains(.cancelled) {
            let reason = Referral.StatusReason(.expired, text: "No activity for \(idleDays) days")
            return [(.moved(from: referral.status, to: .cancelled, reason: reason, outcome: nil, respondBy: nil), .expired)]
        }
        var due: [(ReferralEvent.Change, SweepReport.Action)] = []
        if referral.status == .requested, let deadline = referral.respondBy, now > deadline, !referral.responseOverdueRecorded {
            due.append((.responseOverdue(deadline: deadline), .responseOverdue(deadline: deadline)))
        }
        if let reached = policy.reminderDays.filter({ idleDays >= $0 }).max(),
            !referral.remindersSent.contains(where: { $0 >= reached })
        {
            due.append((.reminded(idleDays: reached), .reminded(idleDays: reached)))
        }
        return due
    }
}

extension ReferralCoordinator {
    /// Sweeps unless another process sharing the database is sweeping: what each of several
    /// server instances does on its timer, so the timers run once, not once per instance.
    /// - Returns: the report, or nil when another process held the sweep (it does the work).
    public func sweep(exclusiveIn jobs: any ExclusiveJobRunning) async throws -> SweepReport? {
        try await jobs.withExclusiveJob(.referralSweep, ifBusy: .skip) { try await self.sweep() }
    }
}

extension ReferralCoordinator {
    /// Sweeps now and then every `interval` until the task is cancelled: what the server runs in
    /// the background (wrapped in its service lifecycle). A failed sweep ends the loop with its error.
    /// - Throws: `CancellationError` when cancelled, or what a sweep threw.
    public func sweepPeriodically(
        every interval: Duration, onReport: @Sendable (SweepReport) async -> Void = { _ in }
    ) async throws {
        while true {
            try Task.checkCancellation()
            await onReport(try await sweep())
            try await Task.sleep(for: interval)
        }
    }
}
