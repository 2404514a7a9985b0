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

        // Each option once as the few numbers a combination's value needs, so that trying
        // thousands of combinations copies no scored row and fills no set.
        let candidates = options.map { $0.map { option($0) } }
        var scratch = ShapeScratch(capacity: options.count)
        var best: (value: Double, shape: Shape, choice: [Int])?
        var choice = [Int](repeating: 0, count: options.count)
        while true {
            let (value, shape) = self.value(of: choice, in: candidates, scratch: &scratch)
            if best == nil || value > best!.value + 1e-9
                || (abs(value - best!.value) <= 1e-9 && precedes(choice, best!.choice, in: options)) {
                best = (value, shape, choice)
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
        let shape = best!.shape
        return MatchPlan(
            steps: steps, unmetNeeds: unmet, providers: shape.providers, places: shape.places, travelMiles: shape.miles,
            value: best!.value)
    }

    /// Distinct organizations, distinct places (sites) and the miles to those places.
    private typealias Shape = (providers: Int, places: Int, miles: Double)

    /// Each need's match score (a service chosen for two needs scores for both), less what the
    /// extra providers, extra places and miles cost; with the combination's shape.
    private func value(of choice: [Int], in options: [[Option]], scratch: inout ShapeScratch) -> (value: Double, shape: Shape) {
        var score = 0.0
        for (need, pick) in choice.enumerated() { score += options[need][pick].score }
        let shape = scratch.shape(of: choice.indices.lazy.map { options[$0][choice[$0]] })
        let value = score
            - configuration.planProviderPenalty * Double(max(0, shape.providers - 1))
            - configuration.planPlacePenalty * Double(max(0, shape.places - 1))
            - configuration.planMilePenalty * shape.miles
        return (value, shape)
    }

    /// Of two combinations of equal value, the one whose services' ids come first.
    private func precedes(_ choice: [Int], _ other: [Int], in options: [[MatchScorer.Scored]]) -> Bool {
        choice.indices.lazy.map { index.ids[Int(options[$0][choice[$0]].row)] }
            .lexicographicallyPrecedes(other.indices.lazy.map { index.ids[Int(options[$0][other[$0]].row)] })
    }

    private func option(_ scored: MatchScorer.Scored) -> Option {
        let place = scored.site.map { index.sites[scored.row][index.sites[scored.row].startIndex + $0] }
        return Option(score: scored.score, organization: index.organizations[Int(scored.row)], place: place, miles: scored.distance ?? 0)
    }

    /// What a combination's value needs to know of one need's candidate.
    private struct Option {
        var score: Double
        var organization: UInt32
        var place: SitePoint?
        var miles: Double
    }

    /// Room for one combination's organizations and places, kept from one combination to the next.
    private struct ShapeScratch {
        var organizations: [UInt32] = []
        // In the order of the needs, not a dictionary: the miles are summed in the same order
        // every time, so the same profile gives the same plan value to the last bit.
        var places: [(point: SitePoint, miles: Double)] = []

        init(capacity: Int) {
            organizations.reserveCapacity(capacity)
            places.reserveCapacity(capacity)
        }

        mutating func shape(of picked: some Sequence<Option>) -> Shape {
            organizations.removeAll(keepingCapacity: true)
            places.removeAll(keepingCapacity: true)
            for option in picked {
                if !organizations.contains(option.organization) { organizations.append(option.organization) }
                if let point = option.place {
                    if let at = places.firstIndex(where: { $0.point == point }) {
                        places[at].miles = option.miles
                    } else {
                        places.append((point, option.miles))
                    }
                }
            }
            return (organizations.count, places.count, places.reduce(0) { $0 + $1.miles })
        }
    }
}
