import CLibXML2
import Foundation
import SwitchboardCore

/// Turns the events of an AIRS file into drafts of its records, element by element, and the
/// drafts of each whole top-level agency into records (see `AIRSMapper+Records.swift`).
///
/// Elements are read where the schema puts them and in the places real exports put them
/// (`URL`, `Email`, `AKA` inside `SiteService`, `SpatialLocation` after `ResourceInfo`, children
/// in any order); an element the reader does not know is skipped with all it holds.
struct AIRSMapper {
    let feed: FeedName
    let file: String
    let now: Date
    let airsNames: [String: String]
    var summary = AIRSReadSummary()
    /// Site-services read into the chunk being filled.
    private(set) var pendingSiteServices = 0

    var pending = FeedReadResult()

    /// What each open element is to the reader, the root's parent first.
    private var roles: [Role] = [.document]
    private var text: [UInt8] = []

    private var agencies: [AgencyDraft] = []
    private var site: SiteDraft?
    private var service: ServiceDraft?
    private var phone: PhoneDraft?
    private var contact: ContactDraft?
    private var address: AddressDraft?
    private var link: LinkDraft?
    private var aka: AKADraft?
    private var timeOpen: TimeOpenDraft?
    private var day: DayDraft?
    private var languages: [LanguageDraft] = []
    private var languageNotes: [String] = []
    private var seasonal: SeasonalDraft?
    private var area: AreaDraft?
    private var spatial: SpatialDraft?
    private var document: [String?] = [nil, nil]
    private var application: [String?] = [nil, nil]
    private var license: [String?] = [nil, nil]
    private var group: GroupDraft?
    private var lastCodeIndex: Int?

    // File-wide memory, kept small: hashes of keys met, ids of terms handed over.
    /// Hashes of the keys met, one set per kind (see ``KeyKind``).
    var claimedKeys: [Set<UInt64>] = Array(repeating: [], count: KeyKind.allCases.count)
    /// The unit being read in full, and what it has claimed and counted so far (see `AIRSMapper+Units.swift`).
    var unit: UnitInProgress?
    var emittedTerms = Set<TaxonomyTermID>()
    var emittedTaxonomies = Set<TaxonomyID>()
    /// Terms in the chunk being filled.
    var chunkTerms = Set<TaxonomyTermID>()
    /// How each code string met reads (AIRS codes, or none for a local string), and AIRS term ids: a feed uses few codes often.
    var codeReadings: [String: [AIRSCode]] = [:]
    var airsTermIDs: [String: TaxonomyTermID] = [:]
    var costOptions: [String: CostOption] = [:]
    /// Readings of values that recur (times of day, verification dates), made once each.
    private var times: [String: String?] = [:]
    var dates: [String: Date?] = [:]

    init(feed: FeedName, file: String, now: Date, airsNames: [String: String]) {
        self.feed = feed; self.file = file; self.now = now; self.airsNames = airsNames
        text.reserveCapacity(4096)
    }

    /// What an open element is.
    enum Role: Equatable {
        case document, source, agency, site, siteService, serviceGroup
        case phone, contact, address, noPhysicalAddress, email, url, internetResource, aka
        case timeOpen, day(String), languages, seasonal, taxonomy, area, spatial
        case documentsRequired, applicationProcess, license
        case leaf(AIRSName)
        case skip
    }

    // MARK: Events

