import DirectoryGenerator
import Foundation
@testable import Matching
import SwitchboardCore
import Testing

/// Matching skips scoring the candidates whose upper bound cannot reach the top; the answer must
/// be exactly the one scoring every candidate gives: same services, scores, order, counts, plan.
@Suite struct MatchBoundTests {
    /// A generated directory of 6,000 services around Omaha: dense enough that most candidates
    /// of a need are left unscored.
    static let crowdedRecords = DirectoryGenerator(seed: 5, services: 6_000).makeBatch().serviceRecords(domains: DirectoryGenerator.domainMapping)
    static let crowded = Fixtures.index(crowdedRecords)
    /// The same with every posting list ranked, so that clients with no place are walked in
    /// order of their best possible score and counted by class, as in a big directory.
    static let crowdedRanked = Fixtures.index(crowdedRecords, rankedListMinimum: 1)

    /// Random profiles, some with what makes the bounds loose: insurance, availability, outcomes.
    static func profiles(seed: UInt64, count: Int) -> [ClientProfile] {
        var r = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            var profile = MatchPropertyTests.randomProfile(&r)
            if r.chance(0.3) { profile.insurance = ["Medicaid"] }
            if r.chance(0.3) { profile.availability = [.init(days: [.tuesday, .saturday], from: "09:00", to: "12:00")] }
            return profile
        }
    }

    func outcomes(for index: DirectoryIndex, seed: UInt64) -> ServiceOutcomes {
        var r = SeededRandom(seed: seed)
        var outcomes: ServiceOutcomes = [:]
        for row in stride(from: 0, to: index.count, by: 7) {
            let closed = 1 + r.below(12)
            outcomes[index.ids[row]] = ServiceOutcomeCounts(closed: closed, completed: r.below(closed + 1))
        }
        return outcomes
    }

    @Test(arguments: [1, 2] as [UInt64])
    func boundedScoringGivesWhatScoringEveryCandidateGives(seed: UInt64) throws {
        for (index, name) in [(Fixtures.demoIndex, "demo"), (Self.crowded, "crowded"), (Self.crowdedRanked, "crowded, ranked")] {
            let history = outcomes(for: index, seed: seed)
            for (n, profile) in Self.profiles(seed: seed, count: 60).enumerated() {
                let past = n % 3 == 0 ? history : [:]
                let bounded = try index.match(profile, configuration: MatchConfiguration(), outcomes: past, now: Fixtures.now, pruning: true)
                let full = try index.match(profile, configuration: MatchConfiguration(), outcomes: past, now: Fixtures.now, pruning: false)
                #expect(bounded == full, "\(name) profile \(n): \(Self.difference(bounded, full))")
            }
        }
    }

    /// Services are counted by their eligibility class: the class's one decision, and its count of
    /// rules to check, must be what the full hard rules say of each of its services, for clients
    /// with and without a place.
    @Test func anEligibilityClassDecidesAsTheHardRulesDo() throws {
        let index = Self.crowded
        let classes = index.eligibilityClasses
        var checked = 0, admitted = 0
        for (n, profile) in Self.profiles(seed: 3, count: 40).enumerated() {
            let configuration = MatchConfiguration()
            let client = try ClientContext(profile: profile, index: index, configuration: configuration, now: Fixtures.now)
            let scorer = MatchScorer(index: index, client: client, configuration: configuration, outcomes: [:])
            let admission = MatchScorer.ClassAdmission(scorer: scorer)
            for row in stride(from: 0, to: index.count, by: 5) {
                let facts = index.facts[row]
                var sink = MatchScorer.Sink(explain: false)
                // Within reach: the rules left are the ones a class stands for.
                let passes = scorer.hardRules(UInt32(row), facts: facts, knownDistance: 0, into: &sink) && facts.isActive
                let classRules = client.origin == nil
                    ? admission.placelessUnknowns(classes.placelessOfRow[row])
                    : facts.siteCount > 0 && classes.ofRow[row] != EligibilityClasses.unclassed ? admission.unknowns(classes.ofRow[row]) : -1
                guard classRules != -1 else { continue }
                #expect((classRules != nil) == passes, "profile \(n), row \(row): the class and the rules disagree")
                if let classRules, passes {
                    #expect(scorer.unknowns(facts, classRules: classRules) == sink.unknowns, "profile \(n), row \(row): rules to check")
                }
                checked += 1
                if passes { admitted += 1 }
            }
        }
        // Both answers are common, so neither side of the comparison is vacuous.
        #expect(checked > 10_000)
        #expect(admitted > checked / 5 && admitted < checked * 19 / 20, "\(admitted) of \(checked) admitted")
    }

    /// A cell's parts are passed by distance against one limit worked out from the tenth score;
    /// that limit may reach a hair beyond the exact bound but never fall short of it, and it must
    /// pass parts, or the walk would score everything.
    @Test func theScoringDistanceNeverFallsShortOfTheBound() throws {
        var r = SeededRandom(seed: 12)
        var allowed = 0, refused = 0
        for profile in Self.profiles(seed: 4, count: 30) {
            var configuration = MatchConfiguration()
            configuration.distanceHalfLifeMiles = r.double(0.5...12)
            let client = try ClientContext(profile: profile, index: Self.crowded, configuration: configuration, now: Fixtures.now)
            let scorer = MatchScorer(index: Self.crowded, client: client, configuration: configuration, outcomes: [:])
            let bound = ScoreBound(scorer: scorer, need: profile.needs[0])
            var top = TopResults(capacity: 1)
            #expect(bound.scoringMiles(top) == .infinity, "a top with room passes every part")
            let farAway = bound.cell(distanceValue: 0), onTheSpot = bound.cell(distanceValue: 1)
            // Tenth scores around and beyond what the distance can move, and at its very ends,
            // where the distance a row needs is tiny or whole and rounding matters most.
            let span = onTheSpot - farAway
            let ends = [farAway, farAway + 1e-12, farAway + 1e-9, farAway + span * 1e-6, onTheSpot - span * 1e-9, onTheSpot, onTheSpot + 1e-12]
            for worst in ends + (0..<200).map({ _ in farAway - 0.5 + r.unit() * (span + 1) }) {
                top = TopResults(capacity: 1)
                top.offer(TopResults.Entry(primary: -worst, secondary: 0, row: 0, score: worst, distance: nil))
                let limit = bound.scoringMiles(top)
                for _ in 0..<50 {
                    let miles = r.chance(0.2) ? r.double(0...0.01) : r.double(0...60)
                    if bound.mayEnter(bound.cell(distanceValue: bound.distanceValue(miles)), top) {
                        allowed += 1
                        #expect(miles <= limit, "\(miles) miles reach a tenth score of \(worst), beyond the limit of \(limit)")
                    } else {
                        refused += 1
                    }
                }
            }
        }
        #expect(allowed > 10_000 && refused > 10_000, "\(allowed) allowed, \(refused) refused")
    }

    /// Clients with no place are walked in lanes cut by their first language and their
    /// populations, each lane with its own bound: the answers must still be those of scoring
    /// every candidate, for clients of one or two populations, with and without a language.
    @Test func lanesCutByLanguageAndPopulationsGiveWhatScoringEveryCandidateGives() throws {
        var r = SeededRandom(seed: 9)
        var walkedWithPopulations = 0
        for n in 0..<150 {
            var profile = MatchPropertyTests.randomProfile(&r)
            profile.zip = nil; profile.latitude = nil; profile.longitude = nil
            profile.populations = (0..<(1 + r.below(2))).map { _ in r.pick(Population.allCases) }
            if r.chance(0.3) { profile.languages = [] }
            if r.chance(0.3) { profile.availability = [.init(days: [.monday], from: "13:00", to: "17:00")] }
            let bounded = try Self.crowdedRanked.match(profile, configuration: MatchConfiguration(), outcomes: [:], now: Fixtures.now, pruning: true)
            let full = try Self.crowdedRanked.match(profile, configuration: MatchConfiguration(), outcomes: [:], now: Fixtures.now, pruning: false)
            #expect(bounded == full, "profile \(n): \(Self.difference(bounded, full))")
            // Someone for another population among the ten: the lane of others was reached.
            if bounded.needs.contains(where: { $0.matches.contains { $0.factors.contains { $0.factor == .population && $0.value == MatchScorer.otherPopulationsValue } } }) {
                walkedWithPopulations += 1
            }
        }
        #expect(walkedWithPopulations > 10, "\(walkedWithPopulations) answers hold a service for another population")
    }

    /// The first difference between two answers, in a line.
    static func difference(_ a: MatchResult, _ b: MatchResult) -> String {
        for (n, (x, y)) in zip(a.needs, b.needs).enumerated() where x != y {
            if x.eligibleCount != y.eligibleCount { return "need \(n): eligible \(x.eligibleCount) vs \(y.eligibleCount)" }
            let left = x.matches.map { "\($0.service.id.rawValue.prefix(8)) \($0.score)" }
            let right = y.matches.map { "\($0.service.id.rawValue.prefix(8)) \($0.score)" }
            return "need \(n) (\(x.need.label)): \(left) vs \(right)"
        }
        return a.plan != b.plan ? "plans differ" : "notes differ"
    }

    @Test func tiedScoresKeepTheLowestIdsWhenBounded() throws {
        // Every service alike but for its id: the bound equals every score, so ties decide.
        let index = (0..<40).map { RecordBuilder(String(format: "tie-%02d", 39 - $0)) }.index()
        let profile = ClientProfile(
            needs: [.init(taxonomyCode: "BH-1800.8500")], latitude: RecordBuilder.omaha.latitude, longitude: RecordBuilder.omaha.longitude)
        let bounded = try index.match(profile, configuration: MatchConfiguration(), outcomes: [:], now: Fixtures.now, pruning: true)
        let full = try index.match(profile, configuration: MatchConfiguration(), outcomes: [:], now: Fixtures.now, pruning: false)
        #expect(bounded == full)
        #expect(bounded.needs[0].eligibleCount == 40)
        #expect(bounded.needs[0].matches.map(\.service.id.rawValue) == (0..<10).map { String(format: "tie-%02d", $0) })
    }
}
