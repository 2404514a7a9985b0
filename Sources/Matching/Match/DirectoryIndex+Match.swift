public import Foundation
public import SwitchboardCore

extension DirectoryIndex {
    /// Ranks the providers that fit a client, need by need, with every factor and rule explained,
    /// and for several needs proposes a plan that covers them all with few providers and places.
    ///
    /// Hard rules leave a service out only when they are known on both sides and contradicted;
    /// what is unknown keeps it in, marked "check eligibility". The same index, profile,
    /// configuration, outcomes and `now` give the same answer; equal scores are ordered by id.
    /// - Parameters:
    ///   - outcomes: past referral outcomes per service; empty makes the factor neutral.
    ///   - now: "today", for the freshness of records.
    ///   - needsInParallel: rank the needs of a profile with several on all cores at once (the
    ///     answer is the same); off, one request keeps to one core.
    /// - Throws: ``MatchingError`` for a profile the matcher cannot use (no needs, an unknown ZIP code).
    public func match(
        _ profile: ClientProfile, configuration: MatchConfiguration = MatchConfiguration(),
        outcomes: ServiceOutcomes = [:], now: Date, needsInParallel: Bool = true
    ) throws -> MatchResult {
        try match(profile, configuration: configuration, outcomes: outcomes, now: now, pruning: true, needsInParallel: needsInParallel)
    }

    /// The match, with `pruning` off scoring every eligible candidate: what tests and the
    /// benchmark compare the bounded scoring against. With `needsInParallel`, the needs of a
    /// profile with several are ranked on all cores at once (the answer is the same).
    package func match(
        _ profile: ClientProfile, configuration: MatchConfiguration, outcomes: ServiceOutcomes, now: Date, pruning: Bool,
        needsInParallel: Bool = true
    ) throws -> MatchResult {
        let client = try ClientContext(profile: profile, index: self, configuration: configuration, now: now)
        let scorer = MatchScorer(index: self, client: client, configuration: configuration, outcomes: outcomes)
        var notes = client.notes
        let targets = profile.needs.map { NeedTarget(need: $0, index: self, populations: profile.populations) }
        for (need, target) in zip(profile.needs, targets) {
            if case .unknownCode = target.kind { notes.append("no service in the directory is classified under \(need.label)") }
        }
        let ranked: [(scored: [MatchScorer.Scored], matches: NeedMatches)]
        if needsInParallel && profile.needs.count > 1 && Self.cores > 1 {
            let slots = NeedSlots<(scored: [MatchScorer.Scored], matches: NeedMatches)>(count: targets.count)
            let admissions = MatchScorer.ClassAdmissionPool(scorer: scorer)
            DispatchQueue.concurrentPerform(iterations: targets.count) { n in
                let classes = admissions.take()
                slots.set(n, rank(profile.needs[n], target: targets[n], scorer: classes.scorer, classes: classes, pruning: pruning))
                admissions.give(classes)
            }
            ranked = slots.values
        } else {
            let classes = MatchScorer.ClassAdmission(scorer: scorer)
            ranked = zip(profile.needs, targets).map { rank($0, target: $1, scorer: scorer, classes: classes, pruning: pruning) }
        }
        let plan = profile.needs.count > 1 ? MatchPlanner(index: self, configuration: configuration).plan(ranked.map(\.scored)) : nil
        return MatchResult(needs: ranked.map(\.matches), plan: plan, notes: notes)
    }

