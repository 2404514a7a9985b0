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

    /// Distances from one origin, without a sine or cosine per point: within a few degrees an
    /// equirectangular projection at the pair's mean latitude (its cosine by a first-order
    /// step from the origin's) agrees with the haversine to well under a hundredth of a mile;
    /// farther away the haversine is used. Searches and matches measure thousands of sites.
    struct Origin: Sendable {
        let latitude: Double
        let longitude: Double
        let cosLatitude: Double
        let sinLatitude: Double

        init(_ point: Coordinate) {
            latitude = point.latitude; longitude = point.longitude
            cosLatitude = cos(point.latitude * Double.pi / 180); sinLatitude = sin(point.latitude * Double.pi / 180)
        }

        func miles(to lat: Double, _ lon: Double) -> Double {
            let dLat = lat - latitude, dLon = lon - longitude
            guard abs(dLat) < 3, abs(dLon) < 3 else { return Geo.miles(latitude, longitude, lat, lon) }
            let rad = Double.pi / 180
            let y = dLat * rad
            let x = dLon * rad * (cosLatitude - sinLatitude * y / 2)
            return earthRadiusMiles * (x * x + y * y).squareRoot()
        }
    }

    static func miles(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let rad = Double.pi / 180
        let dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusMiles * asin(min(1, h.squareRoot()))
    }
}
