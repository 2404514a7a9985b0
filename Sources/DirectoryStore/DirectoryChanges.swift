/// A change to the directory that some process committed, as a change watch reports it.
public enum DirectoryChange: Hashable, Sendable {
    /// The watch is listening (again). Changes committed while it was not may have been missed,
    /// so the receiver checks the whole state; `resumed` is false the first time.
    case listening(resumed: Bool)
    /// A feed refresh committed; its run's id in the refresh history.
    case refreshed(runID: Int64)
    /// A batch was applied outside a refresh (`switchboard import`).
    case applied
    /// The watch lost its connection; it reconnects by itself and then reports `.listening(resumed: true)`.
    case interrupted(reason: String)
}

/// A store that tells of directory changes committed by any process on the same database, as
/// they commit: PostgreSQL's LISTEN/NOTIFY. (A SQLite server polls the directory's revision instead.)
public protocol DirectoryChangeWatching: Sendable {
    /// Reports changes to `handle`, one at a time, until the task is cancelled; reconnects when
    /// the connection drops.
    /// - Throws: `CancellationError` when cancelled.
    func watchDirectoryChanges(_ handle: @Sendable (DirectoryChange) async -> Void) async throws
}
