public import SwitchboardCore

extension DirectoryIndex {
    /// Whether a service is open at a time, by the same hours the `openAt` filter reads: nil when
    /// its hours are unknown (only words, or no schedule) or it is not in this snapshot.
    ///
    /// For pages that show "open now" beside each result without filtering on it.
    public func isOpen(_ id: ServiceID, at time: OpenAt) -> Bool? {
        row(of: id).flatMap { isOpen($0, at: time) }
    }
}
