import DirectoryGenerator
import Foundation
import Matching
import SwitchboardCore
import Testing

@Suite struct MatchTests {
    static func shelter(_ id: String, miles: Double = 2) -> RecordBuilder {
        var b = RecordBuilder(id)
        b.name = "Shelter \(id)"
        b.point = RecordBuilder.north(miles)
        return b
    }

    static func client(_ needs: [ClientProfile.Need] = [.init(taxonomyCode: "BH-1800")]) -> ClientProfile {
        ClientProfile(needs: needs, latitude: RecordBuilder.omaha.latitude, longitude: RecordBuilder.omaha.longitude, travelMiles: 10)
    }

    func match(_ records: [RecordBuilder], _ profile: ClientProfile, configuration: MatchConfiguration = MatchConfiguration(),
               outcomes: ServiceOutcomes = [:]) throws -> MatchResult {
        try records.index().match(profile, configuration: configuration, outcomes: outcomes, now: Fixtures.now)
    }

    @Test func knownContradictionsExcludeAndUnknownsAskToCheck() throws {
        var young = Self.shelter("young"); young.eligibility = Eligibility(minimumAge: 18, maximumAge: 24)
        var women = Self.shelter("women"); women.eligibility = Eligibility(genders: [.female])
        var poor = Self.shelter("poor"); poor.eligibility = Eligibility(maximumIncomePercentOfPoverty: 100)
        var iowa = Self.shelter("iowa"); iowa.eligibility = Eligibility(residency: [ResidencyArea(kind: .state, name: "IA")])
        var text = Self.shelter("text"); text.eligibility = Eligibility(unparsed: ["Must be referred by a caseworker"])
        let all = [young, women, poor, iowa, text]

        var known = Self.client()
        known.zip = "68102"; known.latitude = nil; known.longitude = nil
        known.age = 40; known.gender = .male; known.householdSize = 1; known.monthlyIncome = 2000
        let strict = try match(all, known)
        #expect(strict.needs[0].matches.map(\.service.id.rawValue) == ["text"])
        #expect(strict.needs[0].matches[0].toCheck == ["check with the provider: Must be referred by a caseworker"])

        let unknown = try match(all, Self.client())
        #expect(Set(unknown.needs[0].matches.map(\.service.id.rawValue)) == ["young", "women", "poor", "iowa", "text"])
        for m in unknown.needs[0].matches {
            #expect(m.checkEligibility)
            #expect(!m.toCheck.isEmpty && m.toCheck.allSatisfy { !$0.isEmpty })
        }
        let young19 = try match([young], { var c = Self.client(); c.age = 19; return c }())
        #expect(young19.needs[0].matches[0].rules.contains { $0.rule == .age && $0.outcome == .met && $0.reason == "age 18-24 only: client is 19" })
    }

    /// The words of the rules and factors made from numbers, exactly, with whole and fractional
    /// numbers, known and unknown.
    @Test func rulesAndFactorsSayTheirNumbersInWords() throws {
        var limited = Self.shelter("limited", miles: 3)
        limited.eligibility = Eligibility(minimumAge: 18, maximumIncomePercentOfPoverty: 200)
        var known = Self.client()
        known.travelMiles = 7.5; known.age = 19.5; known.householdSize = 1; known.monthlyIncome = 1000
        let met = try #require(try match([limited], known).needs[0].matches.first)
        func reason(_ rule: EligibilityRule, in m: ServiceMatch) -> String? { m.rules.first { $0.rule == rule }?.reason }
        #expect(reason(.reach, in: met) == "3.0 miles away, within the client's 7.5 miles")
        #expect(reason(.age, in: met) == "age 18 and over: client is 19.5")
        let percent = try #require(met.rules.first { $0.rule == .income }?.reason.split(separator: " ").last.map(String.init))
        #expect(percent.hasSuffix("%") && Int(percent.dropLast()).map { $0 > 0 && $0 <= 200 } == true, "\(percent)")
        #expect(reason(.income, in: met) == "income up to 200% of the poverty guideline: client is at \(percent)")
        #expect(met.factors.first { $0.factor == .freshness }?.reason == "last verified 30 days ago")

        var unknown = Self.client()
        unknown.age = 40
        let asked = try #require(try match([limited], unknown).needs[0].matches.first)
        #expect(reason(.reach, in: asked) == "3.0 miles away, within the client's 10 miles")
        #expect(reason(.age, in: asked) == "age 18 and over: client is 40")
        #expect(reason(.income, in: asked) == "income up to 200% of the poverty guideline: client's income or household size not given")
        var young = Self.shelter("young"); young.eligibility = Eligibility(minimumAge: 16, maximumAge: 24)
        let ageless = try #require(try match([young], Self.client()).needs[0].matches.first)
        #expect(reason(.age, in: ageless) == "age 16-24 only: client's age not given")
    }

