public import Foundation
public import SwitchboardCore

/// An immutable snapshot of the live directory, laid out for search and matching.
///
/// Each service is a row number (`UInt32`), and rows are in service-id order, so "ties broken by
/// id" is "ties broken by row". Facts are columns (struct of arrays: one array per fact, one
/// entry per row), lists per row are flattened (``RowLists``), and words, taxonomy codes,
/// domains and languages have sorted posting lists. Build one with ``DirectoryIndexBuilder``;
/// share it freely: a value that nobody mutates after the build, so queries need no lock, and
/// copying one copies references to its arrays, not the arrays.
public struct DirectoryIndex: Sendable {
    /// When the snapshot was built (the `now` given to the builder).
    public internal(set) var builtAt: Date = Date(timeIntervalSince1970: 0)
    /// ZIP codes to places, for queries and profiles that give a ZIP.
    public internal(set) var zipCodes: ZIPCodeTable = ZIPCodeTable.empty
    /// The poverty guidelines that turn a client's income into a percent of poverty.
    public internal(set) var povertyGuidelines: PovertyGuidelines? = nil

    // MARK: Columns (one entry per row)
    var ids: [ServiceID] = []
    var summaries: [ServiceSummary] = []
    /// The organization of each row, as a small number: one-stop plans count providers with it.
    var organizations: [UInt32] = []
    var statuses: [Service.Status] = []
    var domainMasks: [UInt8] = []
    /// NaN when the service has no such rule.
    var minimumAges: [Float] = []
    var maximumAges: [Float] = []
    /// Bit per ``Gender`` case; 0 when no gender rule is known.
    var genderMasks: [UInt8] = []
    /// Percent of poverty; 0 when no income rule is known.
    var incomeLimits: [UInt16] = []
    /// Bit per ``Population`` case the service is for.
    var populationMasks: [UInt16] = []
    var costs: [CostKind] = []
    var capacities: [CapacityState] = []
    var available: [Float] = []
    /// Days since 1970 of the last verification; `Int32.min` when never verified.
    var verifiedDays: [Int32] = []
    /// Hours of the service's schedules are in this UTC offset; NaN when the schedule gives none.
    var utcOffsets: [Float] = []
    var interpretation: [Bool] = []
    /// How many eligibility sentences could not be read (each a "check with the provider").
    var unparsedCounts: [UInt8] = []

    /// The facts above that a match's hard rules read, packed per row (see ``RowFacts``).
    var facts: [RowFacts] = []

    // MARK: Lists per row
    var sites: RowLists<SitePoint> = RowLists<SitePoint>()
    /// The depth-first entry numbers of a row's first two terms (low and high 32 bits;
    /// `UInt32.max` where there is none), so "does this row answer the need?" is two integer
    /// range checks for nearly every row; rows with more terms are flagged in `hasMoreCodes`.
    var codeEntryPairs: [UInt64] = []
    var hasMoreCodes: [Bool] = []
    /// Directly assigned taxonomy terms (ids into `codeTable`).
    var codes: RowLists<UInt32> = RowLists<UInt32>()
    var languages: RowLists<UInt16> = RowLists<UInt16>()
    /// Residency areas (ids into `areaTable`).
    var areas: RowLists<UInt32> = RowLists<UInt32>()
    var hours: RowLists<HoursWindow> = RowLists<HoursWindow>()
    /// What HSDS's `/services` filters on that matching does not: each row's own taxonomy terms
    /// by id (into `termTable`) and its last change, so the read API filters on the same snapshot.
    var termRefs: RowLists<UInt32> = RowLists<UInt32>()
    var termTable: [TermRef] = []
    var termRefIDs: [TaxonomyTermID: UInt32] = [:]
    /// Seconds since 1970 of the service's last change; `-infinity` when unknown.
    var changedAt: [Double] = []
    /// Every site (service at location) as (hash of its id, row), sorted: finds the service of a
    /// site in a few bytes per site rather than a dictionary of strings; callers confirm in the store.
    var siteKeys: [SiteKey] = []
    /// How many sites (services at locations) each row has, with or without coordinates: pages
    /// of HSDS's `/service_at_locations` are cut without reading every record.
    var siteCounts: [UInt16] = []

    // Rare facts, kept only for the rows that have them.
    var unparsed: [UInt32: [String]] = [:]
    var accessibility: [UInt32: String] = [:]
    var payment: [UInt32: String] = [:]

