public import Foundation
public import SwitchboardCore

/// Writes services as a directory of HSDS 3.1 CSV files with a `datapackage.json`.
///
/// Made for exports of any size: call ``write(_:)`` with one page of records at a time, then
/// ``finish()``. Services, their service-at-locations and everything nested in them are
/// written as they come; organizations, programs, locations, taxonomies, terms and units
/// are shared between services, so they are kept (once each, the first copy seen) and written
/// by ``finish()`` in id order. Columns follow the HSDS schema's property order, rows the
/// order given, whole numbers have no `.0`, and line ends are LF: the same records always give
/// the same bytes, and a directory read with ``HSDSCSVReader`` writes back identically.
///
/// Every table is written, with its header, even when it has no rows. Fields beyond HSDS
/// (a record's eligibility rules and provenance) are not written; `link_entity` of an
/// attribute and `resource_id`/`resource_type` of a metadata row are those of the record
/// that holds it.
public final class HSDSCSVWriter {
    public let directory: URL
    private var outputs: [String: Output] = [:]
    private var organizations: [OrganizationID: Organization] = [:]
    private var programs: [ProgramID: Program] = [:]
    private var locations: [LocationID: Location] = [:]
    private var taxonomies: [TaxonomyID: Taxonomy] = [:]
    private var terms: [TaxonomyTermID: TaxonomyTerm] = [:]
    private var units: [String: CapacityUnit] = [:]
    private var finished = false

    private final class Output {
        let handle: FileHandle
        var writer = CSVWriter()
        init(handle: FileHandle) { self.handle = handle }
        func flush() throws {
            let bytes = writer.take()
            if !bytes.isEmpty { try handle.write(contentsOf: bytes) }
        }
    }

