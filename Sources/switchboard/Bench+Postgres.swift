import Foundation
import Logging
import Matching
import PostgresNIO
import SwitchboardCore

/// The same generated directory in plain PostgreSQL tables, designed the way a web team would
/// build a directory search: a GIN-indexed `tsvector`, site points as `ll_to_earth` cubes under a
/// GiST index for `earth_box`/`earth_distance` radius queries, taxonomy codes under a btree for
/// prefix matching, languages as an array, ages and cost as columns. `bench matching --postgres`
/// answers its searches here too, one at a time over one connection, so both engines are timed
/// on the same queries.
struct PostgresComparison {
    /// One service's row, computed from the record as the importer of such a site would.
    struct Row: Sendable {
        var id: String
        var name: String
        var description: String
        var organization: String
        var terms: String
        var status: String
        var domains: [String]
        var languages: [String]
        var minimumAge: Double?
        var maximumAge: Double?
        var free: Bool
        var capacity: String
        var genders: [String]
        var incomeLimit: Int?
        var codes: [String]
        var points: [(latitude: Double, longitude: Double)]

        init(_ record: ServiceRecord) {
            let facts = FilterFacts(record)
            id = record.id.rawValue
            name = [record.service.name, record.service.alternateName].compactMap { $0 }.joined(separator: " ")
            description = record.service.description ?? ""
            organization = record.organization.name
            terms = record.taxonomyTerms.map(\.name).joined(separator: " ")
            status = record.service.status.rawValue
            domains = record.domains.map(\.rawValue)
            languages = facts.languages
            minimumAge = facts.minimumAge
            maximumAge = facts.maximumAge
            free = facts.cost == .free
            capacity = facts.capacity.rawValue
            genders = facts.genders.map(\.rawValue)
            incomeLimit = facts.incomeLimit
            codes = record.taxonomyTerms.compactMap(\.code)
            // Stored as the index stores them (Float), so a radius boundary is the same point in both.
            points = record.sites.compactMap { site in
                site.location.coordinate.flatMap { $0.isValid ? (latitude: Double(Float($0.latitude)), longitude: Double(Float($0.longitude))) : nil }
            }
        }
    }

    /// What went wrong talking to PostgreSQL, with the step; the server's SQLSTATE when it gave one.
    struct Failure: Error, CustomStringConvertible {
        var step: String
        var cause: String
        var description: String { "PostgreSQL comparison: \(step) failed: \(cause)" }
    }

    let client: PostgresClient
    let logger: Logger

