public import ArgumentParser
import DirectoryStore
import FeedImport
import Foundation
import Referrals
import SwitchboardCore

/// `switchboard referrals …`: issue, answer and follow referrals in the directory's database.
struct ReferralsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referrals",
        abstract: "Issue referrals to providers, answer them, follow them through, and measure how they end.",
        discussion: """
            Until accounts exist, say who acts with --as USER --role referrer|provider --organization ORG. \
            A referrer (case manager) issues, withdraws (entered-in-error) and may cancel; the receiving \
            provider accepts, rejects, starts, holds, completes or fails; either may cancel.

            Exit codes: 0 done; 1 failure; 4 no such referral, client or consent; 5 refused (an illegal \
            move, a stale --expected-version, missing consent, a retired or inactive service, not a party \
            to the referral); 64 bad command line.
            """,
        subcommands: [
            ClientCommand.self, ConsentCommand.self, CreateReferral.self, ShowReferral.self, ListReferrals.self,
            MoveReferral.self, NoteReferral.self, SweepReferrals.self, ReferralStats.self, ExportReferralFHIR.self,
            CheckReferrals.self,
        ]
    )
}

/// Who acts: a user, the part they play, the organization they act for.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("The acting user's id.", valueName: "user"))
    var user: String

    @Option(help: ArgumentHelp("The part the user plays: referrer (case manager) or provider.", valueName: "role"))
    var role: Actor.Role

    @Option(help: ArgumentHelp("The organization the user acts for.", valueName: "organization-id"))
    var organization: String

    var actor: Actor { Actor(userID: UserID(user), role: role, organizationID: OrganizationID(organization)) }

    func validate() throws {
        guard role != .system else { throw ValidationError("--role system is Switchboard's own (the sweep); use referrer or provider") }
    }
}

/// The moment to act at: now, or a given time (to replay a sweep, or script a history).
struct ClockOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Act as of this time (ISO 8601, e.g. 2026-11-20T15:00:00Z) instead of now.", valueName: "time"))
    var now: String?

    var clock: any ReferralClock { now.flatMap(Timestamp.date).map { FixedClock($0) } ?? SystemClock() }

    func validate() throws {
        if let now, Timestamp.date(now) == nil { throw ValidationError("--now '\(now)' is not an ISO 8601 time") }
    }
}

/// The timers' settings, for the commands that set or apply them (defaults as in `ReferralPolicy`).
struct PolicyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Business days a provider has to answer.", valueName: "days"))
    var responseBusinessDays = ReferralPolicy().responseBusinessDays

    @Option(help: ArgumentHelp("A day that is not a business day (YYYY-MM-DD, UTC); repeatable.", valueName: "date"))
    var holiday: [String] = []

    @Option(help: ArgumentHelp("Days without activity after which reminders go out; repeatable.", valueName: "days"))
    var reminderDays: [Int] = ReferralPolicy().reminderDays

    @Option(help: ArgumentHelp("Days without activity after which an open referral expires.", valueName: "days"))
    var expiryDays = ReferralPolicy().expiryDays

    @Option(help: ArgumentHelp("Days without activity after which a referral shows as stalled.", valueName: "days"))
    var stalledDays = ReferralPolicy().stalledAfterDays

    var policy: ReferralPolicy {
        var policy = ReferralPolicy()
        policy.responseBusinessDays = responseBusinessDays
        policy.holidays = Set(holiday)
        policy.reminderDays = reminderDays.sorted()
        policy.expiryDays = expiryDays
        policy.stalledAfterDays = stalledDays
        return policy
    }

    func validate() throws {
        guard responseBusinessDays >= 0, expiryDays > 0, stalledDays > 0, reminderDays.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("the timers' days must be positive")
        }
        if let late = reminderDays.first(where: { $0 >= expiryDays }) {
            throw ValidationError("a reminder after \(late) days would come after expiry (\(expiryDays) days)")
        }
        for day in holiday where day.count != 10 || Timestamp.date(day) == nil {
            throw ValidationError("--holiday '\(day)' is not a date (YYYY-MM-DD)")
        }
    }
}

extension Actor.Role: ExpressibleByArgument {}
extension Referral.Status: ExpressibleByArgument {}
extension Referral.ReasonCode: ExpressibleByArgument {}
extension Referral.OutcomeCode: ExpressibleByArgument {}
extension Referral.Activity.Kind: ExpressibleByArgument {}
extension Referral.Priority: ExpressibleByArgument {}

enum ReferralExit {
    /// Refused: the request met a state or a rule that does not allow it. Nothing was written.
    static let refused = ExitCode(5)
}

extension DatabaseOptions {
    /// The referral commands over the directory database, on `clock`, with the timers of `policy`.
    func referrals(clock: any ReferralClock = SystemClock(), policy: ReferralPolicy = ReferralPolicy()) throws -> ReferralCoordinator {
        let (_, store) = try open()
        return ReferralCoordinator(store: store, directory: store, clock: clock, policy: policy)
    }
}

/// Runs a referral command, turning refusals into a message and exit code 4 or 5.
func reportingRefusals(_ command: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ReferralError {
        printError("switchboard referrals \(command): \(error.message)")
        throw error.code == .notFound ? ExitStatus.notFound : ReferralExit.refused
    }
}

/// Reads a date option, or fails as a usage error.
func parseDate(_ text: String?, option: String) throws -> Date? {
    guard let text else { return nil }
    guard let date = Timestamp.date(text) else { throw ValidationError("\(option) '\(text)' is not an ISO 8601 date or time") }
    return date
}
