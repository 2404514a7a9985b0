public import Foundation

/// One service with everything a coordinator needs around it, read from the store in one call.
public struct ServiceRecord: Hashable, Sendable, Identifiable {
    /// A place where the service is delivered.
    public struct Site: Hashable, Sendable {
        public var serviceAtLocation: ServiceAtLocation
        public var location: Location
        public init(serviceAtLocation: ServiceAtLocation, location: Location) {
            self.serviceAtLocation = serviceAtLocation; self.location = location
        }
    }

    public var service: Service
    public var organization: Organization
    public var program: Program?
    public var sites: [Site]
    public var taxonomyTerms: [TaxonomyTerm]
    /// Taxonomies of those terms, for exports that nest `taxonomy_detail`.
    public var taxonomies: [Taxonomy]
    public var domains: [Domain]
    /// When the service's feed stopped listing it (or deleted it). A retired service is left out
    /// of searches, pages and counts, but a referral that names it still finds it, and this says
    /// it is gone. Nil for a live service.
    public var retiredAt: Date?

    public var id: ServiceID { service.id }
    public var isRetired: Bool { retiredAt != nil }

    public init(
        service: Service, organization: Organization, program: Program? = nil, sites: [Site] = [],
        taxonomyTerms: [TaxonomyTerm] = [], taxonomies: [Taxonomy] = [], domains: [Domain] = [.other],
        retiredAt: Date? = nil
    ) {
        self.service = service; self.organization = organization; self.program = program; self.sites = sites
        self.taxonomyTerms = taxonomyTerms; self.taxonomies = taxonomies; self.domains = domains
        self.retiredAt = retiredAt
    }
}

/// Records read from a feed, ready to be written to the store in one transaction.
public struct DirectoryBatch: Hashable, Sendable {
    public var organizations: [Organization]
    public var programs: [Program]
    public var locations: [Location]
    public var services: [Service]
    public var servicesAtLocations: [ServiceAtLocation]
    public var taxonomies: [Taxonomy]
    public var taxonomyTerms: [TaxonomyTerm]
    /// Records the feed says are gone (AIRS 3.1 delete stamps): retired, not erased.
    public var deletions: [RecordReference]
    /// Units of the feed read clean into this batch's records, for the store to remember (see ``FeedUnit``).
    public var units: [FeedUnit] = []

    public init(
        organizations: [Organization] = [], programs: [Program] = [], locations: [Location] = [],
        services: [Service] = [], servicesAtLocations: [ServiceAtLocation] = [], taxonomies: [Taxonomy] = [],
        taxonomyTerms: [TaxonomyTerm] = [], deletions: [RecordReference] = []
    ) {
        self.organizations = organizations; self.programs = programs; self.locations = locations
        self.services = services; self.servicesAtLocations = servicesAtLocations; self.taxonomies = taxonomies
        self.taxonomyTerms = taxonomyTerms; self.deletions = deletions
    }

    public var isEmpty: Bool {
        organizations.isEmpty && programs.isEmpty && locations.isEmpty && services.isEmpty
            && servicesAtLocations.isEmpty && taxonomies.isEmpty && taxonomyTerms.isEmpty && deletions.isEmpty
    }

    public mutating func append(contentsOf other: DirectoryBatch) {
        organizations += other.organizations; programs += other.programs; locations += other.locations
        services += other.services; servicesAtLocations += other.servicesAtLocations
        taxonomies += other.taxonomies; taxonomyTerms += other.taxonomyTerms; deletions += other.deletions
        units += other.units
    }
}

/// A record named by kind and id, for deletions and retirements.
public enum RecordReference: Hashable, Sendable, Codable {
    case organization(OrganizationID)
    case location(LocationID)
    case service(ServiceID)
    case serviceAtLocation(ServiceAtLocationID)
}

/// A problem with one record of a feed: which file, where, which record and field, and what is wrong.
///
/// Bad records are reported and skipped; the rest of the feed still goes in.
public struct RecordIssue: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, Codable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let malformedFile = Code(rawValue: "malformed-file")
        public static let missingField = Code(rawValue: "missing-field")
        public static let invalidValue = Code(rawValue: "invalid-value")
        public static let unknownValue = Code(rawValue: "unknown-value")
        public static let danglingReference = Code(rawValue: "dangling-reference")
        public static let duplicateKey = Code(rawValue: "duplicate-key")
        public static let outOfRange = Code(rawValue: "out-of-range")
    }

    public var code: Code
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// `service`, `organization`, `location`, a CSV file's table name.
    public var recordType: String?
    public var recordID: String?
    public var field: String?
    public var message: String
    /// A warning is reported but the record still goes in.
    public var isWarning: Bool

    public init(
        _ code: Code, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil,
        recordType: String? = nil, recordID: String? = nil, field: String? = nil, isWarning: Bool = false
    ) {
        self.code = code; self.message = message; self.file = file; self.line = line; self.column = column
        self.recordType = recordType; self.recordID = recordID; self.field = field; self.isWarning = isWarning
    }

    public var description: String {
        var place = file ?? ""
        if let line { place += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        var record = ""
        if let recordType { record += recordType }
        if let recordID { record += record.isEmpty ? recordID : " \(recordID)" }
        var text = place.isEmpty ? "" : place + ": "
        if !record.isEmpty { text += record + ": " }
        if let field { text += "field '\(field)': " }
        return text + message
    }
}
