public import DirectoryStore
import Foundation
public import SwitchboardCore

/// One account per role for trying Switchboard out, made only on request (`serve --demo-accounts`)
/// and only in a database without accounts, never in production.
public enum DemoAccounts {
    /// The shared password of the demo accounts.
    public static let password = "switchboard-demo"

    /// Creates the demo organizations and accounts when the store has no accounts.
    /// Provider staff work for the directory's first organization, so they see referrals to its services.
    /// - Returns: the accounts made; empty when there were accounts already.
    public static func createIfNone(store: some AccountStore & DirectoryStore, cost: UInt8 = 10) async throws -> [Account] {
        guard try await store.accountCount() == 0 else { return [] }
        let provider = try await store.services(after: nil, limit: 1).first?.organization
        let providerID = provider?.id ?? "demo-provider"
        try await store.saveOrganization(AccountOrganization(id: "demo-ops", name: "Switchboard operations", kind: .referrer))
        try await store.saveOrganization(AccountOrganization(id: "demo-agency", name: "Northside Case Management", kind: .referrer))
        try await store.saveOrganization(AccountOrganization(id: providerID, name: provider?.name ?? "Demo provider", kind: .provider))
        let people: [(String, String, Account.Role, OrganizationID)] = [
            ("admin", "Avery Admin", .administrator, "demo-ops"),
            ("coordinator", "Casey Coordinator", .coordinator, "demo-ops"),
            ("casemanager", "Morgan Case Manager", .caseManager, "demo-agency"),
            ("provider", "Riley Provider", .providerStaff, providerID),
        ]
        let hash = await Passwords.hash(password, cost: cost)
        var made: [Account] = []
        for (username, name, role, organization) in people {
            let account = Account(id: UserID(UUID().uuidString.lowercased()), username: username, displayName: name, role: role,
                organizationID: organization, createdAt: Date())
            try await store.createAccount(account, passwordHash: hash)
            made.append(account)
        }
        return made
    }
}
