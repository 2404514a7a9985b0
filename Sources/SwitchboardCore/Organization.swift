/// A provider: the agency that delivers services (HSDS `organization`).
public struct Organization: Hashable, Codable, Sendable, Identifiable {
    public var id: OrganizationID
    public var name: String
    public var alternateName: String?
    public var description: String
    public var email: String?
    public var website: String?
    public var additionalWebsites: [WebLink]?
    public var taxStatus: String?
    public var taxID: String?
    public var yearIncorporated: Int?
    public var legalStatus: String?
    public var logo: String?
    public var uri: String?
    /// The parent agency, for child agencies (AIRS nests agencies; HSDS links them).
    public var parentOrganizationID: OrganizationID?
    public var funding: [Funding]?
    public var contacts: [Contact]?
    public var phones: [Phone]?
    public var organizationIdentifiers: [OrganizationIdentifier]?
    public var attributes: [Attribute]?
    public var metadata: [ChangeNote]?

    /// Not part of HSDS's fields: kept beside them and written out as attributes.
    public var provenance: Provenance?

    public init(
        id: OrganizationID, name: String, alternateName: String? = nil, description: String = "",
        email: String? = nil, website: String? = nil, additionalWebsites: [WebLink]? = nil,
        taxStatus: String? = nil, taxID: String? = nil, yearIncorporated: Int? = nil,
        legalStatus: String? = nil, logo: String? = nil, uri: String? = nil,
        parentOrganizationID: OrganizationID? = nil, funding: [Funding]? = nil, contacts: [Contact]? = nil,
        phones: [Phone]? = nil, organizationIdentifiers: [OrganizationIdentifier]? = nil,
        attributes: [Attribute]? = nil, metadata: [ChangeNote]? = nil, provenance: Provenance? = nil
    ) {
        self.id = id; self.name = name; self.alternateName = alternateName; self.description = description
        self.email = email; self.website = website; self.additionalWebsites = additionalWebsites
        self.taxStatus = taxStatus; self.taxID = taxID; self.yearIncorporated = yearIncorporated
        self.legalStatus = legalStatus; self.logo = logo; self.uri = uri
        self.parentOrganizationID = parentOrganizationID; self.funding = funding; self.contacts = contacts
        self.phones = phones; self.organizationIdentifiers = organizationIdentifiers
        self.attributes = attributes; self.metadata = metadata; self.provenance = provenance
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, email, website, logo, uri, funding, contacts, phones, attributes, metadata
        case alternateName = "alternate_name", additionalWebsites = "additional_websites"
        case taxStatus = "tax_status", taxID = "tax_id", yearIncorporated = "year_incorporated"
        case legalStatus = "legal_status", parentOrganizationID = "parent_organization_id"
        case organizationIdentifiers = "organization_identifiers"
    }
}

/// A named group of an organization's services (HSDS `program`, AIRS `ServiceGroup`).
public struct Program: Hashable, Codable, Sendable, Identifiable {
    public var id: ProgramID
    public var organizationID: OrganizationID
    public var name: String
    public var alternateName: String?
    public var description: String
    public var attributes: [Attribute]?

    public init(
        id: ProgramID, organizationID: OrganizationID, name: String, alternateName: String? = nil,
        description: String = "", attributes: [Attribute]? = nil
    ) {
        self.id = id; self.organizationID = organizationID; self.name = name
        self.alternateName = alternateName; self.description = description; self.attributes = attributes
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, attributes
        case organizationID = "organization_id", alternateName = "alternate_name"
    }
}
