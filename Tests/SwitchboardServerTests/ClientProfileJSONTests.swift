import Foundation
import JSONText
import Matching
import SwitchboardCore
@testable import SwitchboardServer
import Testing

/// The hand-written reading of a client profile (`POST /api/match`, `switchboard match`) against
/// `ClientProfile`'s `Decodable` form, and the errors it gives.
@Suite struct ClientProfileJSONTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ text: String) throws -> ClientProfile {
        try Array(text.utf8).withUnsafeBytes { try ClientProfile(json: $0) }
    }

    static func decoded(_ text: String) throws -> ClientProfile {
        try JSONDecoder().decode(ClientProfile.self, from: Data(text.utf8))
    }

    /// Random profiles with every member present or not, from a seeded generator.
    struct Profiles {
        var state: UInt64
        mutating func pick(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        /// Two times in three: whether an optional member is given.
        mutating func given() -> Bool { pick(3) != 0 }
        mutating func list<T>(_ most: Int, _ make: (inout Profiles) -> T) -> [T] {
            var items: [T] = []
            for _ in 0..<pick(most + 1) { items.append(make(&self)) }
            return items
        }

        mutating func profile() -> ClientProfile {
            var needs: [ClientProfile.Need] = []
            for _ in 0..<1 + pick(3) {
                var need = ClientProfile.Need(
                    domain: pick(2) == 0 ? Domain.allCases[pick(Domain.allCases.count)] : nil,
                    taxonomyCode: pick(2) == 0 ? ["BH-3800.7000", "FT-1400.4500", "LH", "BD-1800.2000-620"][pick(4)] : nil,
                    urgency: ClientProfile.Urgency.allCases[pick(4)],
                    note: given() ? ["eviction notice", "hearing \"soon\"", "café\nnight", ""][pick(4)] : nil)
                if need.domain == nil && need.taxonomyCode == nil { need.domain = .housing }
                needs.append(need)
            }
            var profile = ClientProfile(needs: needs)
            if given() { profile.zip = ["68107", "51501", " 68102 "][pick(3)] }
            if given() { profile.latitude = 41.25 + Double(pick(1000)) / 1e4 }
            if given() { profile.longitude = -95.9 - Double(pick(1000)) / 3e3 }
            if given() { profile.travelMiles = Double(pick(40)) + 0.5 }
            if given() { profile.age = Double(pick(100)) }
            if given() { profile.gender = Gender.allCases[pick(3)] }
            if given() { profile.householdSize = 1 + pick(9) }
            if given() { profile.monthlyIncome = Double(pick(90_000)) / 10 }
            profile.languages = list(2) { ["es", "en", "Somali", "vi"][$0.pick(4)] }
            profile.populations = list(2) { Population.allCases[$0.pick(Population.allCases.count)] }
            profile.insurance = list(1) { ["Medicaid", "SNAP"][$0.pick(2)] }
            profile.availability = list(2) { profiles in
                var days: [Weekday] = []
                for _ in 0..<1 + profiles.pick(3) { days.append(Weekday.allCases[profiles.pick(7)]) }
                return ClientProfile.Availability(days: days, from: "09:00", to: "12:30")
            }
            return profile
        }
    }

    @Test func readsWhatDecodableReads() throws {
        var profiles = Profiles(state: 3)
        let encoder = JSONEncoder()
        for n in 0..<2_000 {
            encoder.outputFormatting = n % 2 == 0 ? [.prettyPrinted] : []
            let text = String(decoding: try encoder.encode(profiles.profile()), as: UTF8.self)
            #expect(try Self.read(text) == (try Self.decoded(text)), "\(text)")
        }
    }

    @Test func readsEveryEvaluationScenarioAsDecodableDoes() throws {
        let folder = Self.repository.appendingPathComponent("Fixtures/evaluation/scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 30)
        for file in files {
            let scenario = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file))) as! [String: Any]
            let text = String(decoding: try JSONSerialization.data(withJSONObject: scenario["profile"]!), as: UTF8.self)
            #expect(try Self.read(text) == (try Self.decoded(text)), "\(file)")
        }
    }

    @Test func nullIsAbsentAndUnknownMembersAreIgnoredAsDecodableDoes() throws {
        let text = #"""
            {"needs": [{"domain": "legal", "urgency": null, "note": null, "later": 1}], "zip": null, "age": null,
             "languages": null, "availability": [{"days": ["MO", "tue"], "from": "9:00", "to": "17:00", "x": []}], "extra": {"a": [1]}}
            """#
        let profile = try Self.read(text)
        #expect(profile == (try Self.decoded(text)))
        #expect(profile.needs == [ClientProfile.Need(domain: .legal)])
        #expect(profile.availability.first?.days == [.monday, .tuesday])
    }

    @Test func everyErrorNamesTheMemberOrThePlaceInTheText() throws {
        let cases: [(String, String)] = [
            ("{}", "needs: missing"),
            (#"{"needs": {}}"#, "needs: expected an array, found an object"),
            (#"{"needs": [{"domain": "housing"}, {"urgency": "high"}]}"#, "needs[1]: a need names a domain or a taxonomy_code"),
            (#"{"needs": [{"domain": "housing", "urgency": "soon"}]}"#, "needs[0].urgency: expected one of low, normal, high, crisis"),
            (#"{"needs": [{"domain": "housin"}]}"#, "needs[0].domain: expected one of health, housing, legal, finance, employment, other"),
            (#"{"needs": [{"taxonomy_code": 12}]}"#, "needs[0].taxonomy_code: expected a string, found a number"),
            (#"{"needs": [{"domain": "legal"}], "age": "thirty"}"#, "age: expected a number, found a string"),
            (#"{"needs": [{"domain": "legal"}], "household_size": 2.5}"#, "household_size: expected a whole number"),
            (#"{"needs": [{"domain": "legal"}], "languages": ["es", 3]}"#, "languages[1]: expected a string, found a number"),
            (#"{"needs": [{"domain": "legal"}], "populations": ["veterans", "vets"]}"#, "populations[1]: expected one of veterans, people-leaving-prison"),
            (#"{"needs": [{"domain": "legal"}], "availability": [{"days": ["mon", "someday"], "from": "09:00", "to": "10:00"}]}"#,
             "availability[0].days[1]: expected a day of the week"),
            (#"{"needs": [{"domain": "legal"}], "availability": [{"days": ["mon"], "from": "09:00"}]}"#, "availability[0].to: missing"),
            (#"{"needs": [{"domain": "legal"}], "gender": true}"#, "gender: expected a string, found true or false"),
            ("[]", "expected an object, found an array"),
            ("{\"needs\": [\n  {\"domain\": \"legal\"},\n]}", "line 3, column 1: expected a value"),
            ("not json", "line 1, column 1: expected a value"),
        ]
        for (text, message) in cases {
            do {
                let profile = try Self.read(text)
                Issue.record("\(text) read as \(profile)")
            } catch {
                #expect("\(error)".hasPrefix(message), "\(text): \(error)")
            }
            // Whatever the hand reading refuses, Decodable refuses too, but for a trailing comma:
            // Foundation's reader lets one pass, RFC 8259 does not.
            if !text.contains(",\n]") { #expect(throws: (any Error).self, "\(text)") { try Self.decoded(text) } }
        }
    }
}
