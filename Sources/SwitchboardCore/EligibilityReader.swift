/// Reads machine-checkable eligibility out of what feeds write: age fields, an eligibility
/// description in words, service area names.
///
/// The reader is deliberately conservative: a sentence it does not understand is kept whole in
/// ``Eligibility/unparsed`` and later surfaces as "check eligibility"; it never guesses a rule.
public enum EligibilityReader {
    /// Everything the service's own fields say, combined.
    public static func read(
        description: String?, minimumAge: Double?, maximumAge: Double?, serviceAreas: [ServiceArea]
    ) -> Eligibility {
        var result = Eligibility(minimumAge: minimumAge, maximumAge: maximumAge)
        if let description, !description.trimmingSpaces().isEmpty {
            for sentence in sentences(of: description) {
                if !read(sentence: sentence, into: &result) { result.unparsed.append(sentence) }
            }
        }
        if let low = result.minimumAge, let high = result.maximumAge, low > high {
            // Sentences that contradict each other prove nothing: keep the words, drop the rule.
            result.unparsed.append("Ages conflict: at least \(formatNumber(low)) and at most \(formatNumber(high))")
            result.minimumAge = nil
            result.maximumAge = nil
        }
        for area in serviceAreas {
            guard let name = area.name?.trimmingSpaces(), !name.isEmpty else { continue }
            if let parsed = residencyArea(from: name) {
                if !result.residency.contains(parsed) { result.residency.append(parsed) }
            } else {
                result.unparsed.append("Service area: \(name)")
            }
        }
        return result
    }

    static func sentences(of text: String) -> [String] {
        if let bytes = Self.plainBytes(text) { return sentences(of: bytes) }
        return sentencesByCharacter(of: text)
    }

