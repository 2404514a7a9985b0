public import DirectoryStore
import Foundation
import Logging
import PostgresNIO

// What lets several server instances share one database: change notifications (LISTEN/NOTIFY)
// and jobs that run in one instance at a time (advisory locks). Both use a connection of their
// own, outside the pool: a LISTEN and a session-level lock belong to one server session, and a
// pooled connection would carry them into someone else's work.

extension PostgresDirectoryStore {
    /// The notification channel of this store's directory. Notifications are database-wide, so a
    /// store in a schema of its own (the tests') listens on a channel of its own.
    var changeChannel: String { schema.map { "directory_changed_\($0)" } ?? "directory_changed" }

    static let appliedPayload = "applied"

    static func refreshedPayload(_ runID: Int64?) -> String { runID.map { "refreshed \($0)" } ?? "refreshed" }

    /// Queues a notification in the open transaction; PostgreSQL sends it when (and only if) it commits.
    static func notify(_ db: any SQLSession, channel: String, payload: String) throws {
        _ = try db.execute(sql: "SELECT pg_notify(?, ?)", arguments: [channel, payload])
    }

    static func change(fromPayload payload: String) -> DirectoryChange {
        let words = payload.split(separator: " ")
        if words.first == "refreshed", words.count == 2, let id = Int64(words[1]) { return .refreshed(runID: id) }
        // An apply, or a payload from a newer release: either way the directory changed.
        return .applied
    }

    /// Opens a connection outside the pool, named `<application name> <purpose>` in `pg_stat_activity`.
    func dedicatedConnection(purpose: String) async throws -> PostgresConnection {
        try await migrated.value
        var configuration = connectionConfiguration
        configuration.options.additionalStartupParameters = configuration.options.additionalStartupParameters.map {
            $0.0 == "application_name" ? ($0.0, "\($0.1) \(purpose)") : $0
        }
        return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
    }
}

extension PostgresDirectoryStore: DirectoryChangeWatching {
    /// Listens on the directory's channel on a connection of its own. When the connection drops
    /// it reports `.interrupted`, waits (half a second, doubling up to ten), reconnects and reports
    /// `.listening(resumed: true)` once LISTEN is in place again, so the receiver's full check
    /// cannot miss a change committed in between.
    public func watchDirectoryChanges(_ handle: @Sendable (DirectoryChange) async -> Void) async throws {
        let channel = changeChannel
        var resumed = false
        var pause = Duration.milliseconds(500)
        while true {
            try Task.checkCancellation()
            do {
                let connection = try await dedicatedConnection(purpose: "watch")
                do {
                    try await connection.listen(on: channel) { notifications in
                        // `listen` returns once the server confirmed LISTEN: from here nothing is missed.
                        await handle(.listening(resumed: resumed))
                        resumed = true
                        pause = .milliseconds(500)
                        for try await notification in notifications {
                            await handle(Self.change(fromPayload: notification.payload))
                        }
                    }
                    try? await connection.close()
                    try Task.checkCancellation()
                    await handle(.interrupted(reason: "the notification stream ended"))
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch {
                if Task.isCancelled { throw CancellationError() }
                await handle(.interrupted(reason: "\(PostgresSession.sqlState(error).trimmingCharacters(in: .whitespaces))"))
                resumed = true
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(10))
        }
    }
}

extension PostgresDirectoryStore: ExclusiveJobRunning {
    /// Holds `pg_try_advisory_lock` (or, waiting, `pg_advisory_lock`) on a connection opened for
    /// the job and closed after it: the lock goes with the session, so an instance that dies
    /// mid-job releases it as soon as PostgreSQL sees its connection close.
    public func withExclusiveJob<T: Sendable>(
        _ job: ExclusiveJob, ifBusy: BusyJob, _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        let key = Self.lockKey(job, schema: schema)
        let connection: PostgresConnection
        do {
            connection = try await dedicatedConnection(purpose: "job \(job)")
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.openFailed, "Could not connect to hold the job \(job)\(PostgresSession.sqlState(error))")
        }
        // Closing the connection releases the lock whatever happened.
        do {
            let result = try await holding(job, key: key, ifBusy: ifBusy, on: connection, body)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private func holding<T: Sendable>(
        _ job: ExclusiveJob, key: Int32, ifBusy: BusyJob, on connection: PostgresConnection, _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        do {
            switch ifBusy {
            case .skip:
                let rows = try await connection.query("SELECT pg_try_advisory_lock(\(Self.lockClass), \(key))", logger: logger)
                var held = false
                for try await value in rows.decode(Bool.self) { held = value }
                guard held else { return nil }
            case .wait:
                try await connection.query("SELECT pg_advisory_lock(\(Self.lockClass), \(key))", logger: logger)
            }
        } catch {
            throw StoreError(.writeFailed, "Could not take the lock of the job \(job)\(PostgresSession.sqlState(error))")
        }
        // Let go before the connection closes: the server ends a closed session's locks only when
        // its backend exits, after `close()` has returned, and another instance asking at once
        // would find the job still held (seen in CI). A failed unlock is left to the close.
        func release() async {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockClass), \(key))", logger: logger)
        }
        let result: T
        do {
            result = try await body()
        } catch {
            await release()
            throw error
        }
        await release()
        return result
    }

    /// The first half of the two-part advisory lock keys of jobs (migrations use the one-part key 7707).
    static let lockClass: Int32 = 7708

    /// The second half: FNV-1a of the schema and job names, so stores in different schemas of one
    /// database (the tests) do not hold each other's jobs. Stable across processes and releases.
    static func lockKey(_ job: ExclusiveJob, schema: String?) -> Int32 {
        var hash: UInt32 = 2_166_136_261
        for byte in "\(schema ?? "")/\(job.rawValue)".utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return Int32(bitPattern: hash)
    }
}
