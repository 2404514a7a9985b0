import Foundation
import DirectoryStore
import SwitchboardCore

/// The directory as the read API serves it: every live service, organization and taxonomy term
/// in memory, loaded from the store on first use and again after a feed refresh.
///
/// Queries never wait for an import: a refresh builds nothing here, it only marks the snapshot
/// stale, and the next request loads a fresh one while the old one keeps answering those in flight.
/// The matching index (the `Matching` module) will take over search and filters.
actor DirectoryCatalog {
    struct Snapshot: Sendable {
        var services: [ServiceRecord]
        var organizations: [Organization]
        var taxonomies: [Taxonomy]
        var terms: [TaxonomyTerm]
        var serviceIndex: [ServiceID: Int]
        var organizationIndex: [OrganizationID: Int]
        var siteIndex: [ServiceAtLocationID: (service: Int, site: Int)]

        init(services: [ServiceRecord], organizations: [Organization], taxonomies: [Taxonomy], terms: [TaxonomyTerm]) {
            self.services = services; self.organizations = organizations; self.taxonomies = taxonomies; self.terms = terms
            serviceIndex = Dictionary(services.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
            organizationIndex = Dictionary(organizations.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
            var sites: [ServiceAtLocationID: (service: Int, site: Int)] = [:]
            for (s, record) in services.enumerated() {
                for (i, site) in record.sites.enumerated() { sites[site.serviceAtLocation.id] = (s, i) }
            }
            siteIndex = sites
        }
    }

    private let store: any DirectoryStore
    private var current: Snapshot?
    private var loading: Task<Snapshot, any Error>?

    init(store: any DirectoryStore) { self.store = store }

    func snapshot() async throws -> Snapshot {
        if let current { return current }
        if let loading { return try await loading.value }
        let store = store
        let task = Task { try await Self.load(store) }
        loading = task
        defer { loading = nil }
        let snapshot = try await task.value
        current = snapshot
        return snapshot
    }

    /// After an import: the next request loads the directory again.
    func invalidate() { current = nil }

    private static func load(_ store: any DirectoryStore) async throws -> Snapshot {
        var services: [ServiceRecord] = []
        var cursor: ServiceID?
        while true {
            let page = try await store.services(after: cursor, limit: 1000)
            guard let last = page.last else { break }
            services += page
            cursor = last.id
        }
        var organizations: [Organization] = []
        var organizationCursor: OrganizationID?
        while true {
            let page = try await store.organizations(after: organizationCursor, limit: 1000)
            guard let last = page.last else { break }
            organizations += page
            organizationCursor = last.id
        }
        return Snapshot(services: services, organizations: organizations, taxonomies: try await store.taxonomies(),
            terms: try await store.taxonomyTerms())
    }
}