    @Test func servicesBeyondTheTravelDistanceOrClosedAreLeftOut() throws {
        var closed = Self.shelter("closed"); closed.status = .temporarilyClosed
        let result = try match([Self.shelter("near", miles: 3), Self.shelter("far", miles: 12), closed], Self.client())
        #expect(result.needs[0].matches.map(\.service.id.rawValue) == ["near"])
        #expect(result.needs[0].matches[0].factors.first { $0.factor == .distance }?.reason == "3.0 miles away")
    }

    @Test func aServiceWithNoSiteReachesTheClientThroughItsArea() throws {
        var line = Self.shelter("line"); line.point = nil
        line.eligibility = Eligibility(residency: [ResidencyArea(kind: .state, name: "NE")])
        var elsewhere = Self.shelter("elsewhere"); elsewhere.point = nil
        elsewhere.eligibility = Eligibility(residency: [ResidencyArea(kind: .state, name: "KS")])
        var profile = Self.client(); profile.latitude = nil; profile.longitude = nil; profile.zip = "68102"
        let result = try match([line, elsewhere], profile)
        #expect(result.needs[0].matches.map(\.service.id.rawValue) == ["line"])
    }

    @Test func prefersProvidersSpeakingTheClientsLanguage() throws {
        var spanish = Self.shelter("es", miles: 3); spanish.languages = ["en", "es"]
        let english = Self.shelter("en", miles: 2)
        var profile = Self.client(); profile.languages = ["Spanish", "English"]
        let result = try match([spanish, english], profile)
        #expect(result.needs[0].matches.map(\.service.id.rawValue) == ["es", "en"])
        #expect(result.needs[0].matches[0].factors.contains { $0.factor == .language && $0.reason == "es spoken" })
    }

    @Test(arguments: [
        (CapacityState.available, 1.0), (.waitlist, 0.4), (.full, 0.1), (.unknown, 0.6),
    ])
    func capacityScoresFromOpeningsToFull(state: CapacityState, value: Double) throws {
        var b = Self.shelter("x")
        switch state {
        case .available: b.capacity = (2, nil)
        case .waitlist: b.capacity = (0, "Waiting list; call weekly")
        case .full: b.capacity = (0, nil)
        case .unknown: b.capacity = nil
        }
        let factor = try #require(try match([b], Self.client()).needs[0].matches.first?.factors.first { $0.factor == .capacity })
        #expect(factor.value == value)
    }

    @Test func pastOutcomesAreSmoothedAndNeutralWithoutHistory() throws {
        let a = Self.shelter("a"), b = Self.shelter("b")
        let neutral = try match([a, b], Self.client())
        #expect(neutral.needs[0].matches.allSatisfy { $0.factors.contains { $0.factor == .outcomes && $0.value == 0.5 } })
        let history: ServiceOutcomes = ["b": ServiceOutcomeCounts(closed: 2, completed: 2), "a": ServiceOutcomeCounts(closed: 40, completed: 10)]
        let result = try match([a, b], Self.client(), outcomes: history)
        let value = { (id: String) in result.needs[0].matches.first { $0.service.id.rawValue == id }!.factors.first { $0.factor == .outcomes }!.value }
        #expect(abs(value("b") - 7.0 / 12.0) < 1e-9, "two of two moves 0.5 only to 0.58")
        #expect(abs(value("a") - 15.0 / 50.0) < 1e-9)
        #expect(result.needs[0].matches.first?.service.id.rawValue == "b")
    }

