import Foundation

/// Upper bounds of a need's scores, so rows that cannot reach the top are counted as eligible
/// but never scored.
///
/// A need in a big city has tens of thousands of eligible rows and keeps ten. Once ten are kept,
/// a row whose bound is below the tenth score is left unscored: first per grid cell (the best
/// any row there could do, from the cell's nearest point), then per row (from the factors that
/// cost a column read, the others at their best). A bound adds the same products in the same
/// order as the score, each at least the score's (rounding to nearest is monotonic), so it is
/// never below the score to the last bit: comparing without a margin is exact, and a row that
/// could tie or win is always scored. Exact ties matter: in a big directory many rows reach the
/// best possible score, and only a lower id lets another one in.
struct ScoreBound {
    /// The weights with the need's urgency applied, in the order the score adds them.
    private let taxonomy, distance, language, schedule, capacity, population, cost, freshness, outcomes, eligibility: Double
    /// Best values of the factors a row bound does not read.
    private let bestLanguage, bestSchedule, bestOutcomes: Double
    /// Whether the client's insurance can raise the cost value above the row's own.
    private let insuranceCounts: Bool
    private let bestPopulation: Double
    private let halfLife: Double
    /// The best taxonomy value any row can have for the need.
    private let bestPrecision: Double
    /// Whether the client named languages, so that a row's language can lower its bound.
    var weighsLanguage: Bool { bestLanguage == 1 && language > 0 }
    /// Whether the client gave their availability, so that a row's hours can lower its bound.
    var weighsSchedule: Bool { bestSchedule == 1 && schedule > 0 }
    /// With a negative weight a better value lowers the score and these bounds are no bounds.
    let isUsable: Bool

    init(scorer: MatchScorer, need: ClientProfile.Need, bestPrecision: Double = 1, enabled: Bool = true) {
        self.bestPrecision = bestPrecision
        let w = scorer.configuration.weights, urgency = scorer.urgency(of: need), client = scorer.client
        taxonomy = w.taxonomy; distance = w.distance * urgency; language = w.language; schedule = w.schedule * urgency
        capacity = w.capacity * urgency; population = w.population; cost = w.cost; freshness = w.freshness
        outcomes = w.outcomes; eligibility = w.eligibility
        bestLanguage = client.profile.languages.isEmpty ? 0.5 : 1
        bestSchedule = client.windows.isEmpty ? 0.5 : 1
        let rate = scorer.configuration.outcomePriorRate
        bestOutcomes = scorer.outcomes.isEmpty ? rate : max(1, rate)
        insuranceCounts = !client.insurance.isEmpty
        bestPopulation = client.populationMask == 0 ? 0.5 : 1
        halfLife = max(0.1, scorer.configuration.distanceHalfLifeMiles)
        let all = [taxonomy, distance, language, schedule, capacity, population, cost, freshness, outcomes, eligibility]
        // Freshness falls with age only while the floor is at most 1.
        isUsable = enabled && all.allSatisfy { $0 >= 0 } && scorer.configuration.outcomePriorReferrals >= 0 && rate >= 0
            && scorer.configuration.staleFloor <= 1
    }

    /// The distance factor's value at `miles` (nil: unknown, 0.5), as the scorer computes it.
    func distanceValue(_ miles: Double?) -> Double {
        guard let miles else { return 0.5 }
        return pow(0.5, miles / halfLife)
    }

    /// How far a place may be from the client for a row there to still reach `top` by
    /// ``cell(distanceValue:)``: one logarithm where asking each of a cell's sixteen parts took a
    /// power each. It errs a hair beyond the bound, never short of it, since each row passed is
    /// then bounded exactly; infinity while the top has room or the bounds are off.
    func scoringMiles(_ top: TopResults) -> Double {
        guard isUsable, top.isFull, let worst = top.entries.last?.score else { return .infinity }
        let rest = cell(distanceValue: 0)
        guard distance > 0 else { return rest >= worst ? .infinity : -.infinity }
        // The distance value a row must reach (2^(-miles / halfLife) at least this), less a slack
        // far above the rounding of the scores' sums, so that it is never asked for too much.
        let needed = (worst - rest) / distance - 1e-9
        guard needed > 0 else { return .infinity }
        guard needed <= 1 else { return -.infinity }
        return -halfLife * log2(needed) * (1 + 1e-9) + 1e-9
    }

