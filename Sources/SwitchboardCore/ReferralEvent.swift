public import Foundation

/// One change to a referral, appended to its history and never rewritten: who (user, role,
/// organization), when, and what.
public struct ReferralEvent: Hashable, Sendable, Codable {
    public var referralID: ReferralID
    /// 1 for the creation, then one more per event: the referral's version after it.
    public var sequence: Int
    public var at: Date
    public var actor: Actor
    public var change: Change
    /// Words that came with the change; may hold client data, so never logged.
    public var note: String?

    public init(referralID: ReferralID, sequence: Int, at: Date, actor: Actor, change: Change, note: String? = nil) {
        self.referralID = referralID; self.sequence = sequence; self.at = at; self.actor = actor
        self.change = change; self.note = note
    }

    public enum Change: Hashable, Sendable, Codable {
        /// The referral as issued (draft or requested).
        case created(Referral)
        /// A status change, with the reason or outcome it needs, and the response deadline
        /// when the move sends the referral to the provider.
        case moved(from: Referral.Status, to: Referral.Status, reason: Referral.StatusReason?, outcome: Referral.Outcome?, respondBy: Date?)
        case activity(Referral.Activity)
        /// The sweep's reminder after this many days without activity.
        case reminded(idleDays: Int)
        /// The sweep's notice that the provider's response deadline passed.
        case responseOverdue(deadline: Date)

        /// A short name for the kind of change, for indexes and listings.
        public var kind: String {
            switch self {
            case .created: "created"
            case .moved: "moved"
            case .activity: "activity"
            case .reminded: "reminded"
            case .responseOverdue: "response-overdue"
            }
        }

        /// Whether the change is someone doing something (it resets the idle timers); the
        /// sweep's own notices are not.
        public var isActivity: Bool {
            switch self {
            case .created, .moved, .activity: true
            case .reminded, .responseOverdue: false
            }
        }
    }
}

extension Referral {
    /// The referral after `event`: the one place that says what each change does to the state.
    ///
    /// A creation event yields its snapshot; every other event changes a copy. The caller (the
    /// store) checks that events come in sequence; this only folds.
    public func applying(_ event: ReferralEvent) -> Referral {
        var next = self
        switch event.change {
        case .created(let snapshot):
            next = snapshot
        case .moved(let from, let to, let reason, let outcome, let respondBy):
            next.status = to
            next.statusReason = reason
            next.outcome = outcome
            if to == .requested {
                next.requestedAt = event.at
                next.respondBy = respondBy
            }
            if from == .requested, to == .accepted || to == .rejected, next.respondedAt == nil { next.respondedAt = event.at }
            if to == .accepted { next.acceptedAt = event.at }
            if to == .completed { next.completedAt = event.at }
            if to.isClosed, next.closedAt == nil { next.closedAt = event.at }
        case .activity:
            break
        case .reminded(let days):
            next.remindersSent.append(days)
        case .responseOverdue:
            next.responseOverdueRecorded = true
        }
        if event.change.isActivity {
            next.lastActivityAt = event.at
            next.remindersSent = []
        }
        next.version = event.sequence
        return next
    }

    /// Folds a whole history; `nil` when it does not start with a creation.
    public static func folding(_ events: [ReferralEvent]) -> Referral? {
        guard let first = events.first, case .created(let snapshot) = first.change else { return nil }
        return events.dropFirst().reduce(snapshot.applying(first)) { $0.applying($1) }
    }
}