    @Test func equalScoresAreOrderedByIdAndTheAnswerIsTheSameEveryTime() throws {
        let records = ["c", "a", "b"].map { Self.shelter($0) }
        let first = try match(records, Self.client())
        #expect(first.needs[0].matches.map(\.service.id.rawValue) == ["a", "b", "c"])
        for _ in 0..<3 { #expect(try match(records.reversed(), Self.client()) == first) }
    }

    @Test func everyFactorCarriesItsValueWeightAndContribution() throws {
        let m = try #require(try match([Self.shelter("a")], Self.client()).needs[0].matches.first)
        #expect(Set(m.factors.map(\.factor)) == Set(MatchFactor.allCases))
        for f in m.factors {
            #expect((0...1).contains(f.value) && abs(f.contribution - f.value * f.weight) < 1e-12 && !f.reason.isEmpty)
        }
        #expect(abs(m.score - m.factors.reduce(0) { $0 + $1.contribution }) < 1e-9)
    }

    @Test func urgencyWeighsCapacityMore() throws {
        let m = try #require(try match([Self.shelter("a")], Self.client([.init(taxonomyCode: "BH-1800", urgency: .crisis)])).needs[0].matches.first)
        #expect(m.factors.first { $0.factor == .capacity }?.weight == MatchConfiguration().weights.capacity * MatchConfiguration().crisisMultiplier)
    }

    @Test func aNarrowerCodeAnswersABroaderNeedAndABroadOneLessPreciselyAnswersANarrowNeed() throws {
        var broad = Self.shelter("broad"); broad.codes = [("BH-1800", "Emergency Shelter")]
        let narrow = Self.shelter("narrow")
        let needBroad = try match([broad, narrow], Self.client([.init(taxonomyCode: "BH-1800")]))
        #expect(needBroad.needs[0].matches.map(\.service.id.rawValue) == ["broad", "narrow"])
        let needNarrow = try match([broad, narrow], Self.client([.init(taxonomyCode: "BH-1800.8500")]))
        let precision = needNarrow.needs[0].matches.map { $0.factors.first { $0.factor == .taxonomy }!.value }
        #expect(needNarrow.needs[0].matches.map(\.service.id.rawValue) == ["narrow", "broad"] && precision == [1.0, 0.5])
    }

    @Test func aPlanPrefersOneProviderThatAnswersSeveralNeeds() throws {
        var oneStop = RecordBuilder("one-stop"); oneStop.organizationID = "hub"; oneStop.point = RecordBuilder.north(3)
        oneStop.codes = [("BH-3800.7000", "Rent Payment Assistance"), ("BD-1800.2000", "Food Pantries")]
        var rent = RecordBuilder("rent"); rent.codes = [("BH-3800.7000", "Rent Payment Assistance")]; rent.point = RecordBuilder.north(2)
        var food = RecordBuilder("food"); food.codes = [("BD-1800.2000", "Food Pantries")]; food.point = RecordBuilder.north(-2); food.domains = [.other]
        let result = try match([oneStop, rent, food], Self.client([.init(taxonomyCode: "BH-3800.7000"), .init(taxonomyCode: "BD-1800.2000")]))
        let plan = try #require(result.plan)
        #expect(plan.steps.map(\.service.id.rawValue) == ["one-stop"] && plan.steps[0].needs == [0, 1])
        #expect(plan.providers == 1 && plan.places == 1 && plan.unmetNeeds.isEmpty)
    }

    /// The planner against every combination worked out here from the answer itself: the plan is
    /// the one of greatest value (scores less the penalties for extra providers, extra places and
    /// miles), and of equal values the one whose services' ids come first.
    @Test(arguments: [3, 17, 58] as [UInt64])
    func aPlanIsTheBestOfEveryCombination(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let codes = [("BH-3800.7000", "Rent Payment Assistance"), ("BD-1800.2000", "Food Pantries"), ("LN-1500", "Legal Aid")]
        // Few organizations and few places, so that combinations share them.
        let places = [1.0, 2.5, 4.0, 6.0]
        var records: [RecordBuilder] = []
        for n in 0..<9 {
            var b = RecordBuilder("s\(n)")
            b.organizationID = "org\(random.below(4))"
            b.point = RecordBuilder.north(places[random.below(places.count)])
            b.codes = (0..<codes.count).filter { $0 == n % codes.count || random.chance(0.3) }.map { codes[$0] }
            b.capacity = random.chance(0.5) ? (Double(random.below(20)), nil) : nil
            b.languages = random.chance(0.5) ? ["en"] : ["es"]
            records.append(b)
        }
        var profile = Self.client(codes.map { .init(taxonomyCode: $0.0) })
        profile.languages = ["es"]
        let configuration = MatchConfiguration()
        let result = try match(records, profile, configuration: configuration)
        let plan = try #require(result.plan)

        let point = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0.point!) })
        let options = result.needs.map { $0.matches.prefix(configuration.planCandidatesPerNeed) }
        #expect(options.allSatisfy { $0.count > 1 })
        func value(_ picked: [ServiceMatch]) -> Double {
            let organizations = Set(picked.map(\.service.organizationID)).count
            var placeMiles: [(Coordinate, Double)] = []
            for m in picked where !placeMiles.contains(where: { $0.0 == point[m.service.id.rawValue]! }) {
                placeMiles.append((point[m.service.id.rawValue]!, m.distanceMiles!))
            }
            return picked.reduce(0) { $0 + $1.score } - configuration.planProviderPenalty * Double(organizations - 1)
                - configuration.planPlacePenalty * Double(placeMiles.count - 1) - configuration.planMilePenalty * placeMiles.reduce(0) { $0 + $1.1 }
        }
        var best: (value: Double, ids: [String])?
        for a in options[0] {
            for b in options[1] {
                for c in options[2] {
                    let picked = [a, b, c], v = value(picked), ids = picked.map(\.service.id.rawValue)
                    if best == nil || v > best!.value + 1e-9 || (abs(v - best!.value) <= 1e-9 && ids.lexicographicallyPrecedes(best!.ids)) {
                        best = (v, ids)
                    }
                }
            }
        }
        #expect(abs(plan.value - best!.value) < 1e-9)
        var chosen = [String](repeating: "", count: codes.count)
        for step in plan.steps { for need in step.needs { chosen[need] = step.service.id.rawValue } }
        #expect(chosen == best!.ids)
        #expect(plan.providers == Set(plan.steps.map(\.service.organizationID)).count)
    }

    @Test func aNeedNobodyAnswersIsReportedInThePlan() throws {
        let result = try match([Self.shelter("a")], Self.client([.init(taxonomyCode: "BH-1800"), .init(taxonomyCode: "FT-3800")]))
        #expect(result.needs[1].matches.isEmpty)
        #expect(result.plan?.unmetNeeds == [1])
        #expect(result.notes.contains { $0.contains("FT-3800") })
    }

    @Test func aProfileWithoutNeedsOrWithAnUnknownZIPIsRefused() throws {
        #expect(throws: MatchingError.self) { try match([Self.shelter("a")], ClientProfile(needs: [])) }
        #expect(throws: MatchingError.self) { try match([Self.shelter("a")], ClientProfile(needs: [.init(domain: .housing)], zip: "00000")) }
    }

    @Test func profilesAndConfigurationsReadFromJSONWithDefaults() throws {
        let profile = try JSONDecoder().decode(ClientProfile.self, from: Data("""
            {"needs": [{"domain": "housing"}, {"taxonomy_code": "BH-3800", "urgency": "crisis"}], "zip": "68102",
             "household_size": 3, "monthly_income": 1500, "availability": [{"days": ["tu", "Thursday"], "from": "09:00", "to": "12:00"}]}
            """.utf8))
        #expect(profile.needs[0].urgency == .normal && profile.needs[1].urgency == .crisis && profile.availability[0].days == [.tuesday, .thursday])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ClientProfile.self, from: Data(#"{"needs": [{"note": "x"}]}"#.utf8)) }
        let config = try JSONDecoder().decode(MatchConfiguration.self, from: Data(#"{"weights": {"distance": 5}, "default_travel_miles": 40}"#.utf8))
        #expect(config.weights.distance == 5 && config.weights.language == MatchConfiguration().weights.language && config.defaultTravelMiles == 40)
    }

    @Test func hoursAreComparedWithTheClientsAvailability() throws {
        var evenings = Self.shelter("eve"); evenings.schedules = [RecordBuilder.weekly("MO,WE", "17:30", "20:30")]
        var days = Self.shelter("day"); days.schedules = [RecordBuilder.weekly("MO,TU,WE,TH,FR", "09:00", "17:00")]
        var profile = Self.client()
        profile.availability = [ClientProfile.Availability(days: [.monday], from: "18:00", to: "21:00")]
        let result = try match([evenings, days], profile)
        #expect(result.needs[0].matches.map(\.service.id.rawValue) == ["eve", "day"])
        #expect(result.needs[0].matches[1].factors.contains { $0.factor == .schedule && $0.value == 0 })
    }
}
