import Foundation
import SwitchboardCore
import FeedImport

/// A small, rich directory built by hand: every nested kind of record appears at least once.
enum JSONFixtures {
    static let seen = Date(timeIntervalSince1970: 1_700_000_000)

    static let housingTerm = TaxonomyTerm(
        id: TaxonomyTermID.derived(from: "airs", "BH-1800.8500"), code: "BH-1800.8500", name: "Emergency Shelter",
        description: "Facilities that provide temporary shelter.", parentID: TaxonomyTermID.derived(from: "airs", "BH-1800"),
        taxonomy: "AIRS/211", taxonomyID: airs.id)
    static let housingParent = TaxonomyTerm(
        id: TaxonomyTermID.derived(from: "airs", "BH-1800"), code: "BH-1800", name: "Emergency Shelter (group)",
        description: "", taxonomy: "AIRS/211", taxonomyID: airs.id)
    static let airs = Taxonomy(id: TaxonomyID("9d1c2b5a-1111-5222-8333-444455556666"), name: "AIRS/211", description: "211 LA County taxonomy")

    static func record(_ n: Int = 1) -> ServiceRecord {
        let org = Organization(
            id: OrganizationID.derived(from: "org", String(n)), name: "Heartland Family Service \(n)",
            description: "A family service agency.", email: "info@example.org", website: "https://example.org",
            phones: [Phone(id: "p-org-\(n)", number: "(402) 555-0100")],
            provenance: Provenance(feed: "fixture", sourceKey: "A\(n)", firstSeen: seen, lastChanged: seen))
        let location = Location(
            id: LocationID.derived(from: "loc", String(n)), locationType: .physical, organizationID: org.id,
            name: "Main office", latitude: 41.2565, longitude: -95.9345,
            languages: [Language(id: "l-loc-\(n)", name: "Spanish", code: "es")],
            addresses: [Address(id: "a-\(n)", address1: "2101 S 42nd St", city: "Omaha", stateProvince: "NE", postalCode: "68105", country: "US")],
            accessibility: [Accessibility(id: "acc-\(n)", description: "Wheelchair ramp")],
            schedules: [Schedule(id: "s-loc-\(n)", freq: "WEEKLY", byday: "MO,TU,WE,TH,FR", opensAt: "08:00", closesAt: "17:00")],
            provenance: Provenance(feed: "fixture", sourceKey: "S\(n)", firstSeen: seen, lastChanged: seen))
        let serviceID = ServiceID.derived(from: "svc", String(n))
        var service = Service(
            id: serviceID, organizationID: org.id, name: "Emergency Shelter for Families \(n)",
            description: "Beds for families with children.", status: .active,
            eligibilityDescription: "Women and their children. Ages 18-64. Must be referred by a caseworker.",
            assuredDate: "2025-06-01", lastModified: "2025-06-02T10:00:00Z",
            phones: [Phone(id: "p-svc-\(n)", number: "402-555-0134", extension: 12, type: "voice")],
            schedules: [Schedule(id: "s-svc-\(n)", timezone: -6, freq: "WEEKLY", byday: "SA,SU", opensAt: "09:00", closesAt: "12:00")],
            serviceAreas: [ServiceArea(id: "sa-\(n)", name: "Douglas County, NE")],
            languages: [Language(id: "l-svc-\(n)", name: "English", code: "en")],
            costOptions: [CostOption(id: "c-\(n)", option: "Free", amount: 0)],
            requiredDocuments: [RequiredDocument(id: "d-\(n)", document: "Photo ID")],
            contacts: [Contact(id: "ct-\(n)", name: "Intake desk", phones: [Phone(id: "p-ct-\(n)", number: "402-555-0177")])],
            capacities: [ServiceCapacity(id: "cap-\(n)", unit: CapacityUnit(id: "u-beds", name: "beds"), available: 3, maximum: 40, updated: "2025-06-02T08:00:00Z")],
            attributes: [Attribute(id: "at-\(n)", taxonomyTermID: housingTerm.id)])
        service.eligibility = EligibilityReader.read(description: service.eligibilityDescription, minimumAge: nil, maximumAge: nil, serviceAreas: service.serviceAreas ?? [])
        service.provenance = Provenance(feed: "fixture", sourceKey: "SS\(n)", firstSeen: seen, lastChanged: seen, lastVerified: Timestamp.date("2025-06-01"))
        let site = ServiceRecord.Site(
            serviceAtLocation: ServiceAtLocation(id: ServiceAtLocationID.derived(from: "sal", String(n)), serviceID: serviceID, locationID: location.id),
            location: location)
        return ServiceRecord(service: service, organization: org, sites: [site], taxonomyTerms: [housingTerm], taxonomies: [airs], domains: [.housing])
    }
}
