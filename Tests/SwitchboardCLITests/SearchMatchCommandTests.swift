import Foundation
import Testing

/// `switchboard search` and `switchboard match` on a generated county, as scripts use them.
@Suite(.serialized) struct SearchMatchCommandTests {
    let cli = CLITests()

    /// A folder with `x.sqlite` holding 300 generated services around Omaha.
    func county() throws -> URL {
        let folder = cli.scratch()
        #expect(try cli.run(["generate", "--services", "300", "--seed", "3", "--format", "hsds-json", "--output", "gen.json"], in: folder).status == 0)
        let imported = try cli.run(["import", "gen.json", "--database", "x.sqlite"], in: folder)
        #expect(imported.status == 0, "\(imported.errors.suffix(300))")
        return folder
    }

    @Test func searchPrintsRankedResultsWithReasonsAndFacetsOrJSON() throws {
        let folder = try county()
        let text = try cli.run(["search", "shelter", "--zip", "68102", "--radius", "25", "--database", "x.sqlite"], in: folder)
        #expect(text.status == 0, "\(text.errors)")
        #expect(text.output.contains("match (page 1 of"))
        #expect(text.output.contains("matches 'shelter'") && text.output.contains("miles away"))
        #expect(text.output.contains("Domains: ") && text.output.contains("Languages: "))

        let json = try cli.run(["search", "--domain", "housing", "--per-page", "3", "--json", "--database", "x.sqlite"], in: folder)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["hits"] as? [Any])?.count == 3)
        #expect((object["domainCounts"] as? [String: Int])?["housing"] == object["total"] as? Int)
    }

    @Test func searchExitsFourWhenNothingMatchesAndSixtyFourForBadFilters() throws {
        let folder = try county()
        #expect(try cli.run(["search", "xylophone", "--database", "x.sqlite"], in: folder).status == 4)
        #expect(try cli.run(["search", "--radius", "5", "--database", "x.sqlite"], in: folder).status == 64)
        #expect(try cli.run(["search", "--open-at", "someday", "--database", "x.sqlite"], in: folder).status == 64)
        #expect(try cli.run(["search", "--zip", "00000", "--database", "x.sqlite"], in: folder).status == 64)
        #expect(try cli.run(["search", "food", "--database", "missing.sqlite"], in: folder).status == 1)
    }

    @Test func matchExplainsEachProviderAndProposesAPlan() throws {
        let folder = try county()
        let profile = """
            {"needs": [{"domain": "housing", "urgency": "high"}, {"domain": "health"}], "zip": "68104",
             "travel_miles": 20, "age": 34, "household_size": 3, "monthly_income": 2100, "languages": ["es"]}
            """
        try Data(profile.utf8).write(to: folder.appendingPathComponent("client.json"))
        let text = try cli.run(["match", "--profile", "client.json", "--database", "x.sqlite"], in: folder)
        #expect(text.status == 0, "\(text.errors)")
        #expect(text.output.contains("Need 1: housing (urgency high)") && text.output.contains("Need 2: health"))
        #expect(text.output.contains("why: ") && text.output.contains("miles away"))
        #expect(text.output.contains("Plan: "))
        #expect(text.output.contains("poverty guideline"))

        let json = try cli.run(["match", "--profile", "client.json", "--json", "--database", "x.sqlite"], in: folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let needs = try #require(object["needs"] as? [[String: Any]])
        let first = try #require((needs[0]["matches"] as? [[String: Any]])?.first)
        #expect((first["factors"] as? [Any])?.count == 10 && first["rules"] != nil && first["checkEligibility"] != nil)
    }

    /// Without `--outcomes`, the referrals recorded in the database feed the past-outcome factor;
    /// a file given with `--outcomes` replaces them.
    @Test func matchScoresPastOutcomesFromTheReferralStoreUnlessAFileIsGiven() throws {
        let folder = try county()
        try Data(#"{"needs": [{"domain": "housing"}], "zip": "68104", "travel_miles": 20}"#.utf8)
            .write(to: folder.appendingPathComponent("client.json"))
        func outcomeReason(of service: String, _ extra: [String] = []) throws -> String? {
            let run = try cli.run(["match", "--profile", "client.json", "--json", "--database", "x.sqlite"] + extra, in: folder)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let matches = try #require((object["needs"] as? [[String: Any]])?.first?["matches"] as? [[String: Any]])
            let match = try #require(matches.first { ($0["service"] as? [String: Any])?["id"] as? String == service })
            let factors = try #require(match["factors"] as? [[String: Any]])
            return factors.first { $0["factor"] as? String == "outcomes" }?["reason"] as? String
        }
        let before = try cli.run(["match", "--profile", "client.json", "--json", "--database", "x.sqlite"], in: folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(before.output.utf8)) as? [String: Any])
        let first = try #require(((object["needs"] as? [[String: Any]])?.first?["matches"] as? [[String: Any]])?.first?["service"] as? [String: Any])
        let service = try #require(first["id"] as? String), organization = try #require(first["organizationID"] as? String)
        #expect(try outcomeReason(of: service) == "no referral history yet")

        let referrer = ["--as", "ana", "--role", "referrer", "--organization", "north-cm", "--database", "x.sqlite"]
        let provider = ["--as", "kim", "--role", "provider", "--organization", organization, "--database", "x.sqlite"]
        let client = try cli.run(["referrals", "client", "add", "--label", "Case 1"] + referrer, in: folder)
        #expect(client.status == 0, "\(client.errors)")
        let created = try cli.run(
            ["referrals", "create", "--client", client.output.trimmingCharacters(in: .whitespacesAndNewlines), "--service", service, "--json"] + referrer,
            in: folder)
        #expect(created.status == 0, "\(created.errors)")
        let referral = try #require(try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any])
        let id = try #require(referral["id"] as? String)
        #expect(try cli.run(["referrals", "move", id, "accepted"] + provider, in: folder).status == 0)
        #expect(try cli.run(["referrals", "move", id, "completed", "--outcome", "enrolled"] + provider, in: folder).status == 0)

        #expect(try outcomeReason(of: service) == "1 of 1 referrals completed")
        try Data("{}".utf8).write(to: folder.appendingPathComponent("none.json"))
        #expect(try outcomeReason(of: service, ["--outcomes", "none.json"]) == "no referral history yet")
    }

    @Test func matchRefusesABadProfileWithExitOneAndNamesTheField() throws {
        let folder = try county()
        try Data(#"{"needs": [{"domain": "housing"}], "age": "old"}"#.utf8).write(to: folder.appendingPathComponent("bad.json"))
        let bad = try cli.run(["match", "--profile", "bad.json", "--database", "x.sqlite"], in: folder)
        #expect(bad.status == 1 && bad.errors.contains("age"))
        #expect(!bad.errors.contains("old"), "client values stay out of messages")
        #expect(try cli.run(["match", "--database", "x.sqlite"], in: folder).status == 64)
        try Data(#"{"needs": [{"taxonomy_code": "ZZ-9999"}], "zip": "68104"}"#.utf8).write(to: folder.appendingPathComponent("none.json"))
        #expect(try cli.run(["match", "--profile", "none.json", "--database", "x.sqlite"], in: folder).status == 4)
    }
}
