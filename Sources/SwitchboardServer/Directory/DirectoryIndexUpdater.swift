public import Foundation
public import DirectoryStore
public import Matching
import SwitchboardCore
public import Workflows

/// Keeps the server's search and matching index in step with the store.
///
/// The index is built once at start; it is rebuilt and swapped after a feed refresh made
/// through the API, and after any change another process committed to the same database (the
/// CLI's `switchboard feeds refresh` or `switchboard import`), which ``rebuildIfChanged(now:)``
/// notices by the directory's revision. Rebuilds run one at a time; queries keep answering from the old snapshot meanwhile
/// (``DirectoryIndexHolder`` swaps it whole).
public actor DirectoryIndexUpdater {
    /// The snapshot every controller reads: HSDS lists, `POST /api/match`, the web pages.
    public nonisolated let holder: DirectoryIndexHolder
    private let workflow: IndexWorkflow
    private let store: any DirectoryRefreshing
    /// Two rebuilds at once would only waste a core: the second waits and then builds the newer state.
    private let gate = RefreshGate()
    /// The directory revision the current snapshot includes; nil before the first build.
    private var includedRevision: Int64?

    public init(store: any DirectoryRefreshing, workflow: IndexWorkflow, holder: DirectoryIndexHolder = DirectoryIndexHolder()) {
        self.store = store; self.workflow = workflow; self.holder = holder
    }

    /// Builds a snapshot from the store and swaps it in.
    @discardableResult
    public func rebuild(now: Date) async throws -> DirectoryIndex {
        try await gate.run { try await self.build(now: now) }
    }

    /// Rebuilds when a change has been committed since the current snapshot was built.
    /// - Returns: whether it rebuilt.
    @discardableResult
    public func rebuildIfChanged(now: Date) async throws -> Bool {
        try await gate.run {
            let latest = try await self.store.directoryRevision()
            guard await self.isStale(latest) else { return false }
            _ = try await self.build(now: now)
            return true
        }
    }

    private func isStale(_ latest: Int64) -> Bool { latest != includedRevision }

    private func build(now: Date) async throws -> DirectoryIndex {
        // Read the marker before the build: a change that commits while we build is then seen as
        // new at the next check, never folded silently into a snapshot that may predate it.
        let marker = try await store.directoryRevision()
        let index = try await workflow.rebuild(into: holder, now: now)
        includedRevision = marker
        return index
    }
}
