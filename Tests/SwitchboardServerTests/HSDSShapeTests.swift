import DirectoryGenerator
import Foundation
import SwitchboardCore
@testable import SwitchboardServer
import Testing

/// Web addresses as HSDS wants them (URIs): what schemathesis found in the demo county's
/// organizations ("www.omahafoodbank.org").
@Suite struct HSDSShapeTests {
    @Test(arguments: [
        ("www.omahafoodbank.org", "http://www.omahafoodbank.org"),
        ("healthnet.org", "http://healthnet.org"),
        ("example.org/help?x=1", "http://example.org/help?x=1"),
    ])
    func aWebAddressWithoutItsSchemeGetsOne(text: String, expected: String) {
        #expect(HSDSShape.webAddress(text) == expected)
    }

    @Test(arguments: ["https://www.example.org", "http://example.org/a", "mailto:a@example.org", "", "   ", "see our flyer", "localhost", "1.2"])
    func anythingElseIsLeftAsTheFeedWroteIt(text: String) {
        #expect(HSDSShape.webAddress(text) == nil)
    }

    @Test func nestedWebsitesAndURLsAreAnsweredAsURIs() throws {
        let object: [String: Any] = ["id": "s1", "url": "https://a.org/s1",
            "organization": ["id": "o1", "website": "www.omahafoodbank.org"], "locations": [["id": "l1", "url": "b.org"]]]
        let answered = try HSDSShape.dictionary(try HSDSShape.data(object))
        #expect(answered["url"] as? String == "https://a.org/s1")
        #expect((answered["organization"] as? [String: Any])?["website"] as? String == "http://www.omahafoodbank.org")
        #expect(((answered["locations"] as? [[String: Any]])?.first)?["url"] as? String == "http://b.org")
    }

    /// The one-to-one fields are cut from the record's JSON text, not from a parsed dictionary:
    /// the answer must be the value the dictionary way gave (nested members dropped, the extras
    /// in, replacing a field of their name, web addresses made URIs).
    @Test func oneToOneFieldsAreWhatTheDictionaryWayGave() throws {
        func byDictionary(_ value: some Encodable, adding extra: [String: Any]) throws -> NSDictionary {
            var object = try HSDSShape.dictionary(value).filter { !($0.value is [Any]) && !($0.value is [String: Any]) }
            for (key, value) in extra { object[key] = value }
            return NSDictionary(dictionary: HSDSShape.withWebAddresses(object) as! [String: Any])
        }
        var batch = DirectoryGenerator(seed: 11, services: 150, referenceDate: Date(timeIntervalSince1970: 1_780_000_000)).makeBatch()
        batch.organizations[0].website = "www.omahafoodbank.org"
        batch.organizations[1].website = "https://example.org/a\"b"
        batch.services[0].url = "help.example.org/rent?x=1"
        batch.services[1].name = "Quotes \" and \\ backslashes, {braces} and [brackets]"
        let organization = ["id": "o-9", "name": "Extra"]
        for service in batch.services {
            let extra = [(key: "organization", json: try JSONSerialization.data(withJSONObject: organization)),
                         (key: "name", json: Data(#""replaced""#.utf8)), (key: "zz_last", json: Data("7".utf8))]
            let text = try HSDSShape.oneToOne(service, adding: extra)
            let answered = try #require(try JSONSerialization.jsonObject(with: text) as? [String: Any])
            #expect(NSDictionary(dictionary: answered) == (try byDictionary(service, adding: ["organization": organization, "name": "replaced", "zz_last": 7])))
        }
        for organization in batch.organizations {
            let text = try HSDSShape.oneToOne(organization)
            let answered = try #require(try JSONSerialization.jsonObject(with: text) as? [String: Any])
            #expect(NSDictionary(dictionary: answered) == (try byDictionary(organization, adding: [:])))
        }
        let first = try #require(try JSONSerialization.jsonObject(with: try HSDSShape.oneToOne(batch.organizations[0])) as? [String: Any])
        #expect(first["website"] as? String == "http://www.omahafoodbank.org")
        let second = try #require(try JSONSerialization.jsonObject(with: try HSDSShape.oneToOne(batch.organizations[1])) as? [String: Any])
        #expect(second["website"] as? String == "https://example.org/a\"b")
    }
}
