import DirectoryStore
public import SwitchboardCore

/// A check that the stored state of every referral is the fold of its events.
public struct ReferralAudit: Hashable, Sendable, Codable {
    public var referrals = 0
    public var events = 0
    /// Referrals whose history is missing, out of sequence, or whose cached state differs from it.
    public var inconsistent: [ReferralID] = []

    public var isConsistent: Bool { inconsistent.isEmpty }
}

extension ReferralCoordinator {
    /// Folds every referral's history again and compares it with the stored state: after a
    /// crash, this shows that no referral was left half-written.
    public func audit() async throws -> ReferralAudit {
        var audit = ReferralAudit()
        for referral in try await store.referrals(ReferralQuery()) {
            let events = try await store.events(of: referral.id)
            audit.referrals += 1
            audit.events += events.count
            let inSequence = events.enumerated().allSatisfy { $0.offset + 1 == $0.element.sequence }
            if !inSequence || Referral.folding(events) != referral { audit.inconsistent.append(referral.id) }
        }
        return audit
    }
}
