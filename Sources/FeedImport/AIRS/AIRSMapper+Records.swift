import Foundation
import SwitchboardCore

// From drafts to records, one whole top-level agency (with its child agencies) at a time.

extension AIRSMapper {
    /// What a record passes down to what it holds.
    struct Inherited {
        var deleted = false
        var status = Service.Status.active
        /// Programs of the whole agency tree by ServiceGroup key ("unique between all child agencies").
        var programs: [String: ProgramID] = [:]
    }

    /// What one top-level agency's services have said so far, to tell one service at two sites from two services.
    struct GroupMemory {
        var services: [String: Service] = [:]
        var deletedServices: [String: ServiceID] = [:]
    }

    mutating func buildTopLevel(_ agency: AgencyDraft) {
        var memory = GroupMemory()
        var inherited = Inherited()
        collectPrograms(agency, into: &inherited.programs)
        build(agency, parentID: nil, inherited: inherited, memory: &memory)
        for (key, id) in memory.deletedServices.sorted(by: { $0.key < $1.key }) where memory.services[key] == nil {
            pending.batch.deletions.append(.service(id))
            summary.deletions += 1
        }
    }

    private func collectPrograms(_ agency: AgencyDraft, into programs: inout [String: ProgramID]) {
        for group in agency.groups { if let key = group.key { programs[key] = programID(key) } }
        for child in agency.children { collectPrograms(child, into: &programs) }
    }

    // MARK: Ids

    func organizationID(_ key: String) -> OrganizationID { .derived(from: feed.rawValue, "organization", key) }
    func locationID(_ key: String) -> LocationID { .derived(from: feed.rawValue, "location", key) }
    func serviceID(_ key: String) -> ServiceID { .derived(from: feed.rawValue, "service", key) }
    func variantServiceID(_ key: String, site: String) -> ServiceID { .derived(from: feed.rawValue, "service", key, "site", site) }
    func serviceAtLocationID(site: String, service: String) -> ServiceAtLocationID {
        .derived(from: feed.rawValue, "service_at_location", site, service)
    }
    func programID(_ key: String) -> ProgramID { .derived(from: feed.rawValue, "program", key) }

    /// The id of a record's phone, schedule, area…: `Identifier.derived(from: owner, kind, index)`, spelled out to
    /// spare the variadic array and `joined` on the million ids of a large feed.
    static func subID(_ owner: String, _ kind: String, _ index: Int) -> String {
        NameBasedUUID.make(owner + "\u{1F}" + kind + "\u{1F}" + String(index))
    }

    /// FNV-1a of kind and key: the file-wide memory of keys met costs 8 bytes a key.
    static func keyHash(_ kind: String, _ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in kind.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0x1F) &* 0x100_0000_01b3
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    private mutating func origin(_ type: String, _ id: String, _ position: XMLPosition) {
        pending.origins[FeedReadResult.originKey(type, id)] = RecordOrigin(file: file, line: position.line, column: position.column)
    }

    // MARK: Agencies

