import DirectoryStore
import Foundation
import SwitchboardCore
import Testing

/// What every `DirectoryRefreshing` store must do when a feed is refreshed, run against each
/// backend in `StoreKind.available`. Records are counted over every kind a feed owns
/// (organizations, locations, services, sites): an agency of the county fixture is six.
@Suite struct DirectoryRefreshingConformanceTests {
    let t1 = Fixtures.days(1), t2 = Fixtures.days(2), t3 = Fixtures.days(3), t4 = Fixtures.days(4)

    /// A store holding the taxonomy, as a fresh installation does.
    func emptyStore(_ kind: StoreKind) async throws -> any DirectoryRefreshing {
        let store = try kind.makeRefreshingStore()
        _ = try await store.apply(Fixtures.taxonomyBatch, now: Fixtures.t0)
        return store
    }

    /// Refreshes `feed` with a full export of `agencies`, a few agencies a chunk, then any deletions.
    @discardableResult
    func refresh(
        _ store: any DirectoryRefreshing, _ agencies: [Fixtures.Agency], at now: Date,
        policy: RefreshPolicy = RefreshPolicy(), feed: FeedName = Fixtures.county, deletions: [RecordReference] = []
    ) async throws -> FeedRun {
        let chunks = Fixtures.chunks(agencies)
        return try await store.refresh(feed: feed, fileHash: "file-\(agencies.count)", now: now, policy: policy) { sink in
            for chunk in chunks { try sink.add(chunk) }
            if !deletions.isEmpty { try sink.add(DirectoryBatch(deletions: deletions)) }
        }
    }

    struct Counts: Equatable, CustomStringConvertible {
        var added = 0, updated = 0, unchanged = 0, retired = 0, revived = 0, rejected = 0, warnings = 0
        init(added: Int = 0, updated: Int = 0, unchanged: Int = 0, retired: Int = 0, revived: Int = 0, rejected: Int = 0, warnings: Int = 0) {
            self.added = added; self.updated = updated; self.unchanged = unchanged; self.retired = retired
            self.revived = revived; self.rejected = rejected; self.warnings = warnings
        }
        init(_ run: FeedRun) {
            self.init(
                added: run.added, updated: run.updated, unchanged: run.unchanged, retired: run.retired, revived: run.revived,
                rejected: run.rejected, warnings: run.warnings
            )
        }
        var description: String {
            "added \(added), updated \(updated), unchanged \(unchanged), retired \(retired), revived \(revived), rejected \(rejected), warnings \(warnings)"
        }
    }

    // MARK: Batches prepared ahead

    /// A first import reads ahead of the store and hands it batches with their records' stored
    /// forms made already (`PreparedBatch`). The store must keep exactly what it keeps of the plain
    /// batches: the same records, fingerprints the plain feed matches (imported again, all of it is
    /// unchanged), and a service listed twice still rejected with the first listing kept.
    @Test(arguments: StoreKind.available)
    func preparedBatchesAreKeptAsThePlainOnesAre(kind: StoreKind) async throws {
        var agencies = Fixtures.agencies(1...8)
        agencies[2].services[0].eligibility = Eligibility(minimumAge: 18, genders: [.female], unparsed: ["Households with an eviction notice"])
        // Agency 7 lists agency 2's shelter again, changed: a duplicate in a later chunk.
        var again = agencies[1].services[0]
        again.name = "Listed a second time"
        agencies[6].services.append(again)
        let chunks = Fixtures.chunks(agencies)

        let plain = try await emptyStore(kind), prepared = try await emptyStore(kind)
        let plainRun = try await plain.refresh(feed: Fixtures.county, fileHash: "f", now: t1, policy: RefreshPolicy()) { sink in
            for chunk in chunks { try sink.add(chunk) }
        }
        let preparedRun = try await prepared.refresh(feed: Fixtures.county, fileHash: "f", now: t1, policy: RefreshPolicy()) { sink in
            for chunk in chunks { try sink.add(PreparedBatch(chunk)) }
        }
        #expect(Counts(preparedRun) == Counts(plainRun))
        #expect(Counts(preparedRun) == Counts(added: 8 * 6, rejected: 1))
        let ids = agencies.flatMap(\.serviceIDs)
        #expect(try await StoreSnapshot(prepared, reading: ids) == StoreSnapshot(plain, reading: ids))
        #expect(try await prepared.service(again.id)?.service.name == "Shelter 2")

        let unchanged = try await prepared.refresh(feed: Fixtures.county, fileHash: "g", now: t2, policy: RefreshPolicy()) { sink in
            for chunk in chunks { try sink.add(chunk) }
        }
        #expect(Counts(unchanged) == Counts(unchanged: 8 * 6, rejected: 1))
    }

