package import Foundation
package import SwitchboardCore

/// Referrals in the directory's database (tables from migration "v4-referrals").
///
/// A write is one transaction: the event row, the referral's cached state and the idempotency
/// record go in together or not at all, so a process killed mid-write leaves the referral as it
/// was. GRDB's single writer serializes writes; the version check is also written into the
/// UPDATE (`WHERE version = ?`) so the rule holds on a backend with concurrent writers.
/// Statements are cached per connection: compiling them each time cost more than running them.
/// The referral store's work, the same on every backend, over the backend's transactions.
package struct ReferralOperations<Store: SQLTransacting>: Sendable {
    let store: Store
    package init(store: Store) { self.store = store }

    // MARK: Clients and consents

    package func saveClient(_ client: Client) async throws {
        let body = try ReferralCoding.encode(client)
        try await store.write("Saving a client") { db in
            let changed = try db.execute(cachedSQL: """
                    INSERT INTO client (id, organization_id, body) VALUES (?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET body = excluded.body WHERE client.organization_id = excluded.organization_id
                    """, arguments: [client.id.rawValue, client.organizationID.rawValue, body]
            )
            // A client belongs to one organization for good; another one's record is not overwritten.
            guard changed == 1 else {
                throw ReferralStoreError(.alreadyExists, "Client \(client.id) belongs to another organization")
            }
        }
    }

    package func client(_ id: ClientID) async throws -> Client? {
        try await store.read("Reading a client") { db in
            try db.fetchOne(String.self, cachedSQL: "SELECT body FROM client WHERE id = ?", arguments: [id.rawValue])
                .map { try ReferralCoding.decode(Client.self, $0) }
        }
    }

    package func recordConsent(_ consent: Consent) async throws {
        let body = try ReferralCoding.encode(consent)
        try await store.write("Recording a consent") { db in
            guard try db.fetchOne(Bool.self, cachedSQL: "SELECT 1 FROM client WHERE id = ?", arguments: [consent.clientID.rawValue]) != nil else {
                throw ReferralStoreError(.notFound, "No client \(consent.clientID)")
            }
            guard try db.fetchOne(Bool.self, cachedSQL: "SELECT 1 FROM consent WHERE id = ?", arguments: [consent.id.rawValue]) == nil else {
                throw ReferralStoreError(.alreadyExists, "Consent \(consent.id) exists already")
            }
            try db.execute(cachedSQL: "INSERT INTO consent (id, client_id, recipient_organization_id, given_at, revoked_at, body) VALUES (?, ?, ?, ?, ?, ?)", arguments: [
                    consent.id.rawValue, consent.clientID.rawValue, consent.recipientOrganizationID.rawValue,
                    consent.givenAt.timeIntervalSince1970, consent.revokedAt?.timeIntervalSince1970, body,
                ]
            )
        }
    }

    package func revokeConsent(_ id: ConsentID, at date: Date, by actor: Actor) async throws -> Consent {
        try await store.write("Revoking a consent") { db in
            guard let body = try db.fetchOne(String.self, cachedSQL: "SELECT body FROM consent WHERE id = ?", arguments: [id.rawValue]) else {
                throw ReferralStoreError(.notFound, "No consent \(id)")
            }
            var consent = try ReferralCoding.decode(Consent.self, body)
            guard consent.revokedAt == nil else { throw ReferralStoreError(.conflict, "Consent \(id) was revoked already") }
            consent.revokedAt = date
            consent.revokedBy = actor
            try db.execute(cachedSQL: "UPDATE consent SET revoked_at = ?, body = ? WHERE id = ?", arguments: [date.timeIntervalSince1970, try ReferralCoding.encode(consent), id.rawValue]
            )
            return consent
        }
    }

    package func consent(_ id: ConsentID) async throws -> Consent? {
        try await store.read("Reading a consent") { db in
            try db.fetchOne(String.self, cachedSQL: "SELECT body FROM consent WHERE id = ?", arguments: [id.rawValue])
                .map { try ReferralCoding.decode(Consent.self, $0) }
        }
    }

    package func consents(for client: ClientID) async throws -> [Consent] {
        try await store.read("Reading consents") { db in
            try db.fetchAll(String.self, cachedSQL: "SELECT body FROM consent WHERE client_id = ? ORDER BY given_at, id", arguments: [client.rawValue])
                .map { try ReferralCoding.decode(Consent.self, $0) }
        }
    }

    // MARK: Referral writes

    package func create(_ event: ReferralEvent, idempotency: IdempotencyKey?) async throws -> ReferralWrite {
        guard event.sequence == 1, case .created(let snapshot) = event.change, snapshot.id == event.referralID else {
            throw ReferralStoreError(.invalidEvent, "A referral starts with a creation event of sequence 1")
        }
        let referral = snapshot.applying(event)
        let rows = try ReferralRows(referral: referral, event: event)
        return try await store.write("Creating a referral") { db in
            if let idempotency, let replay = try Self.replay(db, idempotency, actor: event.actor, referralID: nil) { return replay }
            guard try db.fetchOne(Bool.self, cachedSQL: "SELECT 1 FROM referral WHERE id = ?", arguments: [referral.id.rawValue]) == nil else {
                throw ReferralStoreError(.alreadyExists, "Referral \(referral.id) exists already")
            }
            try Self.checkServiceTakesReferrals(db, referral.serviceID)
            try db.execute(cachedSQL: """
                    INSERT INTO referral (id, version, status, service_id, provider_organization_id, referrer_organization_id,
                        case_manager, client_id, created_at, last_activity_at, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                    referral.id.rawValue, referral.version, referral.status.rawValue, referral.serviceID.rawValue,
                    referral.providerOrganizationID.rawValue, referral.referrer.organizationID.rawValue,
                    referral.referrer.userID.rawValue, referral.clientID.rawValue, referral.createdAt.timeIntervalSince1970,
                    referral.lastActivityAt.timeIntervalSince1970, rows.state,
                ]
            )
            try rows.insertEvent(db, event)
            try Self.remember(db, idempotency, actor: event.actor, event: event)
            return ReferralWrite(referral: referral, event: event, replayed: false)
        }
    }

    package func append(_ event: ReferralEvent, expectedVersion: Int, idempotency: IdempotencyKey?) async throws -> ReferralWrite {
        if case .created = event.change {
            throw ReferralStoreError(.invalidEvent, "Referral \(event.referralID): a creation cannot be appended")
        }
        guard event.sequence == expectedVersion + 1 else {
            throw ReferralStoreError(.invalidEvent, "Referral \(event.referralID): event \(event.sequence) does not follow version \(expectedVersion)")
        }
        let eventBody = try ReferralCoding.encode(event)
        return try await store.write("Updating a referral") { db in
            if let idempotency, let replay = try Self.replay(db, idempotency, actor: event.actor, referralID: event.referralID) {
                return replay
            }
            guard let row = try db.fetchOne(cachedSQL: "SELECT version, body FROM referral WHERE id = ?", arguments: [event.referralID.rawValue]) else {
                throw ReferralStoreError(.notFound, "No referral \(event.referralID)")
            }
            let version: Int = row["version"]
            guard version == expectedVersion else { throw Self.conflict(event.referralID, saw: expectedVersion, now: version) }
            let current = try ReferralCoding.decode(Referral.self, row["body"])
            let next = current.applying(event)
            let changed = try db.execute(cachedSQL: "UPDATE referral SET version = ?, status = ?, last_activity_at = ?, body = ? WHERE id = ? AND version = ?", arguments: [
                    next.version, next.status.rawValue, next.lastActivityAt.timeIntervalSince1970, try ReferralCoding.encode(next),
                    next.id.rawValue, expectedVersion,
                ]
            )
            guard changed == 1 else { throw Self.conflict(event.referralID, saw: expectedVersion, now: nil) }
            try ReferralRows.insertEvent(db, event, body: eventBody)
            try Self.remember(db, idempotency, actor: event.actor, event: event)
            return ReferralWrite(referral: next, event: event, replayed: false)
        }
    }

    // MARK: Referral reads

    package func replay(_ idempotency: IdempotencyKey, actor: Actor) async throws -> ReferralWrite? {
        try await store.read("Looking up a request key") { db in try Self.replay(db, idempotency, actor: actor, referralID: nil) }
    }

    package func referral(_ id: ReferralID) async throws -> Referral? {
        try await store.read("Reading a referral") { db in
            try db.fetchOne(String.self, cachedSQL: "SELECT body FROM referral WHERE id = ?", arguments: [id.rawValue])
                .map { try ReferralCoding.decode(Referral.self, $0) }
        }
    }

    package func events(of id: ReferralID) async throws -> [ReferralEvent] {
        try await store.read("Reading a referral's history") { db in
            try db.fetchAll(String.self, cachedSQL: "SELECT body FROM referral_event WHERE referral_id = ? ORDER BY sequence", arguments: [id.rawValue])
                .map { try ReferralCoding.decode(ReferralEvent.self, $0) }
        }
    }

    package func referrals(_ query: ReferralQuery) async throws -> [Referral] {
        var clauses: [String] = []
        var arguments: [String] = []
        if let statuses = query.statuses {
            clauses.append("status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))")
            arguments += statuses.sorted().map(\.rawValue)
            if statuses.isEmpty { return [] }
        }
        let equalities: [(String, String?)] = [
            ("referrer_organization_id", query.referrerOrganizationID?.rawValue), ("case_manager", query.caseManager?.rawValue),
            ("provider_organization_id", query.providerOrganizationID?.rawValue), ("service_id", query.serviceID?.rawValue),
            ("client_id", query.clientID?.rawValue),
        ]
        for case let (column, value?) in equalities {
            clauses.append("\(column) = ?")
            arguments.append(value)
        }
        var sql = "SELECT body FROM referral"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY created_at DESC, id"
        if let limit = query.limit { sql += " LIMIT \(max(limit, 0))" }
        let statement = sql
        let bound = SQLArguments(arguments)
        return try await store.read("Listing referrals") { db in
            try db.fetchAll(String.self, sql: statement, arguments: bound).map { try ReferralCoding.decode(Referral.self, $0) }
        }
    }

    // MARK: Rules the database keeps

    /// No new referral to a service that is unknown, retired or not active. Checked inside the
    /// creating transaction, so a refresh that retires the service cannot slip in between.
    static func checkServiceTakesReferrals(_ db: any SQLSession, _ id: ServiceID) throws {
        guard let row = try db.fetchOne(cachedSQL: "SELECT status, retired_at FROM service WHERE id = ?", arguments: [id.rawValue]) else {
            throw ReferralStoreError(.serviceUnavailable, "No service \(id) in the directory")
        }
        if (row["retired_at"] as Double?) != nil {
            throw ReferralStoreError(.serviceUnavailable, "Service \(id) is retired: its feed no longer lists it")
        }
        let status: String = row["status"]
        guard status == Service.Status.active.rawValue else {
            throw ReferralStoreError(.serviceUnavailable, "Service \(id) is \(status), not active")
        }
    }

    static func conflict(_ id: ReferralID, saw expected: Int, now current: Int?) -> ReferralStoreError {
        let now = current.map { "is at version \($0)" } ?? "has changed"
        return ReferralStoreError(
            .conflict, "Referral \(id) \(now); the update saw version \(expected). Reload it and decide again", currentVersion: current
        )
    }

    /// The earlier result of a request sent again with the same key, or `nil` for a new key.
    static func replay(_ db: any SQLSession, _ idempotency: IdempotencyKey, actor: Actor, referralID: ReferralID?) throws -> ReferralWrite? {
        guard let row = try db.fetchOne(cachedSQL: "SELECT referral_id, sequence, request FROM referral_idempotency WHERE key = ?", arguments: [scopedKey(idempotency, actor)]
        ) else { return nil }
        let id = ReferralID(row["referral_id"] as String)
        guard row["request"] as String == idempotency.request, referralID == nil || referralID == id else {
            throw ReferralStoreError(.idempotencyKeyReused, "Idempotency key '\(idempotency.key)' was used for another request")
        }
        let sequence: Int = row["sequence"]
        guard let state = try db.fetchOne(String.self, cachedSQL: "SELECT body FROM referral WHERE id = ?", arguments: [id.rawValue]),
            let event = try db.fetchOne(String.self, cachedSQL: "SELECT body FROM referral_event WHERE referral_id = ? AND sequence = ?", arguments: [id.rawValue, sequence])
        else { throw ReferralStoreError(.notFound, "Referral \(id) of an earlier request is missing") }
        return ReferralWrite(
            referral: try ReferralCoding.decode(Referral.self, state), event: try ReferralCoding.decode(ReferralEvent.self, event),
            replayed: true
        )
    }

    static func remember(_ db: any SQLSession, _ idempotency: IdempotencyKey?, actor: Actor, event: ReferralEvent) throws {
        guard let idempotency else { return }
        try db.execute(cachedSQL: "INSERT INTO referral_idempotency (key, referral_id, sequence, request) VALUES (?, ?, ?, ?)", arguments: [scopedKey(idempotency, actor), event.referralID.rawValue, event.sequence, idempotency.request]
        )
    }

    /// Keys belong to the user who sends them: two users' "retry-1" are different requests.
    static func scopedKey(_ idempotency: IdempotencyKey, _ actor: Actor) -> String {
        "\(actor.userID.rawValue)\u{1F}\(idempotency.key)"
    }
}

/// A referral's stored forms, encoded before the transaction so the writer does no JSON work.
struct ReferralRows {
    var state: String
    var event: String

    init(referral: Referral, event: ReferralEvent) throws {
        self.state = try ReferralCoding.encode(referral)
        self.event = try ReferralCoding.encode(event)
    }

    func insertEvent(_ db: any SQLSession, _ event: ReferralEvent) throws {
        try Self.insertEvent(db, event, body: self.event)
    }

    static func insertEvent(_ db: any SQLSession, _ event: ReferralEvent, body: String) throws {
        try db.execute(cachedSQL: """
                INSERT INTO referral_event (referral_id, sequence, at, actor_user, actor_role, actor_organization, kind, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                event.referralID.rawValue, event.sequence, event.at.timeIntervalSince1970, event.actor.userID.rawValue,
                event.actor.role.rawValue, event.actor.organizationID.rawValue, event.change.kind, body,
            ]
        )
    }
}

/// JSON for the referral tables' `body` columns. Dates keep Foundation's own encoding (a
/// double), so what is read back equals what was written, to the bit.
enum ReferralCoding {
    static func encode(_ value: some Encodable) throws -> String {
        do {
            return String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        } catch {
            throw StoreError(.unencodableRecord, "A referral record could not be encoded", cause: error)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(.corruptRow, "A stored \(T.self) could not be read", cause: error)
        }
    }
}
