public import DirectoryStore
public import Foundation
public import SwitchboardCore

/// Accounts in PostgreSQL: the shared `AccountOperations`.
/// Forwarders only: the shared SQL is `package` (it speaks `SQLSession`), so a public protocol
/// cannot take its methods as default implementations.
extension PostgresDirectoryStore: AccountStore {
    var accountOperations: AccountOperations<PostgresDirectoryStore> { AccountOperations(store: self) }

    public func saveOrganization(_ organization: AccountOrganization) async throws {
        try await accountOperations.saveOrganization(organization)
    }

    public func accountOrganization(_ id: OrganizationID) async throws -> AccountOrganization? {
        try await accountOperations.accountOrganization(id)
    }

    public func accountOrganizations() async throws -> [AccountOrganization] {
        try await accountOperations.accountOrganizations()
    }

    public func createAccount(_ account: Account, passwordHash: String) async throws {
        try await accountOperations.createAccount(account, passwordHash: passwordHash)
    }

    public func updateAccount(_ account: Account) async throws {
        try await accountOperations.updateAccount(account)
    }

    public func setPasswordHash(_ hash: String, for user: UserID) async throws {
        try await accountOperations.setPasswordHash(hash, for: user)
    }

    public func account(_ id: UserID) async throws -> Account? {
        try await accountOperations.account(id)
    }

    public func credentials(username: String) async throws -> (Account, String)? {
        try await accountOperations.credentials(username: username)
    }

    public func accounts() async throws -> [Account] {
        try await accountOperations.accounts()
    }

    public func accountCount() async throws -> Int {
        try await accountOperations.accountCount()
    }

    public func createSession(_ session: Session) async throws {
        try await accountOperations.createSession(session)
    }

    public func session(tokenHash: String, now: Date) async throws -> (Session, Account)? {
        try await accountOperations.session(tokenHash: tokenHash, now: now)
    }

    public func deleteSession(tokenHash: String) async throws {
        try await accountOperations.deleteSession(tokenHash: tokenHash)
    }

    public func createToken(_ token: APIToken) async throws {
        try await accountOperations.createToken(token)
    }

    public func account(apiTokenHash: String, now: Date) async throws -> Account? {
        try await accountOperations.account(apiTokenHash: apiTokenHash, now: now)
    }

    public func tokens(of user: UserID) async throws -> [APIToken] {
        try await accountOperations.tokens(of: user)
    }

    public func revokeToken(_ id: String, of user: UserID, at date: Date) async throws {
        try await accountOperations.revokeToken(id, of: user, at: date)
    }

    public func appendAudit(_ entries: [AuditEntry]) async throws {
        try await accountOperations.appendAudit(entries)
    }

    public func audit(_ query: AuditQuery) async throws -> [AuditEntry] {
        try await accountOperations.audit(query)
    }
}
