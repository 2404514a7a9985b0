import Foundation
import HummingbirdBcrypt
import SwitchboardCore

/// Random tokens (sessions, API tokens, CSRF) and how they are kept.
enum Tokens {
    /// 32 random bytes from the system's cryptographic generator, as URL-safe text with a prefix
    /// that says what the token is (`sbs_` session, `sbt_` API token, `sbc_` CSRF).
    static func make(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// What the store keeps of a token: its SHA-256, in hex.
    static func hash(_ token: String) -> String { SHA256.hex(token) }

    /// Compares two secrets in time that does not depend on where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Password hashing with bcrypt (hummingbird-auth's). Slow on purpose, so it runs off the
/// event loop's threads.
public enum Passwords {
    public static func hash(_ password: String, cost: UInt8 = 12) async -> String {
        await Task.detached { Bcrypt.hash(password, cost: cost) }.value
    }

    public static func verify(_ password: String, hash: String) async -> Bool {
        await Task.detached { Bcrypt.verify(password, hash: hash) }.value
    }

    /// Passwords shorter than this are refused.
    public static let minimumLength = 10
}

/// Counts failed sign-ins per username and per client address; past the limit within the
/// window, sign-in is refused (429) whatever the password.
actor SignInLimiter {
    private var failures: [String: [ContinuousClock.Instant]] = [:]
    let limit: Int
    let window: Duration

    init(limit: Int, window: Duration) { self.limit = limit; self.window = window }

    func isBlocked(_ keys: [String]) -> Bool {
        let now = ContinuousClock.now
        return keys.contains { key in (failures[key] ?? []).filter { now - $0 < window }.count >= limit }
    }

    func recordFailure(_ keys: [String]) {
        let now = ContinuousClock.now
        for key in keys { failures[key, default: []].append(now); failures[key]?.removeAll { now - $0 >= window } }
    }

    func reset(_ key: String) { failures[key] = nil }
}
