public import Foundation
public import SwitchboardCore

/// Referrals in the directory's SQLite database: the shared ``ReferralOperations`` in GRDB's
/// transactions (migration "v4-referrals"). GRDB's single writer serializes writes.
extension SQLiteDirectoryStore: ReferralStore {
    var referralOperations: ReferralOperations<SQLiteDirectoryStore> { ReferralOperations(store: self) }

    public func saveClient(_ client: Client) async throws {
        try await referralOperations.saveClient(client)
    }

    public func client(_ id: ClientID) async throws -> Client? {
        try await referralOperations.client(id)
    }

    public func recordConsent(_ consent: Consent) async throws {
        try await referralOperations.recordConsent(consent)
    }

    public func revokeConsent(_ id: ConsentID, at date: Date, by actor: Actor) async throws -> Consent {
        try await referralOperations.revokeConsent(id, at: date, by: actor)
    }

    public func consent(_ id: ConsentID) async throws -> Consent? {
        try await referralOperations.consent(id)
    }

    public func consents(for client: ClientID) async throws -> [Consent] {
        try await referralOperations.consents(for: client)
    }

    public func create(_ event: ReferralEvent, idempotency: IdempotencyKey?) async throws -> ReferralWrite {
        try await referralOperations.create(event, idempotency: idempotency)
    }

    public func append(_ event: ReferralEvent, expectedVersion: Int, idempotency: IdempotencyKey?) async throws -> ReferralWrite {
        try await referralOperations.append(event, expectedVersion: expectedVersion, idempotency: idempotency)
    }

    public func replay(_ idempotency: IdempotencyKey, actor: Actor) async throws -> ReferralWrite? {
        try await referralOperations.replay(idempotency, actor: actor)
    }

    public func referral(_ id: ReferralID) async throws -> Referral? {
        try await referralOperations.referral(id)
    }

    public func events(of id: ReferralID) async throws -> [ReferralEvent] {
        try await referralOperations.events(of: id)
    }

    public func referrals(_ query: ReferralQuery) async throws -> [Referral] {
        try await referralOperations.referrals(query)
    }
}
