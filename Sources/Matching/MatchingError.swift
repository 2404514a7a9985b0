/// What can go wrong in search and matching: an extensible code and a message that helps.
///
/// Client data is personal: messages name fields and files, never a client's values.
public struct MatchingError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A ZIP table or poverty table that cannot be read.
        public static let invalidReferenceData = Code(rawValue: "invalid-reference-data")
        /// A query or profile that names something we cannot use (a ZIP not in the table, a bad time).
        public static let invalidQuery = Code(rawValue: "invalid-query")
        /// A profile file that is not a profile.
        public static let invalidProfile = Code(rawValue: "invalid-profile")
        /// A match asked of a holder that has no index yet.
        public static let notReady = Code(rawValue: "not-ready")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) { self.code = code; self.message = message }

    public var description: String { message }
}
