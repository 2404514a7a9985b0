import Foundation
import SwitchboardCore

/// A small hand-built directory: two organizations, a program, three locations, four services
/// classified with AIRS terms, and the links between them.
enum Fixtures {
    /// The moment the fixture was "imported"; whole seconds, like feed dates.
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    static func days(_ n: Double, after date: Date = t0) -> Date { date.addingTimeInterval(n * 86_400) }

    static let domainMapping = DomainMapping(airs: [
        .init(prefix: "BH", domain: .housing),
        .init(prefix: "F", domain: .legal),
        .init(prefix: "L", domain: .health),
        .init(prefix: "N", domain: .finance),
        // Longer than "N": employment services are not income support.
        .init(prefix: "ND", domain: .employment),
    ])

    static let airs = Taxonomy(
        id: "airs", name: "AIRS/211 Taxonomy", description: "211 LA County's taxonomy of human services",
        uri: "https://211taxonomy.org", version: "2024"
    )

    static func term(_ code: String, _ name: String, parent: String? = nil) -> TaxonomyTerm {
        TaxonomyTerm(
            id: TaxonomyTermID("airs-\(code)"), code: code, name: name, parentID: parent.map { TaxonomyTermID("airs-\($0)") },
            taxonomy: "AIRS", taxonomyID: airs.id, language: "en"
        )
    }

    static let terms: [TaxonomyTerm] = [
        term("B", "Basic Needs"),
        term("BD", "Food", parent: "B"),
        term("BD-1800", "Emergency Food", parent: "BD"),
        term("BH", "Housing/Shelter", parent: "B"),
        term("BH-1800", "Housing Search and Information", parent: "BH"),
        term("F", "Criminal Justice and Legal Services"),
        term("FT", "Legal Services", parent: "F"),
        term("L", "Health Care"),
        term("LR", "Mental Health Care and Counseling", parent: "L"),
        term("N", "Income Support and Employment"),
        term("ND", "Employment", parent: "N"),
    ]

    static func provenance(_ feed: FeedName, _ key: String, verified: Date?) -> Provenance {
        Provenance(feed: feed, sourceKey: key, firstSeen: days(-400), lastChanged: days(-40), lastVerified: verified)
    }

    static func classified(_ codes: String...) -> [Attribute] {
        codes.enumerated().map { index, code in
            Attribute(id: "attr-\(code)-\(index)", taxonomyTermID: TaxonomyTermID("airs-\(code)"), linkType: "service", label: code)
        }
    }

    static let riverside = Organization(
        id: "org-1", name: "Riverside Community Services", description: "Housing and food help for the county",
        email: "info@riverside.example", website: "https://riverside.example", taxStatus: "501(c)(3)",
        yearIncorporated: 1987, phones: [Phone(id: "org-1-phone", number: "402-555-0100", type: "voice")],
        organizationIdentifiers: [OrganizationIdentifier(id: "org-1-ein", identifierType: "EIN", identifier: "47-0000001")],
        provenance: provenance("hsds-demo", "ORG-1", verified: days(-20))
    )

    static let legalAid = Organization(
        id: "org-2", name: "Legal Aid of the Plains", description: "Civil legal help",
        contacts: [Contact(id: "org-2-contact", name: "Intake Desk", title: "Intake", phones: [Phone(id: "org-2-c-phone", number: "402-555-0200")])],
        provenance: provenance("airs-demo", "A-77", verified: nil)
    )

    static let housingProgram = Program(
        id: "prog-1", organizationID: "org-1", name: "Housing Stability Program",
        description: "Rapid rehousing and prevention", attributes: classified("BH")
    )

    static let weekdays = Schedule(
        id: "sched-weekdays", freq: "WEEKLY", byday: "MO,TU,WE,TH,FR", description: "Weekdays",
        opensAt: "09:00", closesAt: "17:00"
    )

    static let mainOffice = Location(
        id: "loc-1", organizationID: "org-1", name: "Main Office", latitude: 41.2565, longitude: -95.9345,
        languages: [Language(id: "loc-1-en", name: "English", code: "en"), Language(id: "loc-1-es", name: "Spanish", code: "es")],
        addresses: [Address(
            id: "loc-1-addr", address1: "100 River Rd", city: "Omaha", stateProvince: "NE", postalCode: "68102", country: "US"
        )],
        accessibility: [Accessibility(id: "loc-1-ramp", description: "Ramp at the side door")],
        phones: [Phone(id: "loc-1-phone", number: "402-555-0101", extension: 12)],
        schedules: [weekdays],
        provenance: provenance("hsds-demo", "LOC-1", verified: days(-20))
    )

    /// A location that came without provenance: the store stamps it but reads it back without one.
    static let pantry = Location(
        id: "loc-2", organizationID: "org-1", name: "Northside Pantry", latitude: 41.31, longitude: -95.95,
        addresses: [Address(
            id: "loc-2-addr", address1: "5 North St", city: "Omaha", stateProvince: "NE", postalCode: "68111", country: "US"
        )]
    )

    static let courthouseDesk = Location(
        id: "loc-3", organizationID: "org-2", name: "Courthouse Help Desk",
        languages: [Language(id: "loc-3-vi", name: "Vietnamese", code: "vi")],
        provenance: provenance("airs-demo", "S-9", verified: days(-200))
    )

