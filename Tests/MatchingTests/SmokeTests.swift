import Foundation
import Matching
import SwitchboardCore
import Testing

@Suite struct SmokeTests {
    @Test func demoSearchAndMatchAnswer() throws {
        let index = Fixtures.demoIndex
        let results = try index.search(SearchQuery(text: "shelter", near: .zip("68102"), radiusMiles: 10))
        print("total", results.total, results.domainCounts, results.languageCounts)
        for hit in results.hits.prefix(5) { print(hit.service.name, "|", hit.service.organization, hit.score, hit.reasons) }
        let profile = ClientProfile(
            needs: [.init(taxonomyCode: "BH-3800.7000", urgency: .high), .init(domain: .legal)], zip: "68104", age: 34, gender: .female,
            householdSize: 3, monthlyIncome: 2100, languages: ["es"])
        let match = try index.match(profile, now: Fixtures.now)
        print(match.notes)
        for need in match.needs {
            print("NEED", need.need.label, need.eligibleCount)
            for m in need.matches.prefix(3) {
                print(" ", m.service.name, "|", m.service.organization, String(format: "%.2f", m.score), m.checkEligibility)
                for f in m.factors { print("    ", f.factor, String(format: "%.2f", f.value), f.reason) }
                for r in m.rules { print("    rule", r.rule, r.outcome, r.reason) }
            }
        }
        print(match.plan as Any)
    }
}
