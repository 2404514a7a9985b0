import ArgumentParser
import DirectoryStore
import FeedImport
import Foundation
import Referrals
import SwitchboardCore

struct ShowReferral: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A referral and its whole history.", discussion: "Exit code 4 when no referral has that id."
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The referral's id.", valueName: "referral-id")) var referralID: String
    @Flag(help: "Print the referral and its events as JSON.") var json = false

    struct Shown: Encodable { var referral: Referral; var events: [ReferralEvent] }

    func run() async throws {
        try await reportingRefusals("show") {
            let (referral, events) = try await database.referrals().history(of: ReferralID(referralID))
            if json { return try printJSON(Shown(referral: referral, events: events)) }
            print(ReferralText.describe(referral))
            print("History:")
            for event in events { print("  " + ReferralText.describe(event)) }
        }
    }
}

struct ListReferrals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List referrals, or a worklist of overdue ones (--overdue) most urgent first.",
        discussion: """
            --overdue with --provider ORG lists what that provider has left waiting; with --case-manager USER \
            --organization ORG, what that case manager should chase.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var time: ClockOptions
    @OptionGroup var timers: PolicyOptions
    @Option(help: "Only these statuses (repeatable).") var status: [Referral.Status] = []
    @Option(help: ArgumentHelp("Referrals received by this provider organization.", valueName: "organization-id")) var provider: String?
    @Option(help: ArgumentHelp("Referrals issued by this case manager.", valueName: "user")) var caseManager: String?
    @Option(help: ArgumentHelp("Referrals issued by this organization.", valueName: "organization-id")) var organization: String?
    @Option(help: ArgumentHelp("Referrals to this service.", valueName: "service-id")) var service: String?
    @Flag(help: "Only overdue referrals: no answer by the deadline, or no activity for a week.") var overdue = false
    @Option(help: "At most this many.") var limit: Int?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if overdue, provider == nil, caseManager == nil || organization == nil {
            throw ValidationError("--overdue needs --provider ORG, or --case-manager USER with --organization ORG")
        }
    }

    func run() async throws {
        let referrals = try database.referrals(clock: time.clock, policy: timers.policy)
        if overdue {
            let items =
                if let provider {
                    try await referrals.overdue(forProvider: OrganizationID(provider))
                } else {
                    try await referrals.overdue(forCaseManager: UserID(caseManager!), organization: OrganizationID(organization!))
                }
            if json { return try printJSON(items) }
            for item in items.prefix(limit ?? .max) {
                let why = item.reasons.map { reason -> String in
                    switch reason {
                    case .responseOverdue(let deadline): "no answer since \(Timestamp.string(deadline))"
                    case .stalled(let days): "quiet for \(days) days"
                    }
                }
                print(ReferralText.line(item.referral) + "  " + why.joined(separator: "; "))
            }
            return
        }
        let query = ReferralQuery(
            statuses: status.isEmpty ? nil : Set(status), referrerOrganizationID: organization.map { OrganizationID($0) },
            caseManager: caseManager.map { UserID($0) }, providerOrganizationID: provider.map { OrganizationID($0) },
            serviceID: service.map { ServiceID($0) }, limit: limit
        )
        let found = try await referrals.store.referrals(query)
        if json { return try printJSON(found) }
        for referral in found { print(ReferralText.line(referral)) }
    }
}

struct ReferralStats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "How referrals ended: per service, provider, domain and case manager.",
        discussion: "Received, acceptance and completion rates, median times to answer, accept and complete, share answered in time. docs/referrals.md defines each."
    )

    enum Grouping: String, ExpressibleByArgument, CaseIterable { case service, provider, domain, caseManager = "case-manager" }

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var time: ClockOptions
    @Option(help: "Only this grouping: service, provider, domain, case-manager.") var by: Grouping?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let stats = try await database.referrals(clock: time.clock).statistics()
        if json { return try printJSON(stats) }
        let groups: [(Grouping, [OutcomeStatistics.Row])] = [
            (.service, stats.byService), (.provider, stats.byProvider), (.domain, stats.byDomain), (.caseManager, stats.byCaseManager),
        ]
        for (grouping, rows) in groups where by == nil || by == grouping {
            print("By \(grouping.rawValue):")
            print("  received  accepted  completion  answer(median)  accept(median)  complete(median)  in time  name")
            for row in rows { print("  " + ReferralText.statistics(row)) }
        }
    }
}

struct ExportReferralFHIR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-fhir",
        abstract: "A referral as a FHIR R4 Bundle: ServiceRequest, Task and Consent per the Gravity SDOH Clinical Care profiles."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var time: ClockOptions
    @Argument(help: ArgumentHelp("The referral's id.", valueName: "referral-id")) var referralID: String
    @Option(help: ArgumentHelp("Write the bundle to this file instead of standard output.", valueName: "file")) var output: String?
    @Option(help: ArgumentHelp("The FHIR base the bundle's full URLs start with.", valueName: "url")) var baseURL = "urn:switchboard:fhir"

    func run() async throws {
        try await reportingRefusals("export-fhir") {
            let bundle = try await database.referrals(clock: time.clock).exportFHIR(ReferralID(referralID), export: FHIRReferralExport(baseURL: baseURL))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(bundle)
            if let output { try data.write(to: URL(fileURLWithPath: output)) } else { print(String(decoding: data, as: UTF8.self)) }
        }
    }
}

struct CheckReferrals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Fold every referral's history again and compare it with its stored state (after a crash, say).",
        discussion: "Exit code 1 when a referral's state and history disagree."
    )

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print the audit as JSON.") var json = false

    func run() async throws {
        let audit = try await database.referrals().audit()
        if json {
            try printJSON(audit)
        } else {
            print("\(audit.referrals) referrals, \(audit.events) events: \(audit.isConsistent ? "consistent" : "\(audit.inconsistent.count) inconsistent")")
        }
        for id in audit.inconsistent { printError("  inconsistent: \(id)") }
        if !audit.isConsistent { throw ExitStatus.failure }
    }
}
