import Foundation
@testable import Matching
import SwitchboardCore
import Testing

/// Nearest-first searches over many candidates rank by rings around the place; they must give
/// exactly what scanning every candidate gives.
@Suite struct SearchRingTests {
    static let queries: [SearchQuery] = [
        SearchQuery(near: .zip("68102")),
        SearchQuery(near: .zip("68102"), page: 3, perPage: 25),
        SearchQuery(domains: [.health], near: .zip("51501"), sort: .distance, perPage: 50),
        SearchQuery(near: .point(Coordinate(latitude: 41.0, longitude: -96.5)), languages: ["es"], perPage: 40),
        SearchQuery(near: .zip("68005"), capacity: .availableOrWaitlist, statuses: nil, page: 2, perPage: 30),
        SearchQuery(near: .zip("10001"), perPage: 10),  // far from every service: all from the last scan
        SearchQuery(taxonomyCode: "BH", near: .zip("68104"), page: 40, perPage: 50),  // beyond the last result
    ]

    @Test(arguments: queries)
    func ringsGiveWhatAFullScanGives(query: SearchQuery) throws {
        let rings = try Fixtures.demoIndex.search(query, ringThreshold: 0)
        let scan = try Fixtures.demoIndex.search(query, ringThreshold: Int.max)
        #expect(rings == scan)
        #expect(rings.hits.map(\.distanceMiles) == rings.hits.map(\.distanceMiles).sorted { ($0 ?? .infinity) < ($1 ?? .infinity) })
    }
}
