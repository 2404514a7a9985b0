package import Foundation
package import SwitchboardCore

/// The store's SQL, written once for every backend: each function runs inside the caller's
/// transaction, on a ``SQLSession`` of SQLite or PostgreSQL.
package enum DirectorySQL {}

extension DirectorySQL {
    package static func service(_ db: any SQLSession, _ id: ServiceID) throws -> ServiceRecord? {
        try ServiceLoader(db: db).records(whereSQL: "id = ?", arguments: [id.rawValue], includeRetired: true).first
    }

    package static func services(_ db: any SQLSession, after cursor: ServiceID?, limit: Int) throws -> [ServiceRecord] {
        try ServiceLoader(db: db).records(
            whereSQL: "id > ?", arguments: [cursor?.rawValue ?? ""], limit: limit, includeRetired: false
        )
    }

    /// The live services among `ids`, in their order, with one set of queries for them all.
    package static func services(_ db: any SQLSession, ids: [ServiceID]) throws -> [ServiceRecord] {
        guard !ids.isEmpty else { return [] }
        var found: [ServiceID: ServiceRecord] = [:]
        for slice in ids.chunked() {
            let records = try ServiceLoader(db: db).records(
                whereSQL: "id IN (\(placeholders(slice.count)))", arguments: SQLArguments(values: slice.map { .text($0.rawValue) }),
                includeRetired: false)
            for record in records { found[record.id] = record }
        }
        return ids.compactMap { found[$0] }
    }

    /// The live services among `ids` with their organizations, in the order of `ids`.
    package static func listings(_ db: any SQLSession, ids: [ServiceID]) throws -> [ListedService] {
        var found: [ServiceID: ListedService] = [:]
        for slice in ids.chunked() {
            let listed = try ServiceLoader(db: db).listings(
                whereSQL: "id IN (\(placeholders(slice.count)))", arguments: SQLArguments(values: slice.map { .text($0.rawValue) }))
            for item in listed { found[item.service.id] = item }
        }
        return ids.compactMap { found[$0] }
    }

    package static func organization(_ db: any SQLSession, _ id: OrganizationID) throws -> Organization? {
        try organizations(db, "WHERE id = ? AND retired_at IS NULL", [id.rawValue]).first
    }

    package static func organizations(_ db: any SQLSession, after cursor: OrganizationID?, limit: Int) throws -> [Organization] {
        try organizations(db, "WHERE id > ? AND retired_at IS NULL ORDER BY id LIMIT ?", [cursor?.rawValue ?? "", max(limit, 0)])
    }

    /// Live organizations by position in id order: the pages of HSDS's `/organizations`.
    package static func organizations(_ db: any SQLSession, offset: Int, limit: Int) throws -> [Organization] {
        try organizations(db, "WHERE retired_at IS NULL ORDER BY id LIMIT ? OFFSET ?", [max(limit, 0), max(offset, 0)])
    }

