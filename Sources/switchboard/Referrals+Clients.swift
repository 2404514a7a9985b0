import ArgumentParser
import FeedImport
import Foundation
import Referrals
import SwitchboardCore

/// `referrals client add`: a pseudonymous client record of the case manager's organization.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Keep pseudonymous client records.", subcommands: [AddClient.self]
    )
}

struct AddClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a client record to your organization; prints its id.",
        discussion: "The label is what you call the record (a case number), not the person's name. Name and contact go to a provider only with consent."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var time: ClockOptions

    @Option(help: "What you call the record: a case number, initials.") var label: String
    @Option(help: "The client's name (shared only with consent).") var name: String?
    @Option(help: "The client's phone number (shared only with consent).") var phone: String?
    @Option(help: "The client's email (shared only with consent).") var email: String?
    @Option(help: "The client's preferred language.") var language: String?
    @Flag(help: "Print the record as JSON.") var json = false

    func run() async throws {
        let details = [name, phone, email, language].allSatisfy({ $0 == nil })
            ? nil : ClientDetails(name: name, phone: phone, email: email, preferredLanguage: language)
        try await reportingRefusals("client add") {
            let client = try await database.referrals(clock: time.clock).registerClient(label: label, details: details, by: actor.actor)
            if json { try printJSON(client) } else { print(client.id) }
        }
    }
}

/// `referrals consent give|revoke|list`.
struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Record, revoke and list a client's consents to share their details with a provider.",
        subcommands: [GiveConsent.self, RevokeConsent.self, ListConsents.self]
    )
}

struct GiveConsent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "give", abstract: "Record a client's consent; prints its id.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var time: ClockOptions
    @Option(help: ArgumentHelp("The client's id.", valueName: "client-id")) var client: String
    @Option(help: ArgumentHelp("The organization the details may go to.", valueName: "organization-id")) var recipient: String
    @Option(help: ArgumentHelp("When the consent ends (ISO 8601); none if open-ended.", valueName: "date")) var expires: String?
    @Flag(help: "Print the consent as JSON.") var json = false

    func run() async throws {
        let expiry = try parseDate(expires, option: "--expires")
        try await reportingRefusals("consent give") {
            let consent = try await database.referrals(clock: time.clock).giveConsent(
                client: ClientID(client), recipient: OrganizationID(recipient), expiresAt: expiry, by: actor.actor
            )
            if json { try printJSON(consent) } else { print(consent.id) }
        }
    }
}

struct RevokeConsent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a consent from now on.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var time: ClockOptions
    @Argument(help: ArgumentHelp("The consent's id.", valueName: "consent-id")) var consentID: String
    @Flag(help: "Print the consent as JSON.") var json = false

    func run() async throws {
        try await reportingRefusals("consent revoke") {
            let consent = try await database.referrals(clock: time.clock).revokeConsent(ConsentID(consentID), by: actor.actor)
            if json { return try printJSON(consent) }
            print("Consent \(consent.id) revoked at \(Timestamp.string(consent.revokedAt!))")
        }
    }
}

struct ListConsents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "A client's consents, revoked and expired ones too.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var time: ClockOptions
    @Option(help: ArgumentHelp("The client's id.", valueName: "client-id")) var client: String
    @Flag(help: "Print the consents as JSON.") var json = false

    func run() async throws {
        let referrals = try database.referrals(clock: time.clock)
        let consents = try await referrals.store.consents(for: ClientID(client))
        if json { return try printJSON(consents) }
        let now = referrals.clock.now()
        for consent in consents {
            let state = consent.isActive(at: now) ? "active" : consent.revokedAt != nil ? "revoked" : "not in force"
            print("\(consent.id)  \(consent.scope) → \(consent.recipientOrganizationID)  given \(Timestamp.string(consent.givenAt))  \(state)")
        }
    }
}
