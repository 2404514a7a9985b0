import DirectoryStore
import Foundation
import Referrals
import SwitchboardCore
import Testing

@Suite struct ConsentTests {
    typealias T = ReferralTestbed

    @Test func sharingDetailsWithoutActiveConsentIsRefused() async throws {
        let bed = try await ReferralTestbed()
        let error = await expectRefusal(.consentRequired) { _ = try await bed.referrals.create(bed.request(share: true), by: T.caseManager) }
        #expect(error?.message.contains("prov-1") == true)
        #expect(error?.message.contains("Dana") == false, "no client data in errors")

        // A consent for another organization does not count.
        _ = try await bed.referrals.giveConsent(client: bed.client.id, recipient: "prov-2", by: T.caseManager)
        await expectRefusal(.consentRequired) { _ = try await bed.referrals.create(bed.request(share: true), by: T.caseManager) }

        _ = try await bed.referrals.giveConsent(client: bed.client.id, recipient: "prov-1", expiresAt: T.day(30), by: T.caseManager)
        let referral = try await bed.referrals.create(bed.request(share: true), by: T.caseManager).referral
        #expect(referral.sharesClientDetails)
        // Without sharing, no consent is needed: the provider sees a pseudonymous client.
        let plain = try await bed.issue("svc-food")
        #expect(try await bed.referrals.clientDetails(for: plain, viewer: T.otherProvider) == nil)
        #expect(try await bed.referrals.clientDetails(for: plain, viewer: T.caseManager)?.name == "Dana Example")
    }

    @Test func theProviderSeesDetailsOnlyWhileConsentIsActive() async throws {
        let bed = try await ReferralTestbed()
        let consent = try await bed.referrals.giveConsent(client: bed.client.id, recipient: "prov-1", expiresAt: T.day(30), by: T.caseManager)
        let referral = try await bed.referrals.create(bed.request(share: true), by: T.caseManager).referral
        #expect(try await bed.referrals.clientDetails(for: referral, viewer: T.intake)?.phone == "402-555-0199")
        #expect(try await bed.referrals.clientDetails(for: referral, viewer: T.otherProvider) == nil)

        bed.clock.advance(days: 31)
        #expect(try await bed.referrals.clientDetails(for: referral, viewer: T.intake) == nil, "expired")
        let error = await expectRefusal(.consentRequired) { _ = try await bed.referrals.create(bed.request(share: true), by: T.caseManager) }
        #expect(error?.message.contains("expired or was revoked") == true)

        let renewed = try await bed.referrals.giveConsent(client: bed.client.id, recipient: "prov-1", by: T.caseManager)
        #expect(try await bed.referrals.clientDetails(for: referral, viewer: T.intake) != nil)
        let revoked = try await bed.referrals.revokeConsent(renewed.id, by: T.caseManager)
        #expect(revoked.revokedBy == T.caseManager)
        #expect(try await bed.referrals.clientDetails(for: referral, viewer: T.intake) == nil)
        await expectRefusal(.conflict) { _ = try await bed.referrals.revokeConsent(renewed.id, by: T.caseManager) }
        // The history of what was allowed when stays.
        #expect(try await bed.store.consents(for: bed.client.id).map(\.id) == [consent.id, renewed.id])
    }

    @Test func onlyTheClientsOwnOrganizationRecordsConsent() async throws {
        let bed = try await ReferralTestbed()
        await expectRefusal(.notPermitted) { _ = try await bed.referrals.giveConsent(client: bed.client.id, recipient: "prov-1", by: T.outsider) }
        await expectRefusal(.notPermitted) { _ = try await bed.referrals.giveConsent(client: bed.client.id, recipient: "prov-1", by: T.intake) }
        await expectRefusal(.notFound) { _ = try await bed.referrals.giveConsent(client: "nobody", recipient: "prov-1", by: T.caseManager) }
        await expectRefusal(.invalidRequest) {
            _ = try await bed.referrals.giveConsent(client: bed.client.id, recipient: "prov-1", expiresAt: T.day(-1), by: T.caseManager)
        }
        // Another organization's case manager cannot refer this client at all.
        var request = bed.request()
        request.clientID = bed.client.id
        await expectRefusal(.notPermitted) { _ = try await bed.referrals.create(request, by: T.outsider) }
    }

    @Test func doNotContactTravelsWithTheReferral() async throws {
        let bed = try await ReferralTestbed()
        var request = bed.request()
        request.doNotContactClient = true
        let referral = try await bed.referrals.create(request, by: T.caseManager).referral
        #expect(referral.doNotContactClient)
        let bundle = try await bed.referrals.exportFHIR(referral.id)
        let serviceRequest = try #require(FHIRExportTests.resource("ServiceRequest", in: bundle))
        #expect(serviceRequest["orderDetail"]?.elements.first?["coding"]?.elements.first?["code"] == "contacting-subject-prohibited")
    }
}
