import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchboardServer
import Testing

@Suite struct LiveServerTests {
    /// The real server on a free loopback port (HummingbirdTesting's live mode binds port 0), with
    /// the referral sweep running as a background service; both stop when the test ends.
    @Test func theServerAnswersOnASocketWithTheSweepRunning() async throws {
        let server = try await TestServer(configuration: TestServer.configuration(port: 0, sweepInterval: .seconds(1)))
        try await server.application().test(.live) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            let services = try await client.execute(uri: "/services?per_page=1", method: .get,
                headers: [.authorization: "Bearer \(TestServer.token(.coordinator))"])
            #expect(services.status == .ok)
        }
    }
}
