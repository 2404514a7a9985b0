public import Foundation
public import SwitchboardCore

/// What Switchboard knows beyond HSDS's own fields (structured eligibility, provenance), written
/// into HSDS files as attributes of a small taxonomy of our own and read back from them.
///
/// HSDS 3 makes attributes its extension point: any consumer sees "population: veterans" as a
/// tagged classification, and our own exports re-import without loss.
public enum SwitchboardAttributes {
    public static let taxonomy = Taxonomy(
        id: TaxonomyID("0b9c5e6e-5d37-5c3b-9a0e-7f1d2c3b4a59"),
        name: "Switchboard",
        description: "Machine-checkable eligibility and record provenance kept by Switchboard beside the HSDS fields.",
        uri: "https://switchboard.invalid/taxonomy",
        version: "1"
    )

    /// The terms, one per kind of fact; the attribute's `value` carries the fact itself.
    public enum Term: String, CaseIterable, Sendable {
        case minimumAge = "eligibility-minimum-age"
        case maximumAge = "eligibility-maximum-age"
        case gender = "eligibility-gender"
        case incomeLimit = "eligibility-income-limit-percent-fpl"
        case population = "eligibility-population"
        /// One attribute per record, its value a small JSON object: feed, key and dates.
        case provenance = "provenance"

        public var id: TaxonomyTermID { TaxonomyTermID.derived(from: "switchboard-term", rawValue) }

        public var term: TaxonomyTerm {
            TaxonomyTerm(
                id: id, code: rawValue, name: name, description: explanation,
                taxonomy: SwitchboardAttributes.taxonomy.name, taxonomyID: SwitchboardAttributes.taxonomy.id
            )
        }

        var name: String {
            switch self {
            case .minimumAge: "Minimum age"
            case .maximumAge: "Maximum age"
            case .gender: "Gender served"
            case .incomeLimit: "Income limit (% of federal poverty guideline)"
            case .population: "Population served"
            case .provenance: "Provenance"
            }
        }

        var explanation: String {
            switch self {
            case .minimumAge, .maximumAge: "Age limit in years, inclusive."
            case .gender: "A gender the service is limited to; one attribute per gender."
            case .incomeLimit: "Highest household income served, as a percent of the federal poverty guideline."
            case .population: "A population the service is set up for; one attribute per population."
            case .provenance: "JSON: feed, the feed's own key, first_seen, last_changed, last_verified (ISO 8601)."
            }
        }
    }

    static let termsByID: [TaxonomyTermID: Term] = Dictionary(uniqueKeysWithValues: Term.allCases.map { ($0.id, $0) })

    public static var terms: [TaxonomyTerm] { Term.allCases.map(\.term) }

    public static func isOurs(_ attribute: Attribute) -> Bool { termsByID[attribute.taxonomyTermID] != nil }

    // MARK: Writing

    /// The record with our facts added as attributes (replacing any of ours it already had).
    public static func prepareForExport(_ record: ServiceRecord) -> ServiceRecord {
        var record = record
        record.service.attributes = withOurs(record.service.attributes, owner: record.service.id.rawValue,
            facts: eligibilityFacts(record.service.eligibility) + provenanceFacts(record.service.provenance))
        record.organization.attributes = withOurs(record.organization.attributes, owner: record.organization.id.rawValue,
            facts: provenanceFacts(record.organization.provenance))
        for index in record.sites.indices {
            let location = record.sites[index].location
            record.sites[index].location.attributes = withOurs(location.attributes, owner: location.id.rawValue,
                facts: provenanceFacts(location.provenance))
        }
        let used = Set((record.service.attributes ?? []).map(\.taxonomyTermID))
        let ourTerms = Term.allCases.filter { used.contains($0.id) }.map(\.term)
        if !ourTerms.isEmpty || record.organization.attributes?.contains(where: isOurs) == true {
            record.taxonomyTerms.removeAll { termsByID[$0.id] != nil }
            record.taxonomyTerms += ourTerms
            if !record.taxonomies.contains(where: { $0.id == taxonomy.id }) { record.taxonomies.append(taxonomy) }
        }
        return record
    }

    static func withOurs(_ attributes: [Attribute]?, owner: String, facts: [(Term, String)]) -> [Attribute]? {
        let theirs = (attributes ?? []).filter { !isOurs($0) }
        let ours = facts.map { term, value in
            Attribute(id: Identifier<Attribute>.derived(from: "switchboard-attribute", owner, term.rawValue, value).rawValue,
                taxonomyTermID: term.id, value: value, label: term.name)
        }
        let all = theirs + ours
        return all.isEmpty ? nil : all
    }