    mutating func start(_ name: AIRSName?, stream: some XMLEventSource) {
        let parent = roles[roles.count - 1]
        if parent == .skip { roles.append(.skip); return }
        if case .leaf = parent { roles.append(.skip); return }
        guard let name else {
            if parent == .document { startSource(nil, stream: stream) } else { roles.append(.skip) }
            return
        }
        let role = Self.role(for: name, in: parent)
        roles.append(role)
        switch role {
        case .leaf(let leaf):
            text.removeAll(keepingCapacity: true)
            if leaf == .ageRequirements { readAgeAttributes(stream) }
        case .skip:
            if name == .resourceInfo { readResourceInfo(stream) }
        case .source:
            roles.removeLast()
            startSource(name, stream: stream)
        case .agency:
            var draft = AgencyDraft(position: stream.position)
            stream.forEachAttribute { attribute, value in
                switch AIRSName.at(attribute) {
                case .delete?: draft.deleted = AIRSText.flag(attributeText(value)) == true
                case .status?: draft.status = attributeText(value)
                case .fein?: draft.fein = attributeText(value)
                case .yearInc?: draft.yearIncorporated = attributeText(value)
                case .legalStatus?: draft.legalStatus = attributeText(value)
                default: break
                }
            }
            agencies.append(draft)
        case .site:
            var draft = SiteDraft(position: stream.position, isAgencyLocation: name == .agencyLocation)
            stream.forEachAttribute { attribute, value in
                switch AIRSName.at(attribute) {
                case .delete?: draft.deleted = AIRSText.flag(attributeText(value)) == true
                case .status?: draft.status = attributeText(value)
                default: break
                }
            }
            site = draft
        case .siteService:
            var draft = ServiceDraft(position: stream.position)
            stream.forEachAttribute { attribute, value in
                switch AIRSName.at(attribute) {
                case .delete?: draft.deleted = AIRSText.flag(attributeText(value)) == true
                case .status?: draft.status = attributeText(value)
                case .serviceGroupKey?: draft.groupKey = attributeText(value)?.trimmed()
                default: break
                }
            }
            service = draft
        case .serviceGroup: group = GroupDraft()
        case .phone:
            var draft = PhoneDraft()
            stream.forEachAttribute { attribute, value in
                switch AIRSName.at(attribute) {
                case .tollFree?: draft.tollFree = AIRSText.flag(attributeText(value)) == true
                case .confidential?: draft.confidential = AIRSText.flag(attributeText(value)) == true
                default: break
                }
            }
            phone = draft
        case .contact:
            var draft = ContactDraft()
            stream.forEachAttribute { attribute, value in
                if AIRSName.at(attribute) == .type { draft.type = attributeText(value) }
            }
            contact = draft
        case .address:
            var draft = AddressDraft(kind: name)
            stream.forEachAttribute { attribute, value in
                if AIRSName.at(attribute) == .confidential { draft.confidential = AIRSText.flag(attributeText(value)) == true }
            }
            address = draft
        case .email, .url, .internetResource: link = LinkDraft()
        case .aka: aka = AKADraft()
        case .timeOpen: timeOpen = TimeOpenDraft()
        case .day(let code): day = DayDraft(code: code)
        case .languages: languages = []; languageNotes = []
        case .seasonal: seasonal = SeasonalDraft()
        case .area: area = AreaDraft()
        case .spatial: spatial = SpatialDraft()
        case .documentsRequired: document = [nil, nil]
        case .applicationProcess: application = [nil, nil]
        case .license: license = [nil, nil]
        case .taxonomy: lastCodeIndex = nil
        case .document, .noPhysicalAddress: break
        }
    }

    mutating func text(stream: some XMLEventSource) {
        if case .leaf = roles[roles.count - 1] { stream.appendText(to: &text) }
    }

