import Foundation
import DirectoryStore
import Hummingbird
import Matching
import Referrals
import SwitchboardCore

/// The web app: sign-in, search, the provider page with "refer", the referral board and the
/// provider inbox, and feed status for administrators. Pages call the same controllers as the
/// API, so the rules and the audit log are the same whichever door is used.
struct WebController {
    let web: WebRenderer
    /// The directory's records; which services a search finds comes from the request's index snapshot.
    let directory: any DirectoryStore
    let accounts: AccountsController
    let referrals: ReferralsController
    let feeds: FeedsController
    let coordinator: ReferralCoordinator
    let store: any ReferralStore
    let configuration: ServerConfiguration

    static let signInCSRFCookie = "sb_signin"

    func register(on router: Router<AppRequestContext>) {
        router.get("/static/:file") { _, context in try WebRenderer.staticFile(try context.parameters.require("file")) }
        router.get("/signin") { request, context in try await signInPage(request, context) }
        router.post("/signin") { request, context in try await signIn(request, context) }
        router.post("/signout") { request, context in
            _ = try await accounts.signOut(request, context)
            var response = Response.redirect(to: "/signin")
            response.setCookie(Cookie(name: AuthenticationMiddleware.cookieName, value: "", maxAge: 0, path: "/"))
            return response
        }
        router.get("/app") { request, context in try await search(request, context) }
        router.get("/app/services/:id") { _, context in try await servicePage(context) }
        router.post("/app/services/:id/refer") { request, context in try await refer(request, context) }
        router.get("/app/referrals") { _, context in try await board(context) }
        router.get("/app/referrals/:id") { _, context in try await referralPage(context) }
        router.post("/app/referrals/:id/move") { request, context in try await move(request, context) }
        router.post("/app/referrals/:id/activity") { request, context in try await recordActivity(request, context) }
        router.get("/app/feeds") { _, context in try await feedsPage(context, notice: nil) }
        registerMatch(on: router)
        registerOutcomes(on: router)
        registerAdmin(on: router)
        router.post("/app/feeds/:name/refresh") { _, context in
            let admin = try context.require(.administer)
            let result = try await feeds.refresh(try context.parameters.require("name"), force: false, by: admin)
            let notice = result.refused ?? (result.notModified ? "\(result.feed): not modified since the last refresh"
                : "\(result.feed): \(result.run.map(Self.summary) ?? "refreshed")")
            return try await feedsPage(context, notice: notice)
        }
    }

    // MARK: Sign-in

    func signInPage(_ request: Request, _ context: AppRequestContext, error: String? = nil, username: String = "",
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        if context.account != nil, error == nil { return .redirect(to: "/app") }
        let token = Tokens.make(prefix: "sbc_")
        let next = HSDSController.query(request)["next"] ?? "/app"
        var response = web.page("signin", title: "Sign in", data: ["csrf": token, "next": next, "error": error as Any, "username": username],
            account: nil, session: nil, status: status)
        response.setCookie(Cookie(name: Self.signInCSRFCookie, value: token, path: "/signin", secure: configuration.secureCookies,
            httpOnly: true, sameSite: .strict))
        return response
    }

