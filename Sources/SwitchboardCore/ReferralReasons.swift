extension Referral {
    /// Why a referral was rejected, cancelled, put on hold or failed.
    public enum ReasonCode: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
        case noCapacity = "no-capacity"
        case notEligible = "not-eligible"
        case outsideServiceArea = "outside-service-area"
        case couldNotContactClient = "could-not-contact-client"
        case clientDeclined = "client-declined"
        case missingDocuments = "missing-documents"
        case duplicate
        case other
        /// Set by the sweep when a referral had no activity for too long.
        case expired

        public var description: String { rawValue }

        /// The reasons a person may give; `expired` is the sweep's.
        public static var chosenByPeople: [ReasonCode] { allCases.filter { $0 != .expired } }

        /// Words for people and for FHIR's `statusReason.text`.
        public var label: String {
            switch self {
            case .noCapacity: "No capacity"
            case .notEligible: "Client not eligible"
            case .outsideServiceArea: "Outside the service area"
            case .couldNotContactClient: "Could not contact the client"
            case .clientDeclined: "Client declined"
            case .missingDocuments: "Missing documents"
            case .duplicate: "Duplicate referral"
            case .other: "Other"
            case .expired: "Expired: no activity"
            }
        }
    }

    /// A coded reason, with what the person added in words.
    public struct StatusReason: Hashable, Sendable, Codable {
        public var code: ReasonCode
        public var text: String?

        public init(_ code: ReasonCode, text: String? = nil) { self.code = code; self.text = text }

        /// The code's label, then the text: FHIR requires `statusReason.text`.
        public var summary: String { [code.label, text].compactMap { $0 }.joined(separator: ": ") }
    }

    /// How a completed referral ended for the client.
    public enum OutcomeCode: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
        case serviceProvided = "service-provided"
        case enrolled
        case waitlisted
        case notEnrolled = "not-enrolled"

        public var description: String { rawValue }

        /// The client got the help: what the matching engine's completion rate counts.
        public var isSuccess: Bool { self == .serviceProvided || self == .enrolled }

        public var label: String {
            switch self {
            case .serviceProvided: "Service provided"
            case .enrolled: "Client enrolled"
            case .waitlisted: "Client waitlisted"
            case .notEnrolled: "Client not enrolled"
            }
        }
    }

    public struct Outcome: Hashable, Sendable, Codable {
        public var code: OutcomeCode
        public var text: String?

        public init(_ code: OutcomeCode, text: String? = nil) { self.code = code; self.text = text }

        public var summary: String { [code.label, text].compactMap { $0 }.joined(separator: ": ") }
    }
}
