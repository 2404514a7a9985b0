/// The HHS poverty guidelines: yearly income at 100% of poverty by household size, with separate
/// (higher) figures for Alaska and Hawaii.
///
/// Read from `Directory/poverty-guidelines.json` by `Workflows`; a client's monthly income and
/// household size become a percent of the guideline, which is how eligibility texts state limits.
public struct PovertyGuidelines: Hashable, Codable, Sendable {
    /// One schedule: the guideline for one person and what each further person adds.
    public struct Schedule: Hashable, Codable, Sendable {
        public var onePerson: Double
        public var eachAdditionalPerson: Double
        public init(onePerson: Double, eachAdditionalPerson: Double) {
            self.onePerson = onePerson; self.eachAdditionalPerson = eachAdditionalPerson
        }
        enum CodingKeys: String, CodingKey {
            case onePerson = "one_person", eachAdditionalPerson = "each_additional_person"
        }
        /// The yearly guideline for a household of `size` (at least one person).
        public func annual(householdSize size: Int) -> Double {
            onePerson + Double(max(1, size) - 1) * eachAdditionalPerson
        }
    }

    public var year: Int
    public var contiguousStates: Schedule
    public var alaska: Schedule
    public var hawaii: Schedule
    /// Where the figures come from.
    public var source: String

    enum CodingKeys: String, CodingKey {
        case year, source, alaska, hawaii
        case contiguousStates = "contiguous_states"
    }

    public init(year: Int, contiguousStates: Schedule, alaska: Schedule, hawaii: Schedule, source: String) {
        self.year = year; self.contiguousStates = contiguousStates; self.alaska = alaska; self.hawaii = hawaii
        self.source = source
    }

    /// The schedule a state uses (`AK`, `HI`, anything else the 48 states and DC).
    public func schedule(forState state: String?) -> Schedule {
        switch state?.uppercased() {
        case "AK": alaska
        case "HI": hawaii
        default: contiguousStates
        }
    }

    /// A monthly household income as a percent of the guideline, rounded to a whole percent.
    public func percentOfPoverty(monthlyIncome: Double, householdSize: Int, state: String?) -> Int {
        let guideline = schedule(forState: state).annual(householdSize: householdSize)
        guard guideline > 0 else { return 0 }
        return Int((monthlyIncome * 12 / guideline * 100).rounded())
    }
}
