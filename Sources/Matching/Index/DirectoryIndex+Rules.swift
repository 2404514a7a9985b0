import Foundation
public import SwitchboardCore

/// Where a client (or a "serves" filter) is, as far as we know: any part may be missing.
public struct ResolvedPlace: Hashable, Sendable {
    public var zip: String?
    public var city: String?
    public var county: String?
    public var state: String?
    public var point: Coordinate?
    public var utcOffset: Double?

    public init(zip: String? = nil, city: String? = nil, county: String? = nil, state: String? = nil, point: Coordinate? = nil, utcOffset: Double? = nil) {
        self.zip = zip; self.city = city; self.county = county; self.state = state; self.point = point; self.utcOffset = utcOffset
    }
}

/// A resolved place with its names folded once, for comparing with the index's folded areas.
struct FoldedPlace: Sendable {
    var zip: String?
    var city: String?
    var county: String?
    var state: String?
    var point: Coordinate?

    init(_ place: ResolvedPlace) {
        func fold(_ text: String?) -> String? { text.map { Tokenizer.fold($0.trimmingSpaces()) } }
        zip = place.zip; city = fold(place.city); state = fold(place.state); point = place.point
        county = place.county.map(Tokenizer.foldedCounty)
    }
}

/// Residency outcomes per area for one query; one per query, never shared.
///
/// A flat byte per area of the index, made on first use: a match meets the same few hundred areas
/// on thousands of rows, and a look-up here is one load where a dictionary's was a hash and a probe
/// (a fifth of a match's time in a profile). A few hundred kilobytes at a million services.
final class AreaMemo {
    /// 0 not yet known, 1 met, 2 violated, 3 unknown.
    private var outcomes: [UInt8] = []

    @inline(__always)
    func outcome(of area: UInt32, areas: Int, _ compute: () -> RuleOutcome) -> RuleOutcome {
        if outcomes.isEmpty { outcomes = [UInt8](repeating: 0, count: areas) }
        switch outcomes[Int(area)] {
        case 1: return .met
        case 2: return .violated
        case 3: return .unknown
        default: break
        }
        let outcome = compute()
        outcomes[Int(area)] = outcome == .met ? 1 : outcome == .violated ? 2 : 3
        return outcome
    }
}

/// How one eligibility rule stands for one client.
public enum RuleOutcome: String, Hashable, Sendable, Codable {
    case met
    /// The client's value or the provider's rule is unknown: "check eligibility".
    case unknown
    /// The service has no such rule.
    case notApplicable = "not-applicable"
    /// Known on both sides and contradicted: the service is left out.
    case violated
}

extension DirectoryIndex {
    /// A place from a point or a ZIP code.
    /// - Throws: ``MatchingError/Code/invalidQuery`` for a ZIP code the table does not know.
    public func resolve(_ place: Place) throws -> ResolvedPlace {
        switch place {
        case .point(let point):
            guard point.isValid else { throw MatchingError(.invalidQuery, "a point must have a latitude within ±90 and a longitude within ±180") }
            return ResolvedPlace(point: point)
        case .zip(let text):
            guard let zip = zipCodes[text] else {
                throw MatchingError(.invalidQuery, "ZIP code '\(text)' is not in the ZIP table (\(zipCodes.count) codes)")
            }
            return ResolvedPlace(zip: zip.zip, city: zip.city, county: zip.county, state: zip.state, point: zip.coordinate, utcOffset: Double(zip.utcOffset))
        }
    }

    /// The place a "serves" filter names: a ZIP code, "City, ST", "Name County, ST" or a state.
    public func resolve(serves text: String) throws -> ResolvedPlace {
        if ZIPCodeTable.fiveDigits(text) != nil { return try resolve(.zip(text)) }
        guard let area = EligibilityReader.residencyArea(from: text) else {
            throw MatchingError(.invalidQuery, "'\(text)' is not a ZIP code, city (\"Omaha, NE\"), county (\"Douglas County, NE\") or state")
        }
        switch area.kind {
        case .postalCode: return try resolve(.zip(area.name))
        case .city: return ResolvedPlace(city: area.name, state: area.state)
        case .county: return ResolvedPlace(county: area.name, state: area.state)
        case .state: return ResolvedPlace(state: area.name)
        case .country, .radius: throw MatchingError(.invalidQuery, "'\(text)' is too broad or not a place for a service area filter")
        }
    }

    /// Whether a place lies in a residency area: met, violated, or unknown when we lack the part of the place the area needs.
    func outcome(ofArea id: UInt32, for place: FoldedPlace) -> RuleOutcome {
        let area = areaTable[Int(id)], folded = foldedAreas[Int(id)]
        func stateAgrees() -> Bool? { folded.state == nil ? true : place.state.map { $0 == folded.state } }
        let answer: Bool?
        switch area.kind {
        case .postalCode: answer = place.zip.map { $0 == area.name }
        case .city: answer = place.city.flatMap { $0 == folded.name ? stateAgrees() : false }
        case .county: answer = place.county.flatMap { $0 == folded.name ? stateAgrees() : false }
        case .state: answer = place.state.map { $0 == folded.name }
        case .country:
            let us = ["us", "usa", "united states", "united states of america"].contains(folded.name)
            answer = place.point != nil || place.state != nil ? us : nil
        case .radius:
            if let center = area.center, let radius = area.radiusMiles, let point = place.point {
                answer = Geo.miles(center, point) <= radius
            } else {
                answer = nil
            }
        }
        switch answer {
        case true?: return .met
        case false?: return .violated
        case nil: return .unknown
        }
    }

