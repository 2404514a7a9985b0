import Foundation
import FeedImport
@testable import Matching
import SwitchboardCore
import Workflows

/// Shared inputs of the matching tests: the shipped reference tables and the demo directory.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let installation: Installation = try! Installation(directoryFolder: repository.appendingPathComponent("Directory"))
    static let zipCodes: ZIPCodeTable = try! installation.loadZIPCodes()
    static let poverty: PovertyGuidelines = try! installation.loadPovertyGuidelines()

    /// "Today" for the tests: the generator's reference date, 2026-01-01.
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    /// The demo county shipped in Directory/demo (2,000 generated services around Omaha), read
    /// the way an import reads it, as nested records.
    static let demoRecords: [ServiceRecord] = {
        let data = try! Data(contentsOf: installation.demoDirectory)
        let read = FeedNormalizer.normalize(HSDSJSON.read(data, file: "services.ndjson"), feed: "demo", now: now, airsNames: installation.airsNames)
        return read.batch.serviceRecords(domains: installation.domainMapping)
    }()

    static let demoIndex: DirectoryIndex = index(demoRecords)

    /// - Parameter rankedListMinimum: from which length posting lists are also kept ranked (the
    ///   matcher's path for big lists and clients with no place); the builder's own by default.
    static func index(_ records: [ServiceRecord], rankedListMinimum: Int? = nil) -> DirectoryIndex {
        var builder = DirectoryIndexBuilder(zipCodes: zipCodes, povertyGuidelines: poverty)
        if let rankedListMinimum { builder.rankedListMinimum = rankedListMinimum }
        builder.add(contentsOf: records)
        return builder.build(now: now)
    }
}
