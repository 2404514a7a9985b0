import Foundation
import Testing
import SwitchboardCore
@testable import FeedImport

/// Chunks a store can take one at a time, and files broken at random (seeded, so every run is the same).
@Suite struct AIRSChunkAndFuzzTests {
    @Test(arguments: [1, 5, 40])
    func everyChunkHoldsWholeAgenciesAndTheTermsItFirstUses(chunkSize: Int) throws {
        let whole = try AIRSFixtures.read("BC211_data_excerpt.xml", chunkSize: .max)
        let reading = try AIRSFixtures.read("BC211_data_excerpt.xml", chunkSize: chunkSize)
        #expect(whole.chunks.count == 1)
        #expect(reading.chunks.count > 1 || chunkSize >= 39)
        #expect(reading.summary.chunks == reading.chunks.count)
        var termsSoFar = Set<TaxonomyTermID>()
        var taxonomiesSoFar = Set<TaxonomyID>()
        for chunk in reading.chunks {
            let batch = chunk.batch
            let organizations = Set(batch.organizations.map(\.id))
            let locations = Set(batch.locations.map(\.id))
            let services = Set(batch.services.map(\.id))
            #expect(batch.services.allSatisfy { organizations.contains($0.organizationID) })
            #expect(batch.locations.allSatisfy { $0.organizationID.map(organizations.contains) ?? false })
            #expect(batch.servicesAtLocations.allSatisfy { services.contains($0.serviceID) && locations.contains($0.locationID) })
            termsSoFar.formUnion(batch.taxonomyTerms.map(\.id))
            taxonomiesSoFar.formUnion(batch.taxonomies.map(\.id))
            // A term is handed over in the first chunk that uses it, with its whole lineage.
            let chunkTerms = Set(batch.taxonomyTerms.map(\.id))
            #expect(batch.services.allSatisfy { $0.taxonomyTermIDs.allSatisfy(termsSoFar.contains) })
            #expect(batch.taxonomyTerms.allSatisfy { $0.parentID.map(chunkTerms.contains) ?? true })
            #expect(batch.taxonomyTerms.allSatisfy { $0.taxonomyID.map(taxonomiesSoFar.contains) ?? true })
            if chunkSize < 39 { #expect(batch.servicesAtLocations.count < chunkSize + 10) }
        }
        // Chunked or not, the same records.
        #expect(Set(reading.batch.services) == Set(whole.batch.services))
        #expect(Set(reading.batch.taxonomyTerms) == Set(whole.batch.taxonomyTerms))
        #expect(reading.summary.taxonomyTerms == reading.batch.taxonomyTerms.count)  // the normalizer added none
        #expect(reading.issues.count == whole.issues.count)
    }

    @Test func readingTwiceGivesTheSameRecords() throws {
        let first = try AIRSFixtures.read("BC211_data_excerpt.xml")
        let second = try AIRSFixtures.read("BC211_data_excerpt.xml")
        #expect(first.batch == second.batch)
        #expect(first.issues == second.issues)
    }

    /// SplitMix64, so the mutations are the same on every machine.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    static func mutate(_ bytes: [UInt8], _ random: inout Seeded) -> [UInt8] {
        var bytes = bytes
        switch random.below(5) {
        case 0:  // truncate
            bytes = Array(bytes.prefix(random.below(bytes.count)))
        case 1:  // flip bytes
            for _ in 0..<(1 + random.below(8)) where !bytes.isEmpty {
                bytes[random.below(bytes.count)] ^= UInt8(truncatingIfNeeded: 1 << random.below(8))
            }
        case 2:  // delete a range
            let start = random.below(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.below(400)))
        case 3:  // duplicate a range
            let start = random.below(bytes.count)
            let range = start..<min(bytes.count, start + 1 + random.below(2_000))
            bytes.insert(contentsOf: bytes[range], at: random.below(bytes.count))
        default:  // a markup byte where text was
            bytes[random.below(bytes.count)] = [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0, 0xFF].randomElement(using: &random)!
        }
        return bytes
    }

    @Test(arguments: [
        "airs_3.0_instance_sample.xml", "airs_3.1_beta_instance_maximal.xml", "BC211_data_one_agency.xml",
        "BC211_data_with_invalid_agencies.xml",
    ])
    func mutatedFilesGiveRecordsOrIssuesAndNeverCrash(sample: String) throws {
        let original = Array(try Data(contentsOf: AIRSFixtures.url(sample)))
        var random = Seeded(state: UInt64(sample.utf8.count) &* 7_919)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("airs-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var thrown = 0, read = 0
        for round in 0..<80 {
            let url = dir.appendingPathComponent("\(round).xml")
            try Data(Self.mutate(original, &random)).write(to: url)
            let start = Date()
            var chunks = 0
            var sawSomething = false
            do {
                try AIRSReader(url: url, feed: AIRSFixtures.feed, now: AIRSFixtures.now).read(chunkSize: 2) { chunk in
                    let normalized = FeedNormalizer.normalize(chunk, feed: AIRSFixtures.feed, now: AIRSFixtures.now)
                    chunks += 1
                    if !normalized.batch.isEmpty || !normalized.issues.isEmpty { sawSomething = true }
                }
                read += 1
                #expect(sawSomething || chunks == 0, "round \(round)")
            } catch let issue as RecordIssue {
                thrown += 1
                #expect(issue.code == .malformedFile, "round \(round)")
                #expect(issue.line != nil, "round \(round): \(issue)")
                #expect(!issue.message.isEmpty)
            }
            #expect(Date().timeIntervalSince(start) < 5, "round \(round) was slow")
        }
        #expect(thrown + read == 80)
        #expect(thrown > 0)
    }
}

extension AIRSChunkAndFuzzTests.Seeded: RandomNumberGenerator {}
