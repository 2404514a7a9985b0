import Foundation
import DirectoryStore
import Hummingbird
import Matching
import SwitchboardCore

/// The search page: words and filters into a `SearchQuery` on the request's index snapshot,
/// results with distance, hours and "open now", and a map of them around the client's place.
/// The index decides what matches and in what order; the page adds what a person reads from
/// the records (hours, the nearest site's address) for the page of results only.
extension WebController {
    /// A search as the form gives it, with the words a person typed kept for the form.
    struct SearchForm: Sendable {
        var words = ""
        var domain: Domain?
        var near = ""
        var radius: Double?
        var language = ""
        var openNow = false
        var freeOnly = false
        var sort = SearchQuery.Sort.relevance
        var page = 1

        init(_ query: [String: String]) {
            words = query["q"]?.trimmingCharacters(in: .whitespaces) ?? ""
            domain = query["domain"].flatMap(Domain.init(rawValue:))
            near = query["near"]?.trimmingCharacters(in: .whitespaces) ?? ""
            radius = query["radius"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
            language = query["language"]?.trimmingCharacters(in: .whitespaces) ?? ""
            openNow = query["open_now"] == "1"
            freeOnly = query["free"] == "1"
            sort = query["sort"].flatMap(SearchQuery.Sort.init(rawValue:)) ?? .relevance
            page = max(1, Int(query["page"] ?? "") ?? 1)
        }

        var isEmpty: Bool { words.isEmpty && domain == nil && near.isEmpty && language.isEmpty && !openNow && !freeOnly }

        /// The place typed in "near": a ZIP code or "latitude, longitude".
        var place: Place? {
            guard !near.isEmpty else { return nil }
            let parts = near.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let latitude = Double(parts[0]), let longitude = Double(parts[1]) {
                return .point(Coordinate(latitude: latitude, longitude: longitude))
            }
            return .zip(near)
        }

        /// This search's query string with one field changed (for the pager).
        func link(page: Int) -> String {
            var items: [URLQueryItem] = []
            if !words.isEmpty { items.append(.init(name: "q", value: words)) }
            if let domain { items.append(.init(name: "domain", value: domain.rawValue)) }
            if !near.isEmpty { items.append(.init(name: "near", value: near)) }
            if let radius { items.append(.init(name: "radius", value: String(Int(radius)))) }
            if !language.isEmpty { items.append(.init(name: "language", value: language)) }
            if openNow { items.append(.init(name: "open_now", value: "1")) }
            if freeOnly { items.append(.init(name: "free", value: "1")) }
            if sort != .relevance { items.append(.init(name: "sort", value: sort.rawValue)) }
            items.append(.init(name: "page", value: String(page)))
            var components = URLComponents()
            components.queryItems = items
            return "/app" + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        }
    }

    static let searchPageSize = 20
    static let radiusChoices: [Double] = [1, 5, 10, 25, 50, 100]

    func search(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try requireReader(context)
        let form = SearchForm(HSDSController.query(request))
        var data: [String: Any] = [
            "q": form.words, "near": form.near, "language": form.language, "openNow": form.openNow, "freeOnly": form.freeOnly,
            "domains": Domain.allCases.map { ["value": $0.rawValue, "label": $0.rawValue.capitalized, "selected": $0 == form.domain] },
            "radii": Self.radiusChoices.map { ["value": Int($0), "selected": $0 == form.radius] },
            "byDistance": form.sort == .distance,
        ]
        var status = HTTPResponse.Status.ok
        if !form.isEmpty {
            do {
                data.merge(try await results(form, context)) { _, new in new }
            } catch let error as MatchingError {
                data["error"] = error.message
                status = .badRequest
            }
        }
        return web.page("search", title: form.words.isEmpty ? "Search" : "Search: \(form.words)", data: data,
            account: context.account, session: context.session, section: .search, status: status)
    }

