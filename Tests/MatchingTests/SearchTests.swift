import Foundation
import Matching
import SwitchboardCore
import Testing

@Suite struct SearchTests {
    static let index: DirectoryIndex = {
        var shelter = RecordBuilder("s1")
        shelter.name = "Emergency Shelter"; shelter.description = "Beds for families and single adults."
        shelter.point = RecordBuilder.north(1); shelter.capacity = (3, nil); shelter.languages = ["en", "es"]
        shelter.schedules = [RecordBuilder.weekly("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")]
        shelter.eligibility = Eligibility(genders: [.male], residency: [ResidencyArea(kind: .county, name: "Douglas", state: "NE")])
        shelter.accessibility = "Wheelchair accessible"
        var women = RecordBuilder("s2")
        women.name = "Women's Shelter"; women.organization = "Sheltering Arms"; women.point = RecordBuilder.north(4)
        women.eligibility = Eligibility(genders: [.female]); women.capacity = (0, "Waitlist of about 3 weeks")
        women.schedules = [RecordBuilder.weekly("MO,WE", "17:00", "21:00")]
        var rent = RecordBuilder("s3")
        rent.name = "Rent Assistance"; rent.codes = [("BH-3800.7000", "Rent Payment Assistance")]; rent.point = RecordBuilder.north(2)
        rent.cost = "$25 per visit"; rent.eligibility = Eligibility(residency: [ResidencyArea(kind: .postalCode, name: "68102")])
        var legal = RecordBuilder("s4")
        legal.name = "Tenant Legal Help"; legal.description = "Attorneys for tenants facing eviction; shelter referrals."
        legal.codes = [("FT-1400.4500", "Landlord/Tenant Assistance")]; legal.domains = [.legal]; legal.point = RecordBuilder.north(30)
        legal.languages = ["vi"]; legal.eligibility = Eligibility(minimumAge: 18, maximumAge: 24, populations: [.veterans])
        var closed = RecordBuilder("s5")
        closed.name = "Old Shelter"; closed.status = .inactive; closed.point = RecordBuilder.north(0.5)
        return [shelter, women, rent, legal, closed].index()
    }()

    func ids(_ query: SearchQuery) throws -> [String] {
        try Self.index.search(query).hits.map(\.service.id.rawValue)
    }

    @Test func wordsAreStemmedAndEveryWordMustMatch() throws {
        #expect(Set(try ids(SearchQuery(text: "shelters"))) == ["s1", "s2", "s4"])
        #expect(try ids(SearchQuery(text: "shelter attorneys")) == ["s4"])
        #expect(try ids(SearchQuery(text: "shelter unicorn")).isEmpty)
        #expect(try ids(SearchQuery(text: "SHÉLTER arms")) == ["s2"], "organization names count, accents fold")
    }

    @Test func aNameMatchOutranksADescriptionMatch() throws {
        let hits = try ids(SearchQuery(text: "shelter"))
        #expect(hits.last == "s4", "'shelter' only in s4's description")
    }

    @Test func taxonomyCodesMatchTheirDescendantsAndInactiveServicesAreLeftOutByDefault() throws {
        #expect(Set(try ids(SearchQuery(taxonomyCode: "BH"))) == ["s1", "s2", "s3"])
        #expect(Set(try ids(SearchQuery(taxonomyCode: "BH-1800"))) == ["s1", "s2"])
        #expect(Set(try ids(SearchQuery(taxonomyCode: "BH-1800", statuses: nil))) == ["s1", "s2", "s5"])
        #expect(try ids(SearchQuery(taxonomyCode: "ZZ")).isEmpty)
    }

    @Test func filtersCombineWithAnd() throws {
        let near = Place.point(RecordBuilder.omaha)
        #expect(Set(try ids(SearchQuery(near: near, radiusMiles: 3))) == ["s1", "s3"])
        #expect(try ids(SearchQuery(domains: [.legal])) == ["s4"])
        #expect(try ids(SearchQuery(languages: ["Spanish"])) == ["s1"])
        #expect(try ids(SearchQuery(languages: ["vi"])) == ["s4"])
        #expect(Set(try ids(SearchQuery(text: "shelter", gender: .female))) == ["s2", "s4"], "no gender rule: kept")
        #expect(!(try ids(SearchQuery(gender: .female))).contains("s1"))
        #expect(!(try ids(SearchQuery(age: 30))).contains("s4"))
        #expect(try ids(SearchQuery(age: 20, population: .veterans)) == ["s4"])
        #expect(!(try ids(SearchQuery(freeOnly: true))).contains("s3"))
        #expect(try ids(SearchQuery(capacity: .available)) == ["s1"])
        #expect(Set(try ids(SearchQuery(capacity: .availableOrWaitlist))) == ["s1", "s2"])
        #expect(try ids(SearchQuery(accessibility: "wheelchair")) == ["s1"])
        #expect(try ids(SearchQuery(serves: "68102")) == ["s1", "s3"])
        #expect(try ids(SearchQuery(serves: "Douglas County, NE")) == ["s1"])
    }

