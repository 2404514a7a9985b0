import Foundation
public import DirectoryStore
public import Hummingbird
public import Logging
import Matching
public import Referrals
import ServiceLifecycle
import SwitchboardCore
import Workflows

/// What the server works on: one store that keeps the directory, referrals and accounts (the
/// SQLite file or a PostgreSQL database), and the clock the referral timers read.
public struct ServerStores: Sendable {
    public var directory: any DirectoryRefreshing
    public var referrals: any ReferralStore
    public var accounts: any AccountStore
    /// Where jobs that must run in one instance at a time take their turn (the referral sweep).
    public var jobs: any ExclusiveJobRunning
    /// Tells of directory changes other processes commit, as they commit (PostgreSQL); nil for a
    /// store that cannot, whose changes the index watch finds by polling the directory's revision.
    public var changes: (any DirectoryChangeWatching)?
    public var clock: any ReferralClock

    public init(
        directory: any DirectoryRefreshing, referrals: any ReferralStore, accounts: any AccountStore, jobs: any ExclusiveJobRunning,
        changes: (any DirectoryChangeWatching)? = nil, clock: any ReferralClock = SystemClock()
    ) {
        self.directory = directory; self.referrals = referrals; self.accounts = accounts; self.jobs = jobs
        self.changes = changes; self.clock = clock
    }

    /// Everything in one database (a SQLite file or PostgreSQL), as `switchboard serve` runs it.
    public init(_ store: some DirectoryRefreshing & ReferralStore & AccountStore & ExclusiveJobRunning, clock: any ReferralClock = SystemClock()) {
        self.init(directory: store, referrals: store, accounts: store, jobs: store, changes: store as? any DirectoryChangeWatching, clock: clock)
    }

    public init(sqlite: SQLiteDirectoryStore, clock: any ReferralClock = SystemClock()) {
        self.init(sqlite, clock: clock)
    }
}

/// Builds the Hummingbird application: the directory index (built here, before the server
/// answers, so every search sees the whole directory), routes, middleware, and the referral
/// sweep and the index watch as background services. Run it with `runService()` (SIGTERM and
/// SIGINT shut it down gracefully) or drive it in tests with HummingbirdTesting.
/// - Parameter index: the updater that keeps the index; by default one over `stores.directory`
///   with the configuration's reference data. Tests pass their own to trigger its checks.
public func buildApplication(
    configuration: ServerConfiguration, stores: ServerStores, logger: Logger, index: DirectoryIndexUpdater? = nil
) async throws -> some ApplicationProtocol {
    let coordinator = ReferralCoordinator(store: stores.referrals, directory: stores.directory, clock: stores.clock,
        policy: configuration.referralPolicy)
    let updater = index ?? DirectoryIndexUpdater(store: stores.directory, workflow: IndexWorkflow(store: stores.directory,
        zipCodes: configuration.zipCodes, povertyGuidelines: configuration.povertyGuidelines))
    try await updater.rebuild(now: stores.clock.now())
    let router = try await buildRouter(configuration: configuration, stores: stores, coordinator: coordinator, updater: updater)
    var services: [any ServiceLifecycle.Service] = []
    if let interval = configuration.sweepInterval {
        services.append(PeriodicService.referralSweep(coordinator: coordinator, jobs: stores.jobs, every: interval, logger: logger))
    }
    if let changes = stores.changes {
        // Told of each commit as it happens: no polling, and the index is fresh within a notification's trip.
        services.append(DirectoryChangeListener(changes: changes, updater: updater, clock: stores.clock, logger: logger))
    } else if let interval = configuration.indexCheckInterval {
        services.append(PeriodicService.directoryIndexWatch(updater: updater, every: interval, clock: stores.clock, logger: logger))
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "switchboard"),
        services: services,
        logger: logger
    )
}

func buildRouter(
    configuration: ServerConfiguration, stores: ServerStores, coordinator: ReferralCoordinator, updater: DirectoryIndexUpdater
) async throws -> Router<AppRequestContext> {
    let metrics = Metrics()
    let auditor = Auditor(accounts: stores.accounts)
    let bearerTokens = BearerTokens(accounts: stores.accounts, memory: configuration.bearerTokenMemory)
    let web = try await WebRenderer()
    let accounts = AccountsController(accounts: stores.accounts, bearerTokens: bearerTokens, auditor: auditor,
        limiter: SignInLimiter(limit: configuration.signInAttempts, window: configuration.signInWindow), metrics: metrics,
        configuration: configuration)
    let referrals = ReferralsController(coordinator: coordinator, store: stores.referrals, auditor: auditor)
    let feeds = FeedsController(store: stores.directory, updater: updater, auditor: auditor, configuration: configuration, clock: stores.clock)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ObservationMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware(web: web))
    router.add(middleware: AuthenticationMiddleware(accounts: stores.accounts, bearerTokens: bearerTokens))
    router.add(middleware: CSRFMiddleware())
    router.add(middleware: DirectoryIndexMiddleware(holder: updater.holder))
    // Again inside authentication, so an error page knows who is signed in and keeps their navigation.
    router.add(middleware: ErrorMiddleware(web: web))

    router.get("/health") { _, _ in
        JSONResponse.make(["status": "ok"])
    }
    router.get("/metrics") { _, _ in
        let stats = try await stores.directory.statistics(asOf: Date())
        let active = try await stores.referrals.referrals(.active).count
        let text = metrics.exposition(gauges: [
            ("switchboard_directory_services", "Live services in the directory.", Double(stats.services)),
            ("switchboard_directory_organizations", "Live organizations in the directory.", Double(stats.organizations)),
            ("switchboard_referrals_active", "Referrals sent and not closed.", Double(active)),
        ])
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
    router.get("/openapi.json") { _, _ in
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources") else {
            throw APIError(.notFound, "The OpenAPI document is missing from this build")
        }
        return JSONResponse.bytes(try Data(contentsOf: url))
    }
    HSDSController(store: stores.directory, configuration: configuration).register(on: router)
    accounts.register(on: router)
    referrals.register(on: router)
    feeds.register(on: router)
    MatchController(coordinator: coordinator, auditor: auditor, configuration: configuration.matching)
        .register(on: router)
    WebController(web: web, directory: stores.directory, accounts: accounts, referrals: referrals, feeds: feeds, coordinator: coordinator,
        store: stores.referrals, configuration: configuration).register(on: router)
    return router
}
