import Foundation
import DirectoryStore
import Hummingbird
import SwitchboardCore

/// Pages for administrators: the users (add, disable, enable) and a search of the audit log.
/// They go through `AccountsController`, so a page and the API audit the same way.
extension WebController {
    func registerAdmin(on router: Router<AppRequestContext>) {
        router.get("/app/users") { _, context in try await usersPage(context) }
        router.post("/app/users") { request, context in try await addUser(request, context) }
        router.post("/app/users/:id/disable") { _, context in try await setDisabled(true, context) }
        router.post("/app/users/:id/enable") { _, context in try await setDisabled(false, context) }
        router.get("/app/audit") { request, context in try await auditPage(request, context) }
    }

    func usersPage(_ context: AppRequestContext, notice: String? = nil, error: String? = nil,
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let admin = try context.require(.administer)
        let users = try await accounts.accounts.accounts().sorted { $0.username.lowercased() < $1.username.lowercased() }
        let organizations = try await accounts.accounts.accountOrganizations()
        let names = Dictionary(organizations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var data: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "",
            "users": users.map { user in
                ["id": user.id.rawValue, "username": user.username, "displayName": user.displayName, "role": user.role.rawValue,
                 "organization": names[user.organizationID] ?? user.organizationID.rawValue,
                 "disabled": user.disabledAt != nil, "isSelf": user.id == admin.id] as [String: Any]
            },
            "roles": Account.Role.allCases.map { ["value": $0.rawValue] },
            "organizations": organizations.map { ["id": $0.id.rawValue, "name": $0.name, "kind": $0.kind.rawValue] },
        ]
        if let error { data["error"] = error }
        return web.page("users", title: "Users", data: data, account: admin, session: context.session, section: .users,
            notice: notice, status: status)
    }

    func addUser(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        var request = request
        let form = try await request.form(context: context)
        guard let username = form.value("username"), let role = form.value("role").flatMap(Account.Role.init(rawValue:)),
            let organization = form.value("organization")
        else {
            return try await usersPage(context, error: "Give a username, a role and an organization", status: .badRequest)
        }
        do {
            let account = try await accounts.createUser(
                AccountsController.NewUser(username: username, displayName: form.value("display_name"), role: role,
                    organizationID: OrganizationID(organization), password: form["password"] ?? ""),
                by: admin)
            return try await usersPage(context, notice: "Added \(account.username) (\(account.role.rawValue))")
        } catch let error as APIError where error.code == .invalidRequest {
            return try await usersPage(context, error: error.message, status: .badRequest)
        } catch let error as AccountStoreError {
            return try await usersPage(context, error: error.message, status: .conflict)
        }
    }

    func setDisabled(_ disabled: Bool, _ context: AppRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let id = UserID(try context.parameters.require("id"))
        guard var account = try await accounts.accounts.account(id) else { throw APIError(.notFound, "No user \(id)") }
        // An administrator who disables themselves could lock everyone out of the users page.
        guard account.id != admin.id else { return try await usersPage(context, error: "You cannot disable your own account", status: .conflict) }
        account.disabledAt = disabled ? (account.disabledAt ?? Date()) : nil
        try await accounts.saveAccount(account)
        try await accounts.auditor.record("user.update", by: admin, target: "user/\(id)", detail: "disabled \(disabled)")
        return try await usersPage(context, notice: "\(account.username) is \(disabled ? "disabled" : "enabled")")
    }

    func auditPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let query = HSDSController.query(request)
        let users = try await accounts.accounts.accounts()
        let usernames = Dictionary(users.map { ($0.id, $0.username) }, uniquingKeysWith: { first, _ in first })
        // People search by username; the log keeps user ids.
        let user = query["user"].flatMap { name in name.isEmpty ? nil : name }
        let userID = user.map { name in users.first { $0.username.lowercased() == name.lowercased() }?.id ?? UserID(name) }
        let action = query["action"].flatMap { $0.isEmpty ? nil : $0 }
        let target = query["target"].flatMap { $0.isEmpty ? nil : $0 }
        var error: String?
        var since: Date?
        if let text = query["since"], !text.isEmpty {
            if let date = ServiceFilter.date(text) { since = date } else { error = "“Since” must be a date such as 2026-11-01" }
        }
        let entries = error == nil
            ? try await accounts.accounts.audit(AuditQuery(userID: userID, action: action, target: target, since: since, limit: 200)) : []
        var data: [String: Any] = [
            "user": user ?? "", "action": action ?? "", "target": target ?? "", "since": query["since"] ?? "",
            "entries": entries.map { entry in
                ["at": Self.day(entry.at), "user": entry.userID.map { usernames[$0] ?? $0.rawValue } ?? "—", "action": entry.action,
                 "target": entry.target ?? "", "detail": entry.detail ?? ""]
            },
            "count": entries.count == 200 ? "The newest 200 entries; narrow the search to see older ones"
                : "\(entries.count) \(entries.count == 1 ? "entry" : "entries")",
        ]
        if let error { data["error"] = error }
        return web.page("audit", title: "Audit log", data: data, account: admin, session: context.session, section: .audit)
    }
}
