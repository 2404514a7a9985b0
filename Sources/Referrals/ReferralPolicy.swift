public import Foundation

/// The timers' settings, with the defaults the issue asks for.
public struct ReferralPolicy: Hashable, Sendable, Codable {
    /// Business days the provider has to accept or reject a sent referral.
    public var responseBusinessDays: Int = 2
    /// Reminders after this many days without activity (each sent once per quiet spell).
    public var reminderDays: [Int] = [2, 7, 30]
    /// Days without activity after which an open referral is cancelled with reason "expired".
    public var expiryDays: Int = 60
    /// Days without activity after which an open referral shows on the worklists as stalled.
    public var stalledAfterDays: Int = 7
    /// The time zone business days are counted in (weekends are Saturday and Sunday there).
    public var timeZone: TimeZone = TimeZone(identifier: "UTC")!
    /// Days that are not business days besides weekends, as "yyyy-MM-dd" in `timeZone`.
    public var holidays: Set<String> = []

    public init() {}

    /// The provider's deadline for a referral sent at `date`.
    public func responseDeadline(sentAt date: Date) -> Date {
        BusinessCalendar(timeZone: timeZone, holidays: holidays).adding(businessDays: responseBusinessDays, to: date)
    }
}

/// Counts business days: weekdays that are not holidays.
struct BusinessCalendar {
    var calendar: Calendar
    var holidays: Set<String>

    init(timeZone: TimeZone, holidays: Set<String>) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        self.holidays = holidays
    }

    /// The same time of day, `businessDays` business days later. A referral sent on a Friday
    /// afternoon with two days to answer is due Tuesday afternoon; one sent on Saturday, too.
    func adding(businessDays: Int, to date: Date) -> Date {
        var result = date
        var counted = 0
        while counted < businessDays {
            result = calendar.date(byAdding: .day, value: 1, to: result)!
            if isBusinessDay(result) { counted += 1 }
        }
        return result
    }

    func isBusinessDay(_ date: Date) -> Bool {
        guard !calendar.isDateInWeekend(date) else { return false }
        let day = calendar.dateComponents([.year, .month, .day], from: date)
        return !holidays.contains(String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!))
    }
}
