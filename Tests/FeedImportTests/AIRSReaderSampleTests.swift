import Foundation
import Testing
import SwitchboardCore
@testable import FeedImport

/// The published samples in `Fixtures/airs/`, read whole: counts against their SOURCE notes and
/// named fields of named records, checked by hand against the XML.
@Suite struct AIRSReaderSampleTests {
    // MARK: Counts

    @Test func bc211ExcerptHas15Agencies39Sites39SiteServicesAnd238Codes() throws {
        let reading = try AIRSFixtures.read("BC211_data_excerpt.xml")
        #expect(reading.summary.agencies == .init(read: 15, accepted: 15))
        #expect(reading.summary.sites == .init(read: 39, accepted: 39))
        #expect(reading.summary.siteServices == .init(read: 39, accepted: 39))
        #expect(reading.summary.codes == 238)
        #expect(reading.summary.emptyCodes == 3)
        #expect(reading.summary.airsCodes + reading.summary.localCodes + reading.summary.emptyCodes == 238)
        #expect(reading.batch.organizations.count == 15)
        #expect(reading.batch.locations.count == 39)
        #expect(reading.batch.services.count == 39)
        #expect(reading.batch.servicesAtLocations.count == 39)
        #expect(reading.errors.isEmpty, "\(reading.errors)")
        #expect(reading.summary.softwareVendor == "iCarol")
        #expect(reading.summary.namespace == nil)
    }

    @Test func bc211OneAgencyHas1Agency1Site1SiteServiceAnd12Codes() throws {
        let reading = try AIRSFixtures.read("BC211_data_one_agency.xml")
        #expect(reading.summary.agencies.accepted == 1)
        #expect(reading.summary.sites.accepted == 1)
        #expect(reading.summary.siteServices.accepted == 1)
        #expect(reading.summary.codes == 12)
        #expect(reading.summary.airsCodes == 4)
        #expect(reading.summary.localCodes == 8)
        #expect(reading.errors.isEmpty)
    }

    @Test func bc211InvalidAgenciesAreLeftOutWithTheirSitesAndTheRestIsRead() throws {
        let reading = try AIRSFixtures.read("BC211_data_with_invalid_agencies.xml")
        #expect(reading.summary.agencies == .init(read: 4, accepted: 2, rejected: 2))
        #expect(reading.summary.sites == .init(read: 6, accepted: 4, rejected: 2))
        #expect(reading.summary.siteServices == .init(read: 6, accepted: 4, rejected: 2))
        #expect(reading.summary.codes == 34)
        // Non-numeric keys are keys all the same.
        #expect(Set(reading.batch.organizations.compactMap(\.provenance?.sourceKey)) == ["FIRST_VALID_AGENCY", "SECOND_VALID_AGENCY"])
        let noName = reading.errors.filter { $0.code == .missingField }
        #expect(noName.map(\.recordID) == ["INVALID_AGENCY", "ANOTHER_INVALID_AGENCY"])
        let first = try #require(noName.first)
        #expect(first.file?.hasSuffix("Fixtures/airs/BC211_data_with_invalid_agencies.xml") == true)
        #expect(first.line == 3)
        #expect(first.field == "Name")
        #expect(first.message.contains("left out with its 1 site and 1 site-service"))
        // What they held is reported as left out, each where it stands.
        let leftOut = reading.errors.filter { $0.code == .danglingReference }
        #expect(leftOut.count == 4)
        #expect(leftOut.contains { $0.recordType == "location" && $0.recordID == "9487364" && $0.line == 62 })
        #expect(reading.batch.services.allSatisfy { service in reading.batch.organizations.contains { $0.id == service.organizationID } })
    }

    @Test func nebraskaIowa30SampleHas3Agencies3Sites5SiteServices() throws {
        let reading = try AIRSFixtures.read("airs_3.0_instance_sample.xml")
        #expect(reading.summary.agencies.accepted == 3)
        #expect(reading.summary.sites.accepted == 3)
        #expect(reading.summary.siteServices.accepted == 5)
        #expect(reading.batch.services.count == 5)
        #expect(reading.summary.schemaVersion == "AIRS3.0")
        #expect(reading.issues.isEmpty, "\(reading.issues)")
        // AgencyLocation without services is the agency's office, not a site.
        #expect(reading.location(key: "85877776000028") == nil)
    }