    private mutating func build(_ agency: AgencyDraft, parentID: OrganizationID?, inherited: Inherited, memory: inout GroupMemory) {
        let key = agency.key ?? agency.name.map { "name:" + $0 }
        var inherited = inherited
        if agency.deleted || inherited.deleted {
            inherited.deleted = true
            summary.agencies.deleted += 1
            if let key {
                pending.batch.deletions.append(.organization(organizationID(key)))
                summary.deletions += 1
            }
            for site in agency.sites { buildSite(site, organization: nil, agencyKey: key, inherited: inherited, memory: &memory) }
            for (index, service) in agency.siteless.enumerated() {
                buildService(service, index: index, site: nil, organization: nil, agencyKey: key, inherited: inherited, memory: &memory)
            }
            for child in agency.children { build(child, parentID: nil, inherited: inherited, memory: &memory) }
            return
        }

        var rejection: (code: RecordIssue.Code, field: String, message: String)?
        if agency.name == nil {
            rejection = (.missingField, "Name", "the Agency has no Name")
        } else if let key, !claim(.agency, Self.keyHash("agency", key)) {
            rejection = (.duplicateKey, "Key", "another Agency earlier in the file has the Key '\(key)'")
        }
        if let rejection {
            summary.agencies.rejected += 1
            report(rejection.code, rejection.message + Self.leftOut(sites: agency.sites.count, services: agency.sites.reduce(agency.siteless.count) { $0 + $1.services.count }),
                at: agency.position, type: "organization", key: agency.key, field: rejection.field)
            for site in agency.sites {
                rejectSite(site, because: "its Agency\(agency.key.map { " '\($0)'" } ?? "") was left out")
            }
            for service in agency.siteless {
                rejectService(service, because: "its Agency\(agency.key.map { " '\($0)'" } ?? "") was left out")
            }
            for child in agency.children {
                report(.danglingReference, "read without its parent Agency\(agency.key.map { " '\($0)'" } ?? ""), which was left out",
                    at: child.position, type: "organization", key: child.key, field: "parent_organization_id", warning: true)
                build(child, parentID: nil, inherited: inherited, memory: &memory)
            }
            return
        }
        guard let key, let name = agency.name else { return }
        if agency.key == nil {
            report(.missingField, "the Agency has no Key; it is known by its name, so renaming it in the source makes it a new record",
                at: agency.position, type: "organization", key: key, field: "Key", warning: true)
        }

        let id = organizationID(key)
        inherited.status = Self.worse(inherited.status, recordStatus(agency.status, agency.name, agency.description, at: agency.position, type: "organization", key: key))
        let office = agency.office
        let phones = agency.phones.isEmpty ? office?.phones ?? [] : agency.phones
        let urls = agency.urls.isEmpty ? office?.urls ?? [] : agency.urls
        let emails = agency.emails.isEmpty ? office?.emails ?? [] : agency.emails
        let contacts = agency.contacts.isEmpty ? office?.contacts ?? [] : agency.contacts
        let websites = urls.compactMap { link in link.address.map { (address: $0, note: link.note) } }
        var year: Int?
        if let text = agency.yearIncorporated {
            year = Int(text.prefix(4))
            if year == nil {
                report(.invalidValue, "YearInc '\(text)' is not a year; left out", at: agency.position, type: "organization", key: key,
                    field: "YearInc", warning: true)
            }
        }
        let organization = Organization(
            id: id, name: name, alternateName: agency.akas.first, description: agency.description ?? "",
            email: emails.first, website: websites.first?.address,
            additionalWebsites: Self.nonEmpty(websites.dropFirst().enumerated().map { index, site in
                WebLink(id: Self.subID(id.rawValue, "url", index + 1), label: site.note, url: site.address)
            }),
            taxStatus: agency.irsStatus, taxID: agency.fein, yearIncorporated: year, legalStatus: agency.legalStatus,
            parentOrganizationID: parentID,
            funding: Self.nonEmpty(agency.funding.enumerated().map { Funding(id: Self.subID(id.rawValue, "funding", $0.offset), source: $0.element) }),
            contacts: makeContacts(contacts, owner: id.rawValue),
            phones: makePhones(phones, owner: id.rawValue),
            provenance: provenance(key, verified: agency.info?.lastVerified)
        )
        pending.batch.organizations.append(organization)
        origin("organization", id.rawValue, agency.position)
        summary.agencies.accepted += 1

        var programKeys = Set<String>()
        for group in agency.groups {
            guard let groupKey = group.key, let groupName = group.name ?? group.programName else {
                report(.missingField, group.key == nil ? "a ServiceGroup has no Key; left out" : "ServiceGroup '\(group.key!)' has no Name; left out",
                    at: agency.position, type: "program", key: group.key, field: group.key == nil ? "Key" : "Name", warning: true)
                continue
            }
            guard programKeys.insert(groupKey).inserted else { continue }
            pending.batch.programs.append(Program(
                id: programID(groupKey), organizationID: id, name: groupName,
                alternateName: group.programName == groupName ? nil : group.programName
            ))
            summary.programs += 1
        }
        let context = AgencyContext(id: id, key: key, draft: agency)
        for site in agency.sites {
            buildSite(site, organization: context, agencyKey: key, inherited: inherited, memory: &memory)
        }
        for (index, service) in agency.siteless.enumerated() {
            buildService(service, index: index, site: nil, organization: context, agencyKey: key, inherited: inherited, memory: &memory)
        }
        for child in agency.children { build(child, parentID: id, inherited: inherited, memory: &memory) }
    }

    /// What a site or service needs of its agency.
    struct AgencyContext {
        var id: OrganizationID
        var key: String
        var draft: AgencyDraft
    }

    private static func leftOut(sites: Int, services: Int) -> String {
        guard sites + services > 0 else { return "; left out" }
        var parts: [String] = []
        if sites > 0 { parts.append(sites == 1 ? "1 site" : "\(sites) sites") }
        if services > 0 { parts.append(services == 1 ? "1 site-service" : "\(services) site-services") }
        return "; left out with its " + parts.joined(separator: " and ")
    }

    private mutating func rejectSite(_ site: SiteDraft, because reason: String) {
        summary.sites.read += 1
        summary.sites.rejected += 1
        report(.danglingReference, "Site left out: \(reason)", at: site.position, type: "location", key: site.key)
        for service in site.services { rejectService(service, because: reason) }
    }

