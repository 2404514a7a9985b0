import Foundation
import DirectoryStore
import HTTPTypes
import Hummingbird
import Referrals
import SwitchboardCore

/// Our referral API over ``ReferralCoordinator``: clients, consent, referrals and their moves,
/// activity, history and FHIR export, worklists and outcome statistics.
///
/// The coordinator holds the rules; this controller adds the doors: a record the caller may not
/// see answers 404 exactly as a missing one does, so a refusal never tells that it exists.
struct ReferralsController {
    let coordinator: ReferralCoordinator
    let store: any ReferralStore
    let auditor: Auditor

    func register(on router: Router<AppRequestContext>) {
        router.post("/api/clients") { request, context in try await self.createClient(request, context) }
        router.get("/api/clients/:id") { _, context in try await self.client(context) }
        router.get("/api/clients/:id/consents") { _, context in
            let (account, _) = try await self.visibleClient(context)
            _ = account
            return JSONResponse.make(try await store.consents(for: ClientID(try context.parameters.require("id"))))
        }
        router.post("/api/clients/:id/consents") { request, context in try await self.giveConsent(request, context) }
        router.post("/api/consents/:id/revoke") { _, context in try await self.revokeConsent(context) }
        router.post("/api/referrals") { request, context in try await self.create(request, context) }
        router.get("/api/referrals") { request, context in try await self.list(request, context) }
        router.get("/api/referrals/:id") { _, context in try await self.referral(context) }
        router.get("/api/referrals/:id/events") { _, context in
            let (_, referral) = try await self.visibleReferral(context)
            return JSONResponse.make(try await store.events(of: referral.id))
        }
        router.post("/api/referrals/:id/moves") { request, context in try await self.move(request, context) }
        router.post("/api/referrals/:id/activities") { request, context in try await self.activity(request, context) }
        router.get("/api/referrals/:id/fhir") { _, context in
            let (account, referral) = try await self.visibleReferral(context)
            let bundle = try await coordinator.exportFHIR(referral.id)
            try await auditor.record("referral.export-fhir", by: account, target: "referral/\(referral.id)")
            return JSONResponse.make(bundle)
        }
        router.get("/api/worklist") { _, context in
            let (account, actor) = try context.requireActor()
            let items = actor.role == .referrer
                ? try await coordinator.overdue(forCaseManager: account.id, organization: account.organizationID)
                : try await coordinator.overdue(forProvider: account.organizationID)
            return JSONResponse.make(items)
        }
        router.get("/api/statistics") { _, context in
            _ = try context.require(.readStatistics)
            return JSONResponse.make(try await coordinator.statistics())
        }
    }

    // MARK: Clients and consent

    struct NewClient: Decodable {
        var label: String
        var details: ClientDetails?
    }

