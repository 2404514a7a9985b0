import DirectoryStore
import Foundation
import SwitchboardCore

/// Everything a reader can see, for before-and-after comparisons.
struct StoreSnapshot: Equatable {
    var services: [ServiceRecord]
    var organizations: [Organization]
    var locations: [Location]
    var programs: [Program]
    var taxonomies: [Taxonomy]
    var terms: [TaxonomyTerm]
    var statistics: DirectoryStatistics
    /// Single reads of the ids asked for, retired ones included.
    var named: [ServiceRecord?]

    init(_ store: any DirectoryStore, reading ids: [ServiceID] = []) async throws {
        services = try await store.services(after: nil, limit: 1_000)
        organizations = try await store.organizations(after: nil, limit: 1_000)
        locations = try await store.locations(after: nil, limit: 1_000)
        programs = try await store.programs()
        taxonomies = try await store.taxonomies()
        terms = try await store.taxonomyTerms()
        statistics = try await store.statistics(asOf: Fixtures.t0)
        var named: [ServiceRecord?] = []
        for id in ids { named.append(try await store.service(id)) }
        self.named = named
    }
}
