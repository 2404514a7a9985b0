import DirectoryStore
import Foundation
import HummingbirdTesting
import SwitchboardCore
import Testing

/// `/services` with our filters beside HSDS's: each checked against the stored records, combined
/// with AND, paged as HSDS's Page, and refused with 400 naming the parameter when unreadable.
@Suite struct ServiceFiltersTests {
    /// The ids a query returns, read through every page.
    static func ids(_ client: TestServer.Client, _ query: String) async throws -> Set<String> {
        let response = try await client.get("/services?per_page=1000&minimal=true&\(query)", as: .coordinator)
        #expect(response.status == .ok, "\(query): \(response.text.prefix(300))")
        let page = try response.json()
        let contents = try #require(page["contents"] as? [[String: Any]])
        #expect(page["total_items"] as? Int == contents.count)
        return Set(contents.compactMap { $0["id"] as? String })
    }

    static func miles(_ a: Coordinate, _ b: Coordinate) -> Double {
        let r = 3958.7613, p1 = a.latitude * .pi / 180, p2 = b.latitude * .pi / 180
        let dp = p2 - p1, dl = (b.longitude - a.longitude) * .pi / 180
        let h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }

    @Test func eachFilterKeepsExactlyTheServicesItDescribes() async throws {
        let server = try await TestServer()
        let records = try await server.store.services(after: nil, limit: 1_000)
        let all = Set(records.map(\.id.rawValue))
        let domain = try #require(records.first?.domains.first)
        let origin = try #require(server.service.sites.compactMap(\.location.coordinate).first)
        try await server.run { client in
            #expect(try await Self.ids(client, "") == all)

            let inDomain = try await Self.ids(client, "domain=\(domain.rawValue)")
            #expect(inDomain == Set(records.filter { $0.domains.contains(domain) }.map(\.id.rawValue)))

            let near = try await Self.ids(client, "near=\(origin.latitude),\(origin.longitude)&radius=3")
            let expected = records.filter { record in
                record.sites.compactMap(\.location.coordinate).contains { Self.miles(origin, $0) <= 3 }
            }
            #expect(near == Set(expected.map(\.id.rawValue)))
            #expect(near.contains(server.service.id.rawValue))

            let spanish = try await Self.ids(client, "language=es")
            let speaksSpanish = records.filter { ($0.service.languages ?? []).contains { $0.code == "es" } }
            #expect(spanish.isSuperset(of: speaksSpanish.map(\.id.rawValue)))

            let adults = try await Self.ids(client, "age=40")
            let excluded = records.filter { record in
                let e = record.service.eligibility
                return (e.minimumAge.map { 40 < $0 } ?? false) || (e.maximumAge.map { 40 > $0 } ?? false)
            }
            #expect(adults == all.subtracting(excluded.map(\.id.rawValue)))
            #expect(!excluded.isEmpty || adults == all)

            // AND: two filters keep what both keep.
            let both = try await Self.ids(client, "domain=\(domain.rawValue)&age=40&near=\(origin.latitude),\(origin.longitude)&radius=3")
            #expect(both == inDomain.intersection(adults).intersection(near))
            let organization = server.service.organization.id.rawValue
            let withHSDS = try await Self.ids(client, "organization_id=\(organization)&domain=\(domain.rawValue)")
            #expect(withHSDS == Set(records.filter { $0.organization.id.rawValue == organization && $0.domains.contains(domain) }.map(\.id.rawValue)))

            // A weekly time and the same moment as a date-time (2026-11-23 is a Monday) agree.
            let monday = try await Self.ids(client, "open_at=mon%2009:30")
            #expect(monday == (try await Self.ids(client, "open_at=2026-11-23T09:30:00")))
            #expect(monday.isSubset(of: all))
            #expect(try await Self.ids(client, "free=true").isSubset(of: all))
            #expect(try await Self.ids(client, "capacity=available").isSubset(of: all))
        }
    }

