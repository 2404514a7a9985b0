extension Referral {
    /// Where a referral stands: the codes of the Gravity SDOH Clinical Care referral Task
    /// (FHIR `task-status` without `ready` and `received`), spelled as FHIR spells them.
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
        case draft
        case requested
        case accepted
        case rejected
        case cancelled
        case inProgress = "in-progress"
        case onHold = "on-hold"
        case completed
        case failed
        case enteredInError = "entered-in-error"

        public var description: String { rawValue }

        /// End states: nothing more happens to the referral (but `entered-in-error`, which any
        /// status may still move to). A rejected referral is not reopened: a new one is issued.
        public var isClosed: Bool {
            switch self {
            case .rejected, .cancelled, .completed, .failed, .enteredInError: true
            default: false
            }
        }

        /// Open and waiting on someone: what the timers watch. A draft has not been sent yet.
        public var isActive: Bool { !isClosed && self != .draft }

        /// Moves that need a coded reason (and may carry text).
        public var needsReason: Bool {
            switch self {
            case .rejected, .cancelled, .onHold, .failed: true
            default: false
            }
        }

        /// Only a completed referral carries an outcome.
        public var needsOutcome: Bool { self == .completed }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// How soon the client needs the help: FHIR's request priority codes.
    public enum Priority: String, Hashable, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
        case routine, urgent, asap, stat

        public var description: String { rawValue }

        /// Ordered by how soon: `stat` is the most pressing.
        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }
}
