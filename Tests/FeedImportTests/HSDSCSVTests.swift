import Foundation
import Testing
@testable import FeedImport
import SwitchboardCore

/// Builds services with something in every nested table, for round trips.
enum HSDSFixture {
    static let taxonomy = Taxonomy(id: "tax-airs", name: "AIRS/211", description: "211 LA County taxonomy", version: "2024")
    static let foodTerm = TaxonomyTerm(id: "term-bd", code: "BD", name: "Food", description: "Food programs", taxonomy: "AIRS/211", taxonomyID: "tax-airs")
    static let pantryTerm = TaxonomyTerm(id: "term-bd-1800", code: "BD-1800.2000", name: "Food Pantries", parentID: "term-bd", taxonomyID: "tax-airs")
    static let spanishTerm = TaxonomyTerm(id: "term-lang", name: "Spanish speaking staff")
    static let bed = CapacityUnit(id: "unit-bed", name: "bed", scheme: "SKOS", identifier: "bed", uri: "https://example.org/units/bed")

    static func attribute(_ id: String, _ term: TaxonomyTermID, on entity: String, value: String? = nil) -> Attribute {
        Attribute(id: id, taxonomyTermID: term, linkType: "classification", linkEntity: entity, value: value, label: value.map { "Label \($0)" })
    }

    static func phone(_ id: String, extension: Int? = nil) -> Phone {
        Phone(id: id, number: "402-555-0100", extension: `extension`, type: "voice", description: "Front desk, ask for \"intake\"",
              languages: [Language(id: "\(id)-lang", name: "Spanish", code: "es")],
              attributes: [attribute("\(id)-attr", "term-lang", on: "phone")])
    }

    static let organization = Organization(
        id: "org-1", name: "Heartland Family Services", alternateName: "HFS", description: "Family services, since 1875.",
        email: "info@example.org", website: "https://example.org", additionalWebsites: [WebLink(id: "org-1-url", label: "Donate", url: "https://example.org/give")],
        taxStatus: "501(c)(3)", taxID: "47-0376601", yearIncorporated: 1875, legalStatus: "nonprofit",
        funding: [Funding(id: "org-1-fund", source: "United Way")],
        contacts: [Contact(id: "org-1-contact", name: "Dana Reyes", title: "Director", email: "dana@example.org", phones: [phone("org-1-contact-phone")])],
        phones: [phone("org-1-phone", extension: 12)],
        organizationIdentifiers: [OrganizationIdentifier(id: "org-1-ein", identifierScheme: "US-EIN", identifierType: "EIN", identifier: "47-0376601")],
        attributes: [attribute("org-1-attr", "term-bd", on: "organization")],
        metadata: [ChangeNote(id: "org-1-note", resourceID: "org-1", resourceType: "organization", lastActionDate: "2024-05-01",
                              lastActionType: "update", fieldName: "name", previousValue: "HFS", replacementValue: "Heartland Family Services", updatedBy: "admin")]
    )

    static let program = Program(id: "prog-1", organizationID: "org-1", name: "Food Security", description: "Pantries and meals",
                                 attributes: [attribute("prog-1-attr", "term-bd", on: "program")])

    static func location(_ id: String, latitude: Double) -> Location {
        Location(
            id: LocationID(id), locationType: .physical, url: "https://example.org/\(id)", organizationID: "org-1", name: "Site \(id)",
            description: "Ground floor,\nramp at the back", transportation: "Bus 4", latitude: latitude, longitude: -95.9345,
            externalIdentifier: "EXT-\(id)", externalIdentifierType: "agency",
            languages: [Language(id: "\(id)-lang", name: "Vietnamese", code: "vi", note: "Tuesdays")],
            addresses: [Address(id: "\(id)-addr", attention: "Intake", address1: "2101 S 42nd St", address2: "Suite 100", city: "Omaha",
                                region: "Midwest", stateProvince: "NE", postalCode: "68105", country: "US", addressType: .physical,
                                attributes: [attribute("\(id)-addr-attr", "term-bd", on: "address")])],
            contacts: [Contact(id: "\(id)-contact", name: "Front desk")],
            accessibility: [Accessibility(id: "\(id)-access", description: "Wheelchair ramp", details: "Back entrance", url: "https://example.org/access")],
            phones: [phone("\(id)-phone")],
            schedules: [Schedule(id: "\(id)-sched", freq: "WEEKLY", byday: "MO,TU", opensAt: "09:00", closesAt: "17:00")],
            attributes: [attribute("\(id)-attr", "term-bd", on: "location")],
            metadata: [ChangeNote(id: "\(id)-note", resourceID: id, resourceType: "location", lastActionDate: "2024-01-02",
                                  lastActionType: "create", fieldName: "", previousValue: "", replacementValue: "", updatedBy: "import")]
        )
    }

