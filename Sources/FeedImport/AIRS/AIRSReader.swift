public import Foundation
public import SwitchboardCore

/// Reads AIRS XML exports (3.0, 3.1, and what iCarol and other 211 systems write under those
/// names) into Switchboard's records, a chunk of whole agencies at a time, in flat memory.
///
/// Each chunk is a ``FeedReadResult`` to pass through ``FeedNormalizer/normalize(_:feed:now:airsNames:)``
/// and then to the store. A chunk holds whole top-level agencies (child agencies included) with
/// their programs, locations, services and services-at-locations, the taxonomy terms first used
/// in it (with their AIRS ancestors and the taxonomy), the delete stamps met, and the issues of
/// its records.
///
/// ## Mapping
/// - `Agency` → ``Organization`` (a child `Agency` gets `parentOrganizationID`); `AKA` → alternate
///   name; `IRSStatus`, `FEIN`, `YearInc`, `LegalStatus`, `SourceOfFunds` → tax status, tax id,
///   year, legal status, funding. `AgencyLocation` is the agency's office: its phones, web sites,
///   e-mails and contacts fill in what the agency itself lacks; it becomes a ``Location`` only when
///   it holds `SiteService`s (as the official 3.1 sample has it).
/// - `Site` → ``Location`` with ``Address``es (`PhysicalAddress` physical, `MailingAddress` postal;
///   withheld or confidential ones are left out), the first usable `SpatialLocation`, phones, web
///   site, contacts, hours (`TimeOpen`), languages, `DisabilitiesAccess` → accessibility,
///   `BusServiceAccess` → transportation; `NoPhysicalAddress` makes it virtual.
/// - `SiteService` → ``Service`` and ``ServiceAtLocation``. The service is named by its own key:
///   id `derived(feed, "service", key)`; the service-at-location by both keys: id
///   `derived(feed, "service_at_location", site key, service key)`. The same service key under
///   several sites of an agency is one service at several locations when what it says about the
///   service (name, description, taxonomy, eligibility, fees…) is the same; phones, hours and
///   areas that differ go on the service-at-location. When it differs, or the key is reused by
///   another agency, the later one is a service of its own: id `derived(feed, "service", key,
///   "site", site key)`, source key `site key/service key`, and a warning.
/// - `ServiceGroup` → ``Program`` (id `derived(feed, "program", key)`), linked by `ServiceGroupKey`.
/// - `TimeOpen` → ``Schedule``s: one weekly schedule per distinct opening time across the days;
///   `Notes` kept as the first schedule's description (a schedule of its own when there are no
///   days). `Seasonal` with ISO dates bounds the weekly schedules; in words it is kept as text.
/// - `Taxonomy/Code` → attributes of ``TaxonomyTerm``s: AIRS codes (checked with ``AIRSCode``)
///   as terms of the AIRS/211 taxonomy with id `derived("airs", code)` and their ancestors; other
///   strings (BC211's facet strings `{what:'…',who:'…'}`) as terms of a taxonomy of the feed's own,
///   with a warning the first time each is met; empty codes are skipped.
/// - `GeographicAreaServed` → ``ServiceArea``s named as ``EligibilityReader`` reads them (`ZIP
///   68102`, `Omaha, NE`, `Douglas County, NE`, state and country names); census tracts and
///   free descriptions are kept as written.
/// - `GeneralEligibility`, `OtherRequirements`, `AidRequirements`, `AgeRequirements`,
///   `GenderRequirements`, `FamilyRequirements`, `IncomeRequirements`, `ResidencyRequirements`
///   → `eligibilityDescription`, one line each, all text kept; `MinimumAge`/`MaximumAge` → ages.
/// - `FeeStructure` → `fees` and a ``CostOption``; `PaymentMethodAccepted` → `feesDescription`;
///   `ResourceInfo/@DateLastVerified` → `assuredDate` and the provenance's `lastVerified`.
/// - Status: `inactive`/`defunct` on the service, its site or its agency, or a name or description
///   beginning `DEL` (iCarol's convention), make the service so.
/// - `delete="true"` (AIRS 3.1 delete stamps, inherited by what the element holds) → the batch's
///   `deletions`, not records.
/// - Provenance: the feed, the AIRS `Key` as source key, `now` as first seen and last changed.
///
/// ## Problems
/// A record that cannot be read (no name, no key that can name it, a key met before) is left
/// out with a ``RecordIssue`` giving the file, line, column, key and reason; what it held is
/// left out too and reported. What can be read around a bad value is kept, with a warning.
/// A file that is not well-formed XML (cut short, bad encoding), nests deeper than 256 levels,
/// or uses DTD entities (entity-expansion and XXE attacks) stops the read: the chunks before it
/// have been delivered, and a ``RecordIssue`` with code ``RecordIssue/Code/malformedFile`` and
/// the position is thrown.
public struct AIRSReader: Sendable {
    public var url: URL
    public var feed: FeedName
    /// When the records are seen: provenance's first-seen and last-changed for new records.
    public var now: Date
    /// Names of AIRS codes (the installation's `airsNames`), for terms the file names only by code.
    public var airsNames: [String: String]

