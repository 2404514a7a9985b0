public import Foundation

/// A case manager's referral of a client to a provider's service, and where it stands.
///
/// The value is derived: the referral's events (``ReferralEvent``), folded in order by
/// ``applying(_:)``, give it; `version` is the sequence number of the last event. The store
/// keeps the events as the record and this value as a cache of their fold.
public struct Referral: Hashable, Sendable, Codable, Identifiable {
    public var id: ReferralID
    /// How many events the referral has had; an update names the version it saw.
    public var version: Int
    public var status: Status

    /// The case manager who issued it, for their organization.
    public var referrer: Actor
    public var clientID: ClientID
    public var need: Need
    public var serviceID: ServiceID
    /// The site the client was sent to, when the service has several.
    public var locationID: LocationID?
    /// The organization that runs the service: its workers answer the referral.
    public var providerOrganizationID: OrganizationID
    public var priority: Priority
    /// Why the matching engine proposed this service, as it said when the referral was issued.
    public var matchExplanation: JSONValue?
    /// Whether the client's name and contact details go to the provider (needs active consent).
    public var sharesClientDetails: Bool
    /// The client asked not to be contacted by the provider directly.
    public var doNotContactClient: Bool
    /// The referral this one replaces (a rejected one is not reopened: a new one is issued).
    public var replaces: ReferralID?

    public var createdAt: Date
    /// When it was sent to the provider (created as requested, or moved out of draft).
    public var requestedAt: Date?
    /// The provider's deadline to accept or reject.
    public var respondBy: Date?
    /// When the provider first accepted or rejected.
    public var respondedAt: Date?
    public var acceptedAt: Date?
    public var completedAt: Date?
    /// When it reached an end state.
    public var closedAt: Date?
    /// The last status change or activity: what the reminder and expiry timers count from.
    public var lastActivityAt: Date
    /// The reason given with the current status.
    public var statusReason: StatusReason?
    public var outcome: Outcome?
    /// Idle-day reminders already sent since the last activity (so each is sent once).
    public var remindersSent: [Int]
    /// Whether the sweep has recorded that the response deadline passed.
    public var responseOverdueRecorded: Bool

    public init(
        id: ReferralID, status: Status, referrer: Actor, clientID: ClientID, need: Need, serviceID: ServiceID,
        locationID: LocationID? = nil, providerOrganizationID: OrganizationID, priority: Priority? = nil,
        matchExplanation: JSONValue? = nil, sharesClientDetails: Bool = false, doNotContactClient: Bool = false,
        replaces: ReferralID? = nil, createdAt: Date, respondBy: Date? = nil
    ) {
        self.id = id; self.version = 0; self.status = status; self.referrer = referrer; self.clientID = clientID
        self.need = need; self.serviceID = serviceID; self.locationID = locationID
        self.providerOrganizationID = providerOrganizationID; self.priority = priority ?? need.urgency
        self.matchExplanation = matchExplanation; self.sharesClientDetails = sharesClientDetails
        self.doNotContactClient = doNotContactClient; self.replaces = replaces; self.createdAt = createdAt
        self.requestedAt = status == .requested ? createdAt : nil
        self.respondBy = status == .requested ? respondBy : nil
        self.lastActivityAt = createdAt; self.remindersSent = []; self.responseOverdueRecorded = false
    }

    /// What the client needs help with.
    public struct Need: Hashable, Sendable, Codable {
        public var domain: Domain?
        /// An AIRS/211 or Open Eligibility code, when the case manager was that precise.
        public var taxonomyCode: String?
        public var urgency: Priority
        /// The case manager's words; may hold client data, so never logged.
        public var note: String?

        public init(domain: Domain? = nil, taxonomyCode: String? = nil, urgency: Priority = .routine, note: String? = nil) {
            self.domain = domain; self.taxonomyCode = taxonomyCode; self.urgency = urgency; self.note = note
        }
    }

    /// The part `actor` plays on this referral, if any: the referrer's organization or the provider's.
    public func party(_ actor: Actor) -> Actor.Role? {
        switch actor.role {
        case .system: .system
        case .referrer: actor.organizationID == referrer.organizationID ? .referrer : nil
        case .provider: actor.organizationID == providerOrganizationID ? .provider : nil
        }
    }
}

public typealias ReferralID = Identifier<Referral>
