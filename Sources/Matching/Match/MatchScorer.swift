import Foundation
import SwitchboardCore

/// Checks the hard rules for one row and one need, and scores the soft factors.
struct MatchScorer {
    let index: DirectoryIndex
    let client: ClientContext
    let configuration: MatchConfiguration
    let outcomes: ServiceOutcomes
    /// Residency outcomes per area, shared by every row this query scores.
    let memo = AreaMemo()

    /// A scored row, or nil when a hard rule leaves it out.
    struct Scored {
        var row: UInt32
        var score: Double
        var distance: Double?
        var site: Int?
        var factors: [FactorScore]
        var rules: [RuleCheck]
    }

    /// Collects factors and rules; words are only built when `explain` is set, so scoring the
    /// thousands of candidates of a big directory builds no strings.
    struct Sink {
        let explain: Bool
        var score = 0.0
        var unknowns = 0
        var factors: [FactorScore] = []
        var rules: [RuleCheck] = []

        init(explain: Bool) {
            self.explain = explain
            // Room for every factor and the usual rules at once, rather than growing by doubling
            // (four or five allocations each) for every explained service.
            if explain {
                factors.reserveCapacity(MatchFactor.allCases.count)
                rules.reserveCapacity(EligibilityRule.allCases.count + 1)
            }
        }

        mutating func factor(_ factor: MatchFactor, _ value: Double, weight: Double, _ reason: @autoclosure () -> String) {
            score += value * weight
            if explain { factors.append(FactorScore(factor: factor, value: value, weight: weight, contribution: value * weight, reason: reason())) }
        }

        mutating func rule(_ rule: EligibilityRule, _ outcome: RuleOutcome, _ reason: @autoclosure () -> String) {
            if outcome == .unknown { unknowns += 1 }
            if explain { rules.append(RuleCheck(rule: rule, outcome: outcome, reason: reason())) }
        }
    }

    /// Scores a row for a need; nil when it does not answer the need or a hard rule leaves it out.
    func evaluate(_ row: UInt32, distance known: Double?, need: ClientProfile.Need, target: NeedTarget, explain: Bool) -> Scored? {
        guard let (precision, sink) = screen(row, facts: index.facts[Int(row)], distance: known, target: target, explain: explain) else { return nil }
        return score(row, distance: known, precision: precision, rules: sink, need: need, target: target)
    }

    /// The hard rules alone: how precisely the row answers the need and the rules as checked (with
    /// the count of those to check), or nil when the row does not answer or a rule leaves it out.
    /// Every candidate of a need passes here, since the count of eligible providers is part of the
    /// answer; only those that may reach the top are then scored.
    @inline(__always)
    func screen(_ row: UInt32, facts: RowFacts, distance known: Double?, target: NeedTarget, explain: Bool) -> (NeedTarget.Precision, Sink)? {
        guard facts.isActive, let precision = target.precision(of: row, facts: facts, in: index) else { return nil }
        var sink = Sink(explain: explain)
        guard hardRules(row, facts: facts, knownDistance: known, into: &sink) else { return nil }
        return (precision, sink)
    }

    /// The soft factors of a row that passed ``screen(_:facts:distance:target:explain:)``, added to its rules.
    func score(
        _ row: UInt32, distance known: Double?, precision: NeedTarget.Precision, rules: Sink, need: ClientProfile.Need, target: NeedTarget
    ) -> Scored {
        var sink = rules
        var distance = known, site: Int?
        if let origin = client.origin, sink.explain || known == nil, let nearest = index.nearestSite(of: row, from: origin) {
            distance = nearest.miles
            site = nearest.site
        }
        let urgency = self.urgency(of: need)
        let w = configuration.weights
        sink.factor(.taxonomy, precision.value, weight: w.taxonomy, target.reason(for: precision, in: index))
        distanceFactor(distance, weight: w.distance * urgency, into: &sink)
        languageFactor(row, weight: w.language, into: &sink)
        scheduleFactor(row, weight: w.schedule * urgency, into: &sink)
        capacityFactor(row, weight: w.capacity * urgency, into: &sink)
        populationFactor(row, weight: w.population, into: &sink)
        costFactor(row, weight: w.cost, into: &sink)
        freshnessFactor(row, weight: w.freshness, into: &sink)
        outcomeFactor(row, weight: w.outcomes, into: &sink)
        let unknowns = sink.unknowns
        sink.factor(.eligibility, eligibilityValue(unknowns: unknowns), weight: w.eligibility,
            unknowns == 0 ? "every known rule met" : "\(unknowns) \(unknowns == 1 ? "rule" : "rules") to check with the provider")
        return Scored(row: row, score: sink.score, distance: distance, site: site, factors: sink.factors, rules: sink.rules)
    }

