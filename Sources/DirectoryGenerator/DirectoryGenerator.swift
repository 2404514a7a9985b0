public import Foundation
public import SwitchboardCore

/// Realistic resource directories from a seed: agencies, sites, programs and services in real
/// metro areas, with the mess of real feeds.
///
/// The same seed, service count and reference date give the same records, byte for byte, on
/// every machine: randomness comes from our own SplitMix64 streams (one per organization, so
/// any organization can be made without the ones before it), time only from `referenceDate`.
///
/// Memory stays flat however large the directory: ``forEachChunk(organizationsPerChunk:_:)``
/// hands over whole organizations a chunk at a time.
public struct DirectoryGenerator: Sendable {
    /// The feed every generated record names in its provenance.
    public static let feed: FeedName = "generated"
    /// The AIRS/211 taxonomy, as generated terms refer to it.
    public static let taxonomyID = TaxonomyID.derived(from: "taxonomy", "airs-211")
    /// 2026-01-01T00:00:00Z.
    public static let defaultReferenceDate = Date(timeIntervalSince1970: 1_767_225_600)

    public let seed: UInt64
    /// Exactly this many services are generated.
    public let services: Int
    /// "Today" for the directory: verification dates, capacity counts and change dates lie before it.
    public let referenceDate: Date
    /// The metros agencies are placed in (see ``Metro/metros(forServices:)``).
    public let metros: [Metro]

    /// - Parameters:
    ///   - seed: any value; different seeds give different directories.
    ///   - services: the number of services to make (0 or more).
    ///   - referenceDate: the directory's "today".
    public init(seed: UInt64, services: Int, referenceDate: Date = DirectoryGenerator.defaultReferenceDate) {
        precondition(services >= 0, "services must not be negative")
        self.seed = seed
        self.services = services
        self.referenceDate = referenceDate
        self.metros = Metro.metros(forServices: services)
    }

    /// Which of the five domains each part of the AIRS tree belongs to, as the generator intends it.
    public static var domainMapping: DomainMapping { DomainMapping(airs: Catalog.domainRules) }

    /// The AIRS/211 taxonomy and every term generated services can use, with all their ancestors,
    /// ordered by code.
    public func taxonomy() -> DirectoryBatch {
        var codes = Set<String>()
        for template in Catalog.templates {
            for code in [template.code] + template.targets {
                guard let airs = AIRSCode(code) else { preconditionFailure("malformed code \(code) in the catalog") }
                for ancestor in airs.lineage { codes.insert(ancestor.rawValue) }
            }
        }
        let taxonomy = Taxonomy(
            id: Self.taxonomyID, name: "AIRS/211 Taxonomy",
            description: "The 211 LA County Taxonomy of Human Services (211HSIS), as used by AIRS XML.",
            uri: "https://211taxonomy.org", version: nil
        )
        let terms = codes.sorted().map { code -> TaxonomyTerm in
            let parent = AIRSCode(code)?.parent.map { Self.termID(code: $0.rawValue) }
            return TaxonomyTerm(
                id: Self.termID(code: code), code: code, name: Catalog.termNames[code] ?? code, parentID: parent,
                taxonomy: "AIRS/211", taxonomyID: Self.taxonomyID, language: "en"
            )
        }
        return DirectoryBatch(taxonomies: [taxonomy], taxonomyTerms: terms)
    }

    /// The id of the AIRS term with this code.
    public static func termID(code: String) -> TaxonomyTermID { TaxonomyTermID.derived(from: "airs", code) }

    /// Hands over the directory a few organizations at a time, each with all its programs,
    /// locations, services and services-at-locations. Taxonomy terms are in ``taxonomy()``.
    ///
    /// - Parameters:
    ///   - organizationsPerChunk: organizations per batch (at least 1).
    ///   - body: called with each batch in order; an error stops the walk and is rethrown.
    public func forEachChunk(organizationsPerChunk: Int = 200, _ body: (DirectoryBatch) throws -> Void) rethrows {
        let perChunk = max(1, organizationsPerChunk)
        var chunk = DirectoryBatch()
        var inChunk = 0
        var remaining = services
        var index = 0
        while remaining > 0 {
            let wanted = OrganizationBuilder.plannedServiceCount(seed: seed, organization: index)
            let count = min(wanted, remaining)
            var builder = OrganizationBuilder(generator: self, index: index, serviceCount: count)
            builder.build(into: &chunk)
            remaining -= count
            index += 1
            inChunk += 1
            if inChunk == perChunk {
                try body(chunk)
                chunk = DirectoryBatch()
                inChunk = 0
            }
        }
        if inChunk > 0 { try body(chunk) }
    }

    /// The whole directory in one batch, taxonomy first. Meant for small directories.
    public func makeBatch() -> DirectoryBatch {
        var batch = taxonomy()
        forEachChunk { batch.append(contentsOf: $0) }
        return batch
    }
}
