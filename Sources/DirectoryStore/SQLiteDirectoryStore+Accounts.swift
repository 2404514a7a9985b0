public import Foundation
import GRDB
public import SwitchboardCore

/// Accounts in the directory's database (tables from migration "v6-accounts").
extension SQLiteDirectoryStore: AccountStore {
    static let v6Accounts = """
        CREATE TABLE account_organization (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('referrer', 'provider', 'both'))
        );
        CREATE TABLE account (
            id TEXT NOT NULL PRIMARY KEY,
            username TEXT NOT NULL,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('coordinator', 'case-manager', 'provider-staff', 'administrator')),
            organization_id TEXT NOT NULL REFERENCES account_organization(id),
            password_hash TEXT NOT NULL,
            created_at REAL NOT NULL,
            disabled_at REAL
        );
        CREATE UNIQUE INDEX account_username ON account (lower(username));
        CREATE TABLE session (
            token_hash TEXT NOT NULL PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL
        );
        CREATE TABLE api_token (
            id TEXT NOT NULL PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL,
            last_used_at REAL,
            revoked_at REAL
        );
        CREATE TABLE audit_event (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at REAL NOT NULL,
            user_id TEXT,
            action TEXT NOT NULL,
            target TEXT,
            detail TEXT
        );
        CREATE INDEX audit_event_at ON audit_event (at);
        CREATE INDEX audit_event_user ON audit_event (user_id, at);
        CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """

    // MARK: Organizations

    public func saveOrganization(_ organization: AccountOrganization) async throws {
        try await write("Saving an organization") { db in
            try db.execute(sql: """
                INSERT INTO account_organization (id, name, kind) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind
                """, arguments: [organization.id.rawValue, organization.name, organization.kind.rawValue])
        }
    }

