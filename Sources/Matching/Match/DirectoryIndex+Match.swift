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
    /// - Throws: ``MatchingError`` for a profile the matcher cannot use (no needs, an unknown ZIP code).
    public func match(
        _ profile: ClientProfile, configuration: MatchConfiguration = MatchConfiguration(),
        outcomes: ServiceOutcomes = [:], now: Date
    ) throws -> MatchResult {
        try match(profile, configuration: configuration, outcomes: outcomes, now: now, pruning: true)
    }

    /// The match, with `pruning` off scoring every eligible candidate: what tests and the
    /// benchmark compare the bounded scoring against.
    package func match(
        _ profile: ClientProfile, configuration: MatchConfiguration, outcomes: ServiceOutcomes, now: Date, pruning: Bool
    ) throws -> MatchResult {
        let client = try ClientContext(profile: profile, index: self, configuration: configuration, now: now)
        let scorer = MatchScorer(index: self, client: client, configuration: configuration, outcomes: outcomes)
        var rankings: [[MatchScorer.Scored]] = []
        var results: [NeedMatches] = []
        var notes = client.notes
        let keep = max(configuration.resultsPerNeed, configuration.planCandidatesPerNeed)

        for need in profile.needs {
            let target = NeedTarget(need: need, index: self, populations: profile.populations)
            if case .unknownCode = target.kind { notes.append("no service in the directory is classified under \(need.label)") }
            var top = TopResults(capacity: keep)
            var eligible = 0
            let bound = ScoreBound(scorer: scorer, need: need, enabled: pruning)
            var cellDistanceValue = 0.5, cellBest = Double.infinity
            // First pass: hard rules for every candidate (the eligible count), numbers only for
            // those whose bound may reach the top. Second pass: words, for the few kept.
            forEachCandidate(for: target, client: client, enteringCell: { nearest in
                cellDistanceValue = bound.distanceValue(nearest)
                cellBest = bound.cell(distanceValue: cellDistanceValue)
            }) { row, distance, facts in
                guard let (precision, rules) = scorer.screen(row, facts: facts, distance: distance, target: target, explain: false) else { return }
                eligible += 1
                guard bound.mayEnter(cellBest, top),
                    bound.mayEnter(bound.row(facts, precision: precision.value, distanceValue: cellDistanceValue, unknowns: rules.unknowns, scorer: scorer), row: row, top)
                else { return }
                let result = scorer.score(row, distance: distance, precision: precision, rules: rules, need: need, target: target)
                top.offer(TopResults.Entry(primary: -result.score, secondary: 0, row: row, score: result.score, distance: result.distance))
            }
            let ranked = top.entries.compactMap { entry in
                scorer.evaluate(entry.row, distance: entry.distance, need: need, target: target, explain: true)
            }
            rankings.append(ranked)
            results.append(NeedMatches(
                need: need, eligibleCount: eligible,
                matches: ranked.prefix(configuration.resultsPerNeed).map { explained($0) }))
        }
        let plan = profile.needs.count > 1 ? MatchPlanner(index: self, configuration: configuration).plan(rankings) : nil
        return MatchResult(needs: results, plan: plan, notes: notes)
    }

    private func explained(_ scored: MatchScorer.Scored) -> ServiceMatch {
        ServiceMatch(
            service: summaries[Int(scored.row)], score: scored.score, distanceMiles: scored.distance, factors: scored.factors,
            rules: scored.rules, checkEligibility: scored.rules.contains { $0.outcome == .unknown })
    }

    /// Calls `body` once with each row that may answer the need and can reach the client, with
    /// the distance to its nearest site: through the need grid when the client's place is known,
    /// nearest cells first (plus the services with no site, few, that reach clients through their
    /// areas), else through the need's posting lists. `enteringCell` hears, before a cell's rows,
    /// a distance none of them is nearer than; nil before rows whose distance is unknown.
    private func forEachCandidate(
        for target: NeedTarget, client: ClientContext, enteringCell: (Double?) -> Void, _ body: (UInt32, Double?, RowFacts) -> Void
    ) {
        let (entry, exit, broaderEntries) = target.entries(in: self)
        guard let origin = client.origin, let point = client.place?.point else {
            enteringCell(nil)
            let lists = target.postings(in: self)
            let rows = lists.count == 1 ? lists[0] : Set(lists.joined()).sorted()
            for row in rows { body(row, nil, facts[Int(row)]) }
            return
        }
        needGrid.forEachSite(terms: target.gridTerms(in: self), within: client.travelMiles, of: point, enteringCell: enteringCell) { term, row, ordinal, miles, rowFacts in
            var distance = miles
            if rowFacts.siteCount > 1 {  // report a row from its nearest site only
                guard let nearest = nearestSite(of: row, from: origin), nearest.site == Int(ordinal) else { return }
                distance = nearest.miles
            }
            guard target.isFirstAnsweringTerm(term, of: row, facts: rowFacts, in: self, entry: entry, exit: exit) else { return }
            body(row, distance, rowFacts)
        }
        enteringCell(nil)
        for row in remoteRows where target.mayAnswer(row, in: self, entry: entry, exit: exit, broaderEntries: broaderEntries) {
            body(row, nil, facts[Int(row)])
        }
    }
}
