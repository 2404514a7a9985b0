/// Holds the current index snapshot and swaps it whole when a rebuild finishes.
///
/// Queries take the current snapshot (a reference: no copy) and run on it outside the actor, so
/// a query never waits for a rebuild and never sees half of one; a rebuild happens elsewhere and
/// only its last step, ``replace(with:)``, goes through the actor.
public actor DirectoryIndexHolder {
    public private(set) var current: DirectoryIndex?
    /// How many snapshots have been installed, for logs and tests.
    public private(set) var generation = 0

    public init(_ index: DirectoryIndex? = nil) {
        current = index
        generation = index == nil ? 0 : 1
    }

    /// The current snapshot.
    /// - Throws: ``MatchingError/Code/notReady`` before the first build has finished.
    public func snapshot() throws -> DirectoryIndex {
        guard let current else { throw MatchingError(.notReady, "the directory index is still being built") }
        return current
    }

    /// Installs a new snapshot; queries already running finish on the old one.
    public func replace(with index: DirectoryIndex) {
        current = index
        generation += 1
    }
}
