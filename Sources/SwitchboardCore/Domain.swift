/// The five areas of need coordinators work in, and "other" for the rest of the taxonomy.
public enum Domain: String, Hashable, Codable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case health, housing, legal, finance, employment, other

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Which domain a taxonomy code belongs to.
///
/// Loaded from `Directory/domains.json`: AIRS codes by prefix (the longest matching prefix
/// wins, so `LR` can say mental health is health while `L` already does) and Open Eligibility
/// terms by id (a term inherits its nearest mapped ancestor's domain).
public struct DomainMapping: Hashable, Codable, Sendable {
    public struct PrefixRule: Hashable, Codable, Sendable {
        public var prefix: String
        public var domain: Domain
        public var note: String?
        public init(prefix: String, domain: Domain, note: String? = nil) {
            self.prefix = prefix; self.domain = domain; self.note = note
        }
    }

    public struct OpenEligibilityRule: Hashable, Codable, Sendable {
        public var id: String
        public var name: String?
        public var domain: Domain
        public init(id: String, name: String? = nil, domain: Domain) { self.id = id; self.name = name; self.domain = domain }
    }

    public var airs: [PrefixRule]
    public var openEligibility: [OpenEligibilityRule]
    /// Open Eligibility's tree (child id to parent id), so children inherit their ancestors' domain.
    public var openEligibilityParents: [String: String]
    /// `openEligibility` by id, built once: domains are looked up for every service written.
    private let openEligibilityDomains: [String: Domain]

    enum CodingKeys: String, CodingKey {
        case airs, openEligibility = "open_eligibility", openEligibilityParents = "open_eligibility_parents"
    }

    public init(airs: [PrefixRule], openEligibility: [OpenEligibilityRule] = [], openEligibilityParents: [String: String] = [:]) {
        // Longest prefix first, so the first match is the most specific.
        self.airs = airs.sorted { ($0.prefix.count, $1.prefix) > ($1.prefix.count, $0.prefix) }
        self.openEligibility = openEligibility
        self.openEligibilityParents = openEligibilityParents
        self.openEligibilityDomains = Dictionary(openEligibility.map { ($0.id, $0.domain) }, uniquingKeysWith: { first, _ in first })
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            airs: try container.decode([PrefixRule].self, forKey: .airs),
            openEligibility: try container.decodeIfPresent([OpenEligibilityRule].self, forKey: .openEligibility) ?? [],
            openEligibilityParents: try container.decodeIfPresent([String: String].self, forKey: .openEligibilityParents) ?? [:]
        )
    }

    /// The domain of an AIRS code, or nil when no rule covers it.
    public func domain(ofAIRS code: AIRSCode) -> Domain? {
        airs.first { code.rawValue.hasPrefix($0.prefix) }?.domain
    }

    /// The domain of an Open Eligibility term id, looking up through its ancestors.
    public func domain(ofOpenEligibility id: String) -> Domain? {
        var current: String? = id
        var steps = 0
        while let term = current, steps < 16 {
            if let domain = openEligibilityDomains[term] { return domain }
            current = openEligibilityParents[term]
            steps += 1
        }
        return nil
    }

    /// The domains of a term: by its AIRS code when it has one, else by Open Eligibility id.
    public func domain(of term: TaxonomyTerm) -> Domain? {
        if let raw = term.code, let code = AIRSCode(raw) { return domain(ofAIRS: code) }
        if term.taxonomy?.lowercased().contains("open eligibility") == true || term.taxonomyID?.rawValue == "open-eligibility" {
            return domain(ofOpenEligibility: term.code ?? term.id.rawValue)
        }
        return nil
    }

    /// The domains a service works in, from its taxonomy terms; `[.other]` when none maps.
    public func domains(of terms: [TaxonomyTerm]) -> [Domain] {
        let found = Set(terms.compactMap { domain(of: $0) })
        return found.isEmpty ? [.other] : found.sorted()
    }
}
