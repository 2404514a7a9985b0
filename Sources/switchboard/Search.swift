import ArgumentParser
import Foundation
import Matching
import SwitchboardCore

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find services by words and filters, as a resource coordinator does.",
        discussion: """
            Words are matched, after folding case and accents and stemming ("shelters" finds \
            "Emergency Shelter"), against service names, alternate names, descriptions, organization \
            names and taxonomy term names, and ranked by BM25. Every filter given must hold.

            Examples:
              switchboard search food pantry --zip 68104 --radius 5
              switchboard search --taxonomy BH-1800 --open-at "tue 19:00" --gender female
              switchboard search legal --language es --serves "Douglas County, NE" --json

            Exit codes: 0 services found; 4 none matched; 1 failure (no database); 64 bad command line.
            """
    )

    @OptionGroup var options: DatabaseOptions

    @Argument(help: ArgumentHelp("Words to look for.", valueName: "words"))
    var words: [String] = []

    @Option(name: .customLong("domain"), help: "Only services in this domain (health, housing, legal, finance, employment, other); repeat for any of several.")
    var domains: [Domain] = []

    @Option(help: ArgumentHelp("Only services classified under this taxonomy code or below it (BH-1800).", valueName: "code"))
    var taxonomy: String?

    @Option(help: ArgumentHelp("Measure distances from this point.", valueName: "lat,lon"))
    var near: String?

    @Option(help: ArgumentHelp("Measure distances from this ZIP code.", valueName: "zip"))
    var zip: String?

    @Option(help: ArgumentHelp("Only services with a site within this many miles of --near or --zip.", valueName: "miles"))
    var radius: Double?

    @Option(help: ArgumentHelp("Only services whose service areas cover this ZIP code, city (\"Omaha, NE\") or county (\"Douglas County, NE\").", valueName: "place"))
    var serves: String?

    @Option(name: .customLong("language"), help: ArgumentHelp("Only services working in this language (code or name); repeat for any of several.", valueName: "language"))
    var languages: [String] = []

    @Option(name: .customLong("open-at"), help: ArgumentHelp("Only services open then, in each service's local time: \"tue 18:30\".", valueName: "day time"))
    var openAt: String?

    @Option(help: "Leave out services whose age range excludes this age.")
    var age: Double?

    @Option(help: "Leave out services for other genders only (female, male, nonbinary).")
    var gender: Gender?

    @Flag(help: "Only free services.")
    var free = false

    @Option(help: "Only services with openings (available) or openings or a waiting list (available-or-waitlist).")
    var capacity: SearchQuery.CapacityFilter?

    @Option(help: ArgumentHelp("Only services for this population (\(Population.allCases.map(\.rawValue).joined(separator: ", "))).", valueName: "population"))
    var population: Population?

    @Option(help: ArgumentHelp("Only services whose places record accessibility; with words other than 'any', notes containing them (\"wheelchair\").", valueName: "words"))
    var accessibility: String?

    @Option(name: .customLong("status"), help: "Only services with this status (active, inactive, defunct, 'temporarily closed'), or 'all'; repeatable. Default: active.")
    var statuses: [String] = []

    @Option(help: "relevance (best text match; without words, nearest first) or distance.")
    var sort: SearchQuery.Sort = .relevance

    @Option(help: "Page number, from 1.")
    var page = 1

    @Option(name: .customLong("per-page"), help: "Results per page (1-500).")
    var perPage = 20

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if near != nil && zip != nil { throw ValidationError("give --near or --zip, not both") }
        if let near, QueryArguments.point(near) == nil { throw ValidationError("--near takes latitude,longitude, as 41.26,-95.94") }
        if radius != nil && near == nil && zip == nil { throw ValidationError("--radius needs --near or --zip") }
        if let radius, !(radius > 0) { throw ValidationError("--radius must be a positive number of miles") }
        if sort == .distance && near == nil && zip == nil { throw ValidationError("--sort distance needs --near or --zip") }
        if let openAt, OpenAt(text: openAt) == nil { throw ValidationError("--open-at takes a day and a time, as \"tue 18:30\"") }
        for status in statuses where status != "all" && Service.Status(rawValue: status.lowercased()) == nil {
            throw ValidationError("unknown --status \(status): use active, inactive, defunct, 'temporarily closed' or all")
        }
        guard page >= 1 else { throw ValidationError("--page starts at 1") }
        guard (1...500).contains(perPage) else { throw ValidationError("--per-page must be between 1 and 500") }
    }

    var query: SearchQuery {
        var statusSet: Set<Service.Status>? = [.active]
        if statuses.contains("all") { statusSet = nil } else if !statuses.isEmpty { statusSet = Set(statuses.compactMap { Service.Status(rawValue: $0.lowercased()) }) }
        return SearchQuery(
            text: words.joined(separator: " "), domains: Set(domains), taxonomyCode: taxonomy,
            near: near.flatMap(QueryArguments.point) ?? zip.map(Place.zip), radiusMiles: radius, serves: serves,
            languages: languages, openAt: openAt.flatMap { OpenAt(text: $0) }, age: age, gender: gender, freeOnly: free,
            capacity: capacity, population: population,
            accessibility: accessibility.map { $0.lowercased() == "any" ? "" : $0 }, statuses: statusSet, sort: sort,
            page: page, perPage: perPage)
    }

    func run() async throws {
        let index = try await options.openIndex(command: "search")
        let results: SearchResults
        do { results = try index.search(query) } catch let error as MatchingError {
            printError("switchboard search: \(error)")
            throw ExitCode.validationFailure
        }
        if json { try printJSON(results) } else { print(SearchText.describe(results)) }
        if results.total == 0 { throw ExitStatus.notFound }
    }
}

/// Search results as a coordinator reads them on a terminal.
enum SearchText {
    static func describe(_ results: SearchResults) -> String {
        guard results.total > 0 else { return "No services match." }
        let pages = (results.total + results.perPage - 1) / results.perPage
        var lines = ["\(results.total) \(results.total == 1 ? "service matches" : "services match") (page \(results.page) of \(pages))", ""]
        for (i, hit) in results.hits.enumerated() {
            let rank = (results.page - 1) * results.perPage + i + 1
            lines.append("\(rank). \(hit.service.name) — \(hit.service.organization)  [\(hit.service.domains.map(\.rawValue).joined(separator: ", "))]")
            lines.append("   " + [hit.service.address, hit.service.phone, "id \(hit.service.id)"].compactMap { $0 }.joined(separator: " · "))
            if !hit.reasons.isEmpty { lines.append("   " + hit.reasons.joined(separator: "; ")) }
        }
        if results.hits.isEmpty { lines.append("(no results on this page)") }
        lines.append("")
        lines.append("Domains: " + results.domainCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        lines.append("Languages: " + results.languageCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
