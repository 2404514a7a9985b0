import DirectoryGenerator
import DirectoryStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Matching
import SwitchboardCore
import SwitchboardServer
import Testing
import Workflows

/// A server over an in-memory store holding a small generated directory, with one account per
/// role (and a second case manager and provider of other organizations), each with an API token.
struct TestServer {
    enum Who: String, CaseIterable, CustomStringConvertible {
        case anonymous, coordinator, caseManager, otherCaseManager, provider, otherProvider, administrator
        var description: String { rawValue }
    }

    static let password = "correct horse battery"

    let store: SQLiteDirectoryStore
    let configuration: ServerConfiguration
    /// A provider organization (the first service's) and one of its services.
    let providerOrganization: OrganizationID
    let service: ServiceRecord
    let otherProviderOrganization: OrganizationID
    var accounts: [Who: Account] = [:]

    /// The repository's `Directory/`, for the ZIP table and poverty guidelines the index uses.
    static let installation = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Directory")
    /// Loaded once for all tests (about 43,000 ZIP codes).
    static let referenceData: (ZIPCodeTable, PovertyGuidelines) = {
        let installation = try! Installation(directoryFolder: TestServer.installation)
        return (try! installation.loadZIPCodes(), try! installation.loadPovertyGuidelines())
    }()

    /// The defaults of tests: no timers (tests call what the timers would), cheap bcrypt.
    static func configuration(publicDirectory: Bool = false, port: Int = 8080, sweepInterval: Duration? = nil) -> ServerConfiguration {
        var configuration = ServerConfiguration(port: port, publicDirectory: publicDirectory, sweepInterval: sweepInterval, bcryptCost: 4)
        configuration.zipCodes = referenceData.0
        configuration.povertyGuidelines = referenceData.1
        configuration.indexCheckInterval = nil
        return configuration
    }

    /// The index the application keeps; tests call its checks where the server's timer would.
    let index: DirectoryIndexUpdater

    /// - Parameter path: a database file (another store may then open it, as the CLI would); in memory by default.
    init(configuration: ServerConfiguration = TestServer.configuration(), path: String? = nil) async throws {
        self.configuration = configuration
        store = try SQLiteDirectoryStore(path: path, domainMapping: DirectoryGenerator.domainMapping)
        index = DirectoryIndexUpdater(store: store, workflow: IndexWorkflow(store: store, zipCodes: Self.referenceData.0,
            povertyGuidelines: Self.referenceData.1))
        let generator = DirectoryGenerator(seed: 11, services: 40)
        let now = DirectoryGenerator.defaultReferenceDate
        _ = try await store.apply(generator.taxonomy(), now: now)
        var batches: [DirectoryBatch] = []
        generator.forEachChunk { batches.append($0) }
        for batch in batches { _ = try await store.apply(batch, now: now) }
        let services = try await store.services(after: nil, limit: 100)
        let active = services.filter { $0.service.status == .active }
        let first = try #require(active.first)
        service = first
        providerOrganization = first.organization.id
        otherProviderOrganization = try #require(services.first { $0.organization.id != first.organization.id }?.organization.id)

        try await store.saveOrganization(AccountOrganization(id: "ops", name: "Operations", kind: .referrer))
        try await store.saveOrganization(AccountOrganization(id: "agency-a", name: "Agency A", kind: .referrer))
        try await store.saveOrganization(AccountOrganization(id: "agency-b", name: "Agency B", kind: .referrer))
        try await store.saveOrganization(AccountOrganization(id: providerOrganization, name: "Provider", kind: .provider))
        try await store.saveOrganization(AccountOrganization(id: otherProviderOrganization, name: "Other provider", kind: .provider))
        let people: [(Who, Account.Role, OrganizationID)] = [
            (.coordinator, .coordinator, "ops"), (.caseManager, .caseManager, "agency-a"), (.otherCaseManager, .caseManager, "agency-b"),
            (.provider, .providerStaff, providerOrganization), (.otherProvider, .providerStaff, otherProviderOrganization),
            (.administrator, .administrator, "ops"),
        ]
        let hash = await Passwords.hash(Self.password, cost: 4)
        for (who, role, organization) in people {
            let account = Account(id: UserID("user-\(who)"), username: who.rawValue, displayName: who.rawValue, role: role,
                organizationID: organization, createdAt: now)
            try await store.createAccount(account, passwordHash: hash)
            try await store.createToken(APIToken(id: "token-\(who)", userID: account.id, name: "tests",
                tokenHash: SHA256.hex(Self.token(who)), createdAt: now))
            accounts[who] = account
        }
    }

    static func token(_ who: Who) -> String { "sbt_test_\(who.rawValue)" }

    func application() async throws -> some ApplicationProtocol {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return try await buildApplication(configuration: configuration, stores: ServerStores(sqlite: store), logger: logger, index: index)
    }

    /// Runs `body` against the application through HummingbirdTesting's router framework (no socket).
    func run<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        try await application().test(.router) { client in try await body(Client(client: client)) }
    }

    struct Client: Sendable {
        let client: any TestClientProtocol

        @discardableResult
        func request(_ method: HTTPRequest.Method, _ uri: String, as who: Who = .anonymous, json: String? = nil,
                     headers extra: HTTPFields = [:], body text: String? = nil) async throws -> TestResponse {
            var headers = extra
            if who != .anonymous { headers[.authorization] = "Bearer \(TestServer.token(who))" }
            if json != nil { headers[.contentType] = "application/json" }
            return try await client.execute(uri: uri, method: method, headers: headers, body: (json ?? text).map { ByteBuffer(string: $0) })
        }

        @discardableResult
        func get(_ uri: String, as who: Who = .anonymous) async throws -> TestResponse { try await request(.get, uri, as: who) }

        func post(_ uri: String, as who: Who, json: String) async throws -> TestResponse {
            try await request(.post, uri, as: who, json: json)
        }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
    }

    func jsonArray() throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "not a JSON array: \(text.prefix(300))")
    }
}
