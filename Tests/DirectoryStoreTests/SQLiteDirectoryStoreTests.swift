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
        #expect(try await again.appliedMigrations() == ["v1-directory", "v2-refresh", "v3-feed-validators", "v4-referrals", "v5-feed-units", "v6-accounts", "v7-directory-revision", "v8-ledger-indexes"])
        let summary = try await reopened.apply(Fixtures.directory, now: Fixtures.days(1))
        #expect(summary.services == .init(unchanged: 4))
    }

    @Test(arguments: [StoreKind.sqliteMemory, .sqliteFile])
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

    @Test func v1ContentHashesAreStillMadeTheWayTheyWere() {
        // Parts joined by U+001F, a missing part as U+0000: the text every v1 hash was made from.
        #expect(StoredForm.hash("a", nil, "b") == "a43ac0b7d6c0b411db4270c7bf746cfcfdade3e1")
        #expect(StoredForm.digest(["a", nil, "b"]).hex == StoredForm.hash("a", nil, "b"))
        #expect(StoredHash("a43ac0b7d6c0b411db4270c7bf746cfcfdade3e1").isLegacy)
        #expect(StoredHash("not a hash") == .unreadable)
        #expect(StoredHash(nil) == .unreadable)
    }

    /// A database written by "v1-directory" holds SHA-1 hashes of the JSON text: they still
    /// match, so nothing counts as changed, and each is replaced by a fingerprint the first time.
    @Test(arguments: [false, true])
    func aV1HashStillMatchesAndIsReplacedByAFingerprint(refreshing: Bool) async throws {
        let store = try SQLiteDirectoryStore(path: nil, domainMapping: Fixtures.domainMapping)
        _ = try await store.apply(Fixtures.directory, now: Fixtures.t0)
        let encoder = StoredForm.makeEncoder()
        let pantry = Fixtures.foodPantry
        let provenance = try #require(pantry.provenance)
        let v1 = StoredForm.hash(
            try StoredForm.encode(pantry, encoder, recordType: "service"),
            try StoredForm.eligibilityJSON(pantry.eligibility, encoder), provenance.feed.rawValue, provenance.sourceKey,
            StoredForm.hashPart(provenance.lastVerified)
        )
        try await store.executeForTesting("UPDATE service SET content_hash = '\(v1)' WHERE id = 'svc-2'")
        // A v1 hash of other content: the record counts as changed.
        try await store.executeForTesting("UPDATE service SET content_hash = '\(String(repeating: "ab", count: 20))' WHERE id = 'svc-1'")

        let counts: ApplySummary.Counts
        if refreshing {
            let run = try await store.refresh(feed: "hsds-demo", fileHash: "again", now: Fixtures.days(1), policy: RefreshPolicy()) { sink in
                try sink.add(DirectoryBatch(services: [Fixtures.rehousing, pantry]))
            }
            counts = ApplySummary.Counts(added: run.added, updated: run.updated, unchanged: run.unchanged)
        } else {
            counts = try await store.apply(DirectoryBatch(services: [Fixtures.rehousing, pantry]), now: Fixtures.days(1)).services
        }

        #expect(counts == .init(updated: 1, unchanged: 1))
        let replaced = try #require(try await store.contentHashForTesting("service", "svc-2"))
        #expect(replaced.count == 32 && replaced != v1)
        #expect(try await store.contentHashForTesting("service", "svc-1")?.count == 32)
        let again = try await store.apply(DirectoryBatch(services: [Fixtures.rehousing, pantry]), now: Fixtures.days(2))
        #expect(again.services == .init(unchanged: 2))
    }
}

@Suite struct FeedValidatorsTests {
    @Test func validatorsAreKeptPerFeedAndReplaced() async throws {
        let store = try SQLiteDirectoryStore(path: nil, domainMapping: DomainMapping(airs: []))
        #expect(try await store.fetchValidators(feed: "a") == nil)
        try await store.saveFetchValidators(FeedValidators(etag: "\"1\"", lastModified: "Mon, 23 Nov 2026 06:00:00 GMT"), feed: "a")
        try await store.saveFetchValidators(FeedValidators(etag: "\"2\""), feed: "a")
        try await store.saveFetchValidators(FeedValidators(etag: "\"x\""), feed: "b")
        #expect(try await store.fetchValidators(feed: "a") == FeedValidators(etag: "\"2\""))
        #expect(try await store.fetchValidators(feed: "b")?.etag == "\"x\"")
    }
}