    /// Creates `directory` if need be and starts every table's file with its header.
    ///
    /// Files of the same names already there are replaced.
    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for table in HSDSCSVTable.all {
            let url = directory.appendingPathComponent(table.path)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
            let output = Output(handle: try FileHandle(forWritingTo: url))
            output.writer.append(table.header)
            outputs[table.name] = output
        }
    }

    deinit {
        for output in outputs.values { try? output.handle.close() }
    }

    /// Writes one page of services, with everything nested in them.
    public func write(_ records: [ServiceRecord]) throws {
        precondition(!finished, "HSDSCSVWriter.write called after finish()")
        for record in records {
            writeService(record.service)
            for site in record.sites {
                writeSite(site.serviceAtLocation)
                if locations[site.location.id] == nil { locations[site.location.id] = site.location }
            }
            if organizations[record.organization.id] == nil { organizations[record.organization.id] = record.organization }
            if let program = record.program, programs[program.id] == nil { programs[program.id] = program }
            include(taxonomies: record.taxonomies, terms: record.taxonomyTerms)
        }
        try flush(threshold: 1 << 20)
    }

    /// Adds taxonomies and terms beyond those the services carry (terms only organizations or
    /// locations use, a whole taxonomy). The first copy of each id wins.
    public func include(taxonomies: [Taxonomy] = [], terms: [TaxonomyTerm] = []) {
        for taxonomy in taxonomies where self.taxonomies[taxonomy.id] == nil { self.taxonomies[taxonomy.id] = taxonomy }
        for term in terms where self.terms[term.id] == nil { self.terms[term.id] = term }
    }

    /// Writes the shared records and `datapackage.json`, and closes the files.
    public func finish() throws {
        precondition(!finished, "HSDSCSVWriter.finish called twice")
        finished = true
        for organization in organizations.values.sorted(by: { $0.id < $1.id }) { writeOrganization(organization) }
        for program in programs.values.sorted(by: { $0.id < $1.id }) {
            row(.program, [program.id.rawValue, program.organizationID.rawValue, program.name, program.alternateName, program.description])
            writeAttributes(program.attributes, "program", program.id.rawValue)
        }
        for location in locations.values.sorted(by: { $0.id < $1.id }) { writeLocation(location) }
        for taxonomy in taxonomies.values.sorted(by: { $0.id < $1.id }) {
            row(.taxonomy, [taxonomy.id.rawValue, taxonomy.name, taxonomy.description, taxonomy.uri, taxonomy.version])
        }
        for term in terms.values.sorted(by: { $0.id < $1.id }) {
            row(.taxonomyTerm, [
                term.id.rawValue, term.code, term.name, term.description, term.parentID?.rawValue, term.taxonomy,
                term.language, term.taxonomyID?.rawValue, term.termURI,
            ])
        }
        for unit in units.values.sorted(by: { $0.id < $1.id }) {
            row(.unit, [unit.id, unit.name, unit.scheme, unit.identifier, unit.uri])
        }
        try flush(threshold: 0)
        for output in outputs.values { try output.handle.close() }
        outputs = [:]
        try Data(Self.datapackage().utf8).write(to: directory.appendingPathComponent("datapackage.json"))
    }

    // MARK: Rows

    private func flush(threshold: Int) throws {
        for output in outputs.values where output.writer.bytes.count > threshold { try output.flush() }
    }

    private func row(_ table: HSDSCSVTable, _ fields: [String?]) {
        outputs[table.name]!.writer.append(fields.map { $0 ?? "" })
    }

    private static func number(_ value: Double?) -> String? { value.map(formatNumber) }
    private static func number(_ value: Int?) -> String? { value.map(String.init) }

    private func writeService(_ service: Service) {
        let id = service.id.rawValue
        row(.service, [
            id, service.organizationID.rawValue, service.programID?.rawValue, service.name, service.alternateName,
            service.description, service.url, service.email, service.status.rawValue, service.interpretationServices,
            service.applicationProcess, service.feesDescription, service.waitTime, service.fees, service.accreditations,
            service.eligibilityDescription, Self.number(service.minimumAge), Self.number(service.maximumAge),
            service.assuredDate, service.assurerEmail, service.licenses, service.alert, service.lastModified,
        ])
        let owner = Owner(service: id)
        writeAttributes(service.attributes, "service", id)
        for phone in service.phones ?? [] { writePhone(phone, owner) }
        for schedule in service.schedules ?? [] { writeSchedule(schedule, owner) }
        for area in service.serviceAreas ?? [] { writeServiceArea(area, owner) }
        for language in service.languages ?? [] { writeLanguage(language, owner) }
        for funding in service.funding ?? [] { row(.funding, [funding.id, nil, id, funding.source]) }
        for cost in service.costOptions ?? [] {
            row(.costOption, [cost.id, id, cost.validFrom, cost.validTo, cost.option, cost.currency,
                              Self.number(cost.amount), cost.amountDescription])
        }
        for document in service.requiredDocuments ?? [] { row(.requiredDocument, [document.id, id, document.document, document.uri]) }
        for contact in service.contacts ?? [] { writeContact(contact, owner) }
        for capacity in service.capacities ?? [] {
            row(.serviceCapacity, [capacity.id, id, capacity.unit.id, Self.number(capacity.available),
                                   Self.number(capacity.maximum), capacity.description, capacity.updated])
            if units[capacity.unit.id] == nil { units[capacity.unit.id] = capacity.unit }
        }
        for link in service.additionalURLs ?? [] { row(.url, [link.id, link.label, link.url, nil, id]) }
        writeMetadata(service.metadata, "service", id)
    }

    private func writeSite(_ site: ServiceAtLocation) {
        let id = site.id.rawValue
        row(.serviceAtLocation, [id, site.serviceID.rawValue, site.locationID.rawValue, site.description])
        let owner = Owner(serviceAtLocation: id)
        writeAttributes(site.attributes, "service_at_location", id)
        for area in site.serviceAreas ?? [] { writeServiceArea(area, owner) }
        for contact in site.contacts ?? [] { writeContact(contact, owner) }
        for phone in site.phones ?? [] { writePhone(phone, owner) }
        for schedule in site.schedules ?? [] { writeSchedule(schedule, owner) }
    }

    private func writeOrganization(_ organization: Organization) {
        let id = organization.id.rawValue
        row(.organization, [
            id, organization.name, organization.alternateName, organization.description, organization.email,
            organization.website, organization.taxStatus, organization.taxID, Self.number(organization.yearIncorporated),
            organization.legalStatus, organization.logo, organization.uri, organization.parentOrganizationID?.rawValue,
        ])
        let owner = Owner(organization: id)
        writeAttributes(organization.attributes, "organization", id)
        for link in organization.additionalWebsites ?? [] { row(.url, [link.id, link.label, link.url, id, nil]) }
        for funding in organization.funding ?? [] { row(.funding, [funding.id, id, nil, funding.source]) }
        for contact in organization.contacts ?? [] { writeContact(contact, owner) }
        for phone in organization.phones ?? [] { writePhone(phone, owner) }
        for identifier in organization.organizationIdentifiers ?? [] {
            row(.organizationIdentifier, [identifier.id, id, identifier.identifierScheme, identifier.identifierType, identifier.identifier])
        }
        writeMetadata(organization.metadata, "organization", id)
    }

    private func writeLocation(_ location: Location) {
        let id = location.id.rawValue
        row(.location, [
            id, location.locationType.rawValue, location.url, location.organizationID?.rawValue, location.name,
            location.alternateName, location.description, location.transportation, Self.number(location.latitude),
            Self.number(location.longitude), location.externalIdentifier, location.externalIdentifierType,
        ])
        let owner = Owner(location: id)
        writeAttributes(location.attributes, "location", id)
        for language in location.languages ?? [] { writeLanguage(language, owner) }
        for address in location.addresses ?? [] {
            row(.address, [
                address.id, id, address.attention, address.address1, address.address2, address.city, address.region,
                address.stateProvince, address.postalCode, address.country, address.addressType.rawValue,
            ])
            writeAttributes(address.attributes, "address", address.id)
        }
        for contact in location.contacts ?? [] { writeContact(contact, owner) }
        for item in location.accessibility ?? [] { row(.accessibility, [item.id, id, item.description, item.details, item.url]) }
        for phone in location.phones ?? [] { writePhone(phone, owner) }
        for schedule in location.schedules ?? [] { writeSchedule(schedule, owner) }
        writeMetadata(location.metadata, "location", id)
    }

    /// The foreign keys of a child row: exactly one is set.
    private struct Owner {
        var service: String?
        var location: String?
        var organization: String?
        var serviceAtLocation: String?
        var contact: String?
        var phone: String?
    }

    private func writePhone(_ phone: Phone, _ owner: Owner) {
        row(.phone, [
            phone.id, owner.location, owner.service, owner.organization, owner.contact, owner.serviceAtLocation,
            phone.number, Self.number(phone.extension), phone.type, phone.description,
        ])
        writeAttributes(phone.attributes, "phone", phone.id)
        for language in phone.languages ?? [] { writeLanguage(language, Owner(phone: phone.id)) }
    }

    private func writeLanguage(_ language: Language, _ owner: Owner) {
        row(.language, [language.id, owner.service, owner.location, owner.phone, language.name, language.code, language.note])
    }

    private func writeContact(_ contact: Contact, _ owner: Owner) {
        row(.contact, [
            contact.id, owner.organization, owner.service, owner.serviceAtLocation, owner.location, contact.name,
            contact.title, contact.department, contact.email,
        ])
        for phone in contact.phones ?? [] { writePhone(phone, Owner(contact: contact.id)) }
    }

    private func writeSchedule(_ schedule: Schedule, _ owner: Owner) {
        row(.schedule, [
            schedule.id, owner.service, owner.location, owner.serviceAtLocation, schedule.validFrom, schedule.validTo,
            schedule.dtstart, Self.number(schedule.timezone), schedule.until, Self.number(schedule.count), schedule.wkst,
            schedule.freq, Self.number(schedule.interval), schedule.byday, schedule.byweekno, schedule.bymonthday,
            schedule.byyearday, schedule.description, schedule.opensAt, schedule.closesAt, schedule.scheduleLink,
            schedule.attendingType, schedule.notes,
        ])
        writeAttributes(schedule.attributes, "schedule", schedule.id)
    }

    private func writeServiceArea(_ area: ServiceArea, _ owner: Owner) {
        row(.serviceArea, [area.id, owner.service, owner.serviceAtLocation, area.name, area.description, area.extent,
                           area.extentType, area.uri])
        writeAttributes(area.attributes, "service_area", area.id)
    }

    private func writeAttributes(_ attributes: [Attribute]?, _ entity: String, _ id: String) {
        for attribute in attributes ?? [] {
            row(.attribute, [attribute.id, id, attribute.taxonomyTermID.rawValue, attribute.linkType, entity,
                             attribute.value, attribute.label])
        }
    }

    private func writeMetadata(_ notes: [ChangeNote]?, _ entity: String, _ id: String) {
        for note in notes ?? [] {
            row(.metadata, [note.id, id, entity, note.lastActionDate, note.lastActionType, note.fieldName,
                            note.previousValue, note.replacementValue, note.updatedBy])
        }
    }

    // MARK: datapackage.json

    /// The table a foreign-key column points at.
    private static let references: [String: String] = [
        "organization_id": "organization", "parent_organization_id": "organization", "program_id": "program",
        "service_id": "service", "location_id": "location", "service_at_location_id": "service_at_location",
        "contact_id": "contact", "phone_id": "phone", "unit_id": "unit", "taxonomy_term_id": "taxonomy_term",
        "taxonomy_id": "taxonomy", "parent_id": "taxonomy_term",
    ]

    /// A Frictionless Data Package describing the files, written by hand so its bytes never vary.
    static func datapackage() -> String {
        func quoted(_ text: String) -> String {
            var result = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\n": result += "\\n"
                default: result.unicodeScalars.append(scalar)
                }
            }
            return result + "\""
        }
        var lines = ["{", "  \"name\": \"hsds\",", "  \"profile\": \"tabular-data-package\",",
                     "  \"version\": \"3.1\",", "  \"resources\": ["]
        for (tableIndex, table) in HSDSCSVTable.all.enumerated() {
            lines.append("    {")
            lines.append("      \"name\": \(quoted(table.name)),")
            lines.append("      \"path\": \(quoted(table.path)),")
            lines.append("      \"profile\": \"tabular-data-resource\",")
            lines.append("      \"format\": \"csv\",")
            lines.append("      \"mediatype\": \"text/csv\",")
            lines.append("      \"encoding\": \"utf-8\",")
            lines.append("      \"schema\": {")
            lines.append("        \"fields\": [")
            for (index, column) in table.columns.enumerated() {
                var field = "{\"name\": \(quoted(column.name)), \"type\": \(quoted(column.type.rawValue))"
                if let format = column.format {
                    if ["date", "time"].contains(format) {
                        field = "{\"name\": \(quoted(column.name)), \"type\": \(quoted(format))"
                    } else if format == "date-time" {
                        field = "{\"name\": \(quoted(column.name)), \"type\": \"datetime\""
                    } else {
                        field += ", \"format\": \(quoted(format))"
                    }
                }
                if column.required { field += ", \"constraints\": {\"required\": true}" }
                field += "}" + (index < table.columns.count - 1 ? "," : "")
                lines.append("          " + field)
            }
            lines.append("        ],")
            let keys = table.columns.compactMap { column in
                references[column.name].map { (column.name, $0) }
            }
            if keys.isEmpty {
                lines.append("        \"primaryKey\": \"id\"")
            } else {
                lines.append("        \"primaryKey\": \"id\",")
                lines.append("        \"foreignKeys\": [")
                for (index, (column, target)) in keys.enumerated() {
                    let resource = target == table.name ? "" : target
                    lines.append("          {\"fields\": \(quoted(column)), \"reference\": {\"resource\": \(quoted(resource)), \"fields\": \"id\"}}"
                                 + (index < keys.count - 1 ? "," : ""))
                }
                lines.append("        ]")
            }
            lines.append("      }")
            lines.append("    }" + (tableIndex < HSDSCSVTable.all.count - 1 ? "," : ""))
        }
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
