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
        let client = try ClientContext(profile: profile, index: self, configuration: configuration, now: now)
        let scorer = MatchScorer(index: self, client: client, configuration: configuration, outcomes: outcomes)
        let nearby = nearbyRows(client)
        var rankings: [[MatchScorer.Scored]] = []
        var results: [NeedMatches] = []
        var notes = client.notes
        let keep = max(configuration.resultsPerNeed, configuration.planCandidatesPerNeed)

        for need in profile.needs {
            let target = NeedTarget(need: need, index: self)
            if case .unknownCode = target.kind { notes.append("no service in the directory is classified under \(need.label)") }
            var top = TopResults(capacity: keep)
            var eligible = 0
            // First pass: numbers only. Second pass: words, for the few that made the top.
            let (entry, exit, broader) = target.entries(in: self)
            forEachCandidate(nearby: nearby, target: target) { row, distance in
                guard target.mayAnswer(row, in: self, entry: entry, exit: exit, broaderEntries: broader) else { return }
                guard let result = scorer.evaluate(row, distance: distance, need: need, target: target, explain: false) else { return }
                eligible += 1
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

    /// Rows with a site within the client's travel distance (nearest site's distance), plus the
    /// rows without a site; nil when the client's place is unknown.
    private func nearbyRows(_ client: ClientContext) -> [(row: UInt32, miles: Double?)]? {
        guard let point = client.place?.point else { return nil }
        var found: [(row: UInt32, miles: Double?)] = []
        forEachRow(within: client.travelMiles, of: point) { found.append(($0, $1)) }
        for row in remoteRows { found.append((row, nil)) }
        return found
    }

    /// The rows worth scoring for a need: near the client when the place is known, else the need's posting lists.
    private func forEachCandidate(
        nearby: [(row: UInt32, miles: Double?)]?, target: NeedTarget, _ body: (UInt32, Double?) -> Void
    ) {
        if let nearby {
            for entry in nearby { body(entry.row, entry.miles) }
            return
        }
        let lists = target.postings(in: self)
        if lists.count == 1 {
            for row in lists[0] { body(row, nil) }
        } else {
            for row in Set(lists.joined()).sorted() { body(row, nil) }
        }
    }
}
