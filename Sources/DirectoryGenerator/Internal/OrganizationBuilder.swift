import Foundation
import SwitchboardCore

/// Makes one organization with everything under it, from its own random stream.
struct OrganizationBuilder {
    let generator: DirectoryGenerator
    let index: Int
    let serviceCount: Int
    var rng: SeededRandom
    let metro: Metro
    let home: ZIPPoint
    let domain: Domain
    let referenceDay: Int
    let seedText: String

    // Key ranges keep AIRS keys of different record kinds apart (see AIRSWriter).
    static let agencyBase: UInt64 = 10_000_000_000
    static let siteBase: UInt64 = 20_000_000_000
    static let serviceBase: UInt64 = 30_000_000_000

    /// How many services organization `organization` would like to have; the last one of a
    /// directory gets fewer when the total runs out.
    static func plannedServiceCount(seed: UInt64, organization: Int) -> Int {
        var rng = SeededRandom(seed: seed, stream: 1, index: UInt64(organization))
        switch rng.weighted([25, 25, 18, 20, 10, 2]) {
        case 0: return 1
        case 1: return 2
        case 2: return 3
        case 3: return rng.int(4...6)
        case 4: return rng.int(7...15)
        default: return rng.int(16...30)
        }
    }

    init(generator: DirectoryGenerator, index: Int, serviceCount: Int) {
        self.generator = generator
        self.index = index
        self.serviceCount = serviceCount
        var rng = SeededRandom(seed: generator.seed, stream: 2, index: UInt64(index))
        let metro = generator.metros[rng.weighted(generator.metros.map(\.weight))]
        self.metro = metro
        self.home = rng.pick(metro.zipCodes)
        self.domain = Catalog.domainWeights[rng.weighted(Catalog.domainWeights.map(\.1))].0
        self.rng = rng
        self.referenceDay = Int((generator.referenceDate.timeIntervalSince1970 / 86_400).rounded(.down))
        self.seedText = String(generator.seed)
    }

    // MARK: Ids

    /// The id of a record (organization, program, location, service, service-at-location):
    /// what `Identifier.derived(from: "gen", seed, kind, key)` gives.
    func recordID(_ kind: String, _ key: String) -> String {
        NameBasedUUID.make("gen\u{1F}\(seedText)\u{1F}\(kind)\u{1F}\(key)")
    }

    /// The id of a small record nested in one of those (see ``NestedID``).
    func id(_ kind: String, _ key: String) -> String { NestedID.make("gen\u{1F}\(seedText)\u{1F}\(kind)\u{1F}\(key)") }

    // MARK: Organization

