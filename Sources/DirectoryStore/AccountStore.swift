public import Foundation
public import SwitchboardCore

/// Where accounts live: organizations that people sign in for, users with their password
/// hashes, sign-in sessions, API tokens and the audit log.
///
/// Secrets never reach the store in clear: passwords arrive as bcrypt hashes, session and API
/// tokens as SHA-256 hashes of the random token the user holds. Every method is one transaction.
/// Implemented once in SQL (`AccountOperations`, migration "v6-accounts") for SQLite and PostgreSQL.
public protocol AccountStore: Sendable {
    func saveOrganization(_ organization: AccountOrganization) async throws
    func accountOrganization(_ id: OrganizationID) async throws -> AccountOrganization?
    func accountOrganizations() async throws -> [AccountOrganization]

    /// Adds an account with its password hash.
    /// - Throws: ``AccountStoreError`` `.alreadyExists` when the username (any case) or id is taken,
    ///   `.notFound` when its organization is unknown.
    func createAccount(_ account: Account, passwordHash: String) async throws
    /// Replaces what can change of an account (name, role, organization, disabled).
    func updateAccount(_ account: Account) async throws
    func setPasswordHash(_ hash: String, for user: UserID) async throws
    func account(_ id: UserID) async throws -> Account?
    /// The account and its password hash, by username in any case.
    func credentials(username: String) async throws -> (Account, String)?
    func accounts() async throws -> [Account]
    func accountCount() async throws -> Int

    /// A session a browser holds by cookie.
    func createSession(_ session: Session) async throws
    /// The session and its live account; nil when unknown, expired at `now`, or the account disabled.
    func session(tokenHash: String, now: Date) async throws -> (Session, Account)?
    func deleteSession(tokenHash: String) async throws

    func createToken(_ token: APIToken) async throws
    /// The token's account; nil when unknown, revoked, or the account disabled. Records the use.
    func account(apiTokenHash: String, now: Date) async throws -> Account?
    func tokens(of user: UserID) async throws -> [APIToken]
    /// - Throws: `.notFound` when the user has no such live token.
    func revokeToken(_ id: String, of user: UserID, at date: Date) async throws

    /// Several entries in one transaction: all are written or none.
    func appendAudit(_ entries: [AuditEntry]) async throws
    /// Newest first.
    func audit(_ query: AuditQuery) async throws -> [AuditEntry]
}

extension AccountStore {
    public func appendAudit(_ entry: AuditEntry) async throws { try await appendAudit([entry]) }
}

/// A signed-in browser: the hash of the cookie's token, whose it is, and the token its forms
/// must echo (CSRF).
public struct Session: Hashable, Sendable {
    public var tokenHash: String
    public var userID: UserID
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, userID: UserID, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash; self.userID = userID; self.csrfToken = csrfToken
        self.createdAt = createdAt; self.expiresAt = expiresAt
    }
}

/// A bearer token another system uses; only its hash is kept.
public struct APIToken: Hashable, Sendable, Encodable {
    public var id: String
    public var userID: UserID
    public var name: String
    public var tokenHash: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: String, userID: UserID, name: String, tokenHash: String, createdAt: Date, lastUsedAt: Date? = nil, revokedAt: Date? = nil) {
        self.id = id; self.userID = userID; self.name = name; self.tokenHash = tokenHash
        self.createdAt = createdAt; self.lastUsedAt = lastUsedAt; self.revokedAt = revokedAt
    }

    enum CodingKeys: String, CodingKey { case id, userID, name, createdAt, lastUsedAt, revokedAt }
}

/// Which audit entries to read. Empty fields match everything.
public struct AuditQuery: Hashable, Sendable {
    public var userID: UserID?
    /// An action, or a prefix of one ending in a dot (`referral.`).
    public var action: String?
    public var target: String?
    public var since: Date?
    public var limit: Int

    public init(userID: UserID? = nil, action: String? = nil, target: String? = nil, since: Date? = nil, limit: Int = 100) {
        self.userID = userID; self.action = action; self.target = target; self.since = since; self.limit = limit
    }
}

/// An account write the store refused; nothing was written.
public struct AccountStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        case alreadyExists = "already-exists"
        case notFound = "not-found"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) { self.code = code; self.message = message }
    public var description: String { "\(code.rawValue): \(message)" }
}
