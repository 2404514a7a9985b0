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

    /// Lists shorter than this are read row by row: the order and tally would save little.
    static let minimumCount = 2_048

    init(rows list: [UInt32], facts: [RowFacts], placelessClasses: [UInt32]) {
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
    }
}
