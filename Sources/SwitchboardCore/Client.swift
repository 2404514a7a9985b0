public import Foundation

/// A person a case manager works with, as a pseudonymous record of the case manager's organization.
///
/// Referrals name the client by id and label only (a case number, initials). The name and
/// contact details, when the organization keeps them here at all, reach a provider only with
/// the client's active consent (``Consent``). Never put any of it in an error or a log line.
public struct Client: Hashable, Sendable, Codable, Identifiable {
    public var id: ClientID
    /// The organization whose client this is: only its case managers refer them.
    public var organizationID: OrganizationID
    /// What the case manager calls the record (a case number); not the person's name.
    public var label: String
    public var details: ClientDetails?
    public var createdAt: Date

    public init(id: ClientID, organizationID: OrganizationID, label: String, details: ClientDetails? = nil, createdAt: Date) {
        self.id = id; self.organizationID = organizationID; self.label = label; self.details = details
        self.createdAt = createdAt
    }
}

/// Who the client is and how to reach them: shared with a provider only under consent.
public struct ClientDetails: Hashable, Sendable, Codable {
    public var name: String?
    public var phone: String?
    public var email: String?
    public var preferredLanguage: String?

    public init(name: String? = nil, phone: String? = nil, email: String? = nil, preferredLanguage: String? = nil) {
        self.name = name; self.phone = phone; self.email = email; self.preferredLanguage = preferredLanguage
    }
}

public typealias ClientID = Identifier<Client>
