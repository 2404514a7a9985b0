public import Foundation

/// A client's consent to share their details with one receiving organization.
///
/// One record per client, receiving organization and scope. It counts from `givenAt` until it
/// expires or is revoked; revoking is final (a new consent is a new record), so the history of
/// what was allowed when stays readable. Exported as an SDOHCC Consent.
public struct Consent: Hashable, Sendable, Codable, Identifiable {
    /// What the client agreed to share.
    public enum Scope: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// Name and contact details travel with referrals to the recipient.
        case shareDetails = "share-details"

        public var description: String { rawValue }
    }

    public var id: ConsentID
    public var clientID: ClientID
    /// The client's organization (the case manager's), which holds the consent.
    public var holderOrganizationID: OrganizationID
    /// The organization the details may go to.
    public var recipientOrganizationID: OrganizationID
    public var scope: Scope
    public var givenAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    /// Who recorded the consent.
    public var recordedBy: Actor
    public var revokedBy: Actor?

    public init(
        id: ConsentID, clientID: ClientID, holderOrganizationID: OrganizationID, recipientOrganizationID: OrganizationID,
        scope: Scope = .shareDetails, givenAt: Date, expiresAt: Date? = nil, revokedAt: Date? = nil, recordedBy: Actor,
        revokedBy: Actor? = nil
    ) {
        self.id = id; self.clientID = clientID; self.holderOrganizationID = holderOrganizationID
        self.recipientOrganizationID = recipientOrganizationID; self.scope = scope; self.givenAt = givenAt
        self.expiresAt = expiresAt; self.revokedAt = revokedAt; self.recordedBy = recordedBy; self.revokedBy = revokedBy
    }

    /// Given, not yet expired and not revoked at `date`.
    public func isActive(at date: Date) -> Bool {
        guard givenAt <= date else { return false }
        if let expiresAt, expiresAt <= date { return false }
        if let revokedAt, revokedAt <= date { return false }
        return true
    }

    /// Whether this consent lets `recipient` see the client's details for `scope` at `date`.
    public func permits(_ scope: Scope, to recipient: OrganizationID, at date: Date) -> Bool {
        self.scope == scope && recipientOrganizationID == recipient && isActive(at: date)
    }
}

public typealias ConsentID = Identifier<Consent>