    static func record(_ index: Int, locations: [Location]) -> ServiceRecord {
        let id = "svc-\(index)"
        let service = Service(
            id: ServiceID(id), organizationID: "org-1", programID: "prog-1", name: "Food pantry \(index)", alternateName: "Pantry",
            description: "Groceries, once a month.\nBring a bag.", url: "https://example.org/pantry", email: "pantry@example.org",
            status: index.isMultiple(of: 2) ? .active : .temporarilyClosed, interpretationServices: "Spanish, by phone",
            applicationProcess: "Walk in", feesDescription: "Free", waitTime: "None", fees: "none", accreditations: "CARF",
            eligibilityDescription: "Residents of Douglas County", minimumAge: 18, maximumAge: 64.5, assuredDate: "2024-06-01",
            assurerEmail: "qa@example.org", licenses: "State license 12", alert: "Closed on holidays", lastModified: "2024-06-01T12:00:00Z",
            phones: [phone("\(id)-phone", extension: 7)],
            schedules: [Schedule(id: "\(id)-sched", validFrom: "2024-01-01", validTo: "2024-12-31", dtstart: "2024-01-01", timezone: -6,
                                 until: "2024-12-31", count: 10, wkst: "MO", freq: "WEEKLY", interval: 2, byday: "WE", byweekno: "1",
                                 bymonthday: "15", byyearday: "100", description: "Every other Wednesday", opensAt: "10:00", closesAt: "14:30",
                                 scheduleLink: "https://example.org/hours", attendingType: "in person", notes: "Arrive early",
                                 attributes: [attribute("\(id)-sched-attr", "term-bd", on: "schedule")])],
            serviceAreas: [ServiceArea(id: "\(id)-area", name: "Douglas County, NE", description: "County", extent: "POLYGON", extentType: "wkt", uri: "https://example.org/area",
                                       attributes: [attribute("\(id)-area-attr", "term-bd", on: "service_area")])],
            languages: [Language(id: "\(id)-lang", name: "English", code: "en")],
            funding: [Funding(id: "\(id)-fund", source: "USDA")],
            costOptions: [CostOption(id: "\(id)-cost", validFrom: "2024-01-01", validTo: "2024-12-31", option: "Sliding scale", currency: "USD", amount: 12.5, amountDescription: "per visit")],
            requiredDocuments: [RequiredDocument(id: "\(id)-doc", document: "Photo ID", uri: "https://example.org/id")],
            contacts: [Contact(id: "\(id)-contact", name: "Sam", title: "Coordinator", department: "Food", email: "sam@example.org", phones: [phone("\(id)-contact-phone", extension: 3)])],
            capacities: [ServiceCapacity(id: "\(id)-cap", unit: bed, available: 4, maximum: 20.5, description: "Overnight beds", updated: "2024-06-01T08:00:00Z")],
            attributes: [attribute("\(id)-attr-1", "term-bd-1800", on: "service", value: "primary"), attribute("\(id)-attr-2", "term-lang", on: "service")],
            metadata: [ChangeNote(id: "\(id)-note", resourceID: id, resourceType: "service", lastActionDate: "2024-06-01", lastActionType: "update",
                                  fieldName: "status", previousValue: "active", replacementValue: "temporarily closed", updatedBy: "editor")]
        )
        var withURLs = service
        withURLs.additionalURLs = [WebLink(id: "\(id)-url", label: "Menu", url: "https://example.org/menu")]
        let sites = locations.enumerated().map { offset, location in
            ServiceRecord.Site(
                serviceAtLocation: ServiceAtLocation(
                    id: ServiceAtLocationID("\(id)-at-\(location.id)"), serviceID: ServiceID(id), locationID: location.id,
                    description: "At \(location.name ?? "")", serviceAreas: [ServiceArea(id: "\(id)-\(offset)-area", name: "ZIP 68105")],
                    contacts: [Contact(id: "\(id)-\(offset)-contact", name: "Site lead")], phones: [phone("\(id)-\(offset)-phone")],
                    schedules: [Schedule(id: "\(id)-\(offset)-sched", freq: "WEEKLY", byday: "FR", opensAt: "08:00", closesAt: "12:00")],
                    attributes: [attribute("\(id)-\(offset)-attr", "term-bd", on: "service_at_location")]
                ),
                location: location
            )
        }
        return ServiceRecord(
            service: withURLs, organization: organization, program: program, sites: sites,
            // As DirectoryBatch.serviceRecords() gives them: the attributes' terms and ancestors, in id order.
            taxonomyTerms: [foodTerm, pantryTerm, spanishTerm], taxonomies: [taxonomy]
        )
    }

