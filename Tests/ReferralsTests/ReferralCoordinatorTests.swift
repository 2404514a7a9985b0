import DirectoryStore
import Foundation
import Referrals
import SwitchboardCore
import Testing

@Suite struct ReferralCoordinatorTests {
    typealias T = ReferralTestbed

    @Test func aReferralIsIssuedAnsweredWorkedAndClosedWithEveryStepInItsHistory() async throws {
        let bed = try await ReferralTestbed()
        let explanation: JSONValue = ["score": 0.82, "factors": [["name": "distance", "contribution": 0.3]]]
        var request = bed.request()
        request.matchExplanation = explanation
        let created = try await bed.referrals.create(request, by: T.caseManager).referral
        #expect(created.status == .requested)
        #expect(created.providerOrganizationID == "prov-1")
        #expect(created.need.domain == .housing, "the service's domain when the need names none")
        #expect(created.matchExplanation == explanation)
        // Sent Friday 15:00 with two business days to answer: due Tuesday 15:00.
        #expect(created.respondBy == T.day(4))

        bed.clock.advance(hours: 3)
        try await bed.move(created.id, .accepted)
        bed.clock.advance(days: 1)
        _ = try await bed.referrals.record(.init(.appointmentScheduled, scheduledFor: T.day(5)), note: "Tuesday 10am", on: created.id, by: T.intake)
        try await bed.move(created.id, .inProgress)
        bed.clock.advance(days: 6)
        let done = try await bed.move(created.id, .completed, outcome: .enrolled)

        #expect(done.status == .completed)
        #expect(done.version == 5)
        #expect(done.acceptedAt == T.day(0, hours: 3))
        #expect(done.completedAt == T.day(7, hours: 3))
        let (_, events) = try await bed.referrals.history(of: created.id)
        #expect(events.map(\.change.kind) == ["created", "moved", "activity", "moved", "moved"])
        #expect(events.map(\.actor.role) == [.referrer, .provider, .provider, .provider, .provider])
        #expect(events.map(\.actor.organizationID) == ["north-case-mgmt", "prov-1", "prov-1", "prov-1", "prov-1"])
        #expect(events[2].note == "Tuesday 10am")
        #expect(try await bed.referrals.audit().isConsistent)
    }

