/// The Porter stemming algorithm (M. F. Porter, "An algorithm for suffix stripping", 1980), for
/// lower-case ASCII words: "shelters" → "shelter", "counseling" → "counsel", "housing" → "hous".
///
/// Words with other letters, and words of one or two letters, come back unchanged: stemming
/// Spanish or Vietnamese by English rules would only merge words that mean different things.
public enum PorterStemmer {
    public static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        guard bytes.count > 2, bytes.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return word }
        var stemmer = Run(b: bytes)
        stemmer.step1ab()
        if stemmer.k > 0 {
            stemmer.step1c(); stemmer.step2(); stemmer.step3(); stemmer.step4(); stemmer.step5()
        }
        bytes = Array(stemmer.b[0...stemmer.k])
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One word being stemmed: `b[0...k]` is the current word, `j` the end of a found stem.
    struct Run {
        var b: [UInt8]
        var k: Int
        var j = 0

        init(b: [UInt8]) { self.b = b; self.k = b.count - 1 }

        func isConsonant(_ i: Int) -> Bool {
            switch b[i] {
            case 97, 101, 105, 111, 117: return false  // a e i o u
            case 121: return i == 0 ? true : !isConsonant(i - 1)  // y
            default: return true
            }
        }

        /// The number of vowel-consonant sequences in `b[0...j]`.
        func measure() -> Int {
            var n = 0, i = 0
            while true {
                if i > j { return n }
                if !isConsonant(i) { break }
                i += 1
            }
            i += 1
            while true {
                while true {
                    if i > j { return n }
                    if isConsonant(i) { break }
                    i += 1
                }
                i += 1
                n += 1
                while true {
                    if i > j { return n }
                    if !isConsonant(i) { break }
                    i += 1
                }
                i += 1
            }
        }

        func vowelInStem() -> Bool {
            guard j >= 0 else { return false }
            return (0...j).contains { !isConsonant($0) }
        }

        func doubleConsonant(_ i: Int) -> Bool { i >= 1 && b[i] == b[i - 1] && isConsonant(i) }

        /// Consonant-vowel-consonant ending at `i`, the last not w, x or y.
        func cvc(_ i: Int) -> Bool {
            guard i >= 2, isConsonant(i), !isConsonant(i - 1), isConsonant(i - 2) else { return false }
            return b[i] != 119 && b[i] != 120 && b[i] != 121
        }

        mutating func ends(_ s: String) -> Bool { ends(Array(s.utf8)) }

        mutating func ends(_ suffix: [UInt8]) -> Bool {
            guard suffix.count <= k + 1 else { return false }
            let start = k - suffix.count + 1
            for (offset, byte) in suffix.enumerated() where b[start + offset] != byte { return false }
            j = k - suffix.count
            return true
        }

        mutating func setTo(_ s: String) { setTo(Array(s.utf8)) }

        mutating func setTo(_ bytes: [UInt8]) {
            let start = j + 1
            b.replaceSubrange(start..<(k + 1), with: bytes)
            k = j + bytes.count
        }

        mutating func replace(_ bytes: [UInt8]) { if measure() > 0 { setTo(bytes) } }

        mutating func step1ab() {
            if b[k] == 115 {  // s
                if ends("sses") { k -= 2 } else if ends("ies") { setTo("i") } else if k >= 1, b[k - 1] != 115 { k -= 1 }
            }
            if ends("eed") {
                if measure() > 0 { k -= 1 }
            } else if (ends("ed") || ends("ing")) && vowelInStem() {
                k = j
                if ends("at") { setTo("ate") } else if ends("bl") { setTo("ble") } else if ends("iz") { setTo("ize") } else if doubleConsonant(k) {
                    k -= 1
                    if [108, 115, 122].contains(b[k]) { k += 1 }  // l s z stay doubled
                } else if measure() == 1 && cvc(k) {
                    j = k
                    setTo("e")
                }
            }
        }

        mutating func step1c() {
            if ends("y") && vowelInStem() { b[k] = 105 }
        }

        // The suffix tables as bytes, built once: stemming runs for every word of every service.
        static func bytes(_ pairs: [(String, String)]) -> [([UInt8], [UInt8])] { pairs.map { (Array($0.0.utf8), Array($0.1.utf8)) } }
        static let step2Pairs = bytes([
            ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
            ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
            ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
            ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
        ])
        static let step3Pairs = bytes([
            ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
        ])
        static let step4Suffixes = [
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism",
            "ate", "iti", "ous", "ive", "ize",
        ].map { Array($0.utf8) }
        static let ion = Array("ion".utf8)

        mutating func step2() {
            guard k >= 1 else { return }
            for (suffix, replacement) in Self.step2Pairs where ends(suffix) {
                replace(replacement)
                return
            }
        }

        mutating func step3() {
            for (suffix, replacement) in Self.step3Pairs where ends(suffix) {
                replace(replacement)
                return
            }
        }

        mutating func step4() {
            for suffix in Self.step4Suffixes where ends(suffix) {
                if suffix == Self.ion {
                    guard j >= 0, b[j] == 115 || b[j] == 116 else { return }  // -sion, -tion only
                }
                if measure() > 1 { k = j }
                return
            }
        }

        mutating func step5() {
            j = k
            if b[k] == 101 {  // e
                let m = measure()
                if m > 1 || (m == 1 && !cvc(k - 1)) { k -= 1 }
            }
            if b[k] == 108 && doubleConsonant(k) && measure() > 1 { k -= 1 }
        }
    }
}
