import Foundation
import DirectoryStore
import FeedImport
import Hummingbird
import SwitchboardCore

/// The HSDS 3.1 API (Open Referral's openapi.json): services, organizations, services at
/// locations, taxonomies and terms, paginated as the spec's Page; filters combine with AND.
struct HSDSController {
    let catalog: DirectoryCatalog
    let configuration: ServerConfiguration

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { request, context in try await self.meta(request, context) }
        router.get("/services") { request, context in try await self.services(request, context) }
        router.get("/services/:id") { request, context in try await self.service(request, context) }
        router.get("/organizations") { request, context in try await self.organizations(request, context) }
        router.get("/organizations/:id") { request, context in try await self.organization(request, context) }
        router.get("/service_at_locations") { request, context in try await self.servicesAtLocations(request, context) }
        router.get("/service_at_locations/:id") { request, context in try await self.serviceAtLocation(request, context) }
        router.get("/taxonomies") { request, context in try await self.taxonomies(request, context) }
        router.get("/taxonomies/:id") { request, context in try await self.taxonomy(request, context) }
        router.get("/taxonomy_terms") { request, context in try await self.taxonomyTerms(request, context) }
        router.get("/taxonomy_terms/:id") { request, context in try await self.taxonomyTerm(request, context) }
    }

    /// Anyone signed in reads the directory; anyone at all in public mode.
    private func authorize(_ context: AppRequestContext) throws {
        if !configuration.publicDirectory { _ = try context.require(.readDirectory) }
    }

    // MARK: Endpoints

    func meta(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if request.headers[.accept]?.contains("text/html") == true { return .redirect(to: "/app") }
        try authorize(context)
        let body: [String: Any] = [
            "version": "3.1",
            "profile": "https://docs.openreferral.org/en/v3.1/",
            "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.1/schema/openapi.json",
            "description": "Switchboard: a directory of community providers (health, housing, legal, finance, employment) and a referral matcher. Our own API is described at /openapi.json.",
            "publisher": ["name": "Switchboard"],
        ]
        return JSONResponse.bytes(try HSDSShape.data(body))
    }

    func services(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let query = Self.query(request)
        let filter = try ServiceFilter(query)
        let snapshot = try await catalog.snapshot()
        let matches = snapshot.services.filter { filter.matches($0, taxonomies: snapshot.terms) }
        let minimal = Self.flag(query["minimal"]), full = Self.flag(query["full"])
        let encode: (ServiceRecord) throws -> Data = { record in
            if minimal {
                var object: [String: Any] = ["id": record.id.rawValue, "name": record.service.name, "status": record.service.status.rawValue]
                if let changed = record.service.provenance?.lastChanged { object["last_modified"] = Self.timestamp(changed) }
                return try HSDSShape.data(object)
            }
            return full ? try HSDSJSON.encode(record) : try Self.summary(record)
        }
        return try respond(matches, query, encode: encode)
    }

    func service(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let id = ServiceID(try context.parameters.require("id"))
        let snapshot = try await catalog.snapshot()
        guard let index = snapshot.serviceIndex[id] else { throw APIError(.notFound, "No service \(id)") }
        return JSONResponse.bytes(try HSDSJSON.encode(snapshot.services[index]))
    }

    func organizations(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let query = Self.query(request)
        let words = SearchWords(query["search"])
        let snapshot = try await catalog.snapshot()
        let matches = snapshot.organizations.filter { words.match([$0.name, $0.alternateName, $0.description]) }
        let encode: (Organization) throws -> Data = { try HSDSShape.oneToOne($0) }
        return try respond(matches, query, encode: encode)
    }

    func organization(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let id = OrganizationID(try context.parameters.require("id"))
        let snapshot = try await catalog.snapshot()
        guard let index = snapshot.organizationIndex[id] else { throw APIError(.notFound, "No organization \(id)") }
        var object = try HSDSShape.dictionary(snapshot.organizations[index])
        let services = snapshot.services.filter { $0.organization.id == id }
        object["services"] = try services.map { try HSDSShape.dictionary(try Self.summary($0)) }
        return JSONResponse.bytes(try HSDSShape.data(object))
    }

    func servicesAtLocations(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let query = Self.query(request)
        let filter = try ServiceFilter(query)
        let snapshot = try await catalog.snapshot()
        let sites = snapshot.services.filter { filter.matches($0, taxonomies: snapshot.terms) }.flatMap(\.sites)
        let encode: (ServiceRecord.Site) throws -> Data = { try HSDSShape.oneToOne($0.serviceAtLocation) }
        return try respond(sites, query, encode: encode)
    }

    func serviceAtLocation(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let id = ServiceAtLocationID(try context.parameters.require("id"))
        let snapshot = try await catalog.snapshot()
        guard let at = snapshot.siteIndex[id] else { throw APIError(.notFound, "No service at location \(id)") }
        let record = snapshot.services[at.service]
        let site = record.sites[at.site]
        var object = try HSDSShape.dictionary(site.serviceAtLocation)
        object["location"] = try HSDSShape.dictionary(site.location)
        object["service"] = try HSDSShape.dictionary(try Self.summary(record))
        return JSONResponse.bytes(try HSDSShape.data(object))
    }

    func taxonomies(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let query = Self.query(request)
        let words = SearchWords(query["search"])
        let matches = try await catalog.snapshot().taxonomies.filter { words.match([$0.name, $0.description]) }
        let encode: (Taxonomy) throws -> Data = { try HSDSShape.describedRecord($0) }
        return try respond(matches, query, encode: encode)
    }

    func taxonomy(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let id = TaxonomyID(try context.parameters.require("id"))
        guard let taxonomy = try await catalog.snapshot().taxonomies.first(where: { $0.id == id }) else {
            throw APIError(.notFound, "No taxonomy \(id)")
        }
        return JSONResponse.bytes(try HSDSShape.describedRecord(taxonomy))
    }

    func taxonomyTerms(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let query = Self.query(request)
        let words = SearchWords(query["search"])
        let taxonomy = query["taxonomy_id"].flatMap { $0.isEmpty ? nil : TaxonomyID($0) }
        let matches = try await catalog.snapshot().terms.filter { term in
            words.match([term.name, term.code, term.description]) && (taxonomy == nil || term.taxonomyID == taxonomy)
        }
        let encode: (TaxonomyTerm) throws -> Data = { try HSDSShape.describedRecord($0) }
        return try respond(matches, query, encode: encode)
    }

    func taxonomyTerm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let id = TaxonomyTermID(try context.parameters.require("id"))
        guard let term = try await catalog.snapshot().terms.first(where: { $0.id == id }) else {
            throw APIError(.notFound, "No taxonomy term \(id)")
        }
        return JSONResponse.bytes(try HSDSShape.describedRecord(term))
    }

    // MARK: Shapes and parameters

    /// A list as HSDS answers it: one Page of it, or all of it as NDJSON (`format=ndjson`).
    private func respond<T>(_ items: [T], _ query: [String: String], encode: (T) throws -> Data) throws -> Response {
        let page = try HSDSPage.Request(query, maximum: configuration.maximumPageSize)
        if query["format"] == "ndjson" { return HSDSPage.ndjson(try items.map(encode)) }
        return HSDSPage.response(total: items.count, request: page, contents: try page.slice(items).map(encode))
    }

    /// A service with its one-to-one fields and its organization's (HSDS's service_list).
    static func summary(_ record: ServiceRecord) throws -> Data {
        var extra: [String: Any] = ["organization": try HSDSShape.dictionary(try HSDSShape.oneToOne(record.organization))]
        if let changed = record.service.provenance?.lastChanged, record.service.lastModified == nil {
            extra["last_modified"] = timestamp(changed)
        }
        return try HSDSShape.oneToOne(record.service, adding: extra)
    }

    static func query(_ request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where result[String(key)] == nil {
            result[String(key)] = String(value)
        }
        return result
    }

    static func flag(_ text: String?) -> Bool { text == "true" || text == "1" }

    static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

