public import Foundation
public import SwitchboardCore

/// A place a query or a profile starts from: a point, or a ZIP code the index resolves.
public enum Place: Hashable, Sendable, Codable {
    case point(Coordinate)
    case zip(String)
}

/// A day and time a service must be open at.
public struct OpenAt: Hashable, Sendable, Codable {
    public var day: Weekday
    /// Minutes after midnight.
    public var minute: Int
    /// The UTC offset the time is given in; nil means "in each service's own local time".
    public var utcOffset: Double?

    public init(day: Weekday, minute: Int, utcOffset: Double? = nil) {
        self.day = day; self.minute = minute; self.utcOffset = utcOffset
    }

    /// Reads `tuesday 18:30`, `tu 9:00`, `Sat 10:00`.
    public init?(text: String, utcOffset: Double? = nil) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "@" || $0 == "T" }).map(String.init)
        guard parts.count == 2, let day = Weekday(text: parts[0]), let minutes = WeeklyHours.minutes(parts[1]), minutes < 24 * 60 else { return nil }
        self.init(day: day, minute: Int(minutes), utcOffset: utcOffset)
    }
}

/// Which services a coordinator search returns and in what order.
///
/// Every filter that is set must hold (filters combine with AND); words must all appear
/// (after folding and stemming) in the name, alternate name, description, organization name or
/// taxonomy term names.
public struct SearchQuery: Hashable, Sendable {
    public enum Sort: String, Hashable, Sendable, Codable, CaseIterable {
        /// Best text match first (BM25); without words, nearest first when there is a place, else by id.
        case relevance
        /// Nearest first; needs a place.
        case distance
    }

    /// Capacity a service must have.
    public enum CapacityFilter: String, Hashable, Sendable, Codable, CaseIterable {
        /// A free bed, appointment or seat at the last count.
        case available
        /// Free now, or a waiting list to join.
        case availableOrWaitlist = "available-or-waitlist"
    }

    public var text: String
    /// Any of these domains.
    public var domains: Set<Domain>
    /// An AIRS code (or another taxonomy's term code or id); a code matches the terms below it too.
    public var taxonomyCode: String?
    /// With ``radiusMiles``: only services with a site within the radius. Also the origin of distances.
    public var near: Place?
    public var radiusMiles: Double?
    /// A ZIP code, city ("Omaha, NE") or county ("Douglas County, NE") the service's areas must cover.
    public var serves: String?
    /// Any of these languages (codes or names).
    public var languages: [String]
    public var openAt: OpenAt?
    /// Leaves out services whose known age range excludes this age.
    public var age: Double?
    /// Leaves out services for other genders only.
    public var gender: Gender?
    public var freeOnly: Bool
    public var capacity: CapacityFilter?
    public var population: Population?
    /// A service must record accessibility; with words, notes containing them ("wheelchair").
    public var accessibility: String?
    /// Statuses to include; nil for every status.
    public var statuses: Set<Service.Status>?
    public var sort: Sort
    /// HSDS's own filters (the read API's `/services`), exact rather than ranked: the service's
    /// organization, one of its own terms by id (not the terms below it), any term of a taxonomy,
    /// and a last change on or after a date. Not in `init`: only the read API sets them.
    public var organizationID: OrganizationID? = nil
    public var taxonomyTermID: TaxonomyTermID? = nil
    public var taxonomyID: TaxonomyID? = nil
    public var modifiedAfter: Date? = nil
    /// 1-based.
    public var page: Int
    public var perPage: Int

    public init(
        text: String = "", domains: Set<Domain> = [], taxonomyCode: String? = nil, near: Place? = nil,
        radiusMiles: Double? = nil, serves: String? = nil, languages: [String] = [], openAt: OpenAt? = nil,
        age: Double? = nil, gender: Gender? = nil, freeOnly: Bool = false, capacity: CapacityFilter? = nil,
        population: Population? = nil, accessibility: String? = nil, statuses: Set<Service.Status>? = [.active],
        sort: Sort = .relevance, page: Int = 1, perPage: Int = 20
    ) {
        self.text = text; self.domains = domains; self.taxonomyCode = taxonomyCode; self.near = near
        self.radiusMiles = radiusMiles; self.serves = serves; self.languages = languages; self.openAt = openAt
        self.age = age; self.gender = gender; self.freeOnly = freeOnly; self.capacity = capacity
        self.population = population; self.accessibility = accessibility; self.statuses = statuses
        self.sort = sort; self.page = page; self.perPage = perPage
    }
}

/// One page of search results, with counts for the facets over all matching services.
public struct SearchResults: Hashable, Sendable, Codable {
    public struct Hit: Hashable, Sendable, Codable {
        public var service: ServiceSummary
        /// BM25 score of the words; 0 without words.
        public var score: Double
        public var distanceMiles: Double?
        /// Why the service is here, in words ("name and description match 'shelter'", "2.1 miles away").
        public var reasons: [String]
    }

    /// Matching services in all pages.
    public var total: Int
    public var page: Int
    public var perPage: Int
    public var hits: [Hit]
    /// Matching services per domain (a service in two domains counts in both).
    public var domainCounts: [String: Int]
    /// Matching services per language code.
    public var languageCounts: [String: Int]
}
