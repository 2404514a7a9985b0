import Foundation
import SwitchboardCore

/// The small readings of AIRS values: text that may carry escaped HTML, booleans written every
/// way, phone numbers with their extensions, times, dates, language names.
enum AIRSText {
    // MARK: Text

    /// The text as a person should read it, or nil when nothing is left.
    ///
    /// iCarol escapes HTML twice (`&amp;lt;b&amp;gt;`), so after XML parsing a description still
    /// reads `&lt;b&gt;`: entities are decoded (twice at most), tags stripped, block tags
    /// (`p`, `br`, `li`, `div`) kept as line breaks, runs of blanks folded, lines trimmed.
    static func clean(_ raw: String) -> String? {
        var bytes = Array(raw.utf8)
        // Fast path: most values have no markup and no stray blanks.
        if !bytes.contains(where: { $0 == ampersand || $0 == lessThan || $0 == 0x0D || $0 == 0x09 || $0 == 0x0A || $0 == 0xC2 }) {
            guard let first = bytes.first, let last = bytes.last else { return nil }
            if first != space && last != space && !bytes.containsDoubleSpace { return raw }
        }
        for _ in 0..<2 where bytes.contains(ampersand) {
            let decoded = decodeEntities(bytes)
            if decoded == bytes { break }
            bytes = decoded
        }
        if hasTag(bytes) { bytes = stripTags(bytes) }
        let folded = foldBlanks(bytes)
        return folded.isEmpty ? nil : String(decoding: folded, as: UTF8.self)
    }