    mutating func build(into batch: inout DirectoryBatch) {
        let agencyKey = Self.agencyBase + UInt64(index)
        let orgID = OrganizationID(recordID("organization", String(agencyKey)))
        let name = agencyName()
        let slug = Self.slug(name)
        let verifiedDay = rng.chance(0.08) ? nil : referenceDay - 1 - rng.below(4 * 365)
        let year = rng.chance(0.8) ? rng.int(1890...2021) : nil

        var organization = Organization(
            id: orgID, name: messyName(name),
            alternateName: rng.chance(0.1) ? Self.initials(name) : nil,
            description: mess(organizationDescription(name: name, year: year)),
            email: rng.chance(0.7) ? "info@\(slug).org" : nil,
            website: rng.chance(0.75) ? (rng.chance(0.1) ? "www.\(slug).org" : "https://www.\(slug).org") : nil,
            taxStatus: isGovernment(name) ? nil : (rng.chance(0.8) ? "501(c)(3)" : nil),
            taxID: rng.chance(0.5) && !isGovernment(name) ? "\(rng.int(10...99))-\(rng.int(1_000_000...9_999_999))" : nil,
            yearIncorporated: year,
            legalStatus: isGovernment(name) ? "Government" : "Nonprofit"
        )
        organization.phones = (0..<rng.int(1...2)).map { phone(owner: "org-\(agencyKey)", n: $0, zip: home) }
        if rng.chance(0.4) {
            organization.contacts = [contact(owner: "org-\(agencyKey)", slug: slug)]
        }
        if rng.chance(0.4) {
            organization.funding = [Funding(id: id("funding", "org-\(agencyKey)"), source: rng.pick(Words.fundingSources))]
        }
        organization.provenance = provenance(key: agencyKey, verifiedDay: verifiedDay)
        batch.organizations.append(organization)

        // Locations.
        let locationCount: Int
        if serviceCount == 1 { locationCount = 1 } else if serviceCount < 10 { locationCount = 1 + rng.below(min(3, serviceCount)) } else { locationCount = 2 + rng.below(4) }
        var locations: [Location] = []
        var zips: [ZIPPoint] = []
        for j in 0..<locationCount {
            let zip = j == 0 ? home : rng.pick(metro.zipCodes)
            zips.append(zip)
            locations.append(location(j, organizationID: orgID, name: name, zip: zip, verifiedDay: verifiedDay))
        }
        batch.locations += locations

        // Programs.
        var programs: [Program] = []
        if serviceCount >= 3, rng.chance(0.45) {
            let count = serviceCount >= 6 ? 1 + rng.below(2) : 1
            for p in 0..<count {
                let programName = Self.programNames[(Domain.allCases.firstIndex(of: domain)! + p) % Self.programNames.count]
                programs.append(Program(
                    id: ProgramID(recordID("program", "\(agencyKey)-\(p)")), organizationID: orgID, name: programName,
                    description: rng.chance(0.5) ? "\(programName) of \(name)." : ""
                ))
            }
        }
        batch.programs += programs

        // Services.
        for k in 0..<serviceCount {
            let serviceKey = Self.serviceBase + UInt64(index) * 100 + UInt64(k)
            // A service's first site always has coordinates; only extra sites may lack them.
            let siteIndex = locations[k % locationCount].coordinate == nil ? 0 : k % locationCount
            var sites = [siteIndex]
            if locationCount > 1, rng.chance(0.15), (siteIndex + 1) % locationCount != siteIndex { sites.append((siteIndex + 1) % locationCount) }
            let programID = programs.isEmpty || !rng.chance(0.7) ? nil : programs[k % programs.count].id
            let service = service(
                key: serviceKey, organizationID: orgID, organizationName: name, slug: slug, programID: programID,
                site: locations[siteIndex], zip: zips[siteIndex]
            )
            batch.services.append(service)
            for s in sites {
                let siteKey = Self.siteBase + UInt64(index) * 10 + UInt64(s)
                batch.servicesAtLocations.append(ServiceAtLocation(
                    id: ServiceAtLocationID(recordID("service_at_location", "\(serviceKey)-\(siteKey)")),
                    serviceID: service.id, locationID: locations[s].id
                ))
            }
        }
    }

    static let programNames = [
        "Health Access Program", "Housing Stability Program", "Legal Advocacy Program", "Financial Empowerment Program",
        "Workforce Development Program", "Community Support Program",
    ]

    func isGovernment(_ name: String) -> Bool {
        name.contains("County") && !name.contains("Legal Aid") && !name.contains("Habitat") || name.contains("Housing Authority")
    }

    mutating func agencyName() -> String {
        var name = rng.pick(Words.agencyPatterns[domain] ?? [])
        name = name.replacingOccurrences(of: "{P}", with: rng.pick(Words.prefixes))
        name = name.replacingOccurrences(of: "{C}", with: home.city)
        name = name.replacingOccurrences(of: "{K}", with: home.county)
        name = name.replacingOccurrences(of: "{S}", with: USState.names[home.state] ?? home.state)
        name = name.replacingOccurrences(of: "{T}", with: rng.pick(Words.saints))
        name = name.replacingOccurrences(of: "{F}", with: rng.pick(Words.faith))
        return name
    }

    mutating func organizationDescription(name: String, year: Int?) -> String {
        let since = year.map { " since \($0)" } ?? ""
        let what: String
        switch domain {
        case .health: what = "provides health care and behavioral health services regardless of ability to pay"
        case .housing: what = "helps people find and keep safe, affordable housing"
        case .legal: what = "provides free civil legal help to people with low incomes"
        case .finance: what = "helps families build financial stability and get the benefits they qualify for"
        case .employment: what = "helps job seekers find training and good jobs"
        case .other: what = "offers food, support and community programs for individuals and families"
        }
        return "\(name) \(what) in the \(metro.name) area\(since)."
    }

    // MARK: Location