    /// One need's ranking: its best candidates scored (for the plan) and its answer, explained.
    private func rank(
        _ need: ClientProfile.Need, target: NeedTarget, scorer: MatchScorer, classes: MatchScorer.ClassAdmission, pruning: Bool
    ) -> (scored: [MatchScorer.Scored], matches: NeedMatches) {
        let configuration = scorer.configuration, client = scorer.client
        let keep = max(configuration.resultsPerNeed, configuration.planCandidatesPerNeed)
        var top = TopResults(capacity: keep)
        var eligible = 0
        let bound = ScoreBound(scorer: scorer, need: need, bestPrecision: target.bestPrecision, enabled: pruning)
        var cellDistanceValue = 0.5, cellBest = Double.infinity
        // Hard rules for every candidate (the eligible count): by its class where it has one,
        // else one by one; numbers only for those whose bound may reach the top. Then
        // words, for the few kept.
        forEachCandidate(for: target, client: client, byClass: pruning && bound.isUsable, enteringCell: { nearest in
            cellDistanceValue = bound.distanceValue(nearest)
            cellBest = bound.cell(distanceValue: cellDistanceValue)
            return bound.mayEnter(cellBest, top)
        }, scoringMiles: {
            bound.scoringMiles(top)
        }, split: bound.walkSplit(scorer),
        placelessBound: { facts, lane in
            bound.placeless(facts, precision: target.bestPrecision, scorer: scorer, languageValue: lane.languageValue, populationValue: lane.populationValue)
        }, mayEnter: { best, row in row.map { bound.mayEnter(best, row: $0, top) } ?? bound.mayEnter(best, top) }, counted: { eligibilityClass, placeless, count in
            if (placeless ? classes.placelessUnknowns(eligibilityClass) : classes.unknowns(eligibilityClass)) != nil { eligible += count }
        }, worthScoring: { row, facts, eligibilityClass, placeless, miles in
            // The class knows the row's rules: its bound, before reading anything else of it.
            guard bound.isUsable, top.isFull else { return true }
            guard let classRules = placeless ? classes.placelessUnknowns(eligibilityClass) : classes.unknowns(eligibilityClass) else { return false }
            let distanceValue = bound.distanceValue(miles), unknowns = scorer.unknowns(facts, classRules: classRules)
            let best = bound.row(facts, precision: target.bestPrecision, distanceValue: distanceValue, unknowns: unknowns, scorer: scorer)
            guard bound.mayEnter(best, row: row, top) else { return false }
            // Then the language and the hours, a list read each: a client who names a language,
            // or hours, that few services keep leaves most rows' bounds short of their best.
            guard bound.weighsLanguage || bound.weighsSchedule else { return true }
            let closer = bound.row(facts, precision: target.bestPrecision, distanceValue: distanceValue, unknowns: unknowns, scorer: scorer,
                languageValue: bound.weighsLanguage ? scorer.languageValue(row) : nil,
                scheduleValue: bound.weighsSchedule ? scorer.scheduleValue(row) : nil)
            return bound.mayEnter(closer, row: row, top)
        }) { row, distance, facts, counted in
            guard let (precision, rules) = scorer.screen(row, facts: facts, distance: distance, target: target, explain: false) else { return }
            if !counted { eligible += 1 }
            guard bound.mayEnter(cellBest, top),
                bound.mayEnter(bound.row(facts, precision: precision.value, distanceValue: cellDistanceValue, unknowns: rules.unknowns, scorer: scorer), row: row, top)
            else { return }
            let result = scorer.score(row, distance: distance, precision: precision, rules: rules, need: need, target: target)
            top.offer(TopResults.Entry(primary: -result.score, secondary: 0, row: row, score: result.score, distance: result.distance))
        }
        let ranked = top.entries.compactMap { entry in
            scorer.evaluate(entry.row, distance: entry.distance, need: need, target: target, explain: true)
        }
        return (ranked, NeedMatches(
            need: need, eligibleCount: eligible, matches: ranked.prefix(configuration.resultsPerNeed).map { explained($0) }))
    }

    /// Asked once: Foundation may read the process's CPU quota from files to answer.
    private static let cores = ProcessInfo.processInfo.activeProcessorCount

    private func explained(_ scored: MatchScorer.Scored) -> ServiceMatch {
        ServiceMatch(
            service: summaries[Int(scored.row)], score: scored.score, distanceMiles: scored.distance, factors: scored.factors,
            rules: scored.rules, checkEligibility: scored.rules.contains { $0.outcome == .unknown })
    }

