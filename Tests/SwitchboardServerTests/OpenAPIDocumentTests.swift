import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Referrals
@testable import SwitchboardServer
import Testing

@Suite struct OpenAPIDocumentTests {
    /// Pages for browsers (HTML, forms): the web suite tests them; the document describes what programs call.
    static func isPage(_ path: String) -> Bool {
        ["/app", "/signin", "/signout", "/static/"].contains { path == $0 || path.hasPrefix($0 + "/") || (path.hasPrefix($0) && $0.hasSuffix("/")) }
    }

    /// Every route the router holds, as `METHOD /path/{parameter}`.
    static func registeredRoutes(of server: TestServer) async throws -> Set<String> {
        let stores = ServerStores(sqlite: server.store)
        let coordinator = ReferralCoordinator(store: stores.referrals, directory: stores.directory, clock: stores.clock)
        let router = try await buildRouter(configuration: server.configuration, stores: stores, coordinator: coordinator, updater: server.index)
        return Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
    }

    @Test func theDocumentListsExactlyTheRoutesTheServerAnswers() async throws {
        let server = try await TestServer()
        let registered = try await Self.registeredRoutes(of: server).filter { !Self.isPage(String($0.split(separator: " ")[1])) }
        #expect(registered.contains("POST /api/match"))
        #expect(registered.contains("GET /services/{id}"))
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
            #expect(documented == registered, "only documented: \(documented.subtracting(registered)); only served: \(registered.subtracting(documented))")
            // And each documented route answers as a route (whatever the status), not as "no such endpoint".
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

    /// The HSDS routes are the HSDS 3.1 API's: each is a path of Open Referral's document.
    @Test func theHSDSRoutesArePathsOfTheHSDSDocument() async throws {
        let server = try await TestServer()
        let registered = try await Self.registeredRoutes(of: server)
        let data = try Data(contentsOf: HSDSAPITests.repository.appendingPathComponent("Fixtures/hsds-3.1-schema/openapi.json"))
        let hsds = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(hsds["paths"] as? [String: Any])
        let ours = registered.filter { !$0.contains(" /api/") && !Self.isPage(String($0.split(separator: " ")[1])) }
            .subtracting(["GET /health", "GET /metrics", "GET /openapi.json"])
        #expect(ours.count == 11)
        for route in ours { #expect(paths[String(route.split(separator: " ")[1])] != nil, "\(route) is not in the HSDS document") }
    }
}
