import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import SwitchboardCore
import Testing

/// The administrators' pages (users, audit log) and the outcomes page, through HummingbirdTesting.
@Suite struct WebAdminPagesTests {
    typealias Journey = WebJourneyTests

    static func form(_ cookie: String) -> HTTPFields { [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"] }

    @Test func anAdministratorAddsAUserThroughTheFormAndTheAuditLogRecordsIt() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let cookie = try await Journey.signIn(client, as: "administrator")
            let page = try await client.request(.get, "/app/users", headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("<label for=\"username\">"))
            #expect(page.text.contains("<th scope=\"row\">caseManager</th>"))
            let csrf = try Journey.csrf(page)

            let added = try await client.request(.post, "/app/users", headers: Self.form(cookie),
                body: "_csrf=\(csrf)&username=dana&display_name=Dana+Intake&role=provider-staff&organization=\(server.providerOrganization)&password=a+long+passphrase")
            #expect(added.status == .ok)
            #expect(added.text.contains("Added dana (provider-staff)"))
            #expect(added.text.contains("<th scope=\"row\">dana</th>"))

            let short = try await client.request(.post, "/app/users", headers: Self.form(cookie),
                body: "_csrf=\(csrf)&username=sam&role=coordinator&organization=ops&password=short")
            #expect(short.status == .badRequest)
            #expect(short.text.contains("at least"))

            let twice = try await client.request(.post, "/app/users", headers: Self.form(cookie),
                body: "_csrf=\(csrf)&username=DANA&role=coordinator&organization=ops&password=a+long+passphrase")
            #expect(twice.status == .conflict)

            let audit = try await client.request(.get, "/app/audit?action=user.&user=administrator", headers: [.cookie: cookie])
            #expect(audit.status == .ok)
            #expect(audit.text.contains("<td>user.create</td>"))
            #expect(audit.text.contains("1 entry"))
            let badDate = try await client.request(.get, "/app/audit?since=yesterday", headers: [.cookie: cookie])
            #expect(badDate.text.contains("must be a date"))
        }
    }

    @Test func anAdministratorDisablesAUserWhoThenCannotSignIn() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let cookie = try await Journey.signIn(client, as: "administrator")
            let page = try await client.request(.get, "/app/users", headers: [.cookie: cookie])
            let disabled = try await client.request(.post, "/app/users/user-coordinator/disable", headers: Self.form(cookie),
                body: "_csrf=\(try Journey.csrf(page))")
            #expect(disabled.text.contains("coordinator is disabled"))
            let me = try await client.request(.post, "/app/users/user-administrator/disable", headers: Self.form(cookie),
                body: "_csrf=\(try Journey.csrf(page))")
            #expect(me.status == .conflict)
            let refused = try await client.get("/api/me", as: .coordinator)
            #expect(refused.status == .unauthorized)
        }
    }

    @Test func theFeedsPageSaysWhenNoFeedIsListedAndNothingHasRun() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let cookie = try await Journey.signIn(client, as: "administrator")
            let page = try await client.request(.get, "/app/feeds", headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("No feeds are listed"))
            #expect(page.text.contains("No import or refresh has run yet"))
            #expect(page.text.contains("aria-current=\"page\">Feeds</a>"))
        }
    }

    @Test(arguments: ["/app/users", "/app/audit", "/app/feeds"])
    func onlyAdministratorsOpenTheAdminPages(path: String) async throws {
        let server = try await TestServer()
        try await server.run { client in
            for who in ["coordinator", "caseManager", "provider"] {
                let cookie = try await Journey.signIn(client, as: who)
                let page = try await client.request(.get, path, headers: [.cookie: cookie])
                #expect(page.status == .forbidden, "\(who) opened \(path)")
            }
        }
    }

    @Test func formsWithoutTheSessionsCSRFTokenAreRefused() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let cookie = try await Journey.signIn(client, as: "administrator")
            let forged = try await client.request(.post, "/app/users", headers: Self.form(cookie),
                body: "username=mallory&role=administrator&organization=ops&password=a+long+passphrase")
            #expect(forged.status == .forbidden)
            let wrong = try await client.request(.post, "/app/users/user-coordinator/disable", headers: Self.form(cookie),
                body: "_csrf=sbc_not_the_token")
            #expect(wrong.status == .forbidden)
            let users = try await client.get("/api/users", as: .administrator)
            #expect(!users.text.contains("mallory"))
        }
    }

    @Test func theOutcomesPageDrawsChartsWithATextAlternative() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let cookie = try await Journey.signIn(client, as: "caseManager")
            let empty = try await client.request(.get, "/app/outcomes", headers: [.cookie: cookie])
            #expect(empty.status == .ok)
            #expect(empty.text.contains("No referral has been sent yet"))

            // One referral, accepted: the page counts it for its provider.
            let client1 = try await client.post("/api/clients", as: .caseManager, json: #"{"label":"Case 1"}"#).json()
            let clientID = try #require(client1["id"] as? String)
            let made = try await client.post("/api/referrals", as: .caseManager,
                json: #"{"clientID":"\#(clientID)","serviceID":"\#(server.service.id)","need":{"urgency":"routine"},"draft":false,"shareClientDetails":false,"doNotContactClient":false}"#)
            #expect(made.status == .created, "\(made.text.prefix(300))")
            let referralID = try #require(try made.json()["id"] as? String)
            let accepted = try await client.post("/api/referrals/\(referralID)/moves", as: .provider, json: #"{"to":"accepted","expectedVersion":1}"#)
            #expect(accepted.status == .ok, "\(accepted.text.prefix(300))")

            let page = try await client.request(.get, "/app/outcomes", headers: [.cookie: cookie])
            #expect(page.text.contains("<svg class=\"chart\" id=\"chart-providers\""))
            #expect(page.text.contains("<title id=\"chart-providers-title\">Referrals by provider</title>"))
            #expect(page.text.contains("<desc id=\"chart-providers-desc\">"))
            #expect(page.text.contains("<th scope=\"row\">\(server.service.organization.name.htmlEscaped)</th><td>1</td><td>1</td>"))
            #expect(page.text.contains("100%"))

            let provider = try await Journey.signIn(client, as: "provider")
            let refused = try await client.request(.get, "/app/outcomes", headers: [.cookie: provider])
            #expect(refused.status == .forbidden)
        }
    }
}

extension String {
    /// As swift-mustache escapes a value in `{{…}}`.
    var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
