import DirectoryStore
import Foundation
import Referrals
import SwitchboardCore
import Testing

@Suite struct OutcomeStatisticsTests {
    typealias T = ReferralTestbed

    /// A scripted week: seven referrals, each with a known fate.
    func scriptedHistory() async throws -> ReferralTestbed {
        let bed = try await ReferralTestbed()
        let a = try await bed.issue(), b = try await bed.issue(), c = try await bed.issue()
        _ = try await bed.issue(urgency: .urgent)  // D: never answered
        let e = try await bed.issue("svc-food", by: T.otherCaseManager)
        _ = try await bed.referrals.create(bed.request(draft: true), by: T.caseManager)  // F: a draft, never sent
        let g = try await bed.issue(), h = try await bed.issue()

        bed.clock.set(T.day(0, hours: 1))
        try await bed.move(e.id, .accepted, by: T.otherProvider)
        try await bed.move(g.id, .cancelled, by: T.caseManager, reason: .clientDeclined)
        try await bed.move(h.id, .enteredInError, by: T.caseManager)
        bed.clock.set(T.day(0, hours: 2)); try await bed.move(a.id, .accepted)
        bed.clock.set(T.day(0, hours: 4)); try await bed.move(c.id, .accepted)
        bed.clock.set(T.day(0, hours: 6)); try await bed.move(b.id, .rejected, reason: .noCapacity)
        bed.clock.set(T.day(3)); try await bed.move(e.id, .completed, by: T.otherProvider, outcome: .waitlisted)
        bed.clock.set(T.day(5)); try await bed.move(c.id, .failed, reason: .couldNotContactClient)
        bed.clock.set(T.day(5, hours: 12)); try await bed.move(a.id, .completed, outcome: .serviceProvided)
        bed.clock.set(T.day(6))
        return bed
    }

    @Test func statisticsPerServiceProviderDomainAndCaseManagerOnAScriptedHistory() async throws {
        let bed = try await scriptedHistory()
        let stats = try await bed.referrals.statistics()

        let housing = try #require(stats.byService.first { $0.key == "svc-housing" })
        #expect(housing.label == "Rapid Rehousing")
        #expect(housing.received == 5, "A, B, C, D, G: not the draft, not the one entered in error")
        #expect(housing.answered == 3)
        #expect(housing.accepted == 2)
        #expect(housing.acceptanceRate == 2.0 / 3.0)
        #expect(housing.closed == 4)
        #expect(housing.succeeded == 1)
        #expect(housing.completionRate == 0.25)
        #expect(housing.medianTimeToRespond == 4.0 * 3600)
        #expect(housing.medianTimeToAccept == 3.0 * 3600)
        #expect(housing.medianTimeToComplete == 5.5 * 86_400)
        #expect(housing.answeredInTimeShare == 0.75, "A, B, C in time; D late; G withdrawn before its deadline")

        let food = try #require(stats.byService.first { $0.key == "svc-food" })
        #expect(food.received == 1)
        #expect(food.acceptanceRate == 1)
        #expect(food.completionRate == 0, "waitlisted is completed, but the client did not get the help")
        #expect(food.medianTimeToComplete == 3.0 * 86_400)

        #expect(stats.byProvider.map(\.label) == ["Riverside Housing", "Eastside Pantry"])
        #expect(stats.byDomain.map(\.key) == ["housing", "other"])
        #expect(stats.byCaseManager.map { "\($0.key)=\($0.received)" } == ["cm-ana=5", "cm-ben=1"])
    }

    @Test func serviceOutcomesCountClosedAndSuccessfullyCompletedReferrals() async throws {
        let bed = try await scriptedHistory()
        let outcomes = try await bed.referrals.serviceOutcomes()
        #expect(outcomes == [
            "svc-housing": ServiceOutcomeCounts(closed: 4, completed: 1),
            "svc-food": ServiceOutcomeCounts(closed: 1, completed: 0),
        ])
    }

    /// What each match uses: the store's figures, read once and kept until they are `maximumAge`
    /// old or a referral closes through this coordinator.
    @Test func recentOutcomesAreReadOnceAndDroppedWhenAReferralClosesHere() async throws {
        let bed = try await scriptedHistory()
        let open = try await bed.issue(), another = try await bed.issue()
        let housing = { (outcomes: ServiceOutcomes) in outcomes["svc-housing"] }
        #expect(housing(try await bed.referrals.recentServiceOutcomes()) == ServiceOutcomeCounts(closed: 4, completed: 1))

        // Another server instance: the same store, its own cache. What it closes is not seen here yet.
        let elsewhere = ReferralCoordinator(store: bed.referrals.store, directory: bed.referrals.directory, clock: bed.clock)
        _ = try await elsewhere.move(open.id, Move(to: .cancelled, reason: .init(.clientDeclined)), by: T.caseManager)
        #expect(housing(try await bed.referrals.serviceOutcomes())?.closed == 5)
        #expect(housing(try await bed.referrals.recentServiceOutcomes())?.closed == 4, "cached: at most maximumAge old")

        // A move that closes nothing keeps the cache; a close here drops it.
        _ = try await bed.move(another.id, .accepted)
        #expect(housing(try await bed.referrals.recentServiceOutcomes())?.closed == 4)
        _ = try await bed.move(another.id, .completed, outcome: .serviceProvided)
        #expect(housing(try await bed.referrals.recentServiceOutcomes()) == ServiceOutcomeCounts(closed: 6, completed: 2))

        // With no maximum age every match reads the store.
        let uncached = ReferralCoordinator(
            store: bed.referrals.store, directory: bed.referrals.directory, clock: bed.clock, outcomesCache: ServiceOutcomesCache(maximumAge: .zero))
        #expect(housing(try await uncached.recentServiceOutcomes())?.closed == 6)
    }
}
