import DirectoryStore
public import Foundation
public import SwitchboardCore

/// A referral on someone's worklist, and why it is there.
public struct WorklistItem: Hashable, Sendable, Codable {
    public enum Reason: Hashable, Sendable, Codable {
        /// Still requested after the provider's response deadline.
        case responseOverdue(deadline: Date)
        /// Open with no activity for this many days.
        case stalled(idleDays: Int)
    }

    public var referral: Referral
    public var reasons: [Reason]
}

extension ReferralCoordinator {
    /// A case manager's overdue referrals, most urgent first.
    public func overdue(forCaseManager user: UserID, organization: OrganizationID) async throws -> [WorklistItem] {
        let referrals = try await store.referrals(ReferralQuery(
            statuses: Set(Referral.Status.allCases.filter(\.isActive)), referrerOrganizationID: organization, caseManager: user
        ))
        return Self.worklist(referrals, now: clock.now(), policy: policy)
    }

    /// The overdue referrals a provider organization received, most urgent first.
    public func overdue(forProvider organization: OrganizationID) async throws -> [WorklistItem] {
        let referrals = try await store.referrals(ReferralQuery(
            statuses: Set(Referral.Status.allCases.filter(\.isActive)), providerOrganizationID: organization
        ))
        return Self.worklist(referrals, now: clock.now(), policy: policy)
    }

    /// The overdue ones among `referrals`: by priority (stat first), then the longest overdue.
    static func worklist(_ referrals: [Referral], now: Date, policy: ReferralPolicy) -> [WorklistItem] {
        let items = referrals.compactMap { referral -> WorklistItem? in
            guard referral.status.isActive else { return nil }
            var reasons: [WorklistItem.Reason] = []
            if referral.status == .requested, let deadline = referral.respondBy, now > deadline {
                reasons.append(.responseOverdue(deadline: deadline))
            }
            let idleDays = Int(now.timeIntervalSince(referral.lastActivityAt) / 86_400)
            if idleDays >= policy.stalledAfterDays { reasons.append(.stalled(idleDays: idleDays)) }
            return reasons.isEmpty ? nil : WorklistItem(referral: referral, reasons: reasons)
        }
        // Overdue since: the deadline for a late answer, the last activity for a stall.
        func since(_ item: WorklistItem) -> Date {
            if case .responseOverdue(let deadline)? = item.reasons.first { return min(deadline, item.referral.lastActivityAt) }
            return item.referral.lastActivityAt
        }
        return items.sorted {
            if $0.referral.priority != $1.referral.priority { return $0.referral.priority > $1.referral.priority }
            if since($0) != since($1) { return since($0) < since($1) }
            return $0.referral.id < $1.referral.id
        }
    }
}
