import Foundation
import SwitchboardCore
import Testing

/// The Gravity referral Task's moves, checked for every pair of statuses and every role
/// against a table written out here from the issue, not derived from the code under test.
@Suite struct ReferralTransitionsTests {
    typealias Status = Referral.Status

    /// From → to, whoever moves it.
    static let gravity: [Status: Set<Status>] = {
        var table: [Status: Set<Status>] = [
            .draft: [.requested],
            .requested: [.accepted, .rejected, .cancelled],
            .accepted: [.inProgress, .onHold, .cancelled, .completed, .failed],
            .inProgress: [.onHold, .cancelled, .completed, .failed],
            .onHold: [.inProgress, .cancelled, .completed, .failed],
            .rejected: [], .cancelled: [], .completed: [], .failed: [], .enteredInError: [],
        ]
        for status in Status.allCases where status != .enteredInError { table[status]!.insert(.enteredInError) }
        return table
    }()

    /// What each role may set.
    static let setters: [Actor.Role: Set<Status>] = [
        .referrer: [.draft, .requested, .enteredInError, .cancelled],
        .provider: [.accepted, .rejected, .inProgress, .onHold, .completed, .failed, .cancelled],
        .system: [.cancelled],
    ]

    /// A move that satisfies the reason and outcome rules, so only the matrix decides.
    static func check(_ from: Status, _ to: Status, _ role: Actor.Role) throws(TransitionError) {
        let reason = to.needsReason ? Referral.StatusReason(role == .system ? .expired : .noCapacity) : nil
        let outcome = to == .completed ? Referral.Outcome(.serviceProvided) : nil
        try from.checkMove(to: to, by: role, reason: reason, outcome: outcome)
    }

    @Test(arguments: Status.allCases, Actor.Role.allCases)
    func everyPairOfStatusesIsAllowedOrRefusedAsTheGravityTaskSays(from: Status, role: Actor.Role) {
        let expectedAllowed = Self.gravity[from]!.intersection(Self.setters[role]!)
        for to in Status.allCases {
            do {
                try Self.check(from, to, role)
                #expect(expectedAllowed.contains(to), "\(from) → \(to) by \(role) should be refused")
            } catch {
                #expect(!expectedAllowed.contains(to), "\(from) → \(to) by \(role) should be allowed: \(error)")
                #expect(error.code == (Self.gravity[from]!.contains(to) ? .notPermittedForRole : .illegalMove))
                #expect(error.from == from && error.to == to && error.role == role)
                #expect(Set(error.allowed) == expectedAllowed)
            }
        }
        #expect(Set(from.moves(for: role)) == expectedAllowed)
    }

    @Test func anIllegalMoveNamesTheCurrentTheRequestedAndTheAllowedStatuses() {
        #expect(throws: TransitionError.self) { try Self.check(.requested, .completed, .provider) }
        do {
            try Self.check(.requested, .completed, .provider)
        } catch {
            #expect(error.description == "A referral that is requested cannot move to completed; from requested a provider may move it to: accepted, rejected, cancelled")
        }
        do {
            try Self.check(.requested, .accepted, .referrer)
        } catch {
            #expect(error.code == .notPermittedForRole)
            #expect(error.description == "A referrer cannot move a referral to accepted; from requested a referrer may move it to: cancelled, entered-in-error")
        }
    }

    @Test(arguments: [Status.rejected, .cancelled, .onHold, .failed])
    func statusesThatEndOrPauseWorkNeedAReason(to: Status) throws {
        let from: Status = to == .rejected ? .requested : .accepted
        #expect(throws: TransitionError(.reasonRequired, from: from, to: to, role: .provider, allowed: from.moves(for: .provider))) {
            try from.checkMove(to: to, by: .provider, reason: nil, outcome: nil)
        }
        try from.checkMove(to: to, by: .provider, reason: .init(.clientDeclined, text: "Moved away"), outcome: nil)
    }

    @Test func reasonOtherNeedsTextAndExpiredIsTheSweepsOwn() throws {
        #expect(throws: TransitionError.self) { try Status.requested.checkMove(to: .rejected, by: .provider, reason: .init(.other), outcome: nil) }
        try Status.requested.checkMove(to: .rejected, by: .provider, reason: .init(.other, text: "Program closed for the winter"), outcome: nil)
        do {
            try Status.accepted.checkMove(to: .cancelled, by: .provider, reason: .init(.expired), outcome: nil)
            Issue.record("a person gave reason expired")
        } catch {
            #expect(error.code == .reasonReserved)
        }
        try Status.accepted.checkMove(to: .cancelled, by: .system, reason: .init(.expired), outcome: nil)
    }

    @Test func completingNeedsAnOutcomeAndNothingElseTakesOne() throws {
        do {
            try Status.inProgress.checkMove(to: .completed, by: .provider, reason: nil, outcome: nil)
            Issue.record("completed without an outcome")
        } catch {
            #expect(error.code == .outcomeRequired)
        }
        for code in Referral.OutcomeCode.allCases {
            try Status.inProgress.checkMove(to: .completed, by: .provider, reason: nil, outcome: .init(code))
        }
        do {
            try Status.requested.checkMove(to: .accepted, by: .provider, reason: nil, outcome: .init(.enrolled))
            Issue.record("an outcome on acceptance")
        } catch {
            #expect(error.code == .outcomeNotExpected)
        }
    }

    @Test func theFoldStampsEachMilestoneOnceAndActivityResetsTheIdleTimers() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let referrer = Actor(userID: "cm", role: .referrer, organizationID: "cm-org")
        let provider = Actor(userID: "p", role: .provider, organizationID: "org-1")
        let snapshot = Referral(
            id: "r", status: .requested, referrer: referrer, clientID: "c", need: .init(), serviceID: "s",
            providerOrganizationID: "org-1", createdAt: t0, respondBy: t0.addingTimeInterval(86_400)
        )
        func at(_ hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }
        let events = [
            ReferralEvent(referralID: "r", sequence: 1, at: t0, actor: referrer, change: .created(snapshot)),
            ReferralEvent(referralID: "r", sequence: 2, at: at(50), actor: .system(), change: .reminded(idleDays: 2)),
            ReferralEvent(referralID: "r", sequence: 3, at: at(60), actor: provider, change: .moved(from: .requested, to: .accepted, reason: nil, outcome: nil, respondBy: nil)),
            ReferralEvent(referralID: "r", sequence: 4, at: at(70), actor: provider, change: .activity(.init(.contactAttempted, reached: true))),
            ReferralEvent(referralID: "r", sequence: 5, at: at(90), actor: provider, change: .moved(from: .accepted, to: .completed, reason: nil, outcome: .init(.enrolled), respondBy: nil)),
        ]
        let referral = Referral.folding(events)!
        #expect(referral.version == 5)
        #expect(referral.status == .completed)
        #expect(referral.requestedAt == t0)
        #expect(referral.respondedAt == at(60))
        #expect(referral.acceptedAt == at(60))
        #expect(referral.completedAt == at(90))
        #expect(referral.closedAt == at(90))
        #expect(referral.lastActivityAt == at(90))
        #expect(referral.remindersSent.isEmpty, "activity since the reminder resets it")
        #expect(referral.outcome == .init(.enrolled))
        #expect(Referral.folding(Array(events.dropFirst())) == nil)
    }
}
