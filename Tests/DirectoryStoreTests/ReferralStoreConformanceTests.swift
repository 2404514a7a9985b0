import DirectoryStore
import Foundation
import SwitchboardCore
import Testing

/// What every `ReferralStore` must do, run against each backend in `StoreKind.available`.
@Suite struct ReferralStoreConformanceTests {
    typealias F = ReferralFixtures

    func loadedStore(_ kind: StoreKind) async throws -> any DirectoryStore & ReferralStore {
        let store = try kind.makeReferralStore()
        let summary = try await store.apply(Fixtures.directory, now: Fixtures.t0)
        try #require(summary.issues.isEmpty)
        try await store.saveClient(F.client)
        return store
    }

    func refusal(_ code: ReferralStoreError.Code, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected a \(code) refusal")
        } catch let error as ReferralStoreError {
            #expect(error.code == code, "\(error)")
        } catch {
            Issue.record("expected a \(code) refusal, got \(error)")
        }
    }

    @Test(arguments: StoreKind.available)
    func aReferralReadsBackAsTheFoldOfItsEvents(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        let created = try await store.create(F.created("ref-1"), idempotency: nil)
        #expect(created.referral.version == 1)
        #expect(created.referral.status == .requested)
        let accepted = try await store.append(F.moved("ref-1", sequence: 2, from: .requested, to: .accepted), expectedVersion: 1, idempotency: nil)
        #expect(accepted.referral.version == 2)
        #expect(accepted.referral.acceptedAt == Fixtures.t0.addingTimeInterval(3600))

        let stored = try #require(try await store.referral("ref-1"))
        let events = try await store.events(of: "ref-1")
        #expect(events.map(\.sequence) == [1, 2])
        #expect(events == [F.created("ref-1"), F.moved("ref-1", sequence: 2, from: .requested, to: .accepted)])
        #expect(Referral.folding(events) == stored)
        #expect(stored == accepted.referral)
        #expect(try await store.referral("ref-404") == nil)
    }

    @Test(arguments: StoreKind.available)
    func aStaleVersionIsRefusedAndOverwritesNothing(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        _ = try await store.create(F.created("ref-1"), idempotency: nil)
        _ = try await store.append(F.moved("ref-1", sequence: 2, from: .requested, to: .accepted), expectedVersion: 1, idempotency: nil)
        await refusal(.conflict) {
            _ = try await store.append(
                F.moved("ref-1", sequence: 2, from: .requested, to: .rejected, by: F.intake), expectedVersion: 1, idempotency: nil)
        }
        let stored = try #require(try await store.referral("ref-1"))
        #expect(stored.status == .accepted)
        #expect(try await store.events(of: "ref-1").count == 2)
        await refusal(.notFound) { _ = try await store.append(F.note("ref-404", sequence: 2), expectedVersion: 1, idempotency: nil) }
        await refusal(.invalidEvent) { _ = try await store.append(F.note("ref-1", sequence: 5), expectedVersion: 2, idempotency: nil) }
    }

    @Test(arguments: StoreKind.available)
    func aRetriedRequestWithTheSameKeyWritesNothingTwice(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        let key = IdempotencyKey(key: "create-7", request: "same request")
        let first = try await store.create(F.created("ref-1"), idempotency: key)
        // The retry carries a new id (the caller made one again): the key, not the id, decides.
        let retry = try await store.create(F.created("ref-2"), idempotency: key)
        #expect(!first.replayed)
        #expect(retry.replayed)
        #expect(retry.referral.id == "ref-1")
        #expect(try await store.referrals(ReferralQuery()).count == 1)

        let moveKey = IdempotencyKey(key: "accept-1", request: "accept")
        let moved = try await store.append(F.moved("ref-1", sequence: 2, from: .requested, to: .accepted), expectedVersion: 1, idempotency: moveKey)
        let again = try await store.append(F.moved("ref-1", sequence: 2, from: .requested, to: .accepted), expectedVersion: 1, idempotency: moveKey)
        #expect(again.replayed)
        #expect(again.event == moved.event)
        #expect(try await store.events(of: "ref-1").count == 2)
        #expect(try await store.replay(moveKey, actor: F.intake)?.event == moved.event)
        #expect(try await store.replay(moveKey, actor: F.caseManager) == nil, "keys belong to the user who sent them")

        await refusal(.idempotencyKeyReused) {
            _ = try await store.append(F.note("ref-1", sequence: 3), expectedVersion: 2, idempotency: IdempotencyKey(key: "accept-1", request: "a note"))
        }
    }

    @Test(arguments: StoreKind.available)
    func noReferralGoesToARetiredInactiveOrUnknownService(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        // svc-4 is inactive in the fixture.
        await refusal(.serviceUnavailable) { _ = try await store.create(F.created("ref-4", service: "svc-4"), idempotency: nil) }
        await refusal(.serviceUnavailable) { _ = try await store.create(F.created("ref-9", service: "svc-404"), idempotency: nil) }

        _ = try await store.create(F.created("ref-1"), idempotency: nil)
        _ = try await store.append(F.moved("ref-1", sequence: 2, from: .requested, to: .accepted), expectedVersion: 1, idempotency: nil)
        _ = try await store.apply(DirectoryBatch(deletions: [.service("svc-1")]), now: Fixtures.days(1))
        #expect(try await store.service("svc-1")?.isRetired == true)

        await refusal(.serviceUnavailable) { _ = try await store.create(F.created("ref-2"), idempotency: nil) }
        // The referral made before the retirement keeps its history and can still be worked on.
        #expect(try await store.events(of: "ref-1").count == 2)
        let next = try await store.append(F.moved("ref-1", sequence: 3, from: .accepted, to: .inProgress), expectedVersion: 2, idempotency: nil)
        #expect(next.referral.status == .inProgress)
        await refusal(.alreadyExists) { _ = try await store.create(F.created("ref-1"), idempotency: nil) }
    }

    @Test(arguments: StoreKind.available)
    func concurrentMovesApplyExactlyOneAndConcurrentNotesAllLand(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        _ = try await store.create(F.created("ref-1"), idempotency: nil)

        // Forty actors race to answer version 1, half accepting and half rejecting: one wins.
        let winners = await withTaskGroup(of: Referral.Status?.self) { group in
            for n in 0..<40 {
                group.addTask {
                    let to: Referral.Status = n.isMultiple(of: 2) ? .accepted : .cancelled
                    let event = F.moved("ref-1", sequence: 2, from: .requested, to: to)
                    return try? await store.append(event, expectedVersion: 1, idempotency: nil).referral.status
                }
            }
            return await group.reduce(into: [Referral.Status]()) { if let status = $1 { $0.append(status) } }
        }
        #expect(winners.count == 1)
        let afterRace = try #require(try await store.referral("ref-1"))
        #expect(afterRace.version == 2)
        #expect(afterRace.status == winners.first)

        // Fifty notes written at once, each retrying on conflict with the version it reloads: none lost.
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    while true {
                        guard let version = try? await store.referral("ref-1")?.version else { return }
                        do {
                            _ = try await store.append(F.note("ref-1", sequence: version + 1), expectedVersion: version, idempotency: nil)
                            return
                        } catch let error as ReferralStoreError where error.code == .conflict {
                            continue
                        } catch {
                            Issue.record("\(error)")
                            return
                        }
                    }
                }
            }
        }
        let events = try await store.events(of: "ref-1")
        #expect(events.count == 52)
        #expect(events.map(\.sequence) == Array(1...52))
        #expect(events.filter { if case .moved = $0.change { true } else { false } }.count == 1)
        #expect(try await store.referral("ref-1") == Referral.folding(events))
    }

    @Test(arguments: StoreKind.available)
    func listsFilterByPartyStatusAndService(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        _ = try await store.create(F.created("ref-1"), idempotency: nil)
        _ = try await store.create(F.created("ref-2", service: "svc-3"), idempotency: nil)
        _ = try await store.append(F.moved("ref-1", sequence: 2, from: .requested, to: .accepted), expectedVersion: 1, idempotency: nil)

        #expect(try await store.referrals(ReferralQuery()).count == 2)
        #expect(try await store.referrals(ReferralQuery(statuses: [.accepted])).map(\.id) == ["ref-1"])
        #expect(try await store.referrals(ReferralQuery(serviceID: "svc-3")).map(\.id) == ["ref-2"])
        #expect(try await store.referrals(ReferralQuery(caseManager: "cm-1", limit: 1)).count == 1)
        #expect(try await store.referrals(ReferralQuery(referrerOrganizationID: "other-org")).isEmpty)
        #expect(try await store.referrals(ReferralQuery(statuses: [])).isEmpty)
        #expect(Set(try await store.referrals(.active).map(\.id)) == ["ref-1", "ref-2"])
    }

    @Test(arguments: StoreKind.available)
    func consentsAreRecordedRevokedOnceAndKept(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        let consent = Consent(
            id: "consent-1", clientID: F.client.id, holderOrganizationID: "cm-org", recipientOrganizationID: "org-1",
            givenAt: Fixtures.t0, expiresAt: Fixtures.days(365), recordedBy: F.caseManager
        )
        try await store.recordConsent(consent)
        #expect(try await store.consents(for: F.client.id) == [consent])
        let revoked = try await store.revokeConsent("consent-1", at: Fixtures.days(3), by: F.caseManager)
        #expect(revoked.revokedAt == Fixtures.days(3))
        #expect(try await store.consent("consent-1") == revoked)
        await refusal(.conflict) { _ = try await store.revokeConsent("consent-1", at: Fixtures.days(4), by: F.caseManager) }
        await refusal(.notFound) { _ = try await store.revokeConsent("consent-404", at: Fixtures.days(4), by: F.caseManager) }
        await refusal(.alreadyExists) { try await store.recordConsent(consent) }

        var withDetails = F.client
        withDetails.details = ClientDetails(name: "A. Person", phone: "402-555-0199")
        try await store.saveClient(withDetails)
        #expect(try await store.client(F.client.id) == withDetails)
        await refusal(.alreadyExists) {
            try await store.saveClient(Client(id: F.client.id, organizationID: "another-org", label: "x", createdAt: Fixtures.t0))
        }
    }
}