    @Test func minimal31SampleIsOneDeletedAgencySiteAndSiteService() throws {
        let reading = try AIRSFixtures.read("airs_3.1_beta_instance_minimal.xml")
        let feed = AIRSFixtures.feed.rawValue
        #expect(reading.summary.namespace == AIRSReader.namespace31)
        #expect(reading.batch.organizations.isEmpty && reading.batch.services.isEmpty)
        #expect(Set(reading.batch.deletions) == [
            .organization(.derived(from: feed, "organization", "1234567")),
            .location(.derived(from: feed, "location", "543321")),
            .serviceAtLocation(.derived(from: feed, "service_at_location", "543321", "123456")),
            .service(.derived(from: feed, "service", "123456")),
        ])
        #expect(reading.summary.agencies.deleted == 1 && reading.summary.siteServices.deleted == 1)
    }

    @Test func maximal31SampleIsAllDeleteStamps() throws {
        let reading = try AIRSFixtures.read("airs_3.1_beta_instance_maximal.xml")
        #expect(reading.batch.services.isEmpty)
        #expect(reading.summary.agencies.deleted == 1)
        #expect(reading.summary.sites.deleted == 2)  // the AgencyLocation holds services, so it is a site
        #expect(reading.summary.siteServices.deleted == 4)
        #expect(reading.batch.deletions.count == 1 + 2 + 4 + 4)
        let services = reading.batch.deletions.compactMap { reference -> ServiceID? in
            if case .service(let id) = reference { return id }
            return nil
        }
        #expect(Set(services) == Set(["544443", "548766760004", "123456", "998765"].map {
            ServiceID.derived(from: AIRSFixtures.feed.rawValue, "service", $0)
        }))
    }

    // MARK: Named fields, BC211

    @Test func bc211AgencySiteAndServiceReadAsWritten() throws {
        let reading = try AIRSFixtures.read("BC211_data_one_agency.xml")
        let organization = try #require(reading.organization(key: "9487364"))
        #expect(organization.name == "Langley Child Development Centre")
        #expect(organization.alternateName == "Langley Children's Society")
        #expect(organization.website == "www.langleycdc.com")
        #expect(organization.email == "info@langleycdc.com")
        #expect(organization.legalStatus == "None or unknown")
        // Placeholder phones (no number) are gone; types are read.
        #expect(organization.phones?.map(\.number) == ["604-534-1155", "604-534-1814"])
        #expect(organization.phones?.map(\.type) == ["voice", "fax"])
        #expect(organization.id == OrganizationID.derived(from: AIRSFixtures.feed.rawValue, "organization", "9487364"))

        let location = try #require(reading.location(key: "9487364"))
        #expect(location.latitude == 49.087284)
        #expect(location.longitude == -122.607918)
        let address = try #require(location.addresses?.first)
        #expect(address.address1 == "203-5171 221A Street")
        #expect(address.city == "Langley")
        #expect(address.stateProvince == "BC")
        #expect(address.postalCode == "V2Y 0A2")
        #expect(address.country == "CA")
        #expect(address.addressType == .physical)
        #expect(location.addresses?.last?.addressType == .postal)

        let service = try #require(reading.service(key: "9487364"))
        #expect(service.organizationID == organization.id)
        #expect(service.assuredDate == "2016-04-14")
        #expect(service.provenance?.lastVerified == Timestamp.date("2016-04-14"))
        #expect(service.provenance?.feed == AIRSFixtures.feed)
        #expect(service.provenance?.sourceKey == "9487364")
        #expect(service.serviceAreas?.compactMap(\.name) == ["Langley, BC"])
        let site = try #require(reading.batch.servicesAtLocations.first)
        #expect(site.serviceID == service.id && site.locationID == location.id)
        #expect(site.id == ServiceAtLocationID.derived(from: AIRSFixtures.feed.rawValue, "service_at_location", "9487364", "9487364"))
    }

    @Test func twiceEscapedHTMLBecomesCleanText() throws {
        let reading = try AIRSFixtures.read("BC211_data_one_agency.xml")
        let description = try #require(reading.service(key: "9487364")?.description)
        #expect(description.contains("The Infant Development Program offers home visits"))
        #expect(!description.contains("<") && !description.contains("&lt;") && !description.contains("&amp;"))
        // Three levels deep (`&amp;amp;nbsp;`) and character references (`&amp;#39;`) in the excerpt.
        let excerpt = try AIRSFixtures.read("BC211_data_excerpt.xml")
        let adoption = try #require(excerpt.batch.organizations.first { $0.description.contains("waiting child program") })
        #expect(adoption.description.hasPrefix("Provides information about adoption through BC's waiting child program."))
        #expect(adoption.description.contains("monthly get-togethers; free food"))
        #expect(adoption.description.contains("available. Speak-Out Youth is an online resource"))
        #expect(!adoption.description.contains("nbsp") && !adoption.description.contains("strong"))
    }

    @Test func codesAreAIRSTermsWithAncestorsAndFacetStringsAreKeptAsAttributes() throws {
        let reading = try AIRSFixtures.read("BC211_data_one_agency.xml")
        let service = try #require(reading.service(key: "9487364"))
        let terms = reading.terms(of: service)
        #expect(terms.count == 12)
        let airs = terms.filter { $0.taxonomyID == AIRSReader.airsTaxonomy.id }
        #expect(airs.compactMap(\.code) == ["TJ-4400.8100", "PL-6400.1500", "LR-1700", "HD-1800.6500"])
        let leaf = try #require(airs.first)
        #expect(leaf.id == TaxonomyTermID.derived(from: "airs", "TJ-4400.8100"))
        #expect(leaf.parentID == TaxonomyTermID.derived(from: "airs", "TJ-4400"))
        #expect(leaf.taxonomy == "AIRS/211")
        // Every ancestor came with it, each pointing at its own parent.
        let codes = Set(reading.batch.taxonomyTerms.compactMap(\.code))
        #expect(codes.isSuperset(of: ["TJ-4400", "TJ", "T", "PL-6400", "PL", "P", "LR", "L", "HD-1800", "HD", "H"]))
        #expect(reading.batch.taxonomies.map(\.id).contains(AIRSReader.airsTaxonomy.id))

        let facet = "{what:'INTERVENTION',why:'disability',who:'Children'}"
        let attribute = try #require(service.attributes?.first { $0.value == facet })
        let local = try #require(reading.batch.taxonomyTerms.first { $0.id == attribute.taxonomyTermID })
        #expect(local.code == facet)
        #expect(local.name == "what: INTERVENTION; why: disability; who: Children")
        #expect(local.taxonomyID == AIRSReader.localTaxonomy(feed: AIRSFixtures.feed).id)
        let warning = try #require(reading.warnings.first { $0.message.contains(facet) })
        #expect(warning.code == .unknownValue && warning.recordID == "9487364" && warning.line == 116)
        #expect(reading.warnings.filter { $0.field == "Taxonomy/Code" }.count == 8)
    }

    // MARK: Named fields, Nebraska/Iowa 3.0

    @Test func nebraskaIowaServicesKeepTheirTextsHoursAndAreas() throws {
        let reading = try AIRSFixtures.read("airs_3.0_instance_sample.xml")
        let clearinghouse = try #require(reading.service(key: "85877776000675"))
        #expect(clearinghouse.name == "Support Group Clearinghouses")
        #expect(clearinghouse.serviceAreas?.compactMap(\.name) == ["Pottawattamie County", "Douglas County", "Sarpy County"])
        #expect(clearinghouse.eligibilityDescription == "See group listing for restrictions")
        #expect(clearinghouse.eligibility.unparsed.contains("See group listing for restrictions"))
        #expect(clearinghouse.eligibility.residency.map(\.kind) == [.county, .county, .county])
        #expect(clearinghouse.fees == "None")
        #expect(clearinghouse.costOptions?.first?.option == "Free")
        #expect(clearinghouse.applicationProcess == "All Steps: Visit website for complete list and schedule")

        let discrimination = try #require(reading.service(key: "85877776811316"))
        #expect(discrimination.schedules?.map(\.description) == ["Mon-Fri 9 am-5 pm"])
        #expect(discrimination.languages?.map(\.code) == ["es"])
        #expect(discrimination.eligibilityDescription == "Working women")
        #expect(discrimination.attributes?.count == 1)
        #expect(reading.terms(of: discrimination).first?.code == "FT-1800")

        let site = try #require(reading.location(key: "8587777600046565"))
        #expect(site.addresses?.first?.address1 == "207 East Buffalo Street, Suite 211")
        #expect(site.addresses?.first?.region == "MILWAUKEE")
        #expect(site.addresses?.first?.country == "US")  // empty in the file; WI is a US state
        // Confidential="0" is false: these phones are shared.
        #expect(site.phones?.map(\.number) == ["8005220925", "4142740925"])
        #expect(site.phones?.first?.description == "Hotline")
        // One line holds the whole file: every record starts on line 1.
        #expect(reading.result.origins.values.allSatisfy { $0.line == 1 })
    }

    // MARK: Named fields, the 3.1 maximal sample without its delete stamps

    /// The maximal sample with its `delete="true"` stamps removed, so that its records are read.
    func maximalWithoutDeletes() throws -> AIRSFixtures.Reading {
        let text = try String(contentsOf: AIRSFixtures.url("airs_3.1_beta_instance_maximal.xml"), encoding: .utf8)
        return try AIRSFixtures.read(AIRSFixtures.file(text.replacingOccurrences(of: "delete=\"true\"", with: "")))
    }

    @Test func maximalAgencyReadsEveryField() throws {
        let reading = try maximalWithoutDeletes()
        #expect(reading.summary.agencies.accepted == 1 && reading.summary.sites.accepted == 2 && reading.summary.siteServices.accepted == 4)
        let agency = try #require(reading.organization(key: "1234567"))
        #expect(agency.name == "FamilyNet")
        #expect(agency.alternateName == "FamNet")  // "TheNet" is confidential
        #expect(agency.taxID == "FEIN1" && agency.yearIncorporated == 2006 && agency.legalStatus == "LegalStatus1")
        #expect(agency.taxStatus == "501(c)(3)")
        #expect(agency.website == "healthnet.org")
        #expect(agency.additionalWebsites?.map(\.url) == ["healthnet2.net", "healthnow.org", "wellmed.com"])  // URL, then InternetResource
        let phone = try #require(agency.phones?.first)
        #expect(phone.number == "841.333.1345")
        #expect(phone.extension == 10)
        #expect(phone.type == "textphone")
        #expect(phone.description == "Intake for Hearing Impaired; Intake")
        #expect(reading.batch.programs.map(\.name) == ["Pediatrics", "Immunization Services"])
        #expect(reading.batch.programs.first?.alternateName == "Pediatric Wellness")
        // The agency's contact phone with an extension in words.
        #expect(agency.contacts?.first?.phones?.first?.extension == 104 || agency.contacts?.first?.phones?.count == 1)
    }

    @Test func maximalSiteReadsAddressesCoordinatesAndDetails() throws {
        let reading = try maximalWithoutDeletes()
        let site = try #require(reading.location(key: "543321"))
        #expect(site.name == "Pharmacy Services")
        #expect(site.alternateName == "Meds")
        let physical = try #require(site.addresses?.first)
        #expect(physical.attention == "Main Street Building")
        #expect(physical.address1 == "302 Main Street" && physical.address2 == "Suite 200")
        #expect(physical.city == "Seattle" && physical.region == "King" && physical.stateProvince == "Washington")
        #expect(physical.postalCode == "98155" && physical.country == "US")
        #expect(site.addresses?.map(\.addressType) == [.physical, .postal])
        #expect(site.latitude == 43.6 && site.longitude == -128.33)  // the first SpatialLocation
        #expect(site.transportation == "5 blocks from Main steet bus depot. Bus line 3204, 403B, 724")
        #expect(site.accessibility?.first?.description == "DisabilitiesAccess")
        #expect(site.description == "SiteDescription1\nAcross City Park on Main street\nCross streets: 82nd Steet and Oak")
        #expect(site.languages?.map(\.name) == ["Spanish", "Russian"])
        #expect(site.schedules?.compactMap(\.description) == ["Notes22", "Notes23"])
        #expect(site.contacts?.first?.name == "Jim Foreman")
        #expect(site.contacts?.first?.email == "JForeman@healthnet.org")
        #expect(site.contacts?.first?.phones?.first?.extension == 18)
    }

    @Test func maximalWeeklyHoursBecomeOneScheduleForEachOpeningTime() throws {
        let reading = try maximalWithoutDeletes()
        let office = try #require(reading.location(key: "2345"))  // an AgencyLocation holding services
        let schedules = try #require(office.schedules)
        let first = schedules.prefix(4).map { "\($0.byday ?? "") \($0.opensAt ?? "")-\($0.closesAt ?? "")" }
        #expect(first == ["MO 09:00-17:00", "TU 09:00:01-19:00", "WE,TH,FR 09:00-19:00", "SA 10:00-15:00"])
        #expect(schedules.first?.description == "Notes0")
        #expect(schedules.first?.freq == "WEEKLY")
        // The second TimeOpen: Monday split around lunch.
        #expect(schedules.dropFirst(4).map(\.byday).prefix(3) == ["MO", "MO", "TU"])
        #expect(office.latitude == 45.6 && office.longitude == -130.33)
    }

    @Test func maximalServiceReadsEligibilityFeesAndAreas() throws {
        let reading = try maximalWithoutDeletes()
        let service = try #require(reading.service(key: "544443"))
        #expect(service.name == "Pediatric Care")
        #expect(service.minimumAge == 18 && service.maximumAge == 120)
        #expect(service.eligibility.minimumAge == 18 && service.eligibility.maximumAge == 120)
        let text = try #require(service.eligibilityDescription)
        #expect(text.split(separator: "\n").map(String.init) == [
            "Medicaid", "Household with Dependants", "AgeRequirements0", "AgeRequirements1", "No Gender Requirements",
            "Houshold with a least one dependant", "Househld with at least one individual with disabilities",
            "Household income less than $30,000 a year", "Household with at least one dependant",
            "Must have lived in Washington state for at least six months",
        ])
        #expect(service.fees == "Varies by Program and Services")
        #expect(service.feesDescription == "Payment accepted: Medicaid")
        #expect(service.phones?.first?.number == "800-455-3226")
        #expect(service.phones?.first?.extension == 6)  // "Extension6"
        #expect(service.programID == nil)  // ServiceGroupKey 50 names no group of the agency
        #expect(reading.warnings.contains { $0.field == "ServiceGroupKey" && $0.recordID == "544443" })
        let areas = try #require(service.serviceAreas).compactMap(\.name)
        #expect(Array(areas.prefix(7)) == [
            "ZIP 98155", "ZIP 98152", "ZIP 98145", "Census tract 2234.403", "Census tract 2233.401", "Seattle", "West Seattle",
        ])
        #expect(areas.contains("King County") && areas.contains("Everett, WA") && areas.contains("Snohomish County, WA"))
        #expect(service.eligibility.residency.contains(ResidencyArea(kind: .postalCode, name: "98155")))
        #expect(service.eligibility.residency.contains(ResidencyArea(kind: .city, name: "Everett", state: "WA")))
        #expect(service.languages?.map(\.note) == ["Notes12", "Notes13"])
        #expect(service.schedules?.last?.description == "Migrant and Seasonal Worker Clinic: April 01 to September 31")
        #expect(reading.terms(of: service).compactMap(\.code) == [
            "TT-1600.4324-766", "TT-1600.4443-112", "TT-1800.4004-126", "TT-1800.4000-446",
        ])
        let wellness = try #require(reading.service(key: "548766760004"))
        #expect(wellness.assuredDate == "2006-05-04")
        #expect(wellness.requiredDocuments?.compactMap(\.document) == [
            "Proof of Residency (Description29)", "Proof of Income (Tax stubs, or other proof of income)",
        ])
        #expect(wellness.applicationProcess == "Intake: See Website for Detailed Description\nApplication Screening: See Website for Detailed Description")
    }
}
