import DirectoryStore
public import Foundation
public import SwitchboardCore

/// How referrals went, grouped four ways: per service, per provider organization, per domain
/// of need and per case manager.
///
/// Only referrals that were sent count (drafts were never received; entered-in-error ones
/// never happened). Definitions, per group:
/// - received: referrals sent to the provider;
/// - acceptance rate: accepted / answered (accepted or rejected);
/// - completion rate: completed with the service provided or the client enrolled / closed
///   (completed, failed, rejected or cancelled) — the share the matching engine smooths;
/// - median times from sending to the first answer, to acceptance, to completion;
/// - answered in time: answered by the deadline / referrals whose deadline has passed or that
///   were answered (one withdrawn before its deadline does not count against the provider).
public struct OutcomeStatistics: Hashable, Sendable, Codable {
    public struct Row: Hashable, Sendable, Codable {
        public var key: String
        /// The service's or organization's name where the directory has it.
        public var label: String
        public var received = 0
        public var answered = 0
        public var accepted = 0
        public var rejected = 0
        public var completed = 0
        /// Completed with the service provided or the client enrolled.
        public var succeeded = 0
        public var closed = 0
        public var acceptanceRate: Double?
        public var completionRate: Double?
        /// Seconds.
        public var medianTimeToRespond: Double?
        public var medianTimeToAccept: Double?
        public var medianTimeToComplete: Double?
        public var answeredInTimeShare: Double?

        init(key: String, label: String, referrals: [Referral], now: Date) {
            self.key = key
            self.label = label
            let sent = referrals.filter { $0.requestedAt != nil && $0.status != .enteredInError }
            received = sent.count
            answered = sent.count { $0.respondedAt != nil }
            accepted = sent.count { $0.acceptedAt != nil }
            rejected = sent.count { $0.status == .rejected }
            completed = sent.count { $0.status == .completed }
            succeeded = sent.count { $0.status == .completed && $0.outcome?.code.isSuccess == true }
            closed = sent.count { $0.status.isClosed }
            acceptanceRate = Self.ratio(accepted, answered)
            completionRate = Self.ratio(succeeded, closed)
            medianTimeToRespond = Self.median(sent.compactMap { r in r.respondedAt.map { $0.timeIntervalSince(r.requestedAt!) } })
            medianTimeToAccept = Self.median(sent.compactMap { r in r.acceptedAt.map { $0.timeIntervalSince(r.requestedAt!) } })
            medianTimeToComplete = Self.median(sent.compactMap { r in r.completedAt.map { $0.timeIntervalSince(r.requestedAt!) } })
            let due = sent.filter { r in
                guard let deadline = r.respondBy else { return false }
                if r.respondedAt != nil { return true }
                return now > deadline && (r.closedAt.map { $0 > deadline } ?? true)
            }
            answeredInTimeShare = Self.ratio(due.count { r in r.respondedAt.map { $0 <= r.respondBy! } ?? false }, due.count)
        }

        static func ratio(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

        static func median(_ values: [Double]) -> Double? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
        }
    }

    public var now: Date
    public var byService: [Row]
    public var byProvider: [Row]
    public var byDomain: [Row]
    public var byCaseManager: [Row]

    /// Groups `referrals` four ways; `labels` names services and organizations by id.
    public init(referrals: [Referral], labels: [String: String] = [:], now: Date) {
        self.now = now
        func rows(_ key: (Referral) -> String) -> [Row] {
            Dictionary(grouping: referrals, by: key)
                .map { Row(key: $0.key, label: labels[$0.key] ?? $0.key, referrals: $0.value, now: now) }
                .filter { $0.received > 0 }
                .sorted { ($0.received, $1.key) > ($1.received, $0.key) }
        }
        byService = rows { $0.serviceID.rawValue }
        byProvider = rows { $0.providerOrganizationID.rawValue }
        byDomain = rows { $0.need.domain?.rawValue ?? "unspecified" }
        byCaseManager = rows { $0.referrer.userID.rawValue }
    }
}

extension ReferralCoordinator {
    /// Statistics over every referral in the store, with service and provider names from the directory.
    public func statistics() async throws -> OutcomeStatistics {
        let referrals = try await store.referrals(ReferralQuery())
        var labels: [String: String] = [:]
        for id in Set(referrals.map(\.serviceID)) {
            guard let record = try await directory.service(id) else { continue }
            labels[id.rawValue] = record.service.name
            labels[record.organization.id.rawValue] = record.organization.name
        }
        return OutcomeStatistics(referrals: referrals, labels: labels, now: clock.now())
    }

    /// How referrals to each service have ended, for the matching engine's past-outcome factor.
    /// Runs on every match (API, pages, CLI): only the referrals that count are read, so open ones
    /// and drafts (most of a busy store) are not decoded each time.
    public func serviceOutcomes() async throws -> ServiceOutcomes {
        Self.serviceOutcomes(try await store.referrals(ReferralQuery(statuses: Self.countedStatuses)))
    }

    /// ``serviceOutcomes()`` through ``outcomesCache``: at most `maximumAge` old, what each match uses.
    public func recentServiceOutcomes() async throws -> ServiceOutcomes {
        let read: @Sendable () async throws -> ServiceOutcomes = { [self] in try await serviceOutcomes() }
        return try await outcomesCache.outcomes(read)
    }

    static let countedStatuses = Set(Referral.Status.allCases.filter { $0.isClosed && $0 != .enteredInError })

    /// Counts closed and successfully completed referrals per service. Entered-in-error
    /// referrals never happened and drafts were never sent; neither counts.
    public static func serviceOutcomes(_ referrals: [Referral]) -> ServiceOutcomes {
        var outcomes: ServiceOutcomes = [:]
        for referral in referrals where countedStatuses.contains(referral.status) {
            var counts = outcomes[referral.serviceID] ?? ServiceOutcomeCounts(closed: 0, completed: 0)
            counts.closed += 1
            if referral.status == .completed, referral.outcome?.code.isSuccess == true { counts.completed += 1 }
            outcomes[referral.serviceID] = counts
        }
        return outcomes
    }
}