    static let rehousing = Service(
        id: "svc-1", organizationID: "org-1", programID: "prog-1", name: "Rapid Rehousing",
        description: "Help finding and paying for a place to live", status: .active,
        eligibilityDescription: "Families in Douglas County below 200% of poverty", minimumAge: 18,
        phones: [Phone(id: "svc-1-phone", number: "402-555-0110", languages: [Language(id: "svc-1-ph-es", code: "es")])],
        schedules: [weekdays],
        serviceAreas: [ServiceArea(id: "svc-1-area", name: "Douglas County, NE", extentType: "county")],
        languages: [Language(id: "svc-1-en", name: "English", code: "en")],
        costOptions: [CostOption(id: "svc-1-cost", option: "Free", amount: 0)],
        capacities: [ServiceCapacity(
            id: "svc-1-cap", unit: CapacityUnit(id: "unit-bed", name: "beds"), available: 3, maximum: 20,
            updated: "2023-11-01T09:00:00Z"
        )],
        attributes: classified("BH-1800", "BD-1800"),
        eligibility: Eligibility(
            minimumAge: 18, genders: [.female, .male, .nonbinary], maximumIncomePercentOfPoverty: 200,
            residency: [ResidencyArea(kind: .county, name: "Douglas", state: "NE")],
            populations: [.homeless, .veterans, .domesticViolenceSurvivors], unparsed: ["must be referred by a caseworker"]
        ),
        provenance: provenance("hsds-demo", "SVC-1", verified: days(-30))
    )

    static let foodPantry = Service(
        id: "svc-2", organizationID: "org-1", name: "Food Pantry", status: .active,
        schedules: [Schedule(id: "svc-2-sat", freq: "WEEKLY", byday: "SA", opensAt: "10:00", closesAt: "12:00")],
        attributes: classified("BD-1800"),
        provenance: provenance("hsds-demo", "SVC-2", verified: days(-300))
    )

    static let tenantClinic = Service(
        id: "svc-3", organizationID: "org-2", name: "Tenant Legal Clinic", status: .active,
        languages: [Language(id: "svc-3-vi", name: "Vietnamese", code: "vi")],
        attributes: classified("FT", "BH"),
        eligibility: Eligibility(residency: [ResidencyArea(kind: .state, name: "NE")]),
        provenance: provenance("airs-demo", "SVC-A", verified: days(-500))
    )

    static let jobReadiness = Service(
        id: "svc-4", organizationID: "org-2", name: "Job Readiness Workshop", status: .inactive,
        serviceAreas: [ServiceArea(id: "svc-4-area", name: "ZIP 68102")],
        attributes: classified("ND", "LR"),
        eligibility: Eligibility(minimumAge: 16, maximumAge: 24, populations: [.fosterYouth]),
        provenance: provenance("airs-demo", "SVC-B", verified: nil)
    )

    static let links: [ServiceAtLocation] = [
        ServiceAtLocation(
            id: "sal-1", serviceID: "svc-1", locationID: "loc-1", description: "Walk-in intake",
            phones: [Phone(id: "sal-1-phone", number: "402-555-0111")], schedules: [weekdays]
        ),
        ServiceAtLocation(id: "sal-2", serviceID: "svc-1", locationID: "loc-2"),
        ServiceAtLocation(id: "sal-3", serviceID: "svc-2", locationID: "loc-2"),
        ServiceAtLocation(
            id: "sal-4", serviceID: "svc-3", locationID: "loc-3",
            serviceAreas: [ServiceArea(id: "sal-4-area", name: "Douglas County, NE")]
        ),
        ServiceAtLocation(id: "sal-5", serviceID: "svc-4", locationID: "loc-3"),
    ]

    /// Deliberately out of dependency order and id order: the store must not care.
    static var directory: DirectoryBatch {
        DirectoryBatch(
            organizations: [legalAid, riverside], programs: [housingProgram],
            locations: [courthouseDesk, mainOffice, pantry],
            services: [jobReadiness, tenantClinic, rehousing, foodPantry], servicesAtLocations: links.reversed(),
            taxonomies: [airs], taxonomyTerms: terms.reversed()
        )
    }

    /// The record the store should hand back for a service of `batch`, assembled by hand.
    static func expectedRecord(_ id: ServiceID, in batch: DirectoryBatch = directory, domains: [Domain]) -> ServiceRecord? {
        guard let service = batch.services.first(where: { $0.id == id }),
            let organization = batch.organizations.first(where: { $0.id == service.organizationID })
        else { return nil }
        let sites = batch.servicesAtLocations.filter { $0.serviceID == id }
            .sorted { ($0.locationID, $0.id) < ($1.locationID, $1.id) }
            .compactMap { link in
                batch.locations.first { $0.id == link.locationID }.map { ServiceRecord.Site(serviceAtLocation: link, location: $0) }
            }
        let terms = service.taxonomyTermIDs.compactMap { termID in batch.taxonomyTerms.first { $0.id == termID } }
        let taxonomyIDs = Set(terms.compactMap(\.taxonomyID))
        return ServiceRecord(
            service: service, organization: organization,
            program: service.programID.flatMap { programID in batch.programs.first { $0.id == programID } },
            sites: sites, taxonomyTerms: terms,
            taxonomies: batch.taxonomies.filter { taxonomyIDs.contains($0.id) }.sorted { $0.id < $1.id },
            domains: domains
        )
    }

    /// `count` plain services of `org-1`, for paging.
    static func manyServices(_ count: Int) -> [Service] {
        (0..<count).map { n in
            Service(
                id: ServiceID("bulk-\(String(n, radix: 36))-\(n % 7)"), organizationID: "org-1", name: "Bulk service \(n)",
                attributes: classified(n.isMultiple(of: 2) ? "BH-1800" : "FT"),
                provenance: provenance("bulk", "B\(n)", verified: nil)
            )
        }
    }
}
