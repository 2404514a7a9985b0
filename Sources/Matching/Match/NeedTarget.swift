import SwitchboardCore

/// A need resolved against the index's taxonomy: which rows answer it, and how precisely.
struct NeedTarget: Sendable {
    enum Kind {
        case code(UInt32)
        case domain(UInt8)
        /// A code no service in the directory has: nothing answers it.
        case unknownCode
    }

    let kind: Kind
    /// The code's ancestors that are specific enough to count as a broader answer (level 3 or deeper for AIRS).
    let broader: [UInt32]
    /// For a domain need of a client who names populations: per code id, the share of the
    /// directory's services with that term that are for one of them (empty otherwise).
    private(set) var shares: [Float] = []
    /// The highest of `shares` among the domain's terms: a term at this share fits best.
    private(set) var bestShare: Float = 0
    /// The client's named populations, for the words.
    private(set) var populations: [Population] = []

    /// - Parameter populations: the populations the client names; for a domain need they say
    ///   which kinds of service in the domain fit ("anything in housing" for a homeless veteran
    ///   means shelters and transitional housing before home repair).
    init(need: ClientProfile.Need, index: borrowing DirectoryIndex, populations: [Population] = []) {
        self.init(resolving: need, in: index)
        guard case .domain(let bit) = kind, !populations.isEmpty else { return }
        let width = Population.allCases.count
        let bits = Set(populations).map { Population.allCases.firstIndex(of: $0)! }
        var shares = [Float](repeating: 0, count: index.codeServiceCounts.count)
        for code in shares.indices where index.codeDomainMasks[code] & bit != 0 && index.codeServiceCounts[code] > 0 {
            // Summed per population: a service for two of them counts twice, hence the cap.
            let aimed = bits.reduce(UInt32(0)) { $0 + index.codePopulationCounts[code * width + $1] }
            shares[code] = min(1, Float(aimed) / Float(index.codeServiceCounts[code]))
        }
        self.shares = shares
        bestShare = shares.max() ?? 0
        self.populations = Population.allCases.filter(populations.contains)
    }

    private init(resolving need: ClientProfile.Need, in index: borrowing DirectoryIndex) {
        if let raw = need.taxonomyCode?.trimmingSpaces(), !raw.isEmpty {
            let airs = AIRSCode(rawValue: raw)
            let key = airs?.rawValue ?? raw
            if let id = index.codeIDs[key] {
                kind = .code(id)
                // "BH" (housing) is too broad to answer "BH-3800.7000" (rent payment); "BH-3800" is not.
                broader = index.codeTable[Int(id)].ancestors.filter { ancestor in
                    AIRSCode(rawValue: index.codeTable[Int(ancestor)].key).map { $0.level >= 3 } ?? true
                }
            } else {
                // Services coded under a broader code still answer it.
                let ancestors = (airs?.lineage.dropLast() ?? []).reversed().compactMap { index.codeIDs[$0.rawValue] }
                    .filter { AIRSCode(rawValue: index.codeTable[Int($0)].key).map { $0.level >= 3 } ?? false }
                kind = .unknownCode
                broader = ancestors
            }
        } else if let domain = need.domain {
            kind = .domain(DirectoryIndex.bit(domain))
            broader = []
        } else {
            kind = .unknownCode
            broader = []
        }
    }

    /// False when the row certainly does not answer the need: the quick test run on every
    /// nearby row before the full one, on one column and the need's entry numbers.
    @inline(__always)
    func mayAnswer(_ row: UInt32, in index: DirectoryIndex, entry: UInt32, exit: UInt32, broaderEntries: [UInt32]) -> Bool {
        switch kind {
        case .domain(let bit): return index.domainMasks[Int(row)] & bit != 0
        case .code, .unknownCode:
            if index.hasMoreCodes[Int(row)] { return true }
            let pair = index.codeEntryPairs[Int(row)]
            func hits(_ at: UInt32) -> Bool { at != UInt32.max && ((at >= entry && at < exit) || broaderEntries.contains(at)) }
            return hits(UInt32(truncatingIfNeeded: pair)) || hits(UInt32(truncatingIfNeeded: pair >> 32))
        }
    }

    /// The entry range of the need's code (empty for a domain or an unknown code) and its broader codes' entries.
    func entries(in index: DirectoryIndex) -> (entry: UInt32, exit: UInt32, broader: [UInt32]) {
        let broaderEntries = broader.map { index.codeEntry[Int($0)] }
        if case .code(let id) = kind { return (index.codeEntry[Int(id)], index.codeExit[Int(id)], broaderEntries) }
        return (1, 0, broaderEntries)
    }

    /// The terms whose cells of the need grid hold this need's answers: the code and every code
    /// below it, and the broader codes; or the domain's pseudo-term.
    func gridTerms(in index: DirectoryIndex) -> [UInt32] {
        switch kind {
        case .code(let id):
            let entry = Int(index.codeEntry[Int(id)]), exit = Int(index.codeExit[Int(id)])
            return Array(index.codesInOrder[entry..<exit]) + broader
        case .domain(let bit): return [NeedGrid.domainTerm(bit.trailingZeroBitCount)]
        case .unknownCode: return broader
        }
    }

    /// Whether `term` is the first of the row's own terms that answers the need, so a service
    /// with two answering terms is scored once.
    func isFirstAnsweringTerm(_ term: UInt32, of row: UInt32, facts: RowFacts, in index: DirectoryIndex, entry: UInt32, exit: UInt32) -> Bool {
        guard facts.codeCount > 1, case .code = kind else { return true }
        for i in index.codes.range(of: row) {
            let code = index.codes.values[i]
            let at = index.codeEntry[Int(code)]
            if (at >= entry && at < exit) || broader.contains(code) { return code == term }
        }
        return true
    }

