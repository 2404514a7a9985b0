/// What the hard rules and the score bound of a match read about a row, packed in one record.
///
/// A match visits its candidates in grid order, scattered over the id-ordered columns; reading a
/// dozen columns cost a dozen cache misses per candidate, and those misses were most of a match's
/// time (profile of `switchboard bench matching`). One 44-byte record costs one. The columns stay
/// for search and for the words of the few results explained.
struct RowFacts: Sendable {
    /// NaN when the service has no such rule.
    var minimumAge: Float
    var maximumAge: Float
    /// Days since 1970 of the last verification; `Int32.min` when never verified.
    var verifiedDay: Int32
    /// The first two directly assigned terms (ids into `codeTable`; `UInt32.max` where there is none).
    var firstCodes: (UInt32, UInt32)
    /// The first two residency areas (ids into `areaTable`), likewise: nearly every service has one or two.
    var firstAreas: (UInt32, UInt32)
    /// Percent of poverty; 0 when no income rule is known.
    var incomeLimit: UInt16
    var populationMask: UInt16
    /// Sites with coordinates (at most `UInt16.max`).
    var siteCount: UInt16
    var genderMask: UInt8
    var unparsedCount: UInt8
    /// Directly assigned terms (at most 255: only "more than two" matters).
    var codeCount: UInt8
    /// Residency areas (at most 255: only "more than two" matters).
    var areaCount: UInt8
    var isActive: Bool
    var capacity: CapacityState
    var cost: CostKind
}