    init(url: String) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else { throw Failure(step: "reading the address", cause: "not postgres://user@host:port/database") }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: .disable)
        var logger = Logger(label: "switchboard.bench.postgres")
        logger.logLevel = .critical
        self.logger = logger
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    static let schema = [
        "CREATE EXTENSION IF NOT EXISTS cube",
        "CREATE EXTENSION IF NOT EXISTS earthdistance",
        "DROP TABLE IF EXISTS bench_site, bench_service_taxonomy, bench_service",
        """
        CREATE TABLE bench_service (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, organization TEXT NOT NULL,
            terms TEXT NOT NULL, status TEXT NOT NULL, domains TEXT[] NOT NULL, languages TEXT[] NOT NULL,
            minimum_age REAL, maximum_age REAL, free BOOLEAN NOT NULL, capacity TEXT NOT NULL,
            genders TEXT[] NOT NULL, income_limit INTEGER,
            document TSVECTOR GENERATED ALWAYS AS (
                setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', terms), 'B')
                || setweight(to_tsvector('english', organization), 'C') || setweight(to_tsvector('english', description), 'D')
            ) STORED)
        """,
        "CREATE TABLE bench_service_taxonomy (service_id TEXT NOT NULL REFERENCES bench_service, code TEXT NOT NULL)",
        "CREATE TABLE bench_site (service_id TEXT NOT NULL REFERENCES bench_service, latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL, point EARTH NOT NULL)",
    ]

    /// Built after the load, as a bulk load should.
    static let indexes = [
        "CREATE INDEX bench_service_document ON bench_service USING GIN (document)",
        "CREATE INDEX bench_service_domains ON bench_service USING GIN (domains)",
        "CREATE INDEX bench_service_languages ON bench_service USING GIN (languages)",
        "CREATE INDEX bench_service_taxonomy_code ON bench_service_taxonomy (code text_pattern_ops, service_id)",
        "CREATE INDEX bench_service_taxonomy_service ON bench_service_taxonomy (service_id)",
        "CREATE INDEX bench_site_point ON bench_site USING GIST (point)",
        "CREATE INDEX bench_site_service ON bench_site (service_id)",
        "ANALYZE bench_service", "ANALYZE bench_service_taxonomy", "ANALYZE bench_site",
    ]

    func run(_ step: String, _ sql: String) async throws {
        do {
            try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            throw Failure(step: step, cause: Self.reason(error))
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
            return "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
        }
        return String(describing: type(of: error))
    }

    /// Creates the tables and loads the rows with one multi-row statement per 2,000 services
    /// (arrays unnested server-side), then builds the indexes. Returns the seconds of each part.
    func load(_ rows: [Row]) async throws -> (load: Double, index: Double) {
        for sql in Self.schema { try await run("creating the tables", sql) }
        let started = ContinuousClock.now
        for start in stride(from: 0, to: rows.count, by: 2_000) {
            let part = rows[start..<min(rows.count, start + 2_000)]
            var services = PostgresQuery(unsafeSQL: """
                INSERT INTO bench_service (id, name, description, organization, terms, status, domains, languages, minimum_age, maximum_age, free, capacity, genders, income_limit)
                SELECT id, name, description, organization, terms, status, string_to_array(domains, ','), string_to_array(languages, ','),
                    nullif(minimum_age, 'NaN'), nullif(maximum_age, 'NaN'), free, capacity, string_to_array(genders, ','), nullif(income_limit, 0)
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::real[], $10::real[],
                    $11::bool[], $12::text[], $13::text[], $14::int4[])
                    AS t(id, name, description, organization, terms, status, domains, languages, minimum_age, maximum_age, free, capacity, genders, income_limit)
                """)
            services.binds.append(part.map(\.id)); services.binds.append(part.map(\.name))
            services.binds.append(part.map(\.description)); services.binds.append(part.map(\.organization))
            services.binds.append(part.map(\.terms)); services.binds.append(part.map(\.status))
            services.binds.append(part.map { $0.domains.joined(separator: ",") })
            services.binds.append(part.map { $0.languages.joined(separator: ",") })
            // Arrays cannot carry NULLs here: NaN and 0 stand for "no rule" and become NULL in the SELECT.
            services.binds.append(part.map { $0.minimumAge.map { Float($0) } ?? .nan })
            services.binds.append(part.map { $0.maximumAge.map { Float($0) } ?? .nan })
            services.binds.append(part.map(\.free)); services.binds.append(part.map(\.capacity))
            services.binds.append(part.map { $0.genders.joined(separator: ",") })
            services.binds.append(part.map { Int32(clamping: $0.incomeLimit ?? 0) })
            try await execute("loading services", services)

            var codes = PostgresQuery(unsafeSQL: "INSERT INTO bench_service_taxonomy SELECT * FROM unnest($1::text[], $2::text[])")
            codes.binds.append(part.flatMap { row in row.codes.map { _ in row.id } })
            codes.binds.append(part.flatMap(\.codes))
            try await execute("loading taxonomy codes", codes)

            var sites = PostgresQuery(unsafeSQL: """
                INSERT INTO bench_site SELECT id, lat, lon, ll_to_earth(lat, lon) FROM unnest($1::text[], $2::float8[], $3::float8[]) AS t(id, lat, lon)
                """)
            sites.binds.append(part.flatMap { row in row.points.map { _ in row.id } })
            sites.binds.append(part.flatMap { $0.points.map(\.latitude) })
            sites.binds.append(part.flatMap { $0.points.map(\.longitude) })
            try await execute("loading sites", sites)
        }
        let loaded = ContinuousClock.now
        for sql in Self.indexes { try await run("building the indexes", sql) }
        return ((loaded - started).benchSeconds, (ContinuousClock.now - loaded).benchSeconds)
    }

    func execute(_ step: String, _ query: PostgresQuery) async throws {
        do {
            try await client.query(query, logger: logger)
        } catch {
            throw Failure(step: step, cause: Self.reason(error))
        }
    }

    /// Radians of arc to the index's miles: the index measures on a sphere of 3,958.8 miles,
    /// `earth_distance` on one of `earth()` metres, so a radius in miles becomes the same angle.
    static let metresPerIndexMile = "(earth() / 3958.8)"

    /// The SQL for one coordinator search: filters as WHERE, words through `plainto_tsquery` and
    /// `ts_rank`, a radius through `earth_box` (the GiST index) then `earth_distance`; ordered by
    /// rank or distance then id. `page` false selects every matching id (for the comparison).
    static func sql(for query: SearchQuery, origin: Coordinate?, page: Bool) -> PostgresQuery {
        var binds = Placeholders()
        func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String { binds.bind(value) }
        var conditions: [String] = []
        if let statuses = query.statuses { conditions.append("s.status = ANY(\(bind(statuses.map(\.rawValue).sorted()))::text[])") }
        if !query.domains.isEmpty { conditions.append("s.domains && \(bind(query.domains.map(\.rawValue).sorted()))::text[]") }
        if let code = query.taxonomyCode?.trimmingSpaces(), !code.isEmpty {
            let c = bind(code)
            // A code matches the terms below it: AIRS codes below BD-1800 continue with '.' or '-'.
            conditions.append("""
                EXISTS (SELECT 1 FROM bench_service_taxonomy t WHERE t.service_id = s.id \
                AND (t.code = \(c) OR t.code LIKE \(c) || '.%' OR t.code LIKE \(c) || '-%'))
                """)
        }
        if !query.languages.isEmpty {
            conditions.append("s.languages && \(bind(query.languages.flatMap(FilterFacts.languageKeys)))::text[]")
        }
        if query.freeOnly { conditions.append("s.free") }
        if let capacity = query.capacity {
            conditions.append(capacity == .available ? "s.capacity = 'available'" : "s.capacity IN ('available', 'waitlist')")
        }
        if let age = query.age {
            let a = bind(age)
            // As the index: "18-24" includes 24 and a half.
            conditions.append("(s.minimum_age IS NULL OR \(a)::float8 >= s.minimum_age) AND (s.maximum_age IS NULL OR \(a)::float8 <= s.maximum_age + 0.999)")
        }
        var distance = "NULL::float8"
        if let origin {
            let here = "ll_to_earth(\(bind(origin.latitude))::float8, \(bind(origin.longitude))::float8)"
            if let radius = query.radiusMiles {
                let metres = "(\(bind(radius))::float8 * \(metresPerIndexMile))"
                conditions.append("""
                    EXISTS (SELECT 1 FROM bench_site p WHERE p.service_id = s.id \
                    AND earth_box(\(here), \(metres)) @> p.point AND earth_distance(\(here), p.point) <= \(metres))
                    """)
            }
            distance = "(SELECT min(earth_distance(\(here), p.point)) FROM bench_site p WHERE p.service_id = s.id) / \(metresPerIndexMile)"
        }
        var rank = "0::float4"
        if !query.text.trimmingSpaces().isEmpty {
            let words = "plainto_tsquery('english', \(bind(query.text)))"
            conditions.append("s.document @@ \(words)")
            rank = "ts_rank(s.document, \(words))"
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        if !page { return PostgresQuery(unsafeSQL: "SELECT s.id FROM bench_service s \(filter)", binds: binds.bindings) }
        let order = query.sort == .distance ? "distance NULLS LAST, rank DESC, s.id" : "rank DESC, distance NULLS LAST, s.id"
        let offset = (max(query.page, 1) - 1) * query.perPage
        return PostgresQuery(unsafeSQL: """
            SELECT s.id, \(rank) AS rank, \(distance) AS distance, count(*) OVER () AS total
            FROM bench_service s \(filter) ORDER BY \(order) LIMIT \(query.perPage) OFFSET \(offset)
            """, binds: binds.bindings)
    }

    /// A page of results and the total, as a search page shows them.
    func page(_ query: SearchQuery, origin: Coordinate?, on connection: PostgresConnection) async throws -> (ids: [String], total: Int) {
        do {
            var ids: [String] = []
            var total = 0
            let rows = try await connection.query(Self.sql(for: query, origin: origin, page: true), logger: logger)
            for try await (id, _, _, count) in rows.decode((String, Float, Double?, Int).self) {
                ids.append(id)
                total = count
            }
            return (ids, total)
        } catch {
            throw Failure(step: "searching", cause: Self.reason(error))
        }
    }

    /// Every matching service id, for the comparison of filter-only searches.
    func allIDs(_ query: SearchQuery, origin: Coordinate?, on connection: PostgresConnection) async throws -> Set<String> {
        do {
            var ids = Set<String>()
            let rows = try await connection.query(Self.sql(for: query, origin: origin, page: false), logger: logger)
            for try await id in rows.decode(String.self) { ids.insert(id) }
            return ids
        } catch {
            throw Failure(step: "listing matches", cause: Self.reason(error))
        }
    }

    /// Values bound to a statement as it is written, each answering its `$n`.
    struct Placeholders {
        var bindings = PostgresBindings()
        mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
            bindings.append(value)
            return "$\(bindings.count)"
        }
    }

    /// CPU nanoseconds the server process of a connection has run (PostgreSQL runs a connection
    /// in one single-threaded process): what a query cost the server, apart from the loopback
    /// wait. Nil where `/proc/PID/schedstat` cannot be read.
    static func serverCPU(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/schedstat", encoding: .utf8),
            let first = text.split(separator: " ").first, let nanoseconds = Double(first)
        else { return nil }
        return nanoseconds / 1e6
    }
}

