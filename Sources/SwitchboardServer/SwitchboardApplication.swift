import Foundation
public import DirectoryStore
public import Hummingbird
public import Logging
public import Referrals
import ServiceLifecycle
import SwitchboardCore

/// What the server works on: one store that keeps the directory, referrals and accounts (the
/// SQLite file), and the clock the referral timers read.
public struct ServerStores: Sendable {
    public var directory: any DirectoryRefreshing
    public var referrals: any ReferralStore
    public var accounts: any AccountStore
    public var clock: any ReferralClock

    public init(directory: any DirectoryRefreshing, referrals: any ReferralStore, accounts: any AccountStore, clock: any ReferralClock = SystemClock()) {
        self.directory = directory; self.referrals = referrals; self.accounts = accounts; self.clock = clock
    }

    /// Everything in one SQLite database, as `switchboard serve` runs it.
    public init(sqlite: SQLiteDirectoryStore, clock: any ReferralClock = SystemClock()) {
        self.init(directory: sqlite, referrals: sqlite, accounts: sqlite, clock: clock)
    }
}

/// Builds the Hummingbird application: routes, middleware, and the referral sweep as a
/// background service. Run it with `runService()` (SIGTERM and SIGINT shut it down gracefully)
/// or drive it in tests with HummingbirdTesting.
public func buildApplication(
    configuration: ServerConfiguration, stores: ServerStores, logger: Logger
) async throws -> some ApplicationProtocol {
    let coordinator = ReferralCoordinator(store: stores.referrals, directory: stores.directory, clock: stores.clock,
        policy: configuration.referralPolicy)
    let router = try await buildRouter(configuration: configuration, stores: stores, coordinator: coordinator)
    var services: [any ServiceLifecycle.Service] = []
    if let interval = configuration.sweepInterval {
        services.append(ReferralSweepService(coordinator: coordinator, interval: interval, logger: logger))
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "switchboard"),
        services: services,
        logger: logger
    )
}

func buildRouter(
    configuration: ServerConfiguration, stores: ServerStores, coordinator: ReferralCoordinator
) async throws -> Router<AppRequestContext> {
    let metrics = Metrics()
    let catalog = DirectoryCatalog(store: stores.directory)
    let auditor = Auditor(accounts: stores.accounts)
    let web = try await WebRenderer()
    let accounts = AccountsController(accounts: stores.accounts, auditor: auditor,
        limiter: SignInLimiter(limit: configuration.signInAttempts, window: configuration.signInWindow), metrics: metrics,
        configuration: configuration)
    let referrals = ReferralsController(coordinator: coordinator, store: stores.referrals, auditor: auditor)
    let feeds = FeedsController(store: stores.directory, catalog: catalog, auditor: auditor, configuration: configuration)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ObservationMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware(web: web))
    router.add(middleware: AuthenticationMiddleware(accounts: stores.accounts))
    router.add(middleware: CSRFMiddleware())
    // Again inside authentication, so an error page knows who is signed in and keeps their navigation.
    router.add(middleware: ErrorMiddleware(web: web))

    router.get("/health") { _, _ in
        JSONResponse.make(["status": "ok"])
    }
    router.get("/metrics") { _, _ in
        let stats = try await stores.directory.statistics(asOf: Date())
        let active = try await stores.referrals.referrals(.active).count
        let text = await metrics.exposition(gauges: [
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
    HSDSController(catalog: catalog, configuration: configuration).register(on: router)
    accounts.register(on: router)
    referrals.register(on: router)
    feeds.register(on: router)
    WebController(web: web, catalog: catalog, accounts: accounts, referrals: referrals, feeds: feeds, coordinator: coordinator,
        store: stores.referrals, configuration: configuration).register(on: router)
    return router
}
