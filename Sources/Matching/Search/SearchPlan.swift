import Foundation
import SwitchboardCore

/// A search query resolved against one index: words to posting lists, codes and languages to
/// ids, places to points, and the list that will drive the scan.
struct SearchPlan {
    struct Term {
        var word: String
        var posting: Int
        var idf: Double
    }

    enum Driver {
        case nothing
        case posting([UInt32])
        case radius
        case everything
    }

    let query: SearchQuery
    private(set) var terms: [Term] = []
    private(set) var driver: Driver = .everything
    private var allowedStatuses: [Bool] = []
    private var domainMask: UInt8 = 0
    private var codePosting: [UInt32]?
    private var languageIDs: [UInt16]?
    private(set) var origin: Coordinate?
    /// How many candidates the driving list holds (the directory's size when nothing narrows it).
    private(set) var driverSize = 0
    private var geoOrigin: Geo.Origin?
    private var serves: FoldedPlace?
    private let memo = AreaMemo()
    private var accessibility: String?
    private var termRef: UInt32?

    var hasWords: Bool { !terms.isEmpty }
    var hasPlace: Bool { origin != nil }
    /// Results are ordered by distance and nothing else: a place, no words, no radius.
    var ranksByDistanceAlone: Bool { origin != nil && terms.isEmpty && query.radiusMiles == nil }

    init(query: SearchQuery, index: DirectoryIndex) throws {
        self.query = query
        var impossible = false
        var smallest: (size: Int, driver: Driver) = (index.count, .everything)
        func consider(_ posting: [UInt32]) { if posting.count < smallest.size { smallest = (posting.count, .posting(posting)) } }

        var seen = Set<String>()
        for word in Tokenizer.words(query.text) where !Tokenizer.stopWords.contains(word) {
            let stem = PorterStemmer.stem(word)
            guard seen.insert(stem).inserted else { continue }
            guard let id = index.termIDs[stem] else { impossible = true; continue }
            let df = Double(index.termPostings[Int(id)].rows.count), n = Double(index.count)
            terms.append(Term(word: word, posting: Int(id), idf: log(1 + (n - df + 0.5) / (df + 0.5))))
            consider(index.termPostings[Int(id)].rows)
        }
        allowedStatuses = Service.Status.allCases.map { query.statuses?.contains($0) ?? true }
        for domain in query.domains { domainMask |= DirectoryIndex.bit(domain) }
        if query.domains.count == 1, let domain = query.domains.first {
            consider(index.domainPostings[Domain.allCases.firstIndex(of: domain)!])
        }
        if let code = query.taxonomyCode?.trimmingSpaces(), !code.isEmpty {
            let key = AIRSCode(rawValue: code)?.rawValue ?? code
            if let id = index.codeIDs[key] {
                codePosting = index.codePostings[Int(id)]
                consider(index.codePostings[Int(id)])
            } else {
                impossible = true
            }
        }
        if !query.languages.isEmpty {
            let ids = query.languages.compactMap { index.languageID($0) }
            languageIDs = ids
            if ids.isEmpty { impossible = true } else if ids.count == 1 { consider(index.languagePostings[Int(ids[0])]) }
        }
        if let near = query.near { origin = try index.resolve(near).point }
        geoOrigin = origin.map(Geo.Origin.init)
        if let radius = query.radiusMiles {
            guard radius > 0, radius.isFinite else { throw MatchingError(.invalidQuery, "the radius must be a positive number of miles") }
            guard let origin else { throw MatchingError(.invalidQuery, "a radius needs a place to measure from (near a point or a ZIP code)") }
            let estimate = index.grid.estimate(within: radius, of: origin)
            if estimate < smallest.size { smallest = (estimate, .radius) }
        }
        if query.sort == .distance, origin == nil { throw MatchingError(.invalidQuery, "sorting by distance needs a place (near a point or a ZIP code)") }
        if let serves = query.serves { self.serves = FoldedPlace(try index.resolve(serves: serves)) }
        if let words = query.accessibility { accessibility = Tokenizer.fold(words.trimmingSpaces()) }
        if let id = query.taxonomyTermID {
            if let ref = index.termRefIDs[id] { termRef = ref } else { impossible = true }
        }
        driver = impossible ? .nothing : smallest.driver
        driverSize = impossible ? 0 : smallest.size
    }

