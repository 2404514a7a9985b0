import Foundation
@testable import Matching
import Testing

@Suite struct TokenizerTests {
    @Test func aCountyIsNamedWithoutTheWordAsFoundationWouldCutIt() {
        for name in ["Douglas County", "Douglas", "Pottawattamie County", "County Line County", "St. Louis County City", "Countyville", "", "Doña Ana County", "X County County", "A  County", "Prince George's County", " County", "County", "Ñandú County Ñ"] {
            #expect(Tokenizer.withoutCountyWord(name) == name.replacingOccurrences(of: " County", with: ""), "\(name)")
        }
    }

    @Test(arguments: [
        ("caresses", "caress"), ("ponies", "poni"), ("cats", "cat"), ("shelters", "shelter"), ("counseling", "counsel"),
        ("housing", "hous"), ("relational", "relat"), ("hopping", "hop"), ("running", "run"), ("agreed", "agre"),
        ("generalization", "gener"), ("happy", "happi"), ("electricity", "electr"), ("adjustment", "adjust"), ("filing", "file"),
    ])
    func porterStemmerFollowsThePaper(word: String, stem: String) {
        #expect(PorterStemmer.stem(word) == stem)
    }

    @Test func wordsAreCaseAndAccentFoldedAndStopWordsDropped() {
        #expect(Tokenizer.words("Évaluation ÁRBOL  niño's") == ["evaluation", "arbol", "ninos"])
        #expect(Tokenizer.terms("The Shelters for Families") == ["shelter", "famili"])
        #expect(Tokenizer.terms("<p>Food &amp; Clothing</p>") == ["food", "cloth"])
    }

    @Test func wordsThatAreNotPlainEnglishAreLeftUnstemmed() {
        #expect(PorterStemmer.stem("ñandú") == "ñandú")
        #expect(PorterStemmer.stem("of") == "of")
    }
}
