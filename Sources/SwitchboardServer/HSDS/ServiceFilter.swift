import Foundation
import Matching
import SwitchboardCore

/// The filters of `/services` and `/service_at_locations` read from the query string into the
/// index's ``SearchQuery``: HSDS's own (`search`, `taxonomy_term_id`, `taxonomy_id`,
/// `organization_id`, `modified_after`, `postcode`, `proximity`) and ours (`domain`, `near` and
/// `radius`, `serves`, `language`, `open_at`, `age`, `gender`, `population`, `free`, `capacity`,
/// `accessibility`, `status`). All combine with AND. A value that cannot be read answers 400
/// naming the parameter, so a typo never silently widens a search.
struct ServiceFilter {
    /// What `near` without `radius` searches within, in miles.
    static let defaultRadiusMiles = 10.0
    static let metresPerMile = 1_609.344

    var query: SearchQuery
    /// The parameters that name places, for the message when the index cannot resolve one.
    var placeParameters: [String] = []

    init(_ parameters: [String: String]) throws {
        func value(_ name: String) -> String? {
            guard let text = parameters[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        func list(_ name: String) -> [String] {
            (value(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        func invalid(_ name: String, _ expected: String) -> APIError {
            APIError(.invalidRequest, "\(name) must be \(expected)")
        }
        func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
            guard let text = value(name) else { return nil }
            guard let number = Double(text), number.isFinite, range.contains(number) else {
                throw invalid(name, "a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))")
            }
            return number
        }
        func closedSet<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> [T] where T.RawValue == String {
            try list(name).map { text in
                guard let item = T(rawValue: text.lowercased()) ?? T(rawValue: text) else {
                    throw invalid(name, "one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return item
            }
        }

        // Every status unless asked: HSDS clients mirror the directory, inactive records included.
        var query = SearchQuery(text: value("search") ?? "", statuses: nil)
        query.taxonomyTermID = value("taxonomy_term_id").map { TaxonomyTermID($0) }
        query.taxonomyID = value("taxonomy_id").map { TaxonomyID($0) }
        query.organizationID = value("organization_id").map { OrganizationID($0) }
        if let text = value("modified_after") {
            guard let date = Self.date(text) else { throw invalid("modified_after", "a date or date-time (2026-01-31 or 2026-01-31T12:00:00Z)") }
            query.modifiedAfter = date
        }
        query.domains = Set(try closedSet("domain", Domain.self))
        if let status = value("status") {
            query.statuses = try status == "all" ? nil : Set(closedSet("status", Service.Status.self))
        }
        query.languages = list("language")
        if let text = value("taxonomy_code") { query.taxonomyCode = text }

        let radius = try number("radius", in: 0.01...500)
        if let text = value("near") {
            guard let point = Self.point(text) else { throw invalid("near", "a latitude and longitude (41.26,-95.94)") }
            query.near = .point(point)
            query.radiusMiles = radius ?? Self.defaultRadiusMiles
        } else if radius != nil, value("postcode") == nil {
            throw invalid("radius", "given with near (a latitude and longitude)")
        }
        if let postcode = value("postcode") {
            guard postcode.count == 5, postcode.allSatisfy(\.isASCII), postcode.allSatisfy(\.isNumber) else {
                throw invalid("postcode", "a five-digit ZIP code")
            }
            if let metres = try number("proximity", in: 1...800_000) {
                // HSDS: within `proximity` metres of the postcode's centroid.
                guard query.near == nil else { throw invalid("proximity", "used with postcode, not with near") }
                query.near = .zip(postcode)
                query.radiusMiles = metres / Self.metresPerMile
            } else if let radius {
                guard query.near == nil else { throw invalid("radius", "used with near or with postcode, not both") }
                query.near = .zip(postcode)
                query.radiusMiles = radius
            } else {
                // HSDS: the postcode lies within the service's area.
                query.serves = postcode
            }
        } else if value("proximity") != nil {
            throw invalid("proximity", "given with postcode (metres from the postcode's centre)")
        }
        if let serves = value("serves") {
            guard query.serves == nil else { throw invalid("serves", "used without postcode (both name a service area)") }
            query.serves = serves
        }
        if let text = value("open_at") {
            guard let openAt = Self.openAt(text) else {
                throw invalid("open_at", "a day and time (mon 09:30) or a date-time (2026-11-24T09:30:00-06:00)")
            }
            query.openAt = openAt
        }
        query.age = try number("age", in: 0...130)
        if let text = value("gender") {
            guard let gender = Gender(rawValue: text.lowercased()) else {
                throw invalid("gender", "one of \(Gender.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.gender = gender
        }
        if let text = value("population") {
            guard let population = Population(rawValue: text.lowercased()) else {
                throw invalid("population", "one of \(Population.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.population = population
        }
        query.freeOnly = try Self.flag(parameters["free"], name: "free")
        if let text = value("capacity") {
            guard let capacity = SearchQuery.CapacityFilter(rawValue: text.lowercased()) else {
                throw invalid("capacity", "one of \(SearchQuery.CapacityFilter.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.capacity = capacity
        }
        if let text = parameters["accessibility"] {
            let words = text.trimmingCharacters(in: .whitespaces)
            query.accessibility = words == "any" ? "" : words
        }
        self.query = query
        placeParameters = ["near", "postcode", "serves"].filter { value($0) != nil }
    }

    /// The listing of these filters over a snapshot; a place the index cannot resolve (a ZIP code
    /// not in its table, a county it cannot read) answers 400 naming the parameter.
    func listing(in index: DirectoryIndex, offset: Int = 0, limit: Int = .max) throws -> Listing {
        do {
            return try index.listing(query, offset: offset, limit: limit)
        } catch let error as MatchingError where error.code == .invalidQuery {
            throw APIError(.invalidRequest, "\(placeParameters.joined(separator: " or ")): \(error.message)")
        }
    }

    /// `true`/`false` (or `1`/`0`); absent or empty is false.
    static func flag(_ text: String?, name: String) throws -> Bool {
        switch text?.lowercased() {
        case nil, "", "false", "0": return false
        case "true", "1": return true
        default: throw APIError(.invalidRequest, "\(name) must be true or false")
        }
    }

    static func date(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }

    static func point(_ text: String) -> Coordinate? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let latitude = Double(parts[0]), let longitude = Double(parts[1]),
            (-90...90).contains(latitude), (-180...180).contains(longitude)
        else { return nil }
        return Coordinate(latitude: latitude, longitude: longitude)
    }

    /// `mon 09:30` (each service's local time), or an ISO date-time: its weekday and clock time
    /// in the offset it is written in (`Z` is UTC; no offset means each service's local time).
    static func openAt(_ text: String) -> OpenAt? {
        if let weekly = OpenAt(text: text) { return weekly }
        let pattern = #/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/#
        guard let match = text.wholeMatch(of: pattern), let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
            let hour = Int(match.4), let minute = Int(match.5), hour < 24, minute < 60
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard calendar.date(from: components).map({ calendar.dateComponents([.year, .month, .day], from: $0) == components }) == true,
            let date = calendar.date(from: components)
        else { return nil }
        // Calendar weekdays run from Sunday = 1; ours from Monday = 0.
        let weekday = Weekday(rawValue: (calendar.component(.weekday, from: date) + 5) % 7)!
        var offset: Double?
        if let zone = match.6.map(String.init) {
            if zone == "Z" { offset = 0 } else {
                let digits = zone.dropFirst().filter(\.isNumber)
                guard digits.count == 4, let hours = Double(digits.prefix(2)), let minutes = Double(digits.suffix(2)), hours <= 14, minutes < 60 else { return nil }
                offset = (zone.hasPrefix("-") ? -1 : 1) * (hours + minutes / 60)
            }
        }
        return OpenAt(day: weekday, minute: hour * 60 + minute, utcOffset: offset)
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}