    /// Calls `body` with each candidate row once, and its distance when the scan already knows it.
    func forEachCandidate(in index: DirectoryIndex, _ body: (UInt32, Double?) -> Void) {
        switch driver {
        case .nothing: return
        case .posting(let rows): for row in rows { body(row, nil) }
        case .everything: for row in 0..<UInt32(index.count) { body(row, nil) }
        case .radius:
            guard let origin, let radius = query.radiusMiles else { return }
            index.forEachRow(within: radius, of: origin, body)
        }
    }

    /// The row's BM25 score and distance when every filter holds, else nil.
    /// - Parameter measure: whether to measure the distance when the scan does not know it
    ///   (a search ranked by rings counts its candidates without measuring them).
    func evaluate(_ row: UInt32, knownDistance: Double?, measure: Bool = true, in index: DirectoryIndex) -> (score: Double, distance: Double?)? {
        let r = Int(row)
        guard allowedStatuses[Service.Status.allCases.firstIndex(of: index.statuses[r])!] else { return nil }
        if domainMask != 0, index.domainMasks[r] & domainMask == 0 { return nil }
        if let codePosting, !codePosting.sortedContains(row) { return nil }
        if let languageIDs, !index.languages[row].contains(where: languageIDs.contains) { return nil }
        if query.freeOnly, index.costs[r] != .free { return nil }
        if let population = query.population, index.populationMasks[r] & DirectoryIndex.bit(population) == 0 { return nil }
        if let capacity = query.capacity {
            let state = index.capacities[r]
            guard state == .available || (capacity == .availableOrWaitlist && state == .waitlist) else { return nil }
        }
        if let age = query.age, index.age(of: row, client: age) == .violated { return nil }
        if let gender = query.gender, index.gender(of: row, client: gender) == .violated { return nil }
        if let accessibility {
            guard let notes = index.accessibility[row], accessibility.isEmpty || notes.contains(accessibility) else { return nil }
        }
        if let openAt = query.openAt, index.isOpen(row, at: openAt) != true { return nil }
        if let serves, index.residency(of: row, for: serves, memo: memo).0 != .met { return nil }
        if let organization = query.organizationID, index.summaries[r].organizationID != organization { return nil }
        if let termRef, !index.termRefs[row].contains(termRef) { return nil }
        if let taxonomy = query.taxonomyID, !index.termRefs[row].contains(where: { index.termTable[Int($0)].taxonomyID == taxonomy }) {
            return nil
        }
        if let after = query.modifiedAfter, index.changedAt[r] < after.timeIntervalSince1970 { return nil }

        var distance: Double?
        if let geoOrigin { distance = knownDistance ?? (measure ? index.nearestSite(of: row, from: geoOrigin)?.miles : nil) }
        if let radius = query.radiusMiles {
            guard let d = distance, d <= radius else { return nil }
        }

        var score = 0.0
        let lengthNorm = 1 - Self.b + Self.b * Double(index.documentLengths[r] / index.averageDocumentLength)
        for term in terms {
            let posting = index.termPostings[term.posting]
            guard let at = posting.rows.sortedIndex(of: row) else { return nil }
            let tf = Double(posting.frequencies[at])
            score += term.idf * tf * (Self.k1 + 1) / (tf + Self.k1 * lengthNorm)
        }
        return (score, distance)
    }

    static let k1 = DirectoryIndex.bm25.k1
    static let b = DirectoryIndex.bm25.b

    /// Why a result is in the list, in words a coordinator can repeat.
    func reasons(for row: UInt32, distance: Double?, in index: DirectoryIndex) -> [String] {
        var reasons: [String] = []
        if !terms.isEmpty { reasons.append("matches \(terms.map { "'\($0.word)'" }.joined(separator: ", "))") }
        if let distance { reasons.append(Wording.distance(distance)) }
        if let code = query.taxonomyCode { reasons.append("classified under \(code)") }
        if let openAt = query.openAt { reasons.append("open \(openAt.day) at \(Wording.clock(openAt.minute))") }
        if let serves = query.serves { reasons.append("serves \(serves)") }
        switch index.capacities[Int(row)] {
        case .available: reasons.append("has openings")
        case .waitlist: reasons.append("waiting list")
        case .full: reasons.append("full at last count")
        case .unknown: break
        }
        if index.statuses[Int(row)] != .active { reasons.append("status: \(index.statuses[Int(row)].rawValue)") }
        return reasons
    }
}
