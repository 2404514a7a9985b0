import Foundation
import SwitchboardCore

/// Chooses, for a client with several needs, one provider per need so that together they cover
/// everything with the fewest providers and places and the least travel.
///
/// Needs are few (a handful), so the planner tries every combination of each need's best
/// candidates (capped at about 20,000 combinations) rather than trusting a greedy pick: a
/// one-stop provider that answers two needs is found even when it is second best for each.
struct MatchPlanner {
    let index: DirectoryIndex
    let configuration: MatchConfiguration

    static let combinationLimit = 20_000.0

    func plan(_ rankings: [[MatchScorer.Scored]]) -> MatchPlan {
        let answerable = rankings.indices.filter { !rankings[$0].isEmpty }
        let unmet = rankings.indices.filter { rankings[$0].isEmpty }
        guard !answerable.isEmpty else {
            return MatchPlan(steps: [], unmetNeeds: unmet, providers: 0, places: 0, travelMiles: 0, value: 0)
        }
        let perNeed = max(1, min(configuration.planCandidatesPerNeed, Int(pow(Self.combinationLimit, 1 / Double(answerable.count)))))
        let options = answerable.map { Array(rankings[$0].prefix(perNeed)) }

        var best: (value: Double, choice: [Int], ids: [ServiceID])?
        var choice = [Int](repeating: 0, count: options.count)
        while true {
            let picked = choice.enumerated().map { options[$0.offset][$0.element] }
            let value = self.value(of: picked)
            let ids = picked.map { index.ids[Int($0.row)] }
            if best == nil || value > best!.value + 1e-9 || (abs(value - best!.value) <= 1e-9 && ids.lexicographicallyPrecedes(best!.ids)) {
                best = (value, choice, ids)
            }
            // Next combination, like an odometer.
            var position = 0
            while position < choice.count {
                choice[position] += 1
                if choice[position] < options[position].count { break }
                choice[position] = 0
                position += 1
            }
            if position == choice.count { break }
        }

        let picked = best!.choice.enumerated().map { options[$0.offset][$0.element] }
        var steps: [MatchPlan.Step] = []
        for (i, scored) in picked.enumerated() {
            let need = answerable[i]
            if let at = steps.firstIndex(where: { $0.service.id == index.ids[Int(scored.row)] }) {
                steps[at].needs.append(need)
            } else {
                steps.append(MatchPlan.Step(needs: [need], service: index.summaries[Int(scored.row)], distanceMiles: scored.distance))
            }
        }
        let shape = self.shape(of: picked)
        return MatchPlan(
            steps: steps, unmetNeeds: unmet, providers: shape.providers, places: shape.places, travelMiles: shape.miles,
            value: best!.value)
    }

    /// Distinct organizations, distinct places (sites) and the miles to those places.
    private func shape(of picked: [MatchScorer.Scored]) -> (providers: Int, places: Int, miles: Double) {
        var organizations = Set<UInt32>()
        // An array in the order of the needs, not a dictionary: the miles are summed in the same
        // order every time, so the same profile gives the same plan value to the last bit.
        var places: [(point: SitePoint, miles: Double)] = []
        for scored in picked {
            organizations.insert(index.organizations[Int(scored.row)])
            if let site = scored.site {
                let point = index.sites[scored.row][index.sites[scored.row].startIndex + site]
                if let at = places.firstIndex(where: { $0.point == point }) {
                    places[at].miles = scored.distance ?? 0
                } else {
                    places.append((point, scored.distance ?? 0))
                }
            }
        }
        return (organizations.count, places.count, places.reduce(0) { $0 + $1.miles })
    }

    /// Each need's match score (a service chosen for two needs scores for both), less what the
    /// extra providers, extra places and miles cost.
    private func value(of picked: [MatchScorer.Scored]) -> Double {
        let shape = self.shape(of: picked)
        return picked.reduce(0) { $0 + $1.score }
            - configuration.planProviderPenalty * Double(max(0, shape.providers - 1))
            - configuration.planPlacePenalty * Double(max(0, shape.places - 1))
            - configuration.planMilePenalty * shape.miles
    }
}
