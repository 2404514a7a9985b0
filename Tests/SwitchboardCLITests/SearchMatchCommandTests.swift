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
