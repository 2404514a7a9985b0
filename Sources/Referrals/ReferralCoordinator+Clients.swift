public import Foundation
public import SwitchboardCore

extension ReferralCoordinator {
    /// Adds a pseudonymous client record to the actor's organization.
    public func registerClient(label: String, details: ClientDetails? = nil, by actor: Actor) async throws -> Client {
        guard actor.role == .referrer else {
            throw ReferralError(.notPermitted, "Only a case manager (referrer) keeps client records; \(actor) is a \(actor.role)")
        }
        guard !label.allSatisfy(\.isWhitespace) else {
            throw ReferralError(.invalidRequest, "A client record needs a label (a case number, not the person's name)")
        }
        let client = Client(id: ClientID(makeID()), organizationID: actor.organizationID, label: label, details: details, createdAt: clock.now())
        try await refusing { try await store.saveClient(client) }
        return client
    }

    /// Records the client's consent to share their details with `recipient`.
    public func giveConsent(
        client id: ClientID, recipient: OrganizationID, scope: Consent.Scope = .shareDetails, expiresAt: Date? = nil, by actor: Actor
    ) async throws -> Consent {
        let client = try await ownClient(id, actor: actor)
        let now = clock.now()
        if let expiresAt, expiresAt <= now { throw ReferralError(.invalidRequest, "A consent cannot expire before it is given") }
        let consent = Consent(
            id: ConsentID(makeID()), clientID: client.id, holderOrganizationID: client.organizationID,
            recipientOrganizationID: recipient, scope: scope, givenAt: now, expiresAt: expiresAt, recordedBy: actor
        )
        try await refusing { try await store.recordConsent(consent) }
        return consent
    }

    /// Revokes a consent from now on. Referrals already sent keep their history, but their
    /// provider stops seeing the client's details (``clientDetails(for:viewer:)``).
    public func revokeConsent(_ id: ConsentID, by actor: Actor) async throws -> Consent {
        guard let consent = try await store.consent(id) else { throw ReferralError(.notFound, "No consent \(id)") }
        _ = try await ownClient(consent.clientID, actor: actor)
        return try await refusing { try await store.revokeConsent(id, at: clock.now(), by: actor) }
    }

    /// The client's details as `viewer` may see them on this referral: the referrer's
    /// organization always; the provider only while the referral shares them under active consent.
    public func clientDetails(for referral: Referral, viewer: Actor) async throws -> ClientDetails? {
        guard let client = try await store.client(referral.clientID) else { return nil }
        let now = clock.now()
        switch referral.party(viewer) {
        case .referrer: return client.details
        case .provider: return try await sharesDetails(referral, at: now) ? client.details : nil
        default: return nil
        }
    }

    /// Whether the provider may see the client's details on this referral right now.
    public func sharesDetails(_ referral: Referral, at date: Date) async throws -> Bool {
        guard referral.sharesClientDetails else { return false }
        return try await store.consents(for: referral.clientID)
            .contains { $0.permits(.shareDetails, to: referral.providerOrganizationID, at: date) }
    }

    func requireConsent(client: ClientID, recipient: OrganizationID, at date: Date) async throws {
        let consents = try await store.consents(for: client)
        guard consents.contains(where: { $0.permits(.shareDetails, to: recipient, at: date) }) else {
            let lapsed = consents.contains { $0.recipientOrganizationID == recipient } ? " (the consent on file expired or was revoked)" : ""
            throw ReferralError(
                .consentRequired,
                "Client \(client) has no active consent to share details with \(recipient)\(lapsed); record one, or send the referral without the client's details"
            )
        }
    }

    func ownClient(_ id: ClientID, actor: Actor) async throws -> Client {
        guard let client = try await store.client(id) else { throw ReferralError(.notFound, "No client \(id)") }
        guard actor.role == .referrer, client.organizationID == actor.organizationID else {
            throw ReferralError(.notPermitted, "Consents of client \(id) are kept by its own organization's case managers")
        }
        return client
    }
}
