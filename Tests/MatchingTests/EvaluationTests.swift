import Foundation
import Matching
import SwitchboardCore
import Testing

/// The matcher against 32 client scenarios judged independently (Fixtures/evaluation): providers
/// that must be in the top 10, providers that must never appear, and precision at 5 and nDCG at
/// 10 over the judged relevance. Thresholds are justified in docs/matching.md.
@Suite struct EvaluationTests {
    struct Scenario: Decodable {
        struct Judgment: Decodable {
            var need: Int
            var relevant: [String: Int]
            var must_appear: [String]
            var must_appear_within: Int
            var never: [String]
            var why: String
        }
        var id: String
        var situation: String
        var profile: ClientProfile
        var judgments: [Judgment]
    }

    static let minimumPrecisionAt5 = 0.90
    static let minimumNDCGAt10 = 0.85

    static let scenarios: [Scenario] = {
        let folder = Fixtures.repository.appendingPathComponent("Fixtures/evaluation/scenarios")
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }.map {
            try! JSONDecoder().decode(Scenario.self, from: Data(contentsOf: $0))
        }
    }()

    /// Enough results per need that "never appears" is checked well past the first page.
    static var configuration: MatchConfiguration {
        var c = MatchConfiguration()
        c.resultsPerNeed = 50
        return c
    }

    static func precision(at k: Int, ranking: [String], relevant: [String: Int]) -> Double? {
        let judged = relevant.filter { $0.value > 0 }.count
        guard judged > 0 else { return nil }
        let hits = ranking.prefix(k).filter { (relevant[$0] ?? 0) > 0 }.count
        return Double(hits) / Double(min(k, judged))
    }

    static func ndcg(at k: Int, ranking: [String], relevant: [String: Int]) -> Double? {
        func gain(_ grade: Int) -> Double { pow(2, Double(grade)) - 1 }
        let ideal = relevant.values.filter { $0 > 0 }.sorted(by: >).prefix(k)
        guard !ideal.isEmpty else { return nil }
        let idcg = ideal.enumerated().reduce(0.0) { $0 + gain($1.element) / log2(Double($1.offset + 2)) }
        let dcg = ranking.prefix(k).enumerated().reduce(0.0) { $0 + gain(relevant[$1.element] ?? 0) / log2(Double($1.offset + 2)) }
        return dcg / idcg
    }

    @Test func thereAreAtLeastThirtyScenarios() {
        #expect(Self.scenarios.count >= 30)
    }

    @Test func everyMustAppearProviderIsInTheTopTenAndNoNeverProviderAppears() throws {
        for scenario in Self.scenarios {
            let result = try Fixtures.demoIndex.match(scenario.profile, configuration: Self.configuration, now: Fixtures.now)
            for judgment in scenario.judgments {
                let ranking = result.needs[judgment.need].matches.map(\.service.id.rawValue)
                let check = {
                    for id in judgment.must_appear {
                        #expect(ranking.prefix(judgment.must_appear_within).contains(id),
                            "\(scenario.id) need \(judgment.need): \(id) must be in the top \(judgment.must_appear_within) (\(judgment.why))")
                    }
                }
                if scenario.profile.needs[judgment.need].taxonomyCode == nil {
                    // A need given as a whole domain says nothing about which kind of service; the
                    // matcher ranks it by the other factors and misses what only names and purposes
                    // tell a person (docs/matching.md, "Known gaps"). Recorded, not hidden.
                    withKnownIssue("domain-only needs are ranked without knowing which kind of service fits", isIntermittent: true) { check() }
                } else {
                    check()
                }
                for id in judgment.never {
                    #expect(!ranking.contains(id), "\(scenario.id) need \(judgment.need): \(id) must never appear")
                }
            }
        }
    }

    @Test func precisionAtFiveAndNDCGAtTenMeetTheThresholds() throws {
        var precisions: [Double] = [], gains: [Double] = []
        var lines: [String] = []
        for scenario in Self.scenarios {
            let result = try Fixtures.demoIndex.match(scenario.profile, configuration: Self.configuration, now: Fixtures.now)
            for judgment in scenario.judgments {
                let ranking = result.needs[judgment.need].matches.map(\.service.id.rawValue)
                let p = Self.precision(at: 5, ranking: ranking, relevant: judgment.relevant)
                let g = Self.ndcg(at: 10, ranking: ranking, relevant: judgment.relevant)
                if let p { precisions.append(p) }
                if let g { gains.append(g) }
                lines.append("\(scenario.id) need \(judgment.need): P@5 \(p.map { String(format: "%.2f", $0) } ?? "-") nDCG@10 \(g.map { String(format: "%.2f", $0) } ?? "-")")
            }
        }
        let meanP = precisions.reduce(0, +) / Double(max(1, precisions.count))
        let meanG = gains.reduce(0, +) / Double(max(1, gains.count))
        print(lines.joined(separator: "\n"))
        print("EVALUATION: \(precisions.count) judged needs; mean P@5 \(String(format: "%.3f", meanP)); mean nDCG@10 \(String(format: "%.3f", meanG))")
        #expect(meanP >= Self.minimumPrecisionAt5, "mean precision at 5 is \(meanP)")
        #expect(meanG >= Self.minimumNDCGAt10, "mean nDCG at 10 is \(meanG)")
    }

    @Test func aCallerWhoGivesNoPlaceIsNeverExcludedForItAndIsToldToCheck() throws {
        let scenario = try #require(Self.scenarios.first { $0.profile.place == nil })
        let result = try Fixtures.demoIndex.match(scenario.profile, configuration: Self.configuration, now: Fixtures.now)
        let judged = try #require(scenario.judgments.first)
        #expect(result.needs[0].eligibleCount == judged.relevant.count)
        for match in result.needs[0].matches {
            #expect(match.checkEligibility)
            #expect(match.rules.contains { $0.rule == .reach && $0.outcome == .unknown })
        }
    }
}
