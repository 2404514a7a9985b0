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
    ///
    /// The batch's deletions retire the records they name, of any feed, with what hangs from them
    /// (``ApplySummary/retired``). Retired records are never revived by `apply`; a refresh does that.
    /// - Parameter now: stamps first-seen and last-changed of records whose provenance lacks them.
    func apply(_ batch: DirectoryBatch, now: Date) async throws -> ApplySummary

    /// One service with its organization, program, sites, taxonomy terms and domains; a retired
    /// service too (a referral may name it), with ``ServiceRecord/retiredAt`` set. Every other
    /// read leaves retired records out.
    func service(_ id: ServiceID) async throws -> ServiceRecord?
    func organization(_ id: OrganizationID) async throws -> Organization?
    func location(_ id: LocationID) async throws -> Location?

    /// Services in id order, starting after `cursor`: the way exports and index builds page
    /// through a directory of any size.
    func services(after cursor: ServiceID?, limit: Int) async throws -> [ServiceRecord]

    /// The live services among `ids`, in the order of `ids` (retired and unknown ones left out):
    /// a page of search results in one read, not a read per service.
    func services(_ ids: [ServiceID]) async throws -> [ServiceRecord]

    /// The live services among `ids` with their organizations, in the order of `ids`: what a list
    /// of services shows (HSDS's service_list), without reading sites, terms or programs.
    func listings(_ ids: [ServiceID]) async throws -> [ListedService]

    func organizations(after cursor: OrganizationID?, limit: Int) async throws -> [Organization]
    /// Live organizations from position `offset` in id order: a numbered page without reading the ones before it.
    func organizations(offset: Int, limit: Int) async throws -> [Organization]
    /// Live organizations whose stored record holds each of `fragments` (ASCII letters and digits,
    /// any case) somewhere in its text, in id order: a narrow superset of a word search over
    /// organizations, which the caller then checks word by word, so a search does not decode them all.
    /// - Throws: `StoreError` `.readFailed` for a fragment with anything but ASCII letters and digits.
    func organizations(mentioning fragments: [String]) async throws -> [Organization]
    /// How many live organizations there are.
    func organizationCount() async throws -> Int
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
    /// Records retired by the batch's deletions (with the sites of retired services and locations).
    public var retired = 0
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

    enum CodingKeys: String, CodingKey {
        case organizations, locations, services, taxonomyTerms, servicesByDomain, servicesByStatus
        case servicesByFeed, servicesByFreshness
    }

    // Dictionaries with enum keys would encode as [key, value, …] arrays in hash order;
    // string keys give scripts a plain, stable object.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(organizations, forKey: .organizations)
        try c.encode(locations, forKey: .locations)
        try c.encode(services, forKey: .services)
        try c.encode(taxonomyTerms, forKey: .taxonomyTerms)
        try c.encode(Dictionary(uniqueKeysWithValues: servicesByDomain.map { ($0.key.rawValue, $0.value) }), forKey: .servicesByDomain)
        try c.encode(Dictionary(uniqueKeysWithValues: servicesByStatus.map { ($0.key.rawValue, $0.value) }), forKey: .servicesByStatus)
        try c.encode(Dictionary(uniqueKeysWithValues: servicesByFeed.map { ($0.key.rawValue, $0.value) }), forKey: .servicesByFeed)
        try c.encode(Dictionary(uniqueKeysWithValues: servicesByFreshness.map { ($0.key.rawValue, $0.value) }), forKey: .servicesByFreshness)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func keyed<K: RawRepresentable & Hashable>(_ key: CodingKeys, _: K.Type) throws -> [K: Int] where K.RawValue == String {
            Dictionary(uniqueKeysWithValues: try c.decode([String: Int].self, forKey: key).compactMap { k, v in K(rawValue: k).map { ($0, v) } })
        }
        self.init(
            organizations: try c.decode(Int.self, forKey: .organizations), locations: try c.decode(Int.self, forKey: .locations),
            services: try c.decode(Int.self, forKey: .services), taxonomyTerms: try c.decode(Int.self, forKey: .taxonomyTerms),
            servicesByDomain: try keyed(.servicesByDomain, Domain.self), servicesByStatus: try keyed(.servicesByStatus, Service.Status.self),
            servicesByFeed: try keyed(.servicesByFeed, FeedName.self), servicesByFreshness: try keyed(.servicesByFreshness, Freshness.self))
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

