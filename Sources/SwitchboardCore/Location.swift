/// A place where services are delivered, or a postal or virtual address (HSDS `location`, AIRS `Site`).
public struct Location: Hashable, Codable, Sendable, Identifiable {
    public enum Kind: String, Hashable, Codable, Sendable, CaseIterable { case physical, postal, virtual }

    public var id: LocationID
    public var locationType: Kind
    public var url: String?
    public var organizationID: OrganizationID?
    public var name: String?
    public var alternateName: String?
    public var description: String?
    public var transportation: String?
    public var latitude: Double?
    public var longitude: Double?
    public var externalIdentifier: String?
    public var externalIdentifierType: String?
    public var languages: [Language]?
    public var addresses: [Address]?
    public var contacts: [Contact]?
    public var accessibility: [Accessibility]?
    public var phones: [Phone]?
    public var schedules: [Schedule]?
    public var attributes: [Attribute]?
    public var metadata: [ChangeNote]?

    public var provenance: Provenance?

    public init(
        id: LocationID, locationType: Kind = .physical, url: String? = nil, organizationID: OrganizationID? = nil,
        name: String? = nil, alternateName: String? = nil, description: String? = nil,
        transportation: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        externalIdentifier: String? = nil, externalIdentifierType: String? = nil,
        languages: [Language]? = nil, addresses: [Address]? = nil, contacts: [Contact]? = nil,
        accessibility: [Accessibility]? = nil, phones: [Phone]? = nil, schedules: [Schedule]? = nil,
        attributes: [Attribute]? = nil, metadata: [ChangeNote]? = nil, provenance: Provenance? = nil
    ) {
        self.id = id; self.locationType = locationType; self.url = url; self.organizationID = organizationID
        self.name = name; self.alternateName = alternateName; self.description = description
        self.transportation = transportation; self.latitude = latitude; self.longitude = longitude
        self.externalIdentifier = externalIdentifier; self.externalIdentifierType = externalIdentifierType
        self.languages = languages; self.addresses = addresses; self.contacts = contacts
        self.accessibility = accessibility; self.phones = phones; self.schedules = schedules
        self.attributes = attributes; self.metadata = metadata; self.provenance = provenance
    }

    /// The point, when both coordinates are known.
    public var coordinate: Coordinate? {
        guard let latitude, let longitude else { return nil }
        return Coordinate(latitude: latitude, longitude: longitude)
    }

    enum CodingKeys: String, CodingKey {
        case id, url, name, description, transportation, latitude, longitude, languages, addresses
        case contacts, accessibility, phones, schedules, attributes, metadata
        case locationType = "location_type", organizationID = "organization_id", alternateName = "alternate_name"
        case externalIdentifier = "external_identifier", externalIdentifierType = "external_identifier_type"
    }
}

/// A point on the earth in degrees (WGS 84).
public struct Coordinate: Hashable, Codable, Sendable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) { self.latitude = latitude; self.longitude = longitude }

    /// Whether both values are within the earth's ranges.
    public var isValid: Bool {
        latitude.isFinite && longitude.isFinite && (-90...90).contains(latitude) && (-180...180).contains(longitude)
    }
}

/// A service delivered at a location, with what differs there (HSDS `service_at_location`, AIRS `SiteService`).
public struct ServiceAtLocation: Hashable, Codable, Sendable, Identifiable {
    public var id: ServiceAtLocationID
    public var serviceID: ServiceID
    public var locationID: LocationID
    public var description: String?
    public var serviceAreas: [ServiceArea]?
    public var contacts: [Contact]?
    public var phones: [Phone]?
    public var schedules: [Schedule]?
    public var attributes: [Attribute]?

    public init(
        id: ServiceAtLocationID, serviceID: ServiceID, locationID: LocationID, description: String? = nil,
        serviceAreas: [ServiceArea]? = nil, contacts: [Contact]? = nil, phones: [Phone]? = nil,
        schedules: [Schedule]? = nil, attributes: [Attribute]? = nil
    ) {
        self.id = id; self.serviceID = serviceID; self.locationID = locationID; self.description = description
        self.serviceAreas = serviceAreas; self.contacts = contacts; self.phones = phones
        self.schedules = schedules; self.attributes = attributes
    }

    enum CodingKeys: String, CodingKey {
        case id, description, contacts, phones, schedules, attributes
        case serviceID = "service_id", locationID = "location_id", serviceAreas = "service_areas"
    }
}