    /// Calls `body` once with each row that may answer the need and can reach the client, with
    /// the distance to its nearest site: through the need grid when the client's place is known,
    /// nearest cells first (plus the services with no site, few, that reach clients through their
    /// areas), else through the need's posting lists. `enteringCell` hears, before a cell's rows,
    /// a distance none of them is nearer than, and answers whether any of them may be scored;
    /// it hears nil before rows whose distance is unknown.
    ///
    /// With `byClass`, a row with an eligibility class within reach goes to `counted` once (with
    /// its class, at the first of its sites within reach), and to `body` only where it may be
    /// scored (the nearest distance of its sixteenth of a cell within `scoringMiles`), marked as counted; `body` checks and counts the others itself. With no place and
    /// a big list, `counted` hears each placeless class with how many rows of the list it holds,
    /// and `body` hears that list's rows in order of their best possible score (``RankedPostings``), all
    /// marked as counted, until `mayEnter` says no row with the best that `placelessBound` gives
    /// for the next one can enter the top (asked of a row, it answers for that row and its id);
    /// then, unmarked, the rows that answer only by a broader term.
    private func forEachCandidate(
        for target: NeedTarget, client: ClientContext, byClass: Bool, enteringCell: (Double?) -> Bool, scoringMiles: () -> Double,
        split: RankedPostings.Split, placelessBound: (RowFacts, RankedPostings.Lane) -> Double, mayEnter: (Double, _ row: UInt32?) -> Bool, counted: (_ class: UInt32, _ placeless: Bool, _ count: Int) -> Void,
        worthScoring: (_ row: UInt32, RowFacts, _ class: UInt32, _ placeless: Bool, _ miles: Double?) -> Bool,
        _ body: (UInt32, Double?, RowFacts, Bool) -> Void
    ) {
        let (entry, exit, broaderEntries) = target.entries(in: self)
        guard let origin = client.origin, let point = client.place?.point else {
            _ = enteringCell(nil)
            if byClass, let ranked = target.rankedPostings(in: self) {
                for (eligibilityClass, count) in ranked.tally { counted(eligibilityClass, true, count) }
                walk(ranked, split: split, bound: placelessBound, mayEnter: mayEnter) { i in
                    let row = ranked.rows[i], rowFacts = ranked.facts[i]
                    if worthScoring(row, rowFacts, ranked.classes[i], true, nil) { body(row, nil, rowFacts, true) }
                }
                for row in target.broaderOnlyRows(in: self) { body(row, nil, facts[Int(row)], false) }
                return
            }
            let lists = target.postings(in: self)
            let rows = lists.count == 1 ? lists[0] : Set(lists.joined()).sorted()
            for row in rows { body(row, nil, facts[Int(row)], false) }
            return
        }
        let travel = client.travelMiles
        needGrid.forEachSite(terms: target.gridTerms(in: self), within: travel, of: point, byClass: byClass, enteringCell: enteringCell, scoringMiles: scoringMiles, counted: { eligibilityClass in
            counted(eligibilityClass, false, 1)
        }) { term, row, ordinal, miles, rowFacts, eligibilityClass in
            let isCounted = eligibilityClass != EligibilityClasses.unclassed
            // At the row's nearest site this distance is the row's; elsewhere the row is skipped below anyway.
            if isCounted, !worthScoring(row, rowFacts, eligibilityClass, false, miles) { return }
            var distance = miles
            if rowFacts.siteCount > 1 {  // report a row from its nearest site only
                guard let nearest = nearestSite(of: row, from: origin), nearest.site == Int(ordinal) else { return }
                distance = nearest.miles
            }
            guard target.isFirstAnsweringTerm(term, of: row, facts: rowFacts, in: self, entry: entry, exit: exit) else { return }
            body(row, distance, rowFacts, isCounted)
        }
        _ = enteringCell(nil)
        for row in remoteRows where target.mayAnswer(row, in: self, entry: entry, exit: exit, broaderEntries: broaderEntries) {
            body(row, nil, facts[Int(row)], false)
        }
    }

    /// Calls `body` with the positions of the rows of `ranked`, always the head of the lane whose head may score
    /// the most next (`bound` of its facts and the lane's most on language and populations), while
    /// `mayEnter` allows that best: the rest of a lane, freshest first, can score no more than its head.
    private func walk(
        _ ranked: RankedPostings, split: RankedPostings.Split, bound: (RowFacts, RankedPostings.Lane) -> Double,
        mayEnter: (Double, _ row: UInt32?) -> Bool, _ body: (Int) -> Void
    ) {
        var lanes = ranked.lanes(split)
        func headBound(_ g: Int) -> Double {
            guard let head = lanes[g].head else { return -Double.infinity }
            return bound(ranked.facts[head], lanes[g])
        }
        var heads = lanes.indices.map(headBound)
        while true {
            // The best group, and the best of the others: the best group's rows go on until its
            // head falls below that.
            var g = 0
            for i in heads.indices where heads[i] > heads[g] { g = i }
            var runnerUp = -Double.infinity
            for i in heads.indices where i != g && heads[i] > runnerUp { runnerUp = heads[i] }
            guard heads[g] > -Double.infinity else { return }
            repeat {
                guard mayEnter(heads[g], nil), let head = lanes[g].head else { return }
                // Where many rows tie at the tenth score, only lower ids enter: the others are passed by their id alone.
                if mayEnter(heads[g], ranked.rows[head]) { body(head) }
                lanes[g].advance(ranked.facts)
                heads[g] = headBound(g)
            } while heads[g] >= runnerUp && heads[g] > -Double.infinity
        }
    }
}


/// One answer per need, each written by the one thread that ranks that need.
private final class NeedSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit { slots.deinitialize().deallocate() }

    func set(_ n: Int, _ value: Value) { slots[n] = value }

    /// Every slot, once all are set.
    var values: [Value] { slots.map { $0! } }
}
