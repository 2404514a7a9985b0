import DirectoryStore
import Foundation
import SwitchboardCore
import Testing

@testable import DirectoryStore

/// What SQLite itself enforces on referrals, below the API.
@Suite struct SQLiteReferralStoreTests {
    @Test func eventsCannotBeUpdatedOrDeletedEvenBySQL() async throws {
        let store = try SQLiteDirectoryStore(path: nil, domainMapping: Fixtures.domainMapping)
        _ = try await store.apply(Fixtures.directory, now: Fixtures.t0)
        try await store.saveClient(ReferralFixtures.client)
        _ = try await store.create(ReferralFixtures.created("ref-1"), idempotency: nil)
        await #expect(throws: (any Error).self) { try await store.executeForTesting("UPDATE referral_event SET kind = 'x'") }
        await #expect(throws: (any Error).self) { try await store.executeForTesting("DELETE FROM referral_event") }
        // Two events with one sequence number cannot both exist.
        await #expect(throws: (any Error).self) {
            try await store.executeForTesting(
                "INSERT INTO referral_event SELECT referral_id, sequence, at, actor_user, actor_role, actor_organization, kind, body FROM referral_event")
        }
        #expect(try await store.events(of: "ref-1").count == 1)
    }
}