extension MatchingBench {
    /// Loads the directory into PostgreSQL, answers the same searches there one at a time, prints
    /// both engines' latencies side by side with their ratio, and checks that every filter-only
    /// search (no words: both engines must agree exactly) admits the same services in both.
    static func compareWithPostgres(
        url: String, rows: [PostgresComparison.Row], index: DirectoryIndex, searches: ([SearchQuery], Timings)?,
        matches: ([ClientProfile], Timings, [[Int]])?, poverty: PovertyGuidelines
    ) async throws {
        let comparison = try PostgresComparison(url: url)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await comparison.client.run() }
            defer { group.cancelAll() }
            let (load, indexing) = try await comparison.load(rows)
            print(String(format: "postgres: %d services loaded in %.2f s (multi-row INSERTs of 2,000), indexes built and analyzed in %.2f s",
                rows.count, load, indexing))
            try await comparison.client.withConnection { connection in
                var pid: Int32 = 0
                for try await value in try await connection.query("SELECT pg_backend_pid()", logger: comparison.logger).decode(Int32.self) {
                    pid = value
                }
                if let matches {
                    let (clients, indexTimes, eligibleCounts) = matches
                    try await compareMatches(
                        clients, indexTimes: indexTimes, eligibleCounts: eligibleCounts, index: index, poverty: poverty,
                        comparison: comparison, connection: connection, pid: pid)
                }
                guard let searches else { return }
                let (queries, indexTimes) = searches
                var wall: [Double] = [], server: [Double] = []
                var hits = 0
                for query in queries {
                    let origin: Coordinate? = if case .point(let point) = query.near { point } else { nil }
                    let cpu = PostgresComparison.serverCPU(pid: pid)
                    let started = ContinuousClock.now
                    hits += try await comparison.page(query, origin: origin, on: connection).total
                    wall.append((ContinuousClock.now - started).benchSeconds * 1_000)
                    if let cpu, let after = PostgresComparison.serverCPU(pid: pid) { server.append(after - cpu) }
                }
                print(sideBySide("search", wall: wall, server: server, index: indexTimes)
                    + "   (\(hits / max(queries.count, 1)) matching services per query on average)")

                // Filter-only searches: the whole set of matching ids, not just the page.
                var compared = 0, differing = 0, onlyIndex = 0, onlyPostgres = 0
                var examples: [String] = []
                for query in queries where query.text.trimmingSpaces().isEmpty {
                    let origin: Coordinate? = if case .point(let point) = query.near { point } else { nil }
                    let ours = try Set(index.listing(query).entries.map(\.service.id.rawValue))
                    let theirs = try await comparison.allIDs(query, origin: origin, on: connection)
                    compared += 1
                    guard ours != theirs else { continue }
                    differing += 1
                    onlyIndex += ours.subtracting(theirs).count
                    onlyPostgres += theirs.subtracting(ours).count
                    if examples.count < 5 {
                        examples.append("\(Self.describe(query)): \(ours.count) in the index, \(theirs.count) in PostgreSQL; only in the index "
                            + ours.subtracting(theirs).sorted().prefix(3).joined(separator: ", ")
                            + "; only in PostgreSQL " + theirs.subtracting(ours).sorted().prefix(3).joined(separator: ", "))
                    }
                }
                print("filter-only searches compared over every matching service: \(compared), differing \(differing) "
                    + "(\(onlyIndex) services only in the index's answers, \(onlyPostgres) only in PostgreSQL's)")
                for example in examples { print("  " + example) }
            }
        }
    }

    /// PostgreSQL's latencies beside the index's, and their ratios.
    static func sideBySide(_ what: String, wall: [Double], server: [Double], index: Timings) -> String {
        func at(_ values: [Double], _ fraction: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
        }
        return String(format: """
            postgres \(what) x %d: p50 %.3f ms, p99 %.3f ms, max %.3f ms; server process CPU p50 %.3f ms, p99 %.3f ms
              postgres ÷ index: wall p50 %.1fx, p99 %.1fx; CPU (server process ÷ index process) p50 %.1fx, p99 %.1fx
            """,
            wall.count, at(wall, 0.5), at(wall, 0.99), wall.max() ?? .nan, at(server, 0.5), at(server, 0.99),
            at(wall, 0.5) / at(index.wall, 0.5), at(wall, 0.99) / at(index.wall, 0.99),
            at(server, 0.5) / at(index.cpu, 0.5), at(server, 0.99) / at(index.cpu, 0.99))
    }

    /// Times each profile's needs as SQL candidate generation (hard rules as WHERE, a partial
    /// score, the best ten and the count), all of a profile's needs together, beside the index's
    /// whole match (every rule, all ten factors, words and the plan); and compares the counts.
    static func compareMatches(
        _ clients: [ClientProfile], indexTimes: Timings, eligibleCounts: [[Int]], index: DirectoryIndex, poverty: PovertyGuidelines,
        comparison: PostgresComparison, connection: PostgresConnection, pid: Int32
    ) async throws {
        var wall: [Double] = [], server: [Double] = []
        var same = 0, more = 0, fewer = 0
        var fewerExamples: [String] = []
        for (profile, indexCounts) in zip(clients, eligibleCounts) {
            let place = try profile.place.map { try index.resolve($0) }
            let percent = profile.monthlyIncome.flatMap { income in
                profile.householdSize.map { poverty.percentOfPoverty(monthlyIncome: income, householdSize: $0, state: place?.state) }
            }
            let travel = profile.travelMiles ?? MatchConfiguration().defaultTravelMiles
            var counts: [Int] = []
            let cpu = PostgresComparison.serverCPU(pid: pid)
            let started = ContinuousClock.now
            for need in profile.needs {
                counts.append(try await comparison.candidates(
                    need, origin: place?.point, travelMiles: travel, age: profile.age, gender: profile.gender, percentOfPoverty: percent,
                    on: connection))
            }
            wall.append((ContinuousClock.now - started).benchSeconds * 1_000)
            if let cpu, let after = PostgresComparison.serverCPU(pid: pid) { server.append(after - cpu) }
            for (sql, ours) in zip(counts, indexCounts) {
                if sql == ours { same += 1 } else if sql > ours { more += 1 } else {
                    fewer += 1
                    if fewerExamples.count < 5 { fewerExamples.append("\(MatchingBench.placeAndNeeds(profile)): index \(ours), SQL \(sql)") }
                }
            }
        }
        print(sideBySide("match candidates", wall: wall, server: server, index: indexTimes))
        print("needs whose SQL candidate count equals the index's eligible count: \(same); more in SQL: \(more) "
            + "(residency areas are not in the SQL); fewer in SQL: \(fewer)")
        for example in fewerExamples { print("  " + example) }
    }

    /// A profile's place and needs, for the comparison's examples (no other client facts).
    static func placeAndNeeds(_ profile: ClientProfile) -> String {
        let place = profile.zip ?? profile.latitude.map { String(format: "%.4f,%.4f", $0, profile.longitude ?? 0) } ?? "no place"
        return "\(place), \(profile.needs.map(\.label).joined(separator: " + "))"
    }

    /// A search's filters in a few words, for the comparison's examples.
    static func describe(_ query: SearchQuery) -> String {
        var parts: [String] = []
        if !query.domains.isEmpty { parts.append("domain " + query.domains.map(\.rawValue).sorted().joined(separator: "|")) }
        if let code = query.taxonomyCode { parts.append("taxonomy " + code) }
        if case .point(let p) = query.near, let radius = query.radiusMiles {
            parts.append(String(format: "within %.0f mi of %.4f,%.4f", radius, p.latitude, p.longitude))
        }
        if !query.languages.isEmpty { parts.append("language " + query.languages.joined(separator: "|")) }
        if query.freeOnly { parts.append("free") }
        if let age = query.age { parts.append("age \(age)") }
        if let capacity = query.capacity { parts.append("capacity " + capacity.rawValue) }
        return parts.joined(separator: ", ")
    }
}

