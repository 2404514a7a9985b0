public import Foundation
public import SwitchboardCore

/// Where referrals, their clients and consents live: an append-only history of events per
/// referral, with the current state derived from it.
///
/// Every method is one transaction. The rules of the referral (who may move it where, consent)
/// are checked by the `Referrals` module before it calls here; the store guarantees what must
/// hold whoever calls: events are only ever appended, in sequence, an update that did not see
/// the latest version is refused, a retried request with the same idempotency key writes
/// nothing twice, and a referral names an active, live service when it is created.
public protocol ReferralStore: Sendable {
    /// Adds a client record, or replaces its label and details.
    func saveClient(_ client: Client) async throws
    func client(_ id: ClientID) async throws -> Client?

    /// Records a consent; its id must be new.
    func recordConsent(_ consent: Consent) async throws
    /// Revokes a consent for good.
    /// - Throws: ``ReferralStoreError`` `.notFound`, or `.conflict` when it was already revoked.
    func revokeConsent(_ id: ConsentID, at date: Date, by actor: Actor) async throws -> Consent
    func consent(_ id: ConsentID) async throws -> Consent?
    /// A client's consents, oldest first, revoked and expired ones included.
    func consents(for client: ClientID) async throws -> [Consent]

    /// Creates a referral from its first event (a `.created` change with sequence 1).
    ///
    /// - Parameter idempotency: when given and already used with the same request, nothing is
    ///   written and the earlier result comes back with `replayed` set.
    /// - Throws: ``ReferralStoreError`` `.serviceUnavailable` (no such service, retired, or not
    ///   active), `.alreadyExists`, `.idempotencyKeyReused` (same key, other request).
    func create(_ event: ReferralEvent, idempotency: IdempotencyKey?) async throws -> ReferralWrite

    /// Appends one event to a referral that is at `expectedVersion`; the event's sequence must
    /// be `expectedVersion + 1`.
    /// - Throws: ``ReferralStoreError`` `.conflict` (someone else wrote first: reload and
    ///   decide again), `.notFound`, `.idempotencyKeyReused`.
    func append(_ event: ReferralEvent, expectedVersion: Int, idempotency: IdempotencyKey?) async throws -> ReferralWrite

    /// The earlier result of a request already done with this key by this actor's user; `nil`
    /// for a key not seen. Lets a caller answer a retry before checking rules the first request
    /// changed (a retried "accept" would otherwise meet an accepted referral).
    /// - Throws: ``ReferralStoreError`` `.idempotencyKeyReused` when the key went with another request.
    func replay(_ idempotency: IdempotencyKey, actor: Actor) async throws -> ReferralWrite?

    func referral(_ id: ReferralID) async throws -> Referral?
    /// A referral's whole history, in sequence.
    func events(of id: ReferralID) async throws -> [ReferralEvent]
    /// Referrals matching `query`, newest first.
    func referrals(_ query: ReferralQuery) async throws -> [Referral]
}

/// What a write did: the referral after it and the event it appended (or, for a replay, the
/// event the first request appended).
public struct ReferralWrite: Hashable, Sendable {
    public var referral: Referral
    public var event: ReferralEvent
    /// A retry of a request already done: nothing was written this time.
    public var replayed: Bool

    public init(referral: Referral, event: ReferralEvent, replayed: Bool) {
        self.referral = referral; self.event = event; self.replayed = replayed
    }
}

/// A caller's key for one request, so that a retry does not act twice.
///
/// Keys are scoped to the user who sends them. `request` is a fingerprint of what was asked:
/// the same key with another request is refused rather than silently answered with the first.
public struct IdempotencyKey: Hashable, Sendable {
    public var key: String
    public var request: String

    public init(key: String, request: String) { self.key = key; self.request = request }
}

/// Which referrals to list. Empty fields match everything.
public struct ReferralQuery: Hashable, Sendable {
    public var statuses: Set<Referral.Status>?
    public var referrerOrganizationID: OrganizationID?
    public var caseManager: UserID?
    public var providerOrganizationID: OrganizationID?
    public var serviceID: ServiceID?
    public var clientID: ClientID?
    public var limit: Int?

    public init(
        statuses: Set<Referral.Status>? = nil, referrerOrganizationID: OrganizationID? = nil, caseManager: UserID? = nil,
        providerOrganizationID: OrganizationID? = nil, serviceID: ServiceID? = nil, clientID: ClientID? = nil, limit: Int? = nil
    ) {
        self.statuses = statuses; self.referrerOrganizationID = referrerOrganizationID; self.caseManager = caseManager
        self.providerOrganizationID = providerOrganizationID; self.serviceID = serviceID; self.clientID = clientID
        self.limit = limit
    }

    /// Referrals the timers watch: sent and not closed.
    public static var active: ReferralQuery {
        ReferralQuery(statuses: Set(Referral.Status.allCases.filter(\.isActive)))
    }
}

/// A referral write the store refused. Not a failure of the store: the request met a state
/// that does not allow it, and nothing was written.
///
/// Messages name ids, statuses and versions, never client data.
public struct ReferralStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The update saw an older version than the stored one.
        public static let conflict = Code(rawValue: "conflict")
        public static let notFound = Code(rawValue: "not-found")
        public static let alreadyExists = Code(rawValue: "already-exists")
        /// The service is unknown, retired or not active: no new referrals to it.
        public static let serviceUnavailable = Code(rawValue: "service-unavailable")
        /// The idempotency key was used before for a different request.
        public static let idempotencyKeyReused = Code(rawValue: "idempotency-key-reused")
        /// The event does not fit (a sequence out of order, a creation that is not one).
        public static let invalidEvent = Code(rawValue: "invalid-event")
    }

    public var code: Code
    public var message: String
    /// For a conflict: the version now stored.
    public var currentVersion: Int?

    public init(_ code: Code, _ message: String, currentVersion: Int? = nil) {
        self.code = code; self.message = message; self.currentVersion = currentVersion
    }

    public var description: String { "\(code): \(message)" }
}
