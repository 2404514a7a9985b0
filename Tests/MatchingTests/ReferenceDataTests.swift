import Foundation
import Matching
import SwitchboardCore
import Testing

@Suite struct ReferenceDataTests {
    @Test func theShippedZIPTableResolvesOmahaWithItsCounty() throws {
        let zip = try #require(Fixtures.zipCodes["68102-1234"])
        #expect(zip.city == "Omaha" && zip.state == "NE" && zip.county == "Douglas" && zip.utcOffset == -6)
        #expect(Fixtures.zipCodes.count > 40_000)
        #expect(Fixtures.zipCodes["99999"] == nil && Fixtures.zipCodes["abcde"] == nil)
    }

    @Test func aZIPCodeIsReadInEachOfItsForms() {
        for text in ["68102", " 68102 ", "68102-1234", "\t68102-1234\n"] { #expect(ZIPCodeTable.fiveDigits(text) == "68102", "\(text)") }
        for text in ["6810", "681021", "6810a", "６８１０２", "68102-", "68 102", ""] { #expect(ZIPCodeTable.fiveDigits(text) == nil, "\(text)") }
    }

    @Test func everyZIPCodeInTheDemoDirectoryResolves() throws {
        var zips = Set<String>()
        for record in Fixtures.demoRecords {
            for site in record.sites { for address in site.location.addresses ?? [] { zips.insert(address.postalCode) } }
            for area in record.service.eligibility.residency where area.kind == .postalCode { zips.insert(area.name) }
        }
        #expect(zips.count > 50)
        let missing = zips.filter { Fixtures.zipCodes[$0] == nil }
        #expect(missing.isEmpty, "\(missing.sorted())")
    }

    @Test func aMalformedZIPLineIsReportedWithItsLineNumber() {
        #expect(throws: MatchingError.self) { try ZIPCodeTable.parse("header\n68102|Omaha|NE||41|x|-6\n") }
    }

    @Test func incomeBecomesAPercentOfTheGuidelineForTheHouseholdAndState() {
        let p = Fixtures.poverty
        #expect(p.year == 2026)
        // 48 states: $15,960 + $5,680 per further person; a family of four is $33,000 a year.
        #expect(p.percentOfPoverty(monthlyIncome: 2750, householdSize: 4, state: "NE") == 100)
        #expect(p.percentOfPoverty(monthlyIncome: 1330, householdSize: 1, state: "NE") == 100)
        #expect(p.percentOfPoverty(monthlyIncome: 1330, householdSize: 1, state: "AK") < p.percentOfPoverty(monthlyIncome: 1330, householdSize: 1, state: "HI"))
        #expect(p.schedule(forState: "AK").annual(householdSize: 2) == 19_950 + 7_100)
    }
}
