/// A big posting list (a domain, or a code with its subtree) again, in an order a match with no
/// place can stop early in, with the count of its services per eligibility class.
///
/// Without a place nothing narrows a whole-domain need: every service of the domain in the
/// country is a candidate (a fifth of the directory). What a service can score, before its
/// words and rules are read, is bounded by its capacity, cost, whether it names populations and
/// when it was last verified. So the rows are kept in groups that share the first three, each
/// group freshest first: the head of each group bounds the rest of it, a match takes the row
/// whose bound is highest next, and stops once no head can reach its top results. The eligible
/// count comes from ``tally``, without visiting the rows.
struct RankedPostings: Sendable {
    /// The list's rows, group after group, each group freshest first (never verified last), ties by row.
    let rows: [UInt32]
    /// Each group's slice of ``rows``.
    let groups: [Range<Int>]
    /// The rows' facts and placeless classes again, in ``rows``' order: a walk reads them as one
    /// sequential stream, not a cache miss per row in the id-ordered columns (48 bytes a row).
    let facts: [RowFacts]
    let classes: [UInt32]
    /// How many of the list's rows are in each placeless eligibility class (``EligibilityClasses/placelessOfRow``).
    let tally: [(eligibilityClass: UInt32, count: Int)]
    /// For each language that at most half of the list's services speak, the positions in
    /// ``rows`` of those that do, ascending. A client whose first language is one of these walks
    /// its speakers and the others apart: a service that does not speak it scores at most 0.6 on
    /// language, against the 1 that a bound without the row's languages has to assume.
    let speakers: [UInt16: [UInt32]]
    /// The languages that more than half of the list's services speak (kept apart for nothing).
    let commonLanguages: [UInt16]

    /// Lists shorter than this are read row by row: the order and tally would save little.
    static let minimumCount = 2_048

    init(rows list: [UInt32], facts: [RowFacts], placelessClasses: [UInt32], languages: RowLists<UInt16>) {
        func group(_ f: RowFacts) -> Int {
            (CapacityState.allCases.firstIndex(of: f.capacity)! * CostKind.allCases.count + CostKind.allCases.firstIndex(of: f.cost)!) * 2
                + (f.populationMask == 0 ? 0 : 1)
        }
        let sorted = list.sorted { a, b in
            let fa = facts[Int(a)], fb = facts[Int(b)]
            let ga = group(fa), gb = group(fb)
            if ga != gb { return ga < gb }
            if fa.verifiedDay != fb.verifiedDay { return fa.verifiedDay > fb.verifiedDay }
            return a < b
        }
        var groups: [Range<Int>] = []
        var start = 0
        for i in sorted.indices where i + 1 == sorted.count || group(facts[Int(sorted[i])]) != group(facts[Int(sorted[i + 1])]) {
            groups.append(start..<(i + 1))
            start = i + 1
        }
        var counts: [UInt32: Int] = [:]
        for row in list { counts[placelessClasses[Int(row)], default: 0] += 1 }
        rows = sorted
        self.groups = groups
        self.facts = sorted.map { facts[Int($0)] }
        classes = sorted.map { placelessClasses[Int($0)] }
        tally = counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var speakers: [UInt16: [UInt32]] = [:]
        for (position, row) in sorted.enumerated() {
            for i in languages.range(of: row) { speakers[languages.values[i], default: []].append(UInt32(position)) }
        }
        commonLanguages = speakers.filter { $0.value.count * 2 > sorted.count }.keys.sorted()
        self.speakers = speakers.filter { $0.value.count * 2 <= sorted.count }
    }

    /// What a walk knows of the client's languages.
    enum LanguageSplit {
        /// The language factor is not weighed, or the walk does not look: every row may score 1.
        case none
        /// The client named languages no service speaks: every row scores at most `others`.
        case noSpeakers(others: Double)
        /// Rows that speak `first` may score 1, the rest at most `others`.
        case first(UInt16, others: Double)
    }