    static func records() -> [ServiceRecord] {
        let north = location("loc-b-north", latitude: 41.2565)
        let south = location("loc-a-south", latitude: 41.1)
        return [record(1, locations: [north, south]), record(2, locations: [south]), record(3, locations: [])]
    }
}

func temporaryDirectory(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("switchboard-csv-tests-\(UUID().uuidString)")
        .appendingPathComponent(name.filter { $0.isLetter || $0.isNumber })
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func contents(of directory: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for url in try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) {
        result[url.lastPathComponent] = try Data(contentsOf: url)
    }
    return result
}

func writeFiles(_ files: [String: String], to directory: URL) throws {
    for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
}

struct HSDSCSVRoundTripTests {
    @Test func exportImportExportGivesIdenticalBytesAndEqualRecords() throws {
        let records = HSDSFixture.records()
        let first = try temporaryDirectory()
        let writer = try HSDSCSVWriter(directory: first)
        // Pages of one, as a large export would page through the store.
        for record in records { try writer.write([record]) }
        try writer.finish()

        let read = try HSDSCSVReader.read(directory: first)
        #expect(read.issues.isEmpty, "\(read.issues)")
        let again = read.batch.serviceRecords()
        #expect(again.count == records.count)
        for (original, copy) in zip(records, again) {
            #expect(copy.service == original.service)
            #expect(copy.organization == original.organization)
            #expect(copy.program == original.program)
            #expect(copy.sites == original.sites)
            #expect(copy.taxonomyTerms == original.taxonomyTerms)
            #expect(copy.taxonomies == original.taxonomies)
        }
        #expect(again == records)

        let second = try temporaryDirectory()
        let rewriter = try HSDSCSVWriter(directory: second)
        try rewriter.write(again)
        rewriter.include(taxonomies: read.batch.taxonomies, terms: read.batch.taxonomyTerms)
        try rewriter.finish()
        let firstFiles = try contents(of: first)
        let secondFiles = try contents(of: second)
        #expect(firstFiles.keys.sorted() == secondFiles.keys.sorted())
        for (name, data) in firstFiles { #expect(secondFiles[name] == data, "\(name) differs") }
    }

    @Test func pagedExportOfThousandsOfServicesReadsBackWhole() throws {
        let south = HSDSFixture.location("loc-a-south", latitude: 41.1)
        let directory = try temporaryDirectory()
        let writer = try HSDSCSVWriter(directory: directory)
        for page in 0..<4 {
            try writer.write((0..<500).map { HSDSFixture.record(page * 500 + $0, locations: [south]) })
        }
        try writer.finish()
        let read = try HSDSCSVReader.read(directory: directory)
        #expect(read.issues.isEmpty)
        #expect(read.batch.services.count == 2_000)
        #expect(read.batch.locations.count == 1)
        #expect(read.batch.organizations.count == 1)
        #expect(read.batch.services.last?.phones?.first?.languages?.count == 1)
    }

    @Test func writesSchemaOrderedColumnsForeignKeysAndWholeNumbers() throws {
        let directory = try temporaryDirectory()
        let writer = try HSDSCSVWriter(directory: directory)
        try writer.write([HSDSFixture.records()[2]])
        try writer.finish()
        let files = try contents(of: directory)
        let services = String(decoding: files["services.csv"]!, as: UTF8.self)
        #expect(services.hasPrefix("id,organization_id,program_id,name,alternate_name,description,url,email,status,"))
        #expect(services.contains(",temporarily closed,"))
        #expect(services.contains(",18,64.5,"))
        let capacity = String(decoding: files["service_capacity.csv"]!, as: UTF8.self)
        #expect(capacity == "id,service_id,unit_id,available,maximum,description,updated\nsvc-3-cap,svc-3,unit-bed,4,20.5,Overnight beds,2024-06-01T08:00:00Z\n")
        let attributes = String(decoding: files["attributes.csv"]!, as: UTF8.self)
        #expect(attributes.contains("svc-3-attr-1,svc-3,term-bd-1800,classification,service,primary,Label primary\n"))
        let phones = String(decoding: files["phones.csv"]!, as: UTF8.self)
        #expect(phones.contains("svc-3-contact-phone,,,,svc-3-contact,,402-555-0100,3,voice,\"Front desk, ask for \"\"intake\"\"\"\n"))
        let package = try JSONSerialization.jsonObject(with: files["datapackage.json"]!) as? [String: Any]
        let resources = try #require(package?["resources"] as? [[String: Any]])
        #expect(resources.count == HSDSCSVTable.all.count)
        #expect(Set(resources.compactMap { $0["path"] as? String }) == Set(files.keys).subtracting(["datapackage.json"]))
    }
}

struct HSDSCSVLegacyTests {
    /// A small directory the way HSDS 1.x/2.x publishers write it.
    static let files: [String: String] = [
        "organizations.csv": "id,name,alternate_name,description,email,url,tax_status,year_incorporated\n"
            + "o1,Eastside Food Bank,,Feeds families,info@eastside.org,http://eastside.org,501c3,1982\n",
        "services.csv": "id,organization_id,program_id,name,alternate_name,description,url,email,x_status,interpretation_services,application_process,wait_time,fees,accreditations\n"
            + "s1,o1,,Emergency Food,,Groceries,http://eastside.org/food,food@eastside.org,Active,,Call first,1 day,None,\n"
            + "s2,o1,,Holiday Meals,,,,,Temporarily Closed,,,,,\n",
        "locations.csv": "id,organization_id,name,alternate_name,description,transportation,latitude,longitude\n"
            + "l1,o1,Main pantry,,,Bus 12,47.6062,-122.3321\n",
        "services_at_location.csv": "id,service_id,location_id,description\nsal1,s1,l1,\n",
        "physical_addresses.csv": "id,location_id,attention,address_1,city,region,state_province,postal_code,country\n"
            + "pa1,l1,,100 Main St,Seattle,,WA,98101,US\n",
        "postal_addresses.csv": "id,location_id,attention,address_1,city,region,state_province,postal_code,country\n"
            + "po1,l1,Attn: Intake,PO Box 5,Seattle,,WA,98111,US\n",
        "phones.csv": "id,location_id,service_id,organization_id,contact_id,service_at_location_id,number,extension,type,language,description\n"
            + "p1,,s1,,,,206-555-0100,22,voice,en,\n",
        "regular_schedules.csv": "id,service_id,location_id,service_at_location_id,weekday,opens_at,closes_at\n"
            + "r1,s1,,,Monday,09:00,17:00\nr2,,l1,,3,10:00,12:00\n",
        "holiday_schedules.csv": "id,service_id,closed,start_date,end_date\nh1,s1,true,2024-12-25,2024-12-25\n",
        "languages.csv": "id,service_id,location_id,language\nlang1,s1,,Spanish\n",
        "service_area.csv": "id,service_id,service_area,description\nsa1,s1,King County,\n",
        "eligibility.csv": "id,service_id,eligibility\ne1,s1,Low income households\n",
        "taxonomy.csv": "id,name,parent_id,parent_name,vocabulary\nt1,Food,,,Open Eligibility\nt2,Food Pantry,t1,Food,Open Eligibility\n",
        "services_taxonomy.csv": "id,service_id,taxonomy_id,taxonomy_detail\nst1,s1,t2,\n",
        "accessibility_for_disabilities.csv": "id,location_id,accessibility,details\nac1,l1,Ramp,East door\n",
    ]

