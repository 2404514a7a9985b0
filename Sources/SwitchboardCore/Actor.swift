/// Someone who acts on a referral: a user, the part they play, and the organization they act for.
///
/// Accounts and sign-in come later; until then whoever calls says who acts, and the rules
/// (who may move a referral where, who may see a client's details) are checked against this.
public struct Actor: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The part an actor plays on a referral.
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// The case manager who issues the referral, for their organization.
        case referrer
        /// A worker of the organization that receives the referral and provides the service.
        case provider
        /// Switchboard itself: the sweep that sends reminders and lets stalled referrals expire.
        case system

        public var description: String { rawValue }
    }

    public var userID: UserID
    public var role: Role
    public var organizationID: OrganizationID

    public init(userID: UserID, role: Role, organizationID: OrganizationID) {
        self.userID = userID; self.role = role; self.organizationID = organizationID
    }

    /// The actor the sweep acts as.
    public static func system(organization: OrganizationID = "switchboard") -> Actor {
        Actor(userID: "switchboard", role: .system, organizationID: organization)
    }

    // Ids only: an actor shows up in logs and error messages.
    public var description: String { "\(userID) (\(role), \(organizationID))" }
}

/// A user of Switchboard, by id; accounts themselves are not modelled here.
public typealias UserID = Identifier<Actor>