    /// Whether the services of an eligibility class pass the hard rules for this client, each class asked once.
    struct ClassAdmission {
        let scorer: MatchScorer
        private let memo: ClassMemo
        private let placelessMemo: ClassMemo

        init(scorer: MatchScorer) {
            self.scorer = scorer
            memo = ClassMemo(classes: scorer.index.eligibilityClasses.representatives.count)
            placelessMemo = ClassMemo(classes: scorer.index.eligibilityClasses.placelessRepresentatives.count)
        }

        /// For a class of ``EligibilityClasses/ofRow``: its rules to check, or nil when it is left out.
        @inline(__always)
        func unknowns(_ id: UInt32) -> Int? {
            memo.unknowns(id) { scorer.classRules(scorer.index.eligibilityClasses.representatives[Int(id)]) }
        }

        /// For a class of ``EligibilityClasses/placelessOfRow``, for a client with no place.
        @inline(__always)
        func placelessUnknowns(_ id: UInt32) -> Int? {
            placelessMemo.unknowns(id) { scorer.classRules(scorer.index.eligibilityClasses.placelessRepresentatives[Int(id)]) }
        }
    }

    /// Scorers for needs ranked at once on several threads. A scorer and its class decisions
    /// keep caches (areas, classes) that one thread may use at a time: each need takes a pair
    /// no other thread holds and gives it back for the next need (the decisions hold for every need).
    final class ClassAdmissionPool: @unchecked Sendable {
        private let scorer: MatchScorer
        private let lock = NSLock()
        private var idle: [ClassAdmission] = []

        init(scorer: MatchScorer) { self.scorer = scorer }

        func take() -> ClassAdmission {
            lock.withLock { idle.popLast() }
                ?? ClassAdmission(scorer: MatchScorer(index: scorer.index, client: scorer.client, configuration: scorer.configuration, outcomes: scorer.outcomes))
        }

        func give(_ admission: ClassAdmission) {
            lock.withLock { idle.append(admission) }
        }
    }

    func urgency(of need: ClientProfile.Need) -> Double {
        switch need.urgency {
        case .high: configuration.urgentMultiplier
        case .crisis: configuration.crisisMultiplier
        case .low, .normal: 1
        }
    }

    func eligibilityValue(unknowns: Int) -> Double { max(0, 1 - 0.25 * Double(unknowns)) }

    // MARK: Hard rules

    /// For a service with these facts, answering the need and within the client's reach (or the
    /// client has no place): nil when a hard rule leaves it out, else how many of its status,
    /// age, gender, income and residency rules are to check. What
    /// ``hardRules(_:facts:knownDistance:into:)`` decides of those rules, without the words; the
    /// rest of its count (reach, populations, unparsed requirements) is in ``unknowns(_:classRules:)``.
    /// Eligibility classes are decided by it; a test holds the two together.
    func classRules(_ facts: RowFacts) -> Int? {
        guard facts.isActive else { return nil }
        var unknowns = 0
        func note(_ outcome: RuleOutcome) -> Bool {
            if outcome == .unknown { unknowns += 1 }
            return outcome != .violated
        }
        // A classed service has at most two areas, all in its facts: no row list is read.
        guard note(DirectoryIndex.age(facts, client: client.profile.age)),
            note(DirectoryIndex.gender(facts, client: client.profile.gender)),
            note(DirectoryIndex.income(facts, percentOfPoverty: client.percentOfPoverty)),
            note(index.residency(of: 0, facts: facts, for: client.folded, memo: memo).0)
        else { return nil }
        return unknowns
    }

    /// The rules to check of a service within reach that passed ``classRules(_:)`` with `classRules`
    /// to check: the count ``hardRules(_:facts:knownDistance:into:)`` gives it.
    @inline(__always)
    func unknowns(_ facts: RowFacts, classRules: Int) -> Int {
        let reach = client.origin == nil ? 1 : 0
        let population = facts.populationMask != 0 && facts.populationMask & client.populationMask == 0 ? 1 : 0
        return classRules + reach + population + Int(facts.unparsedCount)
    }

