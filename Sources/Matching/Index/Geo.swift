public import SwitchboardCore
import Foundation

/// Great-circle distances in miles, the unit case managers and clients talk in.
public enum Geo {
    static let earthRadiusMiles = 3958.8
    static let milesPerDegreeLatitude = 69.05

    /// Haversine distance between two points, in miles.
    public static func miles(_ a: Coordinate, _ b: Coordinate) -> Double {
        miles(a.latitude, a.longitude, b.latitude, b.longitude)
    }

    static func miles(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let rad = Double.pi / 180
        let dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusMiles * asin(min(1, h.squareRoot()))
    }
}