    mutating func location(_ j: Int, organizationID: OrganizationID, name: String, zip: ZIPPoint, verifiedDay: Int?) -> Location {
        let siteKey = Self.siteBase + UInt64(index) * 10 + UInt64(j)
        let owner = "site-\(siteKey)"
        let point = Geography.offset(zip.coordinate, kilometers: rng.double(0.2...3.0), bearing: rng.double(0...(2 * Double.pi)))
        let hasPoint = j == 0 || !rng.chance(0.03)
        let line1 = "\(rng.int(100...9899)) \(rng.chance(0.4) ? rng.pick(Words.directions) + " " : "")\(rng.pick(Words.streets))"
        let address = Address(
            id: id("address", owner), address1: rng.chance(0.04) ? line1 + " " : line1,
            address2: rng.chance(0.15) ? rng.pick(Words.suites) : nil, city: zip.city, region: "\(zip.county) County",
            stateProvince: zip.state, postalCode: rng.chance(0.05) ? "\(zip.zip)-\(rng.int(1000...9999))" : zip.zip,
            country: "US"
        )
        let siteName = j == 0 ? (rng.chance(0.6) ? name : "\(name) - Main Office") : "\(name) - \(Words.siteNames[(j + index) % Words.siteNames.count])"
        var location = Location(
            id: LocationID(recordID("location", String(siteKey))), locationType: .physical, organizationID: organizationID,
            name: siteName, description: rng.chance(0.3) ? "Enter through the \(rng.pick(["front", "side", "north", "east"])) door." : nil,
            transportation: rng.chance(0.4) ? rng.pick(Words.transportation) : nil,
            latitude: hasPoint ? point.latitude : nil, longitude: hasPoint ? point.longitude : nil,
            addresses: [address]
        )
        if rng.chance(0.5) { location.accessibility = [Accessibility(id: id("accessibility", owner), description: rng.pick(Words.accessibility))] }
        if rng.chance(0.6) { location.phones = [phone(owner: owner, n: 0, zip: zip)] }
        if rng.chance(0.6) { location.schedules = schedules(owner: owner, kind: .office, zip: zip) }
        if rng.chance(0.5) { location.languages = languages(owner: owner) }
        location.provenance = provenance(key: siteKey, verifiedDay: verifiedDay)
        return location
    }

    // MARK: Service

    mutating func service(
        key: UInt64, organizationID: OrganizationID, organizationName: String, slug: String, programID: ProgramID?,
        site: Location, zip: ZIPPoint
    ) -> Service {
        let owner = "service-\(key)"
        let serviceDomain = rng.chance(0.7) ? domain : Catalog.domainWeights[rng.weighted(Catalog.domainWeights.map(\.1))].0
        let candidates = Catalog.templatesByDomain[Domain.allCases.firstIndex(of: serviceDomain)!]
        let template = Catalog.templates[rng.pick(candidates)]
        let name = rng.pick(template.names)

        var description = rng.pick(template.summaries)
        if rng.chance(0.3) { description += " Call ahead to confirm hours." }
        if rng.chance(0.15) { description += " Offered by \(organizationName) in partnership with local churches and schools." }

        let status: Service.Status = [.active, .inactive, .temporarilyClosed, .defunct][rng.weighted([88, 5, 5, 2])]
        let verifiedDay = rng.chance(0.08) ? nil : referenceDay - 1 - rng.below(4 * 365)
        let changedDay = verifiedDay.map { $0 + rng.below(referenceDay - $0) } ?? referenceDay - 1 - rng.below(5 * 365)

        var service = Service(
            id: ServiceID(recordID("service", String(key))), organizationID: organizationID, programID: programID,
            name: rng.chance(0.03) ? name + "  " : name,
            alternateName: rng.chance(0.1) ? "\(organizationName) \(name)" : nil,
            description: rng.chance(0.03) ? nil : mess(description),
            url: rng.chance(0.3) ? "https://www.\(slug).org/\(Self.slug(name))" : nil,
            email: rng.chance(0.2) ? "\(rng.pick(["intake", "help", "services", "programs"]))@\(slug).org" : nil,
            status: status,
            applicationProcess: rng.chance(0.6) ? rng.pick(Words.applicationProcess) : nil,
            waitTime: rng.chance(0.3) ? rng.pick(Words.waitTimes) : nil,
            accreditations: rng.chance(0.05) ? rng.pick(["CARF accredited", "COA accredited", "Joint Commission accredited"]) : nil,
            assuredDate: verifiedDay.map(CivilDate.date),
            licenses: rng.chance(0.04) ? "State license \(rng.int(1000...99999))" : nil,
            alert: status == .temporarilyClosed ? "Temporarily closed; call before visiting." : nil,
            lastModified: CivilDate.dateTime(changedDay, seconds: rng.below(86_400))
        )
        service.phones = rng.chance(0.75) ? [phone(owner: owner, n: 0, zip: zip)] : nil
        service.schedules = rng.chance(0.85) ? schedules(owner: owner, kind: template.hours, zip: zip) : nil
        service.languages = rng.chance(0.9) ? languages(owner: owner) : nil
        if rng.chance(0.3) { service.interpretationServices = "Interpreters available by phone for other languages" }
        service.serviceAreas = serviceAreas(owner: owner, site: site, zip: zip)
        costs(owner: owner, template: template, into: &service)
        if let unit = template.capacityUnit, rng.chance(0.6) { service.capacities = [capacity(owner: owner, unit: unit)] }
        if !template.documents.isEmpty, rng.chance(0.5) {
            service.requiredDocuments = template.documents.enumerated().map {
                RequiredDocument(id: id("required_document", "\(owner)-\($0.offset)"), document: $0.element)
            }
        }
        if rng.chance(0.3) { service.funding = [Funding(id: id("funding", owner), source: rng.pick(Words.fundingSources))] }
        if rng.chance(0.2) { service.contacts = [contact(owner: owner, slug: slug)] }

        var attributes = [taxonomyAttribute(owner: owner, code: template.code, n: 0)]
        if !template.targets.isEmpty, rng.chance(0.4) {
            attributes.append(taxonomyAttribute(owner: owner, code: rng.pick(template.targets), n: 1))
        }
        service.attributes = attributes

        eligibility(template: template, into: &service)
        service.provenance = Provenance(
            feed: DirectoryGenerator.feed, sourceKey: String(key),
            firstSeen: date(min(changedDay, verifiedDay ?? changedDay) - rng.below(800)), lastChanged: date(changedDay),
            lastVerified: verifiedDay.map(date)
        )
        return service
    }

