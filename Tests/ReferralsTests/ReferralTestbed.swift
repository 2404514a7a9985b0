import DirectoryStore
import Foundation
import Referrals
import SwitchboardCore
import Testing

/// A clock the test moves by hand.
final class ManualClock: ReferralClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    func now() -> Date { lock.withLock { current } }
    func set(_ date: Date) { lock.withLock { current = date } }
    func advance(days: Double = 0, hours: Double = 0) { lock.withLock { current += days * 86_400 + hours * 3600 } }
}

/// A small directory in an in-memory store, a case manager and provider workers, a client,
/// and a coordinator on a manual clock starting Friday 20 November 2026, 15:00 UTC.
struct ReferralTestbed {
    /// Friday 2026-11-20 15:00:00 UTC.
    static let friday = Date(timeIntervalSince1970: 1_795_186_800)
    static func day(_ n: Double, hours: Double = 0) -> Date { friday.addingTimeInterval(n * 86_400 + hours * 3600) }

    let store: SQLiteDirectoryStore
    let clock: ManualClock
    let referrals: ReferralCoordinator
    let client: Client

    static let caseManager = Actor(userID: "cm-ana", role: .referrer, organizationID: "north-case-mgmt")
    static let otherCaseManager = Actor(userID: "cm-ben", role: .referrer, organizationID: "north-case-mgmt")
    static let outsider = Actor(userID: "cm-zed", role: .referrer, organizationID: "south-case-mgmt")
    static let intake = Actor(userID: "intake-kim", role: .provider, organizationID: "prov-1")
    static let otherProvider = Actor(userID: "intake-lee", role: .provider, organizationID: "prov-2")

    init(policy: ReferralPolicy = ReferralPolicy()) async throws {
        store = try SQLiteDirectoryStore(path: nil, domainMapping: DomainMapping(airs: [.init(prefix: "BH", domain: .housing), .init(prefix: "BD", domain: .other)]))
        let summary = try await store.apply(Self.directory, now: Self.friday)
        try #require(summary.issues.isEmpty, "\(summary.issues)")
        clock = ManualClock(Self.friday)
        let counter = Counter()
        referrals = ReferralCoordinator(store: store, directory: store, clock: clock, policy: policy, makeID: { counter.next() })
        client = try await referrals.registerClient(
            label: "Case 2231", details: ClientDetails(name: "Dana Example", phone: "402-555-0199"), by: Self.caseManager
        )
    }

    static var directory: DirectoryBatch {
        let terms = [
            TaxonomyTerm(id: "t-bh", code: "BH-1800", name: "Housing Search"),
            TaxonomyTerm(id: "t-bd", code: "BD-1800", name: "Emergency Food"),
        ]
        func service(_ id: ServiceID, _ org: OrganizationID, _ name: String, _ term: TaxonomyTermID, status: Service.Status = .active) -> Service {
            Service(id: id, organizationID: org, name: name, status: status, attributes: [Attribute(id: "\(id)-attr", taxonomyTermID: term, linkType: "service")])
        }
        return DirectoryBatch(
            organizations: [
                Organization(id: "prov-1", name: "Riverside Housing", description: "Housing help"),
                Organization(id: "prov-2", name: "Eastside Pantry", description: "Food"),
                Organization(id: "north-case-mgmt", name: "North Case Management", description: "Case management"),
            ],
            locations: [Location(id: "loc-1", locationType: .physical, name: "Main office")],
            services: [
                service("svc-housing", "prov-1", "Rapid Rehousing", "t-bh"),
                service("svc-food", "prov-2", "Food Pantry", "t-bd"),
                service("svc-closed", "prov-1", "Winter Shelter", "t-bh", status: .inactive),
            ],
            servicesAtLocations: [ServiceAtLocation(id: "sal-1", serviceID: "svc-housing", locationID: "loc-1")],
            taxonomyTerms: terms
        )
    }

    func request(_ service: ServiceID = "svc-housing", urgency: Referral.Priority = .routine, share: Bool = false, draft: Bool = false) -> NewReferral {
        NewReferral(clientID: client.id, serviceID: service, need: .init(urgency: urgency, note: "Eviction on the 30th"), draft: draft, shareClientDetails: share)
    }

    @discardableResult
    func issue(_ service: ServiceID = "svc-housing", urgency: Referral.Priority = .routine, by actor: Actor = caseManager) async throws -> Referral {
        try await referrals.create(request(service, urgency: urgency), by: actor).referral
    }

    @discardableResult
    func move(_ id: ReferralID, _ to: Referral.Status, by actor: Actor = intake, reason: Referral.ReasonCode? = nil, outcome: Referral.OutcomeCode? = nil) async throws -> Referral {
        try await referrals.move(id, Move(to: to, reason: reason.map { .init($0) }, outcome: outcome.map { .init($0) }), by: actor).referral
    }
}

/// Ids in order (id-1, id-2…), so a test run is the same every time.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> String { lock.withLock { value += 1; return "id-\(value)" } }
}

/// Runs `body` and expects a `ReferralError` with `code`; returns it for more checks.
@discardableResult
func expectRefusal(_ code: ReferralError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async -> ReferralError? {
    do {
        try await body()
        Issue.record("expected a \(code) refusal", sourceLocation: sourceLocation)
    } catch let error as ReferralError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a \(code) refusal, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
