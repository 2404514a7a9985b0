import Foundation
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
