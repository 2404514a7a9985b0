// HSDS's nested JSON (as the HSDS API returns services) leaves out keys that the nesting
// already says: a service inside its organization needs no `organization_id`, a
// service_at_location inside a service needs no `service_id`. These decoders accept both forms.

private struct NestedIDKeys: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    static let id = NestedIDKeys(stringValue: "id")
}

extension KeyedDecodingContainer {
    /// The id of a nested object under `key` (`"organization": {"id": …}`), if there is one.
    fileprivate func nestedID(_ key: Key) -> String? {
        guard let nested = try? nestedContainer(keyedBy: NestedIDKeys.self, forKey: key) else { return nil }
        return try? nested.decode(String.self, forKey: .id)
    }
}

extension Service {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let nesting = try decoder.container(keyedBy: NestingKeys.self)
        id = try c.decode(ServiceID.self, forKey: .id)
        if let organization = try c.decodeIfPresent(OrganizationID.self, forKey: .organizationID) {
            organizationID = organization
        } else if let nested = nesting.nestedID(.organization) {
            organizationID = OrganizationID(nested)
        } else {
            throw DecodingError.keyNotFound(CodingKeys.organizationID, .init(codingPath: c.codingPath,
                debugDescription: "a service needs organization_id (or a nested organization)"))
        }
        programID = try c.decodeIfPresent(ProgramID.self, forKey: .programID) ?? nesting.nestedID(.program).map { ProgramID($0) }
        name = try c.decode(String.self, forKey: .name)
        alternateName = try c.decodeIfPresent(String.self, forKey: .alternateName)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        additionalURLs = try c.decodeIfPresent([WebLink].self, forKey: .additionalURLs)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        status = try c.decode(Status.self, forKey: .status)
        interpretationServices = try c.decodeIfPresent(String.self, forKey: .interpretationServices)
        applicationProcess = try c.decodeIfPresent(String.self, forKey: .applicationProcess)
        feesDescription = try c.decodeIfPresent(String.self, forKey: .feesDescription)
        waitTime = try c.decodeIfPresent(String.self, forKey: .waitTime)
        fees = try c.decodeIfPresent(String.self, forKey: .fees)
        accreditations = try c.decodeIfPresent(String.self, forKey: .accreditations)
        eligibilityDescription = try c.decodeIfPresent(String.self, forKey: .eligibilityDescription)
        minimumAge = try c.decodeIfPresent(Double.self, forKey: .minimumAge)
        maximumAge = try c.decodeIfPresent(Double.self, forKey: .maximumAge)
        assuredDate = try c.decodeIfPresent(String.self, forKey: .assuredDate)
        assurerEmail = try c.decodeIfPresent(String.self, forKey: .assurerEmail)
        licenses = try c.decodeIfPresent(String.self, forKey: .licenses)
        alert = try c.decodeIfPresent(String.self, forKey: .alert)
        lastModified = try c.decodeIfPresent(String.self, forKey: .lastModified)
        phones = try c.decodeIfPresent([Phone].self, forKey: .phones)
        schedules = try c.decodeIfPresent([Schedule].self, forKey: .schedules)
        serviceAreas = try c.decodeIfPresent([ServiceArea].self, forKey: .serviceAreas)
        languages = try c.decodeIfPresent([Language].self, forKey: .languages)
        funding = try c.decodeIfPresent([Funding].self, forKey: .funding)
        costOptions = try c.decodeIfPresent([CostOption].self, forKey: .costOptions)
        requiredDocuments = try c.decodeIfPresent([RequiredDocument].self, forKey: .requiredDocuments)
        contacts = try c.decodeIfPresent([Contact].self, forKey: .contacts)
        capacities = try c.decodeIfPresent([ServiceCapacity].self, forKey: .capacities)
        attributes = try c.decodeIfPresent([Attribute].self, forKey: .attributes)
        metadata = try c.decodeIfPresent([ChangeNote].self, forKey: .metadata)
    }

    enum NestingKeys: String, CodingKey { case organization, program }
}

