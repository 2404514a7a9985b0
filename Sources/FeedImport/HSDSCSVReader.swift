public import Foundation
internal import SwitchboardCore

/// Reads a directory of HSDS CSV files (the tabular form: one file per table, joined by
/// foreign-key columns) into core records.
///
/// HSDS 3.1 is the model; the table and column names of HSDS 1.x and 2.x that published
/// directories still use are read too (`taxonomy.csv`, `services_taxonomy.csv`,
/// `physical_addresses.csv`, `regular_schedules.csv`, `eligibility.csv`, `x_status`, …).
/// A row that cannot be read (a required field missing, an unknown status, a number that is
/// not one, a foreign key to a record that is not there, a row with the wrong number of
/// fields) is reported as a ``RecordIssue`` naming file, line, record id and field, and left
/// out; the rest of the feed is read. Missing optional tables are fine.
public enum HSDSCSVReader {
    /// Reads every HSDS table found in `directory`.
    ///
    /// - Returns: the records, the issues, and the file and line each record came from
    ///   (keyed by ``FeedReadResult/originKey(_:_:)`` with HSDS's table names: `service`, `location`…).
    /// - Throws: a ``RecordIssue`` with code `malformedFile` when the directory holds neither
    ///   `services.csv` nor `organizations.csv`; file system errors as they come.
    public static func read(directory: URL) throws -> FeedReadResult {
        var reading = try Reading(directory: directory)
        try reading.readAll()
        return reading.result()
    }
}

/// One child record waiting for its parent: the key of the parent (`service/<id>`) and where the
/// child was read, to report it if the parent is missing.
private struct Pending<Value> {
    var value: Value
    var owner: String
    var ownerField: String
    var row: CSVRow
}

private func key(_ entity: String, _ id: String) -> String { entity + "/" + id }

private struct Reading {
    let directory: URL
    /// Lower-cased file name → URL of every file in the directory.
    var files: [String: URL] = [:]
    /// The paths a datapackage.json gives, by resource name.
    var packagePaths: [String: String] = [:]
    var issues: [RecordIssue] = []
    var origins: [String: RecordOrigin] = [:]
    /// Every record read, as `entity/id`, so children can check that their parent is there.
    var known: Set<String> = []
    var readFiles: Set<String> = []

    var taxonomies: [Taxonomy] = []
    var terms: [TaxonomyTerm] = []
    var units: [String: CapacityUnit] = [:]
    var organizations: [Organization] = []
    var programs: [Program] = []
    var services: [Service] = []
    var locations: [Location] = []
    var sites: [ServiceAtLocation] = []

    var attributes: [Pending<Attribute>] = []
    var languages: [Pending<Language>] = []
    var phones: [Pending<Phone>] = []
    var contacts: [Pending<Contact>] = []
    var schedules: [Pending<Schedule>] = []
    var serviceAreas: [Pending<ServiceArea>] = []
    var addresses: [Pending<Address>] = []
    var accessibility: [Pending<Accessibility>] = []
    var capacities: [Pending<ServiceCapacity>] = []
    var costOptions: [Pending<CostOption>] = []
    var requiredDocuments: [Pending<RequiredDocument>] = []
    var funding: [Pending<Funding>] = []
    var links: [Pending<WebLink>] = []
    var identifiers: [Pending<OrganizationIdentifier>] = []
    var notes: [Pending<ChangeNote>] = []
    var eligibility: [Pending<String>] = []

