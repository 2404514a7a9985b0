import ArgumentParser
import DirectoryGenerator
import FeedImport
import Foundation
import Matching
import SwitchboardCore
import SwitchboardServer
import Workflows

/// The search and matching index on a generated directory: how long it takes to build, how
/// much memory it holds, and the latency of generated searches and client matches.
struct MatchingBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matching",
        abstract: "Time the index build, its memory, and p50/p99 latency of generated searches and matches.",
        discussion: """
            Generates the directory in memory (no database), chunk by chunk, normalizes it as an \
            import would and feeds the services to the index builder; then answers --queries \
            generated coordinator searches and --profiles generated client profiles, one at a time, \
            each timed alone; each match's answer is then written as the JSON `POST /api/match` \
            sends, timed apart ("match answer as JSON"). Queries and profiles are drawn from the directory's own metros, \
            taxonomy codes and words with their own seed, so runs are comparable. Example:
              swift build -c release --product switchboard
              .build/release/switchboard bench matching --services 1000000
            """
    )

    enum Part: String, ExpressibleByArgument, CaseIterable { case all, search, match }

    @Option(help: "How many services to generate.")
    var services: Int = 100_000

    @Option(help: "How many generated searches to time.")
    var queries: Int = 1_000

    @Option(help: "How many generated client profiles to match (with --profile, how many times to match it).")
    var profiles: Int = 1_000

    @Option(name: .customLong("profile"), help: ArgumentHelp(
        "Match this client profile instead of generated ones (a profile file or an evaluation scenario, as `switchboard match` reads).",
        discussion: "The load benchmarks' profile is Fixtures/evaluation/scenarios/03-family-eviction-spanish.json: timed alone, a match request's matcher and answer can be profiled without the server.",
        valueName: "file"))
    var profileFile: String?

    @Option(help: "The directory generator's seed.")
    var seed: UInt64 = 1

    @Option(help: "The seed of the generated queries and profiles.")
    var workloadSeed: UInt64 = 7

    @Option(help: "Which latencies to measure (all, search or match): one part alone is easier to profile.")
    var only: Part = .all

    @Flag(help: "Rank a profile's needs one after the other on one core, not at once on all of them.")
    var needsOneAtATime = false

    @Flag(help: "Also time every profile with every eligible candidate scored (no bounds), and check both give the same answers.")
    var compareUnbounded = false

    @Option(help: ArgumentHelp(
        "Also load the directory into plain tables in this PostgreSQL database and answer the same searches there, side by side.",
        discussion: "postgres://user@host:port/database; needs the cube and earthdistance extensions (postgresql-contrib). Replaces tables named bench_*.",
        valueName: "url"))
    var postgres: String?

    func validate() throws {
        guard services > 0 else { throw ValidationError("--services must be at least 1") }
        guard queries >= 0, profiles >= 0 else { throw ValidationError("--queries and --profiles must not be negative") }
        if let postgres, !(postgres.hasPrefix("postgres://") || postgres.hasPrefix("postgresql://")) {
            throw ValidationError("--postgres must be a postgres://user@host:port/database address")
        }
    }

    func run() async throws {
        let installation = try Installation.locate()
        let zipCodes = try installation.loadZIPCodes()
        let poverty = try installation.loadPovertyGuidelines()
        let generator = DirectoryGenerator(seed: seed, services: services)
        print("switchboard bench matching: \(services) generated services (seed \(seed)), \(generator.metros.count) metros; \(Self.loadAverage())")

        let baseline = Self.residentKilobytes()
        RefreshBench.resetPeak()
        let start = ContinuousClock.now
        var indexing = Duration.zero
        var builder = DirectoryIndexBuilder(zipCodes: zipCodes, povertyGuidelines: poverty)
        // The rows for PostgreSQL are taken while generating, outside the indexing time.
        var sqlRows: [PostgresComparison.Row] = []
        let taxonomy = generator.taxonomy()
        let now = generator.referenceDate
        generator.forEachChunk { chunk in
            var batch = taxonomy
            batch.append(contentsOf: chunk)
            let read = FeedNormalizer.normalize(FeedReadResult(batch: batch), feed: DirectoryGenerator.feed, now: now)
            let records = read.batch.serviceRecords(domains: DirectoryGenerator.domainMapping)
            if postgres != nil { sqlRows += records.filter { !$0.isRetired }.map(PostgresComparison.Row.init) }
            let started = ContinuousClock.now
            builder.add(contentsOf: records)
            indexing += ContinuousClock.now - started
        }
        let built = ContinuousClock.now
        let index = builder.build(now: now)
        indexing += ContinuousClock.now - built
        let total = ContinuousClock.now - start
        let held = Self.residentKilobytes() - baseline
        print(String(format: "index build: %.2f s indexing (%.2f s with generating and normalizing), %d services indexed",
            indexing.benchSeconds, total.benchSeconds, index.count))
        print("memory: peak RSS \(RefreshBench.peakKilobytes() / 1024) MiB (with the generator's chunks); "
            + "RSS held after the build \(held / 1024) MiB over the \(baseline / 1024) MiB before it")

        var workload = MatchingWorkload(seed: workloadSeed, metros: generator.metros, taxonomy: taxonomy)
        let searches = (0..<queries).map { _ in workload.searchQuery() }
        let given = try profileFile.map(Match.readProfile)
        let clients = (0..<profiles).map { _ in given ?? workload.profile() }

        var searchTimes: Timings?, matchTimes: Timings?
        var eligibleCounts: [[Int]] = []
        if only != .match, !searches.isEmpty {
            var hits = 0
            let times = try Self.time(searches) { query in hits += try index.search(query).total }
            print(Self.latencyLine("search", times) + "   (\(hits / searches.count) matching services per query on average)")
            searchTimes = times
        }
        if only != .search, !clients.isEmpty {
            var found = 0, eligible = 0, differing = 0
            var times = Timings(), unbounded = Timings(), answers = Timings(), answerBytes = 0
            var slowest: [(wall: Double, cpu: Double, what: String)] = []
            // The same timings split by the profile's shape, to say which kind of client makes the tail.
            var byShape: [String: Timings] = [:]
            for (n, profile) in clients.enumerated() {
                // Compared runs alternate which goes first, so neither always meets caches the other warmed.
                var full: MatchResult?
                if compareUnbounded, n % 2 == 1 {
                    let started = Timings.Mark()
                    full = try index.match(profile, configuration: MatchConfiguration(), outcomes: [:], now: now, pruning: false)
                    unbounded.add(since: started)
                }
                let mark = Timings.Mark()
                let result = try index.match(profile, configuration: MatchConfiguration(), outcomes: [:], now: now, pruning: true,
                    needsInParallel: !needsOneAtATime)
                times.add(since: mark)
                if compareUnbounded, n % 2 == 0 {
                    let started = Timings.Mark()
                    full = try index.match(profile, configuration: MatchConfiguration(), outcomes: [:], now: now, pruning: false)
                    unbounded.add(since: started)
                }
                if let full, full != result { differing += 1 }
                // The body `POST /api/match` would send for it, timed apart from the match.
                let written = Timings.Mark()
                answerBytes += try result.json(\.count)
                answers.add(since: written)
                found += result.needs.reduce(0) { $0 + $1.matches.count }
                eligible += result.needs.reduce(0) { $0 + $1.eligibleCount }
                eligibleCounts.append(result.needs.map(\.eligibleCount))
                slowest.append((times.wall.last!, times.cpu.last!, Self.describe(profile, result)))
                slowest = Array(slowest.sorted { $0.wall > $1.wall }.prefix(10))
                byShape[Self.shape(of: profile), default: Timings()].append(wall: times.wall.last!, cpu: times.cpu.last!)
            }
            let needs = clients.reduce(0) { $0 + $1.needs.count }
            print(Self.latencyLine("match", times) + "   (\(needs) needs; \(eligible / max(needs, 1)) eligible and "
                + "\(String(format: "%.1f", Double(found) / Double(max(needs, 1)))) returned per need on average)")
            print(Self.latencyLine("match answer as JSON", answers) + "   (\(answerBytes / max(clients.count, 1) / 1024) KiB on average)")
            if compareUnbounded {
                print(Self.latencyLine("match, every candidate scored", unbounded)
                    + "   (\(differing) of \(clients.count) answers differ from the bounded ones)")
            }
            for (shape, timings) in byShape.sorted(by: { $0.key < $1.key }) { print("  " + Self.latencyLine(shape, timings)) }
            print("slowest matches (wall, CPU):")
            for (wall, cpu, what) in slowest { print(String(format: "  %7.3f ms %7.3f ms  ", wall, cpu) + what) }
            matchTimes = times
        }
        if let postgres {
            try await Self.compareWithPostgres(
                url: postgres, rows: sqlRows, index: index, searches: searchTimes.map { (searches, $0) },
                matches: matchTimes.map { (clients, $0, eligibleCounts) }, poverty: poverty)
        }
        print(Self.loadAverage())
    }

    /// A profile's shape, for saying where the time of the slowest matches goes.
    static func describe(_ profile: ClientProfile, _ result: MatchResult) -> String {
        let place = profile.zip != nil || profile.latitude != nil ? "within \(Int(profile.travelMiles ?? 25)) mi" : "no place"
        let needs = zip(profile.needs, result.needs).map { need, matches in
            "\(need.taxonomyCode ?? "domain " + (need.domain?.rawValue ?? "?")): \(matches.eligibleCount) eligible"
        }
        // What loosens the bounds: a language few services speak, hours, insurance.
        var client: [String] = []
        if !profile.languages.isEmpty { client.append("speaks " + profile.languages.joined(separator: ", ")) }
        if !profile.availability.isEmpty { client.append("gives hours") }
        if !profile.insurance.isEmpty { client.append("insured") }
        if !profile.populations.isEmpty { client.append(profile.populations.map(\.rawValue).joined(separator: ", ")) }
        let unknown = [("age", profile.age == nil), ("gender", profile.gender == nil), ("income", profile.monthlyIncome == nil)]
            .filter(\.1).map(\.0)
        if !unknown.isEmpty { client.append("no " + unknown.joined(separator: ", ")) }
        return "\(place); " + needs.joined(separator: ", ") + (client.isEmpty ? "" : " (" + client.joined(separator: "; ") + ")")
    }

    /// "no place" or "a place", and whether a need is a whole domain (the candidates most numerous).
    static func shape(of profile: ClientProfile) -> String {
        let place = profile.zip != nil || profile.latitude != nil ? "with a place" : "no place"
        return place + (profile.needs.contains { $0.taxonomyCode == nil } ? ", a domain need" : ", codes only")
    }

    /// Runs `body` on each input once, timing each call alone.
    static func time<Input>(_ inputs: [Input], _ body: (Input) throws -> Void) throws -> Timings {
        var timings = Timings()
        for input in inputs {
            let mark = Timings.Mark()
            try body(input)
            timings.add(since: mark)
        }
        return timings
    }

    static func latencyLine(_ what: String, _ timings: Timings) -> String {
        func at(_ sorted: [Double], _ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)] }
        let wall = timings.wall.sorted(), cpu = timings.cpu.sorted()
        let mean = wall.reduce(0, +) / Double(wall.count)
        return String(format: "%@ x %d: p50 %.3f ms, p99 %.3f ms, max %.3f ms, mean %.3f ms; CPU p50 %.3f ms, p99 %.3f ms",
            what, wall.count, at(wall, 0.5), at(wall, 0.99), wall.last!, mean, at(cpu, 0.5), at(cpu, 0.99))
    }

    /// The machine is shared: every figure is printed with the load it was measured under.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return "load average " + text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func residentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}