    func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form(context: context)
        // Double-submit: the form's token must match the cookie set with the form.
        guard let token = form["_csrf"], let cookie = request.cookies[Self.signInCSRFCookie]?.value,
            Tokens.constantTimeEqual(token, cookie)
        else {
            return try await signInPage(request, context, error: "The form had expired; please sign in again", status: .forbidden)
        }
        let username = form.value("username") ?? ""
        let account: Account
        do {
            account = try await accounts.authenticate(username: username, password: form["password"] ?? "",
                address: AccountsController.address(request, context))
        } catch let error as APIError {
            return try await signInPage(request, context, error: error.message, username: username, status: error.status)
        }
        let (sessionCookie, _) = try await accounts.openSession(for: account)
        var next = form.value("next") ?? "/app"
        if !next.hasPrefix("/") || next.hasPrefix("//") { next = "/app" }
        var response = Response.redirect(to: next, type: .found)
        response.setCookie(sessionCookie)
        return response
    }

    // MARK: Directory

    func requireReader(_ context: AppRequestContext) throws {
        if !configuration.publicDirectory { _ = try context.require(.readDirectory) }
    }

    static func card(_ record: ServiceRecord) -> [String: Any] {
        let service = record.service
        let phone = service.phones?.first?.number ?? record.organization.phones?.first?.number
        var card: [String: Any] = ["id": service.id.rawValue, "name": service.name, "organization": record.organization.name,
            "domains": record.domains.map(\.rawValue)]
        if let phone { card["phone"] = phone }
        if let address = record.sites.first.flatMap({ address($0.location) }) { card["address"] = address }
        if let description = service.description { card["description"] = String(description.prefix(240)) }
        return card
    }

    static func address(_ location: Location) -> String? {
        guard let address = location.addresses?.first else { return nil }
        return [address.address1, address.city, address.stateProvince, address.postalCode].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    func servicePage(_ context: AppRequestContext) async throws -> Response {
        try requireReader(context)
        let id = ServiceID(try context.parameters.require("id"))
        guard let record = try await directory.service(id), !record.isRetired else { throw APIError(.notFound, "No service \(id)") }
        let service = record.service
        var data: [String: Any] = Self.card(record)
        data["description"] = service.description ?? ""
        data["phones"] = (service.phones ?? record.organization.phones ?? []).map { ["number": $0.number, "label": $0.description ?? $0.type ?? ""] }
        data["sites"] = record.sites.map { ["name": $0.location.name ?? "", "address": Self.address($0.location) ?? ""] }
        // Whether to call now: open now by the index's reading of the hours, and how fresh the record is.
        let openAt = Self.openAt(coordinator.clock.now(), utcOffset: nil)
        switch try await context.directoryIndex().isOpen(id, at: openAt) {
        case true?: data["open"] = "Open now"; data["openClass"] = "open"
        case false?: data["open"] = "Closed now"; data["openClass"] = "closed"
        case nil: break
        }
        if let checked = service.assuredDate ?? service.lastModified.map({ String($0.prefix(10)) }) { data["checked"] = checked }
        if let website = service.url ?? record.organization.website { data["url"] = website }
        data["hours"] = (service.schedules ?? []).compactMap(Self.hours) + record.sites.flatMap { ($0.serviceAtLocation.schedules ?? []).compactMap(Self.hours) }
        if let email = service.email { data["email"] = email }
        if let alert = service.alert { data["alert"] = alert }
        if let eligibility = service.eligibilityDescription { data["eligibility"] = eligibility }
        if let fees = service.feesDescription ?? service.fees { data["fees"] = fees }
        if let application = service.applicationProcess { data["application"] = application }
        let languages = (service.languages ?? []).compactMap { $0.name ?? $0.code }
        if !languages.isEmpty { data["languages"] = languages.joined(separator: ", ") }
        data["domains"] = record.domains.map(\.rawValue).joined(separator: ", ")
        data["canRefer"] = context.account?.role.may(.issueReferrals) == true && service.status == .active
        data["csrf"] = context.session?.csrfToken ?? ""
        return web.page("service", title: service.name, data: data, account: context.account, session: context.session, section: .search)
    }

    static func hours(_ schedule: Schedule) -> String? {
        if let description = schedule.description, !description.isEmpty { return description }
        guard let opens = schedule.opensAt, let closes = schedule.closesAt else { return nil }
        return "\(schedule.byday ?? "Every day") \(opens)–\(closes)"
    }

    // MARK: Referrals

    func refer(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, actor) = try context.requireActor()
        guard account.role.may(.issueReferrals) else { throw APIError(.forbidden, "A \(account.role) does not issue referrals") }
        var request = request
        let form = try await request.form(context: context)
        let id = ServiceID(try context.parameters.require("id"))
        guard let label = form.value("client_label") else { throw APIError(.invalidRequest, "Give the client's case number") }
        let client = try await coordinator.registerClient(label: label, by: actor)
        try await referrals.auditor.record("client.create", by: account, target: "client/\(client.id)")
        let urgency = form.value("urgency").flatMap(Referral.Priority.init(rawValue:)) ?? .routine
        let write = try await coordinator.create(
            NewReferral(clientID: client.id, serviceID: id, need: Referral.Need(urgency: urgency, note: form.value("note"))), by: actor)
        try await referrals.auditor.record("referral.create", by: account, target: "referral/\(write.referral.id)",
            detail: "service \(id) status \(write.referral.status.rawValue)")
        return .redirect(to: "/app/referrals/\(write.referral.id)", type: .found)
    }

    func board(_ context: AppRequestContext) async throws -> Response {
        let (account, actor) = try context.requireActor()
        var query = ReferralQuery(limit: 500)
        if actor.role == .referrer { query.referrerOrganizationID = account.organizationID } else { query.providerOrganizationID = account.organizationID }
        let list = try await store.referrals(query).filter { account.maySee($0) }
        let snapshot = try await context.directoryIndex()
        let name: (ServiceID) -> String = { id in snapshot.summary(of: id)?.name ?? id.rawValue }
        let overdue = actor.role == .referrer
            ? try await coordinator.overdue(forCaseManager: account.id, organization: account.organizationID)
            : try await coordinator.overdue(forProvider: account.organizationID)
        // The case number is what both parties know the client by (the name needs consent).
        var labels: [ClientID: String] = [:]
        for id in Set(list.map(\.clientID)) { labels[id] = try await store.client(id)?.label }
        let columns: [[String: Any]] = Referral.Status.allCases.compactMap { status in
            let items = list.filter { $0.status == status }
            guard !items.isEmpty else { return nil }
            return ["status": status.rawValue, "label": status.rawValue.capitalized, "items": items.map { referral in
                ["id": referral.id.rawValue, "service": name(referral.serviceID), "client": labels[referral.clientID] ?? String(referral.clientID.rawValue.prefix(8)),
                 "priority": referral.priority.rawValue, "sent": Self.day(referral.requestedAt ?? referral.createdAt)] as [String: Any]
            }]
        }
        let overdueItems: [[String: Any]] = overdue.map { item in
            ["id": item.referral.id.rawValue, "service": name(item.referral.serviceID), "status": item.referral.status.rawValue,
             "reasons": item.reasons.map(Self.describe).joined(separator: "; ")]
        }
        let organization = try await accounts.accounts.accountOrganization(account.organizationID)?.name ?? account.organizationID.rawValue
        let heading = actor.role == .referrer ? "Referrals from \(organization)" : "Inbox: referrals to \(organization)"
        return web.page("referrals", title: heading, data: ["heading": heading, "columns": columns, "overdue": overdueItems],
            account: account, session: context.session, section: .referrals)
    }

    static func describe(_ reason: WorklistItem.Reason) -> String {
        switch reason {
        case .responseOverdue(let deadline): "answer was due \(day(deadline))"
        default: "no activity for a while"
        }
    }

    func referralPage(_ context: AppRequestContext, notice: String? = nil) async throws -> Response {
        let (account, referral) = try await referrals.visibleReferral(context)
        guard let actor = account.actor else { throw APIError(.notFound, "No referral \(referral.id)") }
        let events = try await store.events(of: referral.id)
        let service = try await context.directoryIndex().summary(of: referral.serviceID)?.name ?? referral.serviceID.rawValue
        let client = try await store.client(referral.clientID)?.label ?? referral.clientID.rawValue
        var data: [String: Any] = ["id": referral.id.rawValue, "service": service, "status": referral.status.rawValue,
            "client": client,
            "priority": referral.priority.rawValue, "version": referral.version,
            "csrf": context.session?.csrfToken ?? ""]
        if let reason = referral.statusReason { data["reason"] = reason.summary }
        if let outcome = referral.outcome { data["outcome"] = outcome.summary }
        if let respondBy = referral.respondBy, referral.status == .requested { data["respondBy"] = Self.day(respondBy) }
        if let note = referral.need.note { data["need"] = note }
        if let details = try await coordinator.clientDetails(for: referral, viewer: actor) {
            data["details"] = [details.name, details.phone, details.email].compactMap { $0 }.joined(separator: ", ")
            try await referrals.auditor.record("client.read-details", by: account, target: "client/\(referral.clientID)",
                detail: "via referral \(referral.id)")
        }
        if let role = referral.party(actor) {
            data.merge(Self.moveForms(referral.status.moves(for: role))) { _, new in new }
        }
        if referral.status != .enteredInError {
            data["canRecord"] = true
            data["activityKinds"] = Referral.Activity.Kind.allCases.map { ["value": $0.rawValue, "label": Self.words($0.rawValue)] }
        }
        data["reasons"] = Referral.ReasonCode.allCases.filter { $0 != .expired }.map { ["value": $0.rawValue, "label": $0.label] }
        data["outcomes"] = Referral.OutcomeCode.allCases.map { ["value": $0.rawValue, "label": $0.label] }
        data["events"] = events.map { event in
            ["at": Self.day(event.at), "what": Self.describe(event.change) + (event.note.map { ": \($0)" } ?? ""),
             "who": "\(event.actor.userID.rawValue.prefix(8)) (\(event.actor.role))"]
        }
        return web.page("referral", title: "Referral to \(service)", data: data, account: account, session: context.session,
            section: .referrals, notice: notice)
    }

    static func describe(_ change: ReferralEvent.Change) -> String {
        switch change {
        case .created(let referral): "issued as \(referral.status.rawValue)"
        case .moved(let from, let to, let reason, let outcome, _):
            "moved from \(from.rawValue) to \(to.rawValue)" + (reason.map { " (\($0.summary))" } ?? "") + (outcome.map { " (\($0.summary))" } ?? "")
        case .activity(let activity):
            words(activity.kind.rawValue) + (activity.reached.map { $0 ? " (reached)" : " (not reached)" } ?? "")
                + (activity.scheduledFor.map { " for \(day($0))" } ?? "")
        case .reminded(let days): "reminder after \(days) quiet days"
        case .responseOverdue: "answer overdue"
        }
    }

    func move(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, referral) = try await referrals.visibleReferral(context)
        guard let actor = account.actor else { throw APIError(.notFound, "No referral \(referral.id)") }
        var request = request
        let form = try await request.form(context: context)
        guard let to = form.value("to").flatMap(Referral.Status.init(rawValue:)) else { throw APIError(.invalidRequest, "Choose a status") }
        let text = form.value("text")
        let reason = form.value("reason").flatMap(Referral.ReasonCode.init(rawValue:)).map { Referral.StatusReason($0, text: text) }
        let outcome = form.value("outcome").flatMap(Referral.OutcomeCode.init(rawValue:)).map { Referral.Outcome($0, text: text) }
        do {
            let write = try await coordinator.move(referral.id,
                Move(to: to, reason: to.needsReason ? reason : nil, outcome: to.needsOutcome ? outcome : nil),
                expectedVersion: form.value("version").flatMap { Int($0) }, by: actor)
            try await referrals.auditor.record("referral.move", by: account, target: "referral/\(referral.id)",
                detail: "\(referral.status.rawValue) → \(write.referral.status.rawValue)")
            return .redirect(to: "/app/referrals/\(referral.id)", type: .found)
        } catch let error as ReferralError {
            return try await referralPage(context, notice: error.message)
        }
    }

    /// Either party records what happened (a call, an appointment, a no-show, a note) without
    /// moving the referral; the coordinator's rules say what each kind needs.
    func recordActivity(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, referral) = try await referrals.visibleReferral(context)
        guard let actor = account.actor else { throw APIError(.notFound, "No referral \(referral.id)") }
        var request = request
        let form = try await request.form(context: context)
        guard let kind = form.value("kind").flatMap(Referral.Activity.Kind.init(rawValue:)) else {
            return try await referralPage(context, notice: "Choose what happened")
        }
        let reached: Bool? = switch form.value("reached") { case "yes": true; case "no": false; default: nil }
        var scheduled: Date?
        if let text = form.value("scheduled") {
            // A datetime-local field: no zone, read as UTC like every time on these pages.
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = text.count > 16 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm"
            guard let date = formatter.date(from: text) else {
                return try await referralPage(context, notice: "The appointment time \(text) is not a date and time such as 2026-12-01T14:30")
            }
            scheduled = date
        }
        do {
            _ = try await coordinator.record(Referral.Activity(kind, reached: kind == .contactAttempted ? reached : nil,
                scheduledFor: kind == .appointmentScheduled ? scheduled : nil), note: form.value("note"), on: referral.id,
                expectedVersion: form.value("version").flatMap { Int($0) }, by: actor)
            try await referrals.auditor.record("referral.activity", by: account, target: "referral/\(referral.id)", detail: kind.rawValue)
            return .redirect(to: "/app/referrals/\(referral.id)", type: .found)
        } catch let error as ReferralError {
            return try await referralPage(context, notice: error.message)
        }
    }

    /// "contact-attempted" as "Contact attempted".
    static func words(_ code: String) -> String {
        let text = code.replacingOccurrences(of: "-", with: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    // MARK: Feeds

    func feedsPage(_ context: AppRequestContext, notice: String?) async throws -> Response {
        let admin = try context.require(.administer)
        let statuses = (try? await feeds.statuses()) ?? []
        let runs = try await feeds.store.feedRuns(feed: nil, limit: 30)
        let data: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "",
            "feeds": statuses.map { status in
                ["name": status.name, "source": status.source,
                 "lastRun": status.lastRun.map { "\(Self.day($0.startedAt)) \($0.outcome.rawValue)" } ?? "never"] as [String: Any]
            },
            "runs": runs.map { run in
                ["started": Self.day(run.startedAt), "feed": run.feed.rawValue, "outcome": run.outcome.rawValue, "summary": Self.summary(run)]
            },
        ]
        return web.page("feeds", title: "Feeds", data: data, account: admin, session: context.session, section: .feeds, notice: notice)
    }

    static func summary(_ run: FeedRun) -> String {
        "\(run.added) added, \(run.updated) updated, \(run.unchanged) unchanged, \(run.retired) retired, \(run.rejected) rejected"
            + (run.message.map { " — \($0)" } ?? "")
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
