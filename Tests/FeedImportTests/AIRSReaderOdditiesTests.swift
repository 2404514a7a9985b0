import Foundation
import Testing
import SwitchboardCore
@testable import FeedImport

/// What real exports do that the schema does not say, and the per-record checks: small files
/// written here, each read whole and normalized.
@Suite struct AIRSReaderOdditiesTests {
    func read(_ agencies: String, namespace: String? = nil) throws -> AIRSFixtures.Reading {
        try AIRSFixtures.read(AIRSFixtures.file(AIRSFixtures.document(agencies, namespace: namespace)))
    }

    static func agency(_ key: String, name: String? = "Agency \(UUID().uuidString.prefix(4))", attributes: String = "", body: String) -> String {
        "<Agency\(attributes)><Key>\(key)</Key>" + (name.map { "<Name>\($0)</Name>" } ?? "") + body + "</Agency>"
    }

    static func site(_ key: String, attributes: String = "", body: String = "") -> String {
        "<Site\(attributes)><Key>\(key)</Key><Name>Site \(key)</Name>\(body)</Site>"
    }

    static func service(_ key: String, name: String? = "Service", attributes: String = "", body: String = "") -> String {
        "<SiteService\(attributes)>" + (name.map { "<Name>\($0)</Name>" } ?? "") + "<Key>\(key)</Key>\(body)</SiteService>"
    }

    // MARK: Encodings and namespaces