    @Test func readsOldTableAndColumnNamesIntoTheModel() throws {
        let directory = try temporaryDirectory()
        try writeFiles(Self.files, to: directory)
        let result = try HSDSCSVReader.read(directory: directory)
        #expect(result.issues.filter { !$0.isWarning }.isEmpty, "\(result.issues)")
        #expect(result.issues.contains { $0.file == "holiday_schedules.csv" && $0.isWarning })

        let organization = try #require(result.batch.organizations.first)
        #expect(organization.website == "http://eastside.org")
        #expect(organization.yearIncorporated == 1982)

        let services = result.batch.services
        #expect(services.map(\.status) == [.active, .temporarilyClosed])
        let food = try #require(services.first)
        #expect(food.applicationProcess == "Call first")
        #expect(food.waitTime == "1 day")
        #expect(food.fees == "None")
        #expect(food.eligibilityDescription == "Low income households")
        #expect(food.languages == [Language(id: "lang1", name: "Spanish")])
        #expect(food.serviceAreas == [ServiceArea(id: "sa1", name: "King County")])
        #expect(food.phones == [Phone(id: "p1", number: "206-555-0100", extension: 22, type: "voice")])
        #expect(food.schedules == [Schedule(id: "r1", freq: "WEEKLY", byday: "MO", opensAt: "09:00", closesAt: "17:00")])
        #expect(food.taxonomyTermIDs == ["t2"])

        let location = try #require(result.batch.locations.first)
        #expect(location.latitude == 47.6062)
        #expect(location.addresses?.map(\.addressType) == [.physical, .postal])
        #expect(location.addresses?.last?.attention == "Attn: Intake")
        #expect(location.accessibility == [Accessibility(id: "ac1", description: "Ramp", details: "East door")])
        #expect(location.schedules?.first?.byday == "WE")
        #expect(result.batch.servicesAtLocations.map(\.id) == ["sal1"])

        let terms = result.batch.taxonomyTerms
        #expect(terms.map(\.id) == ["t1", "t2"])
        #expect(terms.last?.parentID == "t1")
        #expect(terms.last?.taxonomy == "Open Eligibility")
        let record = try #require(result.batch.serviceRecords().first)
        #expect(record.taxonomyTerms.map(\.id) == ["t1", "t2"])
        #expect(result.origins[FeedReadResult.originKey("service", "s2")] == RecordOrigin(file: "services.csv", line: 3))
    }