/// Whole-word-prefix search over a few fields: every word of the query must start a word of one of them.
struct SearchWords {
    let words: [String]

    init(_ text: String?) {
        words = (text ?? "").lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    var isEmpty: Bool { words.isEmpty }

    func match(_ fields: [String?]) -> Bool {
        guard !words.isEmpty else { return true }
        let haystack = fields.compactMap { $0?.lowercased() }.joined(separator: " ")
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return words.allSatisfy { word in haystack.contains { $0.hasPrefix(word) } }
    }
}

/// The HSDS filters of `/services` and `/service_at_locations`.
struct ServiceFilter {
    var search: SearchWords
    var taxonomyTermID: TaxonomyTermID?
    var taxonomyID: TaxonomyID?
    var organizationID: OrganizationID?
    var modifiedAfter: Date?

    init(_ query: [String: String]) throws {
        search = SearchWords(query["search"])
        taxonomyTermID = query["taxonomy_term_id"].flatMap { $0.isEmpty ? nil : TaxonomyTermID($0) }
        taxonomyID = query["taxonomy_id"].flatMap { $0.isEmpty ? nil : TaxonomyID($0) }
        organizationID = query["organization_id"].flatMap { $0.isEmpty ? nil : OrganizationID($0) }
        if let text = query["modified_after"], !text.isEmpty {
            guard let date = Self.date(text) else {
                throw APIError(.invalidRequest, "modified_after must be a date or date-time (2026-01-31 or 2026-01-31T12:00:00Z)")
            }
            modifiedAfter = date
        }
    }

    func matches(_ record: ServiceRecord, taxonomies terms: [TaxonomyTerm]) -> Bool {
        if let organizationID, record.organization.id != organizationID { return false }
        if let taxonomyTermID, !record.taxonomyTerms.contains(where: { $0.id == taxonomyTermID }) { return false }
        if let taxonomyID, !record.taxonomyTerms.contains(where: { $0.taxonomyID == taxonomyID }) { return false }
        if let modifiedAfter, (record.service.provenance?.lastChanged ?? .distantPast) < modifiedAfter { return false }
        if !search.isEmpty {
            let fields: [String?] = [record.service.name, record.service.alternateName, record.service.description,
                record.organization.name] + record.taxonomyTerms.map(\.name)
            if !search.match(fields) { return false }
        }
        return true
    }

    static func date(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}