    /// Live organizations whose stored text holds every one of `fragments` (ASCII, any case), in id order.
    package static func organizations(_ db: any SQLSession, mentioning fragments: [String]) throws -> [Organization] {
        let fragments = fragments.filter { !$0.isEmpty }
        guard fragments.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) else {
            throw StoreError(.readFailed, "Searching organizations: a fragment with anything but ASCII letters and digits")
        }
        let conditions = fragments.map { _ in " AND lower(body) LIKE ?" }.joined()
        return try organizations(db, "WHERE retired_at IS NULL\(conditions) ORDER BY id",
            SQLArguments(values: fragments.map { .text("%" + $0.lowercased() + "%") }))
    }

    package static func organizationCount(_ db: any SQLSession) throws -> Int {
        try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM organization WHERE retired_at IS NULL") ?? 0
    }

    package static func location(_ db: any SQLSession, _ id: LocationID) throws -> Location? {
        try locations(db, "WHERE id = ? AND retired_at IS NULL", [id.rawValue]).first
    }

    package static func locations(_ db: any SQLSession, after cursor: LocationID?, limit: Int) throws -> [Location] {
        try locations(db, "WHERE id > ? AND retired_at IS NULL ORDER BY id LIMIT ?", [cursor?.rawValue ?? "", max(limit, 0)])
    }

    /// Writes a batch (``DirectoryStore/apply(_:now:)``).
    package static func apply(_ db: any SQLSession, _ batch: DirectoryBatch, now: Date, mapping: DomainMapping) throws -> ApplySummary {
        var applier = BatchApplier(db: db, now: now, mapping: mapping)
        let summary = try applier.apply(batch)
        try advanceDirectoryRevision(db)
        return summary
    }

    /// Counts one more committed change, in the writing transaction (see ``DirectoryRefreshing/directoryRevision()``).
    package static func advanceDirectoryRevision(_ db: any SQLSession) throws {
        try db.execute(sql: "UPDATE directory_revision SET revision = revision + 1 WHERE id = 1", arguments: [], cached: true)
    }

    package static func directoryRevision(_ db: any SQLSession) throws -> Int64 {
        try db.fetchOne(Int64.self, sql: "SELECT revision FROM directory_revision WHERE id = 1") ?? 0
    }

    package static func organizations(_ db: any SQLSession, _ tail: String, _ arguments: SQLArguments) throws -> [Organization] {
        let decoder = JSONDecoder()
        return try db.fetchAll(sql: "SELECT * FROM organization \(tail)", arguments: arguments).map { row in
            var organization = try StoredForm.decode(Organization.self, from: row["body"], decoder, table: "organization")
            organization.provenance = ProvenanceColumns(row: row).provenance
            return organization
        }
    }

    package static func locations(_ db: any SQLSession, _ tail: String, _ arguments: SQLArguments) throws -> [Location] {
        let decoder = JSONDecoder()
        return try db.fetchAll(sql: "SELECT * FROM location \(tail)", arguments: arguments).map { row in
            var location = try StoredForm.decode(Location.self, from: row["body"], decoder, table: "location")
            location.provenance = ProvenanceColumns(row: row).provenance
            return location
        }
    }

    package static func programs(_ db: any SQLSession, _ tail: String, _ arguments: SQLArguments) throws -> [Program] {
        try bodies(Program.self, db, "SELECT body FROM program \(tail)", arguments, table: "program")
    }

    package static func taxonomies(_ db: any SQLSession, _ tail: String, _ arguments: SQLArguments) throws -> [Taxonomy] {
        try bodies(Taxonomy.self, db, "SELECT body FROM taxonomy \(tail)", arguments, table: "taxonomy")
    }

    package static func taxonomyTerms(_ db: any SQLSession, _ tail: String, _ arguments: SQLArguments) throws -> [TaxonomyTerm] {
        try bodies(TaxonomyTerm.self, db, "SELECT body FROM taxonomy_term \(tail)", arguments, table: "taxonomy_term")
    }

    package static func bodies<T: Decodable>(
        _ type: T.Type, _ db: any SQLSession, _ sql: String, _ arguments: SQLArguments, table: String
    ) throws -> [T] {
        let decoder = JSONDecoder()
        return try db.fetchAll(String.self, sql: sql, arguments: arguments).map {
            try StoredForm.decode(type, from: $0, decoder, table: table)
        }
    }

    package static func statistics(_ db: any SQLSession, asOf now: Date) throws -> DirectoryStatistics {
        func count(_ sql: String) throws -> Int { try db.fetchOne(Int.self, sql: sql) ?? 0 }
        func grouped(_ sql: String) throws -> [(String, Int)] {
            try db.fetchAll(sql: sql).map { ($0[0], $0[1]) }
        }
        let live = "service.retired_at IS NULL"

        var byDomain: [Domain: Int] = [:]
        for (raw, n) in try grouped("""
            SELECT domain, COUNT(*) FROM service_domain JOIN service ON service.id = service_id
            WHERE \(live) GROUP BY domain
            """)
        {
            if let domain = Domain(rawValue: raw) { byDomain[domain] = n }
        }
        var byStatus: [Service.Status: Int] = [:]
        for (raw, n) in try grouped("SELECT status, COUNT(*) FROM service WHERE \(live) GROUP BY status") {
            if let status = Service.Status(rawValue: raw) { byStatus[status] = n }
        }
        // Services that came without provenance have no feed and are left out of this breakdown.
        var byFeed: [FeedName: Int] = [:]
        for (raw, n) in try grouped(
            "SELECT feed, COUNT(*) FROM service WHERE \(live) AND feed IS NOT NULL GROUP BY feed"
        ) {
            byFeed[FeedName(raw)] = n
        }
        // Bucketed in Swift so the rule is the one `freshness(of:asOf:)` states; one number per
        // service is cheap even for a large directory.
        var byFreshness: [DirectoryStatistics.Freshness: Int] = [:]
        try db.forEachRow(sql: "SELECT last_verified FROM service WHERE \(live)", arguments: [], cached: false) { row in
            let seconds: Double? = row[0]
            byFreshness[DirectoryStatistics.freshness(of: seconds.map(StoredForm.date), asOf: now), default: 0] += 1
        }

        return DirectoryStatistics(
            organizations: try count("SELECT COUNT(*) FROM organization WHERE retired_at IS NULL"),
            locations: try count("SELECT COUNT(*) FROM location WHERE retired_at IS NULL"),
            services: try count("SELECT COUNT(*) FROM service WHERE \(live)"),
            taxonomyTerms: try count("SELECT COUNT(*) FROM taxonomy_term"),
            servicesByDomain: byDomain, servicesByStatus: byStatus, servicesByFeed: byFeed,
            servicesByFreshness: byFreshness
        )
    }
}