    /// Closes the current element; true when a top-level agency was completed (a chunk may be due).
    mutating func end(stream: some XMLEventSource) -> Bool {
        guard roles.count > 1 else { return false }
        let role = roles.removeLast()
        switch role {
        case .skip, .document, .source, .noPhysicalAddress:
            if role == .noPhysicalAddress, site != nil { site?.noPhysicalAddress = true }
            return false
        case .leaf(let name):
            assign(name, String(decoding: text, as: UTF8.self))
            return false
        case .agency:
            guard let draft = agencies.popLast() else { return false }
            summary.agencies.read += 1
            if agencies.isEmpty {
                buildTopLevel(draft)
                return true
            }
            agencies[agencies.count - 1].children.append(draft)
            return false
        case .site:
            guard let draft = site.take(), !agencies.isEmpty else { return false }
            if draft.isAgencyLocation && draft.services.isEmpty {
                agencies[agencies.count - 1].office = draft
            } else {
                agencies[agencies.count - 1].sites.append(draft)
            }
            return false
        case .siteService:
            guard let draft = service.take() else { return false }
            if site != nil {
                site?.services.append(draft)
            } else if !agencies.isEmpty {
                agencies[agencies.count - 1].siteless.append(draft)
            }
            return false
        case .serviceGroup:
            if let draft = group.take(), !agencies.isEmpty { agencies[agencies.count - 1].groups.append(draft) }
        case .phone:
            guard let draft = phone.take() else { return false }
            switch owner() {
            case .contact: contact?.phones.append(draft)
            case .siteService: service?.phones.append(draft)
            case .site: site?.phones.append(draft)
            case .agency: agencies[agencies.count - 1].phones.append(draft)
            default: break
            }
        case .contact:
            guard let draft = contact.take() else { return false }
            switch owner() {
            case .siteService: service?.contacts.append(draft)
            case .site: site?.contacts.append(draft)
            case .agency: agencies[agencies.count - 1].contacts.append(draft)
            default: break
            }
        case .email, .url, .internetResource:
            guard let draft = link.take(), let address = draft.address else { return false }
            let isEmail = role == .email
            switch owner() {
            case .contact: if isEmail { contact?.emails.append(address) }
            case .siteService: if isEmail { service?.emails.append(address) } else { service?.urls.append(draft) }
            case .site: if isEmail { site?.emails.append(address) } else { site?.urls.append(draft) }
            case .agency:
                if isEmail { agencies[agencies.count - 1].emails.append(address) } else { agencies[agencies.count - 1].urls.append(draft) }
            default: break
            }
        case .aka:
            guard let draft = aka.take(), let name = draft.name, !draft.confidential else { return false }
            switch owner() {
            case .siteService: service?.akas.append(name)
            case .site: site?.akas.append(name)
            case .agency: agencies[agencies.count - 1].akas.append(name)
            default: break
            }
        case .address:
            guard let draft = address.take() else { return false }
            if owner() == .site { site?.addresses.append(draft) }
        case .timeOpen:
            guard let draft = timeOpen.take(), !draft.isEmpty else { return false }
            switch owner() {
            case .siteService: service?.hours.append(draft)
            case .site: site?.hours.append(draft)
            default: break
            }
        case .day:
            if let draft = day.take() { timeOpen?.days.append(draft) }
        case .languages:
            let found = languages
            languages = []
            if owner() == .siteService {
                service?.languages += found
                service?.interpretation += languageNotes
            } else if owner() == .site {
                site?.languages += found
            }
        case .seasonal:
            if let draft = seasonal.take(), owner() == .siteService, !draft.isEmpty { service?.seasons.append(draft) }
        case .area:
            if let draft = area.take(), owner() == .siteService, !draft.isEmpty { service?.areas.append(draft) }
        case .spatial:
            if let draft = spatial.take(), owner() == .site { site?.spatial.append(draft) }
        case .documentsRequired:
            if owner() == .siteService, let text = document[0] ?? document[1] {
                service?.documents.append(document[0] != nil && document[1] != nil ? "\(text) (\(document[1]!))" : text)
            }
        case .applicationProcess:
            if owner() == .siteService, application[0] != nil || application[1] != nil {
                let line = [application[0], application[1]].compactMap { $0 }.joined(separator: ": ")
                service?.application.append(line)
            }
        case .license:
            if owner() == .agency, let text = license[0] ?? license[1] {
                let line = license[0] != nil && license[1] != nil ? "\(text) (\(license[1]!))" : text
                agencies[agencies.count - 1].licenses.append(line)
            }
        case .taxonomy:
            lastCodeIndex = nil
        }
        return false
    }

    /// The innermost open record or contact.
    private func owner() -> Role? {
        var index = roles.count - 1
        while index >= 0 {
            switch roles[index] {
            case .contact, .siteService, .site, .agency: return roles[index]
            default: index -= 1
            }
        }
        return nil
    }

    /// Hands over the records completed since the last chunk, if any.
    mutating func takeChunk() -> FeedReadResult? {
        guard !pending.batch.isEmpty || !pending.issues.isEmpty else { return nil }
        let chunk = pending
        pending = FeedReadResult()
        pendingSiteServices = 0
        chunkTerms.removeAll(keepingCapacity: true)
        summary.chunks += 1
        return chunk
    }

    /// The end of the file (or of what could be read): libxml2's warnings join the last chunk.
    mutating func finish(warnings: [XMLStreamWarning]) {
        for warning in warnings {
            report(.invalidValue, "libxml2: \(warning.message)", at: warning.position,
                type: nil, key: nil, warning: true)
        }
        if summary.agencies.read == 0, pending.issues.isEmpty, agencies.isEmpty {
            report(.missingField, "the file holds no Agency element", at: nil, type: nil, key: nil, warning: true)
        }
    }

    mutating func markSiteServices(_ count: Int) { pendingSiteServices += count }

    // MARK: Roles

