import Foundation
import Testing
import SwitchboardCore
import Synchronization
@testable import FeedImport

/// `readAhead` maps a first import on a thread of its own and a re-import on the caller's: either
/// way it must hand over exactly what `read` does, in the same order, ask the memory only from the
/// caller's thread, and stop cleanly when the store or the file fails.
@Suite struct AIRSReadAheadTests {
    /// What one reading saw, in order: each chunk as it was applied, each question to the memory,
    /// and whether every chunk and question came on the thread that called.
    final class Log: FeedUnitMemory, @unchecked Sendable {
        // @unchecked: written only from the calling thread (that is what the tests check).
        var events: [String] = []
        var chunks: [FeedReadResult] = []
        var offThread = 0
        let caller = pthread_self()
        let remembered: Set<FeedUnitDigest>?

        init(remembered: Set<FeedUnitDigest>? = nil) { self.remembered = remembered }

        func note(_ event: String) {
            if pthread_equal(pthread_self(), caller) == 0 { offThread += 1 }
            events.append(event)
        }

        func apply(_ chunk: FeedReadResult) {
            note("chunk of \(chunk.batch.servicesAtLocations.count) site-services, \(chunk.issues.count) issues")
            chunks.append(chunk)
        }

        func unit(_ digest: FeedUnitDigest) throws -> FeedUnit? {
            note("unit \(digest)")
            return nil
        }

        func reuse(_ unit: FeedUnit) throws -> Bool {
            note("reuse \(unit.digest)")
            return false
        }

        var rememberedDigests: Set<FeedUnitDigest>? { remembered }
    }

    static func reader(_ url: URL) -> AIRSReader { AIRSReader(url: url, feed: AIRSFixtures.feed, now: AIRSFixtures.now) }

    static let normalize: @Sendable (FeedReadResult) -> FeedReadResult = {
        FeedNormalizer.normalize($0, feed: AIRSFixtures.feed, now: AIRSFixtures.now)
    }

    @Test(arguments: [1, 3, 40])
    func aFirstImportIsMappedOnAThreadOfItsOwnAndHandsOverWhatReadDoes(chunkSize: Int) throws {
        let url = AIRSFixtures.url("BC211_data_excerpt.xml")
        // A memory that remembers nothing (a feed's first import): it is never asked, and the mapper
        // still makes units for the store to remember.
        let alone = Log(remembered: []), ahead = Log(remembered: [])
        let aloneSummary = try Self.reader(url).read(chunkSize: chunkSize, memory: alone) { alone.apply(Self.normalize($0)) }
        let preparedOn = Mutex<Set<pthread_t>>([])
        let aheadSummary = try Self.reader(url).readAhead(chunkSize: chunkSize, memory: ahead, prepare: { chunk, isAhead in
            preparedOn.withLock { _ = $0.insert(pthread_self()) }
            #expect(isAhead)
            return Self.normalize(chunk)
        }) { ahead.apply($0) }
        // Prepared on one thread, not the caller's (Linux thread names are inherited, so not by name).
        #expect(preparedOn.withLock { $0.count == 1 && !$0.contains(ahead.caller) })
        #expect(aheadSummary == aloneSummary)
        #expect(ahead.chunks.count > 1 || chunkSize == 40)
        #expect(ahead.chunks.map(\.batch) == alone.chunks.map(\.batch))
        #expect(ahead.chunks.map(\.issues) == alone.chunks.map(\.issues))
        #expect(ahead.chunks.contains { !$0.batch.units.isEmpty })
        // `read` asks the memory about every agency (it answers none); read ahead, a memory that
        // remembers nothing is never asked.
        #expect(alone.events.contains { $0.hasPrefix("unit ") })
        #expect(ahead.events == alone.events.filter { $0.hasPrefix("chunk ") })
        #expect(ahead.offThread == 0)
    }

