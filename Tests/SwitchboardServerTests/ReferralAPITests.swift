import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import SwitchboardCore
import Testing

@Suite struct ReferralAPITests {
    /// A client and a requested referral of the case manager's, to the provider's service.
    static func issue(_ client: TestServer.Client, service: ServiceID) async throws -> (client: String, referral: String) {
        let created = try await client.post("/api/clients", as: .caseManager,
            json: #"{"label":"Case 7","details":{"name":"Dana Example","phone":"402-555-0199"}}"#)
        #expect(created.status == .created, "\(created.text)")
        let clientID = try #require(try created.json()["id"] as? String)
        let referral = try await client.post("/api/referrals", as: .caseManager,
            json: #"{"clientID":"\#(clientID)","serviceID":"\#(service)","need":{"urgency":"urgent"},"draft":false,"shareClientDetails":false,"doNotContactClient":false}"#)
        #expect(referral.status == .created, "\(referral.text)")
        return (clientID, try #require(try referral.json()["id"] as? String))
    }

    @Test func aReferralGoesFromCaseManagerToProviderAndBackClosed() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let (_, id) = try await Self.issue(client, service: server.service.id)
            let inbox = try await client.get("/api/referrals?status=requested", as: .provider).jsonArray()
            #expect(inbox.map { $0["id"] as? String } == [id])
            let accepted = try await client.post("/api/referrals/\(id)/moves", as: .provider, json: #"{"to":"accepted","expectedVersion":1}"#)
            #expect(accepted.status == .ok, "\(accepted.text)")
            let stale = try await client.post("/api/referrals/\(id)/moves", as: .provider, json: #"{"to":"in-progress","expectedVersion":1}"#)
            #expect(stale.status == .conflict)
            #expect(try stale.json()["error"].flatMap { ($0 as? [String: Any])?["current_version"] as? Int } == 2)
            let illegal = try await client.post("/api/referrals/\(id)/moves", as: .caseManager, json: #"{"to":"completed"}"#)
            #expect(illegal.status == .unprocessableContent)
            let note = try await client.post("/api/referrals/\(id)/activities", as: .provider, json: #"{"kind":"contact-attempted","reached":true}"#)
            #expect(note.status == .created, "\(note.text)")
            let done = try await client.post("/api/referrals/\(id)/moves", as: .provider,
                json: #"{"to":"completed","outcome":{"code":"enrolled"}}"#)
            #expect(done.status == .ok, "\(done.text)")
            let seen = try await client.get("/api/referrals/\(id)", as: .caseManager).json()
            #expect((seen["referral"] as? [String: Any])?["status"] as? String == "completed")
            let events = try await client.get("/api/referrals/\(id)/events", as: .caseManager).jsonArray()
            #expect(events.count == 4)
            let fhir = try await client.get("/api/referrals/\(id)/fhir", as: .provider).json()
            #expect(fhir["resourceType"] as? String == "Bundle")
            let audit = try await client.get("/api/audit?action=referral.", as: .administrator).jsonArray()
            #expect(Set(audit.compactMap { $0["action"] as? String }) == ["referral.create", "referral.move", "referral.activity", "referral.export-fhir"])
            #expect(!audit.contains { ($0["detail"] as? String ?? "").contains("Dana") })
        }
    }

    @Test func anotherOrganizationsReferralAnswersExactlyAsAMissingOne() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let (clientID, id) = try await Self.issue(client, service: server.service.id)
            for who in [TestServer.Who.otherCaseManager, .otherProvider] {
                let theirs = try await client.get("/api/referrals/\(id)", as: who)
                let missing = try await client.get("/api/referrals/no-such-referral", as: who)
                #expect(theirs.status == .notFound)
                #expect(theirs.text.replacingOccurrences(of: id, with: "X") == missing.text.replacingOccurrences(of: "no-such-referral", with: "X"))
                let move = try await client.post("/api/referrals/\(id)/moves", as: who, json: #"{"to":"accepted"}"#)
                #expect(move.status == .notFound)
                let list = try await client.get("/api/referrals", as: who).jsonArray()
                #expect(list.isEmpty)
            }
            #expect(try await client.get("/api/clients/\(clientID)", as: .otherCaseManager).status == .notFound)
            #expect(try await client.get("/api/clients/\(clientID)", as: .provider).status == .notFound)
            // Details go to the provider only under consent.
            let view = try await client.get("/api/referrals/\(id)", as: .provider).json()
            #expect(view["clientDetails"] == nil)
        }
    }

    /// Every role against every endpoint of our API: allowed, or refused (401 anonymous, 403 for a
    /// role that may not, 404 for a record the role may not see).
    @Test func everyRoleAgainstEveryEndpoint() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let (clientID, id) = try await Self.issue(client, service: server.service.id)
            typealias W = TestServer.Who
            let anyone: Set<W> = [.coordinator, .caseManager, .otherCaseManager, .provider, .otherProvider, .administrator]
            let parties: Set<W> = [.caseManager, .provider]
            let referrers: Set<W> = [.caseManager, .otherCaseManager]
            let actors: Set<W> = [.caseManager, .otherCaseManager, .provider, .otherProvider]
            let table: [(HTTPRequest.Method, String, String?, Set<W>)] = [
                (.get, "/services", nil, anyone),
                (.get, "/services/\(server.service.id)", nil, anyone),
                (.get, "/organizations", nil, anyone),
                (.get, "/taxonomy_terms", nil, anyone),
                (.get, "/api/me", nil, anyone),
                (.get, "/api/tokens", nil, anyone),
                (.get, "/api/referrals", nil, actors),
                (.get, "/api/referrals/\(id)", nil, parties),
                (.get, "/api/referrals/\(id)/events", nil, parties),
                (.get, "/api/referrals/\(id)/fhir", nil, parties),
                (.get, "/api/clients/\(clientID)", nil, [.caseManager]),
                (.get, "/api/clients/\(clientID)/consents", nil, [.caseManager]),
                (.get, "/api/worklist", nil, actors),
                (.get, "/api/statistics", nil, [.coordinator, .caseManager, .otherCaseManager, .administrator]),
                (.post, "/api/match", #"{"needs":[{"domain":"housing"}]}"#, [.coordinator, .caseManager, .otherCaseManager]),
                (.post, "/api/clients", #"{"label":"Case 9"}"#, referrers),
                (.get, "/api/users", nil, [.administrator]),
                (.get, "/api/organizations", nil, [.administrator]),
                (.get, "/api/audit", nil, [.administrator]),
                (.get, "/api/feeds/history", nil, [.administrator]),
            ]
            for (method, path, body, allowed) in table {
                for who in W.allCases {
                    let response = try await client.request(method, path, as: who, json: body)
                    let code = response.status.code
                    if allowed.contains(who) {
                        #expect((200..<300).contains(code), "\(who) \(method) \(path): \(code) \(response.text.prefix(200))")
                    } else if who == .anonymous {
                        #expect(code == 401, "\(who) \(method) \(path): \(code)")
                    } else {
                        #expect(code == 403 || code == 404, "\(who) \(method) \(path): \(code) \(response.text.prefix(200))")
                    }
                }
            }
        }
    }
}
