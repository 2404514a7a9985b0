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

    /// - Parameter facts: every row's facts, by row.
    init(entries: [Entry], facts rowFacts: [RowFacts] = []) {
        let sorted = entries
            .map { SiteBuckets.Site(key: Key(term: $0.term, cell: SpatialGrid.key(Double($0.point.latitude), Double($0.point.longitude))), row: $0.row, ordinal: $0.ordinal, point: $0.point) }
            .sorted { ($0.key.term, $0.key.cell, $0.row, $0.ordinal) < ($1.key.term, $1.key.cell, $1.row, $1.ordinal) }
        buckets = SiteBuckets(sorted: sorted)
        facts = sorted.map { rowFacts[Int($0.row)] }
    }

    /// Calls `body` with each site of a service with one of `terms` within `miles` of `center`:
    /// the term it was found under, the row, which of the row's sites it is, the distance, and the row's facts.
    /// Cells come nearest first, each announced to `enteringCell` with a distance no site in it
    /// is nearer than, so a caller that keeps the best few can stop scoring far cells.
    func forEachSite(
        terms: [UInt32], within miles: Double, of center: Coordinate, enteringCell: (Double) -> Void,
        _ body: (UInt32, UInt32, UInt16, Double, RowFacts) -> Void
    ) {
        let origin = Geo.Origin(center)
        for (cell, nearest) in SpatialGrid.cellsNearestFirst(around: center, miles: miles, origin: origin) {
            enteringCell(nearest)
            for term in terms {
                buckets.forEachSite(of: Key(term: term, cell: cell), within: miles, of: origin) { body(term, $1, $2, $3, facts[$0]) }
            }
        }
    }
}
