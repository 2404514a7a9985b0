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

    /// A field the fingerprint leaves out would make changes to it invisible to a refresh.
    /// When this fails, run scripts/generate-fingerprints.py.
    @Test(arguments: [
        (Fixtures.rehousing as any Fingerprintable, Service.fingerprintedProperties),
        (Fixtures.riverside, Organization.fingerprintedProperties),
        (Fixtures.mainOffice, Location.fingerprintedProperties),
        (Fixtures.links[0], ServiceAtLocation.fingerprintedProperties),
        (Fixtures.housingProgram, Program.fingerprintedProperties),
        (Fixtures.airs, Taxonomy.fingerprintedProperties),
        (Fixtures.terms[1], TaxonomyTerm.fingerprintedProperties),
        (Fixtures.rehousing.eligibility, Eligibility.fingerprintedProperties),
        (Fixtures.rehousing.eligibility.residency[0], ResidencyArea.fingerprintedProperties),
        (Fixtures.mainOffice.addresses![0], Address.fingerprintedProperties),
        (Fixtures.mainOffice.phones![0], Phone.fingerprintedProperties),
        (Fixtures.weekdays, Schedule.fingerprintedProperties),
        (Fixtures.mainOffice.languages![0], Language.fingerprintedProperties),
        (Fixtures.rehousing.costOptions![0], CostOption.fingerprintedProperties),
        (Fixtures.rehousing.serviceAreas![0], ServiceArea.fingerprintedProperties),
        (Fixtures.rehousing.capacities![0].unit, CapacityUnit.fingerprintedProperties),
        (Fixtures.rehousing.capacities![0], ServiceCapacity.fingerprintedProperties),
        (Fixtures.mainOffice.accessibility![0], Accessibility.fingerprintedProperties),
        (Fixtures.legalAid.contacts![0], Contact.fingerprintedProperties),
        (RequiredDocument(id: "d", document: "ID"), RequiredDocument.fingerprintedProperties),
        (Funding(id: "f", source: "County"), Funding.fingerprintedProperties),
        (WebLink(id: "w", url: "https://example.org"), WebLink.fingerprintedProperties),
        (Fixtures.riverside.organizationIdentifiers![0], OrganizationIdentifier.fingerprintedProperties),
        (ChangeNote(id: "c", lastActionDate: "2024-01-01", lastActionType: "update", fieldName: "name", previousValue: "a", replacementValue: "b", updatedBy: "x"), ChangeNote.fingerprintedProperties),
        (Fixtures.rehousing.attributes![0], Attribute.fingerprintedProperties),
        (Coordinate(latitude: 1, longitude: 2), Coordinate.fingerprintedProperties),
    ] as [(any Fingerprintable, [String])])
    func everyStoredPropertyIsFingerprinted(value: any Fingerprintable, listed: [String]) {
        let declared = Mirror(reflecting: value).children.compactMap(\.label)
        #expect(declared == listed, "\(type(of: value)): run scripts/generate-fingerprints.py")
    }

    func fingerprint(_ value: some Fingerprintable, _ column: String? = nil) -> Fingerprint {
        var writer = FingerprintWriter()
        writer.beginPart()
        writer.add(value)
        writer.beginPart()
        writer.add(column)
        return writer.finish()
    }

    @Test func equalRecordsHaveEqualFingerprintsAndAnyChangeShows() {
        let base = Fixtures.rehousing
        #expect(fingerprint(base) == fingerprint(base))
        var changes: [Service] = []
        var renamed = base; renamed.name += "."; changes.append(renamed)
        var noPhones = base; noPhones.phones = nil; changes.append(noPhones)
        var emptyPhones = base; emptyPhones.phones = []; changes.append(emptyPhones)
        var minimum = base; minimum.minimumAge = 19; changes.append(minimum)
        var phoneExtension = base; phoneExtension.phones?[0].extension = 2; changes.append(phoneExtension)
        var status = base; status.status = .inactive; changes.append(status)
        var moved = base; moved.description = nil; moved.alternateName = base.description; changes.append(moved)
        var term = base; term.attributes?[1].taxonomyTermID = "airs-FT"; changes.append(term)
        var joined = base; joined.name = "Rapid"; joined.alternateName = "Rehousing"; changes.append(joined)
        var split = base; split.name = "Rapid Re"; split.alternateName = "housing"; changes.append(split)
        let prints = changes.map { fingerprint($0) }
        #expect(Set(prints + [fingerprint(base)]).count == changes.count + 1)
        #expect(fingerprint(base, nil) != fingerprint(base, ""))
    }

    @Test func eligibilityFingerprintsTheSameWhateverTheSetOrder() {
        let one = Fixtures.rehousing.eligibility
        var other = Eligibility()
        other.minimumAge = one.minimumAge; other.residency = one.residency; other.unparsed = one.unparsed
        other.maximumIncomePercentOfPoverty = one.maximumIncomePercentOfPoverty
        for gender in one.genders!.sorted().reversed() { other.genders = (other.genders ?? []).union([gender]) }
        for population in one.populations.sorted().reversed() { other.populations.insert(population) }
        #expect(fingerprint(one) == fingerprint(other))
        other.populations.remove(.veterans)
        #expect(fingerprint(one) != fingerprint(other))
    }
}

@Suite struct LedgerKeyTests {
    @Test func aCanonicalUUIDBecomesBitsAndComesBackAsTheSameText() {
        let id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
        let key = LedgerKey(id)
        guard case .uuid = key else { Issue.record("a canonical UUID is kept as bits"); return }
        #expect(key.id == id)
    }

    @Test func anyOtherSpellingStaysTextSoTwoIdsNeverShareAKey() {
        let lower = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
        for id in [lower.uppercased(), "svc-1", "", lower + " ", String(lower.dropLast()), lower.replacingOccurrences(of: "-", with: "_")] {
            #expect(LedgerKey(id) == .text(id))
            #expect(LedgerKey(id) != LedgerKey(lower))
            #expect(LedgerKey(id).id == id)
        }
    }

    @Test func aKeySetHoldsUUIDsAndTextsApartAndGivesTheirIdsBack() {
        let uuid = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", upper = uuid.uppercased()
        var set = LedgerKeySet()
        for id in [uuid, upper, "svc-1"] { set.insert(LedgerKey(id)) }
        set.insert(LedgerKey(uuid))
        #expect(set.count == 3)
        #expect(set.contains(LedgerKey(uuid)) && set.contains(LedgerKey(upper)) && set.contains(LedgerKey("svc-1")))
        #expect(!set.contains(LedgerKey("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f1")))
        #expect(Set(set.ids) == [uuid, upper, "svc-1"])
        set.remove(LedgerKey(uuid))
        set.remove(LedgerKey("svc-1"))
        #expect(set.ids == [upper])
    }
}