    private mutating func rejectService(_ service: ServiceDraft, because reason: String) {
        summary.siteServices.read += 1
        summary.siteServices.rejected += 1
        markSiteServices(1)
        report(.danglingReference, "SiteService left out: \(reason)", at: service.position, type: "service", key: service.key)
    }

    // MARK: Sites

    private mutating func buildSite(
        _ site: SiteDraft, organization: AgencyContext?, agencyKey: String?, inherited: Inherited, memory: inout GroupMemory
    ) {
        var inherited = inherited
        if site.deleted || inherited.deleted {
            inherited.deleted = true
            summary.sites.read += 1
            summary.sites.deleted += 1
            if let key = site.key {
                pending.batch.deletions.append(.location(locationID(key)))
                summary.deletions += 1
            }
            for (index, service) in site.services.enumerated() {
                buildService(service, index: index, site: (site, site.key, nil), organization: nil, agencyKey: agencyKey,
                    inherited: inherited, memory: &memory)
            }
            return
        }
        guard let organization else { return }
        summary.sites.read += 1
        let key: String
        if let siteKey = site.key {
            key = siteKey
        } else {
            let ordinal = (organization.draft.sites.firstIndex { $0.position == site.position } ?? 0) + 1
            key = "\(organization.key)/site-\(ordinal)"
            report(.missingField, "the Site has no Key; it is known by its place in its Agency ('\(key)'), so reordering the export makes it a new record",
                at: site.position, type: "location", key: key, field: "Key", warning: true)
        }
        guard claim(.site, Self.keyHash("site", key)) else {
            summary.sites.rejected += 1
            report(.duplicateKey, "another Site earlier in the file has the Key '\(key)'" + Self.leftOut(sites: 0, services: site.services.count),
                at: site.position, type: "location", key: key, field: "Key")
            for service in site.services { rejectService(service, because: "its Site '\(key)' repeats an earlier Site's Key") }
            return
        }
        let id = locationID(key)
        let status = recordStatus(site.status, site.name, site.description, at: site.position, type: "location", key: key)
        inherited.status = Self.worse(inherited.status, status)
        let coordinate = coordinate(of: site, key: key)
        let addresses = makeAddresses(site.addresses, owner: id.rawValue)
        var kind = Location.Kind.physical
        if addresses.first?.addressType == .postal, coordinate == nil {
            kind = .postal
        } else if addresses.isEmpty, coordinate == nil, site.noPhysicalAddress {
            kind = .virtual
        }
        var description = [site.description, site.directions].compactMap { $0 }
        if !site.crossStreets.isEmpty { description.append("Cross streets: " + site.crossStreets.joined(separator: " and ")) }
        let languages = makeLanguages(site.languages, owner: id.rawValue)
        let location = Location(
            id: id, locationType: kind, url: site.urls.lazy.compactMap(\.address).first, organizationID: organization.id,
            name: site.name, alternateName: site.akas.first,
            description: description.isEmpty ? nil : description.joined(separator: "\n"),
            transportation: site.transportation, latitude: coordinate?.latitude, longitude: coordinate?.longitude,
            languages: languages, addresses: Self.nonEmpty(addresses), contacts: makeContacts(site.contacts, owner: id.rawValue),
            accessibility: site.accessibility.map { [Accessibility(id: Self.subID(id.rawValue, "accessibility", 0), description: $0)] },
            phones: makePhones(site.phones, owner: id.rawValue), schedules: makeSchedules(site.hours, seasons: [], owner: id.rawValue),
            provenance: provenance(key, verified: organization.draft.info?.lastVerified)
        )
        pending.batch.locations.append(location)
        origin("location", id.rawValue, site.position)
        summary.sites.accepted += 1
        for (index, service) in site.services.enumerated() {
            buildService(service, index: index, site: (site, key, id), organization: organization, agencyKey: agencyKey,
                inherited: inherited, memory: &memory)
        }
    }

    private mutating func coordinate(of site: SiteDraft, key: String) -> Coordinate? {
        for spatial in site.spatial {
            guard spatial.latitude != nil || spatial.longitude != nil else { continue }
            if let latitude = Self.degrees(spatial.latitude), let longitude = Self.degrees(spatial.longitude) {
                return Coordinate(latitude: latitude, longitude: longitude)
            }
            report(.invalidValue,
                "SpatialLocation Latitude '\(spatial.latitude ?? "")' and Longitude '\(spatial.longitude ?? "")' are not both numbers; the site is kept without coordinates",
                at: site.position, type: "location", key: key, field: spatial.latitude.flatMap(Self.degrees) == nil ? "Latitude" : "Longitude",
                warning: true)
            return nil
        }
        return nil
    }

