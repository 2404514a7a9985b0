import DirectoryStore
import Foundation
import PostgresStore
import Referrals
import SwitchboardCore
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Two `switchboard serve` processes on two loopback ports sharing one PostgreSQL database (a
/// fresh schema of the test server): what one writes the other reads at once, an import on one is
/// searchable on the other through LISTEN/NOTIFY, two moves of one referral at once give one
/// winner and one conflict, and when the instance sweeping is killed mid-sweep the other one
/// takes the sweep over and every reminder is recorded exactly once.
///
/// Waits are on conditions (a status, a row, a lock in `pg_locks`), with a generous limit that only
/// a hung test reaches; no assertion depends on how long anything takes.
@Suite(.serialized) struct MultiInstanceTests {
    static let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES"]
    /// Under CI a missing server fails the run rather than skipping this.
    static let enabled = url != nil || ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(.enabled(if: enabled, "SWITCHBOARD_TEST_POSTGRES is not set: the two-instance test needs PostgreSQL (`bash .ci/run` starts one)"))
    func twoServeProcessesShareOneDatabase() async throws {
        let base = try #require(Self.url, "set SWITCHBOARD_TEST_POSTGRES")
        let schema = "multi_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let database = base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-multi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // Both start at once on the empty schema: one migrates and loads the demo data, the other waits for it.
        let a = try Instance(name: "instance-a", database: database, folder: folder)
        let b = try Instance(name: "instance-b", database: database, folder: folder)
        defer { a.kill(); b.kill() }
        try await a.waitUntilHealthy()
        try await b.waitUntilHealthy()
        let store = try PostgresDirectoryStore(url: database, domainMapping: DomainMapping(airs: []))
        let migrations = try await store.appliedMigrations()
        #expect(migrations.count == Set(migrations).count && !migrations.isEmpty, "\(migrations)")

        let admin = try await a.token(for: "admin")
        let caseManager = try await a.token(for: "casemanager")
        let provider = try await b.token(for: "provider")
        let demoServices = try await a.total(of: "/services?per_page=1", token: admin)
        #expect(demoServices > 0, "the demo directory was loaded")
        #expect(try await b.total(of: "/services?per_page=1", token: admin) == demoServices, "one copy, not two")

        // Created on one, read on the other at once (the token made on A works on B too).
        // The demo provider account works for the first service's organization: refer to an active service of it.
        let services = try await store.services(after: nil, limit: 1_000)
        let providerOrganization = try #require(services.first).organization.id
        let service = try #require(services.first { $0.organization.id == providerOrganization && $0.service.status == .active })
        let client = try await a.json(.post, "/api/clients", token: caseManager, body: ["label": "Case 17"])
        let clientID = try #require(client.body["id"] as? String, "\(client)")
        let created = try await a.json(.post, "/api/referrals", token: caseManager, body: [
            "clientID": clientID, "serviceID": service.service.id.rawValue, "need": ["urgency": "routine"],
            "draft": false, "shareClientDetails": false, "doNotContactClient": false,
        ])
        #expect(created.status == 201, "\(created)")
        let referralID = try #require(created.body["id"] as? String, "\(created)")
        let seen = try await b.json(.get, "/api/referrals/\(referralID)", token: provider)
        #expect(seen.status == 200, "\(seen)")
        #expect((seen.body["referral"] as? [String: Any])?["status"] as? String == "requested", "\(seen)")

        // Two moves of the same referral at the same version, one on each instance: one wins, one conflicts.
        let move: [String: any Sendable] = ["to": "accepted", "expectedVersion": 1]
        async let onA = a.json(.post, "/api/referrals/\(referralID)/moves", token: provider, body: move)
        async let onB = b.json(.post, "/api/referrals/\(referralID)/moves", token: provider, body: move)
        let moves = try await [onA, onB]
        #expect(moves.map(\.status).sorted() == [200, 409], "\(moves)")
        for instance in [a, b] {
            let after = try await instance.json(.get, "/api/referrals/\(referralID)", token: provider)
            let referral = after.body["referral"] as? [String: Any]
            #expect(referral?["status"] as? String == "accepted", "\(after)")
            #expect(referral?["version"] as? Int == 2, "\(after)")
            let events = try await instance.json(.get, "/api/referrals/\(referralID)/events", token: provider)
            #expect(events.list.count == 2, "one created, one move: the loser wrote nothing")
        }

        // A feed imported through A is searchable on B, told by NOTIFY (B polls nothing on PostgreSQL).
        let refreshed = try await a.json(.post, "/api/feeds/bc211-excerpt/refresh", token: admin)
        #expect(((refreshed.body["run"] as? [String: Any])?["outcome"] as? String) == "committed", "\(refreshed)")
        let onAAfter = try await a.total(of: "/services?per_page=1", token: admin)
        #expect(onAAfter > demoServices)
        let heard = ContinuousClock.now
        try await eventually("B's index has the import") { try await b.total(of: "/services?per_page=1", token: admin) == onAAfter }
        print("multi-instance: B searched the import \(ContinuousClock.now - heard) after A's refresh answered")
        #expect(b.log.contains("directory index rebuilt"), "B rebuilt on a notification")

        try await sweepTakeover(a: a, b: b, store: store, service: service.service.id)
    }

    /// Twelve referrals three days quiet: the instance that sweeps first is stopped (SIGKILL) while
    /// its sweep is held mid-way by a row lock; the other takes the sweep over.
    func sweepTakeover(a: Instance, b: Instance, store: PostgresDirectoryStore, service: ServiceID) async throws {
        let clock = TestClock(Date().addingTimeInterval(-3 * 86_400))
        let coordinator = ReferralCoordinator(store: store, directory: store, clock: clock)
        let caseManager = Actor(userID: "test-cm", role: .referrer, organizationID: "demo-agency")
        let (locked, lockedSignal) = AsyncStream.makeStream(of: Void.self)
        let release = DispatchSemaphore(value: 0)
        // Holding the sweep ourselves while we set up: no instance sweeps a half-made list.
        let ids = try #require(try await store.withExclusiveJob(.referralSweep, ifBusy: .wait) {
            let client = try await coordinator.registerClient(label: "Case 18", details: nil, by: caseManager)
            var made: [ReferralID] = []
            for _ in 0..<12 {
                clock.advance(seconds: 60)
                let request = NewReferral(clientID: client.id, serviceID: service, need: .init(urgency: .routine))
                made.append(try await coordinator.create(request, by: caseManager).referral.id)
            }
            return made
        })
        // The sweep goes newest first: lock the seventh newest, so six are reminded before it stops.
        let middle = ids[5]
        let holder = Task {
            try await store.write("Holding a referral's row") { db in
                _ = try db.fetchAll(sql: "SELECT id FROM referral WHERE id = ? FOR UPDATE", arguments: [middle.rawValue])
                lockedSignal.yield()
                release.wait()  // this transaction's own thread; the test releases it below
                return 0
            }
        }
        for await _ in locked { break }
        defer { release.signal() }

        let sweeper = try await eventually("an instance sweeps and waits on the locked row") { () -> String? in
            let waiting = try await store.read("Who sweeps") { db in
                try db.fetchAll(sql: """
                    SELECT a.application_name FROM pg_stat_activity a
                    WHERE a.wait_event_type = 'Lock' AND a.application_name IN ('instance-a', 'instance-b')
                    """).map { $0[0] as String }
            }
            return waiting.first
        }
        let (stopped, survivor) = sweeper == "instance-a" ? (a, b) : (b, a)
        let remindedBefore = try await reminders(of: ids, in: store)
        #expect(remindedBefore.values.reduce(0, +) == 6, "\(remindedBefore)")

        stopped.kill()
        _ = try await eventually("\(survivor.name) holds the sweep") { () -> Bool? in
            let holders = try await store.read("Who holds the sweep") { db in
                try db.fetchAll(sql: """
                    SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.classid = 7708 AND l.granted
                    """).map { $0[0] as String }
            }
            return holders.contains("\(survivor.name) job referral-sweep") ? true : nil
        }
        release.signal()
        _ = try await holder.value

        try await eventually("every referral reminded") { try await reminders(of: ids, in: store).values.allSatisfy { $0 > 0 } }
        let after = try await reminders(of: ids, in: store)
        #expect(after.values.allSatisfy { $0 == 1 }, "each reminder exactly once: \(after)")
        // The survivor still serves, and its next sweeps find nothing left to do.
        let caseManagerToken = try await survivor.token(for: "casemanager")
        let events = try await survivor.json(.get, "/api/referrals/\(middle.rawValue)/events", token: caseManagerToken)
        #expect(events.status == 200 && events.text.contains("reminded"), "\(events)")
        try survivor.stop()
        #expect(survivor.exitStatus == 0, "SIGTERM stops it gracefully:\n\(survivor.log.suffix(2_000))")
    }

    func reminders(of ids: [ReferralID], in store: PostgresDirectoryStore) async throws -> [ReferralID: Int] {
        var counts: [ReferralID: Int] = [:]
        for id in ids {
            counts[id] = try await store.events(of: id).count { if case .reminded = $0.change { true } else { false } }
        }
        return counts
    }
}