    @Test func postcodeWithProximityMeasuresFromTheZIPCodesCentre() async throws {
        let server = try await TestServer()
        let records = try await server.store.services(after: nil, limit: 1_000)
        let postcodes = server.service.sites.compactMap { $0.location.addresses?.first?.postalCode }
        let zip = try #require(postcodes.first)
        let centre = try #require(TestServer.referenceData.0[zip]).coordinate
        try await server.run { client in
            let within = try await Self.ids(client, "postcode=\(zip)&proximity=8000")
            let expected = records.filter { record in
                record.sites.compactMap(\.location.coordinate).contains { Self.miles(centre, $0) <= 8000 / 1609.344 }
            }
            #expect(within == Set(expected.map(\.id.rawValue)))
            let unknown = try await client.get("/services?postcode=00000&proximity=1000", as: .coordinator)
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("00000"))
        }
    }

    @Test(arguments: [
        ("near=abc", "near"), ("near=41,-95&radius=-2", "radius"), ("radius=5", "radius"), ("open_at=someday", "open_at"),
        ("age=old", "age"), ("age=-1", "age"), ("domain=astrology", "domain"), ("postcode=12", "postcode"),
        ("proximity=500", "proximity"), ("capacity=plenty", "capacity"), ("modified_after=yesterday", "modified_after"),
        ("minimal=maybe", "minimal"), ("format=xml", "format"), ("per_page=0", "per_page"), ("page=-3", "page"),
        ("gender=x", "gender"), ("status=gone", "status"), ("free=perhaps", "free"),
    ])
    func unreadableValuesAnswer400NamingTheParameter(query: String, parameter: String) async throws {
        let server = try await TestServer()
        try await server.run { client in
            let response = try await client.get("/services?\(query)", as: .coordinator)
            #expect(response.status == .badRequest, "\(query): \(response.status)")
            let error = try #require(try response.json()["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid-request")
            #expect((error["message"] as? String ?? "").hasPrefix(parameter), "\(query): \(error["message"] ?? "")")
        }
    }

    @Test func filteredListsArePagedWithoutOverlapOrGap() async throws {
        let server = try await TestServer()
        let domain = try #require(server.service.domains.first)
        try await server.run { client in
            let whole = try await Self.ids(client, "domain=\(domain.rawValue)")
            var seen: [String] = []
            var page = 1
            while true {
                let body = try await client.get("/services?domain=\(domain.rawValue)&per_page=3&page=\(page)", as: .coordinator).json()
                #expect(body["total_items"] as? Int == whole.count)
                seen += (body["contents"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                if body["last_page"] as? Bool == true { break }
                page += 1
            }
            #expect(seen.count == whole.count)
            #expect(Set(seen) == whole)
            #expect(seen == seen.sorted())
        }
    }

    /// Pages of services at locations are cut from the index's site counts: together they are the whole list, in order.
    @Test func servicesAtLocationsArePagedFromTheIndexesSiteCounts() async throws {
        let server = try await TestServer()
        let records = try await server.store.services(after: nil, limit: 1_000)
        let domain = try #require(server.service.domains.first)
        try await server.run { client in
            for filter in ["", "domain=\(domain.rawValue)"] {
                let whole = try await client.get("/service_at_locations?per_page=1000&\(filter)", as: .coordinator).json()
                let all = (whole["contents"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                let expected = records.filter { filter.isEmpty || $0.domains.contains(domain) }.flatMap(\.sites).map(\.serviceAtLocation.id.rawValue)
                #expect(all == expected)
                #expect(whole["total_items"] as? Int == expected.count)
                var paged: [String] = []
                for page in 1...((expected.count + 6) / 7 + 1) {
                    let body = try await client.get("/service_at_locations?per_page=7&page=\(page)&\(filter)", as: .coordinator).json()
                    #expect(body["total_items"] as? Int == expected.count)
                    paged += (body["contents"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                }
                #expect(paged == expected)
            }
        }
    }
}
