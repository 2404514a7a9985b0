// The small HSDS 3.1 records that always belong to one parent (a service, a location, an
// organization). They are stored and read with their parent, never alone.

/// A postal or physical address of a location (HSDS `address`).
public struct Address: Hashable, Codable, Sendable {
    public enum Kind: String, Hashable, Codable, Sendable, CaseIterable { case physical, postal, virtual }
    public var id: String
    public var attention: String?
    public var address1: String
    public var address2: String?
    public var city: String
    public var region: String?
    public var stateProvince: String
    public var postalCode: String
    public var country: String
    public var addressType: Kind
    public var attributes: [Attribute]?

    public init(
        id: String, attention: String? = nil, address1: String, address2: String? = nil, city: String,
        region: String? = nil, stateProvince: String, postalCode: String, country: String,
        addressType: Kind = .physical, attributes: [Attribute]? = nil
    ) {
        self.id = id; self.attention = attention; self.address1 = address1; self.address2 = address2
        self.city = city; self.region = region; self.stateProvince = stateProvince
        self.postalCode = postalCode; self.country = country; self.addressType = addressType
        self.attributes = attributes
    }

    enum CodingKeys: String, CodingKey {
        case id, attention, city, region, country, attributes
        case address1 = "address_1", address2 = "address_2", stateProvince = "state_province"
        case postalCode = "postal_code", addressType = "address_type"
    }
}

/// A phone number (HSDS `phone`). Extensions are kept apart from the number.
public struct Phone: Hashable, Codable, Sendable {
    public var id: String
    public var number: String
    public var `extension`: Int?
    public var type: String?
    public var description: String?
    public var languages: [Language]?
    public var attributes: [Attribute]?

    public init(
        id: String, number: String, extension: Int? = nil, type: String? = nil, description: String? = nil,
        languages: [Language]? = nil, attributes: [Attribute]? = nil
    ) {
        self.id = id; self.number = number; self.extension = `extension`; self.type = type
        self.description = description; self.languages = languages; self.attributes = attributes
    }
}

/// When a service or location is open (HSDS `schedule`, an iCalendar-style recurrence).
public struct Schedule: Hashable, Codable, Sendable {
    public var id: String
    public var validFrom: String?
    public var validTo: String?
    public var dtstart: String?
    /// Offset from UTC in hours, as HSDS has it.
    public var timezone: Double?
    public var until: String?
    public var count: Int?
    public var wkst: String?
    public var freq: String?
    public var interval: Int?
    /// Days as iCalendar codes, comma separated: `MO,TU,WE`.
    public var byday: String?
    public var byweekno: String?
    public var bymonthday: String?
    public var byyearday: String?
    public var description: String?
    /// Local time `HH:MM` (or `HH:MM:SS`).
    public var opensAt: String?
    public var closesAt: String?
    public var scheduleLink: String?
    public var attendingType: String?
    public var notes: String?
    public var attributes: [Attribute]?

    public init(
        id: String, validFrom: String? = nil, validTo: String? = nil, dtstart: String? = nil,
        timezone: Double? = nil, until: String? = nil, count: Int? = nil, wkst: String? = nil,
        freq: String? = nil, interval: Int? = nil, byday: String? = nil, byweekno: String? = nil,
        bymonthday: String? = nil, byyearday: String? = nil, description: String? = nil,
        opensAt: String? = nil, closesAt: String? = nil, scheduleLink: String? = nil,
        attendingType: String? = nil, notes: String? = nil, attributes: [Attribute]? = nil
    ) {
        self.id = id; self.validFrom = validFrom; self.validTo = validTo; self.dtstart = dtstart
        self.timezone = timezone; self.until = until; self.count = count; self.wkst = wkst; self.freq = freq
        self.interval = interval; self.byday = byday; self.byweekno = byweekno; self.bymonthday = bymonthday
        self.byyearday = byyearday; self.description = description; self.opensAt = opensAt
        self.closesAt = closesAt; self.scheduleLink = scheduleLink; self.attendingType = attendingType
        self.notes = notes; self.attributes = attributes
    }