extension ServiceAtLocation {
    /// A service_at_location nested in a service may leave out `service_id`; the reader fills
    /// it in from the parent, so here it becomes empty rather than an error.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let nesting = try decoder.container(keyedBy: NestingKeys.self)
        id = try c.decode(ServiceAtLocationID.self, forKey: .id)
        serviceID = try c.decodeIfPresent(ServiceID.self, forKey: .serviceID) ?? ServiceID("")
        if let location = try c.decodeIfPresent(LocationID.self, forKey: .locationID) {
            locationID = location
        } else if let nested = nesting.nestedID(.location) {
            locationID = LocationID(nested)
        } else {
            throw DecodingError.keyNotFound(CodingKeys.locationID, .init(codingPath: c.codingPath,
                debugDescription: "a service_at_location needs location_id (or a nested location)"))
        }
        description = try c.decodeIfPresent(String.self, forKey: .description)
        serviceAreas = try c.decodeIfPresent([ServiceArea].self, forKey: .serviceAreas)
        contacts = try c.decodeIfPresent([Contact].self, forKey: .contacts)
        phones = try c.decodeIfPresent([Phone].self, forKey: .phones)
        schedules = try c.decodeIfPresent([Schedule].self, forKey: .schedules)
        attributes = try c.decodeIfPresent([Attribute].self, forKey: .attributes)
    }

    enum NestingKeys: String, CodingKey { case location }
}

extension Attribute {
    /// The term may be given only as a nested `taxonomy_term` object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let nesting = try decoder.container(keyedBy: NestingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        if let term = try c.decodeIfPresent(TaxonomyTermID.self, forKey: .taxonomyTermID) {
            taxonomyTermID = term
        } else if let nested = nesting.nestedID(.taxonomyTerm) {
            taxonomyTermID = TaxonomyTermID(nested)
        } else {
            throw DecodingError.keyNotFound(CodingKeys.taxonomyTermID, .init(codingPath: c.codingPath,
                debugDescription: "an attribute needs taxonomy_term_id (or a nested taxonomy_term)"))
        }
        linkType = try c.decodeIfPresent(String.self, forKey: .linkType)
        linkEntity = try c.decodeIfPresent(String.self, forKey: .linkEntity)
        value = try c.decodeIfPresent(String.self, forKey: .value)
        label = try c.decodeIfPresent(String.self, forKey: .label)
    }

    enum NestingKeys: String, CodingKey { case taxonomyTerm = "taxonomy_term" }
}

extension TaxonomyTerm {
    /// Many published terms have no description; HSDS requires the key, so it reads as empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(TaxonomyTermID.self, forKey: .id)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        parentID = try c.decodeIfPresent(TaxonomyTermID.self, forKey: .parentID)
        taxonomy = try c.decodeIfPresent(String.self, forKey: .taxonomy)
        taxonomyID = try c.decodeIfPresent(TaxonomyID.self, forKey: .taxonomyID)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        termURI = try c.decodeIfPresent(String.self, forKey: .termURI)
    }
}

/// Feeds write "Active" and "ACTIVE" as often as "active"; anything else is an error that lists the allowed values.
private protocol LenientlyDecodedCode: RawRepresentable, CaseIterable where RawValue == String {
    /// How an error names the kind of value: "a service status".
    static var what: String { get }
}

extension LenientlyDecodedCode {
    init(lenientlyFrom decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text.trimmingSpaces().lowercased()) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription:
                "'\(text)' is not \(Self.what) (allowed: \(Self.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self = value
    }
}

extension Service.Status: LenientlyDecodedCode {
    static var what: String { "a service status" }
    public init(from decoder: any Decoder) throws { try self.init(lenientlyFrom: decoder) }
}

extension Location.Kind: LenientlyDecodedCode {
    static var what: String { "a location type" }
    public init(from decoder: any Decoder) throws { try self.init(lenientlyFrom: decoder) }
}

extension Address.Kind: LenientlyDecodedCode {
    static var what: String { "an address type" }
    public init(from decoder: any Decoder) throws { try self.init(lenientlyFrom: decoder) }
}
