/// A record's identifier, typed by the kind of record it names.
///
/// A `ServiceID` can never be passed where an `OrganizationID` is expected, although both are
/// HSDS UUID strings on the wire.
public struct Identifier<Entity>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A stable identifier derived from a name, as an RFC 4122 version 5 UUID.
    ///
    /// Feeds that carry their own keys rather than UUIDs get the same id on every import, so
    /// a refresh finds its records again and exports are reproducible.
    public static func derived(from parts: String...) -> Self {
        Self(rawValue: NameBasedUUID.make(parts.joined(separator: "\u{1F}")))
    }
}

public typealias OrganizationID = Identifier<Organization>
public typealias ServiceID = Identifier<Service>
public typealias LocationID = Identifier<Location>
public typealias ServiceAtLocationID = Identifier<ServiceAtLocation>
public typealias ProgramID = Identifier<Program>
public typealias TaxonomyID = Identifier<Taxonomy>
public typealias TaxonomyTermID = Identifier<TaxonomyTerm>
