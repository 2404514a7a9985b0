/// Every weight and constant of the matcher, with the defaults documented in docs/matching.md.
///
/// Decoded from JSON (`switchboard match --config FILE.json`) with any subset of keys: what a
/// file leaves out keeps its default, so a tuning file says only what it changes.
public struct MatchConfiguration: Hashable, Sendable, Codable {
    /// How much each soft factor (a value between 0 and 1) counts in the score.
    public struct Weights: Hashable, Sendable, Codable {
        public var taxonomy = 3.0
        public var distance = 2.0
        public var language = 2.0
        public var schedule = 1.0
        public var capacity = 1.0
        public var population = 1.0
        public var cost = 0.75
        public var freshness = 0.75
        public var outcomes = 1.0
        public var eligibility = 1.0

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Weights()
            taxonomy = try c.decodeIfPresent(Double.self, forKey: .taxonomy) ?? d.taxonomy
            distance = try c.decodeIfPresent(Double.self, forKey: .distance) ?? d.distance
            language = try c.decodeIfPresent(Double.self, forKey: .language) ?? d.language
            schedule = try c.decodeIfPresent(Double.self, forKey: .schedule) ?? d.schedule
            capacity = try c.decodeIfPresent(Double.self, forKey: .capacity) ?? d.capacity
            population = try c.decodeIfPresent(Double.self, forKey: .population) ?? d.population
            cost = try c.decodeIfPresent(Double.self, forKey: .cost) ?? d.cost
            freshness = try c.decodeIfPresent(Double.self, forKey: .freshness) ?? d.freshness
            outcomes = try c.decodeIfPresent(Double.self, forKey: .outcomes) ?? d.outcomes
            eligibility = try c.decodeIfPresent(Double.self, forKey: .eligibility) ?? d.eligibility
        }

        /// The weight of a factor.
        public subscript(factor: MatchFactor) -> Double {
            switch factor {
            case .taxonomy: taxonomy
            case .distance: distance
            case .language: language
            case .schedule: schedule
            case .capacity: capacity
            case .population: population
            case .cost: cost
            case .freshness: freshness
            case .outcomes: outcomes
            case .eligibility: eligibility
            }
        }
    }

    public var weights = Weights()
    /// How far a client can travel when the profile does not say.
    public var defaultTravelMiles = 25.0
    /// The distance at which the distance factor has fallen to one half.
    public var distanceHalfLifeMiles = 5.0
    /// Verified this recently: freshness 1.
    public var freshDays = 180.0
    /// Verified this long ago or more (or never): freshness at its floor.
    public var staleDays = 1095.0
    public var staleFloor = 0.1
    /// Pseudo-referrals of the past-outcome prior: with 10, two completed referrals move the
    /// rate from 0.5 to 0.58, not to 1.
    public var outcomePriorReferrals = 10.0
    public var outcomePriorRate = 0.5
    /// Ranked results per need.
    public var resultsPerNeed = 10
    /// How many of each need's best results a multi-need plan chooses among.
    public var planCandidatesPerNeed = 5
    /// What a plan loses per extra provider, per extra place and per mile of travel to its places.
    public var planProviderPenalty = 1.0
    public var planPlacePenalty = 0.5
    public var planMilePenalty = 0.05
    /// Weight multipliers for capacity, distance and hours, by urgency (`high`, `crisis`).
    public var urgentMultiplier = 1.5
    public var crisisMultiplier = 2.5

    public init() {}

    enum CodingKeys: String, CodingKey {
        case weights
        case defaultTravelMiles = "default_travel_miles", distanceHalfLifeMiles = "distance_half_life_miles"
        case freshDays = "fresh_days", staleDays = "stale_days", staleFloor = "stale_floor"
        case outcomePriorReferrals = "outcome_prior_referrals", outcomePriorRate = "outcome_prior_rate"
        case resultsPerNeed = "results_per_need", planCandidatesPerNeed = "plan_candidates_per_need"
        case planProviderPenalty = "plan_provider_penalty", planPlacePenalty = "plan_place_penalty"
        case planMilePenalty = "plan_mile_penalty", urgentMultiplier = "urgent_multiplier", crisisMultiplier = "crisis_multiplier"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MatchConfiguration()
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T { try c.decodeIfPresent(T.self, forKey: key) ?? fallback }
        weights = try value(.weights, d.weights)
        defaultTravelMiles = try value(.defaultTravelMiles, d.defaultTravelMiles)
        distanceHalfLifeMiles = try value(.distanceHalfLifeMiles, d.distanceHalfLifeMiles)
        freshDays = try value(.freshDays, d.freshDays)
        staleDays = try value(.staleDays, d.staleDays)
        staleFloor = try value(.staleFloor, d.staleFloor)
        outcomePriorReferrals = try value(.outcomePriorReferrals, d.outcomePriorReferrals)
        outcomePriorRate = try value(.outcomePriorRate, d.outcomePriorRate)
        resultsPerNeed = try value(.resultsPerNeed, d.resultsPerNeed)
        planCandidatesPerNeed = try value(.planCandidatesPerNeed, d.planCandidatesPerNeed)
        planProviderPenalty = try value(.planProviderPenalty, d.planProviderPenalty)
        planPlacePenalty = try value(.planPlacePenalty, d.planPlacePenalty)
        planMilePenalty = try value(.planMilePenalty, d.planMilePenalty)
        urgentMultiplier = try value(.urgentMultiplier, d.urgentMultiplier)
        crisisMultiplier = try value(.crisisMultiplier, d.crisisMultiplier)
    }
}