    // MARK: The life of a feed

    @Test(arguments: StoreKind.available)
    func aFeedThatChangesAndChangesBackIsAddedUpdatedRetiredAndRevived(kind: StoreKind) async throws {
        let store = try await emptyStore(kind)
        let v1 = Fixtures.agencies(1...10)
        let gone = v1[9]
        let newcomer = Fixtures.agency(11)
        var v2 = Array(v1.dropLast()) + [newcomer]
        v2[2].services[0].name = "Shelter 3, now with family rooms"
        v2[4].services[1].status = .inactive

        let first = try await refresh(store, v1, at: t1)
        let goneBefore = try #require(try await store.service(gone.serviceIDs[0]))
        let second = try await refresh(store, v2, at: t2)

        #expect(first.outcome == .committed)
        #expect(Counts(first) == Counts(added: 60))
        #expect(Counts(second) == Counts(added: 6, updated: 2, unchanged: 52, retired: 6))
        let live = try await store.services(after: nil, limit: 100)
        #expect(live.map(\.id) == v2.flatMap(\.serviceIDs).sorted())
        #expect(live.allSatisfy { !$0.isRetired })
        let stats = try await store.statistics(asOf: t2)
        #expect(stats.services == 20 && stats.organizations == 10 && stats.locations == 10)
        #expect(stats.servicesByStatus == [.active: 19, .inactive: 1])
        #expect(stats.servicesByFeed == [Fixtures.county: 20])
        #expect(try await store.service(v2[2].serviceIDs[0])?.service.name == "Shelter 3, now with family rooms")
        #expect(try await store.service(v2[4].serviceIDs[1])?.service.status == .inactive)
        // Gone from every listing, but a referral to it still finds it, and learns that it is retired.
        let retired = try #require(try await store.service(gone.serviceIDs[0]))
        #expect(retired.retiredAt == t2 && retired.isRetired)
        #expect(retired.service == goneBefore.service)
        #expect(retired.sites == goneBefore.sites)
        #expect(try await store.organization(gone.organization.id) == nil)
        #expect(try await store.location(gone.office.id) == nil)
        #expect(try await store.organizations(after: nil, limit: 100).count == 10)

        let third = try await refresh(store, v1, at: t3)

        #expect(Counts(third) == Counts(updated: 2, unchanged: 52, retired: 6, revived: 6))
        #expect(try await store.services(after: nil, limit: 100).map(\.id) == v1.flatMap(\.serviceIDs).sorted())
        // The same record, under the same id, as if it had never left.
        #expect(try await store.service(gone.serviceIDs[0]) == goneBefore)
        #expect(try await store.organization(gone.organization.id) == gone.organization)
        #expect(try await store.service(newcomer.serviceIDs[0])?.retiredAt == t3)
        #expect(try await store.service(v2[4].serviceIDs[1])?.service.status == .active)

        let history = try await store.feedRuns(feed: Fixtures.county, limit: 10)
        #expect(history.map(\.id) == [third.id, second.id, first.id])
        #expect(history.map(Counts.init) == [third, second, first].map(Counts.init))
        #expect(history.map(\.startedAt) == [t3, t2, t1])
        #expect(history.allSatisfy { $0.outcome == .committed && $0.finishedAt >= $0.startedAt && $0.fileHash == "file-10" })
    }

