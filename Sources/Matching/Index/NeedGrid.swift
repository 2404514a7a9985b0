import SwitchboardCore

/// Every site again, bucketed by (one of its service's own taxonomy terms or domains, grid cell).
///
/// The plain ``SpatialGrid`` answers "what is near the client"; in a big city that is a hundred
/// thousand services, most of which do not answer the need. This grid answers "what near the
/// client answers this need": a match reads the cells within the travel distance for the need's
/// term and the terms below it, and nothing else.
struct NeedGrid: Sendable {
    struct Entry: Sendable {
        var term: UInt32
        var row: UInt32
        var ordinal: UInt16
        var point: SitePoint
        /// The point of the row's first site.
        var lead: SitePoint
    }

    struct Key: Hashable, Sendable {
        var term: UInt32
        var cell: Int64
    }

    /// The pseudo-term of a domain (by its position in `Domain.allCases`), above every code id.
    static func domainTerm(_ domain: Int) -> UInt32 { UInt32.max - UInt32(domain) }

    private let buckets: SiteBuckets<Key>
    /// Each entry's row facts again, in the buckets' order: a match reads them in the order it
    /// visits the sites, one sequential stream instead of a cache miss per candidate in the
    /// id-ordered facts (44 bytes per entry: about 130 MB at a million services).
    private let facts: [RowFacts]
    /// Each entry's eligibility class (``EligibilityClasses/ofRow``), in the buckets' order, or
    /// ``EligibilityClasses/unclassed`` where the site cannot be counted by its class alone: a
    /// service with more than two residency areas, or with several terms of its own under a term
    /// (it may sit under two of a need's terms, and must be counted once).
    private let classes: [UInt32]
    /// Which sixteenth of its cell each entry lies in (latitude quarter × 4 + longitude quarter),
    /// in the buckets' order: a cell is seven miles across, too coarse to tell the sites that may
    /// still reach a match's top from those that cannot; its sixteenths are under two.
    private let parts: [UInt8]
    /// For an entry that is its row's second site, the row's first site (else unused), in the
    /// buckets' order: a service is counted at the first of its sites within reach, and reading
    /// the first site from the row's list was a cache miss per second site.
    private let leads: [SitePoint]

    /// - Parameters:
    ///   - facts: every row's facts, by row.
    ///   - classes: every row's eligibility class, by row.
    init(entries: [Entry], facts rowFacts: [RowFacts] = [], classes rowClasses: [UInt32] = []) {
        let order = entries.indices.sorted { a, b in
            let x = entries[a], y = entries[b]
            return (x.term, Self.cell(of: x), x.row, x.ordinal) < (y.term, Self.cell(of: y), y.row, y.ordinal)
        }
        let sorted = order.map { i in
            let e = entries[i]
            return SiteBuckets.Site(key: Key(term: e.term, cell: Self.cell(of: e)), row: e.row, ordinal: e.ordinal, point: e.point)
        }
        leads = order.map { entries[$0].lead }
        buckets = SiteBuckets(sorted: sorted)
        facts = sorted.map { rowFacts[Int($0.row)] }
        parts = sorted.map { site in
            Self.part(Double(site.point.latitude), Double(site.point.longitude))
        }
        classes = sorted.map { site in
            let row = Int(site.row)
            // Counted at the first of its sites within reach: the first two are at hand, not more.
            guard row < rowClasses.count, rowFacts[row].siteCount <= 2 else { return EligibilityClasses.unclassed }
            let isDomain = site.key.term > NeedGrid.domainTerm(Domain.allCases.count)
            return isDomain || rowFacts[row].codeCount <= 1 ? rowClasses[row] : EligibilityClasses.unclassed
        }
    }

