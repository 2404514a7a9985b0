import Testing
@testable import SwitchboardCore

@Suite struct EligibilityReaderTests {
    func read(_ text: String, min: Double? = nil, max: Double? = nil, areas: [String] = []) -> Eligibility {
        EligibilityReader.read(description: text, minimumAge: min, maximumAge: max,
            serviceAreas: areas.enumerated().map { ServiceArea(id: "\($0.offset)", name: $0.element) })
    }

    @Test(arguments: [
        ("Ages 18-24", 18.0, 24.0), ("Youth ages 16 to 24.", 16, 24), ("Adults 18 and older", 18, nil),
        ("Seniors 60+", 60, nil), ("Children under 5", nil, 4), ("Must be between 21 and 65 years old", 21, 65),
        ("Age 55 or older", 55, nil), ("Youth 17 and under", nil, 17),
    ] as [(String, Double?, Double?)])
    func agesAreRead(text: String, low: Double?, high: Double?) {
        let e = read(text)
        #expect(e.minimumAge == low)
        #expect(e.maximumAge == high)
        #expect(e.unparsed.isEmpty)
    }

    /// A rule about the client's children is not an age limit on the client: the parents are
    /// who the service is for. Such a sentence is kept for the case manager to check.
    @Test(arguments: [
        "Families with children under 18", "Parents of children ages 0-5", "Households with kids 12 and under",
        "Grandparents raising children under 18", "Single mothers with a child younger than 6",
    ])
    func theAgeOfTheClientsChildrenIsNotTheClientsAge(text: String) {
        let e = read(text)
        #expect(e.minimumAge == nil)
        #expect(e.maximumAge == nil)
        #expect(e.unparsed.contains(text) || !e.isEmpty)
    }

    @Test func familiesWithChildrenUnder18IsKeptToCheck() {
        let e = read("Families with children under 18")
        #expect(e.maximumAge == nil)
        #expect(e.unparsed == ["Families with children under 18"])
    }

    @Test func theClientsOwnAgeStillCountsBesideTheirChildren() {
        let e = read("Adults 18 and older with children under 18")
        #expect(e.minimumAge == 18)
        #expect(e.maximumAge == nil)
        let child = read("Children under 5")
        #expect(child.maximumAge == 4)
    }

    @Test func theAgeFieldsAndTheTextNarrowEachOther() {
        let e = read("Ages 18-24", min: 16, max: 30)
        #expect(e.minimumAge == 18)
        #expect(e.maximumAge == 24)
    }

    @Test func genderIncomeAndPopulationsAreRead() {
        let e = read("Women and their children. Household income at or below 200% of the federal poverty guideline. Veterans and survivors of domestic violence welcome.")
        #expect(e.genders == [.female])
        #expect(e.maximumIncomePercentOfPoverty == 200)
        #expect(e.populations == [.veterans, .domesticViolenceSurvivors])
        #expect(e.unparsed.isEmpty)
    }

    @Test func whatCannotBeReadIsKeptNotDropped() {
        let e = read("Must be referred by a caseworker. Ages 18-24.")
        #expect(e.unparsed == ["Must be referred by a caseworker"])
        #expect(e.minimumAge == 18)
    }

    @Test func contradictoryAgesBecomeUnknownNotAnExclusion() {
        let e = read("Youth 17 and under. Adults 18 and older.")
        #expect(e.minimumAge == nil)
        #expect(e.maximumAge == nil)
        #expect(e.unparsed.contains { $0.hasPrefix("Ages conflict") })
    }

    @Test func openToAllIsUnderstoodAndSetsNoRule() {
        let e = read("Open to all.")
        #expect(e.isEmpty)
    }

    @Test(arguments: [
        ("ZIP 68102", ResidencyArea(kind: .postalCode, name: "68102")),
        ("68102-1234", ResidencyArea(kind: .postalCode, name: "68102")),
        ("Douglas County, NE", ResidencyArea(kind: .county, name: "Douglas", state: "NE")),
        ("Omaha, Nebraska", ResidencyArea(kind: .city, name: "Omaha", state: "NE")),
        ("Iowa", ResidencyArea(kind: .state, name: "IA")),
        ("Within 25 miles of 41.25,-95.93", ResidencyArea(kind: .radius, name: "", center: Coordinate(latitude: 41.25, longitude: -95.93), radiusMiles: 25)),
        ("United States", ResidencyArea(kind: .country, name: "US")),
    ])
    func serviceAreasAreRead(name: String, area: ResidencyArea) {
        #expect(EligibilityReader.residencyArea(from: name) == area)
    }

    @Test func canonicalAreaNamesReadBackToTheSameArea() {
        for area in [ResidencyArea(kind: .postalCode, name: "51501"), ResidencyArea(kind: .county, name: "Pottawattamie", state: "IA"),
                     ResidencyArea(kind: .city, name: "Council Bluffs", state: "IA"), ResidencyArea(kind: .state, name: "NE"),
                     ResidencyArea(kind: .radius, name: "", center: Coordinate(latitude: 41.2, longitude: -96), radiusMiles: 10.5)] {
            #expect(EligibilityReader.residencyArea(from: area.description) == area, "\(area)")
        }
    }

    @Test func anAreaWeCannotReadIsKeptAsUnknown() {
        let e = read("", areas: ["The Greater Metro Region"])
        #expect(e.residency.isEmpty)
        #expect(e.unparsed == ["Service area: The Greater Metro Region"])
    }

    /// Plain ASCII is read as bytes, anything else character by character: on every text the two
    /// must find the same sentences and the same numbers with the same words around them.
    @Test func readingBytesFindsWhatReadingCharactersFinds() {
        let pieces = [
            "Ages", "18", "-", "24", "to", "through", "between", "and", "older", "under", "over", "income",
            "200", "%", " percent", "of", "poverty", "1.5", "3.", ".5", "children", "with", "a", "aged", "65+",
            ".", ". ", ";", "\n", " ", "  ", "12.5.", "v1.2", "99999", "0", "women only", "for men", "years",
        ]
        let unusual = ["años", "–", "\r\n", "é", "½", "١٢"]
        var generator = SystemRandomNumberGenerator()
        var plain = 0
        for round in 0..<3_000 {
            let count = Int.random(in: 0...24, using: &generator)
            var words = (0..<count).map { _ in pieces.randomElement(using: &generator)! }
            if round % 3 == 0, !words.isEmpty { words[Int.random(in: 0..<words.count, using: &generator)] = unusual.randomElement(using: &generator)! }
            let text = words.joined(separator: Bool.random(using: &generator) ? " " : "")
            if let bytes = EligibilityReader.plainBytes(text) {
                plain += 1
                #expect(EligibilityReader.sentences(of: bytes) == EligibilityReader.sentencesByCharacter(of: text), "\(text)")
            }
            #expect(EligibilityReader.sentences(of: text) == EligibilityReader.sentencesByCharacter(of: text), "\(text)")
            let padded = " " + text.lowercased() + " "
            #expect(EligibilityReader.numberTokens(in: padded) == EligibilityReader.numberTokensByCharacter(in: padded), "\(text)")
        }
        #expect(plain > 1_500)
        #expect(EligibilityReader.plainBytes("Ages 18-24; women only.") != nil)
        #expect(EligibilityReader.plainBytes("Niños de 5 años") == nil)
        #expect(EligibilityReader.plainBytes("Ages 18-24\r\nWomen only") == nil)
    }
}