    /// Residency of a row for a place: met when any area covers it (the first such area is
    /// returned), violated when all say no. Outcomes per area are remembered in `memo`: a query
    /// meets the same few hundred areas on thousands of rows.
    func residency(of row: UInt32, for place: FoldedPlace?, memo: AreaMemo) -> (RuleOutcome, UInt32?) {
        residency(of: row, facts: facts[Int(row)], for: place, memo: memo)
    }

    /// Residency from facts the caller already holds (a match reads them in grid order).
    @inline(__always)
    func residency(of row: UInt32, facts: RowFacts, for place: FoldedPlace?, memo: AreaMemo) -> (RuleOutcome, UInt32?) {
        guard facts.areaCount > 0 else { return (.notApplicable, nil) }
        guard let place else { return (.unknown, nil) }
        var sawUnknown = false
        func check(_ id: UInt32) -> Bool {
            switch memo.outcome(of: id, areas: areaTable.count, { self.outcome(ofArea: id, for: place) }) {
            case .met: return true
            case .unknown: sawUnknown = true
            default: break
            }
            return false
        }
        // One or two areas (nearly every service) are in the row's packed facts: no list to read.
        if facts.areaCount <= 2 {
            if check(facts.firstAreas.0) { return (.met, facts.firstAreas.0) }
            if facts.areaCount == 2, check(facts.firstAreas.1) { return (.met, facts.firstAreas.1) }
        } else {
            for i in areas.range(of: row) where check(areas.values[i]) { return (.met, areas.values[i]) }
        }
        return (sawUnknown ? .unknown : .violated, nil)
    }

    /// The words for a row's residency rule: the area that matched, or all of them.
    func areaText(of row: UInt32, matched: UInt32?) -> String {
        if let matched { return areaTable[Int(matched)].description }
        let list = areas[row]
        // One area, as most services have: its words alone, without the arrays a join needs.
        if list.count == 1, let only = list.first { return areaTable[Int(only)].description }
        return list.map { areaTable[Int($0)].description }.joined(separator: "; ")
    }

    func age(of row: UInt32, client age: Double?) -> RuleOutcome { Self.age(facts[Int(row)], client: age) }

    static func age(_ facts: RowFacts, client age: Double?) -> RuleOutcome {
        let low = facts.minimumAge, high = facts.maximumAge
        guard !low.isNaN || !high.isNaN else { return .notApplicable }
        guard let age else { return .unknown }
        if !low.isNaN, age < Double(low) { return .violated }
        if !high.isNaN, age > Double(high) + 0.999 { return .violated }  // "18-24" includes 24 and a half
        return .met
    }

    func gender(of row: UInt32, client gender: Gender?) -> RuleOutcome { Self.gender(facts[Int(row)], client: gender) }

    static func gender(_ facts: RowFacts, client gender: Gender?) -> RuleOutcome {
        let mask = facts.genderMask
        guard mask != 0 else { return .notApplicable }
        guard let gender else { return .unknown }
        return mask & Self.bit(gender) != 0 ? .met : .violated
    }

    func income(of row: UInt32, percentOfPoverty: Int?) -> RuleOutcome { Self.income(facts[Int(row)], percentOfPoverty: percentOfPoverty) }

    static func income(_ facts: RowFacts, percentOfPoverty: Int?) -> RuleOutcome {
        let limit = facts.incomeLimit
        guard limit > 0 else { return .notApplicable }
        guard let percentOfPoverty else { return .unknown }
        return percentOfPoverty <= Int(limit) ? .met : .violated
    }

    /// Whether the row is open at a time: nil when its hours are unknown.
    func isOpen(_ row: UInt32, at time: OpenAt) -> Bool? {
        let windows = hours[row]
        guard !windows.isEmpty else { return nil }
        var minute = WeekMinute(time.day.rawValue * 24 * 60 + time.minute)
        let offset = utcOffsets[Int(row)]
        if let from = time.utcOffset, !offset.isNaN { minute = WeeklyHours.shift(minute, from: from, to: Double(offset)) }
        return windows.contains { $0.contains(minute) }
    }

    /// Whether the row is open during any of the client's windows (given in `clientOffset`): nil when its hours are unknown.
    func isOpen(_ row: UInt32, during client: [HoursWindow], clientOffset: Double?) -> Bool? {
        let windows = hours[row]
        guard !windows.isEmpty else { return nil }
        let offset = utcOffsets[Int(row)]
        for wanted in client {
            var start = wanted.start
            if let from = clientOffset, !offset.isNaN { start = WeeklyHours.shift(start, from: from, to: Double(offset)) }
            let shifted = HoursWindow(start: start, end: start + (wanted.end - wanted.start))
            let wrapped = HoursWindow(start: shifted.start - minutesPerWeek, end: shifted.end - minutesPerWeek)
            if windows.contains(where: { $0.overlaps(shifted) || $0.overlaps(wrapped) }) { return true }
        }
        return false
    }
}