    @Test func openAtReadsTheSchedulesInTheirTimeZone() throws {
        #expect(Set(try ids(SearchQuery(openAt: OpenAt(text: "wed 18:00")))) == ["s1", "s2"])
        #expect(try ids(SearchQuery(openAt: OpenAt(text: "tue 18:00"))) == ["s1"])
        // 18:00 in UTC-5 is 17:00 in the shelter's UTC-6: the women's shelter opens at 17:00 on Mondays.
        #expect(Set(try ids(SearchQuery(openAt: OpenAt(text: "mon 18:00", utcOffset: -5)))) == ["s1", "s2"])
        #expect(Set(try ids(SearchQuery(openAt: OpenAt(text: "mon 17:30", utcOffset: -5)))) == ["s1"])
    }

    @Test func isOpenAnswersForOneServiceAsTheFilterDoesAndNilWhenHoursAreUnknown() {
        let monday = OpenAt(text: "mon 18:00", utcOffset: -5)!
        #expect(Self.index.isOpen("s1", at: monday) == true)
        #expect(Self.index.isOpen("s2", at: monday) == true)
        #expect(Self.index.isOpen("s2", at: OpenAt(text: "tue 18:00")!) == false)
        #expect(Self.index.isOpen("s3", at: monday) == nil, "no schedule: unknown, not closed")
        #expect(Self.index.isOpen("no-such-service", at: monday) == nil)
    }

    @Test func distanceSortIsNearestFirstAndSaysHowFar() throws {
        let results = try Self.index.search(SearchQuery(near: .point(RecordBuilder.omaha), sort: .distance))
        #expect(results.hits.map(\.service.id.rawValue) == ["s1", "s3", "s2", "s4"])
        #expect(results.hits[0].reasons.contains("1.0 mile away"))
    }

    @Test func facetsCountEveryMatchNotJustThePage() throws {
        let results = try Self.index.search(SearchQuery(perPage: 1))
        #expect(results.total == 4 && results.hits.count == 1)
        #expect(results.domainCounts == ["housing": 3, "legal": 1])
        #expect(results.languageCounts["en"] == 3 && results.languageCounts["es"] == 1)
    }

    @Test func pagesNeverOverlapOrSkip() throws {
        var seen: [String] = []
        for page in 1...5 { seen += try ids(SearchQuery(page: page, perPage: 1)) }
        #expect(seen == ["s1", "s2", "s3", "s4"], "without words or a place: id order")
        let all = try ids(SearchQuery(near: .zip("68102"), perPage: 10))
        var paged: [String] = []
        for page in 1...2 { paged += try ids(SearchQuery(near: .zip("68102"), page: page, perPage: 2)) }
        #expect(all == paged)
    }

    @Test func anUnknownZIPOrAMissingPlaceIsAnInvalidQuery() {
        #expect(throws: MatchingError.self) { try Self.index.search(SearchQuery(near: .zip("00000"), radiusMiles: 5)) }
        #expect(throws: MatchingError.self) { try Self.index.search(SearchQuery(radiusMiles: 5)) }
        #expect(throws: MatchingError.self) { try Self.index.search(SearchQuery(sort: .distance)) }
        #expect(throws: MatchingError.self) { try Self.index.search(SearchQuery(page: 101, perPage: 100)) }
    }

    @Test func theDemoDirectoryAnswersACoordinatorsSearch() throws {
        let results = try Fixtures.demoIndex.search(SearchQuery(text: "food pantry", near: .zip("68104"), radiusMiles: 5))
        #expect(results.total > 5)
        #expect(results.hits.allSatisfy { ($0.distanceMiles ?? 99) <= 5 })
        #expect(results.hits.first?.service.name.lowercased().contains("pantry") == true)
    }
}
