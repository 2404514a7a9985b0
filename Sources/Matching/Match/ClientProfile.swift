public import SwitchboardCore

/// What a case manager tells the matcher about a client: needs, where they are and how far they
/// can go, and the facts eligibility rules ask about. Every fact is optional: what is not given
/// is unknown, and unknown never excludes a provider (it shows as "check eligibility").
///
/// The JSON form (`switchboard match --profile FILE.json`) uses the snake_case keys below.
public struct ClientProfile: Hashable, Sendable, Codable {
    /// How soon the client needs help; urgent needs weigh capacity, distance and hours more.
    public enum Urgency: String, Hashable, Sendable, Codable, CaseIterable {
        case low, normal, high, crisis
    }

    /// One thing the client needs: a domain, or a taxonomy code (a code's narrower terms answer it too).
    public struct Need: Hashable, Sendable, Codable {
        public var domain: Domain?
        public var taxonomyCode: String?
        public var urgency: Urgency
        public var note: String?

        public init(domain: Domain? = nil, taxonomyCode: String? = nil, urgency: Urgency = .normal, note: String? = nil) {
            self.domain = domain; self.taxonomyCode = taxonomyCode; self.urgency = urgency; self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case domain, urgency, note
            case taxonomyCode = "taxonomy_code"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            domain = try c.decodeIfPresent(Domain.self, forKey: .domain)
            taxonomyCode = try c.decodeIfPresent(String.self, forKey: .taxonomyCode)
            urgency = try c.decodeIfPresent(Urgency.self, forKey: .urgency) ?? .normal
            note = try c.decodeIfPresent(String.self, forKey: .note)
            guard domain != nil || taxonomyCode != nil else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a need names a domain or a taxonomy_code"))
            }
        }

        /// How the need reads in explanations.
        public var label: String { taxonomyCode ?? domain?.rawValue ?? "need" }
    }

    /// When the client can go: days and a span of local time (`"09:00"` to `"12:00"`).
    public struct Availability: Hashable, Sendable, Codable {
        public var days: [Weekday]
        public var from: String
        public var to: String
        public init(days: [Weekday], from: String, to: String) { self.days = days; self.from = from; self.to = to }

        /// Whether `text` is a time the matcher reads for `from` and `to` (`HH:MM`, or `HH:MM:SS`).
        public static func isTime(_ text: String) -> Bool { WeeklyHours.minutes(text) != nil }
    }

    public var needs: [Need]
    /// A ZIP code, or a point.
    public var zip: String?
    public var latitude: Double?
    public var longitude: Double?
    /// How far the client can travel to a provider's site; the configuration's default when nil.
    public var travelMiles: Double?
    public var age: Double?
    public var gender: Gender?
    public var householdSize: Int?
    /// Household income per month, in dollars.
    public var monthlyIncome: Double?
    /// Languages the client speaks, the preferred first (codes or names).
    public var languages: [String]
    public var populations: [Population]
    /// Insurance or benefits by name ("Medicaid", "Medicare", "SNAP").
    public var insurance: [String]
    public var availability: [Availability]

    public init(
        needs: [Need], zip: String? = nil, latitude: Double? = nil, longitude: Double? = nil, travelMiles: Double? = nil,
        age: Double? = nil, gender: Gender? = nil, householdSize: Int? = nil, monthlyIncome: Double? = nil,
        languages: [String] = [], populations: [Population] = [], insurance: [String] = [], availability: [Availability] = []
    ) {
        self.needs = needs; self.zip = zip; self.latitude = latitude; self.longitude = longitude
        self.travelMiles = travelMiles; self.age = age; self.gender = gender; self.householdSize = householdSize
        self.monthlyIncome = monthlyIncome; self.languages = languages; self.populations = populations
        self.insurance = insurance; self.availability = availability
    }

    enum CodingKeys: String, CodingKey {
        case needs, zip, latitude, longitude, age, gender, languages, populations, insurance, availability
        case travelMiles = "travel_miles", householdSize = "household_size", monthlyIncome = "monthly_income"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        needs = try c.decode([Need].self, forKey: .needs)
        zip = try c.decodeIfPresent(String.self, forKey: .zip)
        latitude = try c.decodeIfPresent(Double.self, forKey: .latitude)
        longitude = try c.decodeIfPresent(Double.self, forKey: .longitude)
        travelMiles = try c.decodeIfPresent(Double.self, forKey: .travelMiles)
        age = try c.decodeIfPresent(Double.self, forKey: .age)
        gender = try c.decodeIfPresent(Gender.self, forKey: .gender)
        householdSize = try c.decodeIfPresent(Int.self, forKey: .householdSize)
        monthlyIncome = try c.decodeIfPresent(Double.self, forKey: .monthlyIncome)
        languages = try c.decodeIfPresent([String].self, forKey: .languages) ?? []
        populations = try c.decodeIfPresent([Population].self, forKey: .populations) ?? []
        insurance = try c.decodeIfPresent([String].self, forKey: .insurance) ?? []
        availability = try c.decodeIfPresent([Availability].self, forKey: .availability) ?? []
    }

    /// Where the client is: the point if given, else the ZIP code.
    public var place: Place? {
        if let latitude, let longitude { return .point(Coordinate(latitude: latitude, longitude: longitude)) }
        return zip.map(Place.zip)
    }
}