    // MARK: Tables and posting lists
    var codeTable: [CodeInfo] = []
    var codeIDs: [String: UInt32] = [:]
    /// Each code's pre-order number in a depth-first walk of the taxonomy tree: `c` lies below `n`
    /// exactly when `codeEntry[n] < codeEntry[c] < codeExit[n]`, two integer comparisons per check.
    var codeEntry: [UInt32] = []
    var codeExit: [UInt32] = []
    /// Code ids by pre-order number: a code's descendants are `codesInOrder[entry + 1 ..< exit]`.
    var codesInOrder: [UInt32] = []
    /// Sites by (own taxonomy term or domain, grid cell): a match reads only the services near
    /// the client that answer the need, however many other services a big city holds.
    var needGrid = NeedGrid(entries: [])
    /// Services the hard rules cannot tell apart, so a match counts the eligible ones by class.
    var eligibilityClasses = EligibilityClasses()
    /// Rows with a term that is this code or lies below it, by code id.
    var codePostings: [[UInt32]] = []
    /// Per code id, the services with it as their own term, their domains, and how many of them
    /// are for each population (`code * Population.allCases.count + population`): what kinds of
    /// service a domain offers people like a client (see `NeedTarget`).
    var codeServiceCounts: [UInt32] = []
    var codeDomainMasks: [UInt8] = []
    var codePopulationCounts: [UInt32] = []
    var languageCodes: [String] = []
    var languageNames: [String] = []
    /// A language's code or folded name to its id.
    var languageIDs: [String: UInt16] = [:]
    var languagePostings: [[UInt32]] = []
    var domainPostings: [[UInt32]] = Array(repeating: [], count: Domain.allCases.count)
    /// Rows with the code as one of their own terms (not below it), by code id: the services a
    /// broader code answers a need with.
    var ownCodePostings: [[UInt32]] = []
    /// The big posting lists again, for matches with no place: by domain, and by code id.
    var rankedDomainPostings: [RankedPostings?] = Array(repeating: nil, count: Domain.allCases.count)
    var rankedCodePostings: [UInt32: RankedPostings] = [:]
    var areaTable: [ResidencyArea] = []
    /// Area names and states folded once, so checking a client's place compares plain strings.
    var foldedAreas: [(name: String, state: String?)] = []
    var termIDs: [String: UInt32] = [:]
    var termPostings: [WordPosting] = []
    var documentLengths: [Float] = []
    var averageDocumentLength: Float = 1
    var grid: SpatialGrid = SpatialGrid(sites: [])
    /// Rows without a site with coordinates (phone lines, online services): they reach clients
    /// through their service areas.
    var remoteRows: [UInt32] = []

    /// An empty index; ``DirectoryIndexBuilder`` fills one in.
    init() {}

    /// How many services the snapshot holds (active or not; retired services are left out).
    public var count: Int { ids.count }

    /// The display facts of a service, or nil when the snapshot does not hold it.
    public func summary(of id: ServiceID) -> ServiceSummary? { row(of: id).map { summaries[Int($0)] } }

    /// The row of a service id (binary search over the id-ordered rows).
    func row(of id: ServiceID) -> UInt32? {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) >> 1
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < ids.count && ids[low] == id ? UInt32(low) : nil
    }

    /// Distance in miles from `point` to the row's nearest site, or nil when it has no site with coordinates.
    func nearestSite(of row: UInt32, from origin: Geo.Origin) -> (miles: Double, site: Int)? {
        let range = sites.range(of: row)
        guard !range.isEmpty else { return nil }
        var best = (miles: Double.infinity, site: 0)
        for i in range {
            let p = sites.values[i]
            let d = origin.miles(to: Double(p.latitude), Double(p.longitude))
            if d < best.miles || i == range.lowerBound { best = (d, i - range.lowerBound) }
        }
        return best
    }

    /// Calls `body` once per row with a site within `miles` of `point`, with the distance to the
    /// row's nearest site. No sorting and no set: a row with several sites is reported from its
    /// nearest one only.
    func forEachRow(within miles: Double, of point: Coordinate, _ body: (UInt32, Double) -> Void) {
        let origin = Geo.Origin(point)
        grid.forEachSite(within: miles, of: point) { row, ordinal, distance in
            if sites[row].count == 1 { return body(row, distance) }
            if let nearest = nearestSite(of: row, from: origin), nearest.site == Int(ordinal) { body(row, nearest.miles) }
        }
    }

    /// The language id for a code or a name ("es", "Spanish", "español").
    func languageID(_ text: String) -> UInt16? {
        let folded = Tokenizer.fold(text.trimmingSpaces())
        return languageIDs[folded] ?? LanguageNames.code(for: folded).flatMap { languageIDs[$0] }
    }

    /// The name to print for a language id.
    func languageName(_ id: UInt16) -> String { languageNames[Int(id)] }

    static func bit(_ domain: Domain) -> UInt8 { 1 << UInt8(Domain.allCases.firstIndex(of: domain)!) }
    static func bit(_ gender: Gender) -> UInt8 { 1 << UInt8(Gender.allCases.firstIndex(of: gender)!) }
    static func bit(_ population: Population) -> UInt16 { 1 << UInt16(Population.allCases.firstIndex(of: population)!) }
}

/// Common language names to ISO 639-1 codes, so a profile may say "Spanish" or "es".
enum LanguageNames {
    static let codes: [String: String] = [
        "english": "en", "spanish": "es", "espanol": "es", "vietnamese": "vi", "arabic": "ar", "somali": "so",
        "karen": "kar", "nepali": "ne", "french": "fr", "swahili": "sw", "amharic": "am", "chinese": "zh",
        "mandarin": "zh", "cantonese": "zh", "russian": "ru", "american sign language": "ase", "asl": "ase",
        "korean": "ko", "tagalog": "tl", "portuguese": "pt", "haitian creole": "ht", "polish": "pl", "hindi": "hi",
    ]

    static func code(for folded: String) -> String? { codes[folded] }
}
