// The HSDS 3.1 tables as the tabular form has them: file name, and the scalar columns in the
// schema's property order (arrays and nested objects become child tables with foreign keys).

/// One HSDS 3.1 table in its CSV form.
struct HSDSCSVTable: Sendable {
    enum FieldType: String, Sendable { case string, number, integer }
    struct Column: Sendable {
        var name: String
        var type: FieldType
        var format: String?
        var required: Bool
    }

    /// HSDS's name for the record (`service`), used for `link_entity` and origins.
    var name: String
    /// The file name HSDS 3.1's datapackage gives.
    var path: String
    /// Other names feeds use for the same file (plurals, HSDS 1.x and 2.x names).
    var aliases: [String]
    var columns: [Column]

    var header: [String] { columns.map(\.name) }
    var fileNames: [String] { [path] + aliases }

    init(_ name: String, _ path: String, aliases: [String] = [], _ spec: String) {
        self.name = name; self.path = path; self.aliases = aliases
        // "id! organization_id:uuid! name! minimum_age#n year:#i": ! required, #n number, #i integer, :fmt format.
        columns = spec.split(separator: " ").map { token in
            var text = String(token)
            let required = text.hasSuffix("!")
            if required { text.removeLast() }
            var type = FieldType.string
            if text.hasSuffix("#n") { type = .number; text.removeLast(2) }
            if text.hasSuffix("#i") { type = .integer; text.removeLast(2) }
            var format: String?
            if let colon = text.firstIndex(of: ":") {
                format = String(text[text.index(after: colon)...]); text = String(text[..<colon])
            }
            return Column(name: text, type: type, format: format, required: required)
        }
    }

    static let organization = HSDSCSVTable("organization", "organizations.csv", """
        id:uuid! name! alternate_name description! email:email website:uri tax_status tax_id year_incorporated#i \
        legal_status logo uri:uri parent_organization_id:uuid
        """)
    static let program = HSDSCSVTable("program", "programs.csv", aliases: ["program.csv"], """
        id:uuid! organization_id:uuid! name! alternate_name description!
        """)
    static let service = HSDSCSVTable("service", "services.csv", aliases: ["service.csv"], """
        id:uuid! organization_id:uuid! program_id:uuid name! alternate_name description url:uri email:email status! \
        interpretation_services application_process fees_description wait_time fees accreditations \
        eligibility_description minimum_age#n maximum_age#n assured_date:date assurer_email:email licenses alert \
        last_modified:date-time
        """)
    static let serviceAtLocation = HSDSCSVTable(
        "service_at_location", "service_at_location.csv",
        aliases: ["service_at_locations.csv", "services_at_location.csv", "services_at_locations.csv"],
        "id:uuid! service_id:uuid! location_id:uuid! description"
    )
    static let location = HSDSCSVTable("location", "locations.csv", aliases: ["location.csv"], """
        id:uuid! location_type! url:uri organization_id:uuid name alternate_name description transportation \
        latitude#n longitude#n external_identifier external_identifier_type
        """)
    static let address = HSDSCSVTable("address", "addresses.csv", aliases: ["address.csv"], """
        id:uuid! location_id:uuid! attention address_1! address_2 city! region state_province! postal_code! country! \
        address_type!
        """)
    static let phone = HSDSCSVTable("phone", "phones.csv", aliases: ["phone.csv"], """
        id:uuid! location_id:uuid service_id:uuid organization_id:uuid contact_id:uuid service_at_location_id:uuid \
        number! extension#i type description
        """)
    static let schedule = HSDSCSVTable("schedule", "schedules.csv", aliases: ["schedule.csv"], """
        id:uuid! service_id:uuid location_id:uuid service_at_location_id:uuid valid_from:date valid_to:date \
        dtstart:date timezone#n until:date count#i wkst freq interval#i byday byweekno bymonthday byyearday \
        description opens_at:time closes_at:time schedule_link:uri attending_type notes
        """)
    static let language = HSDSCSVTable("language", "languages.csv", aliases: ["language.csv"], """
        id:uuid! service_id:uuid location_id:uuid phone_id:uuid name code note
        """)
    static let serviceArea = HSDSCSVTable("service_area", "service_areas.csv", aliases: ["service_area.csv"], """
        id:uuid! service_id:uuid service_at_location_id:uuid name description extent extent_type uri
        """)
    static let costOption = HSDSCSVTable("cost_option", "cost_options.csv", aliases: ["cost_option.csv"], """
        id:uuid! service_id:uuid! valid_from:date valid_to:date option currency amount#n amount_description
        """)
    static let unit = HSDSCSVTable("unit", "units.csv", aliases: ["unit.csv"], "id:uuid! name! scheme identifier uri:uri")
    static let serviceCapacity = HSDSCSVTable(
        "service_capacity", "service_capacity.csv", aliases: ["service_capacities.csv"],
        "id:uuid! service_id:uuid! unit_id:uuid! available#n! maximum#n description updated:date-time!"
    )
    static let accessibility = HSDSCSVTable(
        "accessibility", "accessibility.csv", aliases: ["accessibilities.csv"],
        "id:uuid! location_id:uuid description details url:uri"
    )
    static let contact = HSDSCSVTable("contact", "contacts.csv", aliases: ["contact.csv"], """
        id:uuid! organization_id:uuid service_id:uuid service_at_location_id:uuid location_id:uuid name title \
        department email:email
        """)
    static let requiredDocument = HSDSCSVTable(
        "required_document", "required_documents.csv", aliases: ["required_document.csv"],
        "id:uuid! service_id:uuid document uri:uri"
    )
    static let funding = HSDSCSVTable(
        "funding", "funding.csv", aliases: ["fundings.csv"], "id:uuid! organization_id:uuid service_id:uuid source"
    )
    static let url = HSDSCSVTable(
        "url", "url.csv", aliases: ["urls.csv"], "id:uuid! label url:uri! organization_id:uuid service_id:uuid"
    )
    static let organizationIdentifier = HSDSCSVTable(
        "organization_identifier", "organization_identifiers.csv", aliases: ["organization_identifier.csv"],
        "id:uuid! organization_id:uuid! identifier_scheme identifier_type! identifier!"
    )
    static let metadata = HSDSCSVTable("metadata", "metadata.csv", """
        id:uuid! resource_id:uuid! resource_type! last_action_date:date! last_action_type! field_name! \
        previous_value! replacement_value! updated_by!
        """)
    static let attribute = HSDSCSVTable("attribute", "attributes.csv", aliases: ["attribute.csv"], """
        id:uuid! link_id:uuid! taxonomy_term_id:uuid! link_type link_entity! value label
        """)
    static let taxonomy = HSDSCSVTable("taxonomy", "taxonomies.csv", "id:uuid! name! description! uri:uri version")
    static let taxonomyTerm = HSDSCSVTable("taxonomy_term", "taxonomy_terms.csv", """
        id:uuid! code name! description! parent_id:uuid taxonomy language taxonomy_id:uuid term_uri:uri
        """)

    /// Every table, in the order the datapackage lists them (HSDS's `datapackage_metadata.order`).
    static let all: [HSDSCSVTable] = [
        organization, program, service, attribute, serviceAtLocation, location, phone, contact, address, schedule,
        funding, serviceArea, requiredDocument, language, accessibility, taxonomyTerm, metadata, costOption,
        organizationIdentifier, taxonomy, unit, serviceCapacity, url,
    ]
}