/// Wall-clock and CPU milliseconds per call (the process's CPU time: every thread's, so a match
/// that ranks its needs on both cores counts both; nothing else runs while a bench times). On a
/// shared machine the wall clock counts the time other processes held a core; CPU time does not.
struct Timings {
    var wall: [Double] = []
    var cpu: [Double] = []

    struct Mark {
        let wall = ContinuousClock.now
        let cpu = RefreshBench.processCPUSeconds()
    }

    mutating func add(since mark: Mark) {
        let cpuNow = RefreshBench.processCPUSeconds()
        wall.append((ContinuousClock.now - mark.wall).benchSeconds * 1_000)
        cpu.append((cpuNow - mark.cpu) * 1_000)
    }

    mutating func append(wall: Double, cpu: Double) {
        self.wall.append(wall)
        self.cpu.append(cpu)
    }
}

/// Searches and client profiles drawn from a generated directory's metros, codes and words,
/// reproducibly from a seed.
struct MatchingWorkload {
    var random: SeededRandom
    let metros: [Metro]
    /// Codes deep enough to be a need (level 3 and below): what case managers pick.
    let codes: [String]

    /// Words of the generator's service names, as coordinators type them.
    static let words = [
        "food", "pantry", "shelter", "rent", "dental", "counseling", "legal", "clinic", "housing", "crisis", "job",
        "tax", "meals", "youth", "veterans", "recovery", "transportation", "utility", "family", "emergency",
        "health", "assistance", "senior", "child care", "eviction", "mental health", "substance use",
    ]
    static let languages = ["es", "vi", "so", "ar", "en", "Karen"]

