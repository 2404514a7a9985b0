/// Calendar arithmetic on days since 1970-01-01 (UTC, proleptic Gregorian), without Foundation's
/// calendars, so output never depends on the machine's time zone or locale.
enum CivilDate {
    /// Year, month and day of a day number (Howard Hinnant's `civil_from_days`).
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD`.
    static func date(_ days: Int) -> String {
        let (y, m, d) = civil(days)
        return "\(y)-\(pad2(m))-\(pad2(d))"
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    static func dateTime(_ days: Int, seconds: Int = 0) -> String {
        let s = max(0, min(86_399, seconds))
        return "\(date(days))T\(pad2(s / 3600)):\(pad2(s / 60 % 60)):\(pad2(s % 60))Z"
    }

    static func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
