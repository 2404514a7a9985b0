@testable import DirectoryStore
import Foundation
import SwitchboardCore
import Testing

/// What only the SQLite store has: a file that outlives the process, migrations, SQLite's own constraints.
@Suite struct SQLiteDirectoryStoreTests {
    @Test func aFileBackedStoreReopensWithItsDataIntactAndMigratesOnlyOnce() async throws {
        let path = try StoreKind.temporaryDatabasePath()
        let expected: ServiceRecord?
        do {
            let store = try SQLiteDirectoryStore(path: path, domainMapping: Fixtures.domainMapping)
            _ = try await store.apply(Fixtures.directory, now: Fixtures.t0)
            expected = try await store.service("svc-1")
        }

        let reopened = try SQLiteDirectoryStore(path: path, domainMapping: Fixtures.domainMapping)
        let again = try SQLiteDirectoryStore(path: path, domainMapping: Fixtures.domainMapping)

        #expect(expected != nil)
        #expect(try await reopened.service("svc-1") == expected)
        #expect(try await again.statistics(asOf: Fixtures.t0).services == 4)
        #expect(try await again.appliedMigrations() == ["v1-directory", "v2-refresh"])
        let summary = try await reopened.apply(Fixtures.directory, now: Fixtures.days(1))
        #expect(summary.services == .init(unchanged: 4))
    }

    @Test(arguments: StoreKind.available)
    func foreignKeysAreEnforcedBySQLiteItself(kind: StoreKind) async throws {
        let store = try #require(try kind.makeStore() as? SQLiteDirectoryStore)

        await #expect(throws: (any Error).self) {
            try await store.executeForTesting("""
                INSERT INTO service (id, organization_id, name, status, eligibility, first_seen, last_changed, body, content_hash)
                VALUES ('svc-x', 'org-missing', 'x', 'active', '{}', 0, 0, '{}', '')
                """)
        }
        #expect(try await store.statistics(asOf: Fixtures.t0).services == 0)
    }

    @Test func storeErrorsDescribeTheFailureWithoutRecordValues() async throws {
        let store = try SQLiteDirectoryStore(path: nil, domainMapping: Fixtures.domainMapping)
        var service = Fixtures.foodPantry
        service.name = "Client Jane Doe"
        service.minimumAge = .nan

        let error = await #expect(throws: StoreError.self) {
            _ = try await store.apply(DirectoryBatch(organizations: [Fixtures.riverside], services: [service]), now: Fixtures.t0)
        }

        #expect(error?.code == .unencodableRecord)
        #expect(error?.cause != nil)
        #expect(error?.description.contains("Jane") == false)
    }

    @Test func eligibilityIsStoredWithItsSetsSortedSoItsHashIsStableAcrossProcesses() throws {
        // Set iteration order is seeded per process; the stored text must not depend on it.
        let json = try StoredForm.eligibilityJSON(Fixtures.rehousing.eligibility, StoredForm.makeEncoder())

        #expect(json.contains(#""genders":["female","male","nonbinary"]"#))
        #expect(json.contains(
            #""populations":["people-experiencing-homelessness","survivors-of-domestic-violence","veterans"]"#
        ))
        let decoded = try JSONDecoder().decode(Eligibility.self, from: Data(json.utf8))
        #expect(decoded == Fixtures.rehousing.eligibility)
    }

    @Test func contentHashesKeepTheirV1FormSoStoredRecordsStayUnchanged() {
        // Parts joined by U+001F, a missing part as U+0000: the text every stored hash was made from.
        #expect(StoredForm.hash("a", nil, "b") == "a43ac0b7d6c0b411db4270c7bf746cfcfdade3e1")
        #expect(StoredForm.digest(["a", nil, "b"]).hex == StoredForm.hash("a", nil, "b"))
        #expect(StoredForm.storedDigest("not a hash") == StoredForm.unreadableDigest)
    }
}