    static func eligibilityFacts(_ eligibility: Eligibility) -> [(Term, String)] {
        var facts: [(Term, String)] = []
        if let age = eligibility.minimumAge { facts.append((.minimumAge, formatNumber(age))) }
        if let age = eligibility.maximumAge { facts.append((.maximumAge, formatNumber(age))) }
        for gender in (eligibility.genders ?? []).sorted() { facts.append((.gender, gender.rawValue)) }
        if let limit = eligibility.maximumIncomePercentOfPoverty { facts.append((.incomeLimit, String(limit))) }
        for population in eligibility.populations.sorted() { facts.append((.population, population.rawValue)) }
        return facts
    }

    static func provenanceFacts(_ provenance: Provenance?) -> [(Term, String)] {
        guard let provenance else { return [] }
        let wire = ProvenanceValue(feed: provenance.feed.rawValue, key: provenance.sourceKey,
            firstSeen: Timestamp.string(provenance.firstSeen), lastChanged: Timestamp.string(provenance.lastChanged),
            lastVerified: provenance.lastVerified.map(Timestamp.string))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(wire) else { return [] }
        return [(.provenance, String(decoding: data, as: UTF8.self))]
    }

    struct ProvenanceValue: Codable {
        var feed: String
        var key: String
        var firstSeen: String
        var lastChanged: String
        var lastVerified: String?
        enum CodingKeys: String, CodingKey {
            case feed, key, firstSeen = "first_seen", lastChanged = "last_changed", lastVerified = "last_verified"
        }
    }

    // MARK: Reading

    /// Our facts found among a record's attributes, and the attributes that are not ours.
    struct Lifted {
        var others: [Attribute]?
        var eligibility: Eligibility?
        var provenance: Provenance?
        var problems: [(field: String, message: String)] = []
    }

    static func lift(_ attributes: [Attribute]?) -> Lifted {
        guard let attributes, attributes.contains(where: isOurs) else { return Lifted(others: attributes) }
        var lifted = Lifted(others: nil)
        var others: [Attribute] = []
        var eligibility = Eligibility()
        var sawEligibility = false
        for attribute in attributes {
            guard let term = termsByID[attribute.taxonomyTermID] else { others.append(attribute); continue }
            let value = (attribute.value ?? "").trimmingSpaces()
            func bad() { lifted.problems.append((term.rawValue, "'\(value)' is not a valid \(term.name.lowercased())")) }
            switch term {
            case .minimumAge: if let n = Double(value) { eligibility.minimumAge = n; sawEligibility = true } else { bad() }
            case .maximumAge: if let n = Double(value) { eligibility.maximumAge = n; sawEligibility = true } else { bad() }
            case .gender:
                if let g = Gender(rawValue: value) { eligibility.genders = (eligibility.genders ?? []).union([g]); sawEligibility = true } else { bad() }
            case .incomeLimit: if let n = Int(value) { eligibility.maximumIncomePercentOfPoverty = n; sawEligibility = true } else { bad() }
            case .population:
                if let p = Population(rawValue: value) { eligibility.populations.insert(p); sawEligibility = true } else { bad() }
            case .provenance:
                guard let wire = try? JSONDecoder().decode(ProvenanceValue.self, from: Data(value.utf8)),
                    let firstSeen = Timestamp.date(wire.firstSeen), let lastChanged = Timestamp.date(wire.lastChanged)
                else { bad(); continue }
                let lastVerified = wire.lastVerified.flatMap(Timestamp.date)
                if wire.lastVerified != nil, lastVerified == nil { bad(); continue }
                lifted.provenance = Provenance(feed: FeedName(wire.feed), sourceKey: wire.key, firstSeen: firstSeen,
                    lastChanged: lastChanged, lastVerified: lastVerified)
            }
        }
        lifted.others = others.isEmpty ? nil : others
        if sawEligibility { lifted.eligibility = eligibility }
        return lifted
    }
}

/// ISO 8601 timestamps in UTC with whole seconds: the one way Switchboard writes times in files.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// Reads a date-time (`2024-05-01T10:00:00Z`, with or without fraction or offset) or a plain date (`2024-05-01`, taken as midnight UTC).
    public static func date(_ text: String) -> Date? {
        let trimmed = text.trimmingSpaces()
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(timeZone: .gmt)) { return date }
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)) { return date }
        if trimmed.count == 10, let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()) {
            return date
        }
        return nil
    }
}