// MARK: Refreshing a feed

/// Where a feed reader hands its records during ``DirectoryRefreshing/refresh(feed:fileHash:now:policy:produce:)``.
///
/// Called synchronously from inside the store's write transaction, chunk after chunk, so a feed
/// of any size goes in with flat memory and readers see the old directory until it commits.
/// A sink is good only while its `produce` runs; afterwards `add` throws.
///
/// As a ``FeedUnitMemory`` it lets a reader take a unit of the feed the directory remembers exactly
/// as read; sinks that do not remember units (the default) answer nil and false.
public protocol FeedSink: FeedUnitMemory {
    /// Records read from the feed (already normalized), applied at once. Deletions in the batch
    /// retire records (after the batch's own records). Once `add` has thrown, the run fails
    /// whatever the producer does next: every later `add` throws the same error.
    func add(_ batch: DirectoryBatch) throws
    /// A batch whose records' stored forms were made already, off the thread that writes (a
    /// first import reading ahead): applied like `add(_:)`, without making them again.
    func add(_ prepared: PreparedBatch) throws
    /// Problems the reader found (skipped records count as rejected; warnings as warnings).
    func report(_ issues: [RecordIssue])
    /// The hash of the feed's file, when the producer learns it only while the run goes on (it
    /// hashes the file on another thread while reading it); it replaces the one `refresh` was given.
    func identify(fileHash: String)
}

extension FeedSink {
    /// A sink that does not write records itself has no use for their stored forms.
    public func add(_ prepared: PreparedBatch) throws { try add(prepared.batch) }
    public func identify(fileHash: String) {}
    public func unit(_ digest: FeedUnitDigest) throws -> FeedUnit? { nil }
    public func reuse(_ unit: FeedUnit) throws -> Bool { false }
}

/// How cautious a refresh is.
public struct RefreshPolicy: Hashable, Sendable, Codable {
    /// The largest share of a feed's active services that one refresh may retire (0.3 = 30%).
    /// A truncated download must not wipe a county's directory.
    public var maximumRetiredShare: Double
    /// Apply even when the share is exceeded.
    public var force: Bool
    /// A delta feed only adds, updates and deletes what it names; a full export also retires what it leaves out.
    public var isFullExport: Bool

    public init(maximumRetiredShare: Double = 0.3, force: Bool = false, isFullExport: Bool = true) {
        self.maximumRetiredShare = maximumRetiredShare; self.force = force; self.isFullExport = isFullExport
    }
}

/// One refresh of one feed, as recorded in the store's run history.
///
/// The counts are of records of every kind the feed lists (organizations, programs, locations,
/// services, services at locations, taxonomy terms), so one new agency with an office and two
/// services delivered there adds six. A revived record counts as revived, and also as updated
/// when its content changed. For a refused or failed run they say what the run had done when it
/// stopped; none of it was kept.
public struct FeedRun: Hashable, Sendable, Codable {
    public enum Outcome: String, Hashable, Sendable, Codable {
        case committed
        /// Would have retired more than the policy allows; nothing changed.
        case refused
        /// Reading or writing failed; nothing changed.
        case failed
    }

    public var id: Int64?
    public var feed: FeedName
    /// SHA-1 of the feed file, to tell a re-sent file from a new one.
    public var fileHash: String
    /// The run's `now`.
    public var startedAt: Date
    /// `startedAt` plus the run's duration.
    public var finishedAt: Date
    public var outcome: Outcome
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    public var retired: Int
    public var revived: Int
    public var rejected: Int
    public var warnings: Int
    /// Why a run was refused or failed.
    public var message: String?
    /// The problems found (not stored in the history, which keeps the counts).
    public var issues: [RecordIssue]

