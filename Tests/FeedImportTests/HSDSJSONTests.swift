import Foundation
import Testing
import SwitchboardCore
@testable import FeedImport

@Suite struct HSDSJSONTests {
    func temporaryFile(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hsdsjson-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    func write(_ records: [ServiceRecord], layout: HSDSJSON.Layout) throws -> Data {
        let path = temporaryFile(layout == .array ? "services.json" : "services.ndjson")
        let writer = try HSDSJSON.Writer(path: path, layout: layout)
        try writer.write(records)
        try writer.finish()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test(arguments: [HSDSJSON.Layout.array, .ndjson])
    func nestedServicesSurviveAWriteAndARead(layout: HSDSJSON.Layout) throws {
        let records = [JSONFixtures.record(1), JSONFixtures.record(2)]
        let data = try write(records, layout: layout)
        let read = FeedNormalizer.normalize(HSDSJSON.read(data, file: "services.json"), feed: "other", now: Date(timeIntervalSince1970: 0))
        #expect(read.issues.isEmpty)
        #expect(read.batch.services.count == 2)
        #expect(read.batch.organizations.count == 2)
        #expect(read.batch.locations.count == 2)
        #expect(read.batch.servicesAtLocations.count == 2)
        let service = try #require(read.batch.services.first { $0.id == records[0].service.id })
        #expect(service == records[0].service)
        #expect(service.eligibility.genders == [.female])
        #expect(service.eligibility.minimumAge == 18)
        #expect(service.provenance?.feed == "fixture")
        let location = try #require(read.batch.locations.first)
        #expect(location == records[0].sites[0].location)
        #expect(read.batch.organizations.first == records[0].organization)
        // The feed names only the leaf term; its AIRS ancestors are derived from the code.
        #expect(Set(read.batch.taxonomyTerms.compactMap(\.code)) == ["BH-1800.8500", "BH-1800", "BH", "B"])
    }

    @Test func theSwitchboardFactsTravelAsHSDSAttributes() throws {
        let data = try HSDSJSON.encode(JSONFixtures.record())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let attributes = try #require(object["attributes"] as? [[String: Any]])
        let values = attributes.compactMap { ($0["taxonomy_term"] as? [String: Any])?["code"] as? String }
        #expect(values.contains("eligibility-gender"))
        #expect(values.contains("provenance"))
        #expect(values.contains("BH-1800.8500"))
        #expect((object["organization"] as? [String: Any])?["name"] as? String == "Heartland Family Service 1")
        let sites = try #require(object["service_at_locations"] as? [[String: Any]])
        #expect((sites.first?["location"] as? [String: Any])?["latitude"] as? Double == 41.2565)
    }

    @Test func aServiceThatCannotBeReadIsNamedAndTheRestGoIn() throws {
        let good = String(decoding: try HSDSJSON.encode(JSONFixtures.record(1)), as: UTF8.self)
        let lines = [
            good,
            #"{"id":"s-bad-status","name":"X","status":"open","organization_id":"o1"}"#,
            #"{"id":"s-no-name","status":"active","organization_id":"o1"}"#,
            #"{"id":"s-bad-age","name":"Y","status":"active","organization_id":"o1","minimum_age":"eighteen"}"#,
            #"{"id": "s-broken", "#,
        ]
        let read = HSDSJSON.read(Data(lines.joined(separator: "\n").utf8), file: "feed.ndjson")
        #expect(read.batch.services.count == 1)
        let byID = Dictionary(read.issues.map { ($0.recordID ?? "line \($0.line ?? 0)", $0) }, uniquingKeysWith: { a, _ in a })
        let status = try #require(byID["s-bad-status"])
        #expect(status.code == .unknownValue)
        #expect(status.field == "status")
        #expect(status.line == 2)
        #expect(status.description.contains("feed.ndjson:2"))
        #expect(status.description.contains("'open' is not a service status"))
        #expect(byID["s-no-name"]?.code == .missingField)
        #expect(byID["s-no-name"]?.field == "name")
        #expect(byID["s-bad-age"]?.field == "minimum_age")
        #expect(read.issues.contains { $0.code == .malformedFile && $0.line == 5 })
    }

    @Test func aMalformedFileIsReportedWithItsPosition() {
        let read = HSDSJSON.read(Data("[\n {\"id\": \"a\",\n  \"name\": }\n]".utf8), file: "bad.json")
        #expect(read.batch.services.isEmpty)
        #expect(read.issues.count == 1)
        #expect(read.issues.first?.code == .malformedFile)
        #expect(read.issues.first?.file == "bad.json")
        #expect(read.issues.first?.line == 3, "\(read.issues)")
    }

    @Test func aLatitudeOfAHundredIsRefusedNamingTheLocation() throws {
        var record = JSONFixtures.record()
        record.sites[0].location.latitude = 100
        let data = try HSDSJSON.encode(record)
        let read = FeedNormalizer.normalize(HSDSJSON.read(data, file: "f.json"), feed: "f", now: Date())
        let issue = try #require(read.issues.first)
        #expect(issue.recordType == "location")
        #expect(issue.recordID == record.sites[0].location.id.rawValue)
        #expect(issue.field == "latitude")
        #expect(issue.code == .outOfRange)
        #expect(read.batch.locations.isEmpty)
        #expect(read.batch.services.count == 1)
    }

    @Test func exportImportExportIsByteIdentical() throws {
        let first = try write([JSONFixtures.record(1), JSONFixtures.record(2)], layout: .array)
        let read = FeedNormalizer.normalize(HSDSJSON.read(first, file: "a.json"), feed: "x", now: Date())
        // Rebuild records the way a store would hand them back.
        let records = read.batch.services.map { service in
            let org = read.batch.organizations.first { $0.id == service.organizationID }!
            let sites = read.batch.servicesAtLocations.filter { $0.serviceID == service.id }.map { sal in
                ServiceRecord.Site(serviceAtLocation: sal, location: read.batch.locations.first { $0.id == sal.locationID }!)
            }
            return ServiceRecord(service: service, organization: org, sites: sites,
                taxonomyTerms: read.batch.taxonomyTerms, taxonomies: read.batch.taxonomies, domains: [.housing])
        }
        let second = try write(records, layout: .array)
        #expect(String(decoding: first, as: UTF8.self) == String(decoding: second, as: UTF8.self))
    }

    @Test func anHSDSAPIPageAndServicesWithoutRedundantIDsAreRead() throws {
        let json = #"""
        {"total_items": 1, "page_number": 1, "contents": [
          {"id": "svc-1", "name": "Food pantry", "status": "Active",
           "organization": {"id": "org-1", "name": "Pantry Org", "description": ""},
           "service_at_locations": [{"id": "sal-1", "location": {"id": "loc-1", "location_type": "physical", "latitude": 41.0, "longitude": -96.0}}],
           "attributes": [{"id": "att-1", "taxonomy_term": {"id": "t-1", "code": "BD-1800.2000", "name": "Food Pantries"}}]}
        ]}
        """#
        let read = HSDSJSON.read(Data(json.utf8), file: "page.json")
        #expect(read.issues.isEmpty)
        let service = try #require(read.batch.services.first)
        #expect(service.organizationID == "org-1")
        #expect(service.status == .active)
        #expect(read.batch.servicesAtLocations.first?.serviceID == "svc-1")
        #expect(read.batch.servicesAtLocations.first?.locationID == "loc-1")
        #expect(service.taxonomyTermIDs == ["t-1"])
        #expect(read.batch.taxonomyTerms.first?.description == "")
    }
}
