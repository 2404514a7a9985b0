import Foundation
import DirectoryStore
import Hummingbird
import SwitchboardCore

/// Sign-in and sign-out, the signed-in account, API tokens, and the administrators' user,
/// organization and audit endpoints.
struct AccountsController {
    let accounts: any AccountStore
    let bearerTokens: BearerTokens
    let auditor: Auditor
    let limiter: SignInLimiter
    let metrics: Metrics
    let configuration: ServerConfiguration

    func register(on router: Router<AppRequestContext>) {
        router.post("/api/session") { request, context in try await self.signInJSON(request, context) }
        router.delete("/api/session") { request, context in try await self.signOut(request, context) }
        router.get("/api/me") { _, context in JSONResponse.make(AccountView(try context.requireAccount())) }
        router.get("/api/tokens") { _, context in
            let account = try context.requireAccount()
            return JSONResponse.make(try await accounts.tokens(of: account.id))
        }
        router.post("/api/tokens") { request, context in try await self.createToken(request, context) }
        router.delete("/api/tokens/:id") { _, context in
            let account = try context.requireAccount()
            let id = try context.parameters.require("id")
            try await accounts.revokeToken(id, of: account.id, at: Date())
            bearerTokens.forgetAll()
            try await auditor.record("token.revoke", by: account, target: "token/\(id)")
            return Response(status: .noContent)
        }
        router.get("/api/users") { _, context in
            _ = try context.require(.administer)
            return JSONResponse.make(try await accounts.accounts().map(AccountView.init))
        }
        router.post("/api/users") { request, context in try await self.createUser(request, context) }
        router.patch("/api/users/:id") { request, context in try await self.updateUser(request, context) }
        router.get("/api/organizations") { _, context in
            _ = try context.require(.administer)
            return JSONResponse.make(try await accounts.accountOrganizations())
        }
        router.post("/api/organizations") { request, context in
            let admin = try context.require(.administer)
            let organization = try await request.decode(as: AccountOrganization.self, context: context)
            try Self.checkText(organization.id.rawValue, "id")
            try Self.checkText(organization.name, "name")
            try await accounts.saveOrganization(organization)
            try await auditor.record("organization.save", by: admin, target: "organization/\(organization.id)", detail: organization.kind.rawValue)
            return JSONResponse.make(organization, status: .created)
        }
        router.get("/api/audit") { request, context in
            _ = try context.require(.administer)
            let query = HSDSController.query(request)
            let since = try query["since"].map { text in
                guard let date = ServiceFilter.date(text) else { throw APIError(.invalidRequest, "since must be a date or date-time") }
                return date
            }
            let limit = min(try HSDSPage.Request.positive(query["limit"], name: "limit") ?? 100, 1000)
            return JSONResponse.make(try await accounts.audit(AuditQuery(
                userID: query["user"].map { UserID($0) }, action: query["action"], target: query["target"], since: since, limit: limit)))
        }
    }

    // MARK: Sign-in

    struct Credentials: Decodable {
        var username: String
        var password: String
    }

    /// Checks a password, with the rate limit; the account on success.
    func authenticate(username: String, password: String, address: String) async throws -> Account {
        let keys = ["user:" + username.lowercased(), "address:" + address]
        if await limiter.isBlocked(keys) {
            metrics.increment("switchboard_sign_ins_total{outcome=\"limited\"}")
            throw APIError(.tooManyAttempts, "Too many failed sign-ins; wait a few minutes and try again")
        }
        guard let (account, hash) = try await accounts.credentials(username: username), account.disabledAt == nil,
            await Passwords.verify(password, hash: hash)
        else {
            await limiter.recordFailure(keys)
            metrics.increment("switchboard_sign_ins_total{outcome=\"failed\"}")
            try await auditor.record("session.sign-in-failed", by: nil, detail: "username length \(username.count)")
            throw APIError(.unauthenticated, "The username or password is not right")
        }
        await limiter.reset("user:" + username.lowercased())
        metrics.increment("switchboard_sign_ins_total{outcome=\"succeeded\"}")
        return account
    }