extension PostgresComparison {
    /// One need of a client as SQL, the way a web team would write the matcher's hard rules:
    /// the need's code, the codes below it and its level-3-or-deeper ancestors (or the domain);
    /// active; reach (no site, or a site within the travel distance); age, gender and income
    /// rules that are known on both sides and contradicted leave a service out. Residency areas
    /// are not in these tables, so this set is the index's eligible set plus the services only
    /// a residency rule leaves out. The rows are ranked by a partial score (distance, capacity,
    /// cost: not the matcher's ten factors) and the best ten kept, with the count of all.
    static func sql(
        for need: ClientProfile.Need, origin: Coordinate?, travelMiles: Double, age: Double?, gender: Gender?, percentOfPoverty: Int?
    ) -> PostgresQuery {
        var binds = Placeholders()
        func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String { binds.bind(value) }
        var conditions = ["s.status = 'active'"]
        if let code = need.taxonomyCode {
            var broader: [String] = []
            var ancestor = AIRSCode(code)?.parent
            while let current = ancestor {
                if current.level >= 3 { broader.append(current.rawValue) }
                ancestor = current.parent
            }
            let c = bind(code)
            conditions.append("""
                EXISTS (SELECT 1 FROM bench_service_taxonomy t WHERE t.service_id = s.id \
                AND (t.code = \(c) OR t.code LIKE \(c) || '.%' OR t.code LIKE \(c) || '-%' OR t.code = ANY(\(bind(broader))::text[])))
                """)
        } else if let domain = need.domain {
            conditions.append("s.domains && ARRAY[\(bind(domain.rawValue))::text]")
        }
        var distance = "NULL::float8"
        if let origin {
            let here = "ll_to_earth(\(bind(origin.latitude))::float8, \(bind(origin.longitude))::float8)"
            let metres = "(\(bind(travelMiles))::float8 * \(metresPerIndexMile))"
            conditions.append("""
                (NOT EXISTS (SELECT 1 FROM bench_site p WHERE p.service_id = s.id) OR EXISTS (SELECT 1 FROM bench_site p \
                WHERE p.service_id = s.id AND earth_box(\(here), \(metres)) @> p.point AND earth_distance(\(here), p.point) <= \(metres)))
                """)
            distance = "(SELECT min(earth_distance(\(here), p.point)) FROM bench_site p WHERE p.service_id = s.id) / \(metresPerIndexMile)"
        }
        if let age {
            let a = bind(age)
            conditions.append("(s.minimum_age IS NULL OR \(a)::float8 >= s.minimum_age) AND (s.maximum_age IS NULL OR \(a)::float8 <= s.maximum_age + 0.999)")
        }
        if let gender { conditions.append("(cardinality(s.genders) = 0 OR \(bind(gender.rawValue))::text = ANY(s.genders))") }
        if let percentOfPoverty { conditions.append("(s.income_limit IS NULL OR \(bind(Int32(clamping: percentOfPoverty)))::int4 <= s.income_limit)") }
        return PostgresQuery(unsafeSQL: """
            SELECT id, total FROM (
                SELECT s.id, count(*) OVER () AS total,
                    2 * coalesce(power(0.5, \(distance) / 5), 0.5)
                    + CASE s.capacity WHEN 'available' THEN 1 WHEN 'waitlist' THEN 0.4 WHEN 'full' THEN 0.1 ELSE 0.6 END
                    + 0.75 * CASE WHEN s.free THEN 1 ELSE 0.5 END AS score
                FROM bench_service s WHERE \(conditions.joined(separator: " AND "))
            ) ranked ORDER BY score DESC, id LIMIT 10
            """, binds: binds.bindings)
    }

    /// The count of a need's SQL candidates (and its ten best by the partial score).
    func candidates(
        _ need: ClientProfile.Need, origin: Coordinate?, travelMiles: Double, age: Double?, gender: Gender?, percentOfPoverty: Int?,
        on connection: PostgresConnection
    ) async throws -> Int {
        do {
            var total = 0
            let query = Self.sql(for: need, origin: origin, travelMiles: travelMiles, age: age, gender: gender, percentOfPoverty: percentOfPoverty)
            for try await (_, count) in try await connection.query(query, logger: logger).decode((String, Int).self) { total = count }
            return total
        } catch {
            throw Failure(step: "matching", cause: Self.reason(error))
        }
    }
}
