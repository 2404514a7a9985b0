import DirectoryStore
import Foundation
import SwitchboardCore
import Testing

/// What every `AccountStore` must do, run against each backend in `StoreKind.available`.
@Suite struct AccountStoreConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)
    static let agency = AccountOrganization(id: "org-agency", name: "Northside Family Services", kind: .referrer)

    static func account(_ id: String, _ username: String, role: Account.Role = .caseManager) -> Account {
        Account(id: UserID(id), username: username, displayName: "Name of \(username)", role: role,
            organizationID: agency.id, createdAt: t0)
    }

    func storeWithAgency(_ kind: StoreKind) async throws -> any AccountStore {
        let store = try kind.makeAccountStore()
        try await store.saveOrganization(Self.agency)
        return store
    }

    func refusal(_ code: AccountStoreError.Code, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected a \(code) refusal")
        } catch let error as AccountStoreError {
            #expect(error.code == code, "\(error)")
        } catch {
            Issue.record("expected a \(code) refusal, got \(error)")
        }
    }

    @Test(arguments: StoreKind.available)
    func organizationsAreSavedAndRenamed(kind: StoreKind) async throws {
        let store = try await storeWithAgency(kind)
        var renamed = Self.agency
        renamed.name = "Northside Family Services (West)"
        try await store.saveOrganization(renamed)
        try await store.saveOrganization(AccountOrganization(id: "org-clinic", name: "A Clinic", kind: .provider))
        #expect(try await store.accountOrganization(Self.agency.id) == renamed)
        #expect(try await store.accountOrganizations().map(\.name) == ["A Clinic", "Northside Family Services (West)"])
        #expect(try await store.accountOrganization("org-missing") == nil)
    }

    @Test(arguments: StoreKind.available)
    func usernamesAreUniqueInAnyCaseAndAccountsNeedTheirOrganization(kind: StoreKind) async throws {
        let store = try await storeWithAgency(kind)
        try await store.createAccount(Self.account("u-1", "Maria"), passwordHash: "$2b$12$hash")
        await refusal(.alreadyExists) { try await store.createAccount(Self.account("u-2", "maria"), passwordHash: "x") }
        await refusal(.alreadyExists) { try await store.createAccount(Self.account("u-1", "someone"), passwordHash: "x") }
        var orphan = Self.account("u-3", "orphan")
        orphan.organizationID = "org-missing"
        await refusal(.notFound) { try await store.createAccount(orphan, passwordHash: "x") }

        let (found, hash) = try #require(try await store.credentials(username: "MARIA"))
        #expect(found == Self.account("u-1", "Maria"))
        #expect(hash == "$2b$12$hash")
        #expect(try await store.accountCount() == 1)
    }

    @Test(arguments: StoreKind.available)
    func updatesAndPasswordChanges(kind: StoreKind) async throws {
        let store = try await storeWithAgency(kind)
        try await store.createAccount(Self.account("u-1", "maria"), passwordHash: "old")
        var changed = Self.account("u-1", "maria", role: .coordinator)
        changed.disabledAt = Self.t0.addingTimeInterval(60)
        try await store.updateAccount(changed)
        #expect(try await store.account("u-1") == changed)
        await refusal(.notFound) { try await store.updateAccount(Self.account("u-9", "nobody")) }

        changed.disabledAt = nil
        try await store.updateAccount(changed)
        let session = Session(tokenHash: "s-1", userID: "u-1", csrfToken: "c-1", createdAt: Self.t0, expiresAt: Self.t0.addingTimeInterval(3600))
        try await store.createSession(session)
        #expect(try await store.session(tokenHash: "s-1", now: Self.t0) != nil)
        // A new password signs every browser out.
        try await store.setPasswordHash("new", for: "u-1")
        #expect(try await store.credentials(username: "maria")?.1 == "new")
        #expect(try await store.session(tokenHash: "s-1", now: Self.t0) == nil)
        await refusal(.notFound) { try await store.setPasswordHash("x", for: "u-9") }
    }

    @Test(arguments: StoreKind.available)
    func sessionsEndWhenExpiredDeletedOrTheAccountIsDisabled(kind: StoreKind) async throws {
        let store = try await storeWithAgency(kind)
        try await store.createAccount(Self.account("u-1", "maria"), passwordHash: "h")
        let session = Session(tokenHash: "s-1", userID: "u-1", csrfToken: "c-1", createdAt: Self.t0, expiresAt: Self.t0.addingTimeInterval(3600))
        try await store.createSession(session)
        let (read, account) = try #require(try await store.session(tokenHash: "s-1", now: Self.t0.addingTimeInterval(60)))
        #expect(read == session)
        #expect(account.username == "maria")
        #expect(try await store.session(tokenHash: "s-1", now: Self.t0.addingTimeInterval(3601)) == nil)

        var disabled = account
        disabled.disabledAt = Self.t0
        try await store.updateAccount(disabled)
        #expect(try await store.session(tokenHash: "s-1", now: Self.t0) == nil)
        disabled.disabledAt = nil
        try await store.updateAccount(disabled)
        try await store.deleteSession(tokenHash: "s-1")
        #expect(try await store.session(tokenHash: "s-1", now: Self.t0) == nil)
    }

    @Test(arguments: StoreKind.available)
    func tokensRecordTheirUseAndStopWhenRevoked(kind: StoreKind) async throws {
        let store = try await storeWithAgency(kind)
        try await store.createAccount(Self.account("u-1", "maria"), passwordHash: "h")
        try await store.createToken(APIToken(id: "t-1", userID: "u-1", name: "nightly", tokenHash: "th-1", createdAt: Self.t0))
        let used = Self.t0.addingTimeInterval(120)
        #expect(try await store.account(apiTokenHash: "th-1", now: used)?.id == "u-1")
        #expect(try await store.account(apiTokenHash: "th-unknown", now: used) == nil)
        #expect(try await store.tokens(of: "u-1").map(\.lastUsedAt) == [used])
        // The last use is kept to the minute: a use within it writes nothing, a later one does.
        #expect(try await store.account(apiTokenHash: "th-1", now: used.addingTimeInterval(59))?.id == "u-1")
        #expect(try await store.tokens(of: "u-1").map(\.lastUsedAt) == [used])
        let later = used.addingTimeInterval(61)
        #expect(try await store.account(apiTokenHash: "th-1", now: later)?.id == "u-1")
        #expect(try await store.tokens(of: "u-1").map(\.lastUsedAt) == [later])

        await refusal(.notFound) { try await store.revokeToken("t-1", of: "u-2", at: used) }
        try await store.revokeToken("t-1", of: "u-1", at: used)
        await refusal(.notFound) { try await store.revokeToken("t-1", of: "u-1", at: used) }
        #expect(try await store.account(apiTokenHash: "th-1", now: used) == nil)
        #expect(try await store.tokens(of: "u-1").map(\.revokedAt) == [used])
    }

    @Test(arguments: StoreKind.available)
    func theAuditLogIsReadNewestFirstByUserActionPrefixTargetAndTime(kind: StoreKind) async throws {
        let store = try await storeWithAgency(kind)
        let entries = [
            AuditEntry(at: Self.t0, userID: "u-1", action: "referral.create", target: "ref-1"),
            AuditEntry(at: Self.t0.addingTimeInterval(10), userID: "u-2", action: "referral.move", target: "ref-1", detail: "accepted"),
            AuditEntry(at: Self.t0.addingTimeInterval(20), userID: "u-1", action: "client.read", target: "client-1"),
            AuditEntry(at: Self.t0.addingTimeInterval(30), userID: nil, action: "referrals", target: nil),
        ]
        try await store.appendAudit(entries[0])
        try await store.appendAudit(Array(entries[1...]))
        try await store.appendAudit([])

        let all = try await store.audit(AuditQuery())
        #expect(all.map(\.action) == ["referrals", "client.read", "referral.move", "referral.create"])
        #expect(Set(all.compactMap(\.id)).count == 4)
        // "referral." is a prefix: it must not match "referrals".
        #expect(try await store.audit(AuditQuery(action: "referral.")).map(\.action) == ["referral.move", "referral.create"])
        #expect(try await store.audit(AuditQuery(action: "referral.move")).map(\.detail) == ["accepted"])
        #expect(try await store.audit(AuditQuery(userID: "u-1")).map(\.target) == ["client-1", "ref-1"])
        #expect(try await store.audit(AuditQuery(target: "ref-1", since: Self.t0.addingTimeInterval(5))).map(\.userID) == ["u-2"])
        #expect(try await store.audit(AuditQuery(limit: 1)).count == 1)
    }
}
