import Foundation

/// Turns text into the words the index keeps: case- and accent-folded, split on anything that
/// is not a letter or digit, stop words dropped, each word stemmed.
///
/// The same function reads the directory and the coordinator's query, so "Vivienda", "VIVIENDÁ"
/// and "vivienda" meet, and "shelters" finds "Shelter".
public enum Tokenizer {
    /// Words too common in service descriptions to tell one service from another.
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
        "the", "to", "with", "who", "our", "we", "you", "your", "their", "this", "that", "all", "any",
        // What HTML in feed texts leaves behind once tags and entities are split into words.
        "p", "br", "amp", "nbsp", "li", "ul", "div", "span",
    ]

    /// The index terms of `text`, in order (repeats kept: they count as term frequency).
    public static func terms(_ text: String) -> [String] {
        words(text).compactMap { word in
            stopWords.contains(word) ? nil : PorterStemmer.stem(word)
        }
    }

    /// Folded words before stemming: lower case, accents removed, `&amp;` and tags treated as spaces.
    public static func words(_ text: String) -> [String] {
        let folded = fold(text)
        if folded.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(folded) }
        var result: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { result.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.append(scalar)
            } else if scalar == "'" || scalar == "’" {
                continue  // "men's" reads as "mens", as people type it
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    /// `words` for folded ASCII text, byte by byte: the common case, without Unicode property look-ups.
    static func asciiWords(_ folded: String) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        for byte in folded.utf8 {
            if (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) {
                current.append(byte)
            } else if byte == 39 {
                continue  // "men's" reads as "mens"
            } else if !current.isEmpty {
                result.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
        return result
    }

    /// A county's name as residency rules compare it, the same for a service's area and a client's
    /// place: without the word, folded, trimmed ("Douglas County " → "douglas").
    static func foldedCounty(_ name: String) -> String {
        fold(withoutCountyWord(name)).trimmingSpaces()
    }

    /// A county's name without the word: "Douglas County" → "Douglas", as service areas and ZIP
    /// codes name counties both ways. Every occurrence goes, left to right, as Foundation's
    /// `replacingOccurrences` cut them; done on the bytes (an ASCII run never starts inside
    /// another character's UTF-8), as both that and the standard library's generic `replacing`
    /// cost a hundredth of a match request, once per match.
    static func withoutCountyWord(_ name: String) -> String {
        let word = " County".utf8
        var bytes = Array(name.utf8)[...]
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        while let first = bytes.first {
            if first == UInt8(ascii: " "), bytes.starts(with: word) {
                bytes = bytes.dropFirst(word.count)
            } else {
                kept.append(first)
                bytes = bytes.dropFirst()
            }
        }
        return kept.count == name.utf8.count ? name : String(decoding: kept, as: UTF8.self)
    }

    /// Lower case without diacritics: "Évaluation" → "evaluation".
    public static func fold(_ text: String) -> String {
        // Most directory text is ASCII: lower-case it byte by byte; Unicode decomposition is
        // the slow path, taken only for text that needs it.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            // Combining marks (U+0300–U+036F and friends) are what decomposition split off.
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            out.append(scalar)
        }
        return String(out)
    }
}