    func taxonomyAttribute(owner: String, code: String, n: Int) -> Attribute {
        Attribute(
            id: id("attribute", "\(owner)-\(n)"), taxonomyTermID: DirectoryGenerator.termID(code: code),
            linkType: "service", linkEntity: "service", value: code, label: Catalog.termNames[code]
        )
    }

    mutating func eligibility(template: ServiceTemplate, into service: inout Service) {
        if !rng.chance(0.1) {
            var sentences = [rng.chance(0.75) ? rng.pick(template.eligibility) : rng.pick(Catalog.genericEligibility)]
            if rng.chance(0.25) {
                let extra = rng.pick(Catalog.genericEligibility)
                if extra != sentences[0] { sentences.append(extra) }
            }
            service.eligibilityDescription = sentences.joined(separator: rng.chance(0.5) ? ". " : "; ")
                + (rng.chance(0.5) ? "." : "")
        }
        var read = EligibilityReader.read(
            description: service.eligibilityDescription, minimumAge: nil, maximumAge: nil,
            serviceAreas: service.serviceAreas ?? []
        )
        // Feeds often repeat the ages of the text in their own fields.
        let consistent = (read.minimumAge ?? 0) <= (read.maximumAge ?? .infinity)
        if read.minimumAge != nil || read.maximumAge != nil, consistent, rng.chance(0.4) {
            service.minimumAge = read.minimumAge
            service.maximumAge = read.maximumAge
        } else if (read.maximumAge ?? .infinity) >= 18, rng.chance(0.03) {
            service.minimumAge = 18
            read = EligibilityReader.read(
                description: service.eligibilityDescription, minimumAge: 18, maximumAge: nil,
                serviceAreas: service.serviceAreas ?? []
            )
        }
        service.eligibility = read
    }

    func date(_ day: Int) -> Date { Date(timeIntervalSince1970: Double(day) * 86_400) }

    func provenance(key: UInt64, verifiedDay: Int?) -> Provenance {
        let changed = verifiedDay ?? referenceDay - 400
        return Provenance(
            feed: DirectoryGenerator.feed, sourceKey: String(key), firstSeen: date(changed - 900), lastChanged: date(changed),
            lastVerified: verifiedDay.map(date)
        )
    }

    // MARK: Details

