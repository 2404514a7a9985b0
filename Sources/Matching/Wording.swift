/// The plain words explanations are made of, in one place so search and matching say things alike.
enum Wording {
    static func miles(_ value: Double) -> String {
        value < 10 ? format1(value) : String(Int(value.rounded()))
    }

    /// "0.4 miles away", "2.1 miles away", "12 miles away".
    static func distance(_ miles: Double) -> String {
        // Written as bytes: every explained match and search result says it, and interpolating
        // the number's text into the words cost more than the words.
        if miles < 10 {
            let tenths = Int((miles * 10).rounded())
            return ascii { text in
                text.append(oneDecimal: tenths)
                text.append(tenths == 10 ? " mile away" : " miles away")
            }
        }
        return "\(Int(miles.rounded())) miles away"
    }

    /// One decimal, without Foundation's formatters (locale-free, the same everywhere).
    static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return ascii { $0.append(oneDecimal: tenths) }
    }

    /// Short ASCII text made in a buffer on the stack: a string of up to 15 bytes then needs no
    /// allocation at all, and a longer one a single one.
    private static func ascii(_ write: (inout ShortText) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortText.capacity) { buffer in
            var text = ShortText(buffer: buffer)
            write(&text)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<text.count]), as: UTF8.self)
        }
    }

    /// Bytes written into a fixed buffer, room enough for the longest of these words (a 64-bit
    /// number, its sign and a decimal, and "miles away").
    private struct ShortText {
        static let capacity = 48
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        mutating func append(_ byte: UInt8) {
            precondition(count < buffer.count, "Wording: words longer than \(Self.capacity) bytes")
            buffer[count] = byte
            count += 1
        }

        mutating func append(integer: Int) {
            if integer < 0 { append(UInt8(ascii: "-")) }
            let first = count
            var rest = integer.magnitude
            repeat {
                append(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            } while rest > 0
            buffer[first..<count].reverse()
        }

        /// `tenths / 10`, a point, and the last digit of `tenths` (a sign only where the whole part has one).
        mutating func append(oneDecimal tenths: Int) {
            append(integer: tenths / 10)
            append(UInt8(ascii: "."))
            append(UInt8(ascii: "0") + UInt8(abs(tenths % 10)))
        }

        mutating func append(_ words: StaticString) {
            words.withUTF8Buffer { for byte in $0 { append(byte) } }
        }
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
