import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct OpenAPIDocumentTests {
    /// Our routes, as registered: the document must list each, and each it lists must be served.
    static let routes: Set<String> = [
        "GET /health", "GET /metrics", "GET /openapi.json", "POST /api/session", "DELETE /api/session", "GET /api/me",
        "GET /api/tokens", "POST /api/tokens", "DELETE /api/tokens/{id}", "GET /api/users", "POST /api/users",
        "PATCH /api/users/{id}", "GET /api/organizations", "POST /api/organizations", "GET /api/audit", "POST /api/clients",
        "GET /api/clients/{id}", "GET /api/clients/{id}/consents", "POST /api/clients/{id}/consents", "POST /api/consents/{id}/revoke",
        "GET /api/referrals", "POST /api/referrals", "GET /api/referrals/{id}", "GET /api/referrals/{id}/events",
        "POST /api/referrals/{id}/moves", "POST /api/referrals/{id}/activities", "GET /api/referrals/{id}/fhir",
        "GET /api/worklist", "GET /api/statistics", "GET /api/feeds", "GET /api/feeds/history", "POST /api/feeds/{name}/refresh",
    ]

    @Test func theDocumentListsExactlyTheRoutesTheServerAnswers() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let response = try await client.get("/openapi.json")
            #expect(response.status == .ok)
            let document = try response.json()
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, item) in paths {
                for method in item.keys where method != "parameters" { documented.insert("\(method.uppercased()) \(path)") }
            }
            #expect(documented == Self.routes, "only documented: \(documented.subtracting(Self.routes)); only served: \(Self.routes.subtracting(documented))")
            for route in documented where route != "GET /openapi.json" {
                let parts = route.split(separator: " ")
                let uri = String(parts[1]).replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{name}", with: "x")
                let answer = try await client.request(HTTPRequest.Method(rawValue: String(parts[0]))!, uri, as: .administrator, json: "{}")
                #expect(!answer.text.contains("no-such-endpoint"), "\(route) is documented but not served")
            }
            let unknown = try await client.get("/api/nothing-here", as: .administrator)
            #expect(unknown.text.contains("no-such-endpoint"))
        }
    }
}