    mutating func phone(owner: String, n: Int, zip: ZIPPoint) -> Phone {
        let area = rng.pick(metro.areaCodes)
        let line = "01\(CivilDate.pad2(rng.below(100)))"
        var phone = Phone(id: id("phone", "\(owner)-\(n)"), number: "", type: "voice")
        switch rng.below(100) {
        case 0..<39: phone.number = "(\(area)) 555-\(line)"
        case 39..<54: phone.number = "\(area)-555-\(line)"
        case 54..<64: phone.number = "\(area).555.\(line)"
        case 64..<71: phone.number = "(\(area)) 555-\(line) ext. \(rng.int(2...250))"
        case 71..<79: phone.number = "(\(area)) 555-\(line)"; phone.extension = rng.int(10...499)
        case 79..<84: phone.number = "555-\(line)"
        case 84..<88: phone.number = "1-800-555-\(line)"; phone.description = "Toll-free"
        case 88..<92: phone.number = "\(area)555\(line)"
        case 92..<95: phone.number = ""
        default: phone.number = "(\(area)) 555-\(line) "
        }
        switch rng.below(10) {
        case 0: phone.type = "fax"; phone.description = "Fax"
        case 1: phone.type = "text"
        case 2, 3: phone.description = phone.description ?? rng.pick(["Intake", "Main", "Front desk", "After hours"])
        default: break
        }
        return phone
    }

    mutating func contact(owner: String, slug: String) -> Contact {
        let first = rng.pick(Words.firstNames), last = rng.pick(Words.lastNames)
        return Contact(
            id: id("contact", owner), name: "\(first) \(last)", title: rng.pick(Words.contactTitles),
            email: rng.chance(0.6) ? "\(first.lowercased()).\(last.lowercased())@\(slug).org" : nil
        )
    }

    mutating func languages(owner: String) -> [Language] {
        var result: [Language] = []
        if !rng.chance(0.04) { result.append(Language(id: id("language", "\(owner)-en"), name: "English", code: "en")) }
        for (name, code, perThousand) in Words.languages where rng.below(1000) < perThousand {
            result.append(Language(id: id("language", "\(owner)-\(code)"), name: name, code: code))
        }
        if result.isEmpty { result.append(Language(id: id("language", "\(owner)-es"), name: "Spanish", code: "es")) }
        return result
    }

    mutating func schedules(owner: String, kind: HoursKind, zip: ZIPPoint) -> [Schedule] {
        let timezone = Double(zip.utcOffset)
        func weekly(_ n: Int, _ days: String, _ opens: String, _ closes: String) -> Schedule {
            Schedule(
                id: id("schedule", "\(owner)-\(n)"), timezone: timezone, freq: "WEEKLY", byday: days,
                opensAt: opens, closesAt: closes
            )
        }
        if rng.chance(0.15) {
            let text = rng.pick([
                "Mon-Fri 9 am-5 pm; closed holidays", "Call for hours", "By appointment only", "M-F 8:30-4:30",
                "Tuesdays and Thursdays 10am - 2pm", "Open 24 hours",
            ])
            return [Schedule(id: id("schedule", "\(owner)-0"), description: text)]
        }
        switch kind {
        case .allDay:
            var s = weekly(0, "MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")
            s.description = "Open 24 hours, 7 days a week"
            return [s]
        case .office, .seasonal:
            let opens = rng.pick(["08:00", "08:30", "09:00"]), closes = rng.pick(["16:30", "17:00", "17:00", "18:00"])
            var result = [weekly(0, "MO,TU,WE,TH,FR", opens, closes)]
            if rng.chance(0.15) { result.append(weekly(1, "SA", "09:00", "12:00")) }
            if kind == .seasonal {
                let (year, _, _) = CivilDate.civil(referenceDay)
                for i in result.indices {
                    result[i].validFrom = "\(year)-01-26"; result[i].validTo = "\(year)-04-15"
                    result[i].description = "Tax season only"
                }
            }
            return result
        case .evenings:
            return [weekly(0, rng.pick(["MO,WE", "TU,TH", "WE"]), "17:30", rng.pick(["19:30", "20:30"]))]
        case .limited:
            var result = [weekly(0, rng.pick(["TU,TH", "MO,WE,FR", "WE", "SA", "TU"]), rng.pick(["09:00", "10:00", "11:00"]), rng.pick(["12:00", "13:00", "14:00", "15:00"]))]
            if rng.chance(0.2) { result.append(weekly(1, "TH", "16:00", "18:30")) }
            return result
        }
    }

