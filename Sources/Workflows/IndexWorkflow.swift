public import Foundation
public import DirectoryStore
public import Matching
public import SwitchboardCore

/// Builds the search and matching index from the store, and rebuilds it after an import.
public struct IndexWorkflow: Sendable {
    public var store: any DirectoryStore
    public var zipCodes: ZIPCodeTable
    public var povertyGuidelines: PovertyGuidelines?
    public var progress: any ProgressReporter
    /// Services read from the store per page.
    public var pageSize: Int

    public init(
        store: any DirectoryStore, zipCodes: ZIPCodeTable, povertyGuidelines: PovertyGuidelines?,
        progress: any ProgressReporter = SilentProgress(), pageSize: Int = 2_000
    ) {
        self.store = store; self.zipCodes = zipCodes; self.povertyGuidelines = povertyGuidelines
        self.progress = progress; self.pageSize = pageSize
    }

    /// The workflow with the ZIP table and poverty guidelines shipped in `Directory/`.
    public init(store: any DirectoryStore, installation: Installation, progress: any ProgressReporter = SilentProgress()) throws {
        self.init(
            store: store, zipCodes: try installation.loadZIPCodes(), povertyGuidelines: try installation.loadPovertyGuidelines(),
            progress: progress)
    }

    /// Reads every live service page by page (`services(after:limit:)`) into a new snapshot.
    public func build(now: Date) async throws -> DirectoryIndex {
        var builder = DirectoryIndexBuilder(zipCodes: zipCodes, povertyGuidelines: povertyGuidelines)
        var cursor: ServiceID?
        progress.begin("indexing services", total: nil)
        defer { progress.end() }
        while true {
            let page = try await store.services(after: cursor, limit: pageSize)
            builder.add(contentsOf: page)
            progress.advance(to: builder.count)
            guard page.count == pageSize, let last = page.last else { break }
            cursor = last.id
        }
        return builder.build(now: now)
    }

    /// Builds a new snapshot and swaps it into `holder`; queries keep using the old one until then.
    @discardableResult
    public func rebuild(into holder: DirectoryIndexHolder, now: Date) async throws -> DirectoryIndex {
        let index = try await build(now: now)
        await holder.replace(with: index)
        return index
    }

    /// Imports feed files, then rebuilds the index so searches see the new directory.
    public func importAndRebuild(
        _ importer: ImportWorkflow, paths: [String], feed: FeedName? = nil, into holder: DirectoryIndexHolder, now: Date
    ) async throws -> ImportWorkflow.Report {
        let report = try await importer.run(paths: paths, feed: feed, now: now)
        try await rebuild(into: holder, now: now)
        return report
    }
}