    /// `+41.258712`, `-95.93`, `41,2587` → degrees.
    static func degrees(_ text: String?) -> Double? {
        guard var text = text?.trimmed(), !text.isEmpty else { return nil }
        if !text.contains("."), text.filter({ $0 == "," }).count == 1 { text = text.replacingOccurrences(of: ",", with: ".") }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    // MARK: Services

    private mutating func buildService(
        _ draft: ServiceDraft, index: Int, site: (draft: SiteDraft, key: String?, id: LocationID?)?, organization: AgencyContext?,
        agencyKey: String?, inherited: Inherited, memory: inout GroupMemory
    ) {
        summary.siteServices.read += 1
        markSiteServices(1)
        if draft.deleted || inherited.deleted {
            summary.siteServices.deleted += 1
            if let key = draft.key {
                if let siteKey = site?.key {
                    pending.batch.deletions.append(.serviceAtLocation(serviceAtLocationID(site: siteKey, service: key)))
                    summary.deletions += 1
                }
                memory.deletedServices[key] = serviceID(key)
            }
            return
        }
        guard let organization else { return }
        let key: String
        if let serviceKey = draft.key {
            key = serviceKey
        } else {
            key = "\(site?.key ?? organization.key)/service-\(index + 1)"
            report(.missingField, "the SiteService has no Key; it is known by its place in its Site ('\(key)'), so reordering the export makes it a new record",
                at: draft.position, type: "service", key: key, field: "Key", warning: true)
        }
        guard let name = draft.name else {
            summary.siteServices.rejected += 1
            report(.missingField, "the SiteService has no Name; left out", at: draft.position, type: "service", key: key, field: "Name")
            return
        }
        let siteKey = site?.key ?? "agency:\(organization.key)"
        guard claim(.siteService, Self.keyHash(siteKey, key)) else {
            summary.siteServices.rejected += 1
            report(.duplicateKey, "the Site '\(siteKey)' already has a SiteService with the Key '\(key)'; left out",
                at: draft.position, type: "service", key: key, field: "Key")
            return
        }
        let status = Self.worse(inherited.status, recordStatus(draft.status, draft.name, draft.description, at: draft.position, type: "service", key: key))
        let terms = taxonomyTerms(of: draft, key: key)
        var programID: ProgramID?
        if let groupKey = draft.groupKey {
            programID = inherited.programs[groupKey]
            if programID == nil {
                report(.danglingReference, "ServiceGroupKey '\(groupKey)' names no ServiceGroup of its Agency; read without a program",
                    at: draft.position, type: "service", key: key, field: "ServiceGroupKey", warning: true)
            }
        }
        func make(_ id: ServiceID, sourceKey: String) -> Service {
            makeService(draft, id: id, name: name, organization: organization, programID: programID, status: status,
                sourceKey: sourceKey, terms: terms)
        }

        var service = make(serviceID(key), sourceKey: key)
        var sitePhones: [Phone]?, siteSchedules: [Schedule]?, siteAreas: [ServiceArea]?
        if let first = memory.services[key] {
            if Self.sameService(first, service) {
                // One service at one more location: what differs here belongs to this site.
                if service.phones != first.phones { sitePhones = service.phones }
                if service.schedules != first.schedules { siteSchedules = service.schedules }
                if service.serviceAreas != first.serviceAreas { siteAreas = service.serviceAreas }
                service = first
            } else {
                report(.duplicateKey, "the SiteService Key '\(key)' was met under another site with a different name, description or classification; read as a service of its own",
                    at: draft.position, type: "service", key: key, field: "Key", warning: true)
                service = make(variantServiceID(key, site: siteKey), sourceKey: "\(siteKey)/\(key)")
                appendService(service, at: draft.position)
            }
        } else if !claim(.service, Self.keyHash("service", key)) {
            report(.duplicateKey, "the SiteService Key '\(key)' was used by another Agency earlier in the file; read as a service of its own",
                at: draft.position, type: "service", key: key, field: "Key", warning: true)
            service = make(variantServiceID(key, site: siteKey), sourceKey: "\(siteKey)/\(key)")
            appendService(service, at: draft.position)
        } else {
            memory.services[key] = service
            appendService(service, at: draft.position)
        }
        summary.siteServices.accepted += 1
        guard let site, let siteID = site.id, let locationKey = site.key else { return }
        let id = serviceAtLocationID(site: locationKey, service: key)
        func reowned<T>(_ values: [T]?, _ kind: String, _ rebuild: (T, String) -> T) -> [T]? {
            values?.enumerated().map { rebuild($0.element, Self.subID(id.rawValue, kind, $0.offset)) }
        }
        pending.batch.servicesAtLocations.append(ServiceAtLocation(
            id: id, serviceID: service.id, locationID: siteID,
            serviceAreas: reowned(siteAreas, "service_area") { var area = $0; area.id = $1; return area },
            phones: reowned(sitePhones, "phone") { var phone = $0; phone.id = $1; return phone },
            schedules: reowned(siteSchedules, "schedule") { var schedule = $0; schedule.id = $1; return schedule }
        ))
    }

    private mutating func appendService(_ service: Service, at position: XMLPosition) {
        pending.batch.services.append(service)
        origin("service", service.id.rawValue, position)
        summary.services += 1
    }

    /// Whether two readings say the same about the service, setting aside what may differ by site.
    static func sameService(_ a: Service, _ b: Service) -> Bool {
        var a = a, b = b
        a.phones = nil; b.phones = nil
        a.schedules = nil; b.schedules = nil
        a.serviceAreas = nil; b.serviceAreas = nil
        return a == b
    }

    private mutating func makeService(
        _ draft: ServiceDraft, id: ServiceID, name: String, organization: AgencyContext, programID: ProgramID?,
        status: Service.Status, sourceKey: String, terms: [(id: TaxonomyTermID, value: String?)]
    ) -> Service {
        let owner = id.rawValue
        let agencyInfo = organization.draft.info
        let verified = draft.info?.lastVerified ?? agencyInfo?.lastVerified
        let lastAction = draft.info?.lastAction ?? agencyInfo?.lastAction
        let urls = draft.urls.compactMap { link in link.address.map { (address: $0, note: link.note) } }
        var ages = (minimum: Self.ageBound(draft.minimumAges, lowest: true), maximum: Self.ageBound(draft.maximumAges, lowest: false))
        if let maximum = ages.maximum, maximum == 0, (ages.minimum ?? 0) > 0 { ages.maximum = nil }  // 0 written for "no limit"
        var eligibility = draft.eligibility
        if draft.genders.count == 1, let gender = draft.genders.first, gender == "female" || gender == "male" {
            eligibility.append(gender == "female" ? "Female only" : "Male only")
        }
        let feesDescription = draft.payment.map { "Payment accepted: \($0)" }
        var seen = Set<TaxonomyTermID>()
        let attributes = terms.compactMap { term -> Attribute? in
            guard seen.insert(term.id).inserted else { return nil }
            return Attribute(id: Identifier<Attribute>.derived(from: owner, "attribute", term.id.rawValue).rawValue,
                taxonomyTermID: term.id, linkEntity: "service", value: term.value)
        }
        let licenses = organization.draft.licenses
        return Service(
            id: id, organizationID: organization.id, programID: programID, name: name, alternateName: draft.akas.first,
            description: draft.description, url: urls.first?.address,
            additionalURLs: Self.nonEmpty(urls.dropFirst().enumerated().map { index, link in
                WebLink(id: Self.subID(owner, "url", index + 1), label: link.note, url: link.address)
            }),
            email: draft.emails.first, status: status,
            interpretationServices: draft.interpretation.isEmpty ? nil : draft.interpretation.joined(separator: "\n"),
            applicationProcess: draft.application.isEmpty ? nil : draft.application.joined(separator: "\n"),
            feesDescription: feesDescription, fees: draft.fees,
            eligibilityDescription: eligibility.isEmpty ? nil : eligibility.joined(separator: "\n"),
            minimumAge: ages.minimum, maximumAge: ages.maximum,
            assuredDate: verified, licenses: licenses.isEmpty ? nil : licenses.joined(separator: "; "),
            lastModified: lastAction.map { $0 + "T00:00:00Z" },
            phones: makePhones(draft.phones, owner: owner),
            schedules: makeSchedules(draft.hours, seasons: draft.seasons, owner: owner),
            serviceAreas: makeServiceAreas(draft.areas, owner: owner),
            languages: makeLanguages(draft.languages, owner: owner),
            costOptions: draft.fees.map { [costOption($0, owner: owner)] },
            requiredDocuments: Self.nonEmpty(draft.documents.enumerated().map {
                RequiredDocument(id: Self.subID(owner, "required_document", $0.offset), document: $0.element)
            }),
            contacts: makeContacts(draft.contacts, owner: owner),
            attributes: Self.nonEmpty(attributes),
            provenance: provenance(sourceKey, verified: verified)
        )
    }

    /// The lowest (or highest) age of several `AgeRequirements`; nil when none is a number.
    static func ageBound(_ values: [String?], lowest: Bool) -> Double? {
        let numbers = values.compactMap { $0.flatMap { Double($0.trimmed()) } }.filter { $0 >= 0 }
        return lowest ? numbers.min() : numbers.max()
    }

    /// The cost option a fee text says, read once for each distinct text (feeds repeat a few texts).
    private mutating func costOption(_ fees: String, owner: String) -> CostOption {
        var option = costOptions[fees] ?? Self.costOption(fees, owner: "")
        if costOptions.count < 10_000 { costOptions[fees] = option }
        option.id = Self.subID(owner, "cost_option", 0)
        return option
    }

    static func costOption(_ fees: String, owner: String) -> CostOption {
        let id = subID(owner, "cost_option", 0)
        let lower = fees.lowercased()
        let free = ["none", "free", "no fee", "no fees", "no charge", "no cost", "there is no fee", "there is no charge"]
        if free.contains(where: { lower == $0 || lower.hasPrefix($0 + " ") || lower.hasPrefix($0 + ".") || lower.hasPrefix($0 + ",") || lower.hasPrefix($0 + ";") }) {
            return CostOption(id: id, option: "Free", amount: 0, amountDescription: fees)
        }
        if lower.contains("sliding") { return CostOption(id: id, option: "Sliding scale", amountDescription: fees) }
        if let dollar = fees.firstIndex(of: "$") {
            let digits = fees[fees.index(after: dollar)...].prefix { $0.isNumber || $0 == "." || $0 == "," }.filter { $0 != "," }
            if let amount = Double(digits) { return CostOption(id: id, option: "Fee", amount: amount, amountDescription: fees) }
        }
        return CostOption(id: id, option: "Fee", amountDescription: fees)
    }

    private mutating func provenance(_ key: String, verified: String?) -> Provenance {
        Provenance(feed: feed, sourceKey: key, firstSeen: now, lastChanged: now, lastVerified: verified.flatMap { date($0) })
    }

    private mutating func date(_ text: String) -> Date? {
        if let known = dates[text] { return known }
        let date = AIRSText.midnight(text) ?? Timestamp.date(text)
        if dates.count < 100_000 { dates[text] = date }
        return date
    }

    // MARK: Status

    /// `Status` (`active`, `inactive`, `defunct`) and iCarol's `DEL` mark in the name or description.
    private mutating func recordStatus(_ attribute: String?, _ name: String?, _ description: String?, at position: XMLPosition, type: String, key: String) -> Service.Status {
        var status = Service.Status.active
        if let attribute {
            switch attribute.lowercased() {
            case "active": break
            case "inactive": status = .inactive
            case "defunct": status = .defunct
            default:
                report(.unknownValue, "Status '\(attribute)' is none of active, inactive, defunct; read as active",
                    at: position, type: type, key: key, field: "Status", warning: true)
            }
        }
        if AIRSText.isDeletionMark(name) || AIRSText.isDeletionMark(description) { status = Self.worse(status, .inactive) }
        return status
    }

    static func worse(_ a: Service.Status, _ b: Service.Status) -> Service.Status {
        func rank(_ status: Service.Status) -> Int {
            switch status {
            case .active: 0
            case .temporarilyClosed: 1
            case .inactive: 2
            case .defunct: 3
            }
        }
        return rank(a) >= rank(b) ? a : b
    }

    // MARK: Taxonomy

    /// The terms a site-service's codes name, handed over with their ancestors the first time each is met.
    private mutating func taxonomyTerms(of draft: ServiceDraft, key: String) -> [(id: TaxonomyTermID, value: String?)] {
        var result: [(id: TaxonomyTermID, value: String?)] = []
        for entry in draft.codes {
            let text = entry.code
            guard !text.isEmpty else { continue }
            var codes: [AIRSCode] = []
            if let known = codeReadings[text] {
                codes = known
            } else {
                if let code = AIRSCode(text) {
                    codes = [code]
                } else if text.contains("*") {
                    let parts = text.split(separator: "*").map { String($0) }
                    let parsed = parts.compactMap { AIRSCode($0) }
                    if parsed.count == parts.count { codes = parsed }
                }
                if codeReadings.count < 100_000 { codeReadings[text] = codes }
            }
            if codes.isEmpty {
                summary.localCodes += 1
                result.append((localTerm(text, position: draft.position, key: key), text))
            } else {
                summary.airsCodes += 1
                for code in codes { result.append((airsTerm(code, name: codes.count == 1 ? entry.name : nil), nil)) }
            }
        }
        return result
    }

    /// The term of an AIRS code, handed over in the chunk that first uses it with its whole
    /// lineage (ancestors handed over before are repeated, so the chunk's tree is whole).
    private mutating func airsTerm(_ code: AIRSCode, name: String?) -> TaxonomyTermID {
        let id = airsTermIDs[code.rawValue] ?? TaxonomyTermID.derived(from: "airs", code.rawValue)
        guard !emittedTerms.contains(id) else { return id }
        if airsTermIDs.count < 100_000 { airsTermIDs[code.rawValue] = id }
        let taxonomy = AIRSReader.airsTaxonomy
        if emittedTaxonomies.insert(taxonomy.id).inserted { pending.batch.taxonomies.append(taxonomy) }
        for ancestor in code.lineage where chunkTerms.insert(.derived(from: "airs", ancestor.rawValue)).inserted {
            emittedTerms.insert(.derived(from: "airs", ancestor.rawValue))
            pending.batch.taxonomyTerms.append(TaxonomyTerm(
                id: .derived(from: "airs", ancestor.rawValue), code: ancestor.rawValue,
                name: airsNames[ancestor.rawValue] ?? (ancestor == code ? name : nil) ?? ancestor.rawValue,
                parentID: ancestor.parent.map { .derived(from: "airs", $0.rawValue) },
                taxonomy: "AIRS/211", taxonomyID: taxonomy.id, language: "en"
            ))
            summary.taxonomyTerms += 1
        }
        return id
    }

    private mutating func localTerm(_ code: String, position: XMLPosition, key: String) -> TaxonomyTermID {
        let id = TaxonomyTermID.derived(from: "feed-local", feed.rawValue, code)
        guard emittedTerms.insert(id).inserted else { return id }
        chunkTerms.insert(id)
        let taxonomy = AIRSReader.localTaxonomy(feed: feed)
        if emittedTaxonomies.insert(taxonomy.id).inserted { pending.batch.taxonomies.append(taxonomy) }
        pending.batch.taxonomyTerms.append(TaxonomyTerm(
            id: id, code: code, name: AIRSText.facetName(code), taxonomy: taxonomy.name, taxonomyID: taxonomy.id
        ))
        summary.taxonomyTerms += 1
        reportLocalCode(code, at: position, key: key)
        unit?.noteLocalCode(code, at: position, key: key)
        return id
    }

    /// The warning of a code that is not an AIRS code, met for the first time in the file.
    mutating func reportLocalCode(_ code: String, at position: XMLPosition?, key: String) {
        report(.unknownValue, "Taxonomy Code '\(code)' is not an AIRS/211 code; kept as a term of the feed's own taxonomy",
            at: position, type: "service", key: key, field: "Taxonomy/Code", warning: true)
    }

    // MARK: Details

    static func nonEmpty<T>(_ values: [T]) -> [T]? { values.isEmpty ? nil : values }

    func makePhones(_ drafts: [PhoneDraft], owner: String) -> [Phone]? {
        var phones: [Phone] = []
        for draft in drafts where !draft.confidential {
            guard let raw = draft.number else { continue }  // placeholders, withheld numbers
            let split = AIRSText.splitExtension(raw)
            guard !split.number.isEmpty else { continue }
            let type = AIRSText.phoneType(draft.type)
            var notes = [draft.description ?? (type.isStandard ? nil : draft.type), draft.function].compactMap { $0 }
            var number = draft.extensionText.flatMap(AIRSText.extensionNumber)
            if number == nil, let text = draft.extensionText {
                if split.extension == nil { notes.append("Extension: \(text)") }
            }
            number = number ?? split.extension
            phones.append(Phone(
                id: Self.subID(owner, "phone", phones.count), number: split.number, extension: number, type: type.type,
                description: notes.isEmpty ? nil : notes.joined(separator: "; ")
            ))
        }
        return Self.nonEmpty(phones)
    }

    func makeContacts(_ drafts: [ContactDraft], owner: String) -> [Contact]? {
        let contacts = drafts.enumerated().compactMap { index, draft -> Contact? in
            guard draft.name != nil || draft.title != nil || !draft.emails.isEmpty || !draft.phones.isEmpty else { return nil }
            let id = Self.subID(owner, "contact", index)
            return Contact(id: id, name: draft.name, title: draft.title ?? draft.type, email: draft.emails.first,
                phones: makePhones(draft.phones, owner: id))
        }
        return Self.nonEmpty(contacts)
    }

    func makeLanguages(_ drafts: [LanguageDraft], owner: String) -> [Language]? {
        var seen = Set<String>()
        var languages: [Language] = []
        for draft in drafts where seen.insert(draft.name.lowercased()).inserted {
            languages.append(Language(id: Self.subID(owner, "language", languages.count), name: draft.name,
                code: AIRSText.languageCode(draft.name), note: draft.note))
        }
        return Self.nonEmpty(languages)
    }

    func makeAddresses(_ drafts: [AddressDraft], owner: String) -> [Address] {
        var addresses: [Address] = []
        for draft in drafts where !draft.confidential && !draft.withheld {
            let kind: Address.Kind
            switch draft.kind {
            case .physicalAddress: kind = .physical
            case .mailingAddress: kind = .postal
            default: continue
            }
            guard draft.line1 != nil || draft.city != nil || draft.zip != nil else { continue }
            addresses.append(Address(
                id: Self.subID(owner, "address", addresses.count), attention: draft.attention, address1: draft.line1 ?? "",
                address2: draft.line2, city: draft.city ?? "", region: draft.county, stateProvince: draft.state ?? "",
                postalCode: draft.zip ?? "", country: AIRSText.country(draft.country, state: draft.state), addressType: kind
            ))
        }
        return addresses
    }

    static let weekOrder = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    /// One weekly schedule per distinct opening time of each `TimeOpen`; its notes on the first one.
    func makeSchedules(_ hours: [TimeOpenDraft], seasons: [SeasonalDraft], owner: String) -> [Schedule]? {
        var schedules: [Schedule] = []
        for timeOpen in hours {
            var ranges: [(opens: String?, closes: String?)] = []
            var days: [[String]] = []
            for day in timeOpen.days {
                for range in day.ranges where range.0 != nil || range.1 != nil {
                    if let index = ranges.firstIndex(where: { $0.opens == range.0 && $0.closes == range.1 }) {
                        if !days[index].contains(day.code) { days[index].append(day.code) }
                    } else {
                        ranges.append((range.0, range.1))
                        days.append([day.code])
                    }
                }
            }
            let notes = timeOpen.notes.isEmpty ? nil : timeOpen.notes.joined(separator: "\n")
            if ranges.isEmpty {
                if let notes { schedules.append(Schedule(id: Self.subID(owner, "schedule", schedules.count), description: notes)) }
                continue
            }
            for (index, range) in ranges.enumerated() {
                let byday = Self.weekOrder.filter { days[index].contains($0) }.joined(separator: ",")
                schedules.append(Schedule(
                    id: Self.subID(owner, "schedule", schedules.count), freq: "WEEKLY", byday: byday,
                    description: index == 0 ? notes : nil, opensAt: range.opens, closesAt: range.closes
                ))
            }
        }
        let weekly = schedules.indices.filter { schedules[$0].freq != nil }
        for season in seasons {
            let from = AIRSText.date(season.start), to = AIRSText.date(season.end)
            if from != nil || to != nil, !weekly.isEmpty, weekly.allSatisfy({ schedules[$0].validFrom == nil && schedules[$0].validTo == nil }) {
                for index in weekly {
                    schedules[index].validFrom = from
                    schedules[index].validTo = to
                    if schedules[index].description == nil { schedules[index].description = season.description }
                }
                continue
            }
            var words = season.description ?? "Seasonal"
            if from == nil, to == nil, season.start != nil || season.end != nil {
                words += ": " + [season.start, season.end].compactMap { $0 }.joined(separator: " to ")
            }
            schedules.append(Schedule(id: Self.subID(owner, "schedule", schedules.count), validFrom: from, validTo: to, description: words))
        }
        return Self.nonEmpty(schedules)
    }

    /// Service areas named as ``EligibilityReader`` reads them: `ZIP 68102`, `Omaha, NE`, `Douglas County, NE`.
    ///
    /// Within one `GeographicAreaServed`, ZIP codes, tracts, cities and counties are the areas and a
    /// single state names their state; states are areas only when nothing narrower is given, and
    /// countries only when nothing else is. A lone `Description` is split into areas when every part
    /// reads as one, else kept whole.
    func makeServiceAreas(_ drafts: [AreaDraft], owner: String) -> [ServiceArea]? {
        var named: [(name: String, description: String?)] = []
        for area in drafts {
            var names: [String] = []
            let state = area.states.count == 1 ? (USState.code(for: area.states[0]) ?? area.states[0]) : nil
            for zip in area.zips {
                let digits = zip.prefix(5)
                names.append(digits.count == 5 && digits.allSatisfy(\.isNumber) && zip.allSatisfy({ $0.isNumber || $0 == "-" }) ? "ZIP \(zip)" : zip)
            }
            for tract in area.tracts { names.append("Census tract \(tract)") }
            for city in area.cities { names.append(city.contains(",") || state == nil ? city : "\(city), \(state!)") }
            for county in area.counties {
                let lower = county.lowercased()
                let base = lower.hasSuffix(" county") || lower.hasSuffix(" parish") || lower.hasSuffix(" borough") ? county : "\(county) County"
                names.append(county.contains(",") || state == nil ? base : "\(base), \(state!)")
            }
            if names.isEmpty { names = area.states }
            if names.isEmpty { names = area.countries }
            var description = area.description
            if names.isEmpty, let text = area.description {
                let parts = text.split(whereSeparator: { $0 == "," || $0 == ";" }).map { String($0).trimmed() }.filter { !$0.isEmpty }
                if parts.count > 1, parts.allSatisfy({ EligibilityReader.residencyArea(from: $0) != nil }) { names = parts } else { names = [text] }
                description = nil
            }
            for name in names where !named.contains(where: { $0.name == name }) { named.append((name, description)) }
        }
        return Self.nonEmpty(named.enumerated().map { index, area in
            ServiceArea(id: Self.subID(owner, "service_area", index), name: area.name, description: area.description)
        })
    }
}
