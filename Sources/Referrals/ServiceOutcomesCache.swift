import DirectoryStore
import SwitchboardCore

/// The past outcomes the matcher weighs, read from the store at most once per `maximumAge`.
///
/// Every match asks for them, and reading them decodes every closed referral: in a busy network
/// that is most of the store, on each request. Outcomes move slowly (a referral closes after
/// weeks), so a match may use figures a few seconds old. A referral this coordinator closes
/// drops the cached figures at once (``ReferralCoordinator/append(to:request:expectedVersion:by:idempotencyKey:decide:)``);
/// one closed by another server instance counts here within `maximumAge`. Concurrent askers
/// share one read.
public actor ServiceOutcomesCache {
    public let maximumAge: Duration
    private var cached: (outcomes: ServiceOutcomes, at: ContinuousClock.Instant)?
    private var reading: Task<ServiceOutcomes, any Error>?
    /// Bumped by `invalidate()`, so a read that started before it is not kept as fresh.
    private var generation = 0

    public init(maximumAge: Duration = .seconds(10)) {
        self.maximumAge = maximumAge
    }

    /// The cached outcomes, or `read()`'s answer when they are older than `maximumAge` or dropped.
    func outcomes(_ read: @escaping @Sendable () async throws -> ServiceOutcomes) async throws -> ServiceOutcomes {
        if let cached, ContinuousClock.now - cached.at < maximumAge { return cached.outcomes }
        if let reading { return try await reading.value }
        let started = generation, at = ContinuousClock.now
        let task = Task { try await read() }
        reading = task
        defer { if generation == started { reading = nil } }
        let outcomes = try await task.value
        if generation == started { cached = (outcomes, at) }
        return outcomes
    }

    /// Forgets the cached outcomes: the next match reads them again.
    public func invalidate() {
        cached = nil
        reading = nil
        generation += 1
    }
}
