import Foundation
import Matching
import SwitchboardCore

/// Small hand-made services for tests that need to know every fact.
struct RecordBuilder {
    static let omaha = Coordinate(latitude: 41.2565, longitude: -95.9345)

    var id: String
    var name = "Service"
    var organization = "Agency"
    var organizationID: String?
    var description = ""
    var codes: [(String, String)] = [("BH-1800.8500", "Homeless Shelter")]
    var domains: [Domain] = [.housing]
    var point: Coordinate? = omaha
    var extraPoints: [Coordinate] = []
    var status: Service.Status = .active
    var eligibility = Eligibility()
    var languages: [String] = ["en"]
    var capacity: (available: Double, description: String?)?
    var cost: String? = "Free"
    var schedules: [Schedule] = []
    var verified: Date? = Fixtures.now.addingTimeInterval(-30 * 86_400)
    var accessibility: String?
    var interpretation = false

    init(_ id: String) { self.id = id }

    func make() -> ServiceRecord {
        let orgID = OrganizationID(organizationID ?? "org-\(id)")
        let terms = codes.flatMap { code, name -> [TaxonomyTerm] in
            AIRSCode(code)!.lineage.map { c in
                TaxonomyTerm(id: TaxonomyTermID("term-\(c.rawValue)"), code: c.rawValue, name: c.rawValue == code ? name : c.rawValue,
                    parentID: c.parent.map { TaxonomyTermID("term-\($0.rawValue)") })
            }
        }
        var service = Service(id: ServiceID(id), organizationID: orgID, name: name, description: description, status: status)
        service.attributes = codes.enumerated().map { Attribute(id: "a\($0.offset)", taxonomyTermID: TaxonomyTermID("term-\($0.element.0)")) }
        service.eligibility = eligibility
        service.languages = languages.map { Language(id: $0, code: $0) }
        if let capacity {
            service.capacities = [ServiceCapacity(id: "c", unit: CapacityUnit(id: "u", name: "beds"), available: capacity.available, description: capacity.description, updated: "2025-12-30T00:00:00Z")]
        }
        if let cost { service.fees = cost }
        service.schedules = schedules
        service.interpretationServices = interpretation ? "Interpreters by phone" : nil
        service.provenance = Provenance(feed: "test", sourceKey: id, firstSeen: Fixtures.now, lastChanged: Fixtures.now, lastVerified: verified)
        let sites = ([point].compactMap { $0 } + extraPoints).enumerated().map { n, p in
            var location = Location(id: LocationID("loc-\(id)-\(n)"), organizationID: orgID, name: "Site", latitude: p.latitude, longitude: p.longitude)
            if let accessibility { location.accessibility = [Accessibility(id: "acc", description: accessibility)] }
            return ServiceRecord.Site(
                serviceAtLocation: ServiceAtLocation(id: ServiceAtLocationID("sal-\(id)-\(n)"), serviceID: service.id, locationID: location.id),
                location: location)
        }
        return ServiceRecord(
            service: service, organization: Organization(id: orgID, name: organization), sites: sites,
            taxonomyTerms: Array(Set(terms.map(\.id))).sorted().compactMap { id in terms.first { $0.id == id } }, domains: domains)
    }

    /// A point `miles` north of Omaha's centre.
    static func north(_ miles: Double) -> Coordinate {
        Coordinate(latitude: omaha.latitude + miles / 69.05, longitude: omaha.longitude)
    }

    static func weekly(_ days: String, _ opens: String, _ closes: String, timezone: Double? = -6) -> Schedule {
        Schedule(id: "s-\(days)", timezone: timezone, freq: "WEEKLY", byday: days, opensAt: opens, closesAt: closes)
    }
}

extension Array where Element == RecordBuilder {
    func index() -> DirectoryIndex { Fixtures.index(map { $0.make() }) }
}
