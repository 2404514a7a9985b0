import Foundation
import DirectoryStore
import Logging
import SwitchboardCore

/// Writes the audit log: every change and every read of a client's details. A failure to write
/// it fails the request (an unaudited change must not pass silently).
struct Auditor: Sendable {
    private let log: AuditLogWriter

    init(accounts: any AccountStore) {
        log = AuditLogWriter(accounts: accounts)
    }

    /// Returns once the entry is committed, or throws what the store threw.
    func record(_ action: String, by account: Account?, target: String? = nil, detail: String? = nil) async throws {
        try await log.append(AuditEntry(at: Date(), userID: account?.id, action: action, target: target, detail: detail))
    }
}

/// Group commit for the audit log: entries that arrive while a batch is being written wait and
/// go together in the next transaction. Each request still waits for its own entry to be
/// committed; what changes is that a busy server (a match is audited, hundreds a second) makes
/// one write per batch instead of one per request through the database's single writer.
actor AuditLogWriter {
    private let accounts: any AccountStore
    private var pending: [AuditEntry] = []
    private var waiting: [CheckedContinuation<Void, any Error>] = []
    private var writing = false

    /// Enough for one transaction; more wait for the next.
    static let batchLimit = 512

    init(accounts: any AccountStore) {
        self.accounts = accounts
    }

    func append(_ entry: AuditEntry) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pending.append(entry)
            waiting.append(continuation)
            if !writing {
                writing = true
                Task { await self.writeBatches() }
            }
        }
    }

    private func writeBatches() async {
        while !pending.isEmpty {
            let count = min(pending.count, Self.batchLimit)
            let batch = Array(pending.prefix(count)), waiters = Array(waiting.prefix(count))
            pending.removeFirst(count)
            waiting.removeFirst(count)
            do {
                try await accounts.appendAudit(batch)
                for waiter in waiters { waiter.resume() }
            } catch {
                for waiter in waiters { waiter.resume(throwing: error) }
            }
        }
        writing = false
    }
}
