public import SwitchboardCore

extension DirectoryBatch {
    /// The batch's services as nested records, in batch order: each with its organization,
    /// program, sites (service-at-locations with their locations), the taxonomy terms its
    /// attributes name with their ancestors, and those terms' taxonomies (both in id order).
    ///
    /// A service whose organization is not in the batch is left out; so is a site whose
    /// location is not. Domains come from `mapping`, or are `[.other]` without one.
    public func serviceRecords(domains mapping: DomainMapping? = nil) -> [ServiceRecord] {
        let organizations = Dictionary(organizations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let programs = Dictionary(programs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let locations = Dictionary(locations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let terms = Dictionary(taxonomyTerms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let taxonomies = Dictionary(self.taxonomies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sites = Dictionary(grouping: servicesAtLocations, by: \.serviceID)
        return services.compactMap { service in
            guard let organization = organizations[service.organizationID] else { return nil }
            var found: [TaxonomyTermID: TaxonomyTerm] = [:]
            for id in service.taxonomyTermIDs {
                var next: TaxonomyTermID? = id
                while let current = next, found[current] == nil, let term = terms[current] {
                    found[current] = term
                    next = term.parentID
                }
            }
            let recordTerms = found.values.sorted { $0.id < $1.id }
            let recordTaxonomies = Set(recordTerms.compactMap(\.taxonomyID)).sorted().compactMap { taxonomies[$0] }
            return ServiceRecord(
                service: service, organization: organization, program: service.programID.flatMap { programs[$0] },
                sites: (sites[service.id] ?? []).compactMap { site in
                    locations[site.locationID].map { ServiceRecord.Site(serviceAtLocation: site, location: $0) }
                },
                taxonomyTerms: recordTerms, taxonomies: recordTaxonomies,
                domains: mapping?.domains(of: recordTerms) ?? [.other]
            )
        }
    }
}
