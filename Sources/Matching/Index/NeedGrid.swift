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

    private var cells: [Key: Range<Int>] = [:]
    private var rows: [UInt32] = []
    private var ordinals: [UInt16] = []
    private var points: [SitePoint] = []

    init(entries: [Entry]) {
        let keyed = entries.map { (key: Key(term: $0.term, cell: SpatialGrid.key(Double($0.point.latitude), Double($0.point.longitude))), entry: $0) }
            .sorted { ($0.key.term, $0.key.cell, $0.entry.row, $0.entry.ordinal) < ($1.key.term, $1.key.cell, $1.entry.row, $1.entry.ordinal) }
        rows.reserveCapacity(keyed.count)
        ordinals.reserveCapacity(keyed.count)
        points.reserveCapacity(keyed.count)
        var start = 0
        for (i, item) in keyed.enumerated() {
            rows.append(item.entry.row)
            ordinals.append(item.entry.ordinal)
            points.append(item.entry.point)
            if i + 1 == keyed.count || keyed[i + 1].key != item.key {
                cells[item.key] = start..<(i + 1)
                start = i + 1
            }
        }
    }

    /// Calls `body` with each site of a service with one of `terms` within `miles` of `center`:
    /// the term it was found under, the row, which of the row's sites it is, and the distance.
    func forEachSite(terms: [UInt32], within miles: Double, of center: Coordinate, _ body: (UInt32, UInt32, UInt16, Double) -> Void) {
        let (lats, lons) = SpatialGrid.cellRange(around: center, miles: miles)
        let origin = Geo.Origin(center)
        for latCell in lats {
            for lonCell in lons {
                let cell = SpatialGrid.key(latCell, lonCell)
                for term in terms {
                    guard let range = cells[Key(term: term, cell: cell)] else { continue }
                    for i in range {
                        let p = points[i]
                        let d = origin.miles(to: Double(p.latitude), Double(p.longitude))
                        if d <= miles { body(term, rows[i], ordinals[i], d) }
                    }
                }
            }
        }
    }
}