/// Assembles `ServiceRecord`s for a set of services with a fixed number of set-based queries,
/// whatever the number of services: an export of the whole directory pages through it without
/// a query per service.
struct ServiceLoader {
    let db: any SQLSession
    let decoder = JSONDecoder()

    /// - Parameters:
    ///   - whereSQL: the condition on `service` that selects the services (ordered by id).
    ///   - limit: at most this many services; nil for all that match.
    func records(
        whereSQL: String, arguments: SQLArguments, limit: Int? = nil, includeRetired: Bool
    ) throws -> [ServiceRecord] {
        var sql = "SELECT * FROM service WHERE (\(whereSQL))"
        if !includeRetired { sql += " AND retired_at IS NULL" }
        sql += " ORDER BY id"
        var arguments = arguments
        if let limit {
            sql += " LIMIT ?"
            arguments += [max(limit, 0)]
        }
        let (services, retiredAt, organizations) = try servicesWithOrganizations(sql: sql, arguments: arguments)
        guard !services.isEmpty else { return [] }
        let serviceIDs = services.map(\.id.rawValue)
        let programs = Dictionary(
            try fetch(Set(services.compactMap(\.programID?.rawValue))) { tail, args in
                try DirectorySQL.programs(db, tail, args)
            }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }
        )
        let sites = try sitesByService(serviceIDs)
        let (termsByService, taxonomies) = try termsByService(serviceIDs)
        let domains = try domainsByService(serviceIDs)

