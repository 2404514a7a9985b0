import DirectoryStore
public import SwitchboardCore

/// Why a referral command was refused: the one error type of the `Referrals` layer, which the
/// server maps to HTTP statuses and the CLI to exit codes.
///
/// Messages name ids, statuses and versions, never a client's name, contact details or notes.
public struct ReferralError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The referral rules refuse the move (see ``ReferralError/transition``).
        public static let illegalMove = Code(rawValue: "illegal-move")
        /// The actor is no party to the referral, or not in the role the command needs.
        public static let notPermitted = Code(rawValue: "not-permitted")
        /// Sharing the client's details needs an active consent for the receiving organization.
        public static let consentRequired = Code(rawValue: "consent-required")
        /// The service is unknown, retired or not active.
        public static let serviceUnavailable = Code(rawValue: "service-unavailable")
        /// The update saw an older version: reload and decide again.
        public static let conflict = Code(rawValue: "conflict")
        public static let notFound = Code(rawValue: "not-found")
        public static let invalidRequest = Code(rawValue: "invalid-request")
        public static let idempotencyKeyReused = Code(rawValue: "idempotency-key-reused")
    }

    public var code: Code
    public var message: String
    /// For an illegal move: the current status, the requested one, the allowed ones.
    public var transition: TransitionError?
    /// For a conflict: the version now stored, when known.
    public var currentVersion: Int?

    public init(_ code: Code, _ message: String, transition: TransitionError? = nil, currentVersion: Int? = nil) {
        self.code = code; self.message = message; self.transition = transition; self.currentVersion = currentVersion
    }

    public var description: String { "\(code): \(message)" }

    init(_ transition: TransitionError, referral: ReferralID) {
        self.init(.illegalMove, "Referral \(referral): \(transition.description)", transition: transition)
    }

    /// A store refusal in this layer's terms.
    init(_ error: ReferralStoreError) {
        let code: Code =
            switch error.code {
            case .conflict: .conflict
            case .notFound: .notFound
            case .serviceUnavailable: .serviceUnavailable
            case .idempotencyKeyReused: .idempotencyKeyReused
            default: .invalidRequest
            }
        self.init(code, error.message, currentVersion: error.currentVersion)
    }
}

/// Runs a store call, turning its refusals into ``ReferralError``s; failures of the store pass through.
func refusing<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ReferralStoreError {
        throw ReferralError(error)
    }
}