    public init(
        id: Int64? = nil, feed: FeedName, fileHash: String, startedAt: Date, finishedAt: Date, outcome: Outcome,
        added: Int = 0, updated: Int = 0, unchanged: Int = 0, retired: Int = 0, revived: Int = 0, rejected: Int = 0,
        warnings: Int = 0, message: String? = nil, issues: [RecordIssue] = []
    ) {
        self.id = id; self.feed = feed; self.fileHash = fileHash; self.startedAt = startedAt
        self.finishedAt = finishedAt; self.outcome = outcome; self.added = added; self.updated = updated
        self.unchanged = unchanged; self.retired = retired; self.revived = revived; self.rejected = rejected
        self.warnings = warnings; self.message = message; self.issues = issues
    }
}

/// A refresh that was refused by its policy (too many records would be retired).
public struct RefreshRefused: Error, CustomStringConvertible, Sendable {
    public var run: FeedRun
    public var wouldRetire: Int
    public var activeBefore: Int
    public init(run: FeedRun, wouldRetire: Int, activeBefore: Int) {
        self.run = run; self.wouldRetire = wouldRetire; self.activeBefore = activeBefore
    }
    public var description: String {
        let share = activeBefore == 0 ? 0 : Int((Double(wouldRetire) / Double(activeBefore) * 100).rounded())
        return "feed \(run.feed): refused: it would retire \(wouldRetire) of its \(activeBefore) active services (\(share)%), more than the policy allows; nothing was changed (use --force if the feed really shrank)"
    }
}

/// A store that can take a whole feed at once and keep it fresh.
public protocol DirectoryRefreshing: DirectoryStore {
    /// Applies one feed export atomically.
    ///
    /// `produce` runs synchronously inside the write transaction and hands records to the sink
    /// chunk by chunk. Records are matched by id (readers derive ids from the feed's own keys):
    /// new ones are added, changed ones updated (content hash), unchanged ones not written. For a
    /// full export, the feed's records that did not appear are retired (hidden from reads, kept
    /// for referrals); a retired record that comes back is revived with the same id. When more
    /// than `policy.maximumRetiredShare` of the feed's active services would be retired and the
    /// policy does not force it, nothing changes and ``RefreshRefused`` is thrown. Every run,
    /// committed, refused or failed, is recorded in the history.
    ///
    /// A run owns the records whose provenance names `feed` (a site belongs to its service's
    /// feed): it never retires another feed's. A record the feed lists but that is rejected keeps
    /// its stored version. A second listing of a record in one run is rejected as a duplicate
    /// (taxonomy terms excepted: chunked readers repeat the ones their services use).
    /// `produce` must not call the store: it runs inside the store's write transaction.
    func refresh(
        feed: FeedName, fileHash: String, now: Date, policy: RefreshPolicy,
        produce: (any FeedSink) throws -> Void
    ) async throws -> FeedRun

    /// The run history, newest first; all feeds when `feed` is nil.
    func feedRuns(feed: FeedName?, limit: Int) async throws -> [FeedRun]

    /// A number that grows with every committed change to the directory (an `apply` or a
    /// committed refresh, by this process or another on the same database): a server compares it
    /// to know its index is stale, whichever command changed the directory.
    func directoryRevision() async throws -> Int64

    /// What the feed's server said at the last successful fetch, for the next conditional GET.
    func fetchValidators(feed: FeedName) async throws -> FeedValidators?
    func saveFetchValidators(_ validators: FeedValidators, feed: FeedName) async throws
}

/// A service as a list shows it: its own fields and its organization's.
public struct ListedService: Hashable, Sendable {
    public var service: Service
    public var organization: Organization

    public init(service: Service, organization: Organization) {
        self.service = service; self.organization = organization
    }
}
