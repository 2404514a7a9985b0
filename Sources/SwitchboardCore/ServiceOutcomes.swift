/// How referrals to one service have ended so far: the matching engine's
/// past-outcome factor smooths `completed / closed` so two referrals do not
/// count like two hundred.
public struct ServiceOutcomeCounts: Sendable, Hashable, Codable {
    /// Referrals that reached an end state (completed, failed, rejected, cancelled).
    public var closed: Int
    /// Of those, the ones completed with the service provided or the client enrolled.
    public var completed: Int

    public init(closed: Int, completed: Int) {
        self.closed = closed
        self.completed = completed
    }
}

/// Outcome counts per service; services with no referrals are absent.
public typealias ServiceOutcomes = [ServiceID: ServiceOutcomeCounts]