/// A clock the test sets: referrals made "three days ago".
final class TestClock: ReferralClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    func now() -> Date { lock.withLock { current } }
    func advance(seconds: Double) { lock.withLock { current += seconds } }
}

/// Polls `condition` until it gives a value (or true); fails after `limit`, which only a hung run reaches.
@discardableResult
func eventually<T>(_ what: String, limit: Duration = .seconds(120), _ condition: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if let value = try await condition() { return value }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw InstanceError("gave up waiting: \(what)")
}

@discardableResult
func eventually(_ what: String, limit: Duration = .seconds(120), _ condition: () async throws -> Bool) async throws -> Bool {
    try await eventually(what, limit: limit) { try await condition() ? true : nil }
}

struct InstanceError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One `switchboard serve` process on a free loopback port, its output in a file.
final class Instance: @unchecked Sendable {
    enum Method: String { case get = "GET", post = "POST" }

    /// An answer, its JSON parsed (an object, or a list); only ever read by the test that asked.
    struct Answer: CustomStringConvertible, @unchecked Sendable {
        var status: Int
        var body: [String: Any]
        var list: [[String: Any]]
        var text: String
        var cookie: String?
        var description: String { "\(status) \(text.prefix(400))" }
    }

    let name: String
    let port: Int
    let process = Process()
    let output: URL

