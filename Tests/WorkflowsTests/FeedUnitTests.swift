import Foundation
import Testing
import SwitchboardCore
import DirectoryStore
@testable import FeedImport
@testable import Workflows

/// A nightly export repeats most agencies byte for byte: those the directory remembers exactly are
/// taken as read (see `FeedUnit`). Whatever the shortcut skips, the directory must end up exactly
/// as a full read would leave it.
@Suite struct FeedUnitTests {
    static let repository = RefreshFromSamplesTests.repository
    static let installation = RefreshFromSamplesTests.installation
    static let today = RefreshFromSamplesTests.today

    /// A refresh of `text` as feed bc211, reading with or without the store's memory of units.
    static func refresh(
        _ store: SQLiteDirectoryStore, _ text: String, day: Int, units: Bool = true, policy: RefreshPolicy = RefreshPolicy()
    ) async throws -> (run: FeedRun, summary: AIRSReadSummary) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID().uuidString).xml")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let now = today.addingTimeInterval(Double(day) * 86_400)
        let names = installation.airsNames
        nonisolated(unsafe) var summary = AIRSReadSummary()
        let run = try await store.refresh(feed: "bc211", fileHash: "day \(day)", now: now, policy: policy) { sink in
            let reader = AIRSReader(url: file, feed: "bc211", now: now, airsNames: names)
            // As `RefreshWorkflow` reads: mapped on a thread of its own, the memory asked in line with the chunks.
            summary = try reader.readAhead(
                chunkSize: 3, memory: units ? sink : nil,
                prepare: { AIRSChunk($0, ahead: $1, feed: "bc211", now: now, airsNames: names) }
            ) { try $0.add(to: sink) }
        }
        return (run, summary)
    }

    static func newStore() throws -> SQLiteDirectoryStore {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID().uuidString).sqlite").path
        return try SQLiteDirectoryStore(path: path, domainMapping: installation.domainMapping)
    }

    /// Every organization, location and service (retired ones too, through `service(_:)`), for comparing two stores.
    static func contents(_ store: SQLiteDirectoryStore, serviceIDs: Set<ServiceID>) async throws -> [String] {
        var lines: [String] = []
        var organizationCursor: OrganizationID?
        while case let page = try await store.organizations(after: organizationCursor, limit: 100), !page.isEmpty {
            lines += page.map { "\($0)" }
            organizationCursor = page.last?.id
        }
        var locationCursor: LocationID?
        while case let page = try await store.locations(after: locationCursor, limit: 100), !page.isEmpty {
            lines += page.map { "\($0)" }
            locationCursor = page.last?.id
        }
        for id in serviceIDs.sorted() { lines.append("\(String(describing: try await store.service(id)))") }
        return lines
    }

    static var sample: String {
        get throws { try String(contentsOf: repository.appendingPathComponent("Fixtures/airs/BC211_data_excerpt.xml"), encoding: .utf8) }
    }

    @Test func anUnchangedExportIsTakenAsReadAndCountsAsAFullReadDoes() async throws {
        let store = try Self.newStore()
        let first = try await Self.refresh(store, try Self.sample, day: 1)
        #expect(first.summary.reusedAgencies == 0)
        #expect(first.run.rejected == 0)
        let second = try await Self.refresh(store, try Self.sample, day: 2)
        #expect(second.summary.reusedAgencies == 15, "every agency of the excerpt read clean the first time")
        #expect(second.run.added == 0 && second.run.updated == 0 && second.run.retired == 0 && second.run.revived == 0)
        #expect(second.summary.agencies == first.summary.agencies)
        #expect(second.summary.sites == first.summary.sites)
        #expect(second.summary.siteServices == first.summary.siteServices)
        #expect(second.summary.services == first.summary.services)

        // A unit counts the feed's own records: organizations, locations, services, services-at-locations.
        let records = first.summary.agencies.accepted + first.summary.sites.accepted + first.summary.services + first.summary.siteServices.accepted
        #expect(second.run.unchanged == records)
    }

    @Test func aWeekOfChangesLeavesTheDirectoryExactlyAsFullReadsWould() async throws {
        let (head, agencies, tail) = RefreshFromSamplesTests.agencies(try Self.sample)
        var changed = agencies
        changed.removeFirst()
        changed[0] = changed[0].replacingOccurrences(of: "<Name>Employment Services</Name>", with: "<Name>Employment and Training Services</Name>")
        changed.append(agencies.last!.replacingOccurrences(of: "<Key>", with: "<Key>77"))
        // Moved down the file by a comment: the same content, so the same unit.
        changed.insert("  <!-- moved -->\n\n", at: 3)
        let days = [head + agencies.joined() + tail, head + changed.joined() + tail, head + agencies.joined() + tail]

        let shortcut = try Self.newStore(), full = try Self.newStore()
        var serviceIDs = Set<ServiceID>()
        for (day, text) in days.enumerated() {
            let withUnits = try await Self.refresh(shortcut, text, day: day, units: true)
            let without = try await Self.refresh(full, text, day: day, units: false)
            #expect(withUnits.run.added == without.run.added, "day \(day)")
            #expect(withUnits.run.updated == without.run.updated, "day \(day)")
            #expect(withUnits.run.retired == without.run.retired, "day \(day)")
            #expect(withUnits.run.revived == without.run.revived, "day \(day)")
            #expect(withUnits.run.rejected == without.run.rejected, "day \(day)")
            if day == 1 { #expect(withUnits.summary.reusedAgencies == 13, "15 agencies on day 1: one renamed, one new") }
            if day == 2 { #expect(withUnits.summary.reusedAgencies == 13, "day 0's file again: the removed agency and the renamed one read in full") }
            var cursor: ServiceID?
            while case let page = try await full.services(after: cursor, limit: 100), !page.isEmpty {
                serviceIDs.formUnion(page.map(\.service.id))
                cursor = page.last?.service.id
            }
        }
        #expect(try await Self.contents(shortcut, serviceIDs: serviceIDs) == Self.contents(full, serviceIDs: serviceIDs))
    }

    @Test func anAgencyChangedByADeltaInBetweenIsReadInFullAgain() async throws {
        let store = try Self.newStore()
        let (head, agencies, tail) = RefreshFromSamplesTests.agencies(try Self.sample)
        _ = try await Self.refresh(store, try Self.sample, day: 1)
        let renamed = agencies[1].replacingOccurrences(of: "<Name>Employment Services</Name>", with: "<Name>Jobs</Name>")
        #expect(renamed != agencies[1])
        let delta = try await Self.refresh(store, head + renamed + tail, day: 2, policy: RefreshPolicy(isFullExport: false))
        #expect(delta.run.updated >= 1)
        let again = try await Self.refresh(store, try Self.sample, day: 3)
        #expect(again.summary.reusedAgencies == 14, "the agency the delta changed is read in full")
        #expect(again.run.updated >= 1, "and its service is put back as the full export has it")
    }

    @Test func agenciesWithProblemsAreReadAndReportedEveryTime() async throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("Fixtures/airs/BC211_data_with_invalid_agencies.xml"), encoding: .isoLatin1)
        let store = try Self.newStore()
        let first = try await Self.refresh(store, text, day: 1)
        let second = try await Self.refresh(store, text, day: 2)
        #expect(first.run.rejected > 0)
        #expect(second.run.rejected == first.run.rejected)
        #expect(second.run.warnings == first.run.warnings)
        #expect(second.summary.reusedAgencies < second.summary.agencies.read)
    }

    @Test func anAgencyWhoseKeyAnEarlierAgencyNowClaimsIsReadInFullAndRejected() async throws {
        let (head, agencies, tail) = RefreshFromSamplesTests.agencies(try Self.sample)
        let store = try Self.newStore()
        _ = try await Self.refresh(store, try Self.sample, day: 1)
        // An impostor with agency 5's keys, placed first: the full read rejects the later one as a duplicate.
        let impostor = agencies[5].replacingOccurrences(of: "<Name>", with: "<Name>Impostor ")
        let second = try await Self.refresh(store, head + impostor + agencies.joined() + tail, day: 2, policy: RefreshPolicy(force: true))
        #expect(second.summary.reusedAgencies <= 14)
        #expect(second.run.rejected >= 1)
    }

    @Test func anotherMappingRevisionOrTaxonomyNeverReusesAUnit() throws {
        let plain = AIRSReader(url: URL(fileURLWithPath: "/dev/null"), feed: "bc211", now: Self.today)
        let named = AIRSReader(url: URL(fileURLWithPath: "/dev/null"), feed: "bc211", now: Self.today, airsNames: ["BD": "Basic Needs"])
        let otherFeed = AIRSReader(url: URL(fileURLWithPath: "/dev/null"), feed: "nebraska", now: Self.today)
        #expect(plain.unitSalt != named.unitSalt)
        #expect(plain.unitSalt != otherFeed.unitSalt)
        #expect(plain.unitSalt == AIRSReader(url: URL(fileURLWithPath: "/tmp/x"), feed: "bc211", now: .distantPast).unitSalt)
    }
}
