public import DirectoryStore
public import Foundation
public import SwitchboardCore

/// The referral commands: each checks the rules, turns into one event and appends it.
///
/// What the CLI and the server call. Rules live here and in Core (``Referral/Status/checkMove(to:by:reason:outcome:)``);
/// the store keeps what must hold whoever writes (append-only history, versions, idempotency,
/// no referral to a retired service).
public struct ReferralCoordinator: Sendable {
    public let store: any ReferralStore
    public let directory: any DirectoryStore
    public let clock: any ReferralClock
    public let policy: ReferralPolicy
    /// New ids for referrals, clients and consents; random UUIDs unless a test wants its own.
    let makeID: @Sendable () -> String
    /// The matcher's past outcomes, shared by the copies of this coordinator (see ``recentServiceOutcomes()``).
    public let outcomesCache: ServiceOutcomesCache

    public init(
        store: any ReferralStore, directory: any DirectoryStore, clock: any ReferralClock = SystemClock(),
        policy: ReferralPolicy = ReferralPolicy(), makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        outcomesCache: ServiceOutcomesCache = ServiceOutcomesCache()
    ) {
        self.store = store; self.directory = directory; self.clock = clock; self.policy = policy; self.makeID = makeID
        self.outcomesCache = outcomesCache
    }

    /// The store and directory in one SQLite database, as the CLI and the single-node server use them.
    public init(
        sqlite: SQLiteDirectoryStore, clock: any ReferralClock = SystemClock(), policy: ReferralPolicy = ReferralPolicy()
    ) {
        self.init(store: sqlite, directory: sqlite, clock: clock, policy: policy)
    }

    // MARK: Issuing

    /// Issues a referral (sent at once, or kept as a draft).
    ///
    /// Refused when the actor is not a referrer of the client's organization, the service is
    /// unknown, retired or not active, the client's details are to be shared without an active
    /// consent for the provider, or the referral it replaces is not closed.
    /// - Parameter idempotencyKey: a retry with the same key returns the first result and writes nothing.
    @discardableResult
    public func create(_ request: NewReferral, by actor: Actor, idempotencyKey: String? = nil) async throws -> ReferralWrite {
        let idempotency = idempotencyKey.map { IdempotencyKey(key: $0, request: Fingerprint.of(request, on: "create")) }
        if let idempotency, let replay = try await refusing({ try await store.replay(idempotency, actor: actor) }) { return replay }
        guard actor.role == .referrer else {
            throw ReferralError(.notPermitted, "Only a referrer issues referrals; \(actor) is a \(actor.role)")
        }
        guard let client = try await store.client(request.clientID) else {
            throw ReferralError(.notFound, "No client \(request.clientID)")
        }
        guard client.organizationID == actor.organizationID else {
            throw ReferralError(.notPermitted, "Client \(client.id) belongs to another organization than \(actor.organizationID)")
        }
        let service = try await availableService(request.serviceID)
        if let location = request.locationID, !service.sites.contains(where: { $0.location.id == location }) {
            throw ReferralError(.invalidRequest, "Service \(service.id) is not offered at location \(location)")
        }
        let now = clock.now()
        let provider = service.organization.id
        if request.shareClientDetails {
            try await requireConsent(client: client.id, recipient: provider, at: now)
        }
        if let replaced = request.replaces { try await checkReplaceable(replaced, by: actor) }

        var need = request.need
        if need.domain == nil, need.taxonomyCode == nil { need.domain = service.domains.first }
        let status: Referral.Status = request.draft ? .draft : .requested
        let id = ReferralID(makeID())
        let referral = Referral(
            id: id, status: status, referrer: actor, clientID: client.id, need: need, serviceID: service.id,
            locationID: request.locationID, providerOrganizationID: provider, priority: request.priority,
            matchExplanation: request.matchExplanation, sharesClientDetails: request.shareClientDetails,
            doNotContactClient: request.doNotContactClient, replaces: request.replaces, createdAt: now,
            respondBy: status == .requested ? policy.responseDeadline(sentAt: now) : nil
        )
        let event = ReferralEvent(referralID: id, sequence: 1, at: now, actor: actor, change: .created(referral), note: request.note)
        return try await refusing { try await store.create(event, idempotency: idempotency) }
    }

    // MARK: Moving

    /// Moves a referral to another status.
    ///
    /// - Parameter expectedVersion: the version the actor saw; `nil` takes the current one
    ///   (for a person at a terminal who just looked). A stale version is refused with `.conflict`.
    /// - Throws: ``ReferralError`` `.illegalMove` naming the current, requested and allowed
    ///   statuses; `.notPermitted`, `.conflict`, `.notFound`.
    @discardableResult
    public func move(
        _ id: ReferralID, _ move: Move, expectedVersion: Int? = nil, by actor: Actor, idempotencyKey: String? = nil
    ) async throws -> ReferralWrite {
        try await append(to: id, request: move, expectedVersion: expectedVersion, by: actor, idempotencyKey: idempotencyKey) {
            referral, role, now in
            do throws(TransitionError) {
                try referral.status.checkMove(to: move.to, by: role, reason: move.reason, outcome: move.outcome)
            } catch {
                throw ReferralError(error, referral: referral.id)
            }
            let respondBy = move.to == .requested ? policy.responseDeadline(sentAt: now) : nil
            return (.moved(from: referral.status, to: move.to, reason: move.reason, outcome: move.outcome, respondBy: respondBy), move.note)
        }
    }

