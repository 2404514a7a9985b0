import Foundation
import SwitchboardCore

/// Parses an AIRS file on a thread of its own and hands the events over in pieces: the events
/// between top-level agencies as they come, and each top-level agency whole, recorded and
/// digested. The mapper and the store work on the caller's thread meanwhile, so on a machine with
/// two cores libxml2's parse and the rest of an import overlap instead of adding up.
///
/// The hand-over holds a few dozen pieces at most: memory stays flat however large the file.
final class AIRSParseThread: @unchecked Sendable {
    // @unchecked: `stream` and `recorder` are touched by the parse thread only once it has
    // started; everything shared goes through `handoff`, which locks.

    enum Piece: Sendable {
        /// Events between agencies (the root, Source's own children).
        case loose(XMLTape, documentNamespace: String?, bytesRead: Int)
        /// One top-level agency with all it holds.
        case unit(XMLTape, FeedUnitDigest, bytesRead: Int)
        /// The end of the file: libxml2's warnings.
        case end(warnings: [XMLStreamWarning], bytesRead: Int)
        /// The file could not be read past this point.
        case failed(XMLStreamError, warnings: [XMLStreamWarning], bytesRead: Int)
    }

    private let stream: XMLStreamReader
    private let recorder: XMLTapeRecorder
    private let agency: Int
    private let handoff = Handoff<Piece>(capacity: 64)
    private var worker: WorkerThread?

    init(stream: XMLStreamReader, recorder: XMLTapeRecorder, agencyName: Int) {
        self.stream = stream; self.recorder = recorder; self.agency = agencyName
    }

    func start() {
        worker = WorkerThread(name: "switchboard.airs-parse") { [self] in parse() }
    }

    /// The next piece, waiting for it; nil once the last has been taken.
    func next() -> Piece? { handoff.take() }

    /// Stops the parse (if it still runs) and waits for the thread to end: after this the file is closed.
    func stop() {
        guard let worker else { return }
        handoff.close()
        worker.join()
        self.worker = nil
    }

    private func parse() {
        var loose = XMLTape()
        func handLoose() -> Bool {
            guard !loose.isEmpty else { return true }
            defer { loose = XMLTape() }
            return handoff.put(.loose(loose, documentNamespace: stream.documentNamespace, bytesRead: stream.bytesRead))
        }
        do {
            while true {
                switch try stream.next() {
                case .startElement:
                    if stream.name == agency {
                        guard handLoose() else { return }
                        let tape = try recorder.recordUnit(from: stream)
                        guard handoff.put(.unit(tape, tape.digest, bytesRead: stream.bytesRead)) else { return }
                    } else {
                        recorder.recordStart(stream, into: &loose, loose: true)
                    }
                case .text: XMLTapeRecorder.recordText(stream, into: &loose.bytes)
                case .endElement: loose.bytes.append(3)
                case .endOfDocument:
                    guard handLoose() else { return }
                    _ = handoff.put(.end(warnings: stream.warnings, bytesRead: stream.bytesRead))
                    handoff.finish()
                    return
                }
            }
        } catch {
            guard handLoose() else { return }
            _ = handoff.put(.failed(error, warnings: stream.warnings, bytesRead: stream.bytesRead))
            handoff.finish()
        }
    }
}

/// A bounded first-in-first-out hand-over between two threads.
final class Handoff<Item: Sendable>: @unchecked Sendable {
    // @unchecked: every field is read and written under `condition`.
    private let condition = NSCondition()
    /// Items waiting from `head` on; a taken item's slot is emptied at once, so the hand-over never
    /// keeps what the taker has let go of (a read-ahead chunk is megabytes).
    private var items: [Item?] = []
    private var head = 0
    private let capacity: Int
    private var closed = false
    private var finished = false

    init(capacity: Int) { self.capacity = capacity }

    /// Adds an item, waiting while the hand-over is full; false once the taker has closed it.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard waitingForRoom() else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Waits while the hand-over is full; false once the taker has closed it. For a single giver
    /// that makes its next item only once there is room for it.
    func waitForRoom() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return waitingForRoom()
    }

    private func waitingForRoom() -> Bool {
        while items.count - head >= capacity, !closed { condition.wait() }
        return !closed
    }

    /// No more items will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The taker wants no more: a waiting `put` returns false.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, waiting for it; nil when finished and empty (or closed).
    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count, !finished, !closed { condition.wait() }
        guard head < items.count, !closed else { return nil }
        let item = items[head].take()
        head += 1
        if head >= 256 || head == items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item
    }
}
