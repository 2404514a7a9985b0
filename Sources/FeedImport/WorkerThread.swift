import Foundation

/// A thread of our own that can be waited for: for work that blocks (libxml2's parse, a wait on a
/// hand-over, hashing a file) and so must not hold a thread of Swift's cooperative pool.
package final class WorkerThread: @unchecked Sendable {
    // @unchecked: `done` is a semaphore, safe to share; nothing else is stored.
    private let done = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread called `name` (Foundation's name; on Linux the system's thread
    /// name stays the creator's).
    package init(name: String, _ body: @escaping @Sendable () -> Void) {
        let done = self.done
        let thread = Thread {
            body()
            done.signal()
        }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits until `body` has returned. May be called more than once.
    package func join() {
        done.wait()
        done.signal()
    }
}
