import ArgumentParser
import DirectoryStore
import Foundation
import PostgresStore
import Referrals
import SwitchboardCore

/// Referral throughput on SQLite: creates, then moves (accepted → in-progress → completed),
/// each one command through the `Referrals` module and one transaction in the store, from
/// `--concurrency` tasks at once.
struct ReferralBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referrals",
        abstract: "Time referral creates and moves per second on a SQLite file.",
        discussion: """
            Each create checks the client, the service (in the directory) and writes the referral, its \
            first event and its idempotency key in one transaction; each move reads the referral, checks \
            the rules and appends an event. Example:
              swift build -c release --product switchboard
              .build/release/switchboard bench referrals --referrals 20000 --concurrency 4
            """
    )

    @Option(help: "How many referrals to create (each is then moved three times).") var referrals = 5_000
    @Option(help: "How many tasks issue commands at once.") var concurrency = 1
    @Option(help: ArgumentHelp("The database to write (default: a temporary file, removed afterwards), or a postgres:// address.", valueName: "path"))
    var database: String?

    func validate() throws {
        guard referrals > 0 else { throw ValidationError("--referrals must be at least 1") }
        guard concurrency > 0 else { throw ValidationError("--concurrency must be at least 1") }
    }

    static let services = 20
    static let clients = 100

    func run() async throws {
        let path = database ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-referral-bench-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
        defer {
            if database == nil {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        let store: any SwitchboardStore = try DatabaseOptions.isPostgres(path)
            ? PostgresDirectoryStore(url: path, domainMapping: DomainMapping(airs: []))
            : SQLiteDirectoryStore(path: path, domainMapping: DomainMapping(airs: []))
        _ = try await store.apply(Self.directory, now: Date())
        let coordinator = ReferralCoordinator(store: store, directory: store)
        let caseManager = Actor(userID: "bench-cm", role: .referrer, organizationID: "bench-case-management")
        let provider = Actor(userID: "bench-intake", role: .provider, organizationID: "bench-provider")
        var clients: [ClientID] = []
        for n in 0..<Self.clients { clients.append(try await coordinator.registerClient(label: "Bench \(n)", by: caseManager).id) }
        print("switchboard bench referrals: \(referrals) referrals, \(concurrency) at a time, database \(path)")

        // Keys unique to this run, so a run on a database of an earlier one issues anew.
        let lanes = concurrency, total = referrals, clientIDs = clients, run = UUID().uuidString
        let (ids, createSeconds) = try await Self.timed {
            try await Self.inLanes(lanes, total) { n in
                let request = NewReferral(
                    clientID: clientIDs[n % clientIDs.count], serviceID: ServiceID("bench-svc-\(n % Self.services)"),
                    need: .init(urgency: .routine)
                )
                return try await coordinator.create(request, by: caseManager, idempotencyKey: "bench-\(run)-\(n)").referral.id
            }
        }
        print(Self.line("create", total, createSeconds))

        let moves: [Move] = [Move(to: .accepted), Move(to: .inProgress), Move(to: .completed, outcome: .init(.serviceProvided))]
        let (_, moveSeconds) = try await Self.timed {
            try await Self.inLanes(lanes, total) { n in
                for move in moves { try await coordinator.move(ids[n], move, by: provider) }
                return ids[n]
            }
        }
        print(Self.line("move", total * moves.count, moveSeconds))

        let (_, statsSeconds) = try await Self.timed { [try await coordinator.statistics()] }
        print(String(format: "statistics over %d referrals: %.2f s", total, statsSeconds.wall))
    }

    static var directory: DirectoryBatch {
        DirectoryBatch(
            organizations: [Organization(id: "bench-provider", name: "Bench Provider", description: "")],
            services: (0..<services).map { Service(id: ServiceID("bench-svc-\($0)"), organizationID: "bench-provider", name: "Service \($0)") }
        )
    }

    /// Wall seconds, and the process's CPU seconds: on a shared machine the CPU time is the steadier figure.
    static func timed<T>(_ body: () async throws -> T) async rethrows -> (T, (wall: Double, cpu: Double)) {
        let start = ContinuousClock.now, startCPU = RefreshBench.processCPUSeconds()
        let value = try await body()
        return (value, ((ContinuousClock.now - start).benchSeconds, RefreshBench.processCPUSeconds() - startCPU))
    }

    /// Runs `work(n)` for n in 0..<count from `lanes` tasks, each taking every lanes-th n; results in n order.
    static func inLanes(_ lanes: Int, _ count: Int, _ work: @escaping @Sendable (Int) async throws -> ReferralID) async throws -> [ReferralID] {
        try await withThrowingTaskGroup(of: [(Int, ReferralID)].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var done: [(Int, ReferralID)] = []
                    for n in stride(from: lane, to: count, by: lanes) { done.append((n, try await work(n))) }
                    return done
                }
            }
            var results = [ReferralID?](repeating: nil, count: count)
            for try await lane in group { for (n, id) in lane { results[n] = id } }
            return results.compactMap { $0 }
        }
    }

    static func line(_ what: String, _ count: Int, _ seconds: (wall: Double, cpu: Double)) -> String {
        String(
            format: "%@ %8d in %7.2f s   %8.0f per second   %6.0f µs each   (CPU %.2f s, %.0f µs each)",
            what.padding(toLength: 7, withPad: " ", startingAt: 0), count, seconds.wall, Double(count) / seconds.wall,
            seconds.wall * 1e6 / Double(count), seconds.cpu, seconds.cpu * 1e6 / Double(count)
        )
    }
}
