import Foundation
@testable import Matching
import SwitchboardCore
import Testing

/// `listing` is the search's filters without its ranking: over the demo county it must keep
/// exactly the services a (deep enough) search keeps, in id order, and slice them without gaps.
@Suite struct ListingTests {
    static var queries: [SearchQuery] {
        var byOrganization = SearchQuery(statuses: nil)
        byOrganization.organizationID = Fixtures.demoRecords[7].organization.id
        var byTerm = SearchQuery(statuses: nil)
        byTerm.taxonomyTermID = Fixtures.demoRecords[3].taxonomyTerms.first?.id
        var byTaxonomy = SearchQuery(domains: [.housing], statuses: nil)
        byTaxonomy.taxonomyID = Fixtures.demoRecords[3].taxonomyTerms.first?.taxonomyID
        var changed = SearchQuery(statuses: nil)
        changed.modifiedAfter = Fixtures.demoRecords.compactMap { $0.service.provenance?.lastChanged }.sorted()[1_000]
        return [
            SearchQuery(statuses: nil), SearchQuery(text: "food", statuses: nil), SearchQuery(domains: [.legal]),
            SearchQuery(near: .zip("68107"), radiusMiles: 4, languages: ["es"], statuses: nil),
            SearchQuery(openAt: OpenAt(text: "tue 18:30"), age: 70, freeOnly: true),
            byOrganization, byTerm, byTaxonomy, changed,
        ]
    }

    @Test(arguments: queries)
    func keepsWhatTheSearchKeepsInIDOrder(query: SearchQuery) throws {
        let index = Fixtures.demoIndex
        var deep = query
        deep.perPage = 500
        var expected: [ServiceID] = []
        for page in 1...4 {
            deep.page = page
            expected += try index.search(deep).hits.map(\.service.id)
        }
        let listing = try index.listing(query)
        #expect(listing.total == expected.count)
        #expect(listing.entries.map(\.service.id) == expected.sorted())
        let slices = try stride(from: 0, to: listing.total + 7, by: 7).flatMap { try index.listing(query, offset: $0, limit: 7).entries }
        #expect(slices == listing.entries)
    }

    @Test func theHSDSFiltersAreExact() throws {
        let records = Fixtures.demoRecords.filter { !$0.isRetired }
        for query in Self.queries.suffix(4) {
            let kept = Set(try Fixtures.demoIndex.listing(query).entries.map(\.service.id))
            let expected = records.filter { record in
                (query.organizationID.map { record.organization.id == $0 } ?? true)
                    && (query.taxonomyTermID.map { id in record.taxonomyTerms.contains { $0.id == id } } ?? true)
                    && (query.taxonomyID.map { id in record.taxonomyTerms.contains { $0.taxonomyID == id } } ?? true)
                    && (query.domains.isEmpty || !query.domains.isDisjoint(with: record.domains))
                    && (query.modifiedAfter.map { (record.service.provenance?.lastChanged ?? .distantPast) >= $0 } ?? true)
            }
            #expect(kept == Set(expected.map(\.id)))
            #expect(!kept.isEmpty)
        }
    }

    @Test func aSiteFindsItsService() {
        for record in Fixtures.demoRecords.prefix(200) where !record.isRetired {
            for site in record.sites { #expect(Fixtures.demoIndex.services(atSite: site.serviceAtLocation.id).contains(record.id)) }
        }
        #expect(Fixtures.demoIndex.services(atSite: "no-such-site").isEmpty)
    }
}
