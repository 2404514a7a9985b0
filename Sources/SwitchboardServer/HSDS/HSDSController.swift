import Foundation
import DirectoryStore
import FeedImport
import Hummingbird
import Matching
import SwitchboardCore

/// The HSDS 3.1 API (Open Referral's openapi.json): services, organizations, services at
/// locations, taxonomies and terms, paginated as the spec's Page; filters combine with AND.
///
/// Which services a list holds, and in what order (id order, stable across pages), comes from
/// the request's index snapshot (``AppRequestContext/directoryIndex()``); the records written
/// out come from the store, which holds them whole.
struct HSDSController {
    let store: any DirectoryStore
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
        let minimal = try ServiceFilter.flag(query["minimal"], name: "minimal")
        let full = try ServiceFilter.flag(query["full"], name: "full")
        let page = try HSDSPage.Request(query, maximum: configuration.maximumPageSize)
        let ndjson = try Self.isNDJSON(query)
        let index = try await context.directoryIndex()
        let listing = try ndjson ? filter.listing(in: index) : filter.listing(in: index, offset: page.offset, limit: page.perPage)
        if minimal {
            // Everything minimal asks for is in the index: no store reads, so a client can take all of it at once.
            let contents = try listing.entries.map { entry in
                var object: [String: Any] = ["id": entry.service.id.rawValue, "name": entry.service.name, "status": entry.service.status.rawValue]
                if let changed = entry.lastChanged { object["last_modified"] = Self.timestamp(changed) }
                return try HSDSShape.data(object)
            }
            return ndjson ? HSDSPage.ndjson(contents) : HSDSPage.response(total: listing.total, request: page, contents: contents)
        }
        let encode: @Sendable (ServiceRecord) throws -> Data = { try full ? HSDSShape.conforming(HSDSJSON.encode($0)) : Self.summary($0) }
        if ndjson { return Self.ndjsonStream(listing.entries.map(\.service.id), from: store, encode: encode) }
        let ids = listing.entries.map(\.service.id)
        // A page of one-to-one fields needs each service and its organization, not whole records.
        let contents = full
            ? try await store.services(ids).map(encode)
            : try await store.listings(ids).map { try Self.summary($0.service, of: $0.organization) }
        return HSDSPage.response(total: listing.total, request: page, contents: contents)
    }

    func service(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let id = ServiceID(try context.parameters.require("id"))
        guard let record = try await store.service(id), !record.isRetired else { throw APIError(.notFound, "No service \(id)") }
        return JSONResponse.bytes(try HSDSShape.conforming(try HSDSJSON.encode(record)))
    }

    func organizations(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let query = Self.query(request)
        let words = SearchWords(query["search"])
        let encode: (Organization) throws -> Data = { try HSDSShape.oneToOne($0) }
        if words.isEmpty, try !Self.isNDJSON(query) {
            // A numbered page, read from its position: a client paging through every organization
            // must not make the server read them all for each page.
            let page = try HSDSPage.Request(query, maximum: configuration.maximumPageSize)
            let total = try await store.organizationCount()
            let items = page.offset >= total ? [] : try await store.organizations(offset: page.offset, limit: page.perPage)
            return HSDSPage.response(total: total, request: page, contents: try items.map(encode))
        }
        // Words, or every organization at once. ASCII words narrow the candidates in the store
        // (their text holds each word) before each is checked word by word; others scan them all.
        let asciiWords = !words.isEmpty && words.words.allSatisfy { $0.allSatisfy { $0.isASCII } }
        let candidates = asciiWords
            ? try await store.organizations(mentioning: words.words)
            : try await Self.allPages { try await store.organizations(after: $0?.id, limit: 1_000) }
        let matches = candidates.filter { words.match([$0.name, $0.alternateName, $0.description]) }
        return try respond(matches, query, encode: encode)
    }

    func organization(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let id = OrganizationID(try context.parameters.require("id"))
        guard let organization = try await store.organization(id) else { throw APIError(.notFound, "No organization \(id)") }
        var object = try HSDSShape.dictionary(organization)
        var byOrganization = SearchQuery(statuses: nil)
        byOrganization.organizationID = id
        let listed = try await context.directoryIndex().listing(byOrganization).entries.map(\.service.id)
        object["services"] = try await store.services(listed).map { try HSDSShape.dictionary(try Self.summary($0)) }
        return JSONResponse.bytes(try HSDSShape.data(object))
    }

    func servicesAtLocations(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let query = Self.query(request)
        let filter = try ServiceFilter(query)
        let page = try HSDSPage.Request(query, maximum: configuration.maximumPageSize)
        let entries = try filter.listing(in: try await context.directoryIndex()).entries
        let encode: (ServiceRecord.Site) throws -> Data = { try HSDSShape.oneToOne($0.serviceAtLocation) }
        if try Self.isNDJSON(query) {
            return HSDSPage.ndjson(try await store.services(entries.map(\.service.id)).flatMap(\.sites).map(encode))
        }
        // The index knows how many sites each service has: read only the services this page's sites belong to.
        let total = entries.reduce(0) { $0 + $1.sites }
        var skipped = 0, wanted: [ServiceID] = []
        var first = 0  // sites of the first wanted service that lie before the page
        for entry in entries where entry.sites > 0 {
            if skipped + entry.sites <= page.offset { skipped += entry.sites; continue }
            if wanted.isEmpty { first = page.offset - skipped }
            wanted.append(entry.service.id)
            if skipped + entry.sites >= page.offset + page.perPage { break }
            skipped += entry.sites
        }
        let sites = try await store.services(wanted).flatMap(\.sites).dropFirst(first).prefix(page.perPage)
        return HSDSPage.response(total: total, request: page, contents: try sites.map(encode))
    }

    func serviceAtLocation(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let id = ServiceAtLocationID(try context.parameters.require("id"))
        for serviceID in try await context.directoryIndex().services(atSite: id) {
            guard let record = try await store.service(serviceID), !record.isRetired,
                let site = record.sites.first(where: { $0.serviceAtLocation.id == id })
            else { continue }
            var object = try HSDSShape.dictionary(site.serviceAtLocation)
            object["location"] = try HSDSShape.dictionary(site.location)
            object["service"] = try HSDSShape.dictionary(try Self.summary(record))
            return JSONResponse.bytes(try HSDSShape.data(object))
        }
        throw APIError(.notFound, "No service at location \(id)")
    }

    func taxonomies(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let query = Self.query(request)
        let words = SearchWords(query["search"])
        let matches = try await store.taxonomies().filter { words.match([$0.name, $0.description]) }
        let encode: (Taxonomy) throws -> Data = { try HSDSShape.describedRecord($0) }
        return try respond(matches, query, encode: encode)
    }

    func taxonomy(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let id = TaxonomyID(try context.parameters.require("id"))
        guard let taxonomy = try await store.taxonomies().first(where: { $0.id == id }) else {
            throw APIError(.notFound, "No taxonomy \(id)")
        }
        return JSONResponse.bytes(try HSDSShape.describedRecord(taxonomy))
    }

    func taxonomyTerms(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let query = Self.query(request)
        let words = SearchWords(query["search"])
        let taxonomy = query["taxonomy_id"].flatMap { $0.isEmpty ? nil : TaxonomyID($0) }
        let parent = query["parent_id"].flatMap { $0.isEmpty ? nil : TaxonomyTermID($0) }
        let topOnly = try ServiceFilter.flag(query["top_only"], name: "top_only")
        let matches = try await store.taxonomyTerms().filter { term in
            words.match([term.name, term.code, term.description]) && (taxonomy == nil || term.taxonomyID == taxonomy)
                && (parent == nil || term.parentID == parent) && (!topOnly || term.parentID == nil)
        }
        let encode: (TaxonomyTerm) throws -> Data = { try HSDSShape.describedRecord($0) }
        return try respond(matches, query, encode: encode)
    }

    func taxonomyTerm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try authorize(context)
        let id = TaxonomyTermID(try context.parameters.require("id"))
        guard let term = try await store.taxonomyTerms().first(where: { $0.id == id }) else {
            throw APIError(.notFound, "No taxonomy term \(id)")
        }
        return JSONResponse.bytes(try HSDSShape.describedRecord(term))
    }

    // MARK: Shapes and parameters

    /// A list as HSDS answers it: one Page of it, or all of it as NDJSON (`format=ndjson`).
    private func respond<T>(_ items: [T], _ query: [String: String], encode: (T) throws -> Data) throws -> Response {
        let page = try HSDSPage.Request(query, maximum: configuration.maximumPageSize)
        if try Self.isNDJSON(query) { return HSDSPage.ndjson(try items.map(encode)) }
        return HSDSPage.response(total: items.count, request: page, contents: try page.slice(items).map(encode))
    }

    /// `format`: `json` (pages, the default) or `ndjson` (every item, one per line).
    static func isNDJSON(_ query: [String: String]) throws -> Bool {
        switch query["format"] {
        case nil, "", "json": return false
        case "ndjson": return true
        default: throw APIError(.invalidRequest, "format must be json or ndjson")
        }
    }

    /// Every listed service as NDJSON, written as it is read, 1,000 records at a time, so a whole
    /// directory never sits in memory. The status has gone out before the first record is read:
    /// a failure part-way ends the stream early (and Hummingbird logs it).
    static func ndjsonStream(_ ids: [ServiceID], from store: any DirectoryStore, encode: @escaping @Sendable (ServiceRecord) throws -> Data) -> Response {
        Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: ResponseBody { writer in
            for start in stride(from: 0, to: ids.count, by: 1_000) {
                var buffer = ByteBuffer()
                for record in try await store.services(Array(ids[start..<min(start + 1_000, ids.count)])) {
                    buffer.writeBytes(try encode(record))
                    buffer.writeInteger(UInt8(ascii: "\n"))
                }
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        })
    }

    /// Reads a cursor-paged list of the store to its end.
    static func allPages<T>(_ read: (T?) async throws -> [T]) async throws -> [T] {
        var all: [T] = []
        while true {
            let page = try await read(all.last)
            guard !page.isEmpty else { return all }
            all += page
        }
    }

    /// A service with its one-to-one fields and its organization's (HSDS's service_list).
    static func summary(_ record: ServiceRecord) throws -> Data {
        try summary(record.service, of: record.organization)
    }

    static func summary(_ service: Service, of organization: Organization) throws -> Data {
        var extra = [(key: "organization", json: try HSDSShape.oneToOne(organization))]
        if let changed = service.provenance?.lastChanged, service.lastModified == nil {
            extra.append(("last_modified", Data(try JSONResponse.encode(changed))))
        }
        return try HSDSShape.oneToOne(service, adding: extra)
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
