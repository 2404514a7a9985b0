import ArgumentParser
import Foundation
import DirectoryStore
import SwitchboardCore
import SwitchboardServer

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Accounts: add one (the first administrator, say), list them.",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account; the password is read from SWITCHBOARD_PASSWORD or standard input.",
            discussion: """
                The organization is created when it does not exist yet (--organization-name, --kind). \
                Provider staff belong to the directory organization whose referrals they answer: use its id.
                Example: echo 'a long passphrase' | swift run switchboard users add --role administrator --username admin --organization ops
                """
        )
        @OptionGroup var options: DatabaseOptions
        @Option(help: "What the person signs in with.") var username: String
        @Option(help: "coordinator, case-manager, provider-staff or administrator.") var role: String
        @Option(help: "The organization they work for (an id).") var organization: String
        @Option(help: "The person's name as pages show it.") var name: String?
        @Option(help: "The organization's name, if it is new.") var organizationName: String?
        @Option(help: "referrer, provider or both, if the organization is new.") var kind: String?

        func validate() throws {
            guard Account.Role(rawValue: role) != nil else {
                throw ValidationError("--role must be one of \(Account.Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let kind, AccountOrganization.Kind(rawValue: kind) == nil { throw ValidationError("--kind must be referrer, provider or both") }
        }

        func run() async throws {
            let (_, store) = try options.open()
            let password = ProcessInfo.processInfo.environment["SWITCHBOARD_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            guard password.count >= Passwords.minimumLength else {
                printError("switchboard users add: the password needs at least \(Passwords.minimumLength) characters (from SWITCHBOARD_PASSWORD or standard input)")
                throw ExitCode.validationFailure
            }
            let accountRole = Account.Role(rawValue: role)!
            let organizationID = OrganizationID(organization)
            if try await store.accountOrganization(organizationID) == nil {
                let defaultKind: AccountOrganization.Kind = accountRole == .providerStaff ? .provider : .referrer
                try await store.saveOrganization(AccountOrganization(id: organizationID, name: organizationName ?? organization,
                    kind: kind.flatMap(AccountOrganization.Kind.init(rawValue:)) ?? defaultKind))
            }
            let account = Account(id: UserID(UUID().uuidString.lowercased()), username: username, displayName: name ?? username,
                role: accountRole, organizationID: organizationID, createdAt: Date())
            do {
                try await store.createAccount(account, passwordHash: await Passwords.hash(password))
            } catch let error as AccountStoreError {
                printError("switchboard users add: \(error.message)")
                throw ExitStatus.failure
            }
            try await store.appendAudit(AuditEntry(at: Date(), userID: nil, action: "user.create", target: "user/\(account.id)",
                detail: "role \(account.role) (command line)"))
            print("Added \(account.role.rawValue) \(account.username) (\(account.id)) of \(organizationID)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The accounts, by username.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let (_, store) = try options.open()
            for account in try await store.accounts() {
                print("\(account.username)  \(account.role.rawValue)  \(account.organizationID)\(account.disabledAt == nil ? "" : "  (disabled)")")
            }
        }
    }
}
