import SwitchboardCore

/// A day of the week, Monday first as iCalendar's `BYDAY` lists them.
public enum Weekday: Int, Hashable, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// `MO`, `Tue`, `tuesday`, `th`: what schedules and people write.
    public init?(text: String) {
        let t = text.trimmingSpaces().lowercased()
        guard t.count >= 2 else { return nil }
        switch t.prefix(2) {
        case "mo": self = .monday
        case "tu": self = .tuesday
        case "we": self = .wednesday
        case "th": self = .thursday
        case "fr": self = .friday
        case "sa": self = .saturday
        case "su": self = .sunday
        default: return nil
        }
    }

    public var description: String { ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rawValue] }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Weekday(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a day of the week: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description.lowercased())
    }
}

/// Minutes since Monday 00:00 in some time zone: the unit weekly hours are compared in.
typealias WeekMinute = Int32

let minutesPerWeek: Int32 = 7 * 24 * 60

/// A span of the week in the provider's local time, `start` inclusive, `end` exclusive.
struct HoursWindow: Hashable, Sendable {
    var start: WeekMinute
    var end: WeekMinute

    func contains(_ minute: WeekMinute) -> Bool { minute >= start && minute < end }
    func overlaps(_ other: HoursWindow) -> Bool { start < other.end && other.start < end }
}

enum WeeklyHours {
    /// `HH:MM` or `HH:MM:SS` to minutes after midnight.
    static func minutes(_ text: String?) -> Int32? {
        guard let text else { return nil }
        let parts = text.trimmingSpaces().split(separator: ":")
        guard parts.count >= 2, let h = Int32(parts[0]), let m = Int32(parts[1]), (0...24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// The weekly windows a set of HSDS schedules describes, and their UTC offset if one is given.
    ///
    /// Only weekly recurrences with days and times can be checked; a schedule that is only words
    /// ("Call for hours") gives no window, so the service's hours count as unknown.
    static func windows(of schedules: [Schedule]) -> (windows: [HoursWindow], utcOffset: Double?) {
        var result: [HoursWindow] = []
        var offset: Double?
        for schedule in schedules {
            let freq = schedule.freq?.uppercased()
            guard freq == nil || freq == "WEEKLY" || freq == "DAILY",
                let opens = minutes(schedule.opensAt), let closes = minutes(schedule.closesAt)
            else { continue }
            let days: [Weekday]
            if let byday = schedule.byday, !byday.isEmpty {
                days = byday.split(separator: ",").compactMap { Weekday(text: String($0)) }
            } else if freq == "DAILY" {
                days = Weekday.allCases
            } else {
                continue
            }
            // "23:59" means to the end of the day.
            let end = closes == 23 * 60 + 59 ? 24 * 60 : closes
            for day in days {
                let base = Int32(day.rawValue) * 24 * 60
                if end > opens {
                    result.append(HoursWindow(start: base + opens, end: base + end))
                } else if end < opens {  // past midnight: split into tonight and tomorrow morning
                    result.append(HoursWindow(start: base + opens, end: base + 24 * 60))
                    let next = (base + 24 * 60) % minutesPerWeek
                    result.append(HoursWindow(start: next, end: next + end))
                }
            }
            if offset == nil, let tz = schedule.timezone { offset = tz }
        }
        return (result.sorted { ($0.start, $0.end) < ($1.start, $1.end) }, offset)
    }

    /// Moves a minute of the week from one UTC offset to another, wrapping around the week.
    static func shift(_ minute: WeekMinute, from: Double, to: Double) -> WeekMinute {
        let moved = minute + WeekMinute(((to - from) * 60).rounded())
        return ((moved % minutesPerWeek) + minutesPerWeek) % minutesPerWeek
    }
}