    /// Calls `body` with each site of a service with one of `terms` within `miles` of `center`:
    /// the term it was found under, the row, which of the row's sites it is, the distance, and the row's facts.
    /// Cells come nearest first, each announced to `enteringCell` with a distance no site in it
    /// is nearer than; it answers whether any row there may still be scored.
    ///
    /// With `byClass`, a service with an eligibility class goes to `counted` (its class) once, at
    /// the first of its sites within reach; each of its sites goes to `body` only in a cell where rows may be scored, with
    /// its class; the others go to `body` alone, with ``EligibilityClasses/unclassed``. Without
    /// it every site goes to `body` that way.
    ///
    /// A counted site goes to `body` only when the nearest distance of its sixteenth of the cell
    /// is within `scoringMiles` (asked once per cell where rows may be scored).
    func forEachSite(
        terms: [UInt32], within miles: Double, of center: Coordinate, byClass: Bool, enteringCell: (Double) -> Bool,
        scoringMiles: () -> Double, counted: (UInt32) -> Void,
        _ body: (UInt32, UInt32, UInt16, Double, RowFacts, UInt32) -> Void
    ) {
        let origin = Geo.Origin(center)
        for (cell, nearest) in SpatialGrid.cellsNearestFirst(around: center, miles: miles, origin: origin) {
            var scoring: UInt16 = 0
            if enteringCell(nearest) {
                scoring = byClass ? Self.scoringParts(of: cell, around: center, origin: origin, within: scoringMiles()) : .max
            }
            for term in terms {
                buckets.forEachSite(of: Key(term: term, cell: cell), within: miles, of: origin) { i, row, ordinal, distance in
                    let eligibilityClass = byClass ? classes[i] : EligibilityClasses.unclassed
                    guard eligibilityClass != EligibilityClasses.unclassed else {
                        return body(term, row, ordinal, distance, facts[i], eligibilityClass)
                    }
                    // A second site counts only when the first is out of reach.
                    if ordinal == 0 || origin.miles(to: Double(leads[i].latitude), Double(leads[i].longitude)) > miles {
                        counted(eligibilityClass)
                    }
                    if scoring & (1 << UInt16(parts[i])) != 0 { body(term, row, ordinal, distance, facts[i], eligibilityClass) }
                }
            }
        }
    }

    private static func cell(of entry: Entry) -> Int64 {
        SpatialGrid.key(Double(entry.point.latitude), Double(entry.point.longitude))
    }

    static let partsPerCell = 4.0

    /// The sixteenth of its cell a point lies in.
    static func part(_ latitude: Double, _ longitude: Double) -> UInt8 {
        func quarter(_ degrees: Double) -> UInt8 {
            let within = degrees * SpatialGrid.cellsPerDegree - Double(SpatialGrid.cell(degrees))
            return UInt8(min(3, max(0, Int(within * partsPerCell))))
        }
        return quarter(latitude) * 4 + quarter(longitude)
    }

    /// The sixteenths of `cell` whose nearest distance from the center is within `limit`, as bits.
    /// Each distance is a lower bound, as in ``SpatialGrid/cellsNearestFirst(around:miles:origin:)``.
    private static func scoringParts(of cell: Int64, around center: Coordinate, origin: Geo.Origin, within limit: Double) -> UInt16 {
        guard limit < .infinity else { return .max }
        let latCell = Double(Int32(truncatingIfNeeded: cell >> 32)), lonCell = Double(Int32(bitPattern: UInt32(truncatingIfNeeded: cell)))
        let step = 1 / (SpatialGrid.cellsPerDegree * partsPerCell)
        var mask: UInt16 = 0
        for latPart in 0..<4 {
            let south = latCell / SpatialGrid.cellsPerDegree + Double(latPart) * step
            let latitude = min(max(center.latitude, south), south + step)
            for lonPart in 0..<4 {
                let west = lonCell / SpatialGrid.cellsPerDegree + Double(lonPart) * step
                let longitude = min(max(center.longitude, west), west + step)
                let nearest = max(0, origin.miles(to: latitude, longitude) * 0.9 - 0.01)
                if nearest <= limit { mask |= 1 << UInt16(latPart * 4 + lonPart) }
            }
        }
        return mask
    }
}