    private func results(_ form: SearchForm, _ context: AppRequestContext) async throws -> [String: Any] {
        let index = try await context.directoryIndex()
        let now = coordinator.clock.now()
        let origin = try form.place.map { try index.resolve($0) }
        let openAt = Self.openAt(now, utcOffset: origin?.utcOffset)
        let query = SearchQuery(
            text: form.words, domains: form.domain.map { [$0] } ?? [], near: form.place, radiusMiles: form.place == nil ? nil : form.radius,
            languages: form.language.isEmpty ? [] : [form.language], openAt: form.openNow ? openAt : nil, freeOnly: form.freeOnly,
            sort: form.place == nil ? .relevance : form.sort, page: form.page, perPage: Self.searchPageSize)
        let found = try index.search(query)
        var cards: [[String: Any]] = []
        var markers: [SVGMap.Marker] = []
        for (offset, hit) in found.hits.enumerated() {
            let number = (found.page - 1) * found.perPage + offset + 1
            let record = try await directory.service(hit.service.id)
            let site = record.flatMap { Self.nearestSite(of: $0, to: origin?.point) }
            var card: [String: Any] = [
                "number": number, "id": hit.service.id.rawValue, "name": hit.service.name, "organization": hit.service.organization,
                "domains": hit.service.domains.map(\.rawValue),
            ]
            if !hit.reasons.isEmpty { card["reasons"] = hit.reasons.joined(separator: "; ") }
            if let phone = hit.service.phone { card["phone"] = phone }
            if let address = site.flatMap({ Self.address($0.location) }) ?? hit.service.address { card["address"] = address }
            if let miles = hit.distanceMiles { card["distance"] = SVGMap.miles(miles) }
            if let record {
                let hours = Self.hoursLines(record)
                if !hours.isEmpty { card["hours"] = hours.joined(separator: "; ") }
                if let description = record.service.description { card["description"] = String(description.prefix(240)) }
            }
            switch index.isOpen(hit.service.id, at: openAt) {
            case true?: card["open"] = "Open now"; card["openClass"] = "open"
            case false?: card["open"] = "Closed now"; card["openClass"] = "closed"
            case nil: card["open"] = "Hours not known"; card["openClass"] = "unknown"
            }
            cards.append(card)
            if let site, let latitude = site.location.latitude, let longitude = site.location.longitude {
                markers.append(.init(number: number, name: hit.service.name, point: Coordinate(latitude: latitude, longitude: longitude),
                    miles: hit.distanceMiles))
            }
        }
        let pages = (found.total + found.perPage - 1) / found.perPage
        let shown = found.hits.isEmpty ? "" : "; \((found.page - 1) * found.perPage + 1)–\((found.page - 1) * found.perPage + found.hits.count) shown"
        var out: [String: Any] = [
            "searched": true,
            "count": (found.total == 1 ? "1 service found" : "\(found.total) services found") + shown,
            "results": cards,
            "openAtLabel": "\(openAt.day) \(String(format: "%02d:%02d", openAt.minute / 60, openAt.minute % 60))",
        ]
        if found.page > 1 { out["previous"] = form.link(page: found.page - 1) }
        if found.page < pages, found.page * found.perPage < DirectoryIndex.deepestResult { out["next"] = form.link(page: found.page + 1) }
        let map = SVGMap(origin: origin?.point, originLabel: form.near.isEmpty ? "the client" : form.near, markers: markers)
        if let svg = map.svg { out["map"] = svg }
        return out
    }

    /// "Now" as a day of the week and a time, in the client's time zone when their place gives
    /// one, else the server's; the index shifts it to each service's own offset.
    static func openAt(_ now: Date, utcOffset: Double?) -> OpenAt {
        let offset = utcOffset ?? Double(TimeZone.current.secondsFromGMT(for: now)) / 3600
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: Int(offset * 3600)) ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: now)
        // Calendar's weekday is 1 for Sunday; ours is 0 for Monday.
        let day = Weekday(rawValue: ((parts.weekday ?? 2) + 5) % 7) ?? .monday
        return OpenAt(day: day, minute: (parts.hour ?? 0) * 60 + (parts.minute ?? 0), utcOffset: offset)
    }

    /// The site nearest the client, or the first with a point when no place is given.
    static func nearestSite(of record: ServiceRecord, to origin: Coordinate?) -> ServiceRecord.Site? {
        let located = record.sites.filter { $0.location.latitude != nil && $0.location.longitude != nil }
        guard let origin else { return located.first ?? record.sites.first }
        return located.min { a, b in
            Geo.miles(origin, Coordinate(latitude: a.location.latitude!, longitude: a.location.longitude!))
                < Geo.miles(origin, Coordinate(latitude: b.location.latitude!, longitude: b.location.longitude!))
        } ?? record.sites.first
    }

    /// The service's hours in words, from its own schedules and its sites'.
    static func hoursLines(_ record: ServiceRecord) -> [String] {
        var lines: [String] = []
        for line in (record.service.schedules ?? []).compactMap(hours)
            + record.sites.flatMap({ ($0.serviceAtLocation.schedules ?? []).compactMap(hours) }) where !lines.contains(line)
        {
            lines.append(line)
        }
        return lines
    }
}
