import DirectoryStore
import Foundation
import PostgresStore
import Referrals
import SwitchboardCore
import Testing

/// The referral timers with two server instances on one PostgreSQL database: a sweep runs in one
/// instance at a time, and every reminder and deadline is recorded exactly once.
@Suite struct ExclusiveSweepTests {
    typealias T = ReferralTestbed
    static let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES"]
    /// Under CI a missing server fails the run rather than skipping these.
    static let enabled = url != nil || ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(.enabled(if: enabled, "SWITCHBOARD_TEST_POSTGRES is not set: the two-instance sweep test needs PostgreSQL (`bash .ci/run` starts one)"))
    func twoInstancesSweepingOneDatabaseRecordEachReminderOnce() async throws {
        let url = try #require(Self.url, "set SWITCHBOARD_TEST_POSTGRES")
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let mapping = DomainMapping(airs: [.init(prefix: "BH", domain: .housing), .init(prefix: "BD", domain: .other)])
        let one = try PostgresDirectoryStore(url: url, schema: schema, domainMapping: mapping)
        let two = try PostgresDirectoryStore(url: url, schema: schema, domainMapping: mapping)
        _ = try await one.apply(T.directory, now: T.friday)
        let clock = ManualClock(T.friday)
        let counter = Counter()
        let first = ReferralCoordinator(store: one, directory: one, clock: clock, makeID: { counter.next() })
        let second = ReferralCoordinator(store: two, directory: two, clock: clock)
        let client = try await first.registerClient(label: "Case 7", details: ClientDetails(name: "Dana Example"), by: T.caseManager)
        var ids: [ReferralID] = []
        for _ in 0..<12 {
            let request = NewReferral(clientID: client.id, serviceID: "svc-housing", need: .init(urgency: .routine, note: "rent"))
            ids.append(try await first.create(request, by: T.caseManager).referral.id)
        }

        // Day 2: reminders are due. While the first instance sweeps, the second one's tick is skipped.
        clock.set(T.day(2))
        let reports = try await one.withExclusiveJob(.referralSweep, ifBusy: .skip) {
            let skipped = try await second.sweep(exclusiveIn: two)
            return (try await first.sweep(), skipped)
        }
        let (swept, skipped) = try #require(reports)
        #expect(swept.reminders == 12)
        #expect(skipped == nil)

        // Day 4, an hour past the response deadline: both instances sweep at the same moment.
        clock.set(T.day(4, hours: 1))
        async let a = first.sweep(exclusiveIn: one)
        async let b = second.sweep(exclusiveIn: two)
        let both = try await [a, b].compactMap { $0 }
        #expect(both.map(\.overdue).reduce(0, +) == 12, "\(both)")
        #expect(both.map(\.conflicts).reduce(0, +) == 0, "no instance raced another for a version")

        for id in ids {
            let changes = try await one.events(of: id).map(\.change)
            #expect(changes.count { if case .reminded = $0 { true } else { false } } == 1, "\(id)")
            #expect(changes.count { if case .responseOverdue = $0 { true } else { false } } == 1, "\(id)")
        }
        // And nothing is left for either.
        #expect(try await second.sweep(exclusiveIn: two)?.notices.isEmpty == true)
    }
}
