import GRDB

/// A failure of the store itself: the database could not be opened, migrated, read or written.
///
/// Records that are merely wrong are not store errors: ``DirectoryStore/apply(_:now:)`` reports
/// them as `RecordIssue`s and goes on. A `StoreError` means the operation as a whole failed and,
/// for a write, that nothing of it was kept.
///
/// The description names the operation, the table and the database's own result code, never a
/// value from a record: directory records can carry client-adjacent notes, and errors end up in logs.
public struct StoreError: Error, CustomStringConvertible {
    /// What kind of failure, extensible like `RecordIssue.Code`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The database file could not be opened or configured.
        public static let openFailed = Code(rawValue: "open-failed")
        /// The schema could not be brought up to date.
        public static let migrationFailed = Code(rawValue: "migration-failed")
        /// A query failed.
        public static let readFailed = Code(rawValue: "read-failed")
        /// A write failed; the transaction was rolled back.
        public static let writeFailed = Code(rawValue: "write-failed")
        /// A record could not be turned into its stored form (a latitude that is not a number).
        public static let unencodableRecord = Code(rawValue: "unencodable-record")
        /// A stored row could not be read back into a record: the file was changed by hand or
        /// written by a newer version.
        public static let corruptRow = Code(rawValue: "corrupt-row")
    }

    public var code: Code
    /// What the store was doing, in words safe to log.
    public var message: String
    /// The error that caused this one (a GRDB `DatabaseError`, an `EncodingError`).
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code; self.message = message; self.cause = cause
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (\(Self.summary(of: cause)))" }
        return text
    }

    /// The cause without its payload: SQLite's message names tables and columns but not values,
    /// whereas an `EncodingError` or `DecodingError` can quote the offending value, so only its kind is kept.
    static func summary(of error: any Error) -> String {
        if let error = error as? StoreError { return error.description }
        if let error = error as? DatabaseError {
            return "SQLite \(error.extendedResultCode): \(error.message ?? "no message")"
        }
        return String(describing: type(of: error))
    }
}