    init(directory: URL) throws {
        self.directory = directory
        for url in try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) {
            files[url.lastPathComponent.lowercased()] = url
        }
        if let package = files["datapackage.json"], let data = try? Data(contentsOf: package),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let resources = json["resources"] as? [[String: Any]]
        {
            for resource in resources {
                if let name = resource["name"] as? String, let path = resource["path"] as? String {
                    packagePaths[name.lowercased()] = path
                }
            }
        }
        guard url(of: .service) != nil || url(of: .organization) != nil else {
            throw RecordIssue(
                .malformedFile, "no services.csv or organizations.csv: not an HSDS CSV directory",
                file: directory.path
            )
        }
    }

    func url(of table: HSDSCSVTable) -> (URL, String)? {
        if let path = packagePaths[table.name] {
            let url = directory.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path) { return (url, path) }
        }
        return url(named: table.fileNames)
    }

    func url(named names: [String]) -> (URL, String)? {
        for name in names { if let url = files[name] { return (url, url.lastPathComponent) } }
        return nil
    }

    /// Calls `body` with each row of the table's file, if there is one; a thrown issue skips the row.
    mutating func each(_ names: [String], as recordType: String, _ body: (inout Reading, CSVRow) throws(RecordIssue) -> Void) throws {
        guard let (url, file) = url(named: names) else { return }
        try each(url: url, file: file, as: recordType, body)
    }

    mutating func each(_ table: HSDSCSVTable, _ body: (inout Reading, CSVRow) throws(RecordIssue) -> Void) throws {
        guard let (url, file) = url(of: table) else { return }
        try each(url: url, file: file, as: table.name, body)
    }

    private mutating func each(url: URL, file: String, as recordType: String, _ body: (inout Reading, CSVRow) throws(RecordIssue) -> Void) throws {
        readFiles.insert(file.lowercased())
        let table = try CSVTableFile(url: url, file: file, recordType: recordType, issues: &issues)
        for record in table.rows {
            let row = CSVRow(table: table, record: record, recordType: recordType)
            do throws(RecordIssue) {
                try body(&self, row)
            } catch {
                issues.append(error)
            }
        }
    }

    /// Records that a row was read under an id, refusing a second row with the same one.
    mutating func register(_ entity: String, _ id: String, _ row: CSVRow) throws(RecordIssue) {
        guard known.insert(key(entity, id)).inserted else {
            throw row.issue(.duplicateKey, "id", "another \(entity) already has id '\(id)'; row skipped")
        }
        origins[FeedReadResult.originKey(entity, id)] = RecordOrigin(file: row.file, line: row.line)
    }

    /// The parent a child row belongs to: the first of the foreign keys that is filled in.
    func owner(_ row: CSVRow, _ candidates: [(column: String, entity: String)]) throws(RecordIssue) -> (key: String, field: String) {
        for candidate in candidates {
            if let id = row.identifier(candidate.column) { return (key(candidate.entity, id), candidate.column) }
        }
        let names = candidates.map(\.column).joined(separator: " or ")
        throw row.issue(.missingField, candidates[0].column, "no \(names) says which record this belongs to; row skipped")
    }

    // MARK: Reading the tables

    mutating func readAll() throws {
        try readTaxonomy()
        try readMainRecords()
        try readChildren()
        try readLegacyTables()
        for name in files.keys.sorted() where name.hasSuffix(".csv") && !readFiles.contains(name) {
            let ignored = name == "holiday_schedules.csv" || name == "pathways.csv"
                ? "is not part of HSDS 3.1's model; not read" : "is not an HSDS table Switchboard reads; not read"
            issues.append(RecordIssue(.unknownValue, "\(files[name]!.lastPathComponent) \(ignored)", file: files[name]!.lastPathComponent, isWarning: true))
        }
    }

    mutating func readTaxonomy() throws {
        try each(.taxonomy) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let taxonomy = Taxonomy(
                id: TaxonomyID(id), name: try row.required("name"), description: row.text("description") ?? "",
                uri: row.text("uri"), version: row.text("version")
            )
            try reading.register("taxonomy", id, row)
            reading.taxonomies.append(taxonomy)
        }
        let termTables: [(names: [String], legacy: Bool)] = [
            (HSDSCSVTable.taxonomyTerm.fileNames, false), (["taxonomy.csv", "taxonomy_term.csv"], true),
        ]
        var termRows: [String: CSVRow] = [:]
        for table in termTables {
            try each(table.names, as: "taxonomy_term") { reading, row throws(RecordIssue) in
                let id = try row.requiredID("id")
                let term = TaxonomyTerm(
                    id: TaxonomyTermID(id), code: row.text("code"), name: try row.required("name"),
                    description: row.text("description") ?? "", parentID: row.identifier("parent_id").map { TaxonomyTermID($0) },
                    taxonomy: row.text("taxonomy", "vocabulary"), taxonomyID: row.identifier("taxonomy_id").map { TaxonomyID($0) },
                    language: row.text("language"), termURI: row.text("term_uri")
                )
                try reading.register("taxonomy_term", id, row)
                reading.terms.append(term)
                termRows[id] = row
            }
        }
        // A term whose parent or taxonomy is not in the feed is kept: the tree is still useful.
        for term in terms {
            guard let row = termRows[term.id.rawValue] else { continue }
            if let parent = term.parentID, !known.contains(key("taxonomy_term", parent.rawValue)) {
                issues.append(row.issue(.danglingReference, "parent_id", "parent term '\(parent)' is not in the feed", warning: true))
            }
            if let taxonomy = term.taxonomyID, !known.contains(key("taxonomy", taxonomy.rawValue)) {
                issues.append(row.issue(.danglingReference, "taxonomy_id", "taxonomy '\(taxonomy)' is not in the feed", warning: true))
            }
        }
        try each(.unit) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let unit = CapacityUnit(id: id, name: try row.required("name"), scheme: row.text("scheme"),
                                    identifier: row.text("identifier"), uri: row.text("uri"))
            try reading.register("unit", id, row)
            reading.units[id] = unit
        }
    }

    mutating func readMainRecords() throws {
        try each(.organization) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let organization = Organization(
                id: OrganizationID(id), name: try row.required("name"), alternateName: row.text("alternate_name"),
                description: row.text("description") ?? "", email: row.text("email"), website: row.text("website", "url"),
                taxStatus: row.text("tax_status"), taxID: row.text("tax_id"),
                yearIncorporated: try row.integer("year_incorporated"), legalStatus: row.text("legal_status"),
                logo: row.text("logo"), uri: row.text("uri"),
                parentOrganizationID: row.identifier("parent_organization_id").map { OrganizationID($0) }
            )
            try reading.register("organization", id, row)
            reading.organizations.append(organization)
        }
        try each(.program) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let organization = try row.requiredID("organization_id")
            let program = Program(
                id: ProgramID(id), organizationID: OrganizationID(organization), name: try row.required("name"),
                alternateName: row.text("alternate_name"), description: row.text("description") ?? ""
            )
            try reading.expect("organization", organization, "organization_id", row)
            try reading.register("program", id, row)
            reading.programs.append(program)
        }
        var statusColumnMissing = false
        try each(.service) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let organization = try row.requiredID("organization_id")
            let name = try row.required("name")
            var status = Service.Status.active
            if let raw = row.text("status", "x_status") {
                guard let parsed = Self.status(raw) else {
                    let field = row.table.has("status") ? "status" : "x_status"
                    throw row.issue(.unknownValue, field, "status '\(raw)' is not active, inactive, defunct or temporarily closed; row skipped")
                }
                status = parsed
            } else if row.table.has("status") || row.table.has("x_status") {
                reading.issues.append(row.issue(.missingField, "status", "status is empty; read as active", warning: true))
            } else {
                statusColumnMissing = true
            }
            var service = Service(
                id: ServiceID(id), organizationID: OrganizationID(organization),
                programID: row.identifier("program_id").map { ProgramID($0) }, name: name,
                alternateName: row.text("alternate_name"), description: row.text("description"), url: row.text("url"),
                email: row.text("email"), status: status, interpretationServices: row.text("interpretation_services"),
                applicationProcess: row.text("application_process"), feesDescription: row.text("fees_description"),
                waitTime: row.text("wait_time", "wait"), fees: row.text("fees"), accreditations: row.text("accreditations"),
                eligibilityDescription: row.text("eligibility_description"), minimumAge: try row.number("minimum_age"),
                maximumAge: try row.number("maximum_age"), assuredDate: row.text("assured_date"),
                assurerEmail: row.text("assurer_email"), licenses: row.text("licenses"), alert: row.text("alert"),
                lastModified: row.text("last_modified")
            )
            try reading.expect("organization", organization, "organization_id", row)
            if let program = service.programID, !reading.known.contains(key("program", program.rawValue)) {
                reading.issues.append(row.issue(.danglingReference, "program_id", "program '\(program)' is not in the feed; service read without it", warning: true))
                service.programID = nil
            }
            try reading.register("service", id, row)
            reading.services.append(service)
        }
        if statusColumnMissing, let (_, file) = url(of: .service) {
            issues.append(RecordIssue(.missingField, "services have no status column; read as active", file: file, recordType: "service", field: "status", isWarning: true))
        }
        try each(.location) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            var kind = Location.Kind.physical
            if let raw = row.identifier("location_type") {
                guard let parsed = Location.Kind(rawValue: raw.lowercased()) else {
                    throw row.issue(.unknownValue, "location_type", "location_type '\(raw)' is not physical, postal or virtual; row skipped")
                }
                kind = parsed
            }
            let organization = row.identifier("organization_id")
            let location = Location(
                id: LocationID(id), locationType: kind, url: row.text("url"),
                organizationID: organization.map { OrganizationID($0) }, name: row.text("name"),
                alternateName: row.text("alternate_name"), description: row.text("description"),
                transportation: row.text("transportation"), latitude: try row.number("latitude"),
                longitude: try row.number("longitude"), externalIdentifier: row.text("external_identifier"),
                externalIdentifierType: row.text("external_identifier_type")
            )
            if let organization { try reading.expect("organization", organization, "organization_id", row) }
            try reading.register("location", id, row)
            reading.locations.append(location)
        }
        try each(.serviceAtLocation) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let service = try row.requiredID("service_id")
            let location = try row.requiredID("location_id")
            try reading.expect("service", service, "service_id", row)
            try reading.expect("location", location, "location_id", row)
            try reading.register("service_at_location", id, row)
            reading.sites.append(ServiceAtLocation(
                id: ServiceAtLocationID(id), serviceID: ServiceID(service), locationID: LocationID(location),
                description: row.text("description")
            ))
        }
    }

    /// Fails the row when the record a foreign key names was not read.
    func expect(_ entity: String, _ id: String, _ field: String, _ row: CSVRow) throws(RecordIssue) {
        guard known.contains(key(entity, id)) else {
            throw row.issue(.danglingReference, field, "\(entity) '\(id)' is not in the feed; row skipped")
        }
    }

    static func status(_ raw: String) -> Service.Status? {
        let folded = raw.trimmingSpaces().lowercased().replacingOccurrences(of: "_", with: " ")
            .replacingOccurrences(of: "-", with: " ")
        return Service.Status(rawValue: folded)
    }

    static let phoneOwners = [
        ("contact_id", "contact"), ("service_at_location_id", "service_at_location"), ("service_id", "service"),
        ("location_id", "location"), ("organization_id", "organization"),
    ]
    static let contactOwners = [
        ("service_at_location_id", "service_at_location"), ("service_id", "service"), ("location_id", "location"),
        ("organization_id", "organization"),
    ]
    static let scheduleOwners = [
        ("service_at_location_id", "service_at_location"), ("service_id", "service"), ("location_id", "location"),
    ]

    mutating func readChildren() throws {
        try each(.attribute) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let link = try row.requiredID("link_id")
            let term = try row.requiredID("taxonomy_term_id")
            let entity = row.identifier("link_entity") ?? row.identifier("link_type")
            guard let entity else {
                throw row.issue(.missingField, "link_entity", "required field 'link_entity' is missing; row skipped")
            }
            try reading.expect("taxonomy_term", term, "taxonomy_term_id", row)
            let attribute = Attribute(
                id: id, taxonomyTermID: TaxonomyTermID(term), linkType: row.text("link_type"),
                linkEntity: row.text("link_entity"), value: row.text("value"), label: row.text("label")
            )
            try reading.register("attribute", id, row)
            reading.attributes.append(Pending(value: attribute, owner: key(entity.lowercased(), link), ownerField: "link_id", row: row))
        }
        try each(.language) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let owner = try reading.owner(row, [("phone_id", "phone"), ("service_id", "service"), ("location_id", "location")])
            let language = Language(id: id, name: row.text("name", "language"), code: row.text("code"), note: row.text("note"))
            try reading.register("language", id, row)
            reading.languages.append(Pending(value: language, owner: owner.key, ownerField: owner.field, row: row))
        }
        try each(.phone) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let owner = try reading.owner(row, Self.phoneOwners)
            guard let number = row.text("number"), !number.trimmingSpaces().isEmpty else {
                // Real feeds carry placeholder phones with no number: not worth a rejection.
                var placeholder = row.issue(.missingField, "number", "phone without a number (a placeholder); row skipped")
                placeholder.isWarning = true
                throw placeholder
            }
            let phone = Phone(id: id, number: number, extension: try row.integer("extension"),
                              type: row.text("type"), description: row.text("description"))
            try reading.register("phone", id, row)
            reading.phones.append(Pending(value: phone, owner: owner.key, ownerField: owner.field, row: row))
        }
        try each(.contact) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let owner = try reading.owner(row, Self.contactOwners)
            let contact = Contact(id: id, name: row.text("name"), title: row.text("title"),
                                  department: row.text("department"), email: row.text("email"))
            try reading.register("contact", id, row)
            reading.contacts.append(Pending(value: contact, owner: owner.key, ownerField: owner.field, row: row))
        }
        try each(.schedule) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let owner = try reading.owner(row, Self.scheduleOwners)
            let schedule = Schedule(
                id: id, validFrom: row.text("valid_from"), validTo: row.text("valid_to"), dtstart: row.text("dtstart"),
                timezone: try row.number("timezone"), until: row.text("until"), count: try row.integer("count"),
                wkst: row.text("wkst"), freq: row.text("freq"), interval: try row.integer("interval"),
                byday: row.text("byday"), byweekno: row.text("byweekno"), bymonthday: row.text("bymonthday"),
                byyearday: row.text("byyearday"), description: row.text("description"), opensAt: row.text("opens_at"),
                closesAt: row.text("closes_at"), scheduleLink: row.text("schedule_link"),
                attendingType: row.text("attending_type"), notes: row.text("notes")
            )
            try reading.register("schedule", id, row)
            reading.schedules.append(Pending(value: schedule, owner: owner.key, ownerField: owner.field, row: row))
        }
        try each(.serviceArea) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let owner = try reading.owner(row, [("service_at_location_id", "service_at_location"), ("service_id", "service")])
            let area = ServiceArea(id: id, name: row.text("name", "service_area"), description: row.text("description"),
                                   extent: row.text("extent"), extentType: row.text("extent_type"), uri: row.text("uri"))
            try reading.register("service_area", id, row)
            reading.serviceAreas.append(Pending(value: area, owner: owner.key, ownerField: owner.field, row: row))
        }
        try each(.address) { reading, row throws(RecordIssue) in
            try reading.readAddress(row, defaultType: .physical)
        }
        try each(HSDSCSVTable.accessibility.fileNames + ["accessibility_for_disabilities.csv"], as: "accessibility") { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let location = try row.requiredID("location_id")
            let item = Accessibility(id: id, description: row.text("description", "accessibility"),
                                     details: row.text("details"), url: row.text("url"))
            try reading.register("accessibility", id, row)
            reading.accessibility.append(Pending(value: item, owner: key("location", location), ownerField: "location_id", row: row))
        }
        try each(.serviceCapacity) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let service = try row.requiredID("service_id")
            let unitID = try row.requiredID("unit_id")
            guard let unit = reading.units[unitID] else {
                throw row.issue(.danglingReference, "unit_id", "unit '\(unitID)' is not in the feed; row skipped")
            }
            guard let available = try row.number("available") else {
                throw row.issue(.missingField, "available", "required field 'available' is missing; row skipped")
            }
            let capacity = ServiceCapacity(id: id, unit: unit, available: available, maximum: try row.number("maximum"),
                                           description: row.text("description"), updated: try row.required("updated"))
            try reading.register("service_capacity", id, row)
            reading.capacities.append(Pending(value: capacity, owner: key("service", service), ownerField: "service_id", row: row))
        }
        try each(.costOption) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let service = try row.requiredID("service_id")
            let option = CostOption(id: id, validFrom: row.text("valid_from"), validTo: row.text("valid_to"),
                                    option: row.text("option"), currency: row.text("currency"),
                                    amount: try row.number("amount"), amountDescription: row.text("amount_description"))
            try reading.register("cost_option", id, row)
            reading.costOptions.append(Pending(value: option, owner: key("service", service), ownerField: "service_id", row: row))
        }
        try each(.requiredDocument) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let service = try row.requiredID("service_id")
            let document = RequiredDocument(id: id, document: row.text("document"), uri: row.text("uri"))
            try reading.register("required_document", id, row)
            reading.requiredDocuments.append(Pending(value: document, owner: key("service", service), ownerField: "service_id", row: row))
        }
        try each(.funding) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let owner = try reading.owner(row, [("service_id", "service"), ("organization_id", "organization")])
            try reading.register("funding", id, row)
            reading.funding.append(Pending(value: Funding(id: id, source: row.text("source")), owner: owner.key, ownerField: owner.field, row: row))
        }
        try each(.url) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let owner = try reading.owner(row, [("service_id", "service"), ("organization_id", "organization")])
            let link = WebLink(id: id, label: row.text("label"), url: try row.required("url"))
            try reading.register("url", id, row)
            reading.links.append(Pending(value: link, owner: owner.key, ownerField: owner.field, row: row))
        }
        try each(.organizationIdentifier) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let organization = try row.requiredID("organization_id")
            let identifier = OrganizationIdentifier(
                id: id, identifierScheme: row.text("identifier_scheme"),
                identifierType: try row.required("identifier_type"), identifier: try row.required("identifier")
            )
            try reading.register("organization_identifier", id, row)
            reading.identifiers.append(Pending(value: identifier, owner: key("organization", organization), ownerField: "organization_id", row: row))
        }
        try each(.metadata) { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let resource = try row.requiredID("resource_id")
            let type = try row.requiredID("resource_type")
            let note = ChangeNote(
                id: id, resourceID: resource, resourceType: type, lastActionDate: try row.required("last_action_date"),
                lastActionType: try row.required("last_action_type"), fieldName: row.text("field_name") ?? "",
                previousValue: row.text("previous_value") ?? "", replacementValue: row.text("replacement_value") ?? "",
                updatedBy: try row.required("updated_by")
            )
            // A record's creation has no field or values: empty is fine there.
            try reading.register("metadata", id, row)
            reading.notes.append(Pending(value: note, owner: key(type.lowercased(), resource), ownerField: "resource_id", row: row))
        }
    }

    mutating func readAddress(_ row: CSVRow, defaultType: Address.Kind) throws(RecordIssue) {
        let id = try row.requiredID("id")
        let location = try row.requiredID("location_id")
        var kind = defaultType
        if let raw = row.identifier("address_type") {
            guard let parsed = Address.Kind(rawValue: raw.lowercased()) else {
                throw row.issue(.unknownValue, "address_type", "address_type '\(raw)' is not physical, postal or virtual; row skipped")
            }
            kind = parsed
        }
        let address = Address(
            id: id, attention: row.text("attention"), address1: try row.required("address_1"),
            address2: row.text("address_2"), city: try row.required("city"), region: row.text("region"),
            stateProvince: try row.required("state_province"), postalCode: try row.required("postal_code"),
            country: try row.required("country"), addressType: kind
        )
        try register("address", id, row)
        addresses.append(Pending(value: address, owner: key("location", location), ownerField: "location_id", row: row))
    }

    /// HSDS 1.x and 2.x tables with no 3.1 file of the same name.
    mutating func readLegacyTables() throws {
        try each(["physical_addresses.csv", "physical_address.csv"], as: "address") { reading, row throws(RecordIssue) in
            try reading.readAddress(row, defaultType: .physical)
        }
        try each(["postal_addresses.csv", "postal_address.csv"], as: "address") { reading, row throws(RecordIssue) in
            try reading.readAddress(row, defaultType: .postal)
        }
        try each(["services_taxonomy.csv", "service_taxonomy.csv", "service_attributes.csv", "service_attribute.csv"], as: "attribute") { reading, row throws(RecordIssue) in
            let service = try row.requiredID("service_id")
            let term = try row.requiredID("taxonomy_term_id", "taxonomy_id")
            try reading.expect("taxonomy_term", term, row.table.has("taxonomy_term_id") ? "taxonomy_term_id" : "taxonomy_id", row)
            // 1.x link rows often have no id of their own: derive a stable one.
            let id = row.id ?? NameBasedUUID.make(["service_taxonomy", service, term].joined(separator: "\u{1F}"))
            let attribute = Attribute(id: id, taxonomyTermID: TaxonomyTermID(term), linkEntity: "service",
                                      value: row.text("taxonomy_detail", "value"))
            try reading.register("attribute", id, row)
            reading.attributes.append(Pending(value: attribute, owner: key("service", service), ownerField: "service_id", row: row))
        }
        try each(["regular_schedules.csv", "regular_schedule.csv"], as: "schedule") { reading, row throws(RecordIssue) in
            let id = try row.requiredID("id")
            let owner = try reading.owner(row, Self.scheduleOwners)
            let raw = try row.required("weekday")
            guard let day = Self.weekday(raw) else {
                throw row.issue(.unknownValue, "weekday", "weekday '\(raw)' is not a day of the week; row skipped")
            }
            let schedule = Schedule(id: id, freq: "WEEKLY", byday: day, description: row.text("description"),
                                    opensAt: row.text("opens_at"), closesAt: row.text("closes_at"))
            try reading.register("schedule", id, row)
            reading.schedules.append(Pending(value: schedule, owner: owner.key, ownerField: owner.field, row: row))
        }
        try each(["eligibility.csv", "eligibilities.csv"], as: "eligibility") { reading, row throws(RecordIssue) in
            let service = try row.requiredID("service_id")
            let text = try row.required("eligibility", "description")
            reading.eligibility.append(Pending(value: text, owner: key("service", service), ownerField: "service_id", row: row))
        }
    }

    /// iCalendar's day code for a weekday written as a name, an abbreviation or a number (1 is Monday, as in ISO 8601).
    static func weekday(_ raw: String) -> String? {
        let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        let names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        let text = raw.trimmingSpaces().lowercased()
        if let number = Int(text), (1...7).contains(number) { return codes[number - 1] }
        if let index = names.firstIndex(where: { $0 == text || (text.count >= 2 && $0.hasPrefix(text)) }) { return codes[index] }
        return nil
    }

    // MARK: Joining children to parents

    /// Groups children by parent, reporting those whose parent was not read.
    mutating func group<Value>(_ pending: [Pending<Value>], _ entity: String, parents: Set<String>? = nil) -> [String: [Value]] {
        var groups: [String: [Value]] = [:]
        for item in pending {
            if known.contains(item.owner), parents.map({ $0.contains(String(item.owner.prefix { $0 != "/" })) }) ?? true {
                groups[item.owner, default: []].append(item.value)
                continue
            }
            let (parentType, parentID) = split(item.owner)
            if parents.map({ !$0.contains(parentType) }) ?? false {
                issues.append(item.row.issue(.unknownValue, "link_entity",
                    "Switchboard keeps no \(entity) on a \(parentType); \(entity) not read", warning: true))
            } else {
                issues.append(item.row.issue(.danglingReference, item.ownerField,
                    "\(parentType) '\(parentID)' is not in the feed; row skipped"))
            }
        }
        return groups
    }

    func split(_ owner: String) -> (String, String) {
        guard let slash = owner.firstIndex(of: "/") else { return (owner, "") }
        return (String(owner[..<slash]), String(owner[owner.index(after: slash)...]))
    }

    mutating func result() -> FeedReadResult {
        let attributeOwners: Set<String> = [
            "service", "organization", "location", "service_at_location", "program", "address", "phone", "schedule",
            "service_area",
        ]
        let attributesBy = group(attributes, "attribute", parents: attributeOwners)
        func attributesOf(_ entity: String, _ id: String) -> [Attribute]? { attributesBy[key(entity, id)] }

        let languagesBy = group(languages, "language")
        var phones = self.phones
        for index in phones.indices {
            let id = phones[index].value.id
            phones[index].value.languages = languagesBy[key("phone", id)]
            phones[index].value.attributes = attributesOf("phone", id)
        }
        let phonesBy = group(phones, "phone")
        var contacts = self.contacts
        for index in contacts.indices { contacts[index].value.phones = phonesBy[key("contact", contacts[index].value.id)] }
        let contactsBy = group(contacts, "contact")
        var schedules = self.schedules
        for index in schedules.indices { schedules[index].value.attributes = attributesOf("schedule", schedules[index].value.id) }
        let schedulesBy = group(schedules, "schedule")
        var areas = serviceAreas
        for index in areas.indices { areas[index].value.attributes = attributesOf("service_area", areas[index].value.id) }
        let areasBy = group(areas, "service_area")
        var addresses = self.addresses
        for index in addresses.indices { addresses[index].value.attributes = attributesOf("address", addresses[index].value.id) }
        let addressesBy = group(addresses, "address")
        let accessibilityBy = group(accessibility, "accessibility")
        let capacitiesBy = group(capacities, "service_capacity")
        let costsBy = group(costOptions, "cost_option")
        let documentsBy = group(requiredDocuments, "required_document")
        let fundingBy = group(funding, "funding")
        let linksBy = group(links, "url")
        let identifiersBy = group(identifiers, "organization_identifier")
        let notesBy = group(notes, "metadata", parents: ["service", "location", "organization"])
        let eligibilityBy = group(eligibility, "eligibility")

        var batch = DirectoryBatch()
        batch.taxonomies = taxonomies
        batch.taxonomyTerms = terms
        batch.organizations = organizations.map { organization in
            var organization = organization
            let key = key("organization", organization.id.rawValue)
            organization.additionalWebsites = linksBy[key]; organization.funding = fundingBy[key]
            organization.contacts = contactsBy[key]; organization.phones = phonesBy[key]
            organization.organizationIdentifiers = identifiersBy[key]; organization.attributes = attributesBy[key]
            organization.metadata = notesBy[key]
            return organization
        }
        batch.programs = programs.map { program in
            var program = program
            program.attributes = attributesOf("program", program.id.rawValue)
            return program
        }
        batch.services = services.map { service in
            var service = service
            let key = key("service", service.id.rawValue)
            service.additionalURLs = linksBy[key]; service.phones = phonesBy[key]; service.schedules = schedulesBy[key]
            service.serviceAreas = areasBy[key]; service.languages = languagesBy[key]; service.funding = fundingBy[key]
            service.costOptions = costsBy[key]; service.requiredDocuments = documentsBy[key]
            service.contacts = contactsBy[key]; service.capacities = capacitiesBy[key]
            service.attributes = attributesBy[key]; service.metadata = notesBy[key]
            if let extra = eligibilityBy[key] {
                service.eligibilityDescription = ([service.eligibilityDescription].compactMap { $0 } + extra).joined(separator: "; ")
            }
            return service
        }
        batch.locations = locations.map { location in
            var location = location
            let key = key("location", location.id.rawValue)
            location.languages = languagesBy[key]; location.addresses = addressesBy[key]
            location.contacts = contactsBy[key]; location.accessibility = accessibilityBy[key]
            location.phones = phonesBy[key]; location.schedules = schedulesBy[key]
            location.attributes = attributesBy[key]; location.metadata = notesBy[key]
            return location
        }
        batch.servicesAtLocations = sites.map { site in
            var site = site
            let key = key("service_at_location", site.id.rawValue)
            site.serviceAreas = areasBy[key]; site.contacts = contactsBy[key]; site.phones = phonesBy[key]
            site.schedules = schedulesBy[key]; site.attributes = attributesBy[key]
            return site
        }
        return FeedReadResult(batch: batch, issues: issues, origins: origins)
    }
}
