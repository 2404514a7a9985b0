public import Foundation

/// Someone who signs in to Switchboard: a person with one role, working for one organization.
///
/// The password itself is never here: the store keeps a bcrypt hash beside the account.
public struct Account: Hashable, Sendable, Codable, Identifiable {
    /// What a person does in Switchboard, which decides what they may see and change.
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// Finds providers in the directory; no client records.
        case coordinator
        /// Issues referrals for their organization's clients and follows them up.
        case caseManager = "case-manager"
        /// Works for a provider: answers the referrals sent to their organization.
        case providerStaff = "provider-staff"
        /// Manages users, organizations and feeds; reads the audit log.
        case administrator

        public var description: String { rawValue }

        /// The part this role plays on a referral, if any.
        public var referralRole: Actor.Role? {
            switch self {
            case .caseManager: .referrer
            case .providerStaff: .provider
            case .coordinator, .administrator: nil
            }
        }
    }

    public var id: UserID
    /// What the person signs in with (an email address or a short name); unique, case-insensitive.
    public var username: String
    public var displayName: String
    public var role: Role
    public var organizationID: OrganizationID
    public var createdAt: Date
    /// A disabled account cannot sign in and its tokens stop working.
    public var disabledAt: Date?

    public init(
        id: UserID, username: String, displayName: String, role: Role, organizationID: OrganizationID,
        createdAt: Date, disabledAt: Date? = nil
    ) {
        self.id = id; self.username = username; self.displayName = displayName; self.role = role
        self.organizationID = organizationID; self.createdAt = createdAt; self.disabledAt = disabledAt
    }

    /// The actor this account is on a referral, for roles that take part in referrals.
    public var actor: Actor? {
        referralRole.map { Actor(userID: id, role: $0, organizationID: organizationID) }
    }

    public var referralRole: Actor.Role? { role.referralRole }
}

/// An organization that people sign in for: a referring agency, a provider, or both.
///
/// A provider's id is the directory organization's id, so its staff answer the referrals sent
/// to that organization's services.
public struct AccountOrganization: Hashable, Sendable, Codable, Identifiable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case referrer, provider, both
    }

    public var id: OrganizationID
    public var name: String
    public var kind: Kind

    public init(id: OrganizationID, name: String, kind: Kind) {
        self.id = id; self.name = name; self.kind = kind
    }
}

/// What an account may do. The referral rules themselves (who may move a referral where) live
/// with the referral; these are the doors in front of them.
public enum Permission: String, Hashable, Sendable, CaseIterable {
    /// Search the directory and read providers.
    case readDirectory = "read-directory"
    /// Register clients, give consent, issue referrals.
    case issueReferrals = "issue-referrals"
    /// Answer referrals sent to one's organization.
    case answerReferrals = "answer-referrals"
    /// Outcome statistics.
    case readStatistics = "read-statistics"
    /// Ask the matcher which providers fit a client (coordinators and case managers: the people
    /// who place clients; provider staff answer referrals, administrators run the system).
    case matchClients = "match-clients"
    /// Users, organizations, tokens of others, feeds, the audit log.
    case administer
}

extension Account.Role {
    /// Whether the role holds a permission.
    public func may(_ permission: Permission) -> Bool {
        switch permission {
        case .readDirectory: true
        case .issueReferrals: self == .caseManager
        case .answerReferrals: self == .providerStaff
        case .readStatistics: self != .providerStaff
        case .matchClients: self == .caseManager || self == .coordinator
        case .administer: self == .administrator
        }
    }
}

extension Account {
    /// Whether this account may see a referral at all: a case manager those of their
    /// organization, provider staff those sent to their organization. Anyone else sees none
    /// (administrators manage people and feeds, not clients).
    public func maySee(_ referral: Referral) -> Bool {
        switch role {
        case .caseManager: referral.referrer.organizationID == organizationID
        case .providerStaff: referral.providerOrganizationID == organizationID && referral.status != .draft
        case .coordinator, .administrator: false
        }
    }

    /// Whether this account may see a client record (its label; details go by consent).
    public func maySee(_ client: Client) -> Bool {
        role == .caseManager && client.organizationID == organizationID
    }
}

/// One line of the audit log: who did what to which record, when. Never client data.
public struct AuditEntry: Hashable, Sendable, Codable {
    public var id: Int64?
    public var at: Date
    public var userID: UserID?
    /// What was done: `referral.create`, `client.read-details`, `user.create`, `session.sign-in` …
    public var action: String
    /// The record acted on (`referral/…`, `user/…`), if any.
    public var target: String?
    /// Ids, statuses, counts: what helps an administrator, never names or contact details.
    public var detail: String?

    public init(id: Int64? = nil, at: Date, userID: UserID?, action: String, target: String? = nil, detail: String? = nil) {
        self.id = id; self.at = at; self.userID = userID; self.action = action; self.target = target; self.detail = detail
    }
}