    static func role(for name: AIRSName, in parent: Role) -> Role {
        switch parent {
        case .document: return .source
        case .source: return name == .agency ? .agency : .skip
        case .agency:
            switch name {
            case .agency: return .agency
            case .site, .agencyLocation: return .site
            case .siteService: return .siteService
            case .serviceGroup: return .serviceGroup
            case .key, .name, .agencyDescription, .description, .irsStatus, .sourceOfFunds: return .leaf(name)
            case .spatialLocation, .geographicAreaServed, .taxonomy: return .skip
            default: return detailRole(name)
            }
        case .site:
            switch name {
            case .siteService: return .siteService
            case .key, .agencyKey, .name, .siteDescription, .description, .crossStreet, .disabilitiesAccess,
                .physicalLocationDescription, .busServiceAccess:
                return .leaf(name)
            case .physicalAddress, .mailingAddress, .otherAddress: return .address
            case .noPhysicalAddress: return .noPhysicalAddress
            case .geographicAreaServed, .taxonomy: return .skip
            default: return detailRole(name)
            }
        case .siteService:
            switch name {
            case .name, .key, .description, .feeStructure, .paymentMethodAccepted, .generalEligibility, .otherRequirements,
                .aidRequirements, .ageRequirements, .genderRequirements, .familyRequirements, .incomeRequirements,
                .residencyRequirements:
                return .leaf(name)
            case .taxonomy: return .taxonomy
            case .geographicAreaServed: return .area
            case .seasonal: return .seasonal
            case .documentsRequired: return .documentsRequired
            case .applicationProcess: return .applicationProcess
            case .spatialLocation: return .skip
            default: return detailRole(name)
            }
        case .phone:
            switch name {
            case .phoneNumber, .phoneExtension, .description, .type, .function, .reasonWithheld: return .leaf(name)
            default: return .skip
            }
        case .contact:
            switch name {
            case .title, .name: return .leaf(name)
            case .email: return .email
            case .phone: return .phone
            default: return .skip
            }
        case .address:
            switch name {
            case .preAddressLine, .line1, .line2, .city, .county, .state, .zipCode, .country, .reasonWithheld: return .leaf(name)
            default: return .skip
            }
        case .noPhysicalAddress: return name == .description || name == .explanation ? .leaf(name) : .skip
        case .email, .url: return name == .address || name == .note ? .leaf(name) : .skip
        case .internetResource: return name == .url || name == .description ? .leaf(name) : .skip
        case .aka: return name == .name || name == .confidential || name == .description ? .leaf(name) : .skip
        case .timeOpen:
            if let code = name.dayCode { return .day(code) }
            return name == .notes ? .leaf(name) : .skip
        case .day: return name == .from || name == .to ? .leaf(name) : .skip
        case .languages: return name == .name || name == .notes ? .leaf(name) : .skip
        case .seasonal: return name == .description || name == .startDate || name == .endDate ? .leaf(name) : .skip
        case .taxonomy: return name == .code || name == .name ? .leaf(name) : .skip
        case .area:
            switch name {
            case .zipCode, .censusTrack, .city, .county, .state, .country, .description: return .leaf(name)
            default: return .skip
            }
        case .spatial:
            switch name {
            case .description, .datum, .latitude, .longitude: return .leaf(name)
            default: return .skip
            }
        case .documentsRequired: return name == .documentsRequired || name == .description ? .leaf(name) : .skip
        case .applicationProcess: return name == .step || name == .description ? .leaf(name) : .skip
        case .license: return name == .license || name == .licensedBy ? .leaf(name) : .skip
        case .serviceGroup: return name == .key || name == .name || name == .programName ? .leaf(name) : .skip
        case .leaf, .skip: return .skip
        }
    }

    /// Details that may stand in any record, where the schema has them or not.
    static func detailRole(_ name: AIRSName) -> Role {
        switch name {
        case .phone: .phone
        case .contact: .contact
        case .email: .email
        case .url: .url
        case .internetResource: .internetResource
        case .aka: .aka
        case .timeOpen: .timeOpen
        case .languages: .languages
        case .licenseAccreditation: .license
        case .spatialLocation: .spatial
        default: .skip
        }
    }

    // MARK: Values

