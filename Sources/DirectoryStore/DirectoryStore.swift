public import Foundation
public import SwitchboardCore

/// Where the directory lives: organizations, services, locations and taxonomy.
///
/// Every method is one transaction. Implementations: ``SQLiteDirectoryStore`` (the embedded
/// default); a PostgreSQL store later, passing the same conformance suite.
public protocol DirectoryStore: Sendable {
    /// Writes a batch of records in one transaction: new records are added, known ones (by id)
    /// updated when their content changed and left alone when it did not.
    ///
    /// A record that points at something that is neither in the batch nor already stored (a
    /// service whose organization is missing) is rejected and reported; the others go in. If
    /// anything fails while writing, nothing of the batch is kept.
    ///
    /// A batch is what a feed says about the records it lists: a service that changed has its
    /// sites (services at locations), taxonomy terms and domains replaced by those of the batch,
    /// so sites the batch does not list for it are removed. A record whose content did not change
    /// is not written at all, and keeps its last-changed date.
    /// - Parameter now: stamps first-seen and last-changed of records whose provenance lacks them.
    func apply(_ batch: DirectoryBatch, now: Date) async throws -> ApplySummary

    /// One service with its organization, program, sites, taxonomy terms and domains.
    func service(_ id: ServiceID) async throws -> ServiceRecord?
    func organization(_ id: OrganizationID) async throws -> Organization?
    func location(_ id: LocationID) async throws -> Location?

    /// Services in id order, starting after `cursor`: the way exports and index builds page
    /// through a directory of any size.
    func services(after cursor: ServiceID?, limit: Int) async throws -> [ServiceRecord]

    func organizations(after cursor: OrganizationID?, limit: Int) async throws -> [Organization]
    func locations(after cursor: LocationID?, limit: Int) async throws -> [Location]
    func programs() async throws -> [Program]
    func taxonomies() async throws -> [Taxonomy]
    func taxonomyTerms() async throws -> [TaxonomyTerm]

    /// Counts by domain, status, feed and freshness.
    func statistics(asOf now: Date) async throws -> DirectoryStatistics
}

/// What one ``DirectoryStore/apply(_:now:)`` did.
public struct ApplySummary: Hashable, Sendable, Codable {
    public struct Counts: Hashable, Sendable, Codable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
        public var rejected = 0
        public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0, rejected: Int = 0) {
            self.added = added; self.updated = updated; self.unchanged = unchanged; self.rejected = rejected
        }
        public var total: Int { added + updated + unchanged + rejected }
    }

    public var organizations = Counts()
    public var programs = Counts()
    public var locations = Counts()
    public var services = Counts()
    public var servicesAtLocations = Counts()
    public var taxonomyTerms = Counts()
    /// The records that were rejected, and why.
    public var issues: [RecordIssue] = []

    public init() {}
}

/// The shape of the directory, for `switchboard stats` and the admin pages.
public struct DirectoryStatistics: Hashable, Sendable, Codable {
    public enum Freshness: String, Hashable, Sendable, Codable, CaseIterable {
        case withinSixMonths = "verified within 6 months"
        case withinAYear = "verified 6-12 months ago"
        case withinTwoYears = "verified 1-2 years ago"
        case older = "verified over 2 years ago"
        case never = "never verified"
    }

    public var organizations: Int
    public var locations: Int
    public var services: Int
    public var taxonomyTerms: Int
    /// A service with several domains counts in each.
    public var servicesByDomain: [Domain: Int]
    public var servicesByStatus: [Service.Status: Int]
    public var servicesByFeed: [FeedName: Int]
    public var servicesByFreshness: [Freshness: Int]

    public init(
        organizations: Int, locations: Int, services: Int, taxonomyTerms: Int, servicesByDomain: [Domain: Int],
        servicesByStatus: [Service.Status: Int], servicesByFeed: [FeedName: Int], servicesByFreshness: [Freshness: Int]
    ) {
        self.organizations = organizations; self.locations = locations; self.services = services
        self.taxonomyTerms = taxonomyTerms; self.servicesByDomain = servicesByDomain
        self.servicesByStatus = servicesByStatus; self.servicesByFeed = servicesByFeed
        self.servicesByFreshness = servicesByFreshness
    }

    /// Which bucket a last-verified date falls in.
    public static func freshness(of lastVerified: Date?, asOf now: Date) -> Freshness {
        guard let lastVerified else { return .never }
        let days = now.timeIntervalSince(lastVerified) / 86_400
        switch days {
        case ..<183: return .withinSixMonths
        case ..<366: return .withinAYear
        case ..<731: return .withinTwoYears
        default: return .older
        }
    }
}
