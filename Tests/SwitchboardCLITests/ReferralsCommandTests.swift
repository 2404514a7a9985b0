import Foundation
import Testing

/// `switchboard referrals` end to end: exit codes, messages, JSON, and a writer killed mid-write.
@Suite struct ReferralsCommandTests {
    let cli = CLITests()
    static let referrer = ["--as", "ana", "--role", "referrer", "--organization", "north-cm"]
    static let provider = ["--as", "kim", "--role", "provider", "--organization", "o-1"]

    /// A folder with a two-service directory (one active, one inactive) and a client.
    func directory() throws -> (URL, String) {
        let folder = cli.scratch()
        let feed = """
            {"id":"s-1","name":"Rapid Rehousing","status":"active","organization":{"id":"o-1","name":"Riverside Housing","description":""}}
            {"id":"s-2","name":"Old Shelter","status":"inactive","organization_id":"o-1"}
            """
        try Data(feed.utf8).write(to: folder.appendingPathComponent("feed.ndjson"))
        #expect(try cli.run(["import", "feed.ndjson"], in: folder).status == 0)
        let client = try cli.run(["referrals", "client", "add", "--label", "Case 1", "--name", "Dana Example", "--phone", "402-555-0199"] + Self.referrer, in: folder)
        #expect(client.status == 0, "\(client.errors)")
        return (folder, client.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aReferralIsIssuedAnsweredAndCompletedWithRefusalsExitingFive() throws {
        let (folder, client) = try directory()
        let at = ["--now", "2026-11-20T15:00:00Z"]

        let noConsent = try cli.run(["referrals", "create", "--client", client, "--service", "s-1", "--share-details"] + Self.referrer + at, in: folder)
        #expect(noConsent.status == 5)
        #expect(noConsent.errors.contains("no active consent to share details with o-1"), "\(noConsent.errors)")
        #expect(!noConsent.errors.contains("Dana"))
        let inactive = try cli.run(["referrals", "create", "--client", client, "--service", "s-2"] + Self.referrer + at, in: folder)
        #expect(inactive.status == 5)
        #expect(inactive.errors.contains("inactive"))

        let consent = try cli.run(["referrals", "consent", "give", "--client", client, "--recipient", "o-1", "--expires", "2027-06-01"] + Self.referrer + at, in: folder)
        #expect(consent.status == 0, "\(consent.errors)")
        let created = try cli.run(
            ["referrals", "create", "--client", client, "--service", "s-1", "--share-details", "--urgency", "urgent", "--note", "Eviction on the 30th",
             "--idempotency-key", "form-1", "--json"] + Self.referrer + at, in: folder)
        #expect(created.status == 0, "\(created.errors)")
        let referral = try json(created.output)
        let id = try #require(referral["id"] as? String)
        #expect(referral["status"] as? String == "requested")
        #expect(referral["respondBy"] as? String == "2026-11-24T15:00:00Z")
        let retried = try cli.run(["referrals", "create", "--client", client, "--service", "s-1", "--share-details", "--urgency", "urgent", "--note", "Eviction on the 30th", "--idempotency-key", "form-1"] + Self.referrer + at, in: folder)
        #expect(retried.output.contains("already issued with this key"), "\(retried.output)")

        let illegal = try cli.run(["referrals", "move", id, "completed", "--outcome", "enrolled"] + Self.provider, in: folder)
        #expect(illegal.status == 5)
        #expect(illegal.errors.contains("A referral that is requested cannot move to completed; from requested a provider may move it to: accepted, rejected, cancelled"), "\(illegal.errors)")
        #expect(try cli.run(["referrals", "move", id, "accepted", "--expected-version", "1"] + Self.provider, in: folder).status == 0)
        let stale = try cli.run(["referrals", "move", id, "rejected", "--reason", "no-capacity", "--expected-version", "1"] + Self.provider, in: folder)
        #expect(stale.status == 5)
        #expect(stale.errors.contains("is at version 2; the update saw version 1"), "\(stale.errors)")
        let noted = try cli.run(["referrals", "note", id, "--activity", "contact-attempted", "--reached", "--text", "Spoke on Monday"] + Self.provider, in: folder)
        #expect(noted.status == 0, "\(noted.errors)")
        #expect(try cli.run(["referrals", "move", id, "completed"] + Self.provider, in: folder).status == 5, "an outcome is required")
        #expect(try cli.run(["referrals", "move", id, "completed", "--outcome", "enrolled", "--outcome-text", "Starts 1 Dec"] + Self.provider, in: folder).status == 0)

        let shown = try cli.run(["referrals", "show", id], in: folder)
        #expect(shown.output.contains("[completed]"))
        #expect(shown.output.contains("requested → accepted"))
        #expect(shown.output.contains("Outcome: Client enrolled: Starts 1 Dec"))
        #expect(!shown.output.contains("Dana"), "the CLI prints no client details")
        let history = try json(try cli.run(["referrals", "show", id, "--json"], in: folder).output)
        #expect((history["events"] as? [Any])?.count == 4)

        let list = try cli.run(["referrals", "list", "--provider", "o-1", "--status", "completed"], in: folder)
        #expect(list.output.contains(id))
        let stats = try json(try cli.run(["referrals", "stats", "--json"], in: folder).output)
        let byService = try #require(stats["byService"] as? [[String: Any]])
        #expect(byService.first?["label"] as? String == "Rapid Rehousing")
        #expect(byService.first?["completionRate"] as? Double == 1)

        let fhir = try cli.run(["referrals", "export-fhir", id], in: folder)
        #expect(fhir.status == 0)
        let bundle = try json(fhir.output)
        let types = (bundle["entry"] as? [[String: Any]])?.compactMap { ($0["resource"] as? [String: Any])?["resourceType"] as? String }
        #expect(types == ["Patient", "ServiceRequest", "Task", "Consent"])
        #expect(fhir.output.contains("SDOHCC-TaskForReferralManagement"))

        #expect(try cli.run(["referrals", "show", "nope"], in: folder).status == 4)
        #expect(try cli.run(["referrals", "move", id, "bogus"] + Self.provider, in: folder).status == 64)
        #expect(try cli.run(["referrals", "check"], in: folder).output.contains("consistent"))
    }

    @Test func theSweepRemindsAndExpiresAsOfTheGivenTime() throws {
        let (folder, client) = try directory()
        let created = try cli.run(["referrals", "create", "--client", client, "--service", "s-1", "--json", "--now", "2026-11-20T15:00:00Z"] + Self.referrer, in: folder)
        let id = try #require(try json(created.output)["id"] as? String)
        let early = try cli.run(["referrals", "sweep", "--now", "2026-11-22T15:00:00Z"], in: folder)
        #expect(early.output.contains("1 reminders, 0 past their response deadline, 0 expired"), "\(early.output)")
        let overdue = try cli.run(["referrals", "list", "--overdue", "--provider", "o-1", "--now", "2026-11-28T00:00:00Z"], in: folder)
        #expect(overdue.output.contains(id))
        #expect(overdue.output.contains("no answer since 2026-11-24T15:00:00Z"), "\(overdue.output)")
        let late = try cli.run(["referrals", "sweep", "--now", "2027-01-20T15:00:00Z", "--json"], in: folder)
        #expect(try json(late.output)["notices"] as? [Any] != nil)
        #expect(try cli.run(["referrals", "show", id], in: folder).output.contains("[cancelled]"))
        #expect(try cli.run(["referrals", "show", id], in: folder).output.contains("Expired: no activity"))
    }

    @Test func theTimersCanBeSetOnTheCommandLine() throws {
        let (folder, client) = try directory()
        let created = try cli.run(
            ["referrals", "create", "--client", client, "--service", "s-1", "--json", "--now", "2026-11-20T15:00:00Z",
             "--response-business-days", "5", "--holiday", "2026-11-26"] + Self.referrer, in: folder)
        let referral = try json(created.output)
        #expect(referral["respondBy"] as? String == "2026-11-30T15:00:00Z", "five business days, Thanksgiving off: the Monday after")
        let swept = try cli.run(["referrals", "sweep", "--now", "2026-11-24T15:00:00Z", "--reminder-days", "1", "--expiry-days", "3"], in: folder)
        #expect(swept.output.contains("0 reminders, 0 past their response deadline, 1 expired"), "\(swept.output)")
        let refused = try cli.run(["referrals", "sweep", "--reminder-days", "9", "--expiry-days", "3"], in: folder)
        #expect(refused.status == 64)
    }

    @Test func aWriterKilledMidWriteLeavesNoPartialReferral() async throws {
        let folder = cli.scratch()
        let executable = try #require(CLITests.executable)
        let database = folder.appendingPathComponent("bench.sqlite").path
        for round in 0..<3 {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["bench", "referrals", "--referrals", "1000000", "--concurrency", "2", "--database", database]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Let it write for a while (longer each round), then kill it without warning.
            try await Task.sleep(for: .milliseconds(1500 + 400 * round))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
        }
        let check = try cli.run(["referrals", "check", "--database", database], in: folder)
        #expect(check.status == 0, "\(check.errors)")
        #expect(check.output.contains("consistent"), "\(check.output)")
        let count = Int(check.output.split(separator: " ").first ?? "") ?? 0
        #expect(count > 0, "the bench wrote referrals before it was killed: \(check.output)")
    }
}
