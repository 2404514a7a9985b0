public import Foundation

/// Where the referral module gets the time: injected, so the timers can be tested to the second.
public protocol ReferralClock: Sendable {
    func now() -> Date
}

/// The machine's clock.
public struct SystemClock: ReferralClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that always says the same time: for tests, and for `--now` on the command line
/// (to replay a sweep as of a given moment).
public struct FixedClock: ReferralClock {
    public var date: Date
    public init(_ date: Date) { self.date = date }
    public func now() -> Date { date }
}
