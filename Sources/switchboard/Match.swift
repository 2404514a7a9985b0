import ArgumentParser
import Foundation
import JSONText
import Matching
import Referrals
import SwitchboardCore
import SwitchboardServer

struct Match: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank the providers that fit a client, with reasons, and propose a plan for several needs.",
        discussion: """
            The profile is a JSON file (see docs/matching.md and Fixtures/evaluation/):
              {"needs": [{"taxonomy_code": "BH-3800.7000", "urgency": "high"}, {"domain": "legal"}],
               "zip": "68104", "travel_miles": 10, "age": 34, "gender": "female",
               "household_size": 3, "monthly_income": 2100, "languages": ["es", "en"],
               "populations": ["survivors-of-domestic-violence"], "insurance": ["Medicaid"],
               "availability": [{"days": ["tuesday", "thursday"], "from": "09:00", "to": "12:00"}]}
            Every fact but the needs is optional; what is not given is unknown, and unknown never \
            leaves a provider out: it shows as "check eligibility".

            Past referral outcomes feed the score: those recorded in the database unless \
            --outcomes gives a file instead.

            Exit codes: 0 providers found; 4 none fits any need; 1 failure (no database, unreadable \
            profile, configuration or outcomes); 64 bad command line.
            """
    )

    @OptionGroup var options: DatabaseOptions

    @Option(help: ArgumentHelp("The client profile, a JSON file.", valueName: "file"))
    var profile: String

    @Option(help: ArgumentHelp("Weights and constants to use instead of the defaults, a JSON file (any subset of keys).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp(
        "Past referral outcomes, a JSON object: service id → {\"closed\": n, \"completed\": n}. Default: the outcomes of the referrals recorded in the database.",
        valueName: "file"))
    var outcomes: String?

    @Flag(help: "Print the JSON that POST /api/match answers (numbers rounded to three decimals).")
    var json = false

    func run() async throws {
        let client = try Self.readProfile(profile)
        let configuration: MatchConfiguration = try config.map { try Self.decode($0, what: "configuration") } ?? MatchConfiguration()
        let history: [String: ServiceOutcomeCounts]? = try outcomes.map { try Self.decode($0, what: "outcomes") }
        let index = try await options.openIndex(command: "match")
        // Without a file, the referrals this directory has seen close feed the past-outcome
        // factor, so a provider that completes its referrals rises without anyone exporting it.
        let past: ServiceOutcomes
        if let history {
            past = Dictionary(uniqueKeysWithValues: history.map { (ServiceID($0.key), $0.value) })
        } else {
            past = try await options.referrals().serviceOutcomes()
        }
        let result: MatchResult
        do {
            result = try index.match(client, configuration: configuration, outcomes: past, now: Date())
        } catch let error as MatchingError {
            printError("switchboard match: \(profile): \(error)")
            throw ExitStatus.failure
        }
        if json { print(try result.json { String(decoding: $0, as: UTF8.self) }) } else { print(MatchText.describe(result)) }
        if result.needs.allSatisfy({ $0.matches.isEmpty }) { throw ExitStatus.notFound }
    }

    /// A profile file, or an evaluation scenario (Fixtures/evaluation/scenarios) whose `profile` is
    /// one, read as `POST /api/match` reads a profile: the same messages for the same mistakes.
    static func readProfile(_ path: String) throws -> ClientProfile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            printError("switchboard match: cannot read the profile \(path): \(error.localizedDescription)")
            throw ExitStatus.failure
        }
        do {
            let json = JSONField(try data.withUnsafeBytes { try JSONReader.read($0) })
            if let scenario = try? json.object(), let profile = scenario["profile"], case .object = profile.value {
                return try ClientProfile(profile)
            }
            return try ClientProfile(json)
        } catch {
            // The messages name the member or the line and column, never the client's values.
            printError("switchboard match: \(path) is not a valid profile: \(error)")
            throw ExitStatus.failure
        }
    }

    /// Reads a JSON file; the message names the file and the field, never the client's values.
    static func decode<T: Decodable>(_ path: String, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as DecodingError {
            printError("switchboard match: \(path) is not a valid \(what): \(Self.describe(error))")
            throw ExitStatus.failure
        } catch {
            printError("switchboard match: cannot read the \(what) \(path): \(error.localizedDescription)")
            throw ExitStatus.failure
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func keys(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(keys(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context): return "field '\(keys(context.codingPath))' must be \(type == String.self ? "text" : type == Double.self || type == Int.self ? "a number" : "a \(type)")"
        case .valueNotFound(_, let context): return "field '\(keys(context.codingPath))' is null"
        case .dataCorrupted(let context):
            let at = keys(context.codingPath)
            return at.isEmpty ? "not JSON" : "field '\(at)': \(context.debugDescription)"
        @unknown default: return "cannot be read"
        }
    }
}

/// Match results as a case manager reads them on a terminal.
enum MatchText {
    static func describe(_ result: MatchResult) -> String {
        var lines: [String] = result.notes.map { "Note: \($0)" }
        if !lines.isEmpty { lines.append("") }
        for (n, need) in result.needs.enumerated() {
            let note = need.need.note.map { " — \($0)" } ?? ""
            lines.append("Need \(n + 1): \(need.need.label) (urgency \(need.need.urgency.rawValue))\(note): \(need.eligibleCount) eligible \(need.eligibleCount == 1 ? "provider" : "providers")")
            if need.matches.isEmpty { lines.append("   No provider fits this need.") }
            for (i, match) in need.matches.enumerated() {
                let flag = match.checkEligibility ? "  CHECK ELIGIBILITY" : ""
                lines.append("\(i + 1). \(match.service.name) — \(match.service.organization)   score \(String(format: "%.2f", match.score))\(flag)")
                lines.append("   " + [match.service.address, match.service.phone, "id \(match.service.id)"].compactMap { $0 }.joined(separator: " · "))
                let strong = match.factors.filter { $0.value >= 0.75 || $0.factor == .distance || $0.factor == .taxonomy }.map(\.reason)
                let weak = match.factors.filter { $0.value < 0.3 && $0.factor != .distance }.map(\.reason)
                lines.append("   why: " + strong.joined(separator: "; "))
                if !weak.isEmpty { lines.append("   but: " + weak.joined(separator: "; ")) }
                let met = match.rules.filter { $0.outcome == .met && $0.rule != .reach }.map(\.reason)
                if !met.isEmpty { lines.append("   eligible: " + met.joined(separator: "; ")) }
                for item in match.toCheck { lines.append("   check: \(item)") }
            }
            lines.append("")
        }
        if let plan = result.plan {
            lines.append("Plan: \(plan.providers) \(plan.providers == 1 ? "provider" : "providers"), \(plan.places) \(plan.places == 1 ? "place" : "places"), \(String(format: "%.1f", plan.travelMiles)) miles of travel")
            for step in plan.steps {
                let needs = step.needs.map { "need \($0 + 1)" }.joined(separator: " and ")
                let distance = step.distanceMiles.map { String(format: ", %.1f miles", $0) } ?? ""
                lines.append("  - \(step.service.name) — \(step.service.organization) for \(needs)\(distance)")
            }
            for need in plan.unmetNeeds { lines.append("  - need \(need + 1): no provider fits") }
        }
        return lines.joined(separator: "\n")
    }
}
