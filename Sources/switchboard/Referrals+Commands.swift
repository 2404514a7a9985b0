import ArgumentParser
import FeedImport
import Foundation
import Referrals
import SwitchboardCore

struct CreateReferral: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Issue a referral of a client to a service (as a referrer).",
        discussion: """
            Sent at once unless --draft, with two business days for the provider to answer. \
            --share-details sends the client's name and contact and needs an active consent for the \
            provider (`referrals consent give`). Example:
              switchboard referrals create --as ana --role referrer --organization north-cm \\
                --client 3f2… --service 5d1c… --domain housing --urgency urgent --note "Eviction on the 30th"
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var time: ClockOptions
    @OptionGroup var timers: PolicyOptions

    @Option(help: ArgumentHelp("The client's id (`referrals client add`).", valueName: "client-id")) var client: String
    @Option(help: ArgumentHelp("The service referred to.", valueName: "service-id")) var service: String
    @Option(help: ArgumentHelp("The site, when the service has several.", valueName: "location-id")) var location: String?
    @Option(help: "The need's domain (default: the service's first).") var domain: Domain?
    @Option(help: ArgumentHelp("The need's taxonomy code (AIRS/211 or Open Eligibility).", valueName: "code")) var code: String?
    @Option(help: "How soon the client needs help: routine, urgent, asap, stat.") var urgency: Referral.Priority = .routine
    @Option(help: "The referral's priority (default: the urgency).") var priority: Referral.Priority?
    @Option(help: "What the client needs, in words.") var note: String?
    @Flag(help: "Keep it as a draft; send it later with `move ID requested`.") var draft = false
    @Flag(help: "Send the client's name and contact details (needs active consent).") var shareDetails = false
    @Flag(help: "The client asked not to be contacted by the provider.") var doNotContact = false
    @Option(help: ArgumentHelp("The matching engine's explanation, a JSON file kept with the referral.", valueName: "file")) var explanation: String?
    @Option(help: ArgumentHelp("A closed referral this one replaces.", valueName: "referral-id")) var replaces: String?
    @Option(help: ArgumentHelp("A key that makes a retry safe: the same key and request do not issue twice.", valueName: "key")) var idempotencyKey: String?
    @Flag(help: "Print the referral as JSON.") var json = false

    func run() async throws {
        let matchExplanation = try explanation.map { path in
            try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let request = NewReferral(
            clientID: ClientID(client), serviceID: ServiceID(service), locationID: location.map { LocationID($0) },
            need: .init(domain: domain, taxonomyCode: code, urgency: urgency, note: note), priority: priority, draft: draft,
            shareClientDetails: shareDetails, doNotContactClient: doNotContact, matchExplanation: matchExplanation,
            replaces: replaces.map { ReferralID($0) }
        )
        try await reportingRefusals("create") {
            let write = try await database.referrals(clock: time.clock, policy: timers.policy).create(request, by: actor.actor, idempotencyKey: idempotencyKey)
            if json { return try printJSON(write.referral) }
            let r = write.referral
            let due = r.respondBy.map { ", answer due \(Timestamp.string($0))" } ?? ""
            print("Referral \(r.id) \(r.status) to service \(r.serviceID) (provider \(r.providerOrganizationID))\(due); version \(r.version)\(write.replayed ? " (already issued with this key)" : "")")
        }
    }
}

struct MoveReferral: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move a referral to another status.",
        discussion: """
            Rejected, cancelled, on-hold and failed need --reason (\(Referral.ReasonCode.chosenByPeople.map(\.rawValue).joined(separator: ", "))); \
            completed needs --outcome (\(Referral.OutcomeCode.allCases.map(\.rawValue).joined(separator: ", "))). \
            Give --expected-version (the version you saw) so a change made meanwhile is not overwritten: \
            a stale version exits 5.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var time: ClockOptions
    @OptionGroup var timers: PolicyOptions
    @Argument(help: ArgumentHelp("The referral's id.", valueName: "referral-id")) var referralID: String
    @Argument(help: ArgumentHelp("The new status.", valueName: "status")) var status: Referral.Status
    @Option(help: "Why (for rejected, cancelled, on-hold, failed).") var reason: Referral.ReasonCode?
    @Option(help: "The reason in words.") var reasonText: String?
    @Option(help: "How it ended (for completed).") var outcome: Referral.OutcomeCode?
    @Option(help: "The outcome in words.") var outcomeText: String?
    @Option(help: "A note kept with the change.") var note: String?
    @Option(help: ArgumentHelp("The version you saw; refused if the referral changed since.", valueName: "n")) var expectedVersion: Int?
    @Option(help: ArgumentHelp("A key that makes a retry safe.", valueName: "key")) var idempotencyKey: String?
    @Flag(help: "Print the referral as JSON.") var json = false

    func run() async throws {
        let move = Move(
            to: status, reason: reason.map { .init($0, text: reasonText) }, outcome: outcome.map { .init($0, text: outcomeText) }, note: note
        )
        try await reportingRefusals("move") {
            let write = try await database.referrals(clock: time.clock, policy: timers.policy).move(
                ReferralID(referralID), move, expectedVersion: expectedVersion, by: actor.actor, idempotencyKey: idempotencyKey
            )
            if json { return try printJSON(write.referral) }
            print("Referral \(write.referral.id) is \(write.referral.status); version \(write.referral.version)\(write.replayed ? " (already done with this key)" : "")")
        }
    }
}

