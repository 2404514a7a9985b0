import Foundation
import SwitchboardCore

/// Referrals to the fixture directory: a case manager of "cm-org" refers client "client-1" to
/// Riverside's rehousing service (svc-1, org-1).
enum ReferralFixtures {
    static let caseManager = Actor(userID: "cm-1", role: .referrer, organizationID: "cm-org")
    static let intake = Actor(userID: "intake-1", role: .provider, organizationID: "org-1")
    static let client = Client(id: "client-1", organizationID: "cm-org", label: "Case 2231", createdAt: Fixtures.t0)

    static func referral(_ id: ReferralID, service: ServiceID = "svc-1", provider: OrganizationID = "org-1") -> Referral {
        Referral(
            id: id, status: .requested, referrer: caseManager, clientID: client.id,
            need: .init(domain: .housing, urgency: .urgent, note: "Eviction notice"), serviceID: service,
            providerOrganizationID: provider, createdAt: Fixtures.t0, respondBy: Fixtures.days(2)
        )
    }

    static func created(_ id: ReferralID, service: ServiceID = "svc-1") -> ReferralEvent {
        ReferralEvent(referralID: id, sequence: 1, at: Fixtures.t0, actor: caseManager, change: .created(referral(id, service: service)))
    }

    static func moved(_ id: ReferralID, sequence: Int, from: Referral.Status, to: Referral.Status, by actor: Actor = intake, hours: Double = 1) -> ReferralEvent {
        ReferralEvent(
            referralID: id, sequence: sequence, at: Fixtures.t0.addingTimeInterval(hours * 3600), actor: actor,
            change: .moved(from: from, to: to, reason: nil, outcome: nil, respondBy: nil)
        )
    }

    static func note(_ id: ReferralID, sequence: Int, by actor: Actor = intake) -> ReferralEvent {
        ReferralEvent(
            referralID: id, sequence: sequence, at: Fixtures.t0.addingTimeInterval(Double(sequence) * 60), actor: actor,
            change: .activity(.init(.noteAdded)), note: "note \(sequence)"
        )
    }
}
