import DirectoryStore
import Foundation
import SwitchboardCore

/// A county feed of small agencies, for refresh tests: each agency is an organization, its
/// office, and two services delivered there (four records of kinds a feed owns, plus two sites).
extension Fixtures {
    static let county: FeedName = "county-211"

    /// The taxonomy the county feed classifies with: shipped with the product, loaded before any refresh.
    static var taxonomyBatch: DirectoryBatch { DirectoryBatch(taxonomies: [airs], taxonomyTerms: terms) }

    struct Agency {
        var organization: Organization
        var office: Location
        var services: [Service]
        var sites: [ServiceAtLocation]

        var batch: DirectoryBatch {
            DirectoryBatch(organizations: [organization], locations: [office], services: services, servicesAtLocations: sites)
        }

        /// Organization, office, services and sites: what a full export that drops the agency retires.
        var recordCount: Int { 2 + services.count + sites.count }

        var serviceIDs: [ServiceID] { services.map(\.id) }
    }

    static func agency(_ n: Int, feed: FeedName = county) -> Agency {
        let key = "\(feed)-\(n)"
        let provenance = { (sourceKey: String) in
            Provenance(feed: feed, sourceKey: sourceKey, firstSeen: days(-90), lastChanged: days(-30), lastVerified: days(-30))
        }
        let organization = Organization(
            id: OrganizationID("org-\(key)"), name: "Agency \(n)", description: "Agency number \(n) of \(feed)",
            phones: [Phone(id: "phone-\(key)", number: "402-555-\(1000 + n)")], provenance: provenance("A\(n)")
        )
        let office = Location(
            id: LocationID("loc-\(key)"), organizationID: organization.id, name: "Office of agency \(n)",
            latitude: 41 + Double(n) / 100, longitude: -96, provenance: provenance("S\(n)")
        )
        let shelter = Service(
            id: ServiceID("svc-\(key)-shelter"), organizationID: organization.id, name: "Shelter \(n)",
            description: "Beds for the night", status: .active, attributes: classified("BH-1800"),
            provenance: provenance("V\(n)-1")
        )
        let legal = Service(
            id: ServiceID("svc-\(key)-legal"), organizationID: organization.id, name: "Legal clinic \(n)",
            status: .active, attributes: classified("FT"), provenance: provenance("V\(n)-2")
        )
        return Agency(
            organization: organization, office: office, services: [shelter, legal],
            sites: [shelter, legal].map { service in
                ServiceAtLocation(id: ServiceAtLocationID("sal-\(service.id)"), serviceID: service.id, locationID: office.id)
            }
        )
    }

    static func agencies(_ numbers: ClosedRange<Int>, feed: FeedName = county) -> [Agency] {
        numbers.map { agency($0, feed: feed) }
    }

    /// A full export as a reader hands it over: a few agencies a chunk.
    static func chunks(_ agencies: [Agency], perChunk: Int = 3) -> [DirectoryBatch] {
        stride(from: 0, to: agencies.count, by: perChunk).map { start in
            var batch = DirectoryBatch()
            for agency in agencies[start..<min(start + perChunk, agencies.count)] { batch.append(contentsOf: agency.batch) }
            return batch
        }
    }
}
