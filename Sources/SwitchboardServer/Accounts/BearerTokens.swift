import Foundation
import DirectoryStore
import Synchronization
import SwitchboardCore

/// Checks API bearer tokens against the store, and remembers each answer for a moment.
///
/// Another system calling the API sends its token with every request, thousands a second under
/// load; reading the token's row for each was a database round trip on another thread, a fifth of
/// what a match request cost the server. So a token's account is remembered for ``memory``:
/// revoking a token or changing a user through this server forgets everything at once, and a change
/// made elsewhere (another instance, `switchboard users` on the same file) reaches this server
/// within that time.
public final class BearerTokens: Sendable {
    /// How long a checked token is taken at its word unless ``ServerConfiguration/bearerTokenMemory`` says otherwise.
    public static let defaultMemory: Duration = .seconds(1)

    private struct Remembered {
        var account: Account
        var until: ContinuousClock.Instant
    }

    /// Past this many tokens the memory starts over: enough for every system that calls one
    /// server, small enough that a flood of made-up tokens cannot grow it (unknown tokens are
    /// never remembered anyway).
    static let capacity = 4096

    /// The remembered tokens, and how many times they were all forgotten: a read that began
    /// before a revocation must not remember what it found after it.
    private struct Memory {
        var tokens: [String: Remembered] = [:]
        var forgettings = 0
    }

    private let accounts: any AccountStore
    private let memory: Duration
    private let recent = Mutex(Memory())

    init(accounts: any AccountStore, memory: Duration = BearerTokens.defaultMemory) {
        self.accounts = accounts
        self.memory = memory
    }

    /// The live account the token belongs to, or nil for an unknown, revoked or disabled one.
    func account(for token: String, now: Date) async throws -> Account? {
        let hash = Tokens.hash(token)
        let clock = ContinuousClock.now
        let (known, forgettings) = recent.withLock { ($0.tokens[hash], $0.forgettings) }
        if let known, known.until > clock { return known.account }
        guard let account = try await accounts.account(apiTokenHash: hash, now: now) else {
            recent.withLock { _ = $0.tokens.removeValue(forKey: hash) }
            return nil
        }
        let until = clock.advanced(by: memory)
        recent.withLock { memory in
            guard memory.forgettings == forgettings else { return }
            if memory.tokens.count >= Self.capacity { memory.tokens.removeAll(keepingCapacity: true) }
            memory.tokens[hash] = Remembered(account: account, until: until)
        }
        return account
    }

    /// Forgets every remembered token: a token was revoked or an account changed.
    func forgetAll() {
        recent.withLock { memory in
            memory.tokens.removeAll()
            memory.forgettings += 1
        }
    }
}
