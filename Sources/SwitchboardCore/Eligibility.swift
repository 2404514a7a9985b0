/// Who a service is for, as far as a machine can check it.
///
/// Every rule is optional: nil (or empty) means we do not know of such a rule, which is not
/// the same as "anyone may come". What could not be read is kept in ``unparsed`` and
/// counts as unknown; it is never dropped.
public struct Eligibility: Hashable, Codable, Sendable {
    /// Inclusive ages in years.
    public var minimumAge: Double?
    public var maximumAge: Double?
    /// The genders served, when the service serves only some.
    public var genders: Set<Gender>?
    /// The highest household income served, as a percent of the federal poverty guideline.
    public var maximumIncomePercentOfPoverty: Int?
    /// Where a client must live; empty when no residency rule is known.
    public var residency: [ResidencyArea]
    /// Populations the service is for (a service for veterans, for youth leaving foster care).
    public var populations: Set<Population>
    /// Requirements we kept as text because we could not read them.
    public var unparsed: [String]

    public init(
        minimumAge: Double? = nil, maximumAge: Double? = nil, genders: Set<Gender>? = nil,
        maximumIncomePercentOfPoverty: Int? = nil, residency: [ResidencyArea] = [],
        populations: Set<Population> = [], unparsed: [String] = []
    ) {
        self.minimumAge = minimumAge; self.maximumAge = maximumAge; self.genders = genders
        self.maximumIncomePercentOfPoverty = maximumIncomePercentOfPoverty; self.residency = residency
        self.populations = populations; self.unparsed = unparsed
    }

    public var isEmpty: Bool { self == Eligibility() }
}

public enum Gender: String, Hashable, Codable, Sendable, CaseIterable, Comparable {
    case female, male, nonbinary
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Groups of people that services are often set up for.
public enum Population: String, Hashable, Codable, Sendable, CaseIterable, Comparable {
    case veterans
    case reentry = "people-leaving-prison"
    case homeless = "people-experiencing-homelessness"
    case olderAdults = "older-adults"
    case fosterYouth = "youth-in-or-leaving-foster-care"
    case domesticViolenceSurvivors = "survivors-of-domestic-violence"
    case disabilities = "people-with-disabilities"
    case mentalIllness = "people-with-mental-illness"
    case substanceUse = "people-with-substance-use-disorders"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Words in a name or a description that say a service is for this population.
    public var phrases: [String] {
        switch self {
        case .veterans: ["veteran", "veterans", "military families", "vets "]
        case .reentry: ["reentry", "re-entry", "ex-offender", "formerly incarcerated", "leaving prison", "released from prison", "justice-involved", "parolee", "returning citizens"]
        case .homeless: ["homeless", "unhoused", "without housing", "living on the street", "unsheltered"]
        case .olderAdults: ["seniors", "senior citizens", "older adults", "elderly", "aged 60", "aged 65", "60 and over", "65 and over", "60+", "65+"]
        case .fosterYouth: ["foster care", "foster youth", "aging out", "former foster"]
        case .domesticViolenceSurvivors: ["domestic violence", "intimate partner violence", "survivors of abuse", "abuse survivors", "battered"]
        case .disabilities: ["disabilities", "disability", "disabled", "deaf", "blind", "developmental"]
        case .mentalIllness: ["mental illness", "mental health condition", "serious mental", "psychiatric"]
        case .substanceUse: ["substance use", "substance abuse", "addiction", "alcohol", "opioid", "drug use", "recovery"]
        }
    }
}

/// A place a client must live in to be served.
public struct ResidencyArea: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Codable, Sendable, CaseIterable {
        case postalCode = "postal_code", city, county, state, country, radius
    }
    public var kind: Kind
    /// ZIP code, city or county name, two-letter state, country; empty for a radius.
    public var name: String
    /// Two-letter state of a city or county.
    public var state: String?
    /// Centre and reach of a radius area.
    public var center: Coordinate?
    public var radiusMiles: Double?

    public init(kind: Kind, name: String, state: String? = nil, center: Coordinate? = nil, radiusMiles: Double? = nil) {
        self.kind = kind; self.name = name; self.state = state; self.center = center; self.radiusMiles = radiusMiles
    }

    /// The canonical words for this area, as our exports name it and ``EligibilityReader`` reads it back.
    public var description: String {
        switch kind {
        case .postalCode: "ZIP \(name)"
        case .city: state.map { "\(name), \($0)" } ?? name
        case .county: state.map { "\(name) County, \($0)" } ?? "\(name) County"
        case .state: name
        case .country: name
        case .radius:
            if let center, let radiusMiles {
                "Within \(formatNumber(radiusMiles)) miles of \(formatNumber(center.latitude)),\(formatNumber(center.longitude))"
            } else { "Within a radius" }
        }
    }
}

/// Numbers without a trailing `.0`, so text and exports read naturally.
public func formatNumber(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}