    /// Records every rule as met, unknown or not applicable; false when one is violated.
    func hardRules(_ row: UInt32, facts: RowFacts, knownDistance: Double?, into sink: inout Sink) -> Bool {
        let r = Int(row)
        let (residency, matchedArea) = index.residency(of: row, facts: facts, for: client.folded, memo: memo)
        var areaText: String { index.areaText(of: row, matched: matchedArea) }

        // Reach: a site within the client's travel distance, or, for a service with no site, an area covering the client.
        if facts.siteCount == 0 {
            switch residency {
            case .met: sink.rule(.reach, .met, "no office to travel to; serves the client's area (\(areaText))")
            case .violated: return false
            default: sink.rule(.reach, .unknown, "no office on record and no area we can check: ask how the service reaches the client")
            }
        } else if let origin = client.origin {
            let miles = knownDistance ?? index.nearestSite(of: row, from: origin)?.miles ?? .infinity
            guard miles <= client.travelMiles else { return false }
            sink.rule(.reach, .met, "\(Wording.distance(miles)), within the client's \(Wording.whole(client.travelMiles)) miles")
        } else {
            sink.rule(.reach, .unknown, "client location not given: check the client can get there")
        }

        var ageRule: String {
            let range = Wording.ageRange(index.minimumAges[r], index.maximumAges[r])
            return index.minimumAges[r].isNaN || index.maximumAges[r].isNaN ? "age \(range)" : "age \(range) only"
        }
        switch DirectoryIndex.age(facts, client: client.profile.age) {
        case .violated: return false
        case .met: sink.rule(.age, .met, "\(ageRule): client is \(Wording.whole(client.profile.age!))")
        case .unknown: sink.rule(.age, .unknown, "\(ageRule): client's age not given")
        case .notApplicable: sink.rule(.age, .notApplicable, "no age rule")
        }

        var genders: String { Gender.allCases.filter { index.genderMasks[r] & DirectoryIndex.bit($0) != 0 }.map(\.rawValue).joined(separator: " or ") }
        switch DirectoryIndex.gender(facts, client: client.profile.gender) {
        case .violated: return false
        case .met: sink.rule(.gender, .met, "serves \(genders) only: client is \(client.profile.gender!.rawValue)")
        case .unknown: sink.rule(.gender, .unknown, "serves \(genders) only: client's gender not given")
        case .notApplicable: sink.rule(.gender, .notApplicable, "no gender rule")
        }

        let limit = index.incomeLimits[r]
        switch DirectoryIndex.income(facts, percentOfPoverty: client.percentOfPoverty) {
        case .violated: return false
        case .met: sink.rule(.income, .met, "income up to \(limit)% of the poverty guideline: client is at \(client.percentOfPoverty!)%")
        case .unknown: sink.rule(.income, .unknown, "income up to \(limit)% of the poverty guideline: client's income or household size not given")
        case .notApplicable: sink.rule(.income, .notApplicable, "no income rule")
        }

        switch residency {
        case .violated: return false
        case .met: sink.rule(.residency, .met, "serves \(areaText): client lives there")
        case .unknown: sink.rule(.residency, .unknown, "serves \(areaText): cannot tell whether the client lives there")
        case .notApplicable: sink.rule(.residency, .notApplicable, "no residency rule")
        }

        let rowPopulations = facts.populationMask
        if rowPopulations != 0 {
            var names: String { Population.allCases.filter { rowPopulations & DirectoryIndex.bit($0) != 0 }.map(Wording.population).joined(separator: ", ") }
            if rowPopulations & client.populationMask != 0 {
                sink.rule(.population, .met, "for \(names): client is one of them")
            } else {
                sink.rule(.population, .unknown, "for \(names): check the client qualifies")
            }
        } else {
            sink.rule(.population, .notApplicable, "not limited to a population")
        }

        if sink.explain {
            for text in index.unparsed[row] ?? [] { sink.rule(.requirement, .unknown, "check with the provider: \(text)") }
        } else {
            sink.unknowns += Int(facts.unparsedCount)  // the texts themselves only when explaining
        }
        return true
    }
}
