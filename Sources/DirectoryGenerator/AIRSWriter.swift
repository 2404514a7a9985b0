public import Foundation
public import SwitchboardCore

/// Writes directories as AIRS XML 3.1 (namespace `http://www.airs.org/schema/3_1/AIRS.xsd`),
/// one chunk of agencies at a time, so a directory of any size streams in flat memory.
///
/// The mapping, for whoever reads these files back:
/// - `Organization` → `Agency`; `Program` → `ServiceGroup` (key: agency key × 10 + the program's
///   position) referred to by `SiteService/@ServiceGroupKey`; `Location` → `Site` with
///   `PhysicalAddress`, `SpatialLocation` (WGS84) and the location's hours and languages.
/// - A `Service` → one `SiteService` under every site it is offered at, all with the service's key
///   (AIRS has no service apart from its site); so `(Site Key, SiteService Key)` names one
///   service-at-location and the `SiteService` key names the service.
/// - Keys are the records' provenance source keys when numeric, else derived from their ids.
/// - `Service.Status.temporarilyClosed` has no AIRS status: it is written `Status="inactive"` with
///   a description that begins `TEMPORARILY CLOSED:`.
/// - Service areas go to `GeographicAreaServed` (one per area, `ZipCode`, `City` as
///   `Omaha, NE`, `County` as `Douglas County, NE`, `State`, `Country`); radius areas, which AIRS
///   cannot express, go to `ResidencyRequirements` in their canonical words.
/// - Capacity, cost options beyond the fee text, and required-document links have no AIRS
///   element and are not written.
public struct AIRSWriter: Sendable {
    public static let namespace = "http://www.airs.org/schema/3_1/AIRS.xsd"

    public var sourceEntity: String
    public var sourceID: String
    public var softwareVendor: String
    public var softwareVersion: String
    /// `OriginTimestamp` and `TaxonomyVersion`.
    public var timestamp: Date

    public init(
        timestamp: Date = DirectoryGenerator.defaultReferenceDate,
        sourceEntity: String = "Switchboard generated directory", sourceID: String = "switchboard-generator",
        softwareVendor: String = "Switchboard", softwareVersion: String = "1.0"
    ) {
        self.timestamp = timestamp; self.sourceEntity = sourceEntity; self.sourceID = sourceID
        self.softwareVendor = softwareVendor; self.softwareVersion = softwareVersion
    }

    /// Writes a whole generated directory to a text stream.
    public func write(
        generator: DirectoryGenerator, to output: inout some TextOutputStream, organizationsPerChunk: Int = 200
    ) {
        let codes = Self.codes(of: generator.taxonomy())
        output.write(header())
        generator.forEachChunk(organizationsPerChunk: organizationsPerChunk) { batch in
            output.write(agencies(of: batch, codes: codes))
        }
        output.write(footer())
    }

    /// Writes a whole generated directory to a file, one chunk of agencies per write.
    ///
    /// - Throws: what `FileHandle.write(contentsOf:)` throws.
    public func write(generator: DirectoryGenerator, to handle: FileHandle, organizationsPerChunk: Int = 200) throws {
        let codes = Self.codes(of: generator.taxonomy())
        try handle.write(contentsOf: Data(header().utf8))
        try generator.forEachChunk(organizationsPerChunk: organizationsPerChunk) { batch in
            try handle.write(contentsOf: Data(agencies(of: batch, codes: codes).utf8))
        }
        try handle.write(contentsOf: Data(footer().utf8))
    }

    /// The XML declaration and the opening `Source` tag.
    public func header() -> String {
        let stamp = CivilDate.dateTime(Self.day(timestamp), seconds: Self.secondOfDay(timestamp))
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Source xmlns=\"\(Self.namespace)\""
        out += " SourceEntity=\"\(escape(sourceEntity))\" SourceID=\"\(escape(sourceID))\" OriginTimestamp=\"\(stamp)\""
        out += " SoftwareVendor=\"\(escape(softwareVendor))\" SoftwareVersion=\"\(escape(softwareVersion))\""
        out += " TaxonomyVersion=\"\(stamp)\" SchemaVersion=\"3.1\">\n"
        return out
    }

    /// The closing `Source` tag.
    public func footer() -> String { "</Source>\n" }