    init(name: String, database: String, folder: URL) throws {
        self.name = name
        port = try Self.freePort()
        output = folder.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        guard let executable = CLITests.executable else { throw InstanceError("the switchboard executable is not built") }
        process.executableURL = executable
        process.arguments = [
            "serve", "--database", database + "&application_name=\(name)", "--port", "\(port)", "--demo-accounts",
            "--sweep-seconds", "1",
        ]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHBOARD_HOME"] = CLITests.repository.path
        environment.removeValue(forKey: "SWITCHBOARD_DATABASE")
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func stop() throws {
        process.terminate()
        process.waitUntilExit()
    }

    func waitUntilHealthy() async throws {
        try await eventually("\(name) answers /health") { () -> Bool in
            guard process.isRunning else { throw InstanceError("\(name) exited:\n\(log.suffix(3_000))") }
            return (try? await json(.get, "/health", token: nil).status) == 200
        }
    }

    /// Signs in with the demo password and makes an API token (stored in the shared database).
    func token(for username: String) async throws -> String {
        let session = try await json(.post, "/api/session", token: nil, body: ["username": username, "password": "switchboard-demo"])
        let csrf = try #require(session.body["csrfToken"] as? String, "\(session)")
        let cookie = try #require(session.cookie, "no session cookie")
        let made = try await json(.post, "/api/tokens", token: nil, body: ["name": "multi-instance test"],
            headers: ["Cookie": cookie, "X-CSRF-Token": csrf])
        return try #require(made.body["token"] as? String, "\(made)")
    }

    func total(of path: String, token: String) async throws -> Int {
        let answer = try await json(.get, path, token: token)
        return try #require(answer.body["total_items"] as? Int, "\(answer)")
    }

    func json(
        _ method: Method, _ path: String, token: String?, body: [String: any Sendable]? = nil, headers: [String: String] = [:]
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method.rawValue
        request.httpShouldHandleCookies = false
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (field, value) in headers { request.setValue(value, forHTTPHeaderField: field) }
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body as [String: Any])
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await Self.session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        let parsed = try? JSONSerialization.jsonObject(with: data)
        return Answer(status: http.statusCode, body: parsed as? [String: Any] ?? [:], list: parsed as? [[String: Any]] ?? [],
            text: String(decoding: data, as: UTF8.self),
            cookie: http.value(forHTTPHeaderField: "Set-Cookie").map { String($0.prefix { $0 != ";" }) })
    }

    /// No cookie jar: each request carries exactly the credentials the test gives it.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration)
    }()

    /// A port nobody listens on now: bind port 0 and read what the kernel chose.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw InstanceError("socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw InstanceError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

