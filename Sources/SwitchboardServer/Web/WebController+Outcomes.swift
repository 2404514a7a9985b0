import Foundation
import Hummingbird
import Referrals
import SwitchboardCore

/// The outcomes page: how referrals went, per provider and per domain of need, as SVG charts
/// with the same numbers in tables. The numbers are the referral engine's `OutcomeStatistics`;
/// this page only draws them.
extension WebController {
    func registerOutcomes(on router: Router<AppRequestContext>) {
        router.get("/app/outcomes") { _, context in try await outcomesPage(context) }
    }

    func outcomesPage(_ context: AppRequestContext) async throws -> Response {
        let account = try context.require(.readStatistics)
        let statistics = try await coordinator.statistics()
        let people = Dictionary(try await accounts.accounts.accounts().map { ($0.id.rawValue, $0.displayName) },
            uniquingKeysWith: { first, _ in first })
        let totals = statistics.byProvider.reduce(into: (received: 0, accepted: 0, succeeded: 0, closed: 0)) { sum, row in
            sum.received += row.received; sum.accepted += row.accepted; sum.succeeded += row.succeeded; sum.closed += row.closed
        }
        let providers = Array(statistics.byProvider.prefix(10))
        let volume = SVGBarChart(
            id: "chart-providers", title: "Referrals by provider",
            description: "For the \(providers.count) providers that received the most referrals: referrals received, accepted, and completed with the service provided. The table below gives the same numbers.",
            series: [.init(name: "received", style: "s0"), .init(name: "accepted", style: "s1"), .init(name: "completed", style: "s2")],
            groups: providers.map { .init(label: $0.label, values: [Double($0.received), Double($0.accepted), Double($0.succeeded)]) },
            scale: nil, format: { String(Int($0)) })
        let domains = statistics.byDomain
        let rates = SVGBarChart(
            id: "chart-domains", title: "Acceptance and completion by need",
            description: "For each domain of need: the share of answered referrals that were accepted, and the share of closed referrals completed with the service provided. Domains with no answers yet show no bar. The table below gives the same numbers.",
            series: [.init(name: "accepted", style: "s1"), .init(name: "completed", style: "s2")],
            groups: domains.map { .init(label: $0.label, values: [$0.acceptanceRate ?? 0, $0.completionRate ?? 0]) },
            scale: 1, format: { "\(Int(($0 * 100).rounded()))%" })
        func row(_ row: OutcomeStatistics.Row, label: String? = nil) -> [String: Any] {
            ["label": label ?? row.label, "received": row.received, "accepted": row.accepted, "rejected": row.rejected,
             "completed": row.succeeded, "closed": row.closed,
             "acceptance": Self.percent(row.acceptanceRate), "completion": Self.percent(row.completionRate),
             "respond": Self.duration(row.medianTimeToRespond), "inTime": Self.percent(row.answeredInTimeShare)]
        }
        let data: [String: Any] = [
            "received": totals.received, "accepted": totals.accepted, "completed": totals.succeeded, "closed": totals.closed,
            "asOf": Self.day(statistics.now),
            "hasData": totals.received > 0,
            "providerChart": volume.svg, "domainChart": rates.svg,
            "providers": statistics.byProvider.map { row($0) },
            "domains": domains.map { row($0) },
            "caseManagers": statistics.byCaseManager.map { row($0, label: people[$0.key] ?? $0.key) },
        ]
        return web.page("outcomes", title: "Outcomes", data: data, account: account, session: context.session, section: .outcomes)
    }

    static func percent(_ share: Double?) -> String { share.map { "\(Int(($0 * 100).rounded()))%" } ?? "—" }

    /// Seconds as the largest sensible unit: "3.5 days", "6 hours", "20 minutes".
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        if seconds >= 86_400 { return String(format: "%.1f days", locale: Locale(identifier: "en_US_POSIX"), seconds / 86_400) }
        if seconds >= 3600 { return "\(Int((seconds / 3600).rounded())) hours" }
        return "\(Int((seconds / 60).rounded())) minutes"
    }
}