    @Test func anIllegalMoveIsRefusedNamingTheStatusesAndWritesNothing() async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        let error = await expectRefusal(.illegalMove) { try await bed.move(referral.id, .completed, outcome: .serviceProvided) }
        #expect(error?.transition?.from == .requested)
        #expect(error?.transition?.to == .completed)
        #expect(error?.transition?.allowed == [.accepted, .rejected, .cancelled])
        #expect(error?.message.contains("cannot move to completed") == true)
        await expectRefusal(.illegalMove) { try await bed.move(referral.id, .accepted, by: T.caseManager) }
        #expect(try await bed.store.events(of: referral.id).count == 1)
    }

    @Test func onlyTheTwoPartiesActOnAReferral() async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        await expectRefusal(.notPermitted) { try await bed.move(referral.id, .accepted, by: T.otherProvider) }
        await expectRefusal(.notPermitted) { try await bed.move(referral.id, .cancelled, by: T.outsider, reason: .duplicate) }
        await expectRefusal(.notPermitted) { _ = try await bed.referrals.create(bed.request(), by: T.intake) }
        await expectRefusal(.notPermitted) { _ = try await bed.referrals.create(bed.request(), by: T.outsider) }
        // A colleague of the same organization may act for the referrer.
        let cancelled = try await bed.move(referral.id, .cancelled, by: T.otherCaseManager, reason: .duplicate)
        #expect(cancelled.statusReason == .init(.duplicate))
    }

    @Test func reasonsAndOutcomesAreRequired() async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        await expectRefusal(.illegalMove) { try await bed.move(referral.id, .rejected) }
        let rejected = try await bed.move(referral.id, .rejected, reason: .outsideServiceArea)
        #expect(rejected.statusReason?.code == .outsideServiceArea)
        #expect(rejected.respondedAt == T.friday)

        let second = try await bed.issue()
        try await bed.move(second.id, .accepted)
        await expectRefusal(.illegalMove) { try await bed.move(second.id, .completed) }
        await expectRefusal(.illegalMove) { try await bed.move(second.id, .onHold) }
        try await bed.move(second.id, .onHold, reason: .missingDocuments)
        await expectRefusal(.invalidRequest) { _ = try await bed.referrals.record(.init(.contactAttempted), on: second.id, by: T.intake) }
    }

    @Test func aRejectedReferralIsReplacedByANewOneLinkedToIt() async throws {
        let bed = try await ReferralTestbed()
        let first = try await bed.issue()
        var request = bed.request()
        request.replaces = first.id
        await expectRefusal(.invalidRequest) { _ = try await bed.referrals.create(request, by: T.caseManager) }
        try await bed.move(first.id, .rejected, reason: .noCapacity)
        await expectRefusal(.illegalMove) { try await bed.move(first.id, .requested, by: T.caseManager) }
        let second = try await bed.referrals.create(request, by: T.caseManager).referral
        #expect(second.replaces == first.id)
        #expect(second.id != first.id)
    }

    @Test func noReferralToARetiredOrInactiveServiceButOldOnesKeepTheirHistory() async throws {
        let bed = try await ReferralTestbed()
        await expectRefusal(.serviceUnavailable) { try await bed.issue("svc-closed") }
        await expectRefusal(.serviceUnavailable) { try await bed.issue("svc-nowhere") }
        let referral = try await bed.issue()
        try await bed.move(referral.id, .accepted)
        _ = try await bed.store.apply(DirectoryBatch(deletions: [.service("svc-housing")]), now: T.day(1))
        await expectRefusal(.serviceUnavailable) { try await bed.issue() }
        try await bed.move(referral.id, .inProgress)
        #expect(try await bed.store.events(of: referral.id).count == 3)
        #expect(try await bed.referrals.statistics().byService.first?.label == "Rapid Rehousing")
    }

    @Test func aStaleVersionIsAConflictNamingTheCurrentOne() async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        _ = try await bed.referrals.record(.init(.noteAdded), note: "Called twice", on: referral.id, expectedVersion: 1, by: T.caseManager)
        let error = await expectRefusal(.conflict) {
            _ = try await bed.referrals.move(referral.id, Move(to: .accepted), expectedVersion: 1, by: T.intake)
        }
        #expect(error?.currentVersion == 2)
        let accepted = try await bed.referrals.move(referral.id, Move(to: .accepted), expectedVersion: 2, by: T.intake)
        #expect(accepted.referral.version == 3)
    }

    @Test func aRetriedRequestWithAnIdempotencyKeyActsOnce() async throws {
        let bed = try await ReferralTestbed()
        let first = try await bed.referrals.create(bed.request(), by: T.caseManager, idempotencyKey: "form-17")
        let retry = try await bed.referrals.create(bed.request(), by: T.caseManager, idempotencyKey: "form-17")
        #expect(retry.replayed)
        #expect(retry.referral.id == first.referral.id)
        #expect(try await bed.store.referrals(ReferralQuery()).count == 1)
        await expectRefusal(.idempotencyKeyReused) {
            _ = try await bed.referrals.create(bed.request(urgency: .stat), by: T.caseManager, idempotencyKey: "form-17")
        }

        let id = first.referral.id
        let accept = try await bed.referrals.move(id, Move(to: .accepted), expectedVersion: 1, by: T.intake, idempotencyKey: "acc-1")
        // The answer was lost on the way back; the same request comes again with the version it saw.
        let again = try await bed.referrals.move(id, Move(to: .accepted), expectedVersion: 1, by: T.intake, idempotencyKey: "acc-1")
        #expect(again.replayed)
        #expect(again.event == accept.event)
        #expect(try await bed.store.events(of: id).count == 2)
    }

    @Test func manyPeopleActingAtOnceLoseNothingAndMoveOnce() async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        let results = await withTaskGroup(of: ReferralError.Code?.self) { group in
            for n in 0..<30 {
                group.addTask {
                    do {
                        if n.isMultiple(of: 3) {
                            _ = try await bed.referrals.move(referral.id, Move(to: .accepted), expectedVersion: 1, by: T.intake)
                        } else if n % 3 == 1 {
                            _ = try await bed.referrals.move(referral.id, Move(to: .rejected, reason: .init(.noCapacity)), expectedVersion: 1, by: T.intake)
                        } else {
                            _ = try await bed.referrals.move(referral.id, Move(to: .cancelled, reason: .init(.clientDeclined)), expectedVersion: 1, by: T.caseManager)
                        }
                        return nil
                    } catch let error as ReferralError {
                        return error.code
                    } catch {
                        return .invalidRequest
                    }
                }
            }
            return await group.reduce(into: [ReferralError.Code?]()) { $0.append($1) }
        }
        #expect(results.count { $0 == nil } == 1)
        #expect(results.allSatisfy { $0 == nil || $0 == .conflict })
        #expect(try await bed.store.events(of: referral.id).count == 2)
        #expect(try await bed.referrals.audit().isConsistent)
    }
}