    /// The rows to look at when the client's place does not narrow them down.
    func postings(in index: DirectoryIndex) -> [[UInt32]] {
        switch kind {
        case .code(let id): return [index.codePostings[Int(id)]] + broader.map { index.codePostings[Int($0)] }
        case .domain(let bit): return [index.domainPostings[Int(bit.trailingZeroBitCount)]]
        case .unknownCode: return broader.map { index.codePostings[Int($0)] }
        }
    }

    /// The rows that answer the need exactly or by a narrower term (all of them for a domain), in
    /// their ranked form, when the list is big enough to have one.
    func rankedPostings(in index: DirectoryIndex) -> RankedPostings? {
        switch kind {
        case .domain(let bit): return index.rankedDomainPostings[bit.trailingZeroBitCount]
        case .code(let id): return index.rankedCodePostings[id]
        case .unknownCode: return nil
        }
    }

    /// The rows that answer the need only by a broader term of their own, each once: what
    /// `rankedPostings(in:)` leaves out. (A broader code's posting list holds its whole subtree,
    /// siblings of the need's code included, which do not answer it.)
    func broaderOnlyRows(in index: DirectoryIndex) -> [UInt32] {
        guard case .code = kind, !broader.isEmpty else { return [] }
        let lists = broader.map { index.ownCodePostings[Int($0)] }
        let rows = lists.count == 1 ? lists[0] : Set(lists.joined()).sorted()
        return rows.filter { precision(of: $0, in: index)?.relation == .broader }
    }

    /// The best taxonomy value any row can have for this need.
    var bestPrecision: Double {
        switch kind {
        case .code: 1
        case .domain: bestShare > 0 ? 1 : 0.8
        case .unknownCode: 0.5
        }
    }

    /// How a row's best term relates to the need.
    struct Precision {
        enum Relation { case exact, narrower, broader, domain }
        var value: Double
        var relation: Relation
        /// The row's term that answers (nil for a domain need).
        var code: UInt32?
    }

    /// How precisely a row answers the need, or nil when it does not.
    func precision(of row: UInt32, in index: DirectoryIndex) -> Precision? {
        precision(of: row, facts: index.facts[Int(row)], in: index)
    }

    /// How precisely a row answers the need, from facts the caller already holds.
    func precision(of row: UInt32, facts: RowFacts, in index: DirectoryIndex) -> Precision? {
        switch kind {
        case .domain(let bit):
            guard index.domainMasks[Int(row)] & bit != 0 else { return nil }
            guard bestShare > 0 else { return Precision(value: 0.8, relation: .domain, code: nil) }
            // 0.6 for a kind of service never aimed at people like the client, up to 1 for the
            // kind most often aimed at them; 0.8, the value without populations, in between.
            var best: (share: Float, code: UInt32?) = (0, nil)
            for i in index.codes.range(of: row) {
                let code = index.codes.values[i]
                if shares[Int(code)] > best.share { best = (shares[Int(code)], code) }
            }
            return Precision(value: 0.6 + 0.4 * Double(best.share / bestShare), relation: .domain, code: best.code)
        case .code(let id):
            var best: Precision?
            let entry = index.codeEntry[Int(id)], exit = index.codeExit[Int(id)]
            func consider(_ code: UInt32) {
                let candidate: Precision
                let at = index.codeEntry[Int(code)]
                if code == id {
                    candidate = Precision(value: 1.0, relation: .exact, code: code)
                } else if at > entry && at < exit {
                    candidate = Precision(value: 0.9, relation: .narrower, code: code)
                } else if broader.contains(code) {
                    candidate = Precision(value: 0.5, relation: .broader, code: code)
                } else {
                    return
                }
                if best == nil || candidate.value > best!.value { best = candidate }
            }
            // Most rows have one or two terms, kept in the row's packed facts: no list to read.
            if facts.codeCount <= 2 {
                if facts.codeCount >= 1 { consider(facts.firstCodes.0) }
                if facts.codeCount == 2 { consider(facts.firstCodes.1) }
            } else {
                for i in index.codes.range(of: row) { consider(index.codes.values[i]) }
            }
            return best
        case .unknownCode:
            return index.codes[row].first(where: broader.contains).map { Precision(value: 0.5, relation: .broader, code: $0) }
        }
    }

    /// The words for a precision: "answers Rent Payment Assistance (BH-3800.7000)".
    func reason(for precision: Precision, in index: DirectoryIndex) -> String {
        guard let code = precision.code else {
            if case .domain(let bit) = kind { return "works in \(Domain.allCases[bit.trailingZeroBitCount].rawValue)" }
            return "answers the need"
        }
        let info = index.codeTable[Int(code)]
        if case .domain(let bit) = kind {
            let percent = Int((shares[Int(code)] * 100).rounded())
            return "works in \(Domain.allCases[bit.trailingZeroBitCount].rawValue): \(percent)% of \(info.name) services are for "
                + populations.map(Wording.population).joined(separator: " or ")
        }
        switch precision.relation {
        case .exact: return "answers \(info.name) (\(info.key))"
        case .narrower: return "answers \(info.name) (\(info.key)), a kind of what is needed"
        case .broader: return "broader category: \(info.name) (\(info.key))"
        case .domain: return "works in the need's domain"
        }
    }
}
