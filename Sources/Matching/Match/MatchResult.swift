import SwitchboardCore

/// A soft factor of the match score.
public enum MatchFactor: String, Hashable, Sendable, Codable, CaseIterable {
    /// How precisely the service's taxonomy answers the need.
    case taxonomy
    case distance
    case language
    /// Open when the client is available.
    case schedule
    case capacity
    /// Serves the client's population.
    case population
    case cost
    /// How recently the record was verified.
    case freshness
    /// Past referral outcomes, smoothed.
    case outcomes
    /// How much of the eligibility is known to be met (fewer "check eligibility" items is better).
    case eligibility
}

/// One factor's part in a score.
public struct FactorScore: Hashable, Sendable, Codable {
    public var factor: MatchFactor
    /// Between 0 and 1.
    public var value: Double
    public var weight: Double
    /// `value × weight`.
    public var contribution: Double
    /// In plain words: "2.1 miles away", "Spanish spoken", "last verified 3 years ago".
    public var reason: String
}

/// An eligibility rule or reach condition the matcher checked.
public enum EligibilityRule: String, Hashable, Sendable, Codable, CaseIterable {
    case reach, age, gender, income, residency, population, requirement
}

/// How one rule stands for this client, and why.
public struct RuleCheck: Hashable, Sendable, Codable {
    public var rule: EligibilityRule
    public var outcome: RuleOutcome
    /// "age 18-24 only: client is 19", "must live in Douglas County, NE: client's county unknown".
    public var reason: String
}

/// One provider proposed for one need, with its score and everything that made it.
public struct ServiceMatch: Hashable, Sendable, Codable {
    public var service: ServiceSummary
    public var score: Double
    public var distanceMiles: Double?
    public var factors: [FactorScore]
    /// Every rule, met, unknown or not applicable (violated ones never reach a result).
    public var rules: [RuleCheck]
    /// True when any rule is unknown: the case manager should check eligibility with the provider.
    public var checkEligibility: Bool

    /// The unknown rules' reasons: what to check.
    public var toCheck: [String] { rules.filter { $0.outcome == .unknown }.map(\.reason) }
}

/// The ranking for one need.
public struct NeedMatches: Hashable, Sendable, Codable {
    public var need: ClientProfile.Need
    /// Services that answer the need and pass every hard rule (before cutting to the top results).
    public var eligibleCount: Int
    public var matches: [ServiceMatch]
}

/// A small set of providers that covers all the client's needs.
public struct MatchPlan: Hashable, Sendable, Codable {
    public struct Step: Hashable, Sendable, Codable {
        /// Positions in the profile's `needs`.
        public var needs: [Int]
        public var service: ServiceSummary
        public var distanceMiles: Double?
    }

    public var steps: [Step]
    /// Needs no eligible provider answers.
    public var unmetNeeds: [Int]
    public var providers: Int
    public var places: Int
    /// Miles from the client to each distinct place of the plan, added up.
    public var travelMiles: Double
    /// The plan's value: the matches' scores less the penalties for providers, places and miles.
    public var value: Double
}

/// What the matcher answers for one profile.
public struct MatchResult: Hashable, Sendable, Codable {
    public var needs: [NeedMatches]
    /// For two or more needs.
    public var plan: MatchPlan?
    /// What the matcher made of the profile ("income 134% of the 2026 poverty guideline for a household of 3").
    public var notes: [String]
}
