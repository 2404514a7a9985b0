import Foundation
public import SwitchboardCore

/// What a case manager asks for when issuing a referral.
///
/// Codable so that its JSON is the request's fingerprint for idempotency: a retry sends the
/// same request, and the same key with a different one is refused.
public struct NewReferral: Hashable, Sendable, Codable {
    public var clientID: ClientID
    public var serviceID: ServiceID
    public var locationID: LocationID?
    public var need: Referral.Need
    /// Defaults to the need's urgency.
    public var priority: Referral.Priority?
    /// Keep it as a draft instead of sending it at once.
    public var draft: Bool
    /// Send the client's name and contact details (needs active consent).
    public var shareClientDetails: Bool
    public var doNotContactClient: Bool
    /// The matching engine's explanation, as the caller had it.
    public var matchExplanation: JSONValue?
    /// A closed referral (typically rejected) that this one replaces.
    public var replaces: ReferralID?
    public var note: String?

    public init(
        clientID: ClientID, serviceID: ServiceID, locationID: LocationID? = nil, need: Referral.Need = .init(),
        priority: Referral.Priority? = nil, draft: Bool = false, shareClientDetails: Bool = false,
        doNotContactClient: Bool = false, matchExplanation: JSONValue? = nil, replaces: ReferralID? = nil, note: String? = nil
    ) {
        self.clientID = clientID; self.serviceID = serviceID; self.locationID = locationID; self.need = need
        self.priority = priority; self.draft = draft; self.shareClientDetails = shareClientDetails
        self.doNotContactClient = doNotContactClient; self.matchExplanation = matchExplanation; self.replaces = replaces
        self.note = note
    }
}

/// A status change someone asks for.
public struct Move: Hashable, Sendable, Codable {
    public var to: Referral.Status
    public var reason: Referral.StatusReason?
    public var outcome: Referral.Outcome?
    public var note: String?

    public init(to: Referral.Status, reason: Referral.StatusReason? = nil, outcome: Referral.Outcome? = nil, note: String? = nil) {
        self.to = to; self.reason = reason; self.outcome = outcome; self.note = note
    }
}

enum Fingerprint {
    /// The request as sorted JSON, plus what it applies to.
    static func of(_ request: some Encodable, on target: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(request)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return "\(target) \(body)"
    }
}
