import Foundation
import Testing
@testable import FeedImport

/// The small readings of AIRS values, case by case.
@Suite struct AIRSTextTests {
    @Test(arguments: [
        ("Plain text", "Plain text"),
        ("  padded  \n", "padded"),
        ("&lt;b&gt;Bold&lt;/b&gt; and &lt;i&gt;more&lt;/i&gt;", "Bold and more"),
        ("One&lt;br/&gt;Two&lt;p&gt;Three&lt;/p&gt;", "One\nTwo\nThree"),
        ("BC&#39;s &amp;nbsp;program", "BC's program"),
        ("5 &lt; 6 &amp; 7 &gt; 2", "5 < 6 & 7 > 2"),
        ("AT&T; R&D", "AT&T; R&D"),
        ("Line one\r\n\r\n  Line two\twith\u{00A0}blanks  ", "Line one\nLine two with blanks"),
        ("   ", nil),
        ("&lt;p&gt;&lt;/p&gt;", nil),
    ] as [(String, String?)])
    func textIsCleaned(raw: String, clean: String?) {
        #expect(AIRSText.clean(raw) == clean)
    }

    @Test func flagsDeletionMarksTimesDatesAndFacets() {
        #expect(["true", "1", "TRUE", " yes "].map(AIRSText.flag) == [true, true, true, true])
        #expect(["false", "0", "No"].map(AIRSText.flag) == [false, false, false])
        #expect(AIRSText.flag("maybe") == nil)
        #expect(["DEL - closed", "DELETE", "*DEL* old", "DEL", "DELETED: x"].allSatisfy(AIRSText.isDeletionMark))
        #expect(!["Delta House", "Delivery", "DELTA", "Model", "del - lowercase"].contains(where: AIRSText.isDeletionMark))
        #expect(["09:00:00.000", "9:00", "17:30:15", "5 pm", "12:00 am", "08:30:00Z", "24:00"].map(AIRSText.time)
            == ["09:00", "09:00", "17:30:15", "17:00", "00:00", "08:30", "24:00"])
        #expect(["25:00", "noon", "", "9"].map(AIRSText.time) == [nil, nil, nil, nil])
        #expect(AIRSText.date("2016-04-14") == "2016-04-14")
        #expect(AIRSText.date("2016-04-14T10:00:00Z") == "2016-04-14")
        #expect(AIRSText.date("2016-13-01") == nil && AIRSText.date("14/04/2016") == nil)
        #expect(AIRSText.midnight("2026-01-01") == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(AIRSText.midnight("1970-01-01") == Date(timeIntervalSince1970: 0))
        #expect(AIRSText.midnight("2000-03-01") == Timestamp.date("2000-03-01"))
        #expect(AIRSText.facetName("{what:'LIBRARIES',why:'disability'}") == "what: LIBRARIES; why: disability")
        #expect(AIRSText.facetName("Food") == "Food")
        #expect(AIRSText.country("", state: "NE") == "US" && AIRSText.country(nil, state: "BC") == "CA")
        #expect(AIRSText.country("United States of America", state: nil) == "US" && AIRSText.country("Canada", state: nil) == "CA")
    }

    @Test(arguments: [
        ("604-320-7330 Local 108", "604-320-7330", 108), ("(402) 555-0101 ext. 12", "(402) 555-0101", 12),
        ("402-555-0101 x7", "402-555-0101", 7), ("402-555-0101, ext 9", "402-555-0101", 9), ("402-555-0101 #3", "402-555-0101", 3),
        ("1-877-ADOPT-07", "1-877-ADOPT-07", nil), ("Local 114", "Local 114", nil), ("402-555-0101", "402-555-0101", nil),
        ("211", "211", nil),
    ] as [(String, String, Int?)])
    func extensionsAreSplitFromNumbers(raw: String, number: String, ext: Int?) {
        let split = AIRSText.splitExtension(raw)
        #expect(split.number == number)
        #expect(split.extension == ext)
    }
}
