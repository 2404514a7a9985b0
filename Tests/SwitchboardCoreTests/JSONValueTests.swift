import Foundation
import SwitchboardCore
import Testing

@Suite struct JSONValueTests {
    @Test func anyJSONReadsBackExactlyAsItWasGiven() throws {
        let text = #"{"flags":[true,false],"name":"distance","nested":{"list":[]},"nothing":null,"numbers":[0,1,2.5,-3]}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value["flags"] == [true, false], "booleans stay booleans")
        #expect(value["numbers"] == [0, 1, 2.5, -3], "0 and 1 stay numbers")
        #expect(value["nothing"] == .null)
        #expect(value["nested"]?["list"] == [])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(value), as: UTF8.self) == text)
    }
}