    public func accountOrganization(_ id: OrganizationID) async throws -> AccountOrganization? {
        try await read("Reading an organization") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account_organization WHERE id = ?", arguments: [id.rawValue]).map(Self.organization)
        }
    }

    public func accountOrganizations() async throws -> [AccountOrganization] {
        try await read("Reading organizations") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account_organization ORDER BY name").map(Self.organization)
        }
    }

    static func organization(_ row: Row) throws -> AccountOrganization {
        guard let kind = AccountOrganization.Kind(rawValue: row["kind"]) else { throw StoreError(.corruptRow, "account_organization.kind") }
        return AccountOrganization(id: OrganizationID(row["id"] as String), name: row["name"], kind: kind)
    }

    // MARK: Accounts

    public func createAccount(_ account: Account, passwordHash: String) async throws {
        try await write("Creating an account") { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM account_organization WHERE id = ?", arguments: [account.organizationID.rawValue]) != nil else {
                throw AccountStoreError(.notFound, "No organization \(account.organizationID)")
            }
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE id = ? OR lower(username) = lower(?)",
                arguments: [account.id.rawValue, account.username]) == nil
            else { throw AccountStoreError(.alreadyExists, "The username or id is taken") }
            try db.execute(sql: """
                INSERT INTO account (id, username, display_name, role, organization_id, password_hash, created_at, disabled_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [account.id.rawValue, account.username, account.displayName, account.role.rawValue,
                    account.organizationID.rawValue, passwordHash, account.createdAt.timeIntervalSince1970,
                    account.disabledAt?.timeIntervalSince1970])
        }
    }

    public func updateAccount(_ account: Account) async throws {
        try await write("Updating an account") { db in
            try db.execute(sql: """
                UPDATE account SET display_name = ?, role = ?, organization_id = ?, disabled_at = ? WHERE id = ?
                """, arguments: [account.displayName, account.role.rawValue, account.organizationID.rawValue,
                    account.disabledAt?.timeIntervalSince1970, account.id.rawValue])
            guard db.changesCount == 1 else { throw AccountStoreError(.notFound, "No account \(account.id)") }
        }
    }

    public func setPasswordHash(_ hash: String, for user: UserID) async throws {
        try await write("Setting a password") { db in
            try db.execute(sql: "UPDATE account SET password_hash = ? WHERE id = ?", arguments: [hash, user.rawValue])
            guard db.changesCount == 1 else { throw AccountStoreError(.notFound, "No account \(user)") }
            // A new password signs every browser out.
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [user.rawValue])
        }
    }

    public func account(_ id: UserID) async throws -> Account? {
        try await read("Reading an account") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id.rawValue]).map(Self.account)
        }
    }

    public func credentials(username: String) async throws -> (Account, String)? {
        try await read("Reading credentials") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE lower(username) = lower(?)", arguments: [username])
                .map { (try Self.account($0), $0["password_hash"] as String) }
        }
    }

    public func accounts() async throws -> [Account] {
        try await read("Reading accounts") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY lower(username)").map(Self.account)
        }
    }

    public func accountCount() async throws -> Int {
        try await read("Counting accounts") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM account") ?? 0 }
    }

    static func account(_ row: Row) throws -> Account {
        guard let role = Account.Role(rawValue: row["role"]) else { throw StoreError(.corruptRow, "account.role") }
        return Account(
            id: UserID(row["id"] as String), username: row["username"], displayName: row["display_name"], role: role,
            organizationID: OrganizationID(row["organization_id"] as String),
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            disabledAt: (row["disabled_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    // MARK: Sessions and tokens

    public func createSession(_ session: Session) async throws {
        try await write("Creating a session") { db in
            try db.execute(sql: "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [session.tokenHash, session.userID.rawValue, session.csrfToken,
                    session.createdAt.timeIntervalSince1970, session.expiresAt.timeIntervalSince1970])
            // Expired sessions are cleared as new ones are made.
            try db.execute(sql: "DELETE FROM session WHERE expires_at < ?", arguments: [session.createdAt.timeIntervalSince1970])
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> (Session, Account)? {
        try await read("Reading a session") { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.token_hash, s.csrf_token, s.created_at AS s_created, s.expires_at, a.*
                FROM session s JOIN account a ON a.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled_at IS NULL
                """, arguments: [tokenHash, now.timeIntervalSince1970])
            else { return nil }
            let account = try Self.account(row)
            let session = Session(tokenHash: row["token_hash"], userID: account.id, csrfToken: row["csrf_token"],
                createdAt: Date(timeIntervalSince1970: row["s_created"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
            return (session, account)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write("Deleting a session") { db in
            try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func createToken(_ token: APIToken) async throws {
        try await write("Creating an API token") { db in
            try db.execute(sql: "INSERT INTO api_token (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [token.id, token.userID.rawValue, token.name, token.tokenHash, token.createdAt.timeIntervalSince1970])
        }
    }

    public func account(apiTokenHash: String, now: Date) async throws -> Account? {
        try await write("Reading an API token") { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT t.id AS token_id, a.* FROM api_token t JOIN account a ON a.id = t.user_id
                WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL
                """, arguments: [apiTokenHash])
            else { return nil }
            try db.execute(sql: "UPDATE api_token SET last_used_at = ? WHERE id = ?",
                arguments: [now.timeIntervalSince1970, row["token_id"] as String])
            return try Self.account(row)
        }
    }

    public func tokens(of user: UserID) async throws -> [APIToken] {
        try await read("Reading API tokens") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token WHERE user_id = ? ORDER BY created_at", arguments: [user.rawValue]).map { row in
                APIToken(id: row["id"], userID: user, name: row["name"], tokenHash: row["token_hash"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]),
                    lastUsedAt: (row["last_used_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    revokedAt: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    public func revokeToken(_ id: String, of user: UserID, at date: Date) async throws {
        try await write("Revoking an API token") { db in
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                arguments: [date.timeIntervalSince1970, id, user.rawValue])
            guard db.changesCount == 1 else { throw AccountStoreError(.notFound, "No live token \(id)") }
        }
    }

    // MARK: Audit

    public func appendAudit(_ entry: AuditEntry) async throws {
        try await write("Writing the audit log") { db in
            try db.execute(sql: "INSERT INTO audit_event (at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [entry.at.timeIntervalSince1970, entry.userID?.rawValue, entry.action, entry.target, entry.detail])
        }
    }

    public func audit(_ query: AuditQuery) async throws -> [AuditEntry] {
        try await read("Reading the audit log") { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let user = query.userID { conditions.append("user_id = ?"); arguments.append(user.rawValue) }
            if let action = query.action {
                if action.hasSuffix(".") {
                    conditions.append("substr(action, 1, ?) = ?"); arguments.append(action.count); arguments.append(action)
                } else {
                    conditions.append("action = ?"); arguments.append(action)
                }
            }
            if let target = query.target { conditions.append("target = ?"); arguments.append(target) }
            if let since = query.since { conditions.append("at >= ?"); arguments.append(since.timeIntervalSince1970) }
            let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments.append(query.limit)
            return try Row.fetchAll(db, sql: "SELECT * FROM audit_event \(whereSQL) ORDER BY id DESC LIMIT ?",
                arguments: StatementArguments(arguments)).map { row in
                AuditEntry(id: row["id"], at: Date(timeIntervalSince1970: row["at"]), userID: (row["user_id"] as String?).map { UserID($0) },
                    action: row["action"], target: row["target"], detail: row["detail"])
            }
        }
    }
}
