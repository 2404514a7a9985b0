import DirectoryStore
import Foundation
import SwitchboardCore
import Testing

/// What every `DirectoryStore` must do, run against each backend in `StoreKind.available`.
@Suite struct DirectoryStoreConformanceTests {
    static let expectedDomains: [ServiceID: [Domain]] = [
        "svc-1": [.housing], "svc-2": [.other], "svc-3": [.housing, .legal], "svc-4": [.health, .employment],
    ]

    func loadedStore(_ kind: StoreKind) async throws -> any DirectoryStore {
        let store = try kind.makeStore()
        let summary = try await store.apply(Fixtures.directory, now: Fixtures.t0)
        try #require(summary.issues.isEmpty, "\(summary.issues)")
        return store
    }

    func snapshot(_ store: any DirectoryStore) async throws -> StoreSnapshot {
        try await StoreSnapshot(store)
    }

    // MARK: Round trip

    @Test(arguments: StoreKind.available)
    func aFullServiceRecordReadsBackAsItWasWritten(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        let summary = try await store.apply(Fixtures.directory, now: Fixtures.t0)

        #expect(summary.issues.isEmpty)
        #expect(summary.organizations == .init(added: 2))
        #expect(summary.programs == .init(added: 1))
        #expect(summary.locations == .init(added: 3))
        #expect(summary.services == .init(added: 4))
        #expect(summary.servicesAtLocations == .init(added: 5))
        #expect(summary.taxonomyTerms == .init(added: Fixtures.terms.count))

        for (id, domains) in Self.expectedDomains {
            let record = try #require(try await store.service(id))
            let expected = try #require(Fixtures.expectedRecord(id, domains: domains))
            #expect(record == expected)
        }
        let rehousing = try #require(try await store.service("svc-1"))
        #expect(rehousing.service.eligibility == Fixtures.rehousing.eligibility)
        #expect(rehousing.service.provenance == Fixtures.rehousing.provenance)
        #expect(rehousing.sites.map(\.location.id) == ["loc-1", "loc-2"])
        #expect(rehousing.taxonomyTerms.map(\.code) == ["BH-1800", "BD-1800"])
        #expect(rehousing.program == Fixtures.housingProgram)
        #expect(rehousing.taxonomies == [Fixtures.airs])
    }

    @Test(arguments: StoreKind.available)
    func organizationsLocationsProgramsAndTaxonomyReadBackAsWritten(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)

