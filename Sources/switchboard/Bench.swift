import ArgumentParser
import DirectoryGenerator
import DirectoryStore
import FeedImport
import Foundation
import PostgresStore
import SwitchboardCore

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the store and the matching index on generated directories (build with -c release for numbers worth keeping).",
        subcommands: [RefreshBench.self, ReferralBench.self, MatchingBench.self]
    )
}

/// A generated feed refreshed into a fresh database twice: the first import, then the same
/// export again, which must be nearly as cheap as reading it. Also times the producer alone
/// (generating and normalizing the records) so the store's own share is visible.
struct RefreshBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Time a first import and an unchanged re-import of a generated feed, with peak memory.",
        discussion: """
            Peak memory is the process's resident high-water mark, reset before each phase \
            (/proc/self/clear_refs, Linux only). Example:
              swift build -c release --product switchboard
              .build/release/switchboard bench refresh --services 150000
            """
    )

    @Option(help: "How many services to generate.")
    var services: Int = 150_000

    @Option(help: "The generator's seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("The database to write (default: a temporary file, removed afterwards), or a postgres:// address.", valueName: "path"))
    var database: String?

    @Flag(help: "Generate and normalize the whole feed first and keep it in memory, so the runs time the store alone (memory grows with --services).")
    var inMemory = false

    func validate() throws {
        guard services > 0 else { throw ValidationError("--services must be at least 1") }
    }

    func run() async throws {
        let generator = DirectoryGenerator(seed: seed, services: services)
        let path = database ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-bench-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
        defer {
            if database == nil {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        let store: any DirectoryRefreshing = try DatabaseOptions.isPostgres(path)
            ? PostgresDirectoryStore(url: path, domainMapping: DirectoryGenerator.domainMapping)
            : SQLiteDirectoryStore(path: path, domainMapping: DirectoryGenerator.domainMapping)
        print("switchboard bench refresh: \(services) generated services (seed \(seed)), database \(path)")

        let (_, producerSeconds, producerPeak) = try Self.measure {
            try Self.produce(generator, into: CountingSink())
        }
        print(Self.line("producer only (generate + normalize)", producerSeconds, producerPeak, nil))
        var kept: [DirectoryBatch] = []
        if inMemory {
            let keeper = KeepingSink()
            try Self.produce(generator, into: keeper)
            kept = keeper.batches
        }

        for (phase, day) in [("first import", 1.0), ("unchanged re-import", 2.0)] {
            let now = generator.referenceDate.addingTimeInterval(day * 86_400)
            let start = ContinuousClock.now
            let startCPU = Self.processCPUSeconds()
            Self.resetPeak()
            var producing = Duration.zero
            let run = try await store.refresh(
                feed: DirectoryGenerator.feed, fileHash: "seed-\(seed)-\(services)", now: now, policy: RefreshPolicy()
            ) { sink in
                let timed = TimedSink(sink)
                let started = ContinuousClock.now
                if inMemory {
                    for batch in kept { try timed.add(batch) }
                } else {
                    try Self.produce(generator, into: timed)
                }
                producing = ContinuousClock.now - started - timed.inStore
            }
            let seconds = (ContinuousClock.now - start).benchSeconds
            let cpu = Self.processCPUSeconds() - startCPU
            print(Self.line(phase, seconds, Self.peakKilobytes(), run) + String(format: "   (CPU %.2f s)", cpu))
            print("  of which the store: \(String(format: "%.2f", seconds - producing.benchSeconds)) s "
                + "(\(String(format: "%.1f", (seconds - producing.benchSeconds) * 1e6 / Double(max(run.added + run.updated + run.unchanged, 1)))) µs a record)")
        }
        // A PostgreSQL database is sized by the server (Benchmarks/postgres.sh asks it).
        if !DatabaseOptions.isPostgres(path) {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            print("database: \(size / 1_048_576) MiB (plus its WAL)")
        }
    }

    /// What a feed reader does: records of a chunk, normalized, handed to the sink.
    static func produce(_ generator: DirectoryGenerator, into sink: any FeedSink) throws {
        let feed = DirectoryGenerator.feed
        let now = generator.referenceDate
        let taxonomy = FeedNormalizer.normalize(FeedReadResult(batch: generator.taxonomy()), feed: feed, now: now)
        try sink.add(taxonomy.batch)
        try generator.forEachChunk { chunk in
            let read = FeedNormalizer.normalize(FeedReadResult(batch: chunk), feed: feed, now: now)
            if !read.issues.isEmpty { sink.report(read.issues) }
            try sink.add(read.batch)
        }
    }

    static func measure<T>(_ body: () throws -> T) throws -> (T, Double, Int) {
        resetPeak()
        let start = ContinuousClock.now
        let value = try body()
        return (value, (ContinuousClock.now - start).benchSeconds, peakKilobytes())
    }

    static func line(_ phase: String, _ seconds: Double, _ peakKB: Int, _ run: FeedRun?) -> String {
        var text = "\(phase.padding(toLength: 38, withPad: " ", startingAt: 0)) "
            + String(format: "%8.2f s   peak RSS %6d MiB", seconds, peakKB / 1024)
        if let run {
            text += "   added \(run.added), updated \(run.updated), unchanged \(run.unchanged), retired \(run.retired), "
                + "rejected \(run.rejected), warnings \(run.warnings)"
        }
        return text
    }

    /// CPU time of the whole process: on a shared machine, steadier than the wall clock.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Resets the resident high-water mark (Linux: writing 5 to clear_refs).
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func peakKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}

/// Times the store's side of a run: what `add` takes, the rest being the producer's.
private final class TimedSink: FeedSink {
    let sink: any FeedSink
    var inStore = Duration.zero
    init(_ sink: any FeedSink) { self.sink = sink }
    func add(_ batch: DirectoryBatch) throws {
        let start = ContinuousClock.now
        defer { inStore += ContinuousClock.now - start }
        try sink.add(batch)
    }
    func report(_ issues: [RecordIssue]) { sink.report(issues) }
}

/// Keeps what it is given, for runs that time the store alone.
private final class KeepingSink: FeedSink {
    var batches: [DirectoryBatch] = []
    func add(_ batch: DirectoryBatch) throws { batches.append(batch) }
    func report(_ issues: [RecordIssue]) {}
}

/// A sink that only counts, for timing the producer alone.
private final class CountingSink: FeedSink {
    var records = 0
    func add(_ batch: DirectoryBatch) throws {
        records += batch.organizations.count + batch.locations.count + batch.services.count + batch.servicesAtLocations.count
    }
    func report(_ issues: [RecordIssue]) {}
}

extension Duration {
    var benchSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
