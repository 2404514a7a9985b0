import Foundation
import SwitchboardCore
import Testing

@testable import DirectoryGenerator

@Suite struct DirectoryGeneratorTests {
    static let small = DirectoryGenerator(seed: 42, services: 600).makeBatch()
    static let twoThousand = DirectoryGenerator(seed: 7, services: 2_000).makeBatch()

    @Test func sameSeedGivesIdenticalDirectories() {
        let again = DirectoryGenerator(seed: 42, services: 600).makeBatch()
        #expect(again == Self.small)
    }

    @Test func differentSeedsGiveDifferentDirectories() {
        let other = DirectoryGenerator(seed: 43, services: 600).makeBatch()
        #expect(other.services.map(\.name) != Self.small.services.map(\.name))
        #expect(Set(other.services.map(\.id)).isDisjoint(with: Self.small.services.map(\.id)))
    }

    @Test(arguments: [0, 1, 2, 7, 31, 600])
    func makesExactlyTheRequestedNumberOfServices(count: Int) {
        let batch = DirectoryGenerator(seed: 1, services: count).makeBatch()
        #expect(batch.services.count == count)
        #expect(batch.organizations.isEmpty == (count == 0))
    }

    @Test func idsAreUniqueAndReferencesResolve() {
        let batch = Self.small
        #expect(Set(batch.organizations.map(\.id)).count == batch.organizations.count)
        #expect(Set(batch.locations.map(\.id)).count == batch.locations.count)
        #expect(Set(batch.services.map(\.id)).count == batch.services.count)
        #expect(Set(batch.servicesAtLocations.map(\.id)).count == batch.servicesAtLocations.count)
        let organizations = Set(batch.organizations.map(\.id))
        let programs = Dictionary(uniqueKeysWithValues: batch.programs.map { ($0.id, $0.organizationID) })
        for service in batch.services {
            #expect(organizations.contains(service.organizationID))
            if let program = service.programID { #expect(programs[program] == service.organizationID) }
            #expect(service.provenance?.feed == DirectoryGenerator.feed)
            #expect(service.provenance.map { UInt64($0.sourceKey) != nil } == true)
        }
        let locations = Set(batch.locations.map(\.id))
        for sal in batch.servicesAtLocations { #expect(locations.contains(sal.locationID)) }
    }

    @Test func everyServiceHasASiteWithCoordinatesInTheMetro() throws {
        let batch = Self.small
        let metro = try #require(Metro.metros(forServices: 600).first)
        #expect(metro.name == "Omaha-Council Bluffs")
        let locations = Dictionary(uniqueKeysWithValues: batch.locations.map { ($0.id, $0) })
        var sites: [ServiceID: [Location]] = [:]
        for sal in batch.servicesAtLocations { sites[sal.serviceID, default: []].append(locations[sal.locationID]!) }
        for service in batch.services {
            let points = (sites[service.id] ?? []).compactMap(\.coordinate)
            #expect(!points.isEmpty, "\(service.name) has no site with coordinates")
            for point in points {
                #expect(point.isValid)
                #expect(metro.distanceKilometers(to: point) < metro.radiusKilometers + 5)
            }
        }
    }

    @Test func largeDirectoriesSpreadOverSeveralRealMetros() {
        #expect(Metro.metros(forServices: 20_000).count == 1)
        #expect(Metro.metros(forServices: 20_001).count == 2)
        #expect(Metro.metros(forServices: 1_000_000).count == Metro.all.count)
        for metro in Metro.all {
            #expect(metro.zipCodes.count >= 10)
            for zip in metro.zipCodes { #expect(metro.distanceKilometers(to: zip.coordinate) <= metro.radiusKilometers) }
        }
    }

    @Test func taxonomyCodesAreWellFormedWithAllTheirParents() throws {
        let taxonomy = DirectoryGenerator(seed: 1, services: 10).taxonomy()
        #expect(taxonomy.taxonomies.map(\.id) == [DirectoryGenerator.taxonomyID])
        let terms = Dictionary(uniqueKeysWithValues: taxonomy.taxonomyTerms.map { ($0.id, $0) })
        for term in taxonomy.taxonomyTerms {
            let code = try #require(AIRSCode(term.code ?? ""), "malformed \(term.code ?? "nil")")
            #expect(term.id == TaxonomyTermID.derived(from: "airs", code.rawValue))
            #expect(term.name != code.rawValue, "no name for \(code)")
            if let parent = code.parent {
                #expect(term.parentID == DirectoryGenerator.termID(code: parent.rawValue))
                #expect(terms[DirectoryGenerator.termID(code: parent.rawValue)] != nil, "parent of \(code) missing")
            } else {
                #expect(term.parentID == nil)
            }
        }
        for service in Self.small.services {
            #expect(!service.taxonomyTermIDs.isEmpty)
            for id in service.taxonomyTermIDs { #expect(terms[id] != nil) }
        }
    }

    @Test func allFiveDomainsAndOtherAreRepresented() {
        let batch = Self.twoThousand
        let terms = Dictionary(uniqueKeysWithValues: batch.taxonomyTerms.map { ($0.id, $0) })
        let mapping = DirectoryGenerator.domainMapping
        var counts: [Domain: Int] = [:]
        for service in batch.services {
            for domain in mapping.domains(of: service.taxonomyTermIDs.compactMap { terms[$0] }) { counts[domain, default: 0] += 1 }
        }
        for domain in Domain.allCases { #expect((counts[domain] ?? 0) >= 50, "\(domain): \(counts[domain] ?? 0)") }
    }

    @Test func eligibilityTextIsMostlyReadIntoRules() {
        let services = Self.twoThousand.services
        var structured = 0, unreadable = 0
        for service in services {
            let read = EligibilityReader.read(
                description: service.eligibilityDescription, minimumAge: service.minimumAge,
                maximumAge: service.maximumAge, serviceAreas: service.serviceAreas ?? []
            )
            #expect(read == service.eligibility)
            var rules = read
            rules.unparsed = []
            if !rules.isEmpty { structured += 1 }
            if !read.unparsed.isEmpty { unreadable += 1 }
        }
        #expect(structured * 10 >= services.count * 8, "only \(structured) of \(services.count) have rules")
        // Some text must stay unread, as in real feeds.
        #expect(unreadable * 20 >= services.count)
    }

    @Test func serviceAreaNamesParseBack() {
        var kinds = Set<ResidencyArea.Kind>()
        for service in Self.twoThousand.services {
            for area in service.serviceAreas ?? [] {
                let parsed = EligibilityReader.residencyArea(from: area.name ?? "")
                #expect(parsed != nil, "\(area.name ?? "nil") does not parse")
                if let parsed {
                    #expect(parsed.description == area.name)
                    kinds.insert(parsed.kind)
                }
            }
        }
        #expect(kinds == [.postalCode, .city, .county, .state, .radius])
    }

    @Test(arguments: [1, 7, 1_000])
    func chunksAddUpToTheWholeBatch(organizationsPerChunk: Int) {
        let generator = DirectoryGenerator(seed: 42, services: 600)
        var joined = generator.taxonomy()
        var chunks = 0
        generator.forEachChunk(organizationsPerChunk: organizationsPerChunk) { chunk in
            #expect(chunk.organizations.count <= organizationsPerChunk)
            let organizations = Set(chunk.organizations.map(\.id))
            #expect(chunk.services.allSatisfy { organizations.contains($0.organizationID) })
            #expect(chunk.locations.allSatisfy { $0.organizationID.map(organizations.contains) == true })
            joined.append(contentsOf: chunk)
            chunks += 1
        }
        #expect(joined == Self.small)
        #expect(chunks == (Self.small.organizations.count + organizationsPerChunk - 1) / organizationsPerChunk)
    }

    @Test func recordsCarryTheMessOfRealFeeds() {
        let batch = Self.twoThousand
        let services = batch.services
        #expect(services.contains { $0.description?.contains("<p>") == true })
        #expect(services.contains { $0.description?.contains("&amp;") == true })
        #expect(services.contains { $0.status == .temporarilyClosed })
        #expect(services.contains { $0.status == .defunct })
        #expect(services.contains { $0.assuredDate == nil })
        #expect(services.contains { $0.schedules?.contains { $0.freq == nil && $0.description != nil } == true })
        #expect(services.contains { $0.capacities?.contains { $0.available == 0 } == true })
        let phones = services.flatMap { $0.phones ?? [] }.map(\.number)
        #expect(phones.contains(""))
        #expect(phones.contains { $0.contains("ext.") })
        #expect(phones.contains { $0.contains(".") && !$0.contains("ext") })
        let languages = Set(services.flatMap { $0.languages ?? [] }.compactMap(\.code))
        #expect(languages.isSuperset(of: ["en", "es", "vi", "ar", "so", "kar", "ne"]))
        let verified = services.compactMap(\.assuredDate).sorted()
        #expect(verified.first! >= "2022-01-01" && verified.last! < "2026-01-01")
    }
}