    public init(url: URL, feed: FeedName, now: Date, airsNames: [String: String] = [:]) {
        self.url = url; self.feed = feed; self.now = now; self.airsNames = airsNames
    }

    /// The namespace of AIRS XML 3.1 (3.0 and iCarol exports have none; both are read).
    public static let namespace31 = "http://www.airs.org/schema/3_1/AIRS.xsd"

    /// The AIRS/211 taxonomy the terms belong to (the generator's id and name).
    public static let airsTaxonomy = Taxonomy(
        id: TaxonomyID.derived(from: "taxonomy", "airs-211"), name: "AIRS/211 Taxonomy",
        description: "The 211 LA County Taxonomy of Human Services (211HSIS), as used by AIRS XML.",
        uri: "https://211taxonomy.org"
    )

    /// The taxonomy of a feed's codes that are not AIRS codes (BC211's facet strings and the like).
    public static func localTaxonomy(feed: FeedName) -> Taxonomy {
        Taxonomy(
            id: TaxonomyID.derived(from: "taxonomy", "feed-local", feed.rawValue), name: "\(feed.rawValue) local codes",
            description: "Classification strings of feed '\(feed.rawValue)' that are not AIRS/211 codes, kept as written."
        )
    }

    /// Reads the whole file, handing over a chunk whenever it holds `chunkSize` site-services or more.
    ///
    /// - Parameters:
    ///   - chunkSize: site-services per chunk (whole agencies are never split, so a chunk may hold more).
    ///   - chunk: called with each chunk in file order; an error it throws stops the read and is rethrown.
    /// - Returns: counts of what was read.
    /// - Throws: a ``RecordIssue`` (``RecordIssue/Code/malformedFile``, with line and column) when the
    ///   file cannot be read to its end; ``FeedFormatError`` when it cannot be opened; what `chunk` throws.
    @discardableResult
    ///   - bytesRead: told how many bytes of the file have been read, after each chunk (for progress).
    ///   - memory: the directory's memory of this feed's units: a top-level agency it remembers
    ///     exactly is taken as read instead of mapped (see ``FeedUnit``); without it, every agency is
    ///     mapped, and chunks carry no units.
    public func read(
        chunkSize: Int = 500, bytesRead: ((Int) -> Void)? = nil, memory: (any FeedUnitMemory)? = nil,
        _ chunk: (FeedReadResult) throws -> Void
    ) throws -> AIRSReadSummary {
        var mapper = AIRSMapper(feed: feed, file: url.path, now: now, airsNames: airsNames)
        let stream: XMLStreamReader
        do {
            stream = try XMLStreamReader(path: url.path, names: AIRSName.names)
        } catch {
            throw FeedFormatError(path: url.path, reason: error.message)
        }
        let limit = max(1, chunkSize)
        var bytes = 0
        func flush() throws {
            guard let result = mapper.takeChunk() else { return }
            try chunk(result)
            bytesRead?(bytes)
        }
        let recorder = XMLTapeRecorder(names: AIRSName.names.count, positionedNames: AIRSName.positioned, salt: unitSalt)
        let parser = AIRSParseThread(stream: stream, recorder: recorder, agencyName: AIRSName.table.firstIndex(of: .agency)!)
        parser.start()
        defer { parser.stop() }
        // Agencies come whole in units, so a chunk is full only after one: never inside a replay.
        func play(_ tape: XMLTape, documentNamespace: String?) {
            tape.replay(documentNamespace: documentNamespace) { event, source in
                switch event {
                case .startElement: mapper.start(AIRSName.at(source.name), stream: source)
                case .text: mapper.text(stream: source)
                case .endElement: _ = mapper.end(stream: source)
                case .endOfDocument: break
                }
            }
        }
        var documentNamespace: String?
        while let piece = parser.next() {
            switch piece {
            case .loose(let tape, let namespace, let read):
                bytes = read
                documentNamespace = namespace
                play(tape, documentNamespace: namespace)
            case .unit(let tape, let digest, let read):
                bytes = read
                // Taken as read if the directory remembers it exactly; else mapped, and remembered if clean.
                if let memory, let unit = try memory.unit(digest), mapper.canReuse(unit), try memory.reuse(unit) {
                    mapper.reuse(unit, start: tape.positions.first)
                    continue
                }
                if memory != nil { mapper.beginUnit(digest, start: tape.positions.first) }
                play(tape, documentNamespace: documentNamespace)
                mapper.endUnit()
                if mapper.pendingSiteServices >= limit { try flush() }
            case .end(let warnings, let read):
                bytes = read
                mapper.finish(warnings: warnings)
                try flush()
                mapper.summary.bytes = read
                return mapper.summary
            case .failed(let error, let warnings, let read):
                bytes = read
                mapper.finish(warnings: warnings)
                try flush()
                let position = error.position
                throw RecordIssue(.malformedFile, "the file cannot be read past this point: \(error.message)", file: url.path,
                    line: position?.line, column: position?.column ?? nil)
            }
        }
        throw RecordIssue(.malformedFile, "the file could not be read to its end", file: url.path)
    }

