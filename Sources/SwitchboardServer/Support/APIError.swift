import Foundation
public import HTTPTypes
import DirectoryStore
import Hummingbird
import Matching
import Referrals

/// The server's one error type: a code from a closed list, an HTTP status, and a message that
/// is safe to show (ids and statuses, never client data).
public struct APIError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let unauthenticated = Code(rawValue: "unauthenticated")
        public static let forbidden = Code(rawValue: "forbidden")
        public static let notFound = Code(rawValue: "not-found")
        public static let noSuchEndpoint = Code(rawValue: "no-such-endpoint")
        public static let invalidRequest = Code(rawValue: "invalid-request")
        public static let csrf = Code(rawValue: "csrf-token-missing")
        public static let tooManyAttempts = Code(rawValue: "too-many-attempts")
        public static let conflict = Code(rawValue: "conflict")
        public static let internalError = Code(rawValue: "internal-error")
        /// The directory index is still being built.
        public static let notReady = Code(rawValue: MatchingError.Code.notReady.rawValue)
        // The referral engine's own codes pass through as they are.
        public static let illegalMove = Code(rawValue: ReferralError.Code.illegalMove.rawValue)
        public static let notPermitted = Code(rawValue: ReferralError.Code.notPermitted.rawValue)
        public static let consentRequired = Code(rawValue: ReferralError.Code.consentRequired.rawValue)
        public static let serviceUnavailable = Code(rawValue: ReferralError.Code.serviceUnavailable.rawValue)
        public static let idempotencyKeyReused = Code(rawValue: ReferralError.Code.idempotencyKeyReused.rawValue)
    }

    public var code: Code
    public var message: String
    /// For a conflict: the version now stored.
    public var currentVersion: Int?

    public init(_ code: Code, _ message: String, currentVersion: Int? = nil) {
        self.code = code; self.message = message; self.currentVersion = currentVersion
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The one place codes become HTTP statuses.
    public var status: HTTPResponse.Status {
        switch code {
        case .unauthenticated: .unauthorized
        case .forbidden, .notPermitted, .csrf: .forbidden
        case .notFound, .noSuchEndpoint: .notFound
        case .conflict: .conflict
        case .tooManyAttempts: .tooManyRequests
        case .invalidRequest: .badRequest
        case .internalError: .internalServerError
        case .notReady: .serviceUnavailable
        // illegal-move, consent-required, service-unavailable, idempotency-key-reused: the request
        // was understood and refused by the rules.
        default: .unprocessableContent
        }
    }

    /// Any error as the API reports it: domain errors by their codes, anything else as a 500
    /// whose details go to the log only.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ReferralError:
            // A referral the caller may not see is reported as missing (see ReferralsController),
            // so a not-permitted here concerns a record they can see.
            return APIError(Code(rawValue: error.code.rawValue), error.message, currentVersion: error.currentVersion)
        case let error as MatchingError:
            // A query or profile naming what the index cannot use (an unknown ZIP, a bad radius).
            return APIError(error.code == .notReady ? .notReady : .invalidRequest, error.message)
        case let error as AccountStoreError:
            return APIError(error.code == .notFound ? .notFound : .conflict, error.message)
        case let error as HTTPError:
            return APIError(httpStatus: error.status, error.body ?? error.status.reasonPhrase)
        case is DecodingError:
            return APIError(.invalidRequest, "The request body could not be read: \(Self.describe(error))")
        default:
            return APIError(.internalError, "Something went wrong on the server; it has been logged")
        }
    }

    init(httpStatus: HTTPResponse.Status, _ message: String) {
        switch httpStatus {
        case .notFound: self.init(.notFound, message)
        case .unauthorized: self.init(.unauthenticated, message)
        case .forbidden: self.init(.forbidden, message)
        case .badRequest, .unprocessableContent, .contentTooLarge: self.init(.invalidRequest, message)
        default: self.init(.internalError, message)
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