        #expect(try await store.organization("org-1") == Fixtures.riverside)
        #expect(try await store.organization("org-404") == nil)
        #expect(try await store.location("loc-1") == Fixtures.mainOffice)
        // Stamped with first-seen and last-changed, but a record without provenance reads back without one.
        #expect(try await store.location("loc-2") == Fixtures.pantry)
        #expect(try await store.programs() == [Fixtures.housingProgram])
        #expect(try await store.taxonomies() == [Fixtures.airs])
        #expect(try await store.taxonomyTerms() == Fixtures.terms.sorted { $0.id < $1.id })
        #expect(try await store.service("svc-404") == nil)
    }

    /// A page of search results is read in one go: in the order asked, without retired or unknown services.
    @Test(arguments: StoreKind.available)
    func servicesAndListingsByIdComeInTheOrderAskedWithoutRetiredOrUnknownOnes(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        let asked: [ServiceID] = ["svc-3", "svc-404", "svc-1", "svc-2"]
        var one: [ServiceRecord] = []
        for id in asked { if let record = try await store.service(id) { one.append(record) } }
        #expect(try await store.services(asked) == one)
        #expect(try await store.services(asked).map(\.id) == ["svc-3", "svc-1", "svc-2"])
        // Listings are the same services with their organizations, nothing else read.
        #expect(try await store.listings(asked) == one.map { ListedService(service: $0.service, organization: $0.organization) })
        _ = try await store.apply(DirectoryBatch(deletions: [.service("svc-1")]), now: Fixtures.t0)
        #expect(try await store.services(asked).map(\.id) == ["svc-3", "svc-2"])
        #expect(try await store.listings(asked).map(\.service.id) == ["svc-3", "svc-2"])
        #expect(try await store.services([]).isEmpty)
        #expect(try await store.listings([]).isEmpty)
    }

    // MARK: Change detection

    @Test(arguments: StoreKind.available)
    func applyingTheSameBatchTwiceReportsEverythingUnchanged(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        let before = try await snapshot(store)

        let again = try await store.apply(Fixtures.directory, now: Fixtures.days(10))

        #expect(again.organizations == .init(unchanged: 2))
        #expect(again.programs == .init(unchanged: 1))
        #expect(again.locations == .init(unchanged: 3))
        #expect(again.services == .init(unchanged: 4))
        #expect(again.servicesAtLocations == .init(unchanged: 5))
        #expect(again.taxonomyTerms == .init(unchanged: Fixtures.terms.count))
        #expect(again.issues.isEmpty)
        #expect(try await snapshot(store) == before)
    }

    @Test(arguments: StoreKind.available)
    func aChangedServiceIsUpdatedAndItsLastChangedMovesWhileFirstSeenStays(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        let later = Fixtures.days(30)
        var changed = Fixtures.rehousing
        changed.name = "Rapid Rehousing and Prevention"
        changed.eligibility.maximumIncomePercentOfPoverty = 250
        // A feed that claims to have first seen the record later must not move our first-seen date.
        changed.provenance?.firstSeen = later
        changed.provenance?.lastChanged = later

        let summary = try await store.apply(DirectoryBatch(services: [changed, Fixtures.foodPantry]), now: later)

        #expect(summary.services == .init(updated: 1, unchanged: 1))
        let record = try #require(try await store.service("svc-1"))
        #expect(record.service.name == "Rapid Rehousing and Prevention")
        #expect(record.service.eligibility.maximumIncomePercentOfPoverty == 250)
        #expect(record.service.provenance?.firstSeen == Fixtures.rehousing.provenance?.firstSeen)
        #expect(record.service.provenance?.lastChanged == later)
        let untouched = try #require(try await store.service("svc-2"))
        #expect(untouched.service.provenance == Fixtures.foodPantry.provenance)
    }

    @Test(arguments: StoreKind.available)
    func aRecordWithoutProvenanceIsStampedWithNowAndKeepsItsStampWhenUnchanged(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        var service = Fixtures.foodPantry
        service.provenance = nil
        let batch = DirectoryBatch(organizations: [Fixtures.riverside], services: [service])
        _ = try await store.apply(batch, now: Fixtures.t0)
        let second = try await store.apply(batch, now: Fixtures.days(5))
        service.name = "Weekend Food Pantry"
        let third = try await store.apply(DirectoryBatch(services: [service]), now: Fixtures.days(9))

        #expect(second.services == .init(unchanged: 1))
        #expect(third.services == .init(updated: 1))
        #expect(try await store.service("svc-2")?.service == service)
    }

    @Test(arguments: StoreKind.available)
    func anUpdatedServiceHasItsSitesTermsAndDomainsReplaced(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        var changed = Fixtures.rehousing
        changed.attributes = Fixtures.classified("FT")
        let onlyMainOffice = Fixtures.links.filter { $0.id == "sal-1" }

        let summary = try await store.apply(
            DirectoryBatch(services: [changed], servicesAtLocations: onlyMainOffice), now: Fixtures.days(1)
        )

        #expect(summary.services == .init(updated: 1))
        #expect(summary.servicesAtLocations == .init(unchanged: 1))
        let record = try #require(try await store.service("svc-1"))
        #expect(record.sites.map(\.serviceAtLocation.id) == ["sal-1"])
        #expect(record.taxonomyTerms.map(\.code) == ["FT"])
        #expect(record.domains == [.legal])
        // The location itself stays: another service is delivered there.
        #expect(try await store.location("loc-2") == Fixtures.pantry)
    }

    // MARK: Rejections

    @Test(arguments: StoreKind.available)
    func danglingReferencesAreRejectedWithIssuesWhileGoodRecordsGoIn(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        let orphan = Service(id: "svc-orphan", organizationID: "org-missing", name: "Orphan")
        let badProgram = Service(id: "svc-bad-program", organizationID: "org-1", programID: "prog-missing", name: "Bad program")
        let good = Service(id: "svc-good", organizationID: "org-2", name: "Good", attributes: Fixtures.classified("FT"))
        let batch = DirectoryBatch(
            organizations: [
                Organization(id: "org-branch", name: "Branch office", parentOrganizationID: "org-1"),
                Organization(id: "org-stray", name: "Stray branch", parentOrganizationID: "org-missing"),
            ],
            programs: [Program(id: "prog-orphan", organizationID: "org-missing", name: "Orphan program")],
            locations: [Location(id: "loc-orphan", organizationID: "org-missing")],
            services: [orphan, badProgram, good],
            servicesAtLocations: [
                ServiceAtLocation(id: "sal-of-orphan", serviceID: "svc-orphan", locationID: "loc-1"),
                ServiceAtLocation(id: "sal-nowhere", serviceID: "svc-good", locationID: "loc-missing"),
                ServiceAtLocation(id: "sal-good", serviceID: "svc-good", locationID: "loc-3"),
            ],
            taxonomyTerms: [
                Fixtures.term("QQ", "Orphan term", parent: "Q"),
                Fixtures.term("QQ-1000", "Child of an orphan", parent: "QQ"),
                Fixtures.term("FT-1000", "Legal Counseling", parent: "FT"),
            ]
        )

        let summary = try await store.apply(batch, now: Fixtures.days(1))

        #expect(summary.services == .init(added: 1, rejected: 2))
        #expect(summary.organizations == .init(added: 1, rejected: 1))
        #expect(summary.programs == .init(rejected: 1))
        #expect(summary.locations == .init(rejected: 1))
        #expect(summary.servicesAtLocations == .init(added: 1, rejected: 2))
        #expect(summary.taxonomyTerms == .init(added: 1, rejected: 2))
        func issue(_ type: String, _ id: String) -> RecordIssue? {
            summary.issues.first { $0.recordType == type && $0.recordID == id }
        }
        let expectations: [(type: String, id: String, field: String, names: String)] = [
            ("organization", "org-stray", "parent_organization_id", "org-missing"),
            ("service", "svc-orphan", "organization_id", "org-missing"),
            ("service", "svc-bad-program", "program_id", "prog-missing"),
            ("program", "prog-orphan", "organization_id", "org-missing"),
            ("location", "loc-orphan", "organization_id", "org-missing"),
            ("service_at_location", "sal-of-orphan", "service_id", "svc-orphan"),
            ("service_at_location", "sal-nowhere", "location_id", "loc-missing"),
            ("taxonomy_term", "airs-QQ", "parent_id", "airs-Q"),
            ("taxonomy_term", "airs-QQ-1000", "parent_id", "airs-QQ"),
        ]
        for expected in expectations {
            let found = try #require(issue(expected.type, expected.id), "no issue for \(expected.type) \(expected.id)")
            #expect(found.code == .danglingReference)
            #expect(found.field == expected.field)
            #expect(found.message.contains(expected.names))
            #expect(!found.isWarning)
        }
        #expect(issue("service_at_location", "sal-of-orphan")?.message.contains("rejected in this batch") == true)
        #expect(try await store.service("svc-orphan") == nil)
        #expect(try await store.service("svc-bad-program") == nil)
        #expect(try await store.location("loc-orphan") == nil)
        let goodRecord = try #require(try await store.service("svc-good"))
        #expect(goodRecord.sites.map(\.serviceAtLocation.id) == ["sal-good"])
        #expect(goodRecord.domains == [.legal])
        #expect(try await store.taxonomyTerms().contains { $0.code == "FT-1000" })
        #expect(try await store.organization("org-branch")?.parentOrganizationID == "org-1")
        #expect(try await store.organization("org-stray") == nil)
    }

    @Test(arguments: StoreKind.available)
    func aServiceNamingAnUnknownTermGoesInWithAWarning(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        let service = Service(
            id: "svc-unclassified", organizationID: "org-1", name: "Mystery", attributes: Fixtures.classified("ZZ")
        )

        let summary = try await store.apply(DirectoryBatch(services: [service]), now: Fixtures.days(1))

        #expect(summary.services == .init(added: 1))
        let warning = try #require(summary.issues.first)
        #expect(warning.isWarning)
        #expect(warning.recordID == "svc-unclassified")
        #expect(warning.message.contains("airs-ZZ"))
        let record = try #require(try await store.service("svc-unclassified"))
        #expect(record.service == service)
        #expect(record.taxonomyTerms.isEmpty)
        #expect(record.domains == [.other])
    }

    @Test(arguments: StoreKind.available)
    func aTermOfAnUnknownTaxonomyIsKeptWithAWarningAndLinkedOnceTheTaxonomyArrives(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        let batch = DirectoryBatch(taxonomyTerms: Fixtures.terms)

        let first = try await store.apply(batch, now: Fixtures.t0)
        var withTaxonomy = batch
        withTaxonomy.taxonomies = [Fixtures.airs]
        let second = try await store.apply(withTaxonomy, now: Fixtures.days(1))

        #expect(first.taxonomyTerms == .init(added: Fixtures.terms.count))
        #expect(first.issues.count == Fixtures.terms.count)
        #expect(first.issues.allSatisfy { $0.isWarning && $0.field == "taxonomy_id" && $0.message.contains("airs") })
        #expect(second.taxonomyTerms == .init(updated: Fixtures.terms.count))
        #expect(second.issues.isEmpty)
        #expect(try await store.taxonomyTerms() == Fixtures.terms.sorted { $0.id < $1.id })
    }

    @Test(arguments: StoreKind.available)
    func aDuplicateIDInOneBatchRejectsTheLaterRecord(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        var second = Fixtures.foodPantry
        second.name = "Second copy"
        var secondOrg = Fixtures.riverside
        secondOrg.name = "Second copy"
        let batch = DirectoryBatch(
            organizations: [Fixtures.riverside, secondOrg], services: [Fixtures.foodPantry, second],
            taxonomies: [Fixtures.airs], taxonomyTerms: Fixtures.terms
        )

        let summary = try await store.apply(batch, now: Fixtures.t0)

        #expect(summary.services == .init(added: 1, rejected: 1))
        #expect(summary.organizations == .init(added: 1, rejected: 1))
        #expect(summary.issues.count == 2)
        #expect(summary.issues.allSatisfy { $0.code == .duplicateKey && $0.field == "id" })
        #expect(try await store.service("svc-2")?.service.name == "Food Pantry")
        #expect(try await store.organization("org-1")?.name == Fixtures.riverside.name)
    }

    @Test(arguments: StoreKind.available)
    func aSecondRecordWithTheSameFeedKeyIsRejected(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        var impostor = Fixtures.foodPantry
        impostor.id = "svc-impostor"

        let summary = try await store.apply(DirectoryBatch(services: [impostor]), now: Fixtures.days(1))

        #expect(summary.services == .init(rejected: 1))
        let issue = try #require(summary.issues.first)
        #expect(issue.code == .duplicateKey)
        #expect(issue.field == "source_key")
        #expect(issue.message.contains("svc-2"))
    }

    @Test(arguments: StoreKind.available)
    func aBatchThatFailsPartWayLeavesTheStoreExactlyAsBefore(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        let before = try await snapshot(store)
        var changed = Fixtures.rehousing
        changed.name = "Renamed"
        // Not a number: it cannot be stored, and it comes after the organization and location
        // below have been written inside the transaction.
        var broken = Fixtures.foodPantry
        broken.minimumAge = .nan
        let batch = DirectoryBatch(
            organizations: [Organization(id: "org-new", name: "New agency")],
            locations: [Location(id: "loc-new", organizationID: "org-new", name: "New place")],
            services: [changed, broken]
        )

        await #expect(throws: StoreError.self) {
            _ = try await store.apply(batch, now: Fixtures.days(1))
        }

        #expect(try await snapshot(store) == before)
        #expect(try await store.organization("org-new") == nil)
        #expect(try await store.location("loc-new") == nil)
    }

    // MARK: Reading a large directory

    @Test(arguments: StoreKind.available)
    func pagingThroughServicesVisitsEveryServiceOnceInIDOrder(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)
        let bulk = Fixtures.manyServices(57)
        _ = try await store.apply(DirectoryBatch(services: bulk), now: Fixtures.t0)
        let all = (Fixtures.directory.services + bulk).map(\.id).sorted()

        var visited: [ServiceID] = []
        var cursor: ServiceID?
        var pages = 0
        while true {
            let page = try await store.services(after: cursor, limit: 10)
            guard let last = page.last else { break }
            #expect(page.count <= 10)
            visited += page.map(\.id)
            cursor = last.id
            pages += 1
        }

        #expect(visited == all)
        #expect(pages == (all.count + 9) / 10)
        // Paged records are as complete as single reads.
        let paged = try await store.services(after: "svc-0", limit: 1)
        #expect(paged == [try #require(try await store.service("svc-1"))])
    }

    @Test(arguments: StoreKind.available)
    func pagingThroughOrganizationsAndLocationsFollowsIDOrder(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)

        #expect(try await store.organizations(after: nil, limit: 1).map(\.id) == ["org-1"])
        #expect(try await store.organizations(after: "org-1", limit: 5).map(\.id) == ["org-2"])
        #expect(try await store.organizations(after: "org-2", limit: 5).isEmpty)
        // By position, as numbered pages read them.
        #expect(try await store.organizationCount() == 2)
        #expect(try await store.organizations(offset: 0, limit: 1).map(\.id) == ["org-1"])
        #expect(try await store.organizations(offset: 1, limit: 5).map(\.id) == ["org-2"])
        #expect(try await store.organizations(offset: 2, limit: 5).isEmpty)
        #expect(try await store.organizations(offset: 0, limit: 5) == store.organizations(after: nil, limit: 5))
        // Narrowed by fragments of their text, in any case; every fragment must be there.
        let all = try await store.organizations(after: nil, limit: 5)
        let name = try #require(all.last?.name.split(separator: " ").first.map(String.init))
        let mentioning = try await store.organizations(mentioning: [name.uppercased()])
        #expect(mentioning.contains(all.last!))
        #expect(try mentioning.allSatisfy { String(decoding: try JSONEncoder().encode($0), as: UTF8.self).lowercased().contains(name.lowercased()) })
        #expect(try await store.organizations(mentioning: [name, "zzqqxx"]).isEmpty)
        #expect(try await store.organizations(mentioning: []) == all)
        await #expect(throws: StoreError.self) { try await store.organizations(mentioning: ["50%"]) }
        #expect(try await store.locations(after: nil, limit: 2).map(\.id) == ["loc-1", "loc-2"])
        #expect(try await store.locations(after: "loc-2", limit: 2).map(\.id) == ["loc-3"])
    }

    // MARK: Statistics and domains

    @Test(arguments: StoreKind.available)
    func statisticsCountByDomainStatusFeedAndFreshness(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)

        let stats = try await store.statistics(asOf: Fixtures.t0)

        #expect(stats.organizations == 2)
        #expect(stats.locations == 3)
        #expect(stats.services == 4)
        #expect(stats.taxonomyTerms == Fixtures.terms.count)
        #expect(stats.servicesByDomain == [.housing: 2, .legal: 1, .other: 1, .health: 1, .employment: 1])
        #expect(stats.servicesByStatus == [.active: 3, .inactive: 1])
        #expect(stats.servicesByFeed == ["hsds-demo": 2, "airs-demo": 2])
        #expect(stats.servicesByFreshness == [.withinSixMonths: 1, .withinAYear: 1, .withinTwoYears: 1, .never: 1])
        let emptyStats = try await kind.makeStore().statistics(asOf: Fixtures.t0)
        #expect(emptyStats.services == 0 && emptyStats.servicesByDomain.isEmpty)
    }

    @Test(arguments: StoreKind.available)
    func domainsComeFromTheServicesTermsThroughTheMapping(kind: StoreKind) async throws {
        let store = try await loadedStore(kind)

        for (id, domains) in Self.expectedDomains {
            #expect(try await store.service(id)?.domains == domains, "\(id)")
        }
        // With a mapping that knows nothing, every service is "other".
        let blind = try kind.makeStore(domainMapping: DomainMapping(airs: []))
        _ = try await blind.apply(Fixtures.directory, now: Fixtures.t0)
        #expect(try await blind.statistics(asOf: Fixtures.t0).servicesByDomain == [.other: 4])
    }
}