    /// Lines trimmed, runs of blanks (space, tab, no-break space) folded to one space, empty lines
    /// dropped, CR and CRLF read as line breaks; one pass over bytes.
    static func foldBlanks(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false, pendingBreak = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x09 {
                pendingSpace = true
            } else if byte == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 {
                pendingSpace = true
                i += 1
            } else if byte == 0x0A || byte == 0x0D {
                pendingBreak = true
            } else {
                if !out.isEmpty {
                    if pendingBreak { out.append(newline) } else if pendingSpace { out.append(space) }
                }
                pendingSpace = false
                pendingBreak = false
                out.append(byte)
            }
            i += 1
        }
        return out
    }

    private static let ampersand = UInt8(ascii: "&"), lessThan = UInt8(ascii: "<"), greaterThan = UInt8(ascii: ">")
    private static let semicolon = UInt8(ascii: ";"), space = UInt8(ascii: " "), newline = UInt8(ascii: "\n")

    static let namedEntities: [String: String] = [
        "lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'", "nbsp": " ", "rsquo": "\u{2019}",
        "lsquo": "\u{2018}", "ldquo": "\u{201C}", "rdquo": "\u{201D}", "ndash": "\u{2013}", "mdash": "\u{2014}",
        "hellip": "\u{2026}", "bull": "\u{2022}", "middot": "\u{00B7}", "copy": "\u{00A9}", "reg": "\u{00AE}",
        "trade": "\u{2122}", "deg": "\u{00B0}", "eacute": "\u{00E9}", "egrave": "\u{00E8}", "ecirc": "\u{00EA}",
        "agrave": "\u{00E0}", "aacute": "\u{00E1}", "acirc": "\u{00E2}", "ccedil": "\u{00E7}", "ocirc": "\u{00F4}",
        "oacute": "\u{00F3}", "iacute": "\u{00ED}", "uacute": "\u{00FA}", "ntilde": "\u{00F1}", "uuml": "\u{00FC}",
        "ouml": "\u{00F6}", "auml": "\u{00E4}", "Eacute": "\u{00C9}", "frac12": "\u{00BD}", "shy": "",
    ]

    /// `&lt;` → `<`, `&#39;` → `'`, `&#x2019;` → `’`; anything else is left as written.
    static func decodeEntities(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            guard byte == ampersand else { out.append(byte); i += 1; continue }
            var j = i + 1
            while j < bytes.count, j - i <= 10, bytes[j] != semicolon, bytes[j] != ampersand, bytes[j] != space { j += 1 }
            guard j < bytes.count, bytes[j] == semicolon, j > i + 1 else { out.append(byte); i += 1; continue }
            let body = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
            var replacement: String?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                replacement = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if body.hasPrefix("#") {
                replacement = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                replacement = namedEntities[body]
            }
            if let replacement {
                out.append(contentsOf: replacement.utf8)
                i = j + 1
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out
    }

    /// Whether `<` opens something that looks like a tag (`<b>`, `</p>`, `<br/>`, `<!-- -->`).
    static func hasTag(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == lessThan, isTagStart(bytes[i + 1]) {
                if bytes[(i + 1)...].contains(greaterThan) { return true }
            }
            i += 1
        }
        return false
    }

    private static func isTagStart(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "!")
    }

    static let blockTags: Set<String> = ["p", "br", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"]

    /// Removes tags; block tags become line breaks.
    static func stripTags(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == lessThan, i + 1 < bytes.count, isTagStart(bytes[i + 1]),
                let close = bytes[(i + 1)...].firstIndex(of: greaterThan)
            else {
                out.append(bytes[i]); i += 1; continue
            }
            var nameStart = i + 1
            if bytes[nameStart] == UInt8(ascii: "/") { nameStart += 1 }
            var nameEnd = nameStart
            while nameEnd < close, (bytes[nameEnd] | 0x20) >= 0x61 && (bytes[nameEnd] | 0x20) <= 0x7A || (bytes[nameEnd] >= 0x30 && bytes[nameEnd] <= 0x39) {
                nameEnd += 1
            }
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self).lowercased()
            if blockTags.contains(name) { out.append(newline) }
            i = close + 1
        }
        return out
    }

    // MARK: Flags

    /// `true`, `1`, `yes` (any case) → true; `false`, `0`, `no` → false; anything else nil.
    static func flag(_ text: String?) -> Bool? {
        guard let text else { return nil }
        switch text.trimmed().lowercased() {
        case "true", "1", "yes", "y": return true
        case "false", "0", "no", "n": return false
        default: return nil
        }
    }

    /// iCarol marks retired records only by a name or description that begins `DEL` (`DEL - `,
    /// `DELETE`, `*DEL*`), never by a status; `Delta House` and `Delivery` are not such marks.
    static func isDeletionMark(_ text: String?) -> Bool {
        guard let text else { return false }
        var rest = Substring(text.trimmed())
        while rest.first == "*" || rest.first == "(" || rest.first == "[" { rest = rest.dropFirst() }
        guard rest.hasPrefix("DEL") else { return false }
        rest = rest.dropFirst(3)
        if rest.hasPrefix("ETED") { rest = rest.dropFirst(4) } else if rest.hasPrefix("ETE") { rest = rest.dropFirst(3) }
        guard let next = rest.first else { return true }
        return !next.isLetter && !next.isNumber
    }

    // MARK: Phones

    /// Splits `604-320-7330 Local 108` or `(402) 555-0101 ext. 12` into the number and its extension.
    static func splitExtension(_ number: String) -> (number: String, extension: Int?) {
        // Numbers without letters or `#` carry no extension (nearly all of them).
        guard number.utf8.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x23 }) else { return (number.trimmed(), nil) }
        // The digits at the end, then the marker before them.
        let bytes = Array(number.utf8)
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == UInt8(ascii: ")") { end -= 1 }
        var start = end
        while start > 0, bytes[start - 1] >= 0x30, bytes[start - 1] <= 0x39 { start -= 1 }
        guard start < end, end - start <= 8, let ext = Int(String(decoding: bytes[start..<end], as: UTF8.self)) else {
            return (number.trimmed(), nil)
        }
        var markerEnd = start
        while markerEnd > 0, [0x20, 0x3A, 0x2E, 0x23].contains(bytes[markerEnd - 1]) { markerEnd -= 1 }  // space : . #
        let before = String(decoding: bytes[..<markerEnd], as: UTF8.self).lowercased()
        for marker in ["extension", "ext", "local", "loc", "x", "#"] where before.hasSuffix(marker) || (marker == "#" && markerEnd < start && bytes[start - 1] == 0x23) {
            let cut = marker == "#" ? markerEnd : before.utf8.count - marker.utf8.count
            guard cut > 0 else { continue }
            let separator = bytes[cut - 1]
            guard marker == "#" || separator == 0x20 || separator == 0x2C else { continue }  // a word of its own: space or comma before
            var head = String(decoding: bytes[..<cut], as: UTF8.self).trimmed()
            while head.hasSuffix(",") { head = String(head.dropLast()).trimmed() }
            guard head.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { continue }
            return (head, ext)
        }
        return (number.trimmed(), nil)
    }

    /// `ext 522`, `234`, `x12` → the digits; nil when there are none or they are not all at the end.
    static func extensionNumber(_ text: String) -> Int? {
        let digits = text.reversed().prefix(while: \.isASCIIDigit)
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        let head = String(text.dropLast(digits.count)).trimmed().lowercased()
        let allowed: Set<String> = ["", "ext", "ext.", "extension", "x", "x.", "local", "loc", "loc.", "#", "ext #", "ext:"]
        guard allowed.contains(head) || head.hasPrefix("ext") else { return nil }
        return Int(String(digits.reversed()))
    }

    /// HSDS phone types (`voice`, `fax`, `text`, `cell`, `textphone`, `video`, `pager`) for AIRS's free `Type`.
    static func phoneType(_ airs: String?) -> (type: String, isStandard: Bool) {
        guard let airs else { return ("voice", true) }
        switch airs {
        case "Voice", "Phone", "Phone1", "Phone2", "voice": return ("voice", true)
        case "Fax", "fax": return ("fax", true)
        default: break
        }
        let lower = airs.lowercased()
        if lower == "fax" { return ("fax", true) }
        if lower.contains("tty") || lower.contains("tdd") || lower.contains("textphone") { return ("textphone", true) }
        if lower == "sms" || lower == "text" || lower.contains("text message") { return ("text", true) }
        if lower.contains("cell") || lower.contains("mobile") { return ("cell", true) }
        if lower.contains("pager") { return ("pager", true) }
        if lower.contains("video") { return ("video", true) }
        if lower == "voice" || lower == "phone" || (lower.hasPrefix("phone") && lower.dropFirst(5).allSatisfy(\.isASCIIDigit)) {
            return ("voice", true)
        }
        return ("voice", false)
    }

    // MARK: Times and dates

    /// `09:00:00.000` → `09:00`; `9:30` → `09:30`; `17:00:30` → `17:00:30`; `5 pm` → `17:00`.
    static func time(_ text: String?) -> String? {
        guard var text = text?.trimmed().lowercased(), !text.isEmpty else { return nil }
        var offset = 0
        if text.hasSuffix("pm") || text.hasSuffix("p.m.") || text.hasSuffix("am") || text.hasSuffix("a.m.") {
            let pm = text.contains("p")
            text = String(text.prefix { $0.isASCIIDigit || $0 == ":" || $0 == "." }).trimmed()
            offset = pm ? 12 : 0
            if text.isEmpty { return nil }
            if !text.contains(":") { text += ":00" }
            if let hour = Int(text.prefix { $0.isASCIIDigit }), hour == 12 { offset = pm ? 0 : -12 }
        }
        if let zone = text.firstIndex(where: { $0 == "z" || $0 == "+" || $0 == "-" }), zone != text.startIndex {
            text = String(text[..<zone])
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        var second = 0
        if parts.count == 3 {
            guard let seconds = Double(parts[2]) else { return nil }
            second = Int(seconds)
        }
        let h = hour + offset
        guard (0...24).contains(h), (0...59).contains(minute), (0...59).contains(second), !(h == 24 && (minute > 0 || second > 0)) else { return nil }
        let hh = h < 10 ? "0\(h)" : "\(h)", mm = minute < 10 ? "0\(minute)" : "\(minute)"
        guard second > 0 else { return "\(hh):\(mm)" }
        return "\(hh):\(mm):" + (second < 10 ? "0\(second)" : "\(second)")
    }

    /// `2016-04-14` (or the date part of a date-time) when it is a real calendar date.
    static func date(_ text: String?) -> String? {
        guard let text = text?.trimmed(), civil(text) != nil else { return nil }
        return String(text.prefix(10))
    }

    /// Year, month and day of `YYYY-MM-DD` (alone or starting a date-time) when it is a real calendar date.
    static func civil(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let b = Array(text.utf8.prefix(11))
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1800...2200).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        if b.count > 10, ![UInt8(ascii: "T"), 0x20, UInt8(ascii: "Z"), UInt8(ascii: "+"), 0x2D].contains(b[10]) { return nil }
        return (year, month, day)
    }

    /// Midnight UTC of a `YYYY-MM-DD` date (days from the civil calendar, no Foundation parsing).
    static func midnight(_ text: String) -> Date? {
        guard let (year, month, day) = civil(text) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: Double(days) * 86_400)
    }

    // MARK: Languages

    static let languageCodes: [String: String] = [
        "english": "en", "spanish": "es", "french": "fr", "german": "de", "italian": "it", "portuguese": "pt",
        "russian": "ru", "ukrainian": "uk", "polish": "pl", "chinese": "zh", "mandarin": "zh", "cantonese": "yue",
        "vietnamese": "vi", "korean": "ko", "japanese": "ja", "tagalog": "tl", "filipino": "fil", "arabic": "ar",
        "somali": "so", "swahili": "sw", "amharic": "am", "tigrinya": "ti", "oromo": "om", "nepali": "ne",
        "hindi": "hi", "punjabi": "pa", "urdu": "ur", "bengali": "bn", "farsi": "fa", "persian": "fa", "dari": "prs",
        "pashto": "ps", "karen": "kar", "burmese": "my", "hmong": "hmn", "lao": "lo", "khmer": "km", "thai": "th",
        "haitian creole": "ht", "creole": "ht", "american sign language": "ase", "asl": "ase", "sign language": "sgn",
        "bosnian": "bs", "serbian": "sr", "croatian": "hr", "greek": "el", "hebrew": "he", "turkish": "tr",
        "romanian": "ro", "dutch": "nl", "kinyarwanda": "rw", "kirundi": "rn", "sudanese arabic": "apd",
    ]

    static let languageCodesAsWritten: [String: String] = Dictionary(uniqueKeysWithValues: languageCodes.map { name, code in
        (name.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " "), code)
    })

    static func languageCode(_ name: String) -> String? {
        languageCodesAsWritten[name] ?? languageCodes[name.trimmed().lowercased()]
    }

    // MARK: Codes

    /// `{what:'INTERVENTION',who:'Children'}` → `what: INTERVENTION; who: Children`; other strings as written.
    static func facetName(_ code: String) -> String {
        var body = Substring(code.trimmed())
        guard body.first == "{", body.last == "}" else { return code.trimmed() }
        body = body.dropFirst().dropLast()
        var pairs: [String] = []
        for part in body.split(separator: ",") {
            let pair = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: ["'", "\"", " "]) }
            pairs.append(pair.count == 2 ? "\(pair[0]): \(pair[1])" : pair.joined())
        }
        return pairs.isEmpty ? code.trimmed() : pairs.joined(separator: "; ")
    }

    // MARK: Countries

    /// ISO 3166 alpha-2 for how AIRS files name countries; empty input guesses from the state or province.
    static func country(_ text: String?, state: String?) -> String {
        let lower = (text ?? "").trimmed().lowercased()
        switch lower {
        case "us", "usa", "u.s.", "u.s.a.", "united states", "united states of america", "america": return "US"
        case "ca", "can", "canada": return "CA"
        case "":
            guard let state = state?.trimmed() else { return "" }
            if USState.code(for: state) != nil { return "US" }
            if canadianProvinces.contains(state.uppercased()) { return "CA" }
            return ""
        default:
            return lower.count == 2 ? lower.uppercased() : (text ?? "").trimmed()
        }
    }

    static let canadianProvinces: Set<String> = [
        "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT", "ALBERTA", "BRITISH COLUMBIA",
        "MANITOBA", "NEW BRUNSWICK", "NEWFOUNDLAND AND LABRADOR", "NOVA SCOTIA", "ONTARIO", "QUEBEC", "SASKATCHEWAN",
    ]
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// ``trimmingSpaces()`` with a fast way out for the usual value that has nothing to trim.
    func trimmed() -> String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        return plain(first) && plain(last) ? self : trimmingSpaces()
    }
}

extension [UInt8] {
    fileprivate var containsDoubleSpace: Bool {
        var previous: UInt8 = 0
        for byte in self {
            if byte == 0x20, previous == 0x20 { return true }
            previous = byte
        }
        return false
    }
}