struct NoteReferral: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Record activity on a referral: a note, a contact attempt, an appointment… The status does not change."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var time: ClockOptions
    @Argument(help: ArgumentHelp("The referral's id.", valueName: "referral-id")) var referralID: String
    @Option(help: "What happened.") var activity: Referral.Activity.Kind = .noteAdded
    @Option(help: "The note.") var text: String?
    @Flag(inversion: .prefixedNo, help: "For a contact attempt: whether the client was reached.") var reached: Bool?
    @Option(help: ArgumentHelp("For an appointment: when (ISO 8601).", valueName: "time")) var scheduledFor: String?
    @Option(help: ArgumentHelp("The version you saw.", valueName: "n")) var expectedVersion: Int?
    @Option(help: ArgumentHelp("A key that makes a retry safe.", valueName: "key")) var idempotencyKey: String?
    @Flag(help: "Print the referral as JSON.") var json = false

    func run() async throws {
        let entry = Referral.Activity(activity, reached: reached, scheduledFor: try parseDate(scheduledFor, option: "--scheduled-for"))
        try await reportingRefusals("note") {
            let write = try await database.referrals(clock: time.clock).record(
                entry, note: text, on: ReferralID(referralID), expectedVersion: expectedVersion, by: actor.actor, idempotencyKey: idempotencyKey
            )
            if json { return try printJSON(write.referral) }
            print("Referral \(write.referral.id): \(activity) recorded; version \(write.referral.version)")
        }
    }
}

struct SweepReferrals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Apply the timers: reminders after 2, 7 and 30 quiet days, passed response deadlines, expiry after 60.",
        discussion: "Safe to run as often as you like (the server runs it in the background); a second run at the same moment does nothing."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var time: ClockOptions
    @OptionGroup var timers: PolicyOptions
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        let report = try await database.referrals(clock: time.clock, policy: timers.policy).sweep()
        if json { return try printJSON(report) }
        print("Swept \(report.examined) active referrals at \(Timestamp.string(report.now)): \(report.reminders) reminders, \(report.overdue) past their response deadline, \(report.expired) expired, \(report.conflicts) changed meanwhile (next sweep)")
        for notice in report.notices {
            let what: String =
                switch notice.action {
                case .reminded(let days): "reminder: no activity for \(days) days"
                case .responseOverdue(let deadline): "no answer by \(Timestamp.string(deadline))"
                case .expired: "expired: cancelled"
                }
            print("  \(notice.referralID)  \(what)  (case manager \(notice.caseManager), provider \(notice.providerOrganizationID))")
        }
    }
}
