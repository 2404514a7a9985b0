public import Foundation

/// The name of a source of records: a feed in `Directory/feeds.json`, or the file an import was given.
public struct FeedName: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where a record came from and how fresh it is.
///
/// A refresh finds a record again by its feed and the feed's own key, whatever id we gave it.
public struct Provenance: Hashable, Codable, Sendable {
    public var feed: FeedName
    /// The feed's own key for the record (an AIRS `Key`, or the HSDS id of a record from an HSDS feed).
    public var sourceKey: String
    public var firstSeen: Date
    public var lastChanged: Date
    /// When someone last checked the record with the provider (AIRS `DateLastVerified`, HSDS `assured_date`).
    public var lastVerified: Date?

    public init(feed: FeedName, sourceKey: String, firstSeen: Date, lastChanged: Date, lastVerified: Date? = nil) {
        self.feed = feed; self.sourceKey = sourceKey; self.firstSeen = firstSeen
        self.lastChanged = lastChanged; self.lastVerified = lastVerified
    }
}

/// What a feed's server said about the file last time (HTTP `ETag`, `Last-Modified`), so the
/// next fetch can ask "changed since?" and an unchanged feed costs no import.
public struct FeedValidators: Hashable, Codable, Sendable {
    public var etag: String?
    public var lastModified: String?
    public init(etag: String? = nil, lastModified: String? = nil) { self.etag = etag; self.lastModified = lastModified }
}