    /// The `Agency` elements of a batch that holds whole organizations.
    ///
    /// - Parameter codes: the AIRS code of each taxonomy term services refer to.
    public func agencies(of batch: DirectoryBatch, codes: [TaxonomyTermID: String]) -> String {
        var emitter = Emitter(codes: codes)
        emitter.write(batch)
        return emitter.out
    }

    /// The AIRS codes of a batch's terms, by term id.
    public static func codes(of batch: DirectoryBatch) -> [TaxonomyTermID: String] {
        var codes: [TaxonomyTermID: String] = [:]
        for term in batch.taxonomyTerms { if let code = term.code { codes[term.id] = code } }
        return codes
    }

    static func day(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }
    static func secondOfDay(_ date: Date) -> Int { Int(date.timeIntervalSince1970.rounded(.down)) - day(date) * 86_400 }
}

/// XML text with `&`, `<`, `>` and `"` escaped (enough for element content and attribute values).
func escape(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 }) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for ch in text.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

private struct Emitter {
    let codes: [TaxonomyTermID: String]
    var out = ""
    var indent = 1

    init(codes: [TaxonomyTermID: String]) {
        self.codes = codes
        out.reserveCapacity(1 << 16)
    }

    mutating func line(_ text: String) {
        for _ in 0..<indent { out += "  " }
        out += text
        out += "\n"
    }

    mutating func element(_ name: String, _ value: String?) {
        guard let value else { return }
        line("<\(name)>\(escape(value))</\(name)>")
    }

    mutating func open(_ name: String, _ attributes: [(String, String?)] = []) {
        var tag = "<" + name
        for (key, value) in attributes { if let value { tag += " \(key)=\"\(escape(value))\"" } }
        line(tag + ">")
        indent += 1
    }

    mutating func close(_ name: String) {
        indent -= 1
        line("</\(name)>")
    }