    /// The best score of any row whose distance value is at most `distanceValue`.
    func cell(distanceValue: Double) -> Double {
        bestPrecision * taxonomy + distanceValue * distance + bestLanguage * language + bestSchedule * schedule + capacity
            + bestPopulation * population + cost + freshness + bestOutcomes * outcomes + eligibility
    }

    /// The best score of one row that passed the hard rules with `unknowns` rules to check, at
    /// most `distanceValue` for distance: its own capacity, population, cost, freshness and
    /// eligibility (and language and schedule, when their values are given), the rest at their best.
    @inline(__always)
    func row(
        _ facts: RowFacts, precision: Double, distanceValue: Double, unknowns: Int, scorer: MatchScorer,
        languageValue: Double? = nil, scheduleValue: Double? = nil
    ) -> Double {
        precision * taxonomy + distanceValue * distance + (languageValue ?? bestLanguage) * language + (scheduleValue ?? bestSchedule) * schedule
            + scorer.capacityValue(facts) * capacity + scorer.populationValue(facts) * population
            + (insuranceCounts ? 1 : scorer.costValue(facts)) * cost + scorer.freshnessValue(facts) * freshness
            + bestOutcomes * outcomes + scorer.eligibilityValue(unknowns: unknowns) * eligibility
    }

    /// The best score of any row, for a client with no place, that shares `facts`' capacity, cost
    /// and whether it names populations, and was verified no later: every such row's distance is
    /// unknown (0.5) and so is its reach (at least one rule to check). `languageValue`, when
    /// known, is the most any of those rows can score on language; `populationValue` on populations.
    func placeless(_ facts: RowFacts, precision: Double, scorer: MatchScorer, languageValue: Double?, populationValue: Double?) -> Double {
        precision * taxonomy + 0.5 * distance + (languageValue ?? bestLanguage) * language + bestSchedule * schedule
            + scorer.capacityValue(facts) * capacity + (populationValue ?? (facts.populationMask == 0 ? 0.5 : bestPopulation)) * population
            + (insuranceCounts ? 1 : scorer.costValue(facts)) * cost + scorer.freshnessValue(facts) * freshness
            + bestOutcomes * outcomes + scorer.eligibilityValue(unknowns: 1) * eligibility
    }

    /// What a walk in order of best possible score may tell rows apart by, when the bound weighs
    /// it: the client's first language (0.6 at most for the others: interpreters), and their
    /// populations (0.2 for services for others).
    func walkSplit(_ scorer: MatchScorer) -> RankedPostings.Split {
        guard isUsable else { return RankedPostings.Split() }
        var split = RankedPostings.Split()
        if weighsLanguage {
            let others = MatchScorer.bestLanguageValueOfOthers
            split.language = scorer.client.languageIDs.first.map { .first($0, others: others) } ?? .noSpeakers(others: others)
        }
        if bestPopulation == 1, population > 0 {
            split.populations = scorer.client.populationMask
            split.otherPopulations = MatchScorer.otherPopulationsValue
        }
        return split
    }

    /// Whether some row of a cell bounded by `bound` may still enter `top`: always while it is not full.
    @inline(__always)
    func mayEnter(_ bound: Double, _ top: TopResults) -> Bool {
        guard isUsable, top.isFull, let worst = top.entries.last else { return true }
        return bound >= worst.score
    }

    /// Whether `row`, bounded by `bound`, may still enter `top`: a bound equal to the tenth score
    /// enters only with a lower id, as the score itself would.
    @inline(__always)
    func mayEnter(_ bound: Double, row: UInt32, _ top: TopResults) -> Bool {
        guard isUsable, top.isFull, let worst = top.entries.last else { return true }
        return bound > worst.score || (bound == worst.score && row < worst.row)
    }
}
