package import Foundation
package import SwitchboardCore

/// Accounts, sessions, API tokens and the audit log (tables from migration "v6-accounts"), the
/// same on every backend over the backend's transactions.
package struct AccountOperations<Store: SQLTransacting>: Sendable {
    let store: Store
    package init(store: Store) { self.store = store }

    // MARK: Organizations

    package func saveOrganization(_ organization: AccountOrganization) async throws {
        _ = try await store.write("Saving an organization") { db in
            try db.execute(sql: """
                INSERT INTO account_organization (id, name, kind) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind
                """, arguments: [organization.id.rawValue, organization.name, organization.kind.rawValue])
        }
    }

    package func accountOrganization(_ id: OrganizationID) async throws -> AccountOrganization? {
        try await store.read("Reading an organization") { db in
            try db.fetchOne(sql: "SELECT * FROM account_organization WHERE id = ?", arguments: [id.rawValue]).map(Self.organization)
        }
    }

    package func accountOrganizations() async throws -> [AccountOrganization] {
        try await store.read("Reading organizations") { db in
            try db.fetchAll(sql: "SELECT * FROM account_organization ORDER BY name").map(Self.organization)
        }
    }

    static func organization(_ row: SQLRow) throws -> AccountOrganization {
        guard let kind = AccountOrganization.Kind(rawValue: row["kind"]) else { throw StoreError(.corruptRow, "account_organization.kind") }
        return AccountOrganization(id: OrganizationID(row["id"] as String), name: row["name"], kind: kind)
    }

    // MARK: Accounts

    package func createAccount(_ account: Account, passwordHash: String) async throws {
        try await store.write("Creating an account") { db in
            guard try db.fetchOne(Bool.self, sql: "SELECT 1 FROM account_organization WHERE id = ?", arguments: [account.organizationID.rawValue]) != nil else {
                throw AccountStoreError(.notFound, "No organization \(account.organizationID)")
            }
            guard try db.fetchOne(Bool.self, sql: "SELECT 1 FROM account WHERE id = ? OR lower(username) = lower(?)",
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

    package func updateAccount(_ account: Account) async throws {
        try await store.write("Updating an account") { db in
            let changed = try db.execute(sql: """
                UPDATE account SET display_name = ?, role = ?, organization_id = ?, disabled_at = ? WHERE id = ?
                """, arguments: [account.displayName, account.role.rawValue, account.organizationID.rawValue,
                    account.disabledAt?.timeIntervalSince1970, account.id.rawValue])
            guard changed == 1 else { throw AccountStoreError(.notFound, "No account \(account.id)") }
        }
    }

    package func setPasswordHash(_ hash: String, for user: UserID) async throws {
        try await store.write("Setting a password") { db in
            let changed = try db.execute(sql: "UPDATE account SET password_hash = ? WHERE id = ?", arguments: [hash, user.rawValue])
            guard changed == 1 else { throw AccountStoreError(.notFound, "No account \(user)") }
            // A new password signs every browser out.
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [user.rawValue])
        }
    }

    package func account(_ id: UserID) async throws -> Account? {
        try await store.read("Reading an account") { db in
            try db.fetchOne(sql: "SELECT * FROM account WHERE id = ?", arguments: [id.rawValue]).map(Self.account)
        }
    }

    package func credentials(username: String) async throws -> (Account, String)? {
        try await store.read("Reading credentials") { db in
            try db.fetchOne(sql: "SELECT * FROM account WHERE lower(username) = lower(?)", arguments: [username])
                .map { (try Self.account($0), $0["password_hash"] as String) }
        }
    }

    package func accounts() async throws -> [Account] {
        try await store.read("Reading accounts") { db in
            try db.fetchAll(sql: "SELECT * FROM account ORDER BY lower(username)").map(Self.account)
        }
    }

    package func accountCount() async throws -> Int {
        try await store.read("Counting accounts") { db in try db.fetchOne(Int.self, sql: "SELECT count(*) FROM account") ?? 0 }
    }

    static func account(_ row: SQLRow) throws -> Account {
        guard let role = Account.Role(rawValue: row["role"]) else { throw StoreError(.corruptRow, "account.role") }
        return Account(
            id: UserID(row["id"] as String), username: row["username"], displayName: row["display_name"], role: role,
            organizationID: OrganizationID(row["organization_id"] as String),
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            disabledAt: (row["disabled_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    // MARK: Sessions and tokens

    package func createSession(_ session: Session) async throws {
        try await store.write("Creating a session") { db in
            try db.execute(sql: "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [session.tokenHash, session.userID.rawValue, session.csrfToken,
                    session.createdAt.timeIntervalSince1970, session.expiresAt.timeIntervalSince1970])
            // Expired sessions are cleared as new ones are made.
            try db.execute(sql: "DELETE FROM session WHERE expires_at < ?", arguments: [session.createdAt.timeIntervalSince1970])
        }
    }

    package func session(tokenHash: String, now: Date) async throws -> (Session, Account)? {
        try await store.read("Reading a session") { db in
            guard let row = try db.fetchOne(sql: """
                SELECT s.token_hash, s.csrf_token, s.created_at AS s_created, s.expires_at, a.*
                FROM session s JOIN account a ON a.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled_at IS NULL
                """, arguments: [tokenHash, now.timeIntervalSince1970], cached: true)
            else { return nil }
            let account = try Self.account(row)
            let session = Session(tokenHash: row["token_hash"], userID: account.id, csrfToken: row["csrf_token"],
                createdAt: Date(timeIntervalSince1970: row["s_created"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
            return (session, account)
        }
    }

    package func deleteSession(tokenHash: String) async throws {
        _ = try await store.write("Deleting a session") { db in
            try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    package func createToken(_ token: APIToken) async throws {
        _ = try await store.write("Creating an API token") { db in
            try db.execute(sql: "INSERT INTO api_token (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [token.id, token.userID.rawValue, token.name, token.tokenHash, token.createdAt.timeIntervalSince1970])
        }
    }

    /// The account a live token belongs to. The token's last use is written at most once a
    /// minute: a system calling the API thousands of times a second would otherwise make every
    /// request a write, one at a time through the database's single writer.
    package func account(apiTokenHash: String, now: Date) async throws -> Account? {
        let found = try await store.read("Reading an API token") { db -> (account: Account, tokenID: String, lastUsed: Double?)? in
            guard let row = try db.fetchOne(sql: """
                SELECT t.id AS token_id, t.last_used_at AS token_last_used_at, a.* FROM api_token t JOIN account a ON a.id = t.user_id
                WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL
                """, arguments: [apiTokenHash], cached: true)
            else { return nil }
            return (try Self.account(row), row["token_id"], row["token_last_used_at"])
        }
        guard let found else { return nil }
        if found.lastUsed.map({ now.timeIntervalSince1970 - $0 >= Self.tokenUseResolution }) ?? true {
            _ = try await store.write("Noting an API token's use") { db in
                try db.execute(sql: "UPDATE api_token SET last_used_at = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, found.tokenID])
            }
        }
        return found.account
    }

    /// How stale a token's "last used" may be, in seconds.
    static var tokenUseResolution: Double { 60 }

    package func tokens(of user: UserID) async throws -> [APIToken] {
        try await store.read("Reading API tokens") { db in
            try db.fetchAll(sql: "SELECT * FROM api_token WHERE user_id = ? ORDER BY created_at", arguments: [user.rawValue]).map { row in
                APIToken(id: row["id"], userID: user, name: row["name"], tokenHash: row["token_hash"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]),
                    lastUsedAt: (row["last_used_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    revokedAt: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    package func revokeToken(_ id: String, of user: UserID, at date: Date) async throws {
        try await store.write("Revoking an API token") { db in
            let changed = try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                arguments: [date.timeIntervalSince1970, id, user.rawValue])
            guard changed == 1 else { throw AccountStoreError(.notFound, "No live token \(id)") }
        }
    }

    // MARK: Audit

    /// Entries in one transaction: the server gathers the entries of requests that arrive
    /// together (``AuditEntry``) so that a busy server's audit costs one write per batch.
    package func appendAudit(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        _ = try await store.write("Writing the audit log") { db in
            for entry in entries {
                try db.execute(sql: "INSERT INTO audit_event (at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                    arguments: [entry.at.timeIntervalSince1970, entry.userID?.rawValue, entry.action, entry.target, entry.detail], cached: true)
            }
        }
    }

    package func audit(_ query: AuditQuery) async throws -> [AuditEntry] {
        try await store.read("Reading the audit log") { db in
            var conditions: [String] = []
            var arguments = SQLArguments()
            if let user = query.userID { conditions.append("user_id = ?"); arguments += [user.rawValue] }
            if let action = query.action {
                if action.hasSuffix(".") {
                    // A prefix as a range (both databases compare these columns bytewise): "referral." up to "referral/".
                    conditions.append("action >= ? AND action < ?"); arguments += [action, String(action.dropLast()) + "/"]
                } else {
                    conditions.append("action = ?"); arguments += [action]
                }
            }
            if let target = query.target { conditions.append("target = ?"); arguments += [target] }
            if let since = query.since { conditions.append("at >= ?"); arguments += [since.timeIntervalSince1970] }
            let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [query.limit]
            return try db.fetchAll(sql: "SELECT * FROM audit_event \(whereSQL) ORDER BY id DESC LIMIT ?",
                arguments: arguments).map { row in
                AuditEntry(id: row["id"], at: Date(timeIntervalSince1970: row["at"]), userID: (row["user_id"] as String?).map { UserID($0) },
                    action: row["action"], target: row["target"], detail: row["detail"])
            }
        }
    }
}
