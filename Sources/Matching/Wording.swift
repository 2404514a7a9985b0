/// The plain words explanations are made of, in one place so search and matching say things alike.
enum Wording {
    static func miles(_ value: Double) -> String {
        value < 10 ? String(format1(value)) : String(Int(value.rounded()))
    }

    /// "0.4 miles away", "2.1 miles away", "12 miles away".
    static func distance(_ miles: Double) -> String {
        let text = Self.miles(miles)
        return "\(text) \(text == "1.0" ? "mile" : "miles") away"
    }

    /// One decimal, without Foundation's formatters (locale-free, the same everywhere).
    static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// 1050 → "17:30".
    static func clock(_ minuteOfDay: Int) -> String {
        let h = minuteOfDay / 60, m = minuteOfDay % 60
        return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }

    /// "3 days", "5 months", "3 years".
    static func age(days: Int) -> String {
        if days < 60 { return days == 1 ? "1 day" : "\(days) days" }
        if days < 730 { let months = days / 30; return "\(months) months" }
        let years = days / 365
        return "\(years) years"
    }

    /// "18-24", "60 and over", "under 18".
    static func ageRange(_ low: Float, _ high: Float) -> String {
        switch (low.isNaN, high.isNaN) {
        case (false, false): "\(whole(low))-\(whole(high))"
        case (false, true): "\(whole(low)) and over"
        case (true, false): "up to \(whole(high))"
        case (true, true): "any age"
        }
    }

    static func whole(_ value: Float) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }

    static func whole(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
