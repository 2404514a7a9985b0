import Foundation
import SwitchboardCore

/// Every site with coordinates, bucketed in cells of a tenth of a degree, so "within 10 miles
/// of here" reads a few dozen cells instead of every site in the country.
///
/// Sites are stored sorted by cell, each cell a contiguous run found through one dictionary.
struct SpatialGrid: Sendable {
    static let cellsPerDegree = 10.0

    private let buckets: SiteBuckets<Int64>

    init(sites: [(row: UInt32, ordinal: UInt16, point: SitePoint)]) {
        buckets = SiteBuckets(sorted: sites
            .map { SiteBuckets.Site(key: Self.key(Double($0.point.latitude), Double($0.point.longitude)), row: $0.row, ordinal: $0.ordinal, point: $0.point) }
            .sorted { ($0.key, $0.row) < ($1.key, $1.row) })
    }

    static func cell(_ degrees: Double) -> Int32 { Int32((degrees * cellsPerDegree).rounded(.down)) }

    static func key(_ latitude: Double, _ longitude: Double) -> Int64 {
        key(cell(latitude), cell(longitude))
    }

    static func key(_ latCell: Int32, _ lonCell: Int32) -> Int64 { Int64(latCell) << 32 | Int64(UInt32(bitPattern: lonCell)) }

    /// The cells a circle can touch, for visiting them one by one.
    static func cellRange(around center: Coordinate, miles: Double) -> (ClosedRange<Int32>, ClosedRange<Int32>) {
        let dLat = miles / Geo.milesPerDegreeLatitude
        let cosLat = max(0.01, cos(min(89, abs(center.latitude) + dLat) * Double.pi / 180))
        let dLon = min(180, dLat / cosLat)
        return (Self.cell(center.latitude - dLat)...Self.cell(center.latitude + dLat),
                Self.cell(center.longitude - dLon)...Self.cell(center.longitude + dLon))
    }

    /// The cells a circle can touch, nearest first, each with a distance in miles that no point
    /// of the cell is nearer than (the nearest corner or edge, less a tenth for the
    /// equirectangular step's error, so it stays a lower bound).
    static func cellsNearestFirst(around center: Coordinate, miles: Double, origin: Geo.Origin) -> [(cell: Int64, nearest: Double)] {
        let (lats, lons) = cellRange(around: center, miles: miles)
        var cells: [(cell: Int64, nearest: Double)] = []
        cells.reserveCapacity(lats.count * lons.count)
        for latCell in lats {
            let low = Double(latCell) / cellsPerDegree, high = Double(latCell + 1) / cellsPerDegree
            let latitude = min(max(center.latitude, low), high)
            for lonCell in lons {
                let west = Double(lonCell) / cellsPerDegree, east = Double(lonCell + 1) / cellsPerDegree
                let longitude = min(max(center.longitude, west), east)
                let nearest = max(0, origin.miles(to: latitude, longitude) * 0.9 - 0.01)
                cells.append((key(latCell, lonCell), nearest))
            }
        }
        cells.sort { ($0.nearest, $0.cell) < ($1.nearest, $1.cell) }
        return cells
    }

    /// Calls `body` with every site within `miles` of `center`: its row, which of the row's
    /// sites it is, and its distance. A row with several sites there is visited once per site.
    func forEachSite(within miles: Double, of center: Coordinate, _ body: (UInt32, UInt16, Double) -> Void) {
        let (lats, lons) = Self.cellRange(around: center, miles: miles)
        let origin = Geo.Origin(center)
        for latCell in lats {
            for lonCell in lons { buckets.forEachSite(of: Self.key(latCell, lonCell), within: miles, of: origin) { body($1, $2, $3) } }
        }
    }

    /// How many sites the cells around a circle hold: a cheap upper bound for choosing a query plan.
    func estimate(within miles: Double, of center: Coordinate) -> Int {
        let (lats, lons) = Self.cellRange(around: center, miles: miles)
        var total = 0
        for latCell in lats {
            for lonCell in lons { total += buckets.count(Self.key(latCell, lonCell)) }
        }
        return total
    }
}
