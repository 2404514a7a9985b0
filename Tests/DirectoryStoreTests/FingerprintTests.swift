@testable import DirectoryStore
import Foundation
import SwitchboardCore
import Testing

@Suite struct FingerprintTests {
    /// MurmurHash3_x64_128 reference values (seed 0), as the reference implementation gives them.
    @Test(arguments: [
        ("", "00000000000000000000000000000000"),
        ("hello", "cbd8a7b341bd9b025b1e906a48ae1d19"),
        ("The quick brown fox jumps over the lazy dog", "e34bbc7bbc071b6c7a433ca9c49a9347"),
        (String(repeating: "a", count: 15), "7d07a8dbfd2e7fbc8fa8044aa85ff959"),
        (String(repeating: "a", count: 16), "f2c1180d62aaa6ce6af6f3032bb23942"),
        (String(repeating: "a", count: 17), "6f7214c7cef2d698a4fdbc534edea5bb"),
    ])
    func murmurMatchesTheReferenceValues(text: String, expected: String) {
        let fingerprint = Array(text.utf8).withUnsafeBytes { Fingerprint.murmur3($0) }
        #expect(fingerprint.hex == expected)
        #expect(Fingerprint(hex: expected) == fingerprint)
    }

    func fingerprint(_ value: some Encodable, _ column: String? = nil) throws -> Fingerprint {
        let fingerprinter = Fingerprinter()
        fingerprinter.begin()
        try fingerprinter.add(value)
        fingerprinter.add(column)
        return fingerprinter.finish()
    }

    @Test func equalRecordsHaveEqualFingerprintsAndAnyChangeShows() throws {
        let base = Fixtures.rehousing
        #expect(try fingerprint(base) == fingerprint(base))
        var changes: [Service] = []
        var renamed = base; renamed.name += "."; changes.append(renamed)
        var noPhones = base; noPhones.phones = nil; changes.append(noPhones)
        var emptyPhones = base; emptyPhones.phones = []; changes.append(emptyPhones)
        var minimum = base; minimum.minimumAge = 19; changes.append(minimum)
        var extension_ = base; extension_.phones?[0].extension = 2; changes.append(extension_)
        var status = base; status.status = .inactive; changes.append(status)
        var moved = base; moved.description = nil; moved.alternateName = base.description; changes.append(moved)
        let prints = try changes.map { try fingerprint($0) }
        #expect(Set(prints + [try fingerprint(base)]).count == changes.count + 1)
        #expect(try fingerprint(base, nil) != fingerprint(base, ""))
    }

    @Test func eligibilityInCanonicalFormFingerprintsTheSameWhateverTheSetOrder() throws {
        let one = Fixtures.rehousing.eligibility
        var other = Eligibility()
        other.minimumAge = one.minimumAge; other.residency = one.residency; other.unparsed = one.unparsed
        other.maximumIncomePercentOfPoverty = one.maximumIncomePercentOfPoverty
        other.genders = Set(one.genders!.sorted().reversed())
        other.populations = Set(one.populations.sorted().reversed())
        #expect(try fingerprint(StoredForm.canonical(one)) == fingerprint(StoredForm.canonical(other)))
    }
}
