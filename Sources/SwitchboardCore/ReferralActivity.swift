public import Foundation

extension Referral {
    /// Something done about a referral that is not a change of status. Activity never moves
    /// the status by itself, but it counts as life: it resets the idle timers.
    public struct Activity: Hashable, Sendable, Codable {
        public enum Kind: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
            /// Someone tried to reach the client; `reached` says whether they did.
            case contactAttempted = "contact-attempted"
            case appointmentScheduled = "appointment-scheduled"
            case noShow = "no-show"
            case waitlisted
            case documentsRequested = "documents-requested"
            case noteAdded = "note-added"

            public var description: String { rawValue }
        }

        public var kind: Kind
        /// For a contact attempt: was the client reached?
        public var reached: Bool?
        /// For an appointment: when.
        public var scheduledFor: Date?

        public init(_ kind: Kind, reached: Bool? = nil, scheduledFor: Date? = nil) {
            self.kind = kind; self.reached = reached; self.scheduledFor = scheduledFor
        }
    }
}
