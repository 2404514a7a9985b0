import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import SwitchboardCore
import Testing

@Suite struct WebPagesTests {
    @Test func signInPageIsAFormWithLabelsAndACSRFToken() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let page = try await client.get("/signin")
            #expect(page.status == .ok)
            #expect(page.text.contains("<label for=\"username\">"))
            #expect(page.text.contains("name=\"_csrf\" value=\"sbc_"))
            #expect(page.text.contains("width=device-width"))
        }
    }
}

@Suite struct WebJourneyTests {
    /// Signs in through the form and returns the session cookie.
    static func signIn(_ client: TestServer.Client, as username: String) async throws -> String {
        let form = try await client.get("/signin")
        let csrfCookie = String(try #require(form.headers[.setCookie]).split(separator: ";")[0])
        let token = try #require(form.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
        let response = try await client.request(.post, "/signin",
            headers: [.cookie: csrfCookie, .contentType: "application/x-www-form-urlencoded"],
            body: "_csrf=\(token)&username=\(username)&password=\(TestServer.password.replacingOccurrences(of: " ", with: "+"))&next=/app")
        #expect(response.status == .found, "\(response.text.prefix(300))")
        return String(try #require(response.headers[.setCookie]).split(separator: ";")[0])
    }

    static func csrf(_ page: TestResponse) throws -> String {
        String(try #require(page.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1))
    }

    @Test func aCaseManagerSearchesRefersAndTheProviderAccepts() async throws {
        let server = try await TestServer()
        let service = server.service
        try await server.run { client in
            let cookie = try await Self.signIn(client, as: "caseManager")
            let word = String(service.service.name.split(separator: " ").first!)
            let search = try await client.request(.get, "/app?q=\(word)", headers: [.cookie: cookie])
            #expect(search.status == .ok)
            #expect(search.text.contains("/app/services/\(service.id)"))
            #expect(search.text.contains("<label for=\"q\">"))
            let page = try await client.request(.get, "/app/services/\(service.id)", headers: [.cookie: cookie])
            #expect(page.text.contains("Refer a client"))
            let open = page.text.contains("Open now") || page.text.contains("Closed now")
            #expect(open == (service.service.schedules?.isEmpty == false || service.sites.contains { $0.serviceAtLocation.schedules?.isEmpty == false }),
                "open now shows exactly when the hours are known")
            let refer = try await client.request(.post, "/app/services/\(service.id)/refer",
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: "_csrf=\(try Self.csrf(page))&client_label=Case+12&urgency=urgent&note=rent")
            #expect(refer.status == .found, "\(refer.text.prefix(300))")
            let location = try #require(refer.headers[.location])
            let board = try await client.request(.get, "/app/referrals", headers: [.cookie: cookie])
            #expect(board.text.contains(location))

            let providerCookie = try await Self.signIn(client, as: "provider")
            let inbox = try await client.request(.get, "/app/referrals", headers: [.cookie: providerCookie])
            #expect(inbox.text.contains("Inbox"))
            let detail = try await client.request(.get, location, headers: [.cookie: providerCookie])
            #expect(detail.text.contains("data-move=\"accepted\">Accept</button>"))
            let accept = try await client.request(.post, location + "/move",
                headers: [.cookie: providerCookie, .contentType: "application/x-www-form-urlencoded"],
                body: "_csrf=\(try Self.csrf(detail))&to=accepted&version=1")
            #expect(accept.status == .found)
            let after = try await client.request(.get, location, headers: [.cookie: cookie])
            #expect(after.text.contains(">accepted</strong>"))

            let otherCookie = try await Self.signIn(client, as: "otherProvider")
            let foreign = try await client.request(.get, location, headers: [.cookie: otherCookie])
            #expect(foreign.status == .notFound)
            // The same answer as for a referral that does not exist: nothing tells that it does.
            let missingID = "00000000-0000-0000-0000-000000000000"
            let missing = try await client.request(.get, "/app/referrals/\(missingID)", headers: [.cookie: otherCookie])
            #expect(missing.status == .notFound)
            let foreignID = String(location.dropFirst("/app/referrals/".count))
            #expect(foreign.text.replacingOccurrences(of: foreignID, with: missingID) == missing.text)
            let foreignMove = try await client.request(.post, location + "/move",
                headers: [.cookie: otherCookie, .contentType: "application/x-www-form-urlencoded"],
                body: "_csrf=\(try Self.csrf(missing))&to=rejected&reason=no-capacity")
            #expect(foreignMove.status == .notFound)
            let feeds = try await client.request(.get, "/app/feeds", headers: [.cookie: cookie])
            #expect(feeds.status == .forbidden)
        }
    }

    /// Provider staff record what happened from the inbox (a call that did not reach the client,
    /// an appointment); both sides read it in the history. Another provider cannot.
    @Test func eitherPartyRecordsActivitiesThatTheHistoryShows() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let cookie = try await Self.signIn(client, as: "caseManager")
            let page = try await client.request(.get, "/app/services/\(server.service.id)", headers: [.cookie: cookie])
            let refer = try await client.request(.post, "/app/services/\(server.service.id)/refer",
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: "_csrf=\(try Self.csrf(page))&client_label=Case+20&urgency=routine")
            let location = try #require(refer.headers[.location])
            let providerCookie = try await Self.signIn(client, as: "provider")
            let form: HTTPFields = [.cookie: providerCookie, .contentType: "application/x-www-form-urlencoded"]
            var detail = try await client.request(.get, location, headers: [.cookie: providerCookie])
            #expect(detail.text.contains("Record what happened"))

            // A contact attempt must say whether the client was reached: the rule's words come back.
            let unanswered = try await client.request(.post, location + "/activity", headers: form,
                body: "_csrf=\(try Self.csrf(detail))&kind=contact-attempted")
            #expect(unanswered.status == .ok)
            #expect(unanswered.text.contains("reached"), "\(unanswered.text.prefix(200))")
            let badTime = try await client.request(.post, location + "/activity", headers: form,
                body: "_csrf=\(try Self.csrf(detail))&kind=appointment-scheduled&scheduled=tomorrow")
            #expect(badTime.text.contains("The appointment time tomorrow is not a date and time"))

            let called = try await client.request(.post, location + "/activity", headers: form,
                body: "_csrf=\(try Self.csrf(detail))&kind=contact-attempted&reached=no&note=left+a+voicemail")
            #expect(called.status == .found, "\(called.text.prefix(300))")
            detail = try await client.request(.get, location, headers: [.cookie: providerCookie])
            let booked = try await client.request(.post, location + "/activity", headers: form,
                body: "_csrf=\(try Self.csrf(detail))&kind=appointment-scheduled&scheduled=2030-01-15T14%3A30")
            #expect(booked.status == .found, "\(booked.text.prefix(300))")

            let seen = try await client.request(.get, location, headers: [.cookie: cookie])
            #expect(seen.text.contains("Contact attempted (not reached): left a voicemail"))
            #expect(seen.text.contains("Appointment scheduled for 2030-01-15 14:30 UTC"))

            let otherCookie = try await Self.signIn(client, as: "otherProvider")
            let own = try await client.request(.get, "/app/referrals", headers: [.cookie: otherCookie])
            let foreign = try await client.request(.post, location + "/activity",
                headers: [.cookie: otherCookie, .contentType: "application/x-www-form-urlencoded"],
                body: "_csrf=\(try Self.csrf(own))&kind=note-added&note=x")
            #expect(foreign.status == .notFound)
        }
    }

    @Test func pagesAskPeopleToSignInFirst() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let page = try await client.get("/app")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location]?.hasPrefix("/signin?next=") == true)
            let css = try await client.get("/static/app.css")
            #expect(css.status == .ok)
        }
    }
}
