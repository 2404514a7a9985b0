import DirectoryStore
import Foundation
import Referrals
import SwitchboardCore
import Testing

@Suite struct WorklistTests {
    typealias T = ReferralTestbed

    @Test func overdueReferralsAreListedPerCaseManagerAndPerProviderMostUrgentFirst() async throws {
        let bed = try await ReferralTestbed()
        let routine = try await bed.issue(urgency: .routine)
        let stat = try await bed.issue(urgency: .stat)
        let urgent = try await bed.issue(urgency: .urgent)
        try await bed.move(urgent.id, .accepted)
        let elsewhere = try await bed.issue("svc-food")
        bed.clock.set(T.day(7, hours: 23))
        let fresh = try await bed.issue(urgency: .stat)
        bed.clock.set(T.day(8))

        let provider = try await bed.referrals.overdue(forProvider: "prov-1")
        #expect(provider.map(\.referral.id) == [stat.id, urgent.id, routine.id])
        #expect(provider[0].reasons == [.responseOverdue(deadline: T.day(4)), .stalled(idleDays: 8)])
        #expect(provider[1].reasons == [.stalled(idleDays: 8)])
        #expect(!provider.map(\.referral.id).contains(fresh.id))

        let caseManager = try await bed.referrals.overdue(forCaseManager: "cm-ana", organization: "north-case-mgmt")
        #expect(caseManager.map(\.referral.id) == [stat.id, urgent.id, routine.id, elsewhere.id])
        #expect(try await bed.referrals.overdue(forCaseManager: "cm-ben", organization: "north-case-mgmt").isEmpty)
        #expect(try await bed.referrals.overdue(forProvider: "prov-2").map(\.referral.id) == [elsewhere.id])
    }
}