    /// Bumped whenever reading or normalizing AIRS records changes what they hold, so that units
    /// remembered by an older reader are read in full again rather than taken as read.
    static let mappingRevision = 1

    /// What every unit digest starts with: the mapping revision, the feed (ids are the feed's)
    /// and the names of AIRS codes the records are given.
    var unitSalt: [UInt8] {
        var text = "switchboard-airs-units \(Self.mappingRevision)\u{1F}\(feed.rawValue)"
        for (code, name) in airsNames.sorted(by: { $0.key < $1.key }) { text += "\u{1F}\(code)\u{1E}\(name)" }
        return Array(text.utf8).withUnsafeBytes { FeedUnitDigest(of: $0) }.bytes
    }

    /// Reads the whole file into one result (for small files and tests).
    /// - Throws: as ``read(chunkSize:_:)``.
    public func readAll() throws -> (result: FeedReadResult, summary: AIRSReadSummary) {
        var all = FeedReadResult()
        let summary = try read(chunkSize: .max) { chunk in
            all.batch.append(contentsOf: chunk.batch)
            all.issues += chunk.issues
            all.origins.merge(chunk.origins) { first, _ in first }
        }
        return (all, summary)
    }
}

/// What one read of an AIRS file found.
public struct AIRSReadSummary: Hashable, Sendable, Codable {
    /// Records of one kind: met in the file, read into records, left out with an issue, stamped deleted.
    public struct Counts: Hashable, Sendable, Codable {
        public var read = 0
        public var accepted = 0
        public var rejected = 0
        public var deleted = 0
        public init(read: Int = 0, accepted: Int = 0, rejected: Int = 0, deleted: Int = 0) {
            self.read = read; self.accepted = accepted; self.rejected = rejected; self.deleted = deleted
        }
    }

    /// `SchemaVersion`, `SoftwareVendor` and `SourceEntity` of the `Source` element.
    public var schemaVersion: String?
    public var softwareVendor: String?
    public var sourceEntity: String?
    /// The document's namespace: nil for AIRS 3.0 and iCarol, `http://www.airs.org/schema/3_1/AIRS.xsd` for 3.1.
    public var namespace: String?
    public var agencies = Counts()
    public var sites = Counts()
    public var siteServices = Counts()
    /// Distinct services made (site-services that share a key and content make one).
    public var services = 0
    public var programs = 0
    /// Every `Taxonomy/Code` element in the file, and the empty ones among them.
    public var codes = 0
    public var emptyCodes = 0
    /// Codes of the site-services read into records: AIRS codes, and strings kept as the feed's own terms.
    public var airsCodes = 0
    public var localCodes = 0
    /// Terms handed over (AIRS terms with their ancestors, and local ones).
    public var taxonomyTerms = 0
    public var deletions = 0
    /// Top-level agencies taken as read because the directory remembered them exactly (see ``FeedUnit``);
    /// their records and counts are included above.
    public var reusedAgencies = 0
    /// Issues reported, warnings among them.
    public var issues = 0
    public var warnings = 0
    public var chunks = 0
    public var bytes = 0

    public init() {}
}