    @Test func aReimportStaysOnTheCallingThreadAndAsksAboutEveryAgency() throws {
        let url = AIRSFixtures.url("BC211_data_excerpt.xml")
        // A memory that cannot say what it knows, or knows some units: every top-level agency is a
        // question for it, asked where the store lives, after the chunks before it were applied.
        for remembered in [nil, Set([FeedUnitDigest(high: 1, low: 2)])] as [Set<FeedUnitDigest>?] {
            let alone = Log(remembered: remembered), ahead = Log(remembered: remembered)
            let aloneSummary = try Self.reader(url).read(chunkSize: 3, memory: alone) { alone.apply(Self.normalize($0)) }
            let preparedOn = Mutex<Set<pthread_t>>([])
            let aheadSummary = try Self.reader(url).readAhead(chunkSize: 3, memory: ahead, prepare: { chunk, isAhead in
                preparedOn.withLock { _ = $0.insert(pthread_self()) }
                #expect(!isAhead)
                return Self.normalize(chunk)
            }) { ahead.apply($0) }
            #expect(preparedOn.withLock { $0 } == [ahead.caller])
            #expect(aheadSummary == aloneSummary)
            #expect(ahead.events == alone.events)
            #expect(ahead.events.count(where: { $0.hasPrefix("unit ") }) > 1)
            #expect(ahead.chunks.map(\.batch) == alone.chunks.map(\.batch))
            #expect(ahead.offThread == 0)
        }
    }

    struct StoreFull: Error {}

    @Test func whatApplyThrowsStopsTheMappingThreadAndComesBack() throws {
        let url = AIRSFixtures.url("BC211_data_excerpt.xml")
        let log = Log(remembered: [])
        let prepared = Mutex(0)
        let prepare: @Sendable (FeedReadResult, Bool) -> FeedReadResult = { chunk, _ in
            prepared.withLock { $0 += 1 }
            return Self.normalize(chunk)
        }
        #expect(throws: StoreFull.self) {
            try Self.reader(url).readAhead(chunkSize: 1, memory: log, prepare: prepare) { chunk in
                log.apply(chunk)
                if log.chunks.count == 2 { throw StoreFull() }
            }
        }
        #expect(log.chunks.count == 2)
        // The mapping thread had ended when the error came back: nothing is prepared afterwards,
        // and it was at most a chunk or two ahead of the store, not through the file.
        let atReturn = prepared.withLock { $0 }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(prepared.withLock { $0 } == atReturn)
        let whole = try Self.reader(url).read(chunkSize: 1) { _ in }
        #expect(atReturn <= 4)
        #expect(whole.chunks > 10)
    }

    @Test func aFileCutShortFailsWithItsPositionAfterTheChunksBeforeTheCut() throws {
        let whole = try [UInt8](Data(contentsOf: AIRSFixtures.url("BC211_data_excerpt.xml")))
        let url = AIRSFixtures.file(Array(whole.prefix(whole.count * 2 / 3)))
        let alone = Log(remembered: []), ahead = Log(remembered: [])
        let aloneError = #expect(throws: RecordIssue.self) {
            try Self.reader(url).read(chunkSize: 2, memory: alone) { alone.apply(Self.normalize($0)) }
        }
        let aheadError = #expect(throws: RecordIssue.self) {
            try Self.reader(url).readAhead(chunkSize: 2, memory: ahead, prepare: { chunk, _ in Self.normalize(chunk) }) { ahead.apply($0) }
        }
        #expect(aheadError?.code == .malformedFile)
        #expect(aheadError?.line != nil)
        #expect(aheadError == aloneError)
        #expect(ahead.chunks.count > 1)
        #expect(ahead.chunks.map(\.batch) == alone.chunks.map(\.batch))
        #expect(ahead.events == alone.events.filter { $0.hasPrefix("chunk ") })
    }
}

/// The hand-over between the parse, mapping and store threads.
@Suite struct HandoffTests {
    final class Chunk: Sendable {}

    /// A read-ahead chunk is megabytes: once taken and let go, nothing in the hand-over may keep it.
    @Test func aTakenItemIsNotKeptByTheHandOver() {
        let handoff = Handoff<Chunk>(capacity: 4)
        weak var first: Chunk?
        do {
            let chunk = Chunk()
            first = chunk
            #expect(handoff.put(chunk))
            #expect(handoff.put(Chunk()))
        }
        #expect(first != nil)
        _ = handoff.take()
        #expect(first == nil)
        #expect(handoff.take() != nil)
    }
}
