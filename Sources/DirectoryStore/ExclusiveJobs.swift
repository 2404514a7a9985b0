/// A job that one process at a time may run against a database several server instances share:
/// the referral timers, the first start's demo data.
public struct ExclusiveJob: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { rawValue = name }

    /// The referral sweep: two instances sweeping at once would only race for the same versions.
    public static let referralSweep = ExclusiveJob("referral-sweep")
    /// Loading the demo directory and accounts into an empty database when instances start together.
    public static let firstStart = ExclusiveJob("first-start")

    public var description: String { rawValue }
}

/// What to do when another process holds the job.
public enum BusyJob: Sendable {
    /// Return nil at once: the holder does the work (a timer that will tick again).
    case skip
    /// Wait until the holder is done, then run (set-up that must have happened before going on).
    case wait
}

/// A store that can run a job in one process at a time across everything sharing its database.
///
/// PostgreSQL holds a session-level advisory lock on a connection of the job's own, so an instance
/// that dies mid-job lets go when its connection closes and the next instance's tick takes over.
/// A SQLite file belongs to one server, so it simply runs the job.
public protocol ExclusiveJobRunning: Sendable {
    /// Runs `body` while holding `job`.
    /// - Returns: what `body` returned, or nil when `ifBusy` is `.skip` and another process holds the job.
    func withExclusiveJob<T: Sendable>(
        _ job: ExclusiveJob, ifBusy: BusyJob, _ body: @Sendable () async throws -> T
    ) async throws -> T?
}

extension SQLiteDirectoryStore: ExclusiveJobRunning {
    /// Runs `body`: one SQLite file is served by one server process, and its writes are serialized anyway.
    public func withExclusiveJob<T: Sendable>(
        _ job: ExclusiveJob, ifBusy: BusyJob, _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        try await body()
    }
}
