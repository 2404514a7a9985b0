import FeedImport
import Foundation
import Referrals
import SwitchboardCore

/// Referrals as people read them on a terminal. Ids, statuses and codes only: the client's
/// details are never printed here.
enum ReferralText {
    static func line(_ r: Referral) -> String {
        "\(r.id)  \(r.status.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(r.priority.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) service \(r.serviceID)  provider \(r.providerOrganizationID)  by \(r.referrer.userID)  v\(r.version)"
    }

    static func describe(_ r: Referral) -> String {
        var lines = [
            "Referral \(r.id)  [\(r.status)]  version \(r.version)",
            "Client: \(r.clientID)\(r.sharesClientDetails ? " (details shared under consent)" : " (pseudonymous)")\(r.doNotContactClient ? "; do not contact the client" : "")",
            "Service: \(r.serviceID)\(r.locationID.map { " at \($0)" } ?? "")  Provider: \(r.providerOrganizationID)",
            "Referred by: \(r.referrer)",
            "Need: \([r.need.domain?.rawValue, r.need.taxonomyCode].compactMap { $0 }.joined(separator: ", "))  urgency \(r.need.urgency), priority \(r.priority)",
        ]
        if let note = r.need.note { lines.append("  \(note)") }
        lines.append("Issued: \(Timestamp.string(r.createdAt))\(r.respondBy.map { "; answer due \(Timestamp.string($0))" } ?? "")")
        if let reason = r.statusReason { lines.append("Reason: \(reason.summary)") }
        if let outcome = r.outcome { lines.append("Outcome: \(outcome.summary)") }
        if let replaced = r.replaces { lines.append("Replaces: \(replaced)") }
        if r.matchExplanation != nil { lines.append("Match explanation kept (see --json)") }
        return lines.joined(separator: "\n")
    }

    static func describe(_ e: ReferralEvent) -> String {
        let what: String =
            switch e.change {
            case .created(let r): "issued as \(r.status)"
            case .moved(let from, let to, let reason, let outcome, _):
                "\(from) → \(to)" + (reason.map { " (\($0.summary))" } ?? "") + (outcome.map { " (\($0.summary))" } ?? "")
            case .activity(let activity):
                "\(activity.kind)" + (activity.reached.map { $0 ? " (reached)" : " (not reached)" } ?? "")
                    + (activity.scheduledFor.map { " for \(Timestamp.string($0))" } ?? "")
            case .reminded(let days): "reminder: no activity for \(days) days"
            case .responseOverdue(let deadline): "no answer by \(Timestamp.string(deadline))"
            }
        return "#\(e.sequence) \(Timestamp.string(e.at))  \(e.actor)  \(what)" + (e.note.map { " — \($0)" } ?? "")
    }

    static func statistics(_ row: OutcomeStatistics.Row) -> String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "–" }
        func duration(_ seconds: Double?) -> String {
            guard let seconds else { return "–" }
            return seconds < 86_400 ? String(format: "%.1f h", seconds / 3600) : String(format: "%.1f d", seconds / 86_400)
        }
        func column(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        return column("\(row.received)", 10) + column(percent(row.acceptanceRate), 10) + column(percent(row.completionRate), 12)
            + column(duration(row.medianTimeToRespond), 16) + column(duration(row.medianTimeToAccept), 16)
            + column(duration(row.medianTimeToComplete), 18) + column(percent(row.answeredInTimeShare), 9) + row.label
    }
}
