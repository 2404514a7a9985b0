import DirectoryGenerator
@testable import Matching
import Testing

/// The distance words, written as bytes, against the plain interpolation they replaced.
@Suite struct WordingTests {
    static func expectedOneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    static func expectedDistance(_ miles: Double) -> String {
        let text = miles < 10 ? expectedOneDecimal(miles) : String(Int(miles.rounded()))
        return "\(text) \(text == "1.0" ? "mile" : "miles") away"
    }

    @Test func distancesReadAsTheyAlwaysHave() {
        var random = SeededRandom(seed: 5)
        var values: [Double] = [0, 0.04, 0.05, 0.95, 0.949_999, 1, 1.04, 1.05, 9.94, 9.95, 9.96, 10, 10.5, 99.5, 1e6, -0.04, -0.05, -0.5, -3.25]
        for _ in 0..<20_000 { values.append(random.double(-30...120)) }
        for value in values {
            #expect(Wording.format1(value) == Self.expectedOneDecimal(value), "format1(\(value))")
            #expect(Wording.distance(value) == Self.expectedDistance(value), "distance(\(value))")
        }
        #expect(Wording.distance(1) == "1.0 mile away" && Wording.distance(0.42) == "0.4 miles away" && Wording.distance(12.4) == "12 miles away")
        #expect(Wording.format1(Double(Int.max / 100)) == Self.expectedOneDecimal(Double(Int.max / 100)))
    }
}