    enum CodingKeys: String, CodingKey {
        case id, dtstart, timezone, until, count, wkst, freq, interval, byday, byweekno, bymonthday
        case byyearday, description, notes, attributes
        case validFrom = "valid_from", validTo = "valid_to", opensAt = "opens_at", closesAt = "closes_at"
        case scheduleLink = "schedule_link", attendingType = "attending_type"
    }
}

/// A language a service, location or phone line works in (HSDS `language`).
public struct Language: Hashable, Codable, Sendable {
    public var id: String
    public var name: String?
    /// ISO 639 code where known (`en`, `es`, `vi`).
    public var code: String?
    public var note: String?

    public init(id: String, name: String? = nil, code: String? = nil, note: String? = nil) {
        self.id = id; self.name = name; self.code = code; self.note = note
    }
}

/// What a service costs (HSDS `cost_option`).
public struct CostOption: Hashable, Codable, Sendable {
    public var id: String
    public var validFrom: String?
    public var validTo: String?
    public var option: String?
    public var currency: String?
    public var amount: Double?
    public var amountDescription: String?

    public init(
        id: String, validFrom: String? = nil, validTo: String? = nil, option: String? = nil,
        currency: String? = nil, amount: Double? = nil, amountDescription: String? = nil
    ) {
        self.id = id; self.validFrom = validFrom; self.validTo = validTo; self.option = option
        self.currency = currency; self.amount = amount; self.amountDescription = amountDescription
    }

    enum CodingKeys: String, CodingKey {
        case id, option, currency, amount
        case validFrom = "valid_from", validTo = "valid_to", amountDescription = "amount_description"
    }
}

/// Where a service is available to people (HSDS `service_area`).
///
/// The name is what feeds write (`ZIP 68102`, `Douglas County, NE`); ``ResidencyArea`` is what
/// we could read out of it.
public struct ServiceArea: Hashable, Codable, Sendable {
    public var id: String
    public var name: String?
    public var description: String?
    public var extent: String?
    public var extentType: String?
    public var uri: String?
    public var attributes: [Attribute]?

    public init(
        id: String, name: String? = nil, description: String? = nil, extent: String? = nil,
        extentType: String? = nil, uri: String? = nil, attributes: [Attribute]? = nil
    ) {
        self.id = id; self.name = name; self.description = description; self.extent = extent
        self.extentType = extentType; self.uri = uri; self.attributes = attributes
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, extent, uri, attributes
        case extentType = "extent_type"
    }
}

/// A unit in which capacity is counted: beds, appointments, places (HSDS `unit`).
public struct CapacityUnit: Hashable, Codable, Sendable {
    public var id: String
    public var name: String
    public var scheme: String?
    public var identifier: String?
    public var uri: String?

    public init(id: String, name: String, scheme: String? = nil, identifier: String? = nil, uri: String? = nil) {
        self.id = id; self.name = name; self.scheme = scheme; self.identifier = identifier; self.uri = uri
    }
}

/// How much of a service is free right now (HSDS `service_capacity`).
public struct ServiceCapacity: Hashable, Codable, Sendable {
    public var id: String
    public var unit: CapacityUnit
    public var available: Double
    public var maximum: Double?
    public var description: String?
    /// When the count was taken (ISO 8601 date-time).
    public var updated: String

    public init(
        id: String, unit: CapacityUnit, available: Double, maximum: Double? = nil,
        description: String? = nil, updated: String
    ) {
        self.id = id; self.unit = unit; self.available = available; self.maximum = maximum
        self.description = description; self.updated = updated
    }
}

/// Physical access to a location: ramps, lifts, hearing loops (HSDS `accessibility`).
public struct Accessibility: Hashable, Codable, Sendable {
    public var id: String
    public var description: String?
    public var details: String?
    public var url: String?

    public init(id: String, description: String? = nil, details: String? = nil, url: String? = nil) {
        self.id = id; self.description = description; self.details = details; self.url = url
    }
}

