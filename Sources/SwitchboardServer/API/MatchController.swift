import Foundation
import Hummingbird
import Matching
import Referrals
import SwitchboardCore

/// `POST /api/match`: a client profile in (the JSON of `switchboard match --profile`), the
/// providers that fit each need out, ranked, with every factor and rule explained, and a plan
/// that covers all the needs. Runs on the request's index snapshot with the referral history's
/// outcomes (at most seconds old: ``ServiceOutcomesCache``), so the past-outcome factor
/// reflects this network's referrals.
struct MatchController {
    let coordinator: ReferralCoordinator
    let auditor: Auditor
    let configuration: MatchConfiguration

    func register(on router: Router<AppRequestContext>) {
        router.post("/api/match") { request, context in try await self.match(request, context) }
    }

    func match(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let account = try context.require(.matchClients)
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let profile: ClientProfile
        do {
            profile = try body.withUnsafeReadableBytes { try ClientProfile(json: $0) }
        } catch {
            throw APIError(.invalidRequest, "The client profile could not be read: \(error)")
        }
        guard !profile.needs.isEmpty else { throw APIError(.invalidRequest, "needs must name at least one need (a domain or a taxonomy_code)") }
        let result = try await Self.run(profile, by: account, on: try await context.directoryIndex(), configuration: configuration,
            coordinator: coordinator, auditor: auditor)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: try result.json { ByteBuffer(bytes: $0) }))
    }

    /// One client match as the API and the pages both run it: on the request's index snapshot,
    /// with this server's referral outcomes, and audited. What the client told their case manager
    /// is personal: the log says which facts were used, never their values.
    /// - Parameter channel: added to the audit detail to tell the pages' matches from the API's.
    static func run(
        _ profile: ClientProfile, by account: Account, on index: DirectoryIndex, configuration: MatchConfiguration,
        coordinator: ReferralCoordinator, auditor: Auditor, channel: String = ""
    ) async throws -> MatchResult {
        // One request keeps to one core: a server busy with many matches gains nothing from
        // ranking one profile's needs at once, and handing them between threads cost a tenth of
        // its throughput (docs/benchmarks.md, "The server under load").
        let result = try index.match(profile, configuration: configuration, outcomes: try await coordinator.recentServiceOutcomes(),
            now: coordinator.clock.now(), needsInParallel: false)
        let facts = clientFacts(in: profile)
        if !facts.isEmpty {
            try await auditor.record("match.run", by: account,
                detail: "\(profile.needs.count) need(s); client facts: \(facts.joined(separator: ", "))\(channel)")
        }
        return result
    }

    /// The names of the personal facts a profile carries (beyond its needs).
    static func clientFacts(in profile: ClientProfile) -> [String] {
        var facts: [String] = []
        if profile.zip != nil || profile.latitude != nil || profile.longitude != nil { facts.append("place") }
        if profile.age != nil { facts.append("age") }
        if profile.gender != nil { facts.append("gender") }
        if profile.householdSize != nil || profile.monthlyIncome != nil { facts.append("income") }
        if !profile.languages.isEmpty { facts.append("languages") }
        if !profile.populations.isEmpty { facts.append("populations") }
        if !profile.insurance.isEmpty { facts.append("insurance") }
        if !profile.availability.isEmpty { facts.append("availability") }
        if profile.needs.contains(where: { $0.note != nil }) { facts.append("notes") }
        return facts
    }
}
