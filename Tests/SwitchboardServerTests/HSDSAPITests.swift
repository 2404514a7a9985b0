import Foundation
import HummingbirdTesting
import SwitchboardCore
import Testing

@Suite struct HSDSAPITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyHSDSEndpointAnswersWithRecordsValidAgainstTheHSDS31Schemas() async throws {
        let server = try await TestServer()
        let service = server.service
        let site = try #require(service.sites.first).serviceAtLocation.id
        let term = try #require(service.taxonomyTerms.first)
        let cases: [(String, String, Bool)] = [
            ("/services?per_page=10", "service", true),
            ("/services?full=true&per_page=5", "service", true),
            ("/services?minimal=true&per_page=100", "service", true),
            ("/services?search=\(service.service.name.split(separator: " ").first!)&organization_id=\(service.organization.id)", "service", true),
            ("/services/\(service.id)", "service", false),
            ("/organizations?per_page=10", "organization", true),
            ("/organizations/\(service.organization.id)", "organization", false),
            ("/service_at_locations?per_page=10", "service_at_location", true),
            ("/service_at_locations/\(site)", "service_at_location", false),
            ("/taxonomies", "taxonomy", true),
            ("/taxonomy_terms?per_page=20", "taxonomy_term", true),
            ("/taxonomy_terms/\(term.id)", "taxonomy_term", false),
        ]
        let data: Data = try await server.run { client in
            var out: [[String: Any]] = []
            for (path, schema, page) in cases {
                let response = try await client.get(path, as: .coordinator)
                #expect(response.status == .ok, "\(path): \(response.text.prefix(300))")
                out.append(["path": path, "schema": schema, "page": page, "body": try response.json()])
            }
            return try JSONSerialization.data(withJSONObject: out)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hsds-api-\(UUID().uuidString).json")
        try data.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.repository.appendingPathComponent("Tests/tools/validate_hsds_api.py").path,
            Self.repository.appendingPathComponent("Fixtures/hsds-3.1-schema").path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "HSDS validation failed (python3 with jsonschema is installed by .ci/run):\n\(output.prefix(3000))")
    }

    @Test func servicesArePagedAsTheSpecsPageAndFiltersCombineWithAnd() async throws {
        let server = try await TestServer()
        let organization = server.service.organization.id
        let term = try #require(server.service.taxonomyTerms.first).id
        try await server.run { client in
            let first = try await client.get("/services?per_page=7", as: .coordinator).json()
            #expect(first["total_items"] as? Int == 40)
            #expect(first["total_pages"] as? Int == 6)
            #expect(first["size"] as? Int == 7)
            #expect(first["first_page"] as? Bool == true)
            #expect(first["last_page"] as? Bool == false)
            #expect(first["empty"] as? Bool == false)
            let last = try await client.get("/services?per_page=7&page=6", as: .coordinator).json()
            #expect(last["size"] as? Int == 5)
            #expect(last["last_page"] as? Bool == true)
            let byOrganization = try await client.get("/services?organization_id=\(organization)&per_page=100", as: .coordinator).json()
            let items = try #require(byOrganization["contents"] as? [[String: Any]])
            #expect(!items.isEmpty)
            #expect(items.allSatisfy { ($0["organization"] as? [String: Any])?["id"] as? String == organization.rawValue })
            let both = try await client.get("/services?organization_id=\(organization)&taxonomy_term_id=\(term)&per_page=100", as: .coordinator).json()
            #expect((both["total_items"] as? Int ?? 99) <= items.count)
            let none = try await client.get("/services?search=zzzqqq", as: .coordinator).json()
            #expect(none["empty"] as? Bool == true)
            let ndjson = try await client.get("/services?format=ndjson", as: .coordinator)
            #expect(ndjson.headers[.contentType] == "application/x-ndjson")
            #expect(ndjson.text.split(separator: "\n").count == 40)
            // Streamed in chunks, it holds what the pages hold, in the same order.
            let streamed = try ndjson.text.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["id"] as? String
            }
            let listed = try await client.get("/services?per_page=1000", as: .coordinator).json()["contents"] as? [[String: Any]]
            #expect(streamed == listed?.map { $0["id"] as? String })
            let filtered = try await client.get("/services?format=ndjson&organization_id=\(organization)", as: .coordinator)
            #expect(filtered.text.split(separator: "\n").count == items.count)
            let bad = try await client.get("/services?page=0", as: .coordinator)
            #expect(bad.status == .badRequest)
            let missing = try await client.get("/services/no-such-service", as: .coordinator)
            #expect(missing.status == .notFound)
        }
    }

    /// Organizations are paged from their position in the store; the pages together are the
    /// whole list that NDJSON and a word search read by scanning, in the same order.
    @Test func organizationsArePagedWithoutReadingThemAll() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let ndjson = try await client.get("/organizations?format=ndjson", as: .coordinator)
            let all = try ndjson.text.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["id"] as? String
            }
            #expect(all.count > 3)
            var paged: [String?] = []
            let first = try await client.get("/organizations?per_page=3", as: .coordinator).json()
            #expect(first["total_items"] as? Int == all.count)
            let pages = try #require(first["total_pages"] as? Int)
            #expect(pages == (all.count + 2) / 3)
            for number in 1...pages {
                let page = try await client.get("/organizations?per_page=3&page=\(number)", as: .coordinator).json()
                #expect(page["last_page"] as? Bool == (number == pages))
                paged += try #require(page["contents"] as? [[String: Any]]).map { $0["id"] as? String }
            }
            #expect(paged == all)
            let beyond = try await client.get("/organizations?per_page=3&page=\(pages + 1)", as: .coordinator).json()
            #expect((beyond["contents"] as? [Any])?.isEmpty == true)
            #expect(beyond["total_items"] as? Int == all.count)
            let name = try #require((try await client.get("/organizations?per_page=1", as: .coordinator).json()["contents"] as? [[String: Any]])?.first?["name"] as? String)
            let searched = try await client.get("/organizations?search=\(name.split(separator: " ")[0].addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", as: .coordinator).json()
            #expect((searched["total_items"] as? Int ?? 0) >= 1)
            #expect((searched["total_items"] as? Int ?? 0) <= all.count)
            // Narrowed in the store, checked word by word: the same answer as filtering the whole list.
            let everyone = try #require(try await client.get("/organizations?per_page=1000", as: .coordinator).json()["contents"] as? [[String: Any]])
            for word in ["food", "HOUSING", "of", "zzqqxx", "bank food", "é"] {
                let words = word.lowercased().split(separator: " ").map(String.init)
                let expected = everyone.filter { org in
                    let text = [org["name"], org["alternate_name"], org["description"]].compactMap { $0 as? String }.joined(separator: " ").lowercased()
                        .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                    return words.allSatisfy { w in text.contains { $0.hasPrefix(w) } }
                }.map { $0["id"] as? String }
                let query = word.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let answered = try #require(try await client.get("/organizations?per_page=1000&search=\(query)", as: .coordinator).json()["contents"] as? [[String: Any]])
                #expect(answered.map { $0["id"] as? String } == expected, "\(word)")
            }
        }
    }

    @Test func theDirectoryNeedsAnAccountUnlessPublicModeIsOn() async throws {
        let closed = try await TestServer()
        try await closed.run { client in
            let services = try await client.get("/services")
            let health = try await client.get("/health")
            #expect(services.status == .unauthorized)
            #expect(health.status == .ok)
        }
        let open = try await TestServer(configuration: TestServer.configuration(publicDirectory: true))
        try await open.run { client in
            let services = try await client.get("/services")
            let referrals = try await client.get("/api/referrals")
            #expect(services.status == .ok)
            #expect(referrals.status == .unauthorized)
        }
    }

    @Test func metricsArePrometheusText() async throws {
        let server = try await TestServer()
        try await server.run { client in
            try await client.get("/health")
            let metrics = try await client.get("/metrics")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(metrics.text.contains("# TYPE switchboard_http_requests_total counter"))
            #expect(metrics.text.contains("switchboard_directory_services 40"))
        }
    }
}