    mutating func serviceAreas(owner: String, site: Location, zip: ZIPPoint) -> [ServiceArea]? {
        if rng.chance(0.1) { return nil }
        var areas: [ResidencyArea] = []
        for _ in 0..<(rng.chance(0.2) ? 2 : 1) {
            let area: ResidencyArea
            switch rng.weighted([25, 25, 30, 10, 10]) {
            case 0: area = ResidencyArea(kind: .postalCode, name: rng.pick(metro.zipCodes.filter { $0.city == zip.city }).zip)
            case 1: area = ResidencyArea(kind: .city, name: zip.city, state: zip.state)
            case 2: area = ResidencyArea(kind: .county, name: zip.county, state: zip.state)
            case 3: area = ResidencyArea(kind: .state, name: zip.state)
            default:
                let lat = ((site.latitude ?? zip.coordinate.latitude) * 100).rounded() / 100
                let lon = ((site.longitude ?? zip.coordinate.longitude) * 100).rounded() / 100
                area = ResidencyArea(
                    kind: .radius, name: "", center: Coordinate(latitude: lat, longitude: lon),
                    radiusMiles: Double(rng.pick([5, 10, 15, 25]))
                )
            }
            if !areas.contains(area) { areas.append(area) }
        }
        return areas.enumerated().map { ServiceArea(id: id("service_area", "\(owner)-\($0.offset)"), name: $0.element.description) }
    }

    mutating func costs(owner: String, template: ServiceTemplate, into service: inout Service) {
        guard !rng.chance(0.1) else { return }
        let costID = id("cost_option", owner)
        switch rng.pick(template.costs) {
        case .free:
            service.fees = "Free"
            service.costOptions = [CostOption(id: costID, option: "Free", currency: "USD", amount: 0)]
        case .slidingScale:
            service.fees = "Sliding scale based on income"
            service.feesDescription = "Fees are set on a sliding scale by household income and size; no one is turned away for inability to pay."
            service.costOptions = [CostOption(id: costID, option: "Sliding scale", currency: "USD", amountDescription: "Based on household income and size")]
        case .fee:
            let amount = Double(rng.pick([10, 15, 25, 40, 75]))
            service.fees = "$\(Int(amount)) per visit"
            service.costOptions = [CostOption(id: costID, option: "Fee", currency: "USD", amount: amount, amountDescription: "Per visit")]
        case .insurance:
            service.fees = "Medicaid, Medicare and most private insurance accepted & sliding scale for the uninsured"
            service.costOptions = [CostOption(id: costID, option: "Insurance accepted", amountDescription: "Medicaid, Medicare and most private insurance")]
        }
    }

    mutating func capacity(owner: String, unit: String) -> ServiceCapacity {
        let maximum = unit == "beds" ? rng.int(8...120) : rng.int(5...60)
        let available = rng.chance(0.25) ? 0 : rng.int(0...maximum)
        return ServiceCapacity(
            id: id("service_capacity", owner),
            unit: CapacityUnit(id: id("unit", unit), name: unit),
            available: Double(available), maximum: Double(maximum),
            description: available == 0 && rng.chance(0.5) ? rng.pick(["Waitlist of about 3 weeks", "Waiting list; call weekly to stay on it", "Full; call daily for openings"]) : nil,
            updated: CivilDate.dateTime(referenceDay - 1 - rng.below(14), seconds: rng.below(86_400))
        )
    }

    // MARK: The mess of real feeds

    /// Sometimes wraps text in HTML, escapes an ampersand or leaves trailing white space.
    mutating func mess(_ text: String) -> String {
        var out = text
        if rng.chance(0.05) { out = out.replacingOccurrences(of: " and ", with: " &amp; ") }
        switch rng.below(100) {
        case 0..<7: out = "<p>\(out)</p>"
        case 7..<10: out = out.replacingOccurrences(of: ". ", with: ".<br>")
        case 10..<15: out += rng.pick(["  ", " \n", "\t"])
        default: break
        }
        return out
    }

    mutating func messyName(_ name: String) -> String {
        rng.chance(0.03) ? name + " " : name
    }

    static func slug(_ name: String) -> String {
        var out = ""
        for scalar in name.lowercased().unicodeScalars where ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
            out.unicodeScalars.append(scalar)
            if out.count == 28 { break }
        }
        return out.isEmpty ? "agency" : out
    }

    static func initials(_ name: String) -> String {
        String(name.split(separator: " ").compactMap { $0.first(where: \.isLetter) }.filter(\.isUppercase))
    }
}