    /// What feeds mostly write, ASCII without a carriage return, is one byte a character: read as
    /// bytes, without breaking the text into characters (most of the reader's time in an import).
    /// Nil for other text, read character by character.
    static func plainBytes(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        return bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) ? bytes : nil
    }

    /// `sentencesByCharacter` for plain bytes: the same rules, the same sentences.
    static func sentences(of bytes: [UInt8]) -> [String] {
        var parts: [String] = []
        var start = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func close(_ end: Int) {
            let trimmed = String(decoding: bytes[start..<end], as: UTF8.self).trimmingSpaces()
            if !trimmed.isEmpty { parts.append(trimmed) }
        }
        for (i, byte) in bytes.enumerated() {
            let endsSentence = byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\n")
                || (byte == UInt8(ascii: ".") && (i + 1 == bytes.count || bytes[i + 1] == UInt8(ascii: " "))
                    && !(i > 0 && isDigit(bytes[i - 1]) && i + 1 < bytes.count && isDigit(bytes[i + 1])))
            if endsSentence {
                close(i)
                start = i + 1
            }
        }
        close(bytes.count)
        return parts
    }

    static func sentencesByCharacter(of text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            let endsSentence = ch == ";" || ch == "\n" || (ch == "." && (i + 1 == chars.count || chars[i + 1] == " ")
                && !(i > 0 && chars[i - 1].isNumber && i + 1 < chars.count && chars[i + 1].isNumber))
            if endsSentence {
                let trimmed = current.trimmingSpaces()
                if !trimmed.isEmpty { parts.append(trimmed) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        let trimmed = current.trimmingSpaces()
        if !trimmed.isEmpty { parts.append(trimmed) }
        return parts
    }

    /// Reads one sentence; true when it said something we could use.
    static func read(sentence: String, into result: inout Eligibility) -> Bool {
        let text = " " + sentence.lowercased() + " "
        var understood = false
        if let (low, high) = ageRange(in: text) {
            if let low { result.minimumAge = max(result.minimumAge ?? low, low) }
            if let high { result.maximumAge = min(result.maximumAge ?? high, high) }
            understood = true
        }
        if let genders = genders(in: text) {
            result.genders = genders
            understood = true
        }
        if let percent = incomePercent(in: text) {
            result.maximumIncomePercentOfPoverty = percent
            understood = true
        }
        for population in Population.allCases where population.phrases.contains(where: { text.includes($0) }) {
            result.populations.insert(population)
            understood = true
        }
        if text.includes("open to all") || text.includes("no eligibility requirement") || text.includes("anyone")
            || text.includes("no restrictions") || text.includes("everyone")
        {
            understood = true
        }
        return understood
    }

    // MARK: Ages

    static func ageRange(in text: String) -> (Double?, Double?)? {
        let ageWords = ["age", "ages", "aged", "year", "years", "yrs", "old", "older", "younger", "adults", "youth", "children", "seniors", "teens"]
        guard ageWords.contains(where: { text.includes($0) }) || text.includes("+") else { return nil }
        let tokens = numberTokens(in: text)
        for (index, token) in tokens.enumerated() {
            // "Families with children under 18" states the age of the client's children, not a
            // limit on the client: the parents are who the service is for.
            if saysChildrensAge(token, in: text) { continue }
            let after = token.after
            // 18-24, 18 to 24, 18 through 24, between 18 and 24
            if index + 1 < tokens.count {
                let next = tokens[index + 1]
                let gap = token.gapToNext.trimmingSpaces()
                let isRange = ["-", "–", "to", "through"].contains(gap) || (gap == "and" && token.before.hasSuffix("between "))
                if isRange, !token.isPercent, !next.isPercent, next.value <= 120, token.value <= next.value {
                    return (token.value, next.value)
                }
            }
            guard !token.isPercent, token.value <= 120 else { continue }
            if after.hasPrefix("+") || after.hasPrefix(" and older") || after.hasPrefix(" and over") || after.hasPrefix(" or older")
                || after.hasPrefix(" years and older") || after.hasPrefix(" years and over") || after.hasPrefix(" years or older")
                || after.hasPrefix(" years of age and older") || after.hasPrefix(" years of age or older")
                || token.before.hasSuffix("over ") && !token.before.hasSuffix("income over ")
                || token.before.hasSuffix("at least ")
            {
                return (token.before.hasSuffix("over ") ? token.value + 1 : token.value, nil)
            }
            if token.before.hasSuffix("under ") || token.before.hasSuffix("younger than ") || token.before.hasSuffix("below age ")
                || after.hasPrefix(" and under") || after.hasPrefix(" and younger") || after.hasPrefix(" or younger")
                || after.hasPrefix(" years and under") || after.hasPrefix(" years and younger")
            {
                let exclusive = token.before.hasSuffix("under ") || token.before.hasSuffix("younger than ")
                return (nil, exclusive ? token.value - 1 : token.value)
            }
        }
        return nil
    }

    /// Words saying the client has children ("with children", "their kids"): a number right after
    /// the children's word then gives the children's age.
    static let ownChildren = [
        " with children", " with a child", " with kids", " with minor children", " with dependent children",
        " of children", " of a child", " their children", " their child", " their kids", " have children",
        " has children", " having children", " raising children", " with grandchildren", " caring for children",
    ]

    /// Whether a number is the age of the client's children: the sentence says the client has
    /// children, and the children's word comes between that phrase and the number.
    static func saysChildrensAge(_ token: NumberToken, in text: String) -> Bool {
        guard ownChildren.contains(where: { text.includes($0) }) else { return false }
        let before = token.before
        return ["child", "kid", "minor", "dependent"].contains { before.range(of: $0) != nil }
    }

    struct NumberToken: Equatable {
        var value: Double
        var before: String
        var after: String
        var gapToNext: String
        var isPercent: Bool
    }

    static func numberTokens(in text: String) -> [NumberToken] {
        guard let bytes = Self.plainBytes(text) else { return numberTokensByCharacter(in: text) }
        func isDigit(_ index: Int) -> Bool { bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        var spans: [(Range<Int>, Double)] = []
        var i = 0
        while i < bytes.count {
            if isDigit(i) {
                var j = i
                while j < bytes.count, isDigit(j) || (bytes[j] == UInt8(ascii: ".") && j + 1 < bytes.count && isDigit(j + 1)) { j += 1 }
                if let value = Double(string(i..<j)) { spans.append((i..<j, value)) }
                i = j
            } else {
                i += 1
            }
        }
        return spans.enumerated().map { index, span in
            let afterEnd = min(bytes.count, span.0.upperBound + 28)
            let gapEnd = index + 1 < spans.count ? spans[index + 1].0.lowerBound : span.0.upperBound
            let after = string(span.0.upperBound..<afterEnd)
            return NumberToken(
                value: span.1,
                before: string(max(0, span.0.lowerBound - 24)..<span.0.lowerBound),
                after: after,
                gapToNext: string(span.0.upperBound..<max(span.0.upperBound, gapEnd)),
                isPercent: after.hasPrefix("%") || after.hasPrefix(" %") || after.hasPrefix(" percent")
            )
        }
    }

    static func numberTokensByCharacter(in text: String) -> [NumberToken] {
        let chars = Array(text)
        var spans: [(Range<Int>, Double)] = []
        var i = 0
        while i < chars.count {
            if chars[i].isASCII, chars[i].isNumber {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isNumber || (chars[j] == "." && j + 1 < chars.count && chars[j + 1].isNumber) { j += 1 }
                if let value = Double(String(chars[i..<j])) { spans.append((i..<j, value)) }
                i = j
            } else {
                i += 1
            }
        }
        return spans.enumerated().map { index, span in
            let beforeStart = max(0, span.0.lowerBound - 24)
            let afterEnd = min(chars.count, span.0.upperBound + 28)
            let gapEnd = index + 1 < spans.count ? spans[index + 1].0.lowerBound : span.0.upperBound
            let after = String(chars[span.0.upperBound..<afterEnd])
            return NumberToken(
                value: span.1,
                before: String(chars[beforeStart..<span.0.lowerBound]),
                after: after,
                gapToNext: String(chars[span.0.upperBound..<max(span.0.upperBound, gapEnd)]),
                isPercent: after.hasPrefix("%") || after.hasPrefix(" %") || after.hasPrefix(" percent")
            )
        }
    }

    // MARK: Gender

    static func genders(in text: String) -> Set<Gender>? {
        let women = [" women only", " females only", " female only", " for women", " women and their children", " women and children", " mothers ", " pregnant women", " girls only", " women's "]
        let men = [" men only", " males only", " male only", " for men", " men and their children", " fathers ", " boys only", " men's "]
        let saysWomen = women.contains { text.includes($0) }
        let saysMen = men.contains { text.includes($0) }
        switch (saysWomen, saysMen) {
        case (true, false): return [.female]
        case (false, true): return [.male]
        default: return nil
        }
    }

    // MARK: Income

    static func incomePercent(in text: String) -> Int? {
        guard text.includes("poverty") || text.includes("fpl") || text.includes("fpg") else { return nil }
        for token in numberTokens(in: text) where token.isPercent && token.value > 0 && token.value <= 1000 {
            return Int(token.value)
        }
        return nil
    }

    // MARK: Residency

    /// The area a service-area name describes, or nil when we cannot tell.
    public static func residencyArea(from name: String) -> ResidencyArea? {
        let text = name.trimmingSpaces()
        let lower = text.lowercased()
        if lower.hasPrefix("within "), let area = radius(from: text) { return area }
        var zipText = text
        for prefix in ["ZIP code ", "ZIP Code ", "Zip Code ", "ZIP ", "Zip ", "zip "] where zipText.hasPrefix(prefix) {
            zipText = String(zipText.dropFirst(prefix.count))
        }
        if isZIP(zipText) { return ResidencyArea(kind: .postalCode, name: String(zipText.prefix(5))) }
        if ["united states", "usa", "us", "u.s.", "nationwide", "national"].contains(lower) {
            return ResidencyArea(kind: .country, name: "US")
        }
        if ["canada", "ca"].contains(lower) { return ResidencyArea(kind: .country, name: "CA") }
        if let state = USState.code(for: text) { return ResidencyArea(kind: .state, name: state) }
        // "Douglas County, NE", "Douglas County", "Omaha, NE"
        let parts = text.split(separator: ",", maxSplits: 1).map { String($0).trimmingSpaces() }
        let state = parts.count == 2 ? USState.code(for: parts[1]) : nil
        if parts.count == 2, state == nil { return nil }
        let place = parts[0]
        for suffix in [" County", " county", " Parish", " Borough"] where place.hasSuffix(suffix) {
            let county = String(place.dropLast(suffix.count)).trimmingSpaces()
            guard !county.isEmpty else { return nil }
            return ResidencyArea(kind: .county, name: county, state: state)
        }
        if state != nil, !place.isEmpty, place.allSatisfy({ $0.isLetter || $0 == " " || $0 == "." || $0 == "-" || $0 == "'" }) {
            return ResidencyArea(kind: .city, name: place, state: state)
        }
        return nil
    }

    static func isZIP(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        let digits = chars.prefix(5)
        guard digits.count == 5, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        if chars.count == 5 { return true }
        return chars.count == 10 && chars[5] == UInt8(ascii: "-") && chars[6...].allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    static func radius(from text: String) -> ResidencyArea? {
        // "Within 25 miles of 41.25,-95.93"
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 5, words[0].lowercased() == "within", let miles = Double(words[1]),
            words[2].lowercased().hasPrefix("mile"), words[3].lowercased() == "of"
        else { return nil }
        let pair = words[4].split(separator: ",").compactMap { Double($0) }
        guard pair.count == 2 else { return nil }
        let center = Coordinate(latitude: pair[0], longitude: pair[1])
        guard center.isValid, miles > 0 else { return nil }
        return ResidencyArea(kind: .radius, name: "", center: center, radiusMiles: miles)
    }
}

/// The US states and territories, for reading residency rules and addresses.
public enum USState {
    public static let names: [String: String] = [
        "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
        "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
        "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
        "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
        "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
        "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
        "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
        "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
        "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
        "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
        "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands",
    ]

    static let byName: [String: String] = Dictionary(uniqueKeysWithValues: names.map { ($0.value.lowercased(), $0.key) })

    /// The two-letter code for a state written as a code or a name.
    public static func code(for text: String) -> String? {
        let trimmed = text.trimmingSpaces()
        if trimmed.count == 2, names[trimmed.uppercased()] != nil, trimmed == trimmed.uppercased() { return trimmed }
        return byName[trimmed.lowercased()]
    }
}

extension String {
    /// Whether `needle` occurs in the string, compared byte by byte (UTF-8).
    ///
    /// The reader looks for ASCII phrases in lowercased text, where this answers as Foundation's
    /// `contains` does; that one goes through NSString and UTF-16 on Linux and cost an import of
    /// 150,000 services twenty seconds.
    fileprivate func includes(_ needle: String) -> Bool {
        var text = self, needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { needle in
                guard let first = needle.first else { return true }
                guard haystack.count >= needle.count else { return false }
                var start = 0
                let last = haystack.count - needle.count
                while start <= last {
                    if haystack[start] == first {
                        var matched = 1
                        while matched < needle.count, haystack[start + matched] == needle[matched] { matched += 1 }
                        if matched == needle.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
