import Foundation
import SwitchboardCore

/// A map of search results around the client, drawn as inline SVG: the client's place in the
/// middle, distance rings, and one numbered marker per result at its nearest site.
///
/// No tile server: a map of streets would need one (and send the client's whereabouts to it),
/// while what a coordinator needs here is "which of these is close, and in which direction",
/// which rings and bearings show. The projection is equirectangular around the centre, true
/// enough over the tens of miles a referral spans. Markers carry the same numbers as the result
/// list, which is the map's text alternative.
struct SVGMap: Sendable {
    struct Marker: Sendable {
        var number: Int
        var name: String
        var point: Coordinate
        var miles: Double?
    }

    var id = "results-map"
    /// The client's place; nil centres the map on the results.
    var origin: Coordinate?
    var originLabel: String
    var markers: [Marker]

    static let size = 480.0
    static let margin = 36.0

    var svg: String? {
        guard !markers.isEmpty || origin != nil else { return nil }
        let points = markers.map(\.point)
        let center = origin ?? Coordinate(
            latitude: points.map(\.latitude).reduce(0, +) / Double(points.count),
            longitude: points.map(\.longitude).reduce(0, +) / Double(points.count))
        let milesPerDegreeLatitude = 69.0
        let milesPerDegreeLongitude = 69.17 * cos(center.latitude * .pi / 180)
        func offset(_ point: Coordinate) -> (x: Double, y: Double) {
            ((point.longitude - center.longitude) * milesPerDegreeLongitude, (point.latitude - center.latitude) * milesPerDegreeLatitude)
        }
        let farthest = max(markers.map { let o = offset($0.point); return max(abs(o.x), abs(o.y)) }.max() ?? 0, 0.5)
        let ring = Self.ringStep(farthest)
        let rings = Int((farthest / ring).rounded(.up))
        let reach = Double(rings) * ring
        let scale = (Self.size / 2 - Self.margin) / reach
        let mid = Self.size / 2
        func place(_ point: Coordinate) -> (x: Double, y: Double) {
            let o = offset(point)
            return (mid + o.x * scale, mid - o.y * scale)  // north up
        }

        let description = origin == nil
            ? "\(markers.count) results, numbered as in the list; no place was given, so the map is centred on them and distances are not shown."
            : "\(markers.count) results around \(originLabel), numbered as in the list. Rings every \(Self.miles(ring)); north is up."
        var out = """
            <svg class="map" id="\(id)" viewBox="0 0 \(Int(Self.size)) \(Int(Self.size))" role="img" \
            aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">Map of the results\(origin == nil ? "" : " around \(Markup.escape(originLabel))")</title>
            <desc id="\(id)-desc">\(Markup.escape(description))</desc>
            <rect class="map-bg" x="0" y="0" width="\(Int(Self.size))" height="\(Int(Self.size))"/>

            """
        for r in stride(from: rings, through: 1, by: -1) {
            let radius = Double(r) * ring * scale
            out += "<circle class=\"ring\" cx=\"\(Markup.number(mid))\" cy=\"\(Markup.number(mid))\" r=\"\(Markup.number(radius))\"/>"
            out += "<text class=\"ring-label\" x=\"\(Markup.number(mid + 3))\" y=\"\(Markup.number(mid - radius + 12))\">\(Self.miles(Double(r) * ring))</text>\n"
        }
        out += "<text class=\"north\" x=\"\(Markup.number(Self.size - 18))\" y=\"22\" text-anchor=\"middle\">N ↑</text>\n"
        if origin != nil {
            out += "<g class=\"origin\"><title>\(Markup.escape(originLabel))</title><circle cx=\"\(Markup.number(mid))\" cy=\"\(Markup.number(mid))\" r=\"7\"/></g>\n"
        }
        // Farthest first, so the nearest markers are drawn on top.
        for marker in markers.sorted(by: { ($0.miles ?? 0, $1.number) > ($1.miles ?? 0, $0.number) }) {
            let p = place(marker.point)
            let label = "\(marker.number). \(marker.name)" + (marker.miles.map { ", \(Self.miles($0)) away" } ?? "")
            out += "<g class=\"marker\"><title>\(Markup.escape(label))</title>"
            out += "<circle cx=\"\(Markup.number(p.x))\" cy=\"\(Markup.number(p.y))\" r=\"11\"/>"
            out += "<text x=\"\(Markup.number(p.x))\" y=\"\(Markup.number(p.y + 4))\" text-anchor=\"middle\">\(marker.number)</text></g>\n"
        }
        return out + "</svg>"
    }

    /// A round ring spacing that gives two to five rings out to `miles`.
    static func ringStep(_ miles: Double) -> Double {
        for step in [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500] where miles / step <= 5 { return step }
        return 1000
    }

    static func miles(_ value: Double) -> String {
        if value < 1, value > 0, (value * 100).rounded() == value * 100, (value * 10).rounded() != value * 10 {
            return String(format: "%.2f mi", locale: Locale(identifier: "en_US_POSIX"), value)  // ring steps of 0.25
        }
        return value < 10 && value != value.rounded()
            ? String(format: "%.1f mi", locale: Locale(identifier: "en_US_POSIX"), value)
            : "\(Int(value.rounded())) mi"
    }
}
