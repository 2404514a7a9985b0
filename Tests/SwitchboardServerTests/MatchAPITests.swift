import Foundation
import HummingbirdTesting
import JSONText
import Matching
import SwitchboardCore
@testable import SwitchboardServer
import Testing

@Suite struct MatchAPITests {
    /// A profile for the test directory's first service: its own taxonomy code, near its site.
    static func profile(for server: TestServer, withClientFacts: Bool) throws -> String {
        let code = try #require(server.service.taxonomyTerms.compactMap(\.code).first)
        let site = try #require(server.service.sites.compactMap(\.location.coordinate).first)
        var profile: [String: Any] = ["needs": [["taxonomy_code": code, "urgency": "high"], ["domain": "legal"]]]
        if withClientFacts {
            profile["latitude"] = site.latitude
            profile["longitude"] = site.longitude
            profile["age"] = 34
            profile["languages"] = ["es", "en"]
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: profile), as: UTF8.self)
    }

    @Test func aCaseManagerGetsRankedExplainedMatchesPerNeedAndAPlan() async throws {
        let server = try await TestServer()
        let body = try Self.profile(for: server, withClientFacts: true)
        try await server.run { client in
            // The server's own snapshot, built when the application was.
            let expected = try await server.index.holder.snapshot().match(
                try JSONDecoder().decode(ClientProfile.self, from: Data(body.utf8)), now: Date())
            let response = try await client.post("/api/match", as: .caseManager, json: body)
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            let result = try JSONDecoder().decode(MatchResult.self, from: Data(response.text.utf8))
            #expect(result.needs.count == 2)
            // The same snapshot, profile and (empty) outcomes give the matcher's own answer.
            #expect(result.needs.map { $0.matches.map(\.service.id) } == expected.needs.map { $0.matches.map(\.service.id) })
            let first = try #require(result.needs[0].matches.first)
            #expect(!first.factors.isEmpty)
            #expect(first.factors.allSatisfy { !$0.reason.isEmpty })
            #expect(first.rules.contains { $0.rule == .reach })
            #expect(result.plan != nil)

            // Client facts are audited by name, never by value.
            let audit = try await client.get("/api/audit?action=match.", as: .administrator).jsonArray()
            let entry = try #require(audit.first)
            #expect(entry["action"] as? String == "match.run")
            #expect((entry["detail"] as? String)?.contains("age") == true)
            #expect((entry["detail"] as? String)?.contains("34") == false)
        }
    }

    /// The answer is written by hand (``MatchResult/json()``), not through `Encodable`: it must be
    /// the same JSON value, and read back as the very result the matcher gave with its numbers
    /// rounded to ``answerDecimals``, to the last bit.
    @Test func theWrittenAnswerIsTheMatchersResult() async throws {
        let server = try await TestServer()
        var profiles = [try JSONDecoder().decode(ClientProfile.self, from: Data(try Self.profile(for: server, withClientFacts: true).utf8))]
        profiles.append(ClientProfile(needs: [.init(domain: .housing, urgency: .crisis, note: "sleeping in a car \"tonight\"\n"), .init(domain: .legal)],
            zip: "68107", travelMiles: 15, age: 19, gender: .female, householdSize: 3, monthlyIncome: 1_200, languages: ["es"]))
        profiles.append(ClientProfile(needs: [.init(domain: .health)]))
        try await server.run { [profiles] _ in
            let index = try await server.index.holder.snapshot()
            for profile in profiles {
                let result = try index.match(profile, now: Date())
                #expect(result.needs.contains { !$0.matches.isEmpty })
                let written = try result.json { Data($0) }
                let answered = Self.roundedAsAnswered(result)
                #expect(answered != result, "the matcher's numbers carry more than \(answerDecimals) decimals")
                #expect(try JSONDecoder().decode(MatchResult.self, from: Data(written)) == answered)
                let encoded = try JSONEncoder().encode(answered)
                let sorted = { (data: Data) in try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: data), options: [.sortedKeys]) }
                #expect(try sorted(Data(written)) == sorted(encoded))
            }
        }
    }

    /// `result` with every number the answer rounds rounded, and nothing else changed.
    static func roundedAsAnswered(_ result: MatchResult) -> MatchResult {
        let round = { (value: Double) in JSONWriter.rounded(value, decimals: answerDecimals) }
        var result = result
        for n in result.needs.indices {
            for m in result.needs[n].matches.indices {
                result.needs[n].matches[m].score = round(result.needs[n].matches[m].score)
                result.needs[n].matches[m].distanceMiles = result.needs[n].matches[m].distanceMiles.map(round)
                for f in result.needs[n].matches[m].factors.indices {
                    result.needs[n].matches[m].factors[f].value = round(result.needs[n].matches[m].factors[f].value)
                    result.needs[n].matches[m].factors[f].weight = round(result.needs[n].matches[m].factors[f].weight)
                    result.needs[n].matches[m].factors[f].contribution = round(result.needs[n].matches[m].factors[f].contribution)
                }
            }
        }
        if var plan = result.plan {
            for s in plan.steps.indices { plan.steps[s].distanceMiles = plan.steps[s].distanceMiles.map(round) }
            plan.travelMiles = round(plan.travelMiles)
            plan.value = round(plan.value)
            result.plan = plan
        }
        return result
    }

    @Test func needsOnlyAreNotAuditedAndBadProfilesAnswer400() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let plain = try await client.post("/api/match", as: .coordinator, json: try Self.profile(for: server, withClientFacts: false))
            #expect(plain.status == .ok)
            #expect(try await client.get("/api/audit?action=match.", as: .administrator).jsonArray().isEmpty)
            // Each answer says what is wrong and where (ClientProfileJSONTests has the whole list).
            for (bad, says) in [
                (#"{}"#, "needs: missing"), (#"{"needs":[]}"#, "needs must name at least one need"),
                (#"{"needs":[{"urgency":"high"}]}"#, "needs[0]: a need names a domain or a taxonomy_code"),
                (#"{"needs":[{"domain":"housing"}],"zip":"00000"}"#, "ZIP code '00000' is not in the ZIP table"),
                (#"{"needs":[{"domain":"housing"}],"age":"old"}"#, "age: expected a number, found a string"),
                ("not json", "line 1, column 1: expected a value"),
            ] {
                let response = try await client.post("/api/match", as: .caseManager, json: bad)
                #expect(response.status == .badRequest, "\(bad): \(response.status) \(response.text.prefix(200))")
                #expect(response.text.contains(says), "\(bad): \(response.text.prefix(200))")
            }
        }
    }
}
