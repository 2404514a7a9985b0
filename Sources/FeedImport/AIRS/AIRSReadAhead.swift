import Foundation
public import SwitchboardCore

extension AIRSReader {
    /// Reads as ``read(chunkSize:bytesRead:memory:_:)`` does, with the mapping on a thread of its
    /// own when that pays: while the caller's thread applies one chunk, the next is being mapped
    /// and `prepare`d.
    ///
    /// A first import spends its time in two halves of about the same weight, turning XML into
    /// records and writing records to the store; on one thread they add up and the second core
    /// sits idle (docs/benchmarks.md, "Session 9"). Read ahead, three threads share the work:
    /// libxml2's parse, the mapping with `prepare`, and the caller's `apply`.
    ///
    /// That is done when `memory` is nil or remembers no unit of the feed (the first import of a
    /// feed). When it remembers units (a re-import), the read stays on the calling thread, as
    /// ``read(chunkSize:bytesRead:memory:_:)``: almost every agency is then a question for the
    /// store, which has to be asked from the store's thread after the chunks before it have been
    /// applied, and answering some 40,000 of them across threads cost more than the overlap
    /// saved (docs/benchmarks.md, "Session 10").
    ///
    /// Either way `apply` runs on the calling thread with each prepared chunk, in file order, and
    /// the chunks and the summary are those of ``read(chunkSize:bytesRead:memory:_:)``.
    ///
    /// - Parameters:
    ///   - chunkSize: site-services per chunk. Half of ``read(chunkSize:bytesRead:memory:_:)``'s
    ///     500: read ahead, three chunks are alive at once (one mapped, one waiting, one applied)
    ///     instead of two, and smaller chunks kept the peak of a 150,000-service import under
    ///     100 MB at the same speed (docs/benchmarks.md, "Session 10").
    ///   - prepare: what to do to each chunk before it is applied (normalizing it, say). Its second
    ///     argument says whether it runs ahead, on the mapping thread (a first import: every record
    ///     is new and will be written), or on the calling thread just before `apply` (a re-import,
    ///     where most records will turn out unchanged): work that only written records need is
    ///     worth doing in `prepare` only ahead.
    ///   - apply: what `apply` throws stops the read (the mapping thread is stopped and waited for)
    ///     and is rethrown.
    /// - Throws: as ``read(chunkSize:bytesRead:memory:_:)``.
    @discardableResult
    public func readAhead<Prepared: Sendable>(
        chunkSize: Int = 250, bytesRead: (@Sendable (Int) -> Void)? = nil, memory: (any FeedUnitMemory)? = nil,
        prepare: @escaping @Sendable (_ chunk: FeedReadResult, _ ahead: Bool) -> Prepared,
        apply: (Prepared) throws -> Void
    ) throws -> AIRSReadSummary {
        if let memory, memory.rememberedDigests?.isEmpty != true {
            return try read(chunkSize: chunkSize, bytesRead: bytesRead, memory: memory) { chunk in
                try apply(prepare(chunk, false))
            }
        }
        // The mapper still makes units for the store to remember: it is told that none is known yet.
        let nothingRemembered: NothingRemembered? = memory == nil ? nil : NothingRemembered()
        // One chunk waiting, one being applied, one being mapped. A second waiting chunk bought no
        // speed and cost half as much memory again at the peak (docs/benchmarks.md, "Session 10").
        let handoff = Handoff<ReadAhead<Prepared>>(capacity: 1)
        let reader = self
        let mapping = WorkerThread(name: "switchboard.airs-map") {
            do {
                let summary = try reader.read(chunkSize: chunkSize, bytesRead: bytesRead, memory: nothingRemembered) { chunk in
                    // Prepared only once there is room for it: a prepared chunk waiting beside the
                    // raw one it came from would be a chunk more in memory for nothing.
                    guard handoff.waitForRoom(), handoff.put(.chunk(prepare(chunk, true))) else { throw ReadAheadStopped() }
                }
                _ = handoff.put(.finished(.success(summary)))
            } catch {
                _ = handoff.put(.finished(.failure(error)))
            }
        }
        defer {
            // Whatever ends the loop (apply throwing, or the end), the mapping thread ends before this returns.
            handoff.close()
            mapping.join()
        }
        while let item = handoff.take() {
            switch item {
            case .chunk(let chunk): try apply(chunk)
            case .finished(let result): return try result.get()
            }
        }
        throw ReadAheadStopped()
    }
}

/// What the mapping thread hands over: prepared chunks, then how the read ended.
private enum ReadAhead<Prepared: Sendable>: Sendable {
    case chunk(Prepared)
    case finished(Result<AIRSReadSummary, any Error>)
}

/// The calling thread stopped taking (it failed): the mapping thread stops too.
private struct ReadAheadStopped: Error, CustomStringConvertible {
    var description: String { "the read was stopped" }
}

/// The memory of a feed the directory remembers no unit of.
private struct NothingRemembered: FeedUnitMemory {
    func unit(_ digest: FeedUnitDigest) throws -> FeedUnit? { nil }
    func reuse(_ unit: FeedUnit) throws -> Bool { false }
    var rememberedDigests: Set<FeedUnitDigest>? { [] }
}
