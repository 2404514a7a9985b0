import DirectoryGenerator
import Foundation
import Matching
import SwitchboardCore
import Testing

/// Random directories and random profiles: whatever they are, no returned service breaks a hard
/// rule (checked here from the records themselves, not through the index), and every "check
/// eligibility" flag comes with its reasons.
@Suite struct MatchPropertyTests {
    static let codes = [
        "BH-1800", "BH-1800.8500", "BH-3800.7000", "BH-8600", "LN-1500", "RX-8450", "ND-3500", "FT-3200", "BD-1800.2000",
        "NL-6000.2000", "RP-1500", "LV-1600", "HH-0500.8000", "BT-4500.6500", "FT-1700.1800",
    ]
    static let zips = ["68102", "68104", "68105", "68107", "68111", "68131", "51501", "68005", "68127", "68022"]

    static func randomProfile(_ r: inout SeededRandom) -> ClientProfile {
        var needs: [ClientProfile.Need] = []
        for _ in 0..<(1 + r.below(3)) {
            needs.append(r.chance(0.25)
                ? .init(domain: r.pick(Domain.allCases), urgency: r.pick(ClientProfile.Urgency.allCases))
                : .init(taxonomyCode: r.pick(codes), urgency: r.pick(ClientProfile.Urgency.allCases)))
        }
        var p = ClientProfile(needs: needs)
        switch r.below(3) {
        case 0: p.zip = r.pick(zips)
        case 1: p.latitude = 41.26 + Double(r.below(200) - 100) / 500; p.longitude = -95.94 + Double(r.below(200) - 100) / 500
        default: break
        }
        if r.chance(0.7) { p.travelMiles = Double(1 + r.below(30)) }
        if r.chance(0.7) { p.age = Double(r.below(90)) }
        if r.chance(0.7) { p.gender = r.pick(Gender.allCases) }
        if r.chance(0.6) { p.householdSize = 1 + r.below(7); p.monthlyIncome = Double(r.below(8000)) }
        if r.chance(0.5) { p.languages = [r.pick(["en", "es", "vi", "so", "Arabic", "Karen"])] }
        if r.chance(0.5) { p.populations = [r.pick(Population.allCases)] }
        return p
    }

    /// Whether a place lies in an area, as this test reads it: true, false, or nil (cannot tell).
    static func covers(_ area: ResidencyArea, zip: ZIPCode?, point: Coordinate?) -> Bool? {
        switch area.kind {
        case .postalCode: return zip.map { $0.zip == area.name }
        case .city: return zip.map { $0.city.lowercased() == area.name.lowercased() && (area.state == nil || area.state == $0.state) }
        case .county: return zip.flatMap { z in z.county.map { $0.lowercased() == area.name.lowercased() && (area.state == nil || area.state == z.state) } }
        case .state: return zip.map { $0.state == area.name.uppercased() }
        case .country: return nil
        case .radius:
            guard let point, let center = area.center, let miles = area.radiusMiles else { return nil }
            return Geo.miles(point, center) <= miles + 1e-6
        }
    }

    static func violations(of record: ServiceRecord, need: ClientProfile.Need, profile: ClientProfile, travel: Double) -> [String] {
        var problems: [String] = []
        let s = record.service, e = s.eligibility
        if s.status != .active { problems.append("status \(s.status)") }
        if let code = need.taxonomyCode {
            let own = record.taxonomyTerms.filter { s.taxonomyTermIDs.contains($0.id) }.compactMap(\.code)
            let related = own.contains { c in
                c == code || c.hasPrefix(code + "-") || c.hasPrefix(code + ".") || (code.count <= 2 && c.hasPrefix(code))
                    || ((code.hasPrefix(c + "-") || code.hasPrefix(c + ".")) && (AIRSCode(c)?.level ?? 0) >= 3)
            }
            if !related { problems.append("does not answer \(code)") }
        } else if let domain = need.domain, !record.domains.contains(domain) {
            problems.append("not in \(domain)")
        }
        if let age = profile.age {
            if let low = e.minimumAge, age < low { problems.append("too young") }
            if let high = e.maximumAge, age >= high + 1 { problems.append("too old") }
        }
        if let gender = profile.gender, let genders = e.genders, !genders.contains(gender) { problems.append("gender") }
        let zip = profile.zip.flatMap { Fixtures.zipCodes[$0] }
        let point = profile.latitude.map { Coordinate(latitude: $0, longitude: profile.longitude!) } ?? zip?.coordinate
        if let limit = e.maximumIncomePercentOfPoverty, let income = profile.monthlyIncome, let size = profile.householdSize {
            let percent = Fixtures.poverty.percentOfPoverty(monthlyIncome: income, householdSize: size, state: zip?.state)
            if percent > limit { problems.append("income \(percent)% over \(limit)%") }
        }
        if !e.residency.isEmpty {
            let answers = e.residency.map { covers($0, zip: zip, point: point) }
            if !answers.contains(true) && !answers.contains(where: { $0 == nil }) { problems.append("lives outside \(e.residency)") }
        }
        let points = record.sites.compactMap(\.location.coordinate)
        if let point, !points.isEmpty, points.map({ Geo.miles(point, $0) }).min()! > travel + 1e-6 { problems.append("too far") }
        return problems
    }

    @Test(arguments: [11, 29, 404] as [UInt64])
    func noReturnedServiceBreaksAHardRuleAndEveryCheckIsExplained(seed: UInt64) throws {
        let batch = DirectoryGenerator(seed: seed, services: 400).makeBatch()
        let records = batch.serviceRecords(domains: DirectoryGenerator.domainMapping)
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
        let index = Fixtures.index(records)
        var r = SeededRandom(seed: seed)
        var returned = 0, checked = 0
        for _ in 0..<80 {
            let profile = Self.randomProfile(&r)
            let result = try index.match(profile, now: Fixtures.now)
            for (n, need) in result.needs.enumerated() {
                for match in need.matches {
                    returned += 1
                    let record = try #require(byID[match.service.id])
                    let problems = Self.violations(of: record, need: profile.needs[n], profile: profile, travel: profile.travelMiles ?? 25)
                    #expect(problems.isEmpty, "seed \(seed): \(match.service.id) breaks \(problems) for \(profile)")
                    #expect(match.checkEligibility == !match.toCheck.isEmpty)
                    #expect(match.toCheck.allSatisfy { $0.count > 10 })
                    if !record.service.eligibility.unparsed.isEmpty {
                        #expect(match.checkEligibility, "unread eligibility text must be checked")
                    }
                    if match.checkEligibility { checked += 1 }
                }
            }
        }
        #expect(returned > 300 && checked > 0, "the property was exercised: \(returned) results, \(checked) to check")
    }
}