    @Test func iso88591FilesDecodeAsDeclared() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Source><Agency><Key>1</Key><Name>Caf".utf8)
        bytes += [0xE9]  // é in Latin-1
        bytes += Array(" Fran".utf8) + [0xE7] + Array("ais</Name></Agency></Source>".utf8)
        let reading = try AIRSFixtures.read(AIRSFixtures.file(bytes))
        #expect(reading.batch.organizations.map(\.name) == ["Café Français"])
    }

    @Test func the31NamespaceAndNoNamespaceReadAlike() throws {
        let body = Self.agency("1", name: "Same", body: Self.site("2", body: Self.service("3")))
        let plain = try read(body)
        let namespaced = try read(body, namespace: AIRSReader.namespace31)
        #expect(namespaced.summary.namespace == AIRSReader.namespace31)
        #expect(plain.summary.namespace == nil)
        #expect(plain.batch == namespaced.batch)
        #expect(namespaced.batch.services.count == 1)
        #expect(namespaced.warnings.isEmpty)
    }

    @Test func elementsOfAnotherNamespaceAreSkippedWholeAndAStrangeNamespaceIsReadWithAWarning() throws {
        let body = """
            <Agency><Key>1</Key><Name>Real</Name><x:Name xmlns:x="urn:other">Not the name</x:Name>
            <x:Site xmlns:x="urn:other"><x:Key>9</x:Key></x:Site></Agency>
            """
        let reading = try read(body, namespace: AIRSReader.namespace31)
        #expect(reading.batch.organizations.map(\.name) == ["Real"])
        #expect(reading.batch.locations.isEmpty)
        let strange = try read(Self.agency("1", name: "Read anyway", body: ""), namespace: "urn:vendor:airs")
        #expect(strange.batch.organizations.map(\.name) == ["Read anyway"])
        #expect(strange.warnings.contains { $0.message.contains("urn:vendor:airs") })
    }

    @Test func booleansAreReadWrittenAsZeroOneOrWords() throws {
        let phones = """
            <Phone TollFree="0" Confidential="0"><PhoneNumber>402-555-0100</PhoneNumber></Phone>
            <Phone TollFree="0" Confidential="1"><PhoneNumber>402-555-0101</PhoneNumber></Phone>
            <Phone TollFree="false" Confidential="TRUE"><PhoneNumber>402-555-0102</PhoneNumber></Phone>
            <Phone TollFree="false" Confidential="false"><PhoneNumber>402-555-0103</PhoneNumber></Phone>
            <AKA><Name>Secret</Name><Confidential>1</Confidential></AKA><AKA><Name>Public</Name><Confidential>0</Confidential></AKA>
            """
        let reading = try read(Self.agency("1", body: phones))
        let organization = try #require(reading.batch.organizations.first)
        #expect(organization.phones?.map(\.number) == ["402-555-0100", "402-555-0103"])
        #expect(organization.alternateName == "Public")
    }

    // MARK: Leniency

    @Test func oneLineFilesOutOfOrderChildrenAndDetailsWhereTheSchemaHasNoneAreRead() throws {
        // Key after everything, URL, Email and AKA inside the SiteService, SpatialLocation after ResourceInfo.
        let text = """
            <Source><Agency><Name>Late Key</Name><Site><SiteService><Taxonomy><Code>BD-1800.2000</Code></Taxonomy>\
            <URL><Address>https://food.example</Address></URL><Email><Address>food@example.org</Address></Email>\
            <AKA><Name>Pantry</Name></AKA><Name>Food Pantry</Name><Key>30</Key></SiteService><Key>20</Key>\
            <ResourceInfo DateLastVerified="2024-03-01"/><SpatialLocation><Latitude>+41.25</Latitude><Longitude>-95.93</Longitude></SpatialLocation>\
            </Site><Key>10</Key></Agency></Source>
            """
        let reading = try AIRSFixtures.read(AIRSFixtures.file(text))
        #expect(reading.errors.isEmpty, "\(reading.errors)")
        let service = try #require(reading.service(key: "30"))
        #expect(service.name == "Food Pantry")
        #expect(service.url == "https://food.example")
        #expect(service.email == "food@example.org")
        #expect(service.alternateName == "Pantry")
        let location = try #require(reading.location(key: "20"))
        #expect(location.latitude == 41.25 && location.longitude == -95.93)
        #expect(reading.organization(key: "10")?.name == "Late Key")
        let origin = try #require(reading.result.origins[FeedReadResult.originKey("service", service.id.rawValue)])
        #expect(origin.line == 1)
        #expect(origin.column != nil)
    }

    @Test func emptyPlaceholderElementsAreSkipped() throws {
        let body = Self.site("2", body: """
            <Phone TollFree="false" Confidential="false"><PhoneNumber/><Type>After Hours</Type></Phone>
            <SpatialLocation/><TimeOpen/><URL><Address/></URL>
            """ + Self.service("3", body: "<Taxonomy><Code/></Taxonomy><Taxonomy><Code>  </Code></Taxonomy><Seasonal><Description/><StartDate/></Seasonal><TimeOpen/>"))
        let reading = try read(Self.agency("1", body: "<IRSStatus/><AgencyDescription></AgencyDescription>" + body))
        let location = try #require(reading.location(key: "2"))
        #expect(location.phones == nil && location.latitude == nil && location.schedules == nil && location.url == nil)
        let service = try #require(reading.service(key: "3"))
        #expect(service.attributes == nil && service.schedules == nil)
        #expect(reading.summary.codes == 2 && reading.summary.emptyCodes == 2)
        #expect(reading.batch.organizations.first?.taxStatus == nil)
        #expect(reading.issues.isEmpty, "\(reading.issues)")
    }

    @Test func phoneExtensionsAreSplitFromNumbersAndReadFromTheirElement() throws {
        let phones = """
            <Phone TollFree="false" Confidential="false"><PhoneNumber>604-320-7330 Local 108</PhoneNumber></Phone>
            <Phone TollFree="false" Confidential="false"><PhoneNumber>(402) 555-0101 ext. 12</PhoneNumber><Type>TTY</Type></Phone>
            <Phone TollFree="false" Confidential="false"><PhoneNumber>402-555-0102</PhoneNumber><Extension>x 7</Extension><Type>Hotline</Type></Phone>
            <Phone TollFree="true" Confidential="false"><PhoneNumber>1-877-ADOPT-07</PhoneNumber></Phone>
            """
        let phonesRead = try #require(try read(Self.agency("1", body: phones)).batch.organizations.first?.phones)
        #expect(phonesRead.map(\.number) == ["604-320-7330", "(402) 555-0101", "402-555-0102", "1-877-ADOPT-07"])
        #expect(phonesRead.map(\.extension) == [108, 12, 7, nil])
        #expect(phonesRead.map(\.type) == ["voice", "textphone", "voice", "voice"])
        #expect(phonesRead[2].description == "Hotline")
    }

    // MARK: Status and deletions

    @Test func delMarksAndStatusesMakeServicesInactive() throws {
        let body = Self.agency("1", body: Self.site("2", body:
            Self.service("3", name: "Food Pantry", body: "<Description>DEL - closed in 2016</Description>")
            + Self.service("4", name: "DELETED Shelter")
            + Self.service("5", name: "Delta Dental Clinic", body: "<Description>Delivery of care</Description>")
            + Self.service("6", name: "Old", attributes: " Status=\"defunct\"")))
            + Self.agency("7", name: "DEL Old Agency", body: Self.site("8", body: Self.service("9", name: "Meals")))
            + Self.agency("10", name: "Quiet", body: Self.site("11", attributes: " Status=\"inactive\"", body: Self.service("12")))
        let reading = try read(body)
        #expect(reading.service(key: "3")?.status == .inactive)
        #expect(reading.service(key: "4")?.status == .inactive)
        #expect(reading.service(key: "5")?.status == .active)
        #expect(reading.service(key: "6")?.status == .defunct)
        #expect(reading.service(key: "9")?.status == .inactive)  // its agency is marked DEL
        #expect(reading.service(key: "12")?.status == .inactive)  // its site is inactive
        #expect(reading.batch.services.count == 6)  // marked, not removed
    }

    @Test func deleteStampsInALiveFileBecomeDeletionsAndLeaveTheRest() throws {
        let body = Self.agency("1", body:
            Self.site("2", body: Self.service("3") + Self.service("4", attributes: " delete=\"1\""))
            + Self.site("5", attributes: " delete=\"true\"", body: Self.service("6")))
        let reading = try read(body, namespace: AIRSReader.namespace31)
        let feed = AIRSFixtures.feed.rawValue
        #expect(reading.batch.services.compactMap(\.provenance?.sourceKey) == ["3"])
        #expect(reading.batch.locations.compactMap(\.provenance?.sourceKey) == ["2"])
        #expect(Set(reading.batch.deletions) == [
            .serviceAtLocation(.derived(from: feed, "service_at_location", "2", "4")), .service(.derived(from: feed, "service", "4")),
            .location(.derived(from: feed, "location", "5")),
            .serviceAtLocation(.derived(from: feed, "service_at_location", "5", "6")), .service(.derived(from: feed, "service", "6")),
        ])
    }

    // MARK: Per-record checks

    @Test func duplicateKeysLeaveTheLaterRecordOut() throws {
        let body = Self.agency("1", name: "First", body: Self.site("2", body: Self.service("3") + Self.service("3", name: "Again")))
            + "\n" + Self.agency("1", name: "Second", body: Self.site("20", body: Self.service("30")))
            + "\n" + Self.agency("40", name: "Third", body: Self.site("2", body: Self.service("50")))
        let reading = try read(body)
        #expect(reading.batch.organizations.map(\.name) == ["First", "Third"])
        let duplicates = reading.errors.filter { $0.code == .duplicateKey }
        #expect(duplicates.map(\.recordType) == ["service", "organization", "location"])
        #expect(duplicates.map(\.recordID) == ["3", "1", "2"])
        #expect(duplicates.map(\.line) == [3, 4, 5])
        #expect(duplicates[1].message.contains("left out with its 1 site and 1 site-service"))
        #expect(reading.summary.agencies.rejected == 1 && reading.summary.sites.rejected == 2)
        #expect(reading.summary.siteServices.rejected == 3)
    }

    @Test func missingNamesAndKeysAreReported() throws {
        let body = Self.agency("1", name: nil, body: Self.site("2", body: Self.service("3")))
            + Self.agency("4", body: Self.site("5", body: Self.service("6", name: nil) + "<SiteService><Name>Keyless</Name></SiteService>"))
        let reading = try read(body)
        #expect(reading.errors.contains { $0.code == .missingField && $0.recordType == "organization" && $0.recordID == "1" && $0.field == "Name" })
        #expect(reading.errors.contains { $0.code == .missingField && $0.recordType == "service" && $0.recordID == "6" && $0.field == "Name" })
        // A site-service with no key is read, named by its place, with a warning.
        let keyless = try #require(reading.batch.services.first { $0.name == "Keyless" })
        #expect(keyless.provenance?.sourceKey == "5/service-2")
        #expect(reading.warnings.contains { $0.field == "Key" && $0.recordID == "5/service-2" })
    }

    @Test func unparseableCoordinatesAreDroppedWithAWarningAndOutOfRangeOnesRejectTheSite() throws {
        let body = Self.agency("1", body:
            Self.site("2", body: "<SpatialLocation><Latitude>abc</Latitude><Longitude>-95.9</Longitude></SpatialLocation>" + Self.service("3"))
            + Self.site("4", body: "<SpatialLocation><Latitude>+141.2</Latitude><Longitude>-95.9</Longitude></SpatialLocation>")
            + Self.site("5", body: "<SpatialLocation><Latitude>41,25</Latitude><Longitude>-95,93</Longitude></SpatialLocation>"))
        let reading = try read(body)
        let kept = try #require(reading.location(key: "2"))
        #expect(kept.latitude == nil && kept.longitude == nil)
        let warning = try #require(reading.warnings.first { $0.recordID == "2" })
        #expect(warning.code == .invalidValue && warning.field == "Latitude" && warning.line == 3)
        // The normalizer refuses a latitude beyond 90, at the site's place in the file.
        #expect(reading.location(key: "4") == nil)
        let refused = try #require(reading.errors.first { $0.code == .outOfRange })
        #expect(refused.field == "latitude" && refused.line == 3 && refused.file?.hasSuffix("feed.xml") == true)
        #expect(reading.location(key: "5")?.latitude == 41.25)  // decimal commas
    }

    @Test func codesThatAreNotCodesAreKeptAsLocalTermsWithOneWarningEach() throws {
        let codes = "<Taxonomy><Code>bd-1800.2000</Code><Code>Food</Code><Code>YN-8000 * BD-1800.2000</Code></Taxonomy>"
        let body = Self.agency("1", body: Self.site("2", body: Self.service("3", body: codes) + Self.service("4", body: codes)))
        let reading = try read(body)
        let service = try #require(reading.service(key: "3"))
        let terms = reading.terms(of: service)
        #expect(terms.compactMap(\.code) == ["BD-1800.2000", "Food", "YN-8000"])
        #expect(service.attributes?.first { $0.value == "Food" } != nil)
        #expect(reading.warnings.filter { $0.message.contains("'Food'") }.count == 1)
        // Each term is handed over once, its ancestors with it, named from the installation where known.
        #expect(Set(reading.batch.taxonomyTerms.map(\.id)).count == reading.batch.taxonomyTerms.count)
        #expect(Set(reading.batch.taxonomyTerms.compactMap(\.code)).isSuperset(of: ["B", "BD", "BD-1800", "Y", "YN"]))
    }

    // MARK: Services at several sites

    @Test func oneServiceKeyUnderTwoSitesIsOneServiceAtTwoLocationsWhenItSaysTheSame() throws {
        let same = "<Description>Hot meals</Description><Taxonomy><Code>BD-5000.8300</Code></Taxonomy>"
        let body = Self.agency("1", body:
            Self.site("2", body: Self.service("3", name: "Meals", body: same + "<Phone TollFree=\"0\" Confidential=\"0\"><PhoneNumber>402-555-0100</PhoneNumber></Phone>"))
            + Self.site("4", body: Self.service("3", name: "Meals", body: same + "<Phone TollFree=\"0\" Confidential=\"0\"><PhoneNumber>402-555-0199</PhoneNumber></Phone>"))
            + Self.site("5", body: Self.service("3", name: "Meals at night", body: same)))
        let reading = try read(body)
        let services = reading.batch.services
        #expect(services.count == 2)
        let meals = try #require(reading.service(key: "3"))
        #expect(meals.phones?.map(\.number) == ["402-555-0100"])
        let sites = reading.batch.servicesAtLocations.filter { $0.serviceID == meals.id }
        #expect(sites.count == 2)
        // What differs at the second site stays with that site.
        #expect(sites.first?.phones == nil)
        #expect(sites.last?.phones?.map(\.number) == ["402-555-0199"])
        // Different words under the same key: a service of its own, with a warning.
        let night = try #require(reading.service(key: "5/3"))
        #expect(night.name == "Meals at night")
        #expect(night.id == ServiceID.derived(from: AIRSFixtures.feed.rawValue, "service", "3", "site", "5"))
        #expect(reading.warnings.contains { $0.code == .duplicateKey && $0.recordID == "3" && $0.isWarning })
        #expect(reading.batch.servicesAtLocations.count == 3)
    }

    // MARK: Eligibility through the normalizer

    @Test func requirementsBecomeAgesAndEligibilityText() throws {
        let requirements = """
            <GeographicAreaServed><ZipCode>68102</ZipCode><ZipCode>68105</ZipCode></GeographicAreaServed>
            <GeographicAreaServed><County>Douglas</County><State>NE</State></GeographicAreaServed>
            <GeographicAreaServed><City>Omaha</City><State>Nebraska</State><Country>United States</Country></GeographicAreaServed>
            <GeographicAreaServed><State>Iowa</State></GeographicAreaServed>
            <AgeRequirements Gender="Female" MinimumAge="18" MaximumAge="64">Women 18 to 64</AgeRequirements>
            <IncomeRequirements>Household income at or below 200% of the federal poverty level</IncomeRequirements>
            <ResidencyRequirements>Must live in Douglas County</ResidencyRequirements>
            <OtherRequirements>Veterans and their families</OtherRequirements>
            """
        let reading = try read(Self.agency("1", body: Self.site("2", body: Self.service("3", body: requirements))))
        let service = try #require(reading.service(key: "3"))
        #expect(service.minimumAge == 18 && service.maximumAge == 64)
        #expect(service.eligibilityDescription == """
            Women 18 to 64
            Household income at or below 200% of the federal poverty level
            Must live in Douglas County
            Veterans and their families
            Female only
            """)
        #expect(service.serviceAreas?.compactMap(\.name) == ["ZIP 68102", "ZIP 68105", "Douglas County, NE", "Omaha, NE", "Iowa"])
        let eligibility = service.eligibility
        #expect(eligibility.minimumAge == 18 && eligibility.maximumAge == 64)
        #expect(eligibility.genders == [.female])
        #expect(eligibility.maximumIncomePercentOfPoverty == 200)
        #expect(eligibility.populations.contains(.veterans))
        #expect(eligibility.residency == [
            ResidencyArea(kind: .postalCode, name: "68102"), ResidencyArea(kind: .postalCode, name: "68105"),
            ResidencyArea(kind: .county, name: "Douglas", state: "NE"), ResidencyArea(kind: .city, name: "Omaha", state: "NE"),
            ResidencyArea(kind: .state, name: "IA"),
        ])
    }

    @Test func childAgenciesNameTheirParent() throws {
        let body = Self.agency("1", name: "Parent", body: "<ServiceGroup><Key>77</Key><Name>Housing</Name></ServiceGroup>"
            + Self.agency("2", name: "Child", body: Self.site("3", body: Self.service("4", attributes: " ServiceGroupKey=\"77\""))))
        let reading = try read(body)
        let parent = try #require(reading.organization(key: "1"))
        let child = try #require(reading.organization(key: "2"))
        #expect(child.parentOrganizationID == parent.id)
        #expect(parent.parentOrganizationID == nil)
        // ServiceGroup keys are unique across the agency tree, so a child's service finds its parent's group.
        #expect(reading.service(key: "4")?.programID == ProgramID.derived(from: AIRSFixtures.feed.rawValue, "program", "77"))
        #expect(reading.batch.programs.map(\.organizationID) == [parent.id])
    }
}