    /// What a walk knows of the client, to cut the groups in lanes with tighter bounds.
    struct Split {
        var language: LanguageSplit = .none
        /// The populations the client belongs to (0: none, or the factor not weighed).
        var populations: UInt16 = 0
        /// The most a service for other populations scores on populations.
        var otherPopulations: Double = 0
    }

    /// The list cut in lanes, each bounded by its head: each group whole, or cut by what the
    /// client told. When their first language is one that few of the list's services speak, each
    /// group's speakers of it and the rest apart, the rest with the most it can score on language.
    /// When they belong to populations, each group of services for populations in two: those for
    /// one of the client's, and the others.
    func lanes(_ split: Split) -> [Lane] {
        let populations = split.populations, otherPopulations = split.otherPopulations
        var speakers: [UInt32]? = nil, others: Double? = nil
        switch split.language {
        case .none: break
        case .noSpeakers(let value): others = value
        case .first(let language, let value):
            if !commonLanguages.contains(language) { speakers = self.speakers[language] ?? []; others = value }
        }
        var lanes: [Lane] = []
        for group in groups {
            // Every service of a group names populations, or none does.
            let byPopulation: [Bool?] = populations != 0 && facts[group.lowerBound].populationMask != 0 ? [true, false] : [nil]
            for serving in byPopulation {
                let population = Lane.Populations(mask: populations, serving: serving, value: serving == false ? otherPopulations : nil)
                guard let speakers else {
                    lanes.append(Lane(group, skipping: [], languageValue: others, population, facts))
                    continue
                }
                let start = speakers.sortedStart(of: UInt32(group.lowerBound)), end = speakers.sortedStart(of: UInt32(group.upperBound))
                lanes.append(Lane(listing: speakers[start..<end], population, facts))
                lanes.append(Lane(group, skipping: speakers[start..<end], languageValue: others, population, facts))
            }
        }
        return lanes
    }

    /// Positions of ``rows`` that one bound covers, in the list's order (freshest first): a group,
    /// or its speakers of a language (`listing`), or the group less those (`skipping`); of those,
    /// all, or the services for the client's populations, or the services for others.
    struct Lane {
        struct Populations {
            var mask: UInt16
            /// nil keeps every row; true those for one of `mask`, false the others.
            var serving: Bool?
            /// The most a row of the lane can score on populations; nil: what its facts allow.
            var value: Double?
        }

        private var range: Range<Int>
        private var listed: ArraySlice<UInt32>
        private let isListing: Bool
        private let populations: Populations
        /// The most a row of the lane can score on language; nil: up to 1.
        let languageValue: Double?
        var populationValue: Double? { populations.value }
        /// The next position, nil at the end.
        private(set) var head: Int?

        init(_ group: Range<Int>, skipping: ArraySlice<UInt32>, languageValue: Double?, _ populations: Populations, _ facts: [RowFacts]) {
            range = group; listed = skipping; isListing = false; self.languageValue = languageValue; self.populations = populations
            settle(facts)
        }

        init(listing positions: ArraySlice<UInt32>, _ populations: Populations, _ facts: [RowFacts]) {
            range = 0..<0; listed = positions; isListing = true; languageValue = nil; self.populations = populations
            settle(facts)
        }

        mutating func advance(_ facts: [RowFacts]) {
            step()
            settle(facts)
        }

        private mutating func step() {
            if isListing { listed = listed.dropFirst() } else { range = range.dropFirst() }
        }

        /// Steps past the positions the lane leaves out, to its next one.
        private mutating func settle(_ facts: [RowFacts]) {
            while true {
                if !isListing {
                    while let skipped = listed.first, let next = range.first, Int(skipped) <= next {
                        if Int(skipped) == next { range = range.dropFirst() }
                        listed = listed.dropFirst()
                    }
                }
                head = isListing ? listed.first.map(Int.init) : range.first
                guard let head, let serving = populations.serving, (facts[head].populationMask & populations.mask != 0) != serving else { return }
                step()
            }
        }
    }
}
