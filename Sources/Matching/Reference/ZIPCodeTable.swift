public import SwitchboardCore

/// One US ZIP code's representative point and the places it lies in.
public struct ZIPCode: Hashable, Sendable {
    public var zip: String
    public var city: String
    /// Two-letter state.
    public var state: String
    /// The main county of the ZIP's city, without the word "County"; nil where we do not know it.
    public var county: String?
    public var coordinate: Coordinate
    /// Standard-time offset from UTC in hours.
    public var utcOffset: Int

    public init(zip: String, city: String, state: String, county: String? = nil, coordinate: Coordinate, utcOffset: Int) {
        self.zip = zip; self.city = city; self.state = state; self.county = county
        self.coordinate = coordinate; self.utcOffset = utcOffset
    }
}

/// ZIP codes to points, cities, counties and states: how a client's or a coordinator's ZIP
/// becomes a place the index can measure distances from and check service areas against.
///
/// Read from `Directory/geography/zip-codes.txt` by `Workflows` (see its SOURCE.md for the data's
/// origin and license); Matching itself reads no files.
public struct ZIPCodeTable: Sendable {
    private var entries: [String: ZIPCode]

    public init(_ codes: [ZIPCode]) {
        entries = Dictionary(codes.map { ($0.zip, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// An empty table: ZIP codes then resolve to nothing, and rules that need them are "unknown".
    public static let empty = ZIPCodeTable([])

    public var count: Int { entries.count }

    /// The entry for a ZIP code; ZIP+4 (`68102-1234`) and surrounding spaces are accepted.
    public subscript(zip: String) -> ZIPCode? {
        guard let five = Self.fiveDigits(zip) else { return nil }
        return entries[five]
    }

    /// The five-digit form of a ZIP or ZIP+4, or nil when the text is not one.
    public static func fiveDigits(_ text: String) -> String? {
        // Five ASCII digits, as nearly every profile sends: no characters to walk (each a Unicode
        // property look-up, on every match).
        if text.utf8.count == 5, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return text }
        let trimmed = text.trimmingSpaces()
        let five = trimmed.count == 10 && trimmed.dropFirst(5).first == "-" ? String(trimmed.prefix(5)) : trimmed
        guard five.count == 5, five.allSatisfy(\.isASCII), five.allSatisfy(\.isNumber) else { return nil }
        return five
    }

    /// Reads the shipped text form: a header line, then `zip|city|state|county|latitude|longitude|utc offset`.
    /// - Throws: ``MatchingError`` naming the line that cannot be read.
    public static func parse(_ text: String, file: String = "zip-codes.txt") throws -> ZIPCodeTable {
        var codes: [ZIPCode] = []
        codes.reserveCapacity(44_000)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() where number > 0 {
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count == 7, let lat = Double(f[4]), let lon = Double(f[5]), let offset = Int(f[6]) else {
                throw MatchingError(.invalidReferenceData, "\(file):\(number + 1): expected zip|city|state|county|latitude|longitude|utc offset")
            }
            codes.append(ZIPCode(
                zip: String(f[0]), city: String(f[1]), state: String(f[2]), county: f[3].isEmpty ? nil : String(f[3]),
                coordinate: Coordinate(latitude: lat, longitude: lon), utcOffset: offset))
        }
        return ZIPCodeTable(codes)
    }
}
