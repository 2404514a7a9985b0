/// Where long work says how far it got. The CLI draws a bar on a terminal and plain lines
/// otherwise; tests and the server pass ``SilentProgress``.
public protocol ProgressReporter: Sendable {
    /// A new phase ("reading services.json", "writing to the store").
    func begin(_ phase: String, total: Int?)
    /// `done` items of the phase's total are finished.
    func advance(to done: Int)
    func end()
}

public struct SilentProgress: ProgressReporter {
    public init() {}
    public func begin(_ phase: String, total: Int?) {}
    public func advance(to done: Int) {}
    public func end() {}
}
