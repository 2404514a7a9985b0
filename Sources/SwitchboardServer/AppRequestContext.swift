import Foundation
public import Hummingbird
import DirectoryStore
import Matching
import SwitchboardCore

/// The request context: Hummingbird's core storage plus who is asking.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in account, set by ``AuthenticationMiddleware``.
    var account: Account?
    /// Set when the account came by session cookie: state-changing requests must then carry its CSRF token.
    var session: Session?

    /// The directory index the server keeps, set for every request by ``DirectoryIndexMiddleware``;
    /// take one snapshot per request with ``directoryIndex()``.
    var directory: DirectoryIndexHolder?

    /// The client's address, for the sign-in rate limit.
    let remoteAddressDescription: String

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddressDescription = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The current index snapshot: HSDS lists, matching and the web pages all read it, so one
    /// request sees one directory even while a rebuild swaps in the next.
    func directoryIndex() async throws -> DirectoryIndex {
        guard let directory else { throw APIError(.internalError, "The directory index is not wired to this router") }
        return try await directory.snapshot()
    }

    /// The account, or a refusal: 401 for nobody signed in.
    func requireAccount() throws -> Account {
        guard let account else { throw APIError(.unauthenticated, "Sign in first (a session cookie or a bearer token)") }
        return account
    }

    /// The account if its role holds `permission`; otherwise 403 (or 401 when nobody is signed in).
    func require(_ permission: Permission) throws -> Account {
        let account = try requireAccount()
        guard account.role.may(permission) else {
            throw APIError(.forbidden, "A \(account.role) may not do this")
        }
        return account
    }

    /// The account's actor on referrals; 403 for roles that take no part in referrals.
    func requireActor() throws -> (Account, Actor) {
        let account = try requireAccount()
        guard let actor = account.actor else { throw APIError(.forbidden, "A \(account.role) takes no part in referrals") }
        return (account, actor)
    }
}
