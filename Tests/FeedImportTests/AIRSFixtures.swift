import Foundation
import SwitchboardCore
@testable import FeedImport

/// The AIRS samples in `Fixtures/airs/` (see its SOURCE.md) and small files written on the fly.
enum AIRSFixtures {
    /// The repository's root, found from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func url(_ name: String) -> URL { root.appendingPathComponent("Fixtures/airs").appendingPathComponent(name) }

    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let feed: FeedName = "airs-test"

    /// Everything a file holds, each chunk normalized as an import does it.
    struct Reading {
        var result: FeedReadResult
        var summary: AIRSReadSummary
        var chunks: [FeedReadResult]

        var batch: DirectoryBatch { result.batch }
        var issues: [RecordIssue] { result.issues }
        var errors: [RecordIssue] { result.issues.filter { !$0.isWarning } }
        var warnings: [RecordIssue] { result.issues.filter(\.isWarning) }

        func organization(key: String) -> Organization? { batch.organizations.first { $0.provenance?.sourceKey == key } }
        func location(key: String) -> Location? { batch.locations.first { $0.provenance?.sourceKey == key } }
        func service(key: String) -> Service? { batch.services.first { $0.provenance?.sourceKey == key } }
        func terms(of service: Service) -> [TaxonomyTerm] {
            service.taxonomyTermIDs.compactMap { id in batch.taxonomyTerms.first { $0.id == id } }
        }
    }

    static func read(_ url: URL, chunkSize: Int = 500, airsNames: [String: String] = [:]) throws -> Reading {
        var all = FeedReadResult()
        var chunks: [FeedReadResult] = []
        let reader = AIRSReader(url: url, feed: feed, now: now, airsNames: airsNames)
        let summary = try reader.read(chunkSize: chunkSize) { chunk in
            let normalized = FeedNormalizer.normalize(chunk, feed: feed, now: now, airsNames: airsNames)
            chunks.append(normalized)
            all.batch.append(contentsOf: normalized.batch)
            all.issues += normalized.issues
            all.origins.merge(normalized.origins) { first, _ in first }
        }
        return Reading(result: all, summary: summary, chunks: chunks)
    }

    static func read(_ name: String, chunkSize: Int = 500) throws -> Reading { try read(url(name), chunkSize: chunkSize) }

    /// Writes bytes to a fresh temporary file.
    static func file(_ bytes: [UInt8], name: String = "feed.xml") -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("airs-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return url
    }

    static func file(_ text: String, name: String = "feed.xml") -> URL { file(Array(text.utf8), name: name) }

    /// An AIRS 3.0-style document (no namespace) around some agencies.
    static func document(_ agencies: String, namespace: String? = nil) -> String {
        let xmlns = namespace.map { " xmlns=\"\($0)\"" } ?? ""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <Source\(xmlns) SourceEntity="Test" SoftwareVendor="Test" SchemaVersion="3.0">
            \(agencies)
            </Source>
            """
    }
}