    private mutating func startSource(_ name: AIRSName?, stream: some XMLEventSource) {
        roles.append(.source)
        summary.namespace = stream.documentNamespace
        if name != .source {
            report(.unknownValue, "the root element is <\(stream.localName)>, not <Source>; reading the Agency elements it holds",
                at: stream.position, type: nil, key: nil, warning: true)
            if name == .agency {
                // A file holding a single agency as its root: read it as one.
                start(.agency, stream: stream)
                return
            }
        }
        if let namespace = stream.documentNamespace, namespace != AIRSReader.namespace31 {
            report(.unknownValue, "the document's namespace is '\(namespace)', not AIRS 3.1's; reading it as AIRS all the same",
                at: stream.position, type: nil, key: nil, warning: true)
        }
        var summary = self.summary
        stream.forEachAttribute { attribute, value in
            switch AIRSName.at(attribute) {
            case .schemaVersion?: summary.schemaVersion = attributeText(value)
            case .softwareVendor?: summary.softwareVendor = attributeText(value)
            case .sourceEntity?: summary.sourceEntity = attributeText(value)
            default: break
            }
        }
        self.summary = summary
    }

    private mutating func readAgeAttributes(_ stream: some XMLEventSource) {
        guard service != nil else { return }
        var draft = service!
        stream.forEachAttribute { attribute, value in
            switch AIRSName.at(attribute) {
            case .minimumAge?: draft.minimumAges.append(attributeText(value))
            case .maximumAge?: draft.maximumAges.append(attributeText(value))
            case .gender?: if let gender = attributeText(value) { draft.genders.insert(gender.trimmed().lowercased()) }
            default: break
            }
        }
        service = draft
    }

    private mutating func readResourceInfo(_ stream: some XMLEventSource) {
        var info = ResourceInfoDraft()
        stream.forEachAttribute { attribute, value in
            switch AIRSName.at(attribute) {
            case .dateLastVerified?: info.lastVerified = AIRSText.date(attributeText(value))
            case .dateOfLastAction?: info.lastAction = AIRSText.date(attributeText(value))
            case .dateAdded?: info.added = AIRSText.date(attributeText(value))
            default: break
            }
        }
        switch owner() {
        case .siteService: service?.info = info
        case .agency: agencies[agencies.count - 1].info = info
        default: break
        }
    }