    /// Opens a session for the account: the cookie's token and its CSRF token.
    func openSession(for account: Account) async throws -> (cookie: Cookie, session: Session) {
        let token = Tokens.make(prefix: "sbs_")
        let now = Date()
        let lifetime = Double(configuration.sessionLifetime.components.seconds)
        let session = Session(tokenHash: Tokens.hash(token), userID: account.id, csrfToken: Tokens.make(prefix: "sbc_"),
            createdAt: now, expiresAt: now.addingTimeInterval(lifetime))
        try await accounts.createSession(session)
        try await auditor.record("session.sign-in", by: account)
        let cookie = Cookie(name: AuthenticationMiddleware.cookieName, value: token, maxAge: Int(lifetime), path: "/",
            secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
        return (cookie, session)
    }

    func signInJSON(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let credentials = try await request.decode(as: Credentials.self, context: context)
        let account = try await authenticate(username: credentials.username, password: credentials.password,
            address: Self.address(request, context))
        let (cookie, session) = try await openSession(for: account)
        var response = JSONResponse.make(SessionView(account: AccountView(account), csrfToken: session.csrfToken), status: .created)
        response.setCookie(cookie)
        return response
    }

    func signOut(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if let session = context.session {
            try await accounts.deleteSession(tokenHash: session.tokenHash)
            try await auditor.record("session.sign-out", by: context.account)
        }
        var response = Response(status: .noContent)
        response.setCookie(Cookie(name: AuthenticationMiddleware.cookieName, value: "", maxAge: 0, path: "/"))
        return response
    }

    static func address(_ request: Request, _ context: AppRequestContext) -> String {
        // Behind a proxy every request comes from the proxy; the username limit still holds.
        "\(context.remoteAddressDescription)"
    }

    // MARK: Tokens

    struct NewToken: Decodable { var name: String }

    func createToken(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let body = try await request.decode(as: NewToken.self, context: context)
        guard !body.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw APIError(.invalidRequest, "A token needs a name") }
        let secret = Tokens.make(prefix: "sbt_")
        let token = APIToken(id: UUID().uuidString.lowercased(), userID: account.id, name: body.name,
            tokenHash: Tokens.hash(secret), createdAt: Date())
        try await accounts.createToken(token)
        try await auditor.record("token.create", by: account, target: "token/\(token.id)")
        struct Created: Encodable { var id: String; var name: String; var token: String }
        return JSONResponse.make(Created(id: token.id, name: token.name, token: secret), status: .created)
    }

    // MARK: Users

    struct NewUser: Decodable {
        var username: String
        var displayName: String?
        var role: Account.Role
        var organizationID: OrganizationID
        var password: String

    }

    /// Ids and names end up in URLs, pages and the audit log: some text, without control characters.
    static func checkText(_ text: String, _ field: String) throws {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty,
            !text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) })
        else { throw APIError(.invalidRequest, "\(field) must be some text, without control characters") }
    }

    func createUser(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let body = try await request.decode(as: NewUser.self, context: context)
        return JSONResponse.make(AccountView(try await createUser(body, by: admin)), status: .created)
    }

    /// Creates an account and audits it; the API and the users page both come through here.
    func createUser(_ body: NewUser, by admin: Account) async throws -> Account {
        try Self.checkText(body.username, "username")
        try Self.checkText(body.organizationID.rawValue, "organizationID")
        guard body.password.count >= Passwords.minimumLength else {
            throw APIError(.invalidRequest, "A password needs at least \(Passwords.minimumLength) characters")
        }
        let account = Account(id: UserID(UUID().uuidString.lowercased()), username: body.username,
            displayName: body.displayName ?? body.username, role: body.role, organizationID: body.organizationID, createdAt: Date())
        try await accounts.createAccount(account, passwordHash: await Passwords.hash(body.password, cost: configuration.bcryptCost))
        try await auditor.record("user.create", by: admin, target: "user/\(account.id)", detail: "role \(account.role)")
        return account
    }

    struct UserChange: Decodable {
        var displayName: String?
        var role: Account.Role?
        var organizationID: OrganizationID?
        var disabled: Bool?
        var password: String?

    }

    /// Saves a changed account, and forgets the bearer tokens checked so far: a disabled user's
    /// tokens stop working at once, and a new role applies to the next request.
    func saveAccount(_ account: Account) async throws {
        try await accounts.updateAccount(account)
        bearerTokens.forgetAll()
    }

    func updateUser(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let id = UserID(try context.parameters.require("id"))
        guard var account = try await accounts.account(id) else { throw APIError(.notFound, "No user \(id)") }
        let change = try await request.decode(as: UserChange.self, context: context)
        if let name = change.displayName { account.displayName = name }
        if let role = change.role { account.role = role }
        if let organization = change.organizationID { account.organizationID = organization }
        if let disabled = change.disabled { account.disabledAt = disabled ? (account.disabledAt ?? Date()) : nil }
        try await saveAccount(account)
        if let password = change.password {
            guard password.count >= Passwords.minimumLength else {
                throw APIError(.invalidRequest, "A password needs at least \(Passwords.minimumLength) characters")
            }
            try await accounts.setPasswordHash(await Passwords.hash(password, cost: configuration.bcryptCost), for: id)
        }
        try await auditor.record("user.update", by: admin, target: "user/\(id)",
            detail: [change.role.map { "role \($0)" }, change.disabled.map { "disabled \($0)" }, change.password.map { _ in "password" }]
                .compactMap { $0 }.joined(separator: ", "))
        return JSONResponse.make(AccountView(account))
    }
}

/// An account as the API shows it.
struct AccountView: Encodable {
    var id: String
    var username: String
    var displayName: String
    var role: String
    var organizationID: String
    var disabled: Bool

    init(_ account: Account) {
        id = account.id.rawValue; username = account.username; displayName = account.displayName
        role = account.role.rawValue; organizationID = account.organizationID.rawValue; disabled = account.disabledAt != nil
    }
}

struct SessionView: Encodable {
    var account: AccountView
    var csrfToken: String
}
