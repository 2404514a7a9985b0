public import Foundation
public import Matching
public import Referrals

/// How the server runs: where it listens, who may read without signing in, how long sessions
/// last, how often referrals are swept. Defaults suit a laptop; `switchboard serve` fills it
/// from options and environment variables.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Let anyone search and read the directory (the HSDS API and search pages) without an account.
    public var publicDirectory: Bool
    /// Mark cookies `Secure` (behind HTTPS).
    public var secureCookies: Bool
    public var sessionLifetime: Duration
    /// Failed sign-ins allowed per username (and per client address) in ``signInWindow``.
    public var signInAttempts: Int
    public var signInWindow: Duration
    /// How often the referral timers are swept; nil runs no sweep.
    public var sweepInterval: Duration?
    public var referralPolicy: ReferralPolicy
    /// The feed list `POST /api/feeds/{name}/refresh` reads (Directory/feeds.json).
    public var feedList: URL?
    /// Where remote feeds are downloaded to.
    public var downloads: URL?
    /// AIRS taxonomy names, for feed refreshes.
    public var airsNames: [String: String]
    /// Largest `per_page`.
    public var maximumPageSize: Int
    /// bcrypt's cost; tests lower it.
    public var bcryptCost: UInt8
    /// ZIP codes (for `near`/`postcode` and client profiles) and poverty guidelines (income rules)
    /// for the index; `switchboard serve` loads the ones shipped in `Directory/`.
    public var zipCodes: ZIPCodeTable = .empty
    public var povertyGuidelines: PovertyGuidelines? = nil
    /// How often to look for feed refreshes committed by another process (and then rebuild the
    /// index); nil looks only when this server refreshes a feed.
    public var indexCheckInterval: Duration? = .seconds(5)
    /// How long a checked API token is taken at its word (``BearerTokens``): a token revoked or a
    /// user disabled by another instance, or by `switchboard users`, stops working within this
    /// time; through this server, at once.
    public var bearerTokenMemory: Duration = BearerTokens.defaultMemory
    /// The matcher's weights and limits for `POST /api/match` (docs/matching.md, Tuning).
    public var matching = MatchConfiguration()

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicDirectory: Bool = false, secureCookies: Bool = false,
        sessionLifetime: Duration = .seconds(12 * 3600), signInAttempts: Int = 5, signInWindow: Duration = .seconds(15 * 60),
        sweepInterval: Duration? = .seconds(300), referralPolicy: ReferralPolicy = ReferralPolicy(), feedList: URL? = nil,
        downloads: URL? = nil, airsNames: [String: String] = [:], maximumPageSize: Int = 1000, bcryptCost: UInt8 = 12
    ) {
        self.host = host; self.port = port; self.publicDirectory = publicDirectory; self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime; self.signInAttempts = signInAttempts; self.signInWindow = signInWindow
        self.sweepInterval = sweepInterval; self.referralPolicy = referralPolicy; self.feedList = feedList
        self.downloads = downloads; self.airsNames = airsNames; self.maximumPageSize = maximumPageSize
        self.bcryptCost = bcryptCost
    }
}
