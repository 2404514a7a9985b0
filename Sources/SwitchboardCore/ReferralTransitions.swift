extension Referral.Status {
    /// The statuses the Gravity referral Task may move to from this one, whoever moves it.
    ///
    /// draft → requested; requested → accepted, rejected, cancelled; accepted → in-progress,
    /// on-hold, cancelled, completed, failed; in-progress ⇄ on-hold, and both → cancelled,
    /// completed, failed; every status but entered-in-error → entered-in-error.
    public var successors: [Referral.Status] {
        switch self {
        case .draft: [.requested, .enteredInError]
        case .requested: [.accepted, .rejected, .cancelled, .enteredInError]
        case .accepted: [.inProgress, .onHold, .cancelled, .completed, .failed, .enteredInError]
        case .inProgress: [.onHold, .cancelled, .completed, .failed, .enteredInError]
        case .onHold: [.inProgress, .cancelled, .completed, .failed, .enteredInError]
        case .rejected, .cancelled, .completed, .failed: [.enteredInError]
        case .enteredInError: []
        }
    }

    /// Who may set this status: the referrer issues and withdraws (draft, requested,
    /// entered-in-error), the receiving provider answers and reports (accepted, rejected,
    /// in-progress, on-hold, completed, failed), either may cancel. The system only cancels,
    /// when a stalled referral expires.
    public func isSettable(by role: Actor.Role) -> Bool {
        switch (self, role) {
        case (.draft, .referrer), (.requested, .referrer), (.enteredInError, .referrer): true
        case (.accepted, .provider), (.rejected, .provider), (.inProgress, .provider), (.onHold, .provider),
            (.completed, .provider), (.failed, .provider):
            true
        case (.cancelled, _): true
        default: false
        }
    }

    /// The statuses `role` may move a referral to from this one.
    public func moves(for role: Actor.Role) -> [Referral.Status] {
        successors.filter { $0.isSettable(by: role) }
    }

    /// Checks one move: allowed from here, allowed for the role, with the reason or outcome it needs.
    /// - Throws: ``TransitionError`` naming the current status, the requested one and the allowed ones.
    public func checkMove(
        to target: Referral.Status, by role: Actor.Role, reason: Referral.StatusReason?, outcome: Referral.Outcome?
    ) throws(TransitionError) {
        let allowed = moves(for: role)
        func failure(_ code: TransitionError.Code) -> TransitionError {
            TransitionError(code, from: self, to: target, role: role, allowed: allowed)
        }
        guard successors.contains(target) else { throw failure(.illegalMove) }
        guard target.isSettable(by: role) else { throw failure(.notPermittedForRole) }
        if target.needsReason, reason == nil { throw failure(.reasonRequired) }
        if let reason, reason.code == .other, (reason.text ?? "").allSatisfy(\.isWhitespace) { throw failure(.reasonTextRequired) }
        if let reason, reason.code == .expired, role != .system { throw failure(.reasonReserved) }
        if target.needsOutcome, outcome == nil { throw failure(.outcomeRequired) }
        if !target.needsOutcome, outcome != nil { throw failure(.outcomeNotExpected) }
    }
}

/// A move the referral rules refuse. Pure and closed, so thrown typed.
///
/// The message names the current status, the requested one and what the role may do instead;
/// it never quotes notes or client data.
public struct TransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable, Codable {
        /// The Gravity Task does not go from the current status to the requested one.
        case illegalMove = "illegal-move"
        /// The move exists, but belongs to the other party.
        case notPermittedForRole = "not-permitted-for-role"
        case reasonRequired = "reason-required"
        /// Reason "other" says nothing without text.
        case reasonTextRequired = "reason-text-required"
        /// "expired" is the sweep's reason, not a person's.
        case reasonReserved = "reason-reserved"
        case outcomeRequired = "outcome-required"
        case outcomeNotExpected = "outcome-not-expected"
    }

    public var code: Code
    public var from: Referral.Status
    public var to: Referral.Status
    public var role: Actor.Role
    /// What the role may move the referral to from `from`.
    public var allowed: [Referral.Status]

    public init(_ code: Code, from: Referral.Status, to: Referral.Status, role: Actor.Role, allowed: [Referral.Status]) {
        self.code = code; self.from = from; self.to = to; self.role = role; self.allowed = allowed
    }

    public var description: String {
        let options = allowed.isEmpty ? "nothing" : allowed.map(\.rawValue).joined(separator: ", ")
        let instead = "from \(from) a \(role) may move it to: \(options)"
        switch code {
        case .illegalMove: return "A referral that is \(from) cannot move to \(to); \(instead)"
        case .notPermittedForRole: return "A \(role) cannot move a referral to \(to); \(instead)"
        case .reasonRequired: return "Moving a referral to \(to) needs a reason code (\(Referral.ReasonCode.chosenByPeople.map(\.rawValue).joined(separator: ", ")))"
        case .reasonTextRequired: return "Reason 'other' needs a text saying what happened"
        case .reasonReserved: return "Reason 'expired' is set only by the sweep"
        case .outcomeRequired: return "Completing a referral needs an outcome (\(Referral.OutcomeCode.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .outcomeNotExpected: return "Only a completed referral has an outcome; \(to) does not take one"
        }
    }
}