        return try services.map { service in
            guard let organization = organizations[service.organizationID] else {
                // The foreign key makes this impossible unless the file was edited by hand.
                throw StoreError(.corruptRow, "A service's organization row is missing")
            }
            let terms = termsByService[service.id] ?? []
            let taxonomyIDs = Set(terms.compactMap(\.taxonomyID))
            return ServiceRecord(
                service: service, organization: organization, program: service.programID.flatMap { programs[$0] },
                sites: sites[service.id] ?? [], taxonomyTerms: terms,
                taxonomies: taxonomyIDs.sorted().compactMap { taxonomies[$0] },
                domains: domains[service.id] ?? [.other], retiredAt: retiredAt[service.id]
            )
        }
    }

    /// Services with their organizations alone (what a list of services shows), in id order.
    func listings(whereSQL: String, arguments: SQLArguments) throws -> [ListedService] {
        let sql = "SELECT * FROM service WHERE (\(whereSQL)) AND retired_at IS NULL ORDER BY id"
        let (services, _, organizations) = try servicesWithOrganizations(sql: sql, arguments: arguments)
        return try services.map { service in
            guard let organization = organizations[service.organizationID] else {
                throw StoreError(.corruptRow, "A service's organization row is missing")
            }
            return ListedService(service: service, organization: organization)
        }
    }

    private func servicesWithOrganizations(
        sql: String, arguments: SQLArguments
    ) throws -> ([Service], retiredAt: [ServiceID: Date], [OrganizationID: Organization]) {
        var retiredAt: [ServiceID: Date] = [:]
        let services = try db.fetchAll(sql: sql, arguments: arguments).map { row in
            let service = try service(from: row)
            if let seconds: Double = row["retired_at"] { retiredAt[service.id] = StoredForm.date(seconds) }
            return service
        }
        guard !services.isEmpty else { return ([], [:], [:]) }
        let organizations = Dictionary(
            try fetch(Set(services.map(\.organizationID.rawValue))) { tail, args in
                try DirectorySQL.organizations(db, tail, args)
            }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }
        )
        return (services, retiredAt, organizations)
    }

    private func service(from row: SQLRow) throws -> Service {
        var service = try StoredForm.decode(Service.self, from: row["body"], decoder, table: "service")
        service.eligibility = try StoredForm.decode(Eligibility.self, from: row["eligibility"], decoder, table: "service")
        service.provenance = ProvenanceColumns(row: row).provenance
        return service
    }

    /// Runs `query` with `WHERE id IN (...)` over `ids` in slices SQLite accepts.
    private func fetch<T>(_ ids: Set<String>, _ query: (String, SQLArguments) throws -> [T]) throws -> [T] {
        var result: [T] = []
        for slice in Array(ids).chunked() {
            result += try query("WHERE id IN (\(placeholders(slice.count)))", SQLArguments(Array(slice)))
        }
        return result
    }

    /// A live service's sites leave out those its feed no longer lists; a retired service shows
    /// the sites it had, so a referral to it still says where it was delivered.
    private func sitesByService(_ serviceIDs: [String]) throws -> [ServiceID: [ServiceRecord.Site]] {
        var sites: [ServiceID: [ServiceRecord.Site]] = [:]
        for slice in serviceIDs.chunked() {
            let rows = try db.fetchAll(sql: """
                    SELECT sal.body AS sal_body, location.body, location.feed, location.source_key,
                           location.first_seen, location.last_changed, location.last_verified
                    FROM service_at_location AS sal JOIN location ON location.id = sal.location_id
                    JOIN service ON service.id = sal.service_id
                    WHERE sal.service_id IN (\(placeholders(slice.count)))
                      AND (sal.retired_at IS NULL OR service.retired_at IS NOT NULL)
                    ORDER BY sal.service_id, sal.location_id, sal.id
                    """,
                arguments: SQLArguments(Array(slice))
            )
            for row in rows {
                let link = try StoredForm.decode(
                    ServiceAtLocation.self, from: row["sal_body"], decoder, table: "service_at_location"
                )
                var location = try StoredForm.decode(Location.self, from: row["body"], decoder, table: "location")
                location.provenance = ProvenanceColumns(row: row).provenance
                sites[link.serviceID, default: []].append(ServiceRecord.Site(serviceAtLocation: link, location: location))
            }
        }
        return sites
    }

    private func termsByService(
        _ serviceIDs: [String]
    ) throws -> ([ServiceID: [TaxonomyTerm]], [TaxonomyID: Taxonomy]) {
        var terms: [ServiceID: [TaxonomyTerm]] = [:]
        var taxonomyIDs = Set<String>()
        for slice in serviceIDs.chunked() {
            let rows = try db.fetchAll(sql: """
                    SELECT link.service_id, term.body FROM service_taxonomy_term AS link
                    JOIN taxonomy_term AS term ON term.id = link.term_id
                    WHERE link.service_id IN (\(placeholders(slice.count)))
                    ORDER BY link.service_id, link.position
                    """,
                arguments: SQLArguments(Array(slice))
            )
            for row in rows {
                let term = try StoredForm.decode(TaxonomyTerm.self, from: row["body"], decoder, table: "taxonomy_term")
                terms[ServiceID(row["service_id"] as String), default: []].append(term)
                if let id = term.taxonomyID { taxonomyIDs.insert(id.rawValue) }
            }
        }
        let taxonomies = try fetch(taxonomyIDs) { tail, args in try DirectorySQL.taxonomies(db, tail, args) }
        return (terms, Dictionary(taxonomies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    private func domainsByService(_ serviceIDs: [String]) throws -> [ServiceID: [Domain]] {
        var domains: [ServiceID: [Domain]] = [:]
        for slice in serviceIDs.chunked() {
            let rows = try db.fetchAll(sql: "SELECT service_id, domain FROM service_domain WHERE service_id IN (\(placeholders(slice.count)))",
                arguments: SQLArguments(Array(slice))
            )
            for row in rows {
                guard let domain = Domain(rawValue: row["domain"]) else { continue }
                domains[ServiceID(row["service_id"] as String), default: []].append(domain)
            }
        }
        return domains.mapValues { $0.sorted() }
    }
}
