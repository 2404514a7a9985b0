import DirectoryStore
import Foundation
import Referrals
import SwitchboardCore
import Testing

@Suite struct ReferralSweeperTests {
    typealias T = ReferralTestbed

    @Test func theResponseDeadlineCountsBusinessDays() {
        var policy = ReferralPolicy()
        #expect(policy.responseDeadline(sentAt: T.friday) == T.day(4), "Friday 15:00 → Tuesday 15:00")
        #expect(policy.responseDeadline(sentAt: T.day(1)) == T.day(4), "Saturday → Tuesday")
        #expect(policy.responseDeadline(sentAt: T.day(3)) == T.day(5), "Monday → Wednesday")
        policy.holidays = ["2026-11-23"]
        #expect(policy.responseDeadline(sentAt: T.friday) == T.day(5), "a Monday holiday pushes it to Wednesday")
        policy.holidays = []
        policy.responseBusinessDays = 5
        #expect(policy.responseDeadline(sentAt: T.friday) == T.day(7), "five business days: the next Friday")
    }

    @Test func remindersDeadlinesAndExpiryFollowTheClockExactly() async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        let draft = try await bed.referrals.create(bed.request(draft: true), by: T.caseManager).referral

        bed.clock.set(T.day(1))
        #expect(try await bed.referrals.sweep().notices.isEmpty)

        bed.clock.set(T.day(2))
        let two = try await bed.referrals.sweep()
        #expect(two.notices.map(\.action) == [.reminded(idleDays: 2)])
        #expect(two.examined == 1, "the draft was never sent: no timers")
        #expect(try await bed.referrals.sweep().notices.isEmpty, "a second sweep at the same moment does nothing")

        bed.clock.set(T.day(4, hours: 1))
        let late = try await bed.referrals.sweep()
        #expect(late.notices.map(\.action) == [.responseOverdue(deadline: T.day(4))])
        #expect(late.notices.first?.caseManager == "cm-ana")
        #expect(late.notices.first?.providerOrganizationID == "prov-1")

        // The provider answers: the quiet spell starts again.
        bed.clock.set(T.day(5))
        try await bed.move(referral.id, .accepted)
        bed.clock.set(T.day(11, hours: 23))
        #expect(try await bed.referrals.sweep().notices.map(\.action) == [.reminded(idleDays: 2)])
        bed.clock.set(T.day(12))
        #expect(try await bed.referrals.sweep().notices.map(\.action) == [.reminded(idleDays: 7)])
        bed.clock.set(T.day(35))
        #expect(try await bed.referrals.sweep().notices.map(\.action) == [.reminded(idleDays: 30)])
        bed.clock.set(T.day(64, hours: 23))
        #expect(try await bed.referrals.sweep().notices.isEmpty)
        bed.clock.set(T.day(65))
        let expiry = try await bed.referrals.sweep()
        #expect(expiry.notices.map(\.action) == [.expired])
        #expect(expiry.expired == 1)

        let (expired, events) = try await bed.referrals.history(of: referral.id)
        #expect(expired.status == .cancelled)
        #expect(expired.statusReason?.code == .expired)
        #expect(expired.closedAt == T.day(65))
        #expect(events.last?.actor.role == .system)
        #expect(events.map(\.change.kind) == ["created", "reminded", "response-overdue", "moved", "reminded", "reminded", "reminded", "moved"])
        #expect(try await bed.store.referral(draft.id)?.status == .draft)
        #expect(try await bed.referrals.sweep().examined == 0)
    }

    @Test func aReferralLeftAloneForLongGetsOneReminderForTheLongestSpell() async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        _ = try await bed.referrals.move(referral.id, Move(to: .accepted), by: T.intake)
        bed.clock.set(T.day(10))
        // The sweep did not run for ten days: one reminder (7 days), not two.
        #expect(try await bed.referrals.sweep().notices.map(\.action) == [.reminded(idleDays: 7)])
        bed.clock.set(T.day(10, hours: 1))
        #expect(try await bed.referrals.sweep().notices.isEmpty)
    }
}

extension ReferralSweeperTests {
    actor Reports {
        var count = 0
        func add() { count += 1 }
    }

    @Test func theBackgroundSweepRunsUntilCancelled() async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        bed.clock.set(T.day(3))
        let reports = Reports()
        let task = Task { try await bed.referrals.sweepPeriodically(every: .milliseconds(20)) { _ in await reports.add() } }
        while await reports.count < 3 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // Three sweeps, one reminder: the later ones found nothing new to do.
        #expect(try await bed.store.events(of: referral.id).map(\.change.kind) == ["created", "reminded"])
    }
}

/// A store that lets a provider slip a note in just before the sweep's first write.
final class InterferingStore: ReferralStore, @unchecked Sendable {
    let base: SQLiteDirectoryStore
    private let lock = NSLock()
    private var interfered = false
    init(_ base: SQLiteDirectoryStore) { self.base = base }

    func append(_ event: ReferralEvent, expectedVersion: Int, idempotency: IdempotencyKey?) async throws -> ReferralWrite {
        let first = event.actor.role == .system && lock.withLock { defer { interfered = true }; return !interfered }
        if first {
            let note = ReferralEvent(referralID: event.referralID, sequence: expectedVersion + 1, at: event.at, actor: ReferralTestbed.intake, change: .activity(.init(.noteAdded)), note: "Called today")
            _ = try await base.append(note, expectedVersion: expectedVersion, idempotency: nil)
        }
        return try await base.append(event, expectedVersion: expectedVersion, idempotency: idempotency)
    }

    func saveClient(_ client: Client) async throws { try await base.saveClient(client) }
    func client(_ id: ClientID) async throws -> Client? { try await base.client(id) }
    func recordConsent(_ consent: Consent) async throws { try await base.recordConsent(consent) }
    func revokeConsent(_ id: ConsentID, at date: Date, by actor: Actor) async throws -> Consent { try await base.revokeConsent(id, at: date, by: actor) }
    func consent(_ id: ConsentID) async throws -> Consent? { try await base.consent(id) }
    func consents(for client: ClientID) async throws -> [Consent] { try await base.consents(for: client) }
    func create(_ event: ReferralEvent, idempotency: IdempotencyKey?) async throws -> ReferralWrite { try await base.create(event, idempotency: idempotency) }
    func replay(_ idempotency: IdempotencyKey, actor: Actor) async throws -> ReferralWrite? { try await base.replay(idempotency, actor: actor) }
    func referral(_ id: ReferralID) async throws -> Referral? { try await base.referral(id) }
    func events(of id: ReferralID) async throws -> [ReferralEvent] { try await base.events(of: id) }
    func referrals(_ query: ReferralQuery) async throws -> [Referral] { try await base.referrals(query) }
}

extension ReferralSweeperTests {
    @Test func theSweepNeverOverwritesAChangeMadeWhileItLooked() async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        bed.clock.set(T.day(65))
        let sweeper = ReferralCoordinator(store: InterferingStore(bed.store), directory: bed.store, clock: bed.clock)
        let report = try await sweeper.sweep()
        #expect(report.conflicts == 1)
        #expect(report.expired == 0)
        // The provider's note won: the referral is alive, and the next sweep finds it quiet for 0 days.
        let (after, events) = try await bed.referrals.history(of: referral.id)
        #expect(after.status == .requested)
        #expect(events.map(\.change.kind) == ["created", "activity"])
        #expect(try await bed.referrals.sweep().notices.map(\.action) == [.responseOverdue(deadline: T.day(4))])
    }
}
