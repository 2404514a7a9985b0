public import SwitchboardCore

/// A real metropolitan area that generated agencies are placed in.
///
/// The ZIP codes are real (see `Internal/MetroTable.swift` for the source and its license);
/// agencies, streets and phone numbers are invented.
public struct Metro: Hashable, Sendable {
    public var name: String
    /// The metro's centre; every ZIP point lies within ``radiusKilometers`` of it.
    public var center: Coordinate
    public var radiusKilometers: Double
    public var areaCodes: [String]
    /// How many agencies this metro gets relative to the others in a multi-metro directory.
    public var weight: Int
    public var zipCodes: [ZIPPoint]

    /// The metros a directory of `services` services is spread over: Omaha-Council Bluffs alone
    /// for small directories, one more metro for every further 20,000 services.
    public static func metros(forServices services: Int) -> [Metro] {
        let count = min(table.count, 1 + max(0, services - 1) / 20_000)
        return Array(table.prefix(count))
    }

    /// Every metro the generator knows, in the order they are added to growing directories.
    public static var all: [Metro] { table }

    /// Distance in kilometres from the centre (equirectangular; good to a few metres at metro scale).
    public func distanceKilometers(to point: Coordinate) -> Double {
        Geography.kilometers(from: center, to: point)
    }
}

/// One ZIP code's representative point, city, state and county.
public struct ZIPPoint: Hashable, Sendable {
    public var zip: String
    public var city: String
    /// Two-letter state code.
    public var state: String
    /// The main county of the city, without the word "County".
    public var county: String
    public var coordinate: Coordinate
    /// Standard-time offset from UTC in hours.
    public var utcOffset: Int
    public var observesDST: Bool

    init(
        _ zip: String, _ city: String, _ state: String, county: String, _ latitude: Double, _ longitude: Double,
        utcOffset: Int, observesDST: Bool
    ) {
        self.zip = zip; self.city = city; self.state = state; self.county = county
        self.coordinate = Coordinate(latitude: latitude, longitude: longitude)
        self.utcOffset = utcOffset; self.observesDST = observesDST
    }
}

enum Geography {
    static let kilometersPerDegree = 111.32

    static func kilometers(from a: Coordinate, to b: Coordinate) -> Double {
        let meanLatitude = (a.latitude + b.latitude) / 2 * Double.pi / 180
        let x = (b.longitude - a.longitude) * kilometersPerDegree * cosine(meanLatitude)
        let y = (b.latitude - a.latitude) * kilometersPerDegree
        return (x * x + y * y).squareRoot()
    }

    /// The point `distance` km from `origin` in direction `bearing` (radians), rounded to 6 decimals.
    static func offset(_ origin: Coordinate, kilometers distance: Double, bearing: Double) -> Coordinate {
        let dLat = distance * cosine(bearing) / kilometersPerDegree
        let dLon = distance * sine(bearing) / (kilometersPerDegree * cosine(origin.latitude * Double.pi / 180))
        return Coordinate(latitude: round6(origin.latitude + dLat), longitude: round6(origin.longitude + dLon))
    }

    static func round6(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    // Taylor series rather than Foundation's cos/sin: libm results may differ in the last bit
    // between platforms, and generated coordinates must be identical everywhere.
    static func cosine(_ x: Double) -> Double { sine(x + Double.pi / 2) }

    static func sine(_ angle: Double) -> Double {
        // Reduce to [-pi, pi].
        var x = angle
        let twoPi = 2 * Double.pi
        x -= (x / twoPi).rounded() * twoPi
        var term = x
        var sum = x
        let x2 = x * x
        var n = 1.0
        for _ in 0..<12 {
            term *= -x2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }
}