    /// Records activity (a contact attempt, an appointment, a note…); the status does not change.
    @discardableResult
    public func record(
        _ activity: Referral.Activity, note: String? = nil, on id: ReferralID, expectedVersion: Int? = nil, by actor: Actor,
        idempotencyKey: String? = nil
    ) async throws -> ReferralWrite {
        struct Request: Encodable { var activity: Referral.Activity; var note: String? }
        return try await append(
            to: id, request: Request(activity: activity, note: note), expectedVersion: expectedVersion, by: actor,
            idempotencyKey: idempotencyKey
        ) { referral, _, _ in
            guard referral.status != .enteredInError else {
                throw ReferralError(.invalidRequest, "Referral \(id) was entered in error; nothing more is recorded on it")
            }
            if activity.kind == .contactAttempted, activity.reached == nil {
                throw ReferralError(.invalidRequest, "A contact attempt says whether the client was reached")
            }
            if activity.kind == .noteAdded, (note ?? "").allSatisfy(\.isWhitespace) {
                throw ReferralError(.invalidRequest, "A note needs text")
            }
            return (.activity(activity), note)
        }
    }

    /// The shared path of every update: replay, load, check the version and the party, decide, append.
    func append(
        to id: ReferralID, request: some Encodable, expectedVersion: Int?, by actor: Actor, idempotencyKey: String?,
        decide: (Referral, Actor.Role, Date) async throws -> (ReferralEvent.Change, String?)
    ) async throws -> ReferralWrite {
        let idempotency = idempotencyKey.map { IdempotencyKey(key: $0, request: Fingerprint.of(request, on: id.rawValue)) }
        if let idempotency, let replay = try await refusing({ try await store.replay(idempotency, actor: actor) }) {
            guard replay.referral.id == id else {
                throw ReferralError(.idempotencyKeyReused, "Idempotency key '\(idempotency.key)' was used for another referral")
            }
            return replay
        }
        guard let referral = try await store.referral(id) else { throw ReferralError(.notFound, "No referral \(id)") }
        let seen = expectedVersion ?? referral.version
        guard seen == referral.version else {
            throw ReferralError(
                .conflict, "Referral \(id) is at version \(referral.version); the update saw version \(seen). Reload it and decide again",
                currentVersion: referral.version
            )
        }
        guard let role = referral.party(actor) else {
            throw ReferralError(.notPermitted, "\(actor) is neither the referrer nor the provider of referral \(id)")
        }
        let now = clock.now()
        let (change, note) = try await decide(referral, role, now)
        let event = ReferralEvent(referralID: id, sequence: seen + 1, at: now, actor: actor, change: change, note: note)
        let write = try await refusing { try await store.append(event, expectedVersion: seen, idempotency: idempotency) }
        if write.referral.status != referral.status, Self.countedStatuses.contains(write.referral.status) || Self.countedStatuses.contains(referral.status) {
            await outcomesCache.invalidate()
        }
        return write
    }

    // MARK: Reading

    /// A referral and its history.
    public func history(of id: ReferralID) async throws -> (Referral, [ReferralEvent]) {
        guard let referral = try await store.referral(id) else { throw ReferralError(.notFound, "No referral \(id)") }
        return (referral, try await store.events(of: id))
    }

    // MARK: Checks

    func availableService(_ id: ServiceID) async throws -> ServiceRecord {
        guard let service = try await directory.service(id) else {
            throw ReferralError(.serviceUnavailable, "No service \(id) in the directory")
        }
        if service.isRetired { throw ReferralError(.serviceUnavailable, "Service \(id) is retired: its feed no longer lists it") }
        guard service.service.status == .active else {
            throw ReferralError(.serviceUnavailable, "Service \(id) is \(service.service.status.rawValue), not active")
        }
        return service
    }

    func checkReplaceable(_ id: ReferralID, by actor: Actor) async throws {
        guard let old = try await store.referral(id) else { throw ReferralError(.notFound, "No referral \(id) to replace") }
        guard old.referrer.organizationID == actor.organizationID else {
            throw ReferralError(.notPermitted, "Referral \(id) was issued by another organization")
        }
        guard old.status.isClosed else {
            throw ReferralError(.invalidRequest, "Referral \(id) is \(old.status); only a closed referral is replaced by a new one")
        }
    }
}