/// A person to ask for (HSDS `contact`).
public struct Contact: Hashable, Codable, Sendable {
    public var id: String
    public var name: String?
    public var title: String?
    public var department: String?
    public var email: String?
    public var phones: [Phone]?

    public init(
        id: String, name: String? = nil, title: String? = nil, department: String? = nil,
        email: String? = nil, phones: [Phone]? = nil
    ) {
        self.id = id; self.name = name; self.title = title; self.department = department
        self.email = email; self.phones = phones
    }
}

/// A document a client must bring (HSDS `required_document`).
public struct RequiredDocument: Hashable, Codable, Sendable {
    public var id: String
    public var document: String?
    public var uri: String?

    public init(id: String, document: String? = nil, uri: String? = nil) {
        self.id = id; self.document = document; self.uri = uri
    }
}

/// Where a service's or organization's money comes from (HSDS `funding`).
public struct Funding: Hashable, Codable, Sendable {
    public var id: String
    public var source: String?

    public init(id: String, source: String? = nil) { self.id = id; self.source = source }
}

/// An extra web address (HSDS `url`).
public struct WebLink: Hashable, Codable, Sendable {
    public var id: String
    public var label: String?
    public var url: String

    public init(id: String, label: String? = nil, url: String) { self.id = id; self.label = label; self.url = url }
}

/// An official identifier of an organization: a charity number, a tax id (HSDS `organization_identifier`).
public struct OrganizationIdentifier: Hashable, Codable, Sendable {
    public var id: String
    public var identifierScheme: String?
    public var identifierType: String
    public var identifier: String

    public init(id: String, identifierScheme: String? = nil, identifierType: String, identifier: String) {
        self.id = id; self.identifierScheme = identifierScheme; self.identifierType = identifierType
        self.identifier = identifier
    }

    enum CodingKeys: String, CodingKey {
        case id, identifier
        case identifierScheme = "identifier_scheme", identifierType = "identifier_type"
    }
}

/// A change made to a record, as HSDS `metadata` keeps it.
public struct ChangeNote: Hashable, Codable, Sendable {
    public var id: String
    public var resourceID: String?
    public var resourceType: String?
    public var lastActionDate: String
    public var lastActionType: String
    public var fieldName: String
    public var previousValue: String
    public var replacementValue: String
    public var updatedBy: String

    public init(
        id: String, resourceID: String? = nil, resourceType: String? = nil, lastActionDate: String,
        lastActionType: String, fieldName: String, previousValue: String, replacementValue: String,
        updatedBy: String
    ) {
        self.id = id; self.resourceID = resourceID; self.resourceType = resourceType
        self.lastActionDate = lastActionDate; self.lastActionType = lastActionType
        self.fieldName = fieldName; self.previousValue = previousValue
        self.replacementValue = replacementValue; self.updatedBy = updatedBy
    }

    enum CodingKeys: String, CodingKey {
        case id
        case resourceID = "resource_id", resourceType = "resource_type", lastActionDate = "last_action_date"
        case lastActionType = "last_action_type", fieldName = "field_name", previousValue = "previous_value"
        case replacementValue = "replacement_value", updatedBy = "updated_by"
    }
}

/// A taxonomy term attached to a record, optionally with a value (HSDS `attribute`).
///
/// HSDS 3 classifies services this way: a service's taxonomy codes are its attributes' terms.
public struct Attribute: Hashable, Codable, Sendable {
    public var id: String
    public var taxonomyTermID: TaxonomyTermID
    public var linkType: String?
    public var linkEntity: String?
    public var value: String?
    public var label: String?

    public init(
        id: String, taxonomyTermID: TaxonomyTermID, linkType: String? = nil, linkEntity: String? = nil,
        value: String? = nil, label: String? = nil
    ) {
        self.id = id; self.taxonomyTermID = taxonomyTermID; self.linkType = linkType
        self.linkEntity = linkEntity; self.value = value; self.label = label
    }

    enum CodingKeys: String, CodingKey {
        case id, value, label
        case taxonomyTermID = "taxonomy_term_id", linkType = "link_type", linkEntity = "link_entity"
    }
}
