import ArgumentParser
import Foundation
import SwitchboardCore
import DirectoryStore
import Workflows

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Counts of the directory: services by domain, status, feed and freshness."
    )

    @OptionGroup var options: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        guard options.isPostgres || FileManager.default.fileExists(atPath: options.path) else {
            printError("switchboard stats: no database at \(options.path)")
            throw ExitStatus.failure
        }
        let (_, store) = try options.open()
        let stats = try await store.statistics(asOf: Date())
        if json {
            try printJSON(stats)
        } else {
            print(Self.describe(stats))
        }
    }

    static func describe(_ stats: DirectoryStatistics) -> String {
        var lines = [
            "\(stats.services) services, \(stats.organizations) organizations, \(stats.locations) locations, \(stats.taxonomyTerms) taxonomy terms",
            "By domain:",
        ]
        for domain in Domain.allCases { lines.append("  \(domain.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(stats.servicesByDomain[domain] ?? 0)") }
        lines.append("By status:")
        for status in Service.Status.allCases { lines.append("  \(status.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(stats.servicesByStatus[status] ?? 0)") }
        lines.append("By feed:")
        for (feed, count) in stats.servicesByFeed.sorted(by: { $0.key < $1.key }) { lines.append("  \(feed.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)") }
        lines.append("By freshness:")
        for bucket in DirectoryStatistics.Freshness.allCases { lines.append("  \(bucket.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)) \(stats.servicesByFreshness[bucket] ?? 0)") }
        return lines.joined(separator: "\n")
    }
}