    init(seed: UInt64, metros: [Metro], taxonomy: DirectoryBatch) {
        random = SeededRandom(seed: seed)
        self.metros = metros
        codes = taxonomy.taxonomyTerms.compactMap(\.code).filter { (AIRSCode($0)?.level ?? 0) >= 3 }
    }

    /// A point in one of the metros (weighted by the metro's share of services), near a real ZIP code.
    mutating func place() -> (zip: String, point: Coordinate) {
        let total = metros.reduce(0) { $0 + $1.weight }
        var pick = random.below(max(total, 1))
        var metro = metros[0]
        for candidate in metros {
            if pick < candidate.weight { metro = candidate; break }
            pick -= candidate.weight
        }
        let zip = random.pick(metro.zipCodes)
        let point = Coordinate(
            latitude: zip.coordinate.latitude + Double(random.below(200) - 100) / 10_000,
            longitude: zip.coordinate.longitude + Double(random.below(200) - 100) / 10_000)
        return (zip.zip, point)
    }

    /// Words near a place (most searches), filters only (a quarter), or words alone.
    mutating func searchQuery() -> SearchQuery {
        var query = SearchQuery()
        let (_, point) = place()
        let kind = random.below(100)
        if kind < 25 {
            if random.chance(0.5) { query.taxonomyCode = random.pick(codes) } else { query.domains = [random.pick(Domain.allCases)] }
        } else {
            query.text = random.pick(Self.words)
            if random.chance(0.3) { query.text += " " + random.pick(Self.words) }
        }
        if kind < 90 {
            query.near = .point(point)
            query.radiusMiles = [2, 5, 10, 25][random.below(4)]
            if random.chance(0.2) { query.sort = .distance }
        }
        if random.chance(0.2) { query.languages = [random.pick(Self.languages)] }
        if random.chance(0.15) { query.freeOnly = true }
        if random.chance(0.15) { query.age = Double(random.below(90)) }
        if random.chance(0.1) { query.capacity = .availableOrWaitlist }
        return query
    }

