/// Something a provider does for people: the unit a coordinator searches for and a case manager
/// refers to (HSDS `service`).
public struct Service: Hashable, Codable, Sendable, Identifiable {
    public enum Status: String, Hashable, Codable, Sendable, CaseIterable {
        case active, inactive, defunct
        case temporarilyClosed = "temporarily closed"
    }

    public var id: ServiceID
    public var organizationID: OrganizationID
    public var programID: ProgramID?
    public var name: String
    public var alternateName: String?
    public var description: String?
    public var url: String?
    public var additionalURLs: [WebLink]?
    public var email: String?
    public var status: Status
    public var interpretationServices: String?
    public var applicationProcess: String?
    public var feesDescription: String?
    public var waitTime: String?
    public var fees: String?
    public var accreditations: String?
    public var eligibilityDescription: String?
    public var minimumAge: Double?
    public var maximumAge: Double?
    /// The date someone last checked the record with the provider (`YYYY-MM-DD`).
    public var assuredDate: String?
    public var assurerEmail: String?
    public var licenses: String?
    public var alert: String?
    /// When the record last changed (ISO 8601 date-time).
    public var lastModified: String?
    public var phones: [Phone]?
    public var schedules: [Schedule]?
    public var serviceAreas: [ServiceArea]?
    public var languages: [Language]?
    public var funding: [Funding]?
    public var costOptions: [CostOption]?
    public var requiredDocuments: [RequiredDocument]?
    public var contacts: [Contact]?
    public var capacities: [ServiceCapacity]?
    /// Taxonomy terms (what the service is) and any other classification.
    public var attributes: [Attribute]?
    public var metadata: [ChangeNote]?

    // Beyond HSDS's fields; written out as attributes of our own taxonomy (see docs/data-model.md).
    /// Rules a machine can check, read out of the fields and texts above.
    public var eligibility: Eligibility = Eligibility()
    public var provenance: Provenance?

    public init(
        id: ServiceID, organizationID: OrganizationID, programID: ProgramID? = nil, name: String,
        alternateName: String? = nil, description: String? = nil, url: String? = nil,
        additionalURLs: [WebLink]? = nil, email: String? = nil, status: Status = .active,
        interpretationServices: String? = nil, applicationProcess: String? = nil,
        feesDescription: String? = nil, waitTime: String? = nil, fees: String? = nil,
        accreditations: String? = nil, eligibilityDescription: String? = nil, minimumAge: Double? = nil,
        maximumAge: Double? = nil, assuredDate: String? = nil, assurerEmail: String? = nil,
        licenses: String? = nil, alert: String? = nil, lastModified: String? = nil, phones: [Phone]? = nil,
        schedules: [Schedule]? = nil, serviceAreas: [ServiceArea]? = nil, languages: [Language]? = nil,
        funding: [Funding]? = nil, costOptions: [CostOption]? = nil,
        requiredDocuments: [RequiredDocument]? = nil, contacts: [Contact]? = nil,
        capacities: [ServiceCapacity]? = nil, attributes: [Attribute]? = nil, metadata: [ChangeNote]? = nil,
        eligibility: Eligibility = Eligibility(), provenance: Provenance? = nil
    ) {
        self.id = id; self.organizationID = organizationID; self.programID = programID; self.name = name
        self.alternateName = alternateName; self.description = description; self.url = url
        self.additionalURLs = additionalURLs; self.email = email; self.status = status
        self.interpretationServices = interpretationServices; self.applicationProcess = applicationProcess
        self.feesDescription = feesDescription; self.waitTime = waitTime; self.fees = fees
        self.accreditations = accreditations; self.eligibilityDescription = eligibilityDescription
        self.minimumAge = minimumAge; self.maximumAge = maximumAge; self.assuredDate = assuredDate
        self.assurerEmail = assurerEmail; self.licenses = licenses; self.alert = alert
        self.lastModified = lastModified; self.phones = phones; self.schedules = schedules
        self.serviceAreas = serviceAreas; self.languages = languages; self.funding = funding
        self.costOptions = costOptions; self.requiredDocuments = requiredDocuments; self.contacts = contacts
        self.capacities = capacities; self.attributes = attributes; self.metadata = metadata
        self.eligibility = eligibility; self.provenance = provenance
    }

    /// The taxonomy terms this service is classified under, in the order the feed gave them.
    public var taxonomyTermIDs: [TaxonomyTermID] {
        var seen = Set<TaxonomyTermID>()
        return (attributes ?? []).compactMap { seen.insert($0.taxonomyTermID).inserted ? $0.taxonomyTermID : nil }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, url, email, status, fees, accreditations, licenses, alert, phones
        case schedules, languages, funding, contacts, capacities, attributes, metadata
        case organizationID = "organization_id", programID = "program_id", alternateName = "alternate_name"
        case additionalURLs = "additional_urls", interpretationServices = "interpretation_services"
        case applicationProcess = "application_process", feesDescription = "fees_description"
        case waitTime = "wait_time", eligibilityDescription = "eligibility_description"
        case minimumAge = "minimum_age", maximumAge = "maximum_age", assuredDate = "assured_date"
        case assurerEmail = "assurer_email", lastModified = "last_modified", serviceAreas = "service_areas"
        case costOptions = "cost_options", requiredDocuments = "required_documents"
    }
}