    @Test func readsTheCommittedSampleDirectory() throws {
        let url = try #require(Bundle.module.url(forResource: "hsds-2x-sample", withExtension: nil, subdirectory: "Resources"))
        let result = try HSDSCSVReader.read(directory: url)
        #expect(result.issues.filter { !$0.isWarning }.isEmpty, "\(result.issues)")
        #expect(!result.batch.services.isEmpty)
        #expect(result.batch.serviceRecords().count == result.batch.services.count)
    }
}

struct HSDSCSVIssueTests {
    static let organizations = "id,name,description\no1,Good Org,Helps\n"
    static let servicesHeader = "id,organization_id,name,status,minimum_age\n"

    private func read(_ files: [String: String]) throws -> FeedReadResult {
        let directory = try temporaryDirectory()
        try writeFiles(files, to: directory)
        return try HSDSCSVReader.read(directory: directory)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var files: [String: String]
        var line: Int
        var id: String?
        var field: String?
        var code: RecordIssue.Code
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "missing service name", file: "services.csv",
             files: ["services.csv": servicesHeader + "s1,o1,Good,active,\ns2,o1,,active,\n"],
             line: 3, id: "s2", field: "name", code: .missingField),
        Case(name: "unknown status", file: "services.csv",
             files: ["services.csv": servicesHeader + "s1,o1,Good,Active,\ns2,o1,Bad,open,\n"],
             line: 3, id: "s2", field: "status", code: .unknownValue),
        Case(name: "number that does not parse", file: "services.csv",
             files: ["services.csv": servicesHeader + "s1,o1,Good,active,18\ns2,o1,Bad,active,eighteen\n"],
             line: 3, id: "s2", field: "minimum_age", code: .invalidValue),
        Case(name: "ragged row", file: "services.csv",
             files: ["services.csv": servicesHeader + "s1,o1,Good,active,\ns2,o1,Bad,active\n"],
             line: 3, id: "s2", field: nil, code: .malformedFile),
        Case(name: "dangling organization", file: "services.csv",
             files: ["services.csv": servicesHeader + "s1,o1,Good,active,\ns2,o9,Bad,active,\n"],
             line: 3, id: "s2", field: "organization_id", code: .danglingReference),
        Case(name: "bad latitude", file: "locations.csv",
             files: ["services.csv": servicesHeader + "s1,o1,Good,active,\n",
                     "locations.csv": "id,location_type,name,latitude,longitude\nl1,physical,Good,41.2,-95.9\nl2,physical,Bad,abc,-95.9\n"],
             line: 3, id: "l2", field: "latitude", code: .invalidValue),
        Case(name: "unknown location type", file: "locations.csv",
             files: ["services.csv": servicesHeader + "s1,o1,Good,active,\n",
                     "locations.csv": "id,location_type,name\nl1,Physical,Good\nl2,mobile,Bad\n"],
             line: 3, id: "l2", field: "location_type", code: .unknownValue),
        Case(name: "unknown address type", file: "addresses.csv",
             files: ["services.csv": servicesHeader + "s1,o1,Good,active,\n",
                     "locations.csv": "id,location_type,name\nl1,physical,Good\n",
                     "addresses.csv": "id,location_id,address_1,city,state_province,postal_code,country,address_type\n"
                        + "a1,l1,1 Main,Omaha,NE,68102,US,physical\na2,l1,2 Main,Omaha,NE,68102,US,home\n"],
             line: 3, id: "a2", field: "address_type", code: .unknownValue),
        Case(name: "phone of a missing service", file: "phones.csv",
             files: ["services.csv": servicesHeader + "s1,o1,Good,active,\n",
                     "phones.csv": "id,service_id,number\np1,s1,555-0100\np2,s404,555-0199\n"],
             line: 3, id: "p2", field: "service_id", code: .danglingReference),
        Case(name: "attribute of a missing term", file: "attributes.csv",
             files: ["services.csv": servicesHeader + "s1,o1,Good,active,\n",
                     "taxonomy_terms.csv": "id,name,description\nt1,Food,\n",
                     "attributes.csv": "id,link_id,taxonomy_term_id,link_type,link_entity\nat1,s1,t1,,service\nat2,s1,t9,,service\n"],
             line: 3, id: "at2", field: "taxonomy_term_id", code: .danglingReference),
    ]