    func createClient(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, actor) = try context.requireActor()
        let body = try await request.decode(as: NewClient.self, context: context)
        let client = try await coordinator.registerClient(label: body.label, details: body.details, by: actor)
        try await auditor.record("client.create", by: account, target: "client/\(client.id)")
        return JSONResponse.make(client, status: .created)
    }

    /// The client if the caller's organization keeps it; 404 otherwise.
    func visibleClient(_ context: AppRequestContext) async throws -> (Account, Client) {
        let account = try context.requireAccount()
        let id = ClientID(try context.parameters.require("id"))
        guard let client = try await store.client(id), account.maySee(client) else { throw APIError(.notFound, "No client \(id)") }
        return (account, client)
    }

    func client(_ context: AppRequestContext) async throws -> Response {
        let (account, client) = try await visibleClient(context)
        if client.details != nil {
            try await auditor.record("client.read-details", by: account, target: "client/\(client.id)")
        }
        return JSONResponse.make(client)
    }

    struct NewConsent: Decodable {
        var recipientOrganizationID: OrganizationID
        var expiresAt: Date?
    }

    func giveConsent(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, client) = try await visibleClient(context)
        guard let actor = account.actor else { throw APIError(.notFound, "No client \(client.id)") }
        let body = try await request.decode(as: NewConsent.self, context: context)
        let consent = try await coordinator.giveConsent(client: client.id, recipient: body.recipientOrganizationID,
            expiresAt: body.expiresAt, by: actor)
        try await auditor.record("consent.give", by: account, target: "consent/\(consent.id)",
            detail: "client \(client.id) recipient \(body.recipientOrganizationID)")
        return JSONResponse.make(consent, status: .created)
    }

    func revokeConsent(_ context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let id = ConsentID(try context.parameters.require("id"))
        guard let consent = try await store.consent(id), let client = try await store.client(consent.clientID),
            account.maySee(client), let actor = account.actor
        else { throw APIError(.notFound, "No consent \(id)") }
        let revoked = try await coordinator.revokeConsent(id, by: actor)
        try await auditor.record("consent.revoke", by: account, target: "consent/\(id)")
        return JSONResponse.make(revoked)
    }

    // MARK: Referrals

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, actor) = try context.requireActor()
        guard account.role.may(.issueReferrals) else { throw APIError(.forbidden, "A \(account.role) does not issue referrals") }
        let body = try await request.decode(as: NewReferral.self, context: context)
        // A client of another organization is as good as missing.
        guard let client = try await store.client(body.clientID), account.maySee(client) else {
            throw APIError(.notFound, "No client \(body.clientID)")
        }
        let write = try await coordinator.create(body, by: actor, idempotencyKey: request.headers[.idempotencyKey])
        if !write.replayed {
            try await auditor.record("referral.create", by: account, target: "referral/\(write.referral.id)",
                detail: "service \(write.referral.serviceID) status \(write.referral.status.rawValue)")
        }
        return JSONResponse.make(write.referral, status: write.replayed ? .ok : .created)
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, actor) = try context.requireActor()
        let query = HSDSController.query(request)
        var filter = ReferralQuery(limit: min(try HSDSPage.Request.positive(query["limit"], name: "limit") ?? 200, 1000))
        if let statuses = query["status"], !statuses.isEmpty {
            var set = Set<Referral.Status>()
            for name in statuses.split(separator: ",") {
                guard let status = Referral.Status(rawValue: String(name)) else {
                    throw APIError(.invalidRequest, "Unknown status \(name); one of \(Referral.Status.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                set.insert(status)
            }
            filter.statuses = set
        }
        filter.serviceID = query["service"].map { ServiceID($0) }
        filter.clientID = query["client"].map { ClientID($0) }
        if actor.role == .referrer {
            filter.referrerOrganizationID = account.organizationID
            if query["mine"] == "true" { filter.caseManager = account.id }
            filter.providerOrganizationID = query["provider"].map { OrganizationID($0) }
        } else {
            filter.providerOrganizationID = account.organizationID
        }
        let referrals = try await store.referrals(filter).filter { account.maySee($0) }
        return JSONResponse.make(referrals)
    }

    /// The referral if the caller is a party to it; 404 otherwise, as for a missing one.
    func visibleReferral(_ context: AppRequestContext) async throws -> (Account, Referral) {
        let account = try context.requireAccount()
        let id = ReferralID(try context.parameters.require("id"))
        guard let referral = try await store.referral(id), account.maySee(referral) else {
            throw APIError(.notFound, "No referral \(id)")
        }
        return (account, referral)
    }

    struct ReferralView: Encodable {
        var referral: Referral
        /// The client's name and contact, only when the viewer may see them (consent).
        var clientDetails: ClientDetails?
    }

    func referral(_ context: AppRequestContext) async throws -> Response {
        let (account, referral) = try await visibleReferral(context)
        var details: ClientDetails?
        if let actor = account.actor {
            details = try await coordinator.clientDetails(for: referral, viewer: actor)
            if details != nil {
                try await auditor.record("client.read-details", by: account, target: "client/\(referral.clientID)",
                    detail: "via referral \(referral.id)")
            }
        }
        return JSONResponse.make(ReferralView(referral: referral, clientDetails: details))
    }

    struct MoveRequest: Decodable {
        var to: Referral.Status
        var reason: Referral.StatusReason?
        var outcome: Referral.Outcome?
        var note: String?
        var expectedVersion: Int?
    }

    func move(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, referral) = try await visibleReferral(context)
        guard let actor = account.actor else { throw APIError(.notFound, "No referral \(referral.id)") }
        let body = try await request.decode(as: MoveRequest.self, context: context)
        let write = try await coordinator.move(referral.id, Move(to: body.to, reason: body.reason, outcome: body.outcome, note: body.note),
            expectedVersion: body.expectedVersion, by: actor, idempotencyKey: request.headers[.idempotencyKey])
        if !write.replayed {
            try await auditor.record("referral.move", by: account, target: "referral/\(referral.id)",
                detail: "\(referral.status.rawValue) → \(write.referral.status.rawValue)")
        }
        return JSONResponse.make(write.referral)
    }

    struct ActivityRequest: Decodable {
        var kind: Referral.Activity.Kind
        var reached: Bool?
        var scheduledFor: Date?
        var note: String?
        var expectedVersion: Int?
    }

    func activity(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, referral) = try await visibleReferral(context)
        guard let actor = account.actor else { throw APIError(.notFound, "No referral \(referral.id)") }
        let body = try await request.decode(as: ActivityRequest.self, context: context)
        let write = try await coordinator.record(Referral.Activity(body.kind, reached: body.reached, scheduledFor: body.scheduledFor),
            note: body.note, on: referral.id, expectedVersion: body.expectedVersion, by: actor,
            idempotencyKey: request.headers[.idempotencyKey])
        if !write.replayed {
            try await auditor.record("referral.activity", by: account, target: "referral/\(referral.id)", detail: body.kind.rawValue)
        }
        return JSONResponse.make(write.referral, status: write.replayed ? .ok : .created)
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let csrfToken = Self("X-CSRF-Token")!
}