    /// A leaf's text, put where its parent keeps it.
    private mutating func assign(_ name: AIRSName, _ raw: String) {
        let parent = roles[roles.count - 1]
        // Keys are compared as written (less surrounding blanks); everything else is cleaned.
        if name == .key || name == .agencyKey || name == .code {
            let value = raw.trimmed()
            switch parent {
            case .agency: if agencies[agencies.count - 1].key == nil, !value.isEmpty { agencies[agencies.count - 1].key = value }
            case .site:
                if name == .key, site?.key == nil, !value.isEmpty { site?.key = value }
            case .siteService: if service?.key == nil, !value.isEmpty { service?.key = value }
            case .serviceGroup: if group?.key == nil, !value.isEmpty { group?.key = value }
            case .taxonomy:
                summary.codes += 1
                if value.isEmpty { summary.emptyCodes += 1 }
                service?.codes.append(CodeDraft(code: value))
                lastCodeIndex = value.isEmpty ? nil : (service?.codes.count).map { $0 - 1 }
            default: break
            }
            return
        }
        let value = AIRSText.clean(raw)
        switch parent {
        case .agency:
            let index = agencies.count - 1
            switch name {
            case .name: agencies[index].name = agencies[index].name ?? value
            case .agencyDescription: agencies[index].description = value ?? agencies[index].description
            case .description: agencies[index].description = agencies[index].description ?? value
            case .irsStatus: agencies[index].irsStatus = value
            case .sourceOfFunds: if let value { agencies[index].funding.append(value) }
            default: break
            }
        case .site:
            switch name {
            case .name: if site?.name == nil { site?.name = value }
            case .siteDescription: if let value { site?.description = value }
            case .description: if site?.description == nil { site?.description = value }
            case .crossStreet: if let value { site?.crossStreets.append(value) }
            case .disabilitiesAccess: site?.accessibility = value
            case .physicalLocationDescription: site?.directions = value
            case .busServiceAccess: site?.transportation = value
            default: break
            }
        case .siteService:
            switch name {
            case .name: if service?.name == nil { service?.name = value }
            case .description: if service?.description == nil { service?.description = value }
            case .feeStructure: service?.fees = value
            case .paymentMethodAccepted: service?.payment = value
            case .ageRequirements, .generalEligibility, .otherRequirements, .aidRequirements, .genderRequirements,
                .familyRequirements, .incomeRequirements, .residencyRequirements:
                if let value { service?.eligibility.append(value) }
            default: break
            }
        case .phone:
            switch name {
            case .phoneNumber: phone?.number = value
            case .phoneExtension: phone?.extensionText = value
            case .description: phone?.description = value
            case .type: phone?.type = value
            case .function: phone?.function = value
            default: break  // ReasonWithheld: a phone that is not shared
            }
        case .contact:
            if name == .name { contact?.name = value } else if name == .title { contact?.title = value }
        case .address:
            switch name {
            case .preAddressLine: address?.attention = value
            case .line1: address?.line1 = value
            case .line2: address?.line2 = value
            case .city: address?.city = value
            case .county: address?.county = value
            case .state: address?.state = value
            case .zipCode: address?.zip = value
            case .country: address?.country = value
            case .reasonWithheld: if value != nil { address?.withheld = true }
            default: break
            }
        case .email, .url:
            if name == .address { link?.address = value } else { link?.note = value }
        case .internetResource:
            if name == .url { link?.address = value } else { link?.note = value }
        case .aka:
            if name == .name { aka?.name = value } else if name == .confidential { aka?.confidential = AIRSText.flag(value) == true }
        case .timeOpen: if let value { timeOpen?.notes.append(value) }
        case .day:
            let time = time(value)
            if name == .from { day?.ranges.append((time, nil)) } else if name == .to {
                if let count = day?.ranges.count, count > 0, day?.ranges[count - 1].1 == nil { day?.ranges[count - 1].1 = time } else {
                    day?.ranges.append((nil, time))
                }
            }
        case .languages:
            if name == .name, let value {
                languages.append(LanguageDraft(name: value))
            } else if name == .notes, let value {
                if languages.isEmpty || languages[languages.count - 1].note != nil { languageNotes.append(value) } else {
                    languages[languages.count - 1].note = value
                }
            }
        case .seasonal:
            switch name {
            case .description: seasonal?.description = value
            case .startDate: seasonal?.start = value
            case .endDate: seasonal?.end = value
            default: break
            }
        case .taxonomy:
            if name == .name, let index = lastCodeIndex, let value { service?.codes[index].name = value }
        case .area:
            guard let value else { return }
            switch name {
            case .zipCode: area?.zips.append(value)
            case .censusTrack: area?.tracts.append(value)
            case .city: area?.cities.append(value)
            case .county: area?.counties.append(value)
            case .state: area?.states.append(value)
            case .country: area?.countries.append(value)
            case .description: area?.description = value
            default: break
            }
        case .spatial:
            switch name {
            case .latitude: spatial?.latitude = value
            case .longitude: spatial?.longitude = value
            case .datum: spatial?.datum = value
            default: break
            }
        case .documentsRequired: if name == .documentsRequired { document[0] = value } else { document[1] = value }
        case .applicationProcess: if name == .step { application[0] = value } else { application[1] = value }
        case .license: if name == .license { license[0] = value } else { license[1] = value }
        case .serviceGroup:
            if name == .name { group?.name = value } else if name == .programName { group?.programName = value }
        case .noPhysicalAddress:
            if site != nil, let value { site?.noAddressNotes.append(value) }
        default: break
        }
    }

    private mutating func time(_ text: String?) -> String? {
        guard let text else { return nil }
        if let known = times[text] { return known }
        let time = AIRSText.time(text)
        if times.count < 10_000 { times[text] = time }
        return time
    }

    // MARK: Issues

    /// Records a problem in the chunk being filled.
    mutating func report(
        _ code: RecordIssue.Code, _ message: String, at position: XMLPosition?, type: String?, key: String?,
        field: String? = nil, warning: Bool = false
    ) {
        pending.issues.append(RecordIssue(code, message, file: file, line: position?.line, column: position?.column ?? nil,
            recordType: type, recordID: key, field: field, isWarning: warning))
        summary.issues += 1
        if warning { summary.warnings += 1 }
    }
}

/// A string of a reader-owned libxml2 value, trimmed, nil when empty.
func attributeText(_ value: UnsafePointer<xmlChar>) -> String? {
    let text = String(cString: value).trimmed()
    return text.isEmpty ? nil : text
}

extension Optional {
    /// The value, leaving nil behind.
    fileprivate mutating func take() -> Wrapped? {
        defer { self = nil }
        return self
    }
}
