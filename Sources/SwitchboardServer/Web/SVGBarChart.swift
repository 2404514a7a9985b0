import Foundation

/// Escapes text for HTML and SVG: what we write into markup ourselves (templates escape theirs).
enum Markup {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A number for SVG coordinates: one decimal, a dot whatever the locale.
    static func number(_ value: Double) -> String { String(format: "%.1f", locale: Locale(identifier: "en_US_POSIX"), value) }
}

/// A horizontal bar chart drawn as inline SVG: one group of bars per label, one bar per series.
///
/// Drawn on the server so the page needs no script or outside service; it scales to the page's
/// width (a `viewBox`, no fixed size), names itself through `<title>` and `<desc>` for screen
/// readers, and every page that shows one also shows the same numbers as a table.
struct SVGBarChart: Sendable {
    struct Series: Sendable {
        var name: String
        /// A CSS class (`s0`, `s1`, …) that sets the bar's colour in app.css.
        var style: String
    }

    struct Group: Sendable {
        var label: String
        var values: [Double]
    }

    var id: String
    var title: String
    var description: String
    var series: [Series]
    var groups: [Group]
    /// The value of a full bar; the largest value when nil.
    var scale: Double?
    var format: @Sendable (Double) -> String

    static let width = 640.0
    static let labelWidth = 190.0
    static let barHeight = 14.0
    static let groupGap = 10.0
    static let legendHeight = 26.0

    var svg: String {
        let top = scale ?? max(groups.flatMap(\.values).max() ?? 0, 1)
        let groupHeight = Double(series.count) * Self.barHeight + Self.groupGap
        let height = Self.legendHeight + Double(groups.count) * groupHeight + 4
        let plot = Self.width - Self.labelWidth - 60
        var out = """
            <svg class="chart" id="\(id)" viewBox="0 0 \(Int(Self.width)) \(Int(height.rounded(.up)))" role="img" \
            aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(Markup.escape(title))</title>
            <desc id="\(id)-desc">\(Markup.escape(description))</desc>

            """
        var x = Self.labelWidth
        for item in series {
            out += "<rect class=\"\(item.style)\" x=\"\(Markup.number(x))\" y=\"6\" width=\"12\" height=\"12\"/>"
            out += "<text x=\"\(Markup.number(x + 16))\" y=\"16\">\(Markup.escape(item.name))</text>\n"
            x += 22 + Double(item.name.count) * 7
        }
        for (g, group) in groups.enumerated() {
            let y0 = Self.legendHeight + Double(g) * groupHeight
            // The label column holds about 24 characters; the full name is the group's tooltip and in the table.
            let label = group.label.count > 24 ? String(group.label.prefix(22)) + "…" : group.label
            out += "<g><title>\(Markup.escape(group.label))</title><text class=\"bar-label\" x=\"\(Markup.number(Self.labelWidth - 6))\" y=\"\(Markup.number(y0 + Double(series.count) * Self.barHeight / 2 + 4))\" text-anchor=\"end\">\(Markup.escape(label))</text>\n"
            for (s, value) in group.values.enumerated() where s < series.count {
                let y = y0 + Double(s) * Self.barHeight
                let length = max(0, min(1, value / top)) * plot
                out += "<rect class=\"\(series[s].style)\" x=\"\(Markup.number(Self.labelWidth))\" y=\"\(Markup.number(y))\" width=\"\(Markup.number(length))\" height=\"\(Markup.number(Self.barHeight - 2))\"/>"
                out += "<text x=\"\(Markup.number(Self.labelWidth + length + 4))\" y=\"\(Markup.number(y + Self.barHeight - 4))\">\(Markup.escape(format(value)))</text>\n"
            }
            out += "</g>\n"
        }
        return out + "</svg>"
    }
}
