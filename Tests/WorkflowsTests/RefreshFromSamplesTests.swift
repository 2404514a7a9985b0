import Foundation
import Testing
import SwitchboardCore
import DirectoryStore
import FeedImport
@testable import Workflows

/// A nightly refresh told through the real BC211 export: tomorrow's file has one agency more,
/// one less, one renamed and one service marked DEL.
@Suite struct RefreshFromSamplesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let installation = try! Installation(directoryFolder: repository.appendingPathComponent("Directory"))
    static let today = Date(timeIntervalSince1970: 1_780_000_000)

    /// The file split into its text before the first agency, the agencies, and what follows them.
    static func agencies(_ text: String) -> (head: String, agencies: [String], tail: String) {
        let start = text.range(of: "  <Agency ")!.lowerBound
        let end = text.range(of: "</Agency>\n", options: .backwards)!.upperBound
        var blocks: [String] = []
        var rest = text[start..<end]
        while let close = rest.range(of: "  </Agency>\n") {
            blocks.append(String(rest[..<close.upperBound]))
            rest = rest[close.upperBound...]
        }
        return (String(text[..<start]), blocks, String(text[end...]))
    }

    @Test func addedRemovedChangedInactiveAndTheSameFeedTwice() async throws {
        let original = try String(contentsOf: Self.repository.appendingPathComponent("Fixtures/airs/BC211_data_excerpt.xml"), encoding: .utf8)
        let (head, agencies, tail) = Self.agencies(original)
        #expect(agencies.count == 15)

        var tomorrow = agencies
        let removed = tomorrow.removeFirst()                                              // one agency gone
        tomorrow[0] = tomorrow[0].replacingOccurrences(of: "<Name>Employment Services</Name>",
            with: "<Name>Employment and Training Services</Name>")                          // one service renamed
        let delIndex = tomorrow.indices.first { tomorrow[$0].contains("<SiteService>\n        <Name>") && $0 > 1 }!
        tomorrow[delIndex] = tomorrow[delIndex].replacingOccurrences(of: "<SiteService>\n        <Name>",
            with: "<SiteService>\n        <Name>DEL ")                                      // one marked DEL
        let newAgency = agencies.last!.replacingOccurrences(of: "<Key>", with: "<Key>77")   // one agency added
        tomorrow.append(newAgency)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("refresh-samples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let day1 = folder.appendingPathComponent("day1.xml"), day2 = folder.appendingPathComponent("day2.xml")
        try Data(original.utf8).write(to: day1)
        try Data((head + tomorrow.joined() + tail).utf8).write(to: day2)

        let store = try SQLiteDirectoryStore(path: folder.appendingPathComponent("d.sqlite").path, domainMapping: Self.installation.domainMapping)
        let refresh = RefreshWorkflow(store: store, airsNames: Self.installation.airsNames)
        let policy = RefreshPolicy()

        let first = try await refresh.run(file: day1, feed: "bc211", policy: policy, now: Self.today)
        #expect(first.outcome == .committed)
        #expect(first.rejected == 0)
        let servicesBefore = try await store.statistics(asOf: Self.today).services
        #expect(servicesBefore == 39)

        let second = try await refresh.run(file: day2, feed: "bc211", policy: policy, now: Self.today.addingTimeInterval(86_400))
        #expect(second.added > 0, "the new agency")
        #expect(second.updated >= 2, "the renamed and the DEL service")
        #expect(second.retired > 0, "the agency that left")
        #expect(second.revived == 0)

        let removedName = String(removed.split(separator: "<Name>")[1].prefix { $0 != "<" })
        var cursor: OrganizationID?
        var names: [String] = []
        while true {
            let page = try await store.organizations(after: cursor, limit: 100)
            if page.isEmpty { break }
            names += page.map(\.name)
            cursor = page.last?.id
        }
        #expect(!names.contains(removedName), "a retired agency is hidden from the directory")
        let stats = try await store.statistics(asOf: Self.today)
        #expect(stats.servicesByStatus[.inactive, default: 0] >= 1, "the DEL service is inactive")

        let same = try await refresh.run(file: day2, feed: "bc211", policy: policy, now: Self.today.addingTimeInterval(2 * 86_400))
        #expect(same.added == 0 && same.updated == 0 && same.retired == 0 && same.revived == 0)
        #expect(same.unchanged > 0)

        let back = try await refresh.run(file: day1, feed: "bc211", policy: policy, now: Self.today.addingTimeInterval(3 * 86_400))
        #expect(back.revived > 0, "the agency that came back keeps its ids")
        #expect(try await store.statistics(asOf: Self.today).services == servicesBefore)
        let runs = try await store.feedRuns(feed: "bc211", limit: 10)
        #expect(runs.count == 4)
    }
}
