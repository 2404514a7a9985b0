import Foundation
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
}