    static func key(_ provenance: Provenance?, fallback: String) -> String {
        if let key = provenance?.sourceKey, !key.isEmpty, key.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return key }
        let digest = SHA1.hash(Array(fallback.utf8))
        return String(digest.prefix(6).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    static func date(_ date: Date?) -> String? { date.map { CivilDate.date(AIRSWriter.day($0)) } }

    // MARK: Records

    mutating func write(_ batch: DirectoryBatch) {
        var programsByOrg: [OrganizationID: [Program]] = [:]
        for program in batch.programs { programsByOrg[program.organizationID, default: []].append(program) }
        var locationsByOrg: [OrganizationID: [Location]] = [:]
        for location in batch.locations { if let org = location.organizationID { locationsByOrg[org, default: []].append(location) } }
        var servicesByID: [ServiceID: Service] = [:]
        for service in batch.services { servicesByID[service.id] = service }
        var atLocation: [LocationID: [ServiceAtLocation]] = [:]
        for sal in batch.servicesAtLocations { atLocation[sal.locationID, default: []].append(sal) }

        for organization in batch.organizations {
            let agencyKey = Self.key(organization.provenance, fallback: organization.id.rawValue)
            open("Agency", [
                ("FEIN", organization.taxID), ("YearInc", organization.yearIncorporated.map { String($0) }),
                ("LegalStatus", organization.legalStatus),
            ])
            element("Key", agencyKey)
            element("Name", organization.name)
            if !organization.description.isEmpty { element("AgencyDescription", organization.description) }
            if let aka = organization.alternateName {
                open("AKA"); element("Name", aka); element("Confidential", "false"); close("AKA")
            }
            for phone in organization.phones ?? [] { write(phone) }
            if let website = organization.website { open("URL"); element("Address", website); close("URL") }
            if let email = organization.email { open("Email"); element("Address", email); close("Email") }
            for contact in organization.contacts ?? [] { write(contact) }
            element("IRSStatus", organization.taxStatus)

            var groupKeys: [ProgramID: String] = [:]
            for (position, program) in (programsByOrg[organization.id] ?? []).enumerated() {
                let groupKey = (UInt64(agencyKey)).map { String($0 * 10 + UInt64(position)) }
                    ?? Self.key(nil, fallback: program.id.rawValue)
                groupKeys[program.id] = groupKey
                open("ServiceGroup"); element("Key", groupKey); element("Name", program.name)
                element("ProgramName", program.alternateName)
                close("ServiceGroup")
            }
            for location in locationsByOrg[organization.id] ?? [] {
                write(location, agencyKey: agencyKey, services: atLocation[location.id] ?? [], servicesByID: servicesByID, groupKeys: groupKeys)
            }
            resourceInfo(organization.provenance)
            close("Agency")
        }
    }


    mutating func resourceInfo(_ provenance: Provenance?) {
        guard let provenance else { return }
        line("<ResourceInfo AvailableForDirectory=\"true\" AvailableForReferral=\"true\" DateAdded=\"\(Self.date(provenance.firstSeen)!)\""
            + (Self.date(provenance.lastVerified).map { " DateLastVerified=\"\($0)\"" } ?? "")
            + " DateOfLastAction=\"\(Self.date(provenance.lastChanged)!)\"/>")
    }

    mutating func write(_ phone: Phone) {
        let digits = phone.number.filter(\.isNumber)
        let tollFree = digits.hasPrefix("1800") || digits.hasPrefix("800") || digits.hasPrefix("1888") || digits.hasPrefix("888")
        open("Phone", [("TollFree", tollFree ? "true" : "false"), ("Confidential", "false")])
        element("PhoneNumber", phone.number)
        element("Extension", phone.extension.map { String($0) })
        element("Description", phone.description)
        element("Type", phone.type.map { $0 == "fax" ? "Fax" : $0 == "text" ? "SMS" : "Voice" })
        close("Phone")
    }

    mutating func write(_ contact: Contact) {
        open("Contact", [("Type", contact.title ?? "Contact")])
        element("Title", contact.title)
        element("Name", contact.name)
        if let email = contact.email { open("Email"); element("Address", email); close("Email") }
        for phone in contact.phones ?? [] { write(phone) }
        close("Contact")
    }

    mutating func write(
        _ location: Location, agencyKey: String, services: [ServiceAtLocation], servicesByID: [ServiceID: Service],
        groupKeys: [ProgramID: String]
    ) {
        let siteKey = Self.key(location.provenance, fallback: location.id.rawValue)
        open("Site", [("Status", "active")])
        element("Key", siteKey)
        element("AgencyKey", agencyKey)
        element("Name", location.name)
        element("SiteDescription", location.description)
        if let address = location.addresses?.first {
            open("PhysicalAddress", [("Confidential", "false")])
            element("Line1", address.address1)
            element("Line2", address.address2)
            element("City", address.city)
            element("County", address.region)
            element("State", address.stateProvince)
            element("ZipCode", address.postalCode)
            element("Country", address.country)
            close("PhysicalAddress")
        }
        for phone in location.phones ?? [] { write(phone) }
        for contact in location.contacts ?? [] { write(contact) }
        timeOpen(location.schedules ?? [])
        languages(location.languages ?? [], notes: nil)
        element("DisabilitiesAccess", location.accessibility?.compactMap(\.description).joined(separator: "; "))
        element("BusServiceAccess", location.transportation)
        for sal in services {
            guard let service = servicesByID[sal.serviceID] else { continue }
            write(service, groupKey: service.programID.flatMap { groupKeys[$0] })
        }
        if let latitude = location.latitude, let longitude = location.longitude {
            open("SpatialLocation")
            element("Datum", "WGS84")
            element("Latitude", Self.signed(latitude))
            element("Longitude", Self.signed(longitude))
            close("SpatialLocation")
        }
        close("Site")
    }

    /// `+41.258712`: the sign and the decimal point the XSD's pattern requires, six decimals.
    static func signed(_ value: Double) -> String {
        let micro = Int((abs(value) * 1_000_000).rounded())
        let fraction = String(micro % 1_000_000)
        return (value < 0 ? "-" : "+") + String(micro / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    mutating func write(_ service: Service, groupKey: String?) {
        let status: String
        switch service.status {
        case .active: status = "active"
        case .inactive, .temporarilyClosed: status = "inactive"
        case .defunct: status = "defunct"
        }
        open("SiteService", [("Status", status), ("ServiceGroupKey", groupKey)])
        element("Name", service.name)
        element("Key", Self.key(service.provenance, fallback: service.id.rawValue))
        var description = service.description
        if service.status == .temporarilyClosed { description = "TEMPORARILY CLOSED: " + (description ?? "") }
        element("Description", description)
        for phone in service.phones ?? [] { write(phone) }
        timeOpen(service.schedules ?? [])
        for schedule in service.schedules ?? [] where schedule.validFrom != nil || schedule.validTo != nil {
            open("Seasonal")
            element("Description", schedule.description)
            element("StartDate", schedule.validFrom)
            element("EndDate", schedule.validTo)
            close("Seasonal")
            break
        }
        let serviceCodes = service.taxonomyTermIDs.compactMap { codes[$0] }
        if serviceCodes.isEmpty { line("<Taxonomy/>") }
        for code in serviceCodes { open("Taxonomy"); element("Code", code); close("Taxonomy") }
        languages(service.languages ?? [], notes: service.interpretationServices)

        var residency: [String] = []
        for area in service.serviceAreas ?? [] {
            guard let name = area.name else { continue }
            guard let parsed = EligibilityReader.residencyArea(from: name) else { residency.append(name); continue }
            let tag: String
            switch parsed.kind {
            case .postalCode: tag = "ZipCode"
            case .city: tag = "City"
            case .county: tag = "County"
            case .state: tag = "State"
            case .country: tag = "Country"
            case .radius: residency.append(name); continue
            }
            open("GeographicAreaServed")
            element(tag, parsed.kind == .postalCode ? parsed.name : name)
            close("GeographicAreaServed")
        }
        if let provenance = service.provenance {
            line("<ResourceInfo AvailableForDirectory=\"true\" AvailableForReferral=\"true\" DateAdded=\"\(Self.date(provenance.firstSeen)!)\""
                + (service.assuredDate.map { " DateLastVerified=\"\($0)\"" } ?? "")
                + " DateOfLastAction=\"\(Self.date(provenance.lastChanged)!)\"/>")
        }
        if let url = service.url { open("InternetResource"); element("URL", url); close("InternetResource") }
        for document in service.requiredDocuments ?? [] {
            open("DocumentsRequired"); element("DocumentsRequired", document.document); close("DocumentsRequired")
        }
        if let process = service.applicationProcess {
            open("ApplicationProcess"); element("Description", process); close("ApplicationProcess")
        }
        element("FeeStructure", service.fees)
        element("GeneralEligibility", service.eligibilityDescription)
        if service.minimumAge != nil || service.maximumAge != nil {
            var tag = "<AgeRequirements"
            if let minimum = service.minimumAge { tag += " MinimumAge=\"\(Int(max(0, minimum)))\"" }
            if let maximum = service.maximumAge { tag += " MaximumAge=\"\(Int(max(0, maximum)))\"" }
            line(tag + "/>")
        }
        for text in residency { element("ResidencyRequirements", text) }
        close("SiteService")
    }

    static let days: [(ical: String, airs: String)] = [
        ("SU", "Sunday"), ("MO", "Monday"), ("TU", "Tuesday"), ("WE", "Wednesday"), ("TH", "Thursday"), ("FR", "Friday"),
        ("SA", "Saturday"),
    ]

    static func time(_ hhmm: String?) -> String? {
        guard let hhmm else { return nil }
        return hhmm.count == 5 ? hhmm + ":00" : hhmm
    }

    mutating func timeOpen(_ schedules: [Schedule]) {
        guard !schedules.isEmpty else { return }
        open("TimeOpen")
        for day in Self.days {
            for schedule in schedules {
                guard let byday = schedule.byday, byday.split(separator: ",").contains(Substring(day.ical)) else { continue }
                open(day.airs)
                element("From", Self.time(schedule.opensAt))
                element("To", Self.time(schedule.closesAt))
                close(day.airs)
            }
        }
        let notes = schedules.compactMap(\.description)
        if !notes.isEmpty { element("Notes", notes.joined(separator: "; ")) }
        close("TimeOpen")
    }

    mutating func languages(_ languages: [Language], notes: String?) {
        guard !languages.isEmpty || notes != nil else { return }
        open("Languages")
        for language in languages { element("Name", language.name ?? language.code) }
        element("Notes", notes)
        close("Languages")
    }
}
