import Foundation
import DirectoryStore
import Logging
import SwitchboardCore

/// Writes the audit log: every change and every read of a client's details. A failure to write
/// it fails the request (an unaudited change must not pass silently).
struct Auditor: Sendable {
    let accounts: any AccountStore

    func record(_ action: String, by account: Account?, target: String? = nil, detail: String? = nil) async throws {
        try await accounts.appendAudit(AuditEntry(at: Date(), userID: account?.id, action: action, target: target, detail: detail))
    }
}
