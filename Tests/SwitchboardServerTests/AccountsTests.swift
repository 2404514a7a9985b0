import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import SwitchboardCore
@testable import SwitchboardServer
import Testing

@Suite struct AccountsTests {
    @Test func signInGivesASessionCookieAndChangesNeedItsCSRFToken() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let signIn = try await client.post("/api/session", as: .anonymous,
                json: #"{"username":"casemanager","password":"\#(TestServer.password)"}"#)
            #expect(signIn.status == .created, "\(signIn.text)")
            let setCookie = try #require(signIn.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            let cookie = String(setCookie.split(separator: ";")[0])
            let csrf = try #require(try signIn.json()["csrfToken"] as? String)
            let me = try await client.request(.get, "/api/me", headers: [.cookie: cookie])
            #expect(try me.json()["role"] as? String == "case-manager")
            let forged = try await client.request(.post, "/api/clients", json: #"{"label":"Case 1"}"#, headers: [.cookie: cookie])
            #expect(forged.status == .forbidden)
            let fine = try await client.request(.post, "/api/clients", json: #"{"label":"Case 1"}"#,
                headers: [.cookie: cookie, HTTPField.Name("X-CSRF-Token")!: csrf])
            #expect(fine.status == .created)
        }
    }

    @Test func sixthFailedSignInIsRefusedEvenWithTheRightPassword() async throws {
        let server = try await TestServer()
        try await server.run { client in
            for _ in 0..<5 {
                let wrong = try await client.post("/api/session", as: .anonymous, json: #"{"username":"provider","password":"nope nope nope"}"#)
                #expect(wrong.status == .unauthorized)
            }
            let right = try await client.post("/api/session", as: .anonymous,
                json: #"{"username":"provider","password":"\#(TestServer.password)"}"#)
            #expect(right.status == .tooManyRequests)
        }
    }

    @Test func administratorsCreateUsersAndTokensAreStoredAsHashes() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let created = try await client.post("/api/users", as: .administrator,
                json: #"{"username":"newcomer","role":"coordinator","organizationID":"ops","password":"long enough password"}"#)
            #expect(created.status == .created, "\(created.text)")
            let refused = try await client.post("/api/users", as: .coordinator,
                json: #"{"username":"sneaky","role":"administrator","organizationID":"ops","password":"long enough password"}"#)
            #expect(refused.status == .forbidden)
            let token = try await client.post("/api/tokens", as: .coordinator, json: #"{"name":"script"}"#).json()
            let secret = try #require(token["token"] as? String)
            let me = try await client.request(.get, "/api/me", headers: [.authorization: "Bearer \(secret)"])
            #expect(me.status == .ok)
            let listed = try await client.get("/api/tokens", as: .coordinator)
            #expect(!listed.text.contains(secret))
        }
        let stored = try await server.store.tokens(of: "user-coordinator")
        #expect(stored.allSatisfy { $0.tokenHash.count == 64 })
    }

    @Test func theBearerSchemeIsReadInAnyCaseAndTheTokenWithoutItsSpaces() {
        let read = AuthenticationMiddleware.bearerToken
        #expect(read("Bearer sbt_abc") == "sbt_abc")
        #expect(read("bearer sbt_abc") == "sbt_abc")
        #expect(read("BEARER   sbt_abc  ") == "sbt_abc")
        #expect(read("BeArEr sbt_é") == "sbt_é")
        for refused in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer    ", "Bearersbt_abc", "Bearer\tsbt_abc", "Bear", "", "Béarer x"] {
            #expect(read(refused) == nil, "\(refused)")
        }
    }

    /// schemathesis created an organization whose id was empty (and so its page was the list's URL).
    @Test(arguments: [
        ("/api/organizations", #"{"id":"","name":"Empty","kind":"referrer"}"#),
        ("/api/organizations", #"{"id":"org-x","name":"\u0015","kind":"referrer"}"#),
        ("/api/users", #"{"username":"  ","role":"coordinator","organizationID":"ops","password":"a long passphrase"}"#),
    ])
    func idsAndNamesMustBeSomeTextWithoutControlCharacters(path: String, body: String) async throws {
        let server = try await TestServer()
        try await server.run { client in
            let response = try await client.post(path, as: .administrator, json: body)
            #expect(response.status == .badRequest, "\(body): \(response.text.prefix(200))")
        }
    }
}

/// API tokens are remembered for a moment once checked (`BearerTokens`); what takes one away must
/// still take it away.
@Suite struct BearerTokenMemoryTests {
    @Test func revokingATokenOrDisablingItsUserThroughTheServerStopsItAtOnce() async throws {
        var configuration = TestServer.configuration()
        configuration.bearerTokenMemory = .seconds(3600)
        let server = try await TestServer(configuration: configuration)
        try await server.run { client in
            let token = try await client.post("/api/tokens", as: .coordinator, json: #"{"name":"script"}"#).json()
            let secret = try #require(token["token"] as? String), id = try #require(token["id"] as? String)
            let bearer: HTTPFields = [.authorization: "Bearer \(secret)"]
            #expect(try await client.request(.get, "/api/me", headers: bearer).status == .ok)
            #expect(try await client.request(.delete, "/api/tokens/\(id)", as: .coordinator).status == .noContent)
            #expect(try await client.request(.get, "/api/me", headers: bearer).status == .unauthorized)

            #expect(try await client.get("/api/me", as: .provider).status == .ok)
            let disabled = try await client.request(.patch, "/api/users/user-provider", as: .administrator, json: #"{"disabled":true}"#)
            #expect(disabled.status == .ok, "\(disabled.text)")
            #expect(try await client.get("/api/me", as: .provider).status == .unauthorized)
        }
    }

    /// A user disabled in the database by someone else (`switchboard users`, another instance):
    /// the server's memory of their token runs out, and then it is refused.
    @Test func aChangeMadeElsewhereReachesTheServerOnceTheTokenMemoryRunsOut() async throws {
        for memory in [Duration.seconds(3600), .milliseconds(200)] {
            var configuration = TestServer.configuration()
            configuration.bearerTokenMemory = memory
            let server = try await TestServer(configuration: configuration)
            try await server.run { client in
                #expect(try await client.get("/api/me", as: .provider).status == .ok)
                var account = try #require(server.accounts[.provider])
                account.disabledAt = Date()
                try await server.store.updateAccount(account)
                if memory > .seconds(1) {
                    #expect(try await client.get("/api/me", as: .provider).status == .ok, "remembered for the hour it was given")
                } else {
                    try await Task.sleep(for: memory * 2)
                    #expect(try await client.get("/api/me", as: .provider).status == .unauthorized)
                }
            }
        }
    }
}
