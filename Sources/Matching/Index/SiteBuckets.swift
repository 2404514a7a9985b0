import SwitchboardCore

/// Sites stored in runs by key (a grid cell, or a term and a cell), each run found through one
/// dictionary: the storage both ``SpatialGrid`` and ``NeedGrid`` read.
struct SiteBuckets<Key: Hashable & Sendable>: Sendable {
    struct Site: Sendable {
        var key: Key
        var row: UInt32
        var ordinal: UInt16
        var point: SitePoint
    }

    private var runs: [Key: Range<Int>] = [:]
    private var rows: [UInt32] = []
    /// Which of its row's sites each entry is (0 for the first).
    private var ordinals: [UInt16] = []
    private var points: [SitePoint] = []

    /// - Parameter sites: sorted so that the sites of one key are next to each other.
    init(sorted sites: [Site]) {
        rows.reserveCapacity(sites.count)
        ordinals.reserveCapacity(sites.count)
        points.reserveCapacity(sites.count)
        var start = 0
        for (i, site) in sites.enumerated() {
            rows.append(site.row)
            ordinals.append(site.ordinal)
            points.append(site.point)
            if i + 1 == sites.count || sites[i + 1].key != site.key {
                runs[site.key] = start..<(i + 1)
                start = i + 1
            }
        }
    }

    /// How many sites `key` holds.
    func count(_ key: Key) -> Int { runs[key]?.count ?? 0 }

    /// Calls `body` with each site of `key` within `miles` of `origin`: its position in the
    /// storage (for arrays kept in the same order), its row, which of the row's sites, the distance.
    func forEachSite(of key: Key, within miles: Double, of origin: Geo.Origin, _ body: (Int, UInt32, UInt16, Double) -> Void) {
        guard let range = runs[key] else { return }
        for i in range {
            let p = points[i]
            let d = origin.miles(to: Double(p.latitude), Double(p.longitude))
            if d <= miles { body(i, rows[i], ordinals[i], d) }
        }
    }
}
