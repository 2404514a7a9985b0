// Times the AIRS reader alone (reading, mapping, normalizing; no store) on one file.
// Built and run by scripts/airs-bench.sh against a release build of FeedImport.
import FeedImport
import Foundation
import SwitchboardCore

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: airs-bench FILE [--no-normalize] [--chunk N]")
    exit(2)
}
let url = URL(fileURLWithPath: arguments[1])
let normalize = !arguments.contains("--no-normalize")
let chunkSize = arguments.firstIndex(of: "--chunk").flatMap { Int(arguments[$0 + 1]) } ?? 500
let now = Date(timeIntervalSince1970: 1_767_225_600)
let feed: FeedName = "bench"
var services = 0, locations = 0, organizations = 0, issues = 0
var someIssues: [String] = []
let start = Date()
do {
    let summary = try AIRSReader(url: url, feed: feed, now: now).read(chunkSize: chunkSize) { chunk in
        let result = normalize ? FeedNormalizer.normalize(chunk, feed: feed, now: now) : chunk
        services += result.batch.services.count
        locations += result.batch.locations.count
        organizations += result.batch.organizations.count
        issues += result.issues.count
        for issue in result.issues where someIssues.count < 5 { someIssues.append(issue.description) }
    }
    let seconds = Date().timeIntervalSince(start)
    print("read \(summary.bytes) bytes in \(String(format: "%.2f", seconds)) s (\(String(format: "%.1f", Double(summary.bytes) / seconds / 1e6)) MB/s), normalize: \(normalize)")
    print("organizations \(organizations), locations \(locations), services \(services), issues \(issues), chunks \(summary.chunks)")
    print("agencies \(summary.agencies), sites \(summary.sites), site-services \(summary.siteServices), codes \(summary.codes)")
    for issue in someIssues { print("  issue: \(issue)") }
} catch {
    print("error: \(error)")
    exit(1)
}