    @Test(arguments: StoreKind.available)
    func importingTheSameExportTwiceChangesNothing(kind: StoreKind) async throws {
        let store = try await emptyStore(kind)
        let export = Fixtures.agencies(1...10)
        try await refresh(store, export, at: t1)
        let before = try await StoreSnapshot(store, reading: export.flatMap(\.serviceIDs))

        let again = try await refresh(store, export, at: t2)

        #expect(Counts(again) == Counts(unchanged: 60))
        #expect(again.issues.isEmpty)
        #expect(try await StoreSnapshot(store, reading: export.flatMap(\.serviceIDs)) == before)
    }

    // MARK: The guard against truncated downloads

    /// What a server watches to know its index is stale: every committed apply and refresh counts,
    /// a refused or failed run does not.
    @Test(arguments: StoreKind.available)
    func theDirectoryRevisionCountsCommittedChangesOnly(kind: StoreKind) async throws {
        let store = try kind.makeRefreshingStore()
        #expect(try await store.directoryRevision() == 0)
        _ = try await store.apply(Fixtures.taxonomyBatch, now: Fixtures.t0)
        #expect(try await store.directoryRevision() == 1)
        try await refresh(store, Fixtures.agencies(1...10), at: t1)
        #expect(try await store.directoryRevision() == 2)
        await #expect(throws: RefreshRefused.self) { try await refresh(store, Fixtures.agencies(1...6), at: t2) }
        await #expect(throws: (any Error).self) {
            try await store.refresh(feed: Fixtures.county, fileHash: "broken", now: t3, policy: RefreshPolicy()) { _ in
                throw CocoaError(.fileReadCorruptFile)
            }
        }
        #expect(try await store.directoryRevision() == 2)
        try await refresh(store, Fixtures.agencies(1...10), at: t4)
        #expect(try await store.directoryRevision() == 3, "an unchanged export is still a committed run")
    }

    @Test(arguments: StoreKind.available)
    func anExportThatWouldRetireMoreThanThePolicyAllowsIsRefusedUnlessForced(kind: StoreKind) async throws {
        let store = try await emptyStore(kind)
        let full = Fixtures.agencies(1...10)
        try await refresh(store, full, at: t1)
        let before = try await StoreSnapshot(store, reading: full.flatMap(\.serviceIDs))

        // Four agencies of ten missing: 8 of 20 services, 40%.
        let refusal = await #expect(throws: RefreshRefused.self) {
            try await refresh(store, Fixtures.agencies(1...6), at: t2)
        }

        #expect(refusal?.wouldRetire == 8)
        #expect(refusal?.activeBefore == 20)
        #expect(refusal?.run.outcome == .refused)
        #expect(refusal.map { Counts($0.run) } == Counts(unchanged: 36, retired: 24))
        #expect(refusal?.description.contains("8 of its 20 active services (40%)") == true)
        #expect(try await StoreSnapshot(store, reading: full.flatMap(\.serviceIDs)) == before)
        let refused = try #require(try await store.feedRuns(feed: Fixtures.county, limit: 1).first)
        #expect(refused.outcome == .refused)
        #expect(refused.id != nil && refused.id == refusal?.run.id)
        #expect(refused.message?.contains("8 of 20") == true)

        // Exactly the policy's share (3 of 10 agencies: 6 of 20 services, 30%) is allowed.
        let atTheLimit = try await refresh(store, Fixtures.agencies(1...7), at: t3)
        #expect(Counts(atTheLimit) == Counts(unchanged: 42, retired: 18))

        // 6 of the 14 left would go (43%): only with force.
        await #expect(throws: RefreshRefused.self) { try await refresh(store, Fixtures.agencies(1...4), at: t4) }
        let forced = try await refresh(store, Fixtures.agencies(1...4), at: t4, policy: RefreshPolicy(force: true))
        #expect(forced.outcome == .committed)
        #expect(Counts(forced) == Counts(unchanged: 24, retired: 18))
        #expect(try await store.statistics(asOf: t4).services == 8)
        let outcomes = try await store.feedRuns(feed: Fixtures.county, limit: 10).map(\.outcome)
        #expect(outcomes == [.committed, .refused, .committed, .refused, .committed])
    }

    // MARK: Deletions

    @Test(arguments: StoreKind.available)
    func deletionsInADeltaFeedRetireTheirRecordsAndWhatHangsFromThem(kind: StoreKind) async throws {
        let store = try kind.makeRefreshingStore()
        _ = try await store.apply(Fixtures.directory, now: Fixtures.t0)
        let full = Fixtures.agencies(1...10)
        try await refresh(store, full, at: t1)
        let (two, four) = (full[1], full[3])

        let delta = try await store.refresh(
            feed: Fixtures.county, fileHash: "delta", now: t2, policy: RefreshPolicy(isFullExport: false)
        ) { sink in
            try sink.add(DirectoryBatch(deletions: [
                .service(two.serviceIDs[0]), .organization(four.organization.id),
                .service("svc-nowhere"), .service("svc-1"),
            ]))
        }

        // The shelter of agency 2 and its site; agency 4 with its office, services and sites.
        #expect(Counts(delta) == Counts(retired: 8, warnings: 2))
        #expect(Set(delta.issues.compactMap(\.recordID)) == ["svc-nowhere", "svc-1"])
        #expect(delta.issues.allSatisfy { $0.isWarning })
        #expect(try await store.service(two.serviceIDs[0])?.retiredAt == t2)
        #expect(try await store.service(two.serviceIDs[1])?.isRetired == false)
        #expect(try await store.service(four.serviceIDs[1])?.retiredAt == t2)
        #expect(try await store.organization(four.organization.id) == nil)
        #expect(try await store.location(four.office.id) == nil)
        // Another feed's service is not this feed's to delete; what the delta did not name stays.
        #expect(try await store.service("svc-1")?.isRetired == false)
        #expect(try await store.statistics(asOf: t2).servicesByFeed == [Fixtures.county: 17, "hsds-demo": 2, "airs-demo": 2])

        // A full export that lists them again brings them back.
        let again = try await refresh(store, full, at: t3)
        #expect(Counts(again) == Counts(unchanged: 52, revived: 8))
        #expect(try await store.statistics(asOf: t3).servicesByFeed[Fixtures.county] == 20)
    }

    @Test(arguments: StoreKind.available)
    func aRecordDeletedAndListedAgainInOneRunIsRevived(kind: StoreKind) async throws {
        let store = try await emptyStore(kind)
        let full = Fixtures.agencies(1...5)
        try await refresh(store, full, at: t1)
        let shelter = full[0].serviceIDs[0]

        let run = try await store.refresh(
            feed: Fixtures.county, fileHash: "delta", now: t2, policy: RefreshPolicy(isFullExport: false)
        ) { sink in
            try sink.add(DirectoryBatch(deletions: [.service(shelter)]))
            try sink.add(DirectoryBatch(services: [full[0].services[0]]))
        }

        #expect(Counts(run) == Counts(retired: 2, revived: 1))
        #expect(try await store.service(shelter)?.isRetired == false)
    }

    @Test(arguments: StoreKind.available)
    func deletionsInAPlainBatchRetireToo(kind: StoreKind) async throws {
        let store = try kind.makeRefreshingStore()
        _ = try await store.apply(Fixtures.directory, now: Fixtures.t0)

        let summary = try await store.apply(DirectoryBatch(deletions: [.service("svc-2")]), now: t1)

        #expect(summary.retired == 2)
        #expect(try await store.services(after: nil, limit: 10).map(\.id) == ["svc-1", "svc-3", "svc-4"])
        #expect(try await store.service("svc-2")?.retiredAt == t1)
        #expect(try await store.service("svc-1")?.sites.count == 2)
    }

    // MARK: Failures

    struct CutOff: Error, CustomStringConvertible {
        var description: String { "the download stopped after 2 chunks" }
    }

    @Test(arguments: StoreKind.available)
    func aProducerThatThrowsHalfWayLeavesTheStoreExactlyAsBeforeAndIsRecordedAsFailed(kind: StoreKind) async throws {
        let store = try await emptyStore(kind)
        let v1 = Fixtures.agencies(1...10)
        try await refresh(store, v1, at: t1)
        let before = try await StoreSnapshot(store, reading: v1.flatMap(\.serviceIDs))
        var v2 = v1
        for index in v2.indices { v2[index].services[0].name += " (renamed)" }
        let chunks = Fixtures.chunks(v2 + Fixtures.agencies(11...20))

        await #expect(throws: CutOff.self) {
            try await store.refresh(feed: Fixtures.county, fileHash: "cut", now: t2, policy: RefreshPolicy()) { sink in
                for (index, chunk) in chunks.enumerated() {
                    if index == 2 { throw CutOff() }
                    try sink.add(chunk)
                }
            }
        }

        #expect(try await StoreSnapshot(store, reading: v1.flatMap(\.serviceIDs)) == before)
        #expect(try await store.service(Fixtures.agency(11).serviceIDs[0]) == nil)
        let failed = try #require(try await store.feedRuns(feed: Fixtures.county, limit: 1).first)
        #expect(failed.outcome == .failed)
        #expect(failed.message == "the download stopped after 2 chunks")
        #expect(failed.fileHash == "cut")
        // What it had done when it stopped: two chunks of three agencies, every shelter renamed.
        #expect(Counts(failed) == Counts(updated: 6, unchanged: 30))
    }

    @Test(arguments: StoreKind.available)
    func aStoreFailureFailsTheRunEvenWhenTheProducerSwallowsIt(kind: StoreKind) async throws {
        let store = try await emptyStore(kind)
        try await refresh(store, Fixtures.agencies(1...4), at: t1)
        let before = try await StoreSnapshot(store)
        var broken = Fixtures.agency(5)
        broken.services[0].minimumAge = .nan

        let error = await #expect(throws: StoreError.self) {
            try await store.refresh(feed: Fixtures.county, fileHash: "nan", now: t2, policy: RefreshPolicy()) { sink in
                try sink.add(Fixtures.agency(6).batch)
                do { try sink.add(broken.batch) } catch { /* a careless reader carries on */ }
                try? sink.add(Fixtures.agency(7).batch)
            }
        }

        #expect(error?.code == .unencodableRecord)
        #expect(try await StoreSnapshot(store) == before)
        let failed = try #require(try await store.feedRuns(feed: Fixtures.county, limit: 1).first)
        #expect(failed.outcome == .failed)
        #expect(failed.message?.contains("unencodable-record") == true)
    }

    // MARK: Issues

    @Test(arguments: StoreKind.available)
    func readerIssuesAndStoreRejectionsAreCountedAndCarried(kind: StoreKind) async throws {
        let store = try await emptyStore(kind)
        let v1 = Fixtures.agencies(1...5)
        try await refresh(store, v1, at: t1)
        let shelterBefore = try #require(try await store.service(v1[1].serviceIDs[0]))
        var v2 = v1
        // Now names a program nobody has: rejected, and the stored shelter stays as it was, live.
        v2[1].services[0].programID = "prog-missing"
        v2[1].services[0].name = "Shelter 2, renamed"
        let readerIssues = [
            RecordIssue(.missingField, "a service needs a name", file: "feed.json", line: 12, recordType: "service", recordID: "x"),
            RecordIssue(.invalidValue, "odd phone", file: "feed.json", line: 40, recordType: "service", recordID: "y", isWarning: true),
        ]
        let chunks = Fixtures.chunks(v2) + [Fixtures.agency(1).batch]

        let run = try await store.refresh(feed: Fixtures.county, fileHash: "v2", now: t2, policy: RefreshPolicy()) { sink in
            sink.report(readerIssues)
            for chunk in chunks { try sink.add(chunk) }
        }

        // Agency 1 a second time: each of its six records is a duplicate, and rejected.
        #expect(Counts(run) == Counts(unchanged: 29, rejected: 1 + 1 + 6, warnings: 1))
        #expect(run.issues.count == 9)
        #expect(run.issues.contains { $0.recordID == v2[1].services[0].id.rawValue && $0.field == "program_id" })
        #expect(run.issues.filter { $0.code == .duplicateKey }.count == 6)
        #expect(try await store.service(v1[1].serviceIDs[0]) == shelterBefore)
        let recorded = try #require(try await store.feedRuns(feed: Fixtures.county, limit: 1).first)
        #expect(Counts(recorded) == Counts(run))
        #expect(recorded.issues.isEmpty)
    }

    @Test(arguments: StoreKind.available)
    func aNewRecordListedTwiceInOneChunkGoesInOnce(kind: StoreKind) async throws {
        let store = try await emptyStore(kind)
        var chunk = Fixtures.agency(1).batch
        var copy = chunk.services[0]
        copy.name = "Second copy"
        chunk.services.append(copy)

        let run = try await store.refresh(feed: Fixtures.county, fileHash: "dup", now: t1, policy: RefreshPolicy()) { sink in
            try sink.add(chunk)
        }

        #expect(Counts(run) == Counts(added: 6, rejected: 1))
        #expect(run.issues.first?.code == .duplicateKey)
        #expect(try await store.service(copy.id)?.service.name == "Shelter 1")
    }

    @Test(arguments: StoreKind.available)
    func aSiteTheFeedNoLongerListsIsRetiredWhileItsServiceStays(kind: StoreKind) async throws {
        let store = try await emptyStore(kind)
        let v1 = Fixtures.agencies(1...3)
        try await refresh(store, v1, at: t1)
        var v2 = v1
        v2[0].sites.removeLast()

        let run = try await refresh(store, v2, at: t2)

        #expect(Counts(run) == Counts(unchanged: 17, retired: 1))
        let legal = try #require(try await store.service(v1[0].serviceIDs[1]))
        #expect(!legal.isRetired)
        #expect(legal.sites.isEmpty)
        #expect(try await store.service(v1[0].serviceIDs[0])?.sites.count == 1)
    }

    // MARK: Feeds keep to their own records

    @Test(arguments: StoreKind.available)
    func aRefreshNeverRetiresAnotherFeedsRecords(kind: StoreKind) async throws {
        let store = try kind.makeRefreshingStore()
        _ = try await store.apply(Fixtures.directory, now: Fixtures.t0)
        try await refresh(store, Fixtures.agencies(1...10), at: t1)
        try await refresh(store, Fixtures.agencies(1...9), at: t2)
        #expect(try await store.statistics(asOf: t2).servicesByFeed == [Fixtures.county: 18, "hsds-demo": 2, "airs-demo": 2])

        // An empty export of hsds-demo, forced: only hsds-demo's records go.
        let emptied = try await store.refresh(
            feed: "hsds-demo", fileHash: "empty", now: t3, policy: RefreshPolicy(force: true)
        ) { _ in }

        // svc-1, svc-2, org-1, loc-1 and the three sites of those services. loc-2 came without a feed.
        #expect(Counts(emptied) == Counts(retired: 7))
        let stats = try await store.statistics(asOf: t3)
        #expect(stats.servicesByFeed == [Fixtures.county: 18, "airs-demo": 2])
        #expect(try await store.location("loc-2") != nil)
        #expect(try await store.service("svc-3")?.sites.count == 1)
        #expect(try await store.programs().map(\.id) == ["prog-1"])
        let history = try await store.feedRuns(feed: nil, limit: 10)
        #expect(history.map(\.feed) == ["hsds-demo", Fixtures.county, Fixtures.county])
        #expect(try await store.feedRuns(feed: "hsds-demo", limit: 10).map(\.id) == [emptied.id])
        #expect(try await store.feedRuns(feed: nil, limit: 1).map(\.id) == [emptied.id])
        #expect(try await store.feedRuns(feed: "nobody", limit: 10).isEmpty)
    }
}