    /// One to three needs (a quarter given as a domain), a place (ZIP code or point; one in ten
    /// without), and most of the other facts, each present or not at random.
    mutating func profile() -> ClientProfile {
        var needs: [ClientProfile.Need] = []
        for _ in 0..<(1 + random.below(3)) {
            needs.append(random.chance(0.25)
                ? .init(domain: random.pick(Domain.allCases), urgency: random.pick(ClientProfile.Urgency.allCases))
                : .init(taxonomyCode: random.pick(codes), urgency: random.pick(ClientProfile.Urgency.allCases)))
        }
        var profile = ClientProfile(needs: needs)
        let (zip, point) = place()
        switch random.below(10) {
        case 0: break
        case 1...5: profile.zip = zip
        default: profile.latitude = point.latitude; profile.longitude = point.longitude
        }
        if random.chance(0.7) { profile.travelMiles = Double(1 + random.below(30)) }
        if random.chance(0.7) { profile.age = Double(random.below(90)) }
        if random.chance(0.7) { profile.gender = random.pick(Gender.allCases) }
        if random.chance(0.6) { profile.householdSize = 1 + random.below(7); profile.monthlyIncome = Double(random.below(8000)) }
        if random.chance(0.5) { profile.languages = [random.pick(Self.languages)] }
        if random.chance(0.5) { profile.populations = [random.pick(Population.allCases)] }
        if random.chance(0.3) { profile.availability = [.init(days: [random.pick(Weekday.allCases)], from: "09:00", to: "12:00")] }
        return profile
    }
}
