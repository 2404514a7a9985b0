import Foundation
import SwitchboardCore

extension DirectoryIndex {
    /// The BM25 parameters: how fast repeated words stop adding, and how much long texts are discounted.
    static let bm25 = (k1: 1.2, b: 0.75)
    /// How deep pages may go: the best results are kept while scanning, so a page costs in
    /// proportion to its depth; nobody reads result 10,001.
    public static let deepestResult = 10_000
    /// Above this many candidates, a nearest-first search without words ranks by rings.
    static let ringThreshold = 20_000
    static let ringRadii: [Double] = [4, 16, 64, 256]

    /// Fills `top` nearest first: rows in rings of growing radius around the place (each row
    /// once, from its nearest site), stopping as soon as the page is full of rows closer than
    /// the ring's edge; what lies beyond the last ring, and services with no site, come from a
    /// scan of the candidates.
    private func rankByRings(_ plan: SearchPlan, into top: inout TopResults) {
        guard let origin = plan.origin else { return }
        var inner = -1.0
        for outer in Self.ringRadii {
            forEachRow(within: outer, of: origin) { row, miles in
                guard miles > inner, plan.evaluate(row, knownDistance: miles, measure: true, in: self) != nil else { return }
                top.offer(.init(primary: miles, secondary: 0, row: row, score: 0, distance: miles))
            }
            if top.isFull, let last = top.entries.last?.distance, last <= outer { return }
            inner = outer
        }
        plan.forEachCandidate(in: self) { row, _ in
            guard let (_, distance) = plan.evaluate(row, knownDistance: nil, measure: true, in: self), (distance ?? .infinity) > inner else { return }
            top.offer(.init(primary: distance ?? .infinity, secondary: 0, row: row, score: 0, distance: distance))
        }
    }

    /// Runs a coordinator search: one page of results, the total, and facet counts.
    ///
    /// The most selective of the word, taxonomy, domain, language and radius lists drives the
    /// scan; every other filter is a look-up in a column for the candidate row, so a search
    /// allocates nothing in proportion to the directory.
    /// - Throws: ``MatchingError`` for a ZIP code or a place the index cannot resolve.
    public func search(_ query: SearchQuery) throws -> SearchResults {
        try search(query, ringThreshold: Self.ringThreshold)
    }

    /// `search`, with the candidate count above which nearest-first ranking goes by rings (tests
    /// set it to 0 to check rings against the plain scan).
    func search(_ query: SearchQuery, ringThreshold: Int) throws -> SearchResults {
        let page = max(1, query.page), perPage = max(1, min(query.perPage, 500))
        guard page * perPage <= Self.deepestResult else {
            throw MatchingError(.invalidQuery, "pages reach only the first \(Self.deepestResult) results; narrow the search instead")
        }
        let plan = try SearchPlan(query: query, index: self)
        var top = TopResults(capacity: page * perPage)
        var domainCounts = [Int](repeating: 0, count: Domain.allCases.count)
        var languageCounts = [Int](repeating: 0, count: languageCodes.count)
        var total = 0

        // Nearest first over a big candidate list: count everything, but rank by rings around the
        // place, so distances are measured only for the rows near enough to make the page.
        let byRings = plan.ranksByDistanceAlone && plan.driverSize > ringThreshold
        plan.forEachCandidate(in: self) { row, knownDistance in
            guard let (score, distance) = plan.evaluate(row, knownDistance: knownDistance, measure: !byRings, in: self) else { return }
            total += 1
            let mask = domainMasks[Int(row)]
            for d in 0..<domainCounts.count where mask & (1 << UInt8(d)) != 0 { domainCounts[d] += 1 }
            for language in languages[row] { languageCounts[Int(language)] += 1 }
            if byRings { return }
            let entry: TopResults.Entry
            switch (query.sort, distance) {
            case (.distance, let d?): entry = .init(primary: d, secondary: -score, row: row, score: score, distance: d)
            case (.distance, nil): entry = .init(primary: .infinity, secondary: -score, row: row, score: score, distance: nil)
            case (.relevance, _) where plan.hasWords: entry = .init(primary: -score, secondary: distance ?? 0, row: row, score: score, distance: distance)
            case (.relevance, let d):  // no words: nearest first when there is a place, else id order
                entry = .init(primary: plan.hasPlace ? d ?? .infinity : 0, secondary: 0, row: row, score: 0, distance: d)
            }
            top.offer(entry)
        }
        if byRings { rankByRings(plan, into: &top) }

        let hits = top.entries.dropFirst((page - 1) * perPage).map { entry in
            SearchResults.Hit(
                service: summaries[Int(entry.row)], score: entry.score, distanceMiles: entry.distance,
                reasons: plan.reasons(for: entry.row, distance: entry.distance, in: self))
        }
        var domains: [String: Int] = [:]
        for (i, domain) in Domain.allCases.enumerated() where domainCounts[i] > 0 { domains[domain.rawValue] = domainCounts[i] }
        var languagesByCode: [String: Int] = [:]
        for (i, count) in languageCounts.enumerated() where count > 0 { languagesByCode[languageCodes[i]] = count }
        return SearchResults(total: total, page: page, perPage: perPage, hits: Array(hits), domainCounts: domains, languageCounts: languagesByCode)
    }
}