    @Test(arguments: cases)
    func badRowIsReportedAndSkippedWhileGoodRowsComeThrough(_ testCase: Case) throws {
        var files = testCase.files
        files["organizations.csv"] = Self.organizations
        let result = try read(files)
        let errors = result.issues.filter { !$0.isWarning }
        #expect(errors.count == 1, "\(result.issues)")
        let issue = try #require(errors.first)
        #expect(issue.code == testCase.code)
        #expect(issue.file == testCase.file)
        #expect(issue.line == testCase.line)
        #expect(issue.recordID == testCase.id)
        #expect(issue.field == testCase.field)
        #expect(result.batch.services.map(\.id) == ["s1"])
        if testCase.file == "locations.csv" || testCase.file == "addresses.csv" {
            #expect(result.batch.locations.map(\.id) == ["l1"])
            if testCase.file == "addresses.csv" { #expect(result.batch.locations.first?.addresses?.map(\.id) == ["a1"]) }
        }
        if testCase.file == "phones.csv" { #expect(result.batch.services.first?.phones?.map(\.id) == ["p1"]) }
        if testCase.file == "attributes.csv" { #expect(result.batch.services.first?.taxonomyTermIDs == ["t1"]) }
    }

    @Test func aDirectoryWithoutServicesOrOrganizationsIsAnError() throws {
        let directory = try temporaryDirectory()
        try writeFiles(["locations.csv": "id,name\nl1,Somewhere\n"], to: directory)
        #expect {
            try HSDSCSVReader.read(directory: directory)
        } throws: { error in
            guard let issue = error as? RecordIssue else { return false }
            return issue.code == .malformedFile && issue.file == directory.path
        }
    }

    @Test func issuesNameTheFileLineRecordAndField() throws {
        let result = try read([
            "organizations.csv": Self.organizations,
            "services.csv": Self.servicesHeader + "s1,o1,Good,active,\ns2,o1,Bad,active,old\n",
        ])
        let issue = try #require(result.issues.first)
        #expect(issue.description == "services.csv:3:5: service s2: field 'minimum_age': 'old' is not a number; row skipped")
    }
}
