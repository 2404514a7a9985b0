public import Foundation
public import SwitchboardCore

/// Builds a ``DirectoryIndex`` from services handed over one at a time, so a directory of a
/// million services streams in from the store page by page.
///
/// ```swift
/// var builder = DirectoryIndexBuilder(zipCodes: table, povertyGuidelines: guidelines)
/// for record in records { builder.add(record) }
/// let index = builder.build(now: Date())
/// ```
/// Retired services are skipped. Services may come in any order; rows end up in id order.
public struct DirectoryIndexBuilder: Sendable {
    /// One service's facts while the index is being built, before rows are numbered.
    struct Draft: Sendable {
        var id: ServiceID
        var summary: ServiceSummary
        var organization: UInt32
        var domainMask: UInt8
        var eligibility: Eligibility
        var cost: CostKind
        var capacity: CapacityState
        var available: Float
        var verifiedDay: Int32
        var utcOffset: Float
        var interpretation: Bool
        var sites: [SitePoint]
        var codes: [UInt32]
        var languages: [UInt16]
        var areas: [UInt32]
        var hours: [HoursWindow]
        var words: [(term: UInt32, frequency: Float)]
        var length: Float
        var accessibility: String?
        var payment: String
        var termRefs: [UInt32]
        var changedAt: Double
        var siteHashes: [Int]
    }

    /// How much a word counts depending on where it appears (a simple BM25F).
    static let fieldWeights = (name: Float(3), alternateName: Float(2), organization: Float(1.5), taxonomy: Float(2), description: Float(1))

    private var parts = DirectoryIndex()
    private var drafts: [Draft] = []
    private var organizationIDs: [OrganizationID: UInt32] = [:]
    private var areaIDs: [ResidencyArea: UInt32] = [:]
    /// Folded word to term id: each distinct word is stemmed once, not once per service.
    private var wordTerms: [String: UInt32] = [:]

    /// - Parameters:
    ///   - zipCodes: how ZIP codes in queries and profiles become places.
    ///   - povertyGuidelines: how incomes become a percent of poverty; without them income rules stay "unknown".
    public init(zipCodes: ZIPCodeTable = .empty, povertyGuidelines: PovertyGuidelines? = nil) {
        parts.zipCodes = zipCodes
        parts.povertyGuidelines = povertyGuidelines
    }

    /// Posting lists at least this long are also kept ranked (``RankedPostings``); tests lower it
    /// so that small directories take the same path as big ones.
    var rankedListMinimum = RankedPostings.minimumCount

    /// How many services have been added.
    public var count: Int { drafts.count }

    public mutating func add(contentsOf records: some Sequence<ServiceRecord>) {
        for record in records { add(record) }
    }

    /// Adds one service with its organization, sites and taxonomy terms; retired ones are skipped.
    public mutating func add(_ record: ServiceRecord) {
        guard !record.isRetired else { return }
        let service = record.service
        let organization = Self.intern(record.organization.id, in: &organizationIDs)
        let (capacity, available) = ServiceFacts.capacity(of: service)
        let (windows, offset) = WeeklyHours.windows(of: ServiceFacts.schedules(of: record))
        var domainMask: UInt8 = 0
        for domain in record.domains { domainMask |= DirectoryIndex.bit(domain) }

        let codes = internCodes(of: record)
        var words: [UInt32: Float] = [:]
        var length: Float = 0
        func addField(_ text: String?, _ weight: Float) {
            guard let text else { return }
            for word in Tokenizer.words(text) where !Tokenizer.stopWords.contains(word) {
                let term: UInt32
                if let known = wordTerms[word] { term = known } else {
                    term = intern(term: PorterStemmer.stem(word))
                    wordTerms[word] = term
                }
                words[term, default: 0] += weight
                length += weight
            }
        }
        let w = Self.fieldWeights
        addField(service.name, w.name)
        addField(service.alternateName, w.alternateName)
        addField(record.organization.name, w.organization)
        for code in codes { addField(parts.codeTable[Int(code)].name, w.taxonomy) }
        addField(service.description, w.description)

        drafts.append(Draft(
            id: record.id, summary: ServiceFacts.summary(of: record), organization: organization, domainMask: domainMask,
            eligibility: service.eligibility, cost: ServiceFacts.cost(of: service), capacity: capacity,
            available: Float(available), verifiedDay: ServiceFacts.verifiedDay(of: service) ?? Int32.min,
            utcOffset: offset.map(Float.init) ?? .nan,
            interpretation: !(service.interpretationServices ?? "").trimmingSpaces().isEmpty,
            sites: record.sites.compactMap { site in
                site.location.coordinate.flatMap { $0.isValid ? SitePoint(latitude: Float($0.latitude), longitude: Float($0.longitude)) : nil }
            },
            codes: codes,
            languages: ServiceFacts.languages(of: record).map { internLanguage(code: $0.code, name: $0.name) },
            areas: service.eligibility.residency.map { Self.intern($0, in: &areaIDs, table: &parts.areaTable) },
            hours: windows, words: words.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, length: length,
            accessibility: ServiceFacts.accessibilityText(of: record), payment: ServiceFacts.paymentText(of: service),
            termRefs: record.taxonomyTerms.map { internTermRef(TermRef(id: $0.id, taxonomyID: $0.taxonomyID)) },
            changedAt: service.provenance?.lastChanged.timeIntervalSince1970 ?? -.infinity,
            siteHashes: record.sites.map { SiteKey.hash($0.serviceAtLocation.id) }))
    }

    /// Numbers the rows in id order and lays the facts out in columns.
    public consuming func build(now: Date) -> DirectoryIndex {
        if !zip(drafts, drafts.dropFirst()).allSatisfy({ $0.id < $1.id }) { drafts.sort { $0.id < $1.id } }
        var p = parts
        p.builtAt = now
        let n = drafts.count
        p.codePostings = Array(repeating: [], count: p.codeTable.count)
        p.ownCodePostings = Array(repeating: [], count: p.codeTable.count)
        p.codeServiceCounts = Array(repeating: 0, count: p.codeTable.count)
        p.codeDomainMasks = Array(repeating: 0, count: p.codeTable.count)
        p.codePopulationCounts = Array(repeating: 0, count: p.codeTable.count * Population.allCases.count)
        p.languagePostings = Array(repeating: [], count: p.languageCodes.count)
        var gridSites: [(row: UInt32, ordinal: UInt16, point: SitePoint)] = []
        gridSites.reserveCapacity(n)
        var totalLength: Float = 0
        for (index, draft) in drafts.enumerated() {
            let row = UInt32(index)
            let e = draft.eligibility
            p.ids.append(draft.id)
            p.summaries.append(draft.summary)
            p.organizations.append(draft.organization)
            p.statuses.append(draft.summary.status)
            p.domainMasks.append(draft.domainMask)
            p.minimumAges.append(e.minimumAge.map(Float.init) ?? .nan)
            p.maximumAges.append(e.maximumAge.map(Float.init) ?? .nan)
            p.genderMasks.append((e.genders ?? []).reduce(0) { $0 | DirectoryIndex.bit($1) })
            p.incomeLimits.append(UInt16(clamping: e.maximumIncomePercentOfPoverty ?? 0))
            p.populationMasks.append(e.populations.reduce(0) { $0 | DirectoryIndex.bit($1) })
            p.costs.append(draft.cost)
            p.capacities.append(draft.capacity)
            p.available.append(draft.available)
            p.verifiedDays.append(draft.verifiedDay)
            p.utcOffsets.append(draft.utcOffset)
            p.interpretation.append(draft.interpretation)
            p.unparsedCounts.append(UInt8(clamping: e.unparsed.count))
            p.sites.append(draft.sites)
            p.codes.append(draft.codes)
            p.languages.append(draft.languages)
            p.areas.append(draft.areas)
            p.hours.append(draft.hours)
            p.termRefs.append(draft.termRefs)
            p.changedAt.append(draft.changedAt)
            for hash in draft.siteHashes { p.siteKeys.append(SiteKey(hash: hash, row: row)) }
            p.siteCounts.append(UInt16(clamping: draft.siteHashes.count))
            p.facts.append(RowFacts(
                minimumAge: p.minimumAges[index], maximumAge: p.maximumAges[index], verifiedDay: draft.verifiedDay,
                firstCodes: (draft.codes.first ?? .max, draft.codes.count > 1 ? draft.codes[1] : .max),
                firstAreas: (draft.areas.first ?? .max, draft.areas.count > 1 ? draft.areas[1] : .max),
                incomeLimit: p.incomeLimits[index], populationMask: p.populationMasks[index],
                siteCount: UInt16(clamping: draft.sites.count), genderMask: p.genderMasks[index],
                unparsedCount: p.unparsedCounts[index], codeCount: UInt8(clamping: draft.codes.count),
                areaCount: UInt8(clamping: draft.areas.count), isActive: draft.summary.status == .active, capacity: draft.capacity, cost: draft.cost))
            if !e.unparsed.isEmpty { p.unparsed[row] = e.unparsed }
            if let text = draft.accessibility { p.accessibility[row] = text }
            if !draft.payment.isEmpty { p.payment[row] = draft.payment }

            for domain in Domain.allCases where draft.domainMask & DirectoryIndex.bit(domain) != 0 {
                p.domainPostings[Domain.allCases.firstIndex(of: domain)!].append(row)
            }
            let populations = p.populationMasks[index]
            for code in draft.codes where p.ownCodePostings[Int(code)].last != row { p.ownCodePostings[Int(code)].append(row) }
            for code in draft.codes {
                p.codeServiceCounts[Int(code)] += 1
                p.codeDomainMasks[Int(code)] |= draft.domainMask
                for bit in 0..<Population.allCases.count where populations & (1 << UInt16(bit)) != 0 {
                    p.codePopulationCounts[Int(code) * Population.allCases.count + bit] += 1
                }
            }
            var reached = Set<UInt32>()
            for code in draft.codes {
                for id in [code] + p.codeTable[Int(code)].ancestors where reached.insert(id).inserted {
                    p.codePostings[Int(id)].append(row)
                }
            }
            for language in draft.languages { p.languagePostings[Int(language)].append(row) }
            for (term, frequency) in draft.words {
                p.termPostings[Int(term)].rows.append(row)
                p.termPostings[Int(term)].frequencies.append(frequency)
            }
            p.documentLengths.append(draft.length)
            totalLength += draft.length
            if draft.sites.isEmpty { p.remoteRows.append(row) }
            for (ordinal, site) in draft.sites.enumerated() { gridSites.append((row, UInt16(clamping: ordinal), site)) }
        }
        p.averageDocumentLength = n == 0 ? 1 : max(1, totalLength / Float(n))
        (p.codeEntry, p.codeExit) = Self.walk(p.codeTable)
        p.codesInOrder = [UInt32](repeating: 0, count: p.codeTable.count)
        for (id, entry) in p.codeEntry.enumerated() { p.codesInOrder[Int(entry)] = UInt32(id) }
        var needSites: [NeedGrid.Entry] = []
        needSites.reserveCapacity(gridSites.count * 3)
        for site in gridSites {
            let draft = drafts[Int(site.row)]
            let lead = draft.sites[0]
            for code in draft.codes { needSites.append(NeedGrid.Entry(term: code, row: site.row, ordinal: site.ordinal, point: site.point, lead: lead)) }
            for (d, domain) in Domain.allCases.enumerated() where draft.domainMask & DirectoryIndex.bit(domain) != 0 {
                needSites.append(NeedGrid.Entry(term: NeedGrid.domainTerm(d), row: site.row, ordinal: site.ordinal, point: site.point, lead: lead))
            }
        }
        p.eligibilityClasses = EligibilityClasses(facts: p.facts)
        p.needGrid = NeedGrid(entries: needSites, facts: p.facts, classes: p.eligibilityClasses.ofRow)
        let placeless = p.eligibilityClasses.placelessOfRow
        p.rankedDomainPostings = p.domainPostings.map { list in
            list.count >= rankedListMinimum ? RankedPostings(rows: list, facts: p.facts, placelessClasses: placeless, languages: p.languages) : nil
        }
        for (id, list) in p.codePostings.enumerated() where list.count >= rankedListMinimum {
            p.rankedCodePostings[UInt32(id)] = RankedPostings(rows: list, facts: p.facts, placelessClasses: placeless, languages: p.languages)
        }
        p.codeEntryPairs.reserveCapacity(n)
        p.hasMoreCodes.reserveCapacity(n)
        for draft in drafts {
            let entries = draft.codes.prefix(2).map { UInt64(p.codeEntry[Int($0)]) }
            let first = entries.first ?? UInt64(UInt32.max), second = entries.count > 1 ? entries[1] : UInt64(UInt32.max)
            p.codeEntryPairs.append(first | second << 32)
            p.hasMoreCodes.append(draft.codes.count > 2)
        }
        p.foldedAreas = p.areaTable.map { area in
            (area.kind == .county ? Tokenizer.foldedCounty(area.name) : Tokenizer.fold(area.name).trimmingSpaces(),
             area.state.map { Tokenizer.fold($0).trimmingSpaces() })
        }
        p.grid = SpatialGrid(sites: gridSites)
        p.siteKeys.sort()
        return p
    }

    /// Pre-order numbers of a depth-first walk over the code tree (parents are each code's first
    /// ancestor, children in key order): a code's descendants are numbered `entry + 1 ..< exit`.
    static func walk(_ table: [CodeInfo]) -> (entry: [UInt32], exit: [UInt32]) {
        var children = [[UInt32]](repeating: [], count: table.count)
        var roots: [UInt32] = []
        for (id, info) in table.enumerated() {
            if let parent = info.ancestors.first { children[Int(parent)].append(UInt32(id)) } else { roots.append(UInt32(id)) }
        }
        let byKey = { (a: UInt32, b: UInt32) in table[Int(a)].key < table[Int(b)].key }
        var entry = [UInt32](repeating: 0, count: table.count), exit = entry
        var clock: UInt32 = 0
        var stack: [(id: UInt32, next: Int)] = roots.sorted(by: byKey).reversed().map { ($0, -1) }
        for i in children.indices { children[i].sort(by: byKey) }
        while var top = stack.popLast() {
            if top.next == -1 { entry[Int(top.id)] = clock; clock += 1; top.next = 0 }
            let kids = children[Int(top.id)]
            if top.next < kids.count {
                let child = kids[top.next]
                top.next += 1
                stack.append(top)
                stack.append((child, -1))
            } else {
                exit[Int(top.id)] = clock  // descendants were numbered entry + 1 ..< exit
            }
        }
        return (entry, exit)
    }

    // MARK: Interning

    // Static, so the dictionaries stay uniquely referenced and grow in place: a method on `self`
    // would hold a second reference and copy them on every call.
    private static func intern<Key: Hashable>(_ key: Key, in table: inout [Key: UInt32]) -> UInt32 {
        if let id = table[key] { return id }
        let id = UInt32(table.count)
        table[key] = id
        return id
    }

    private static func intern<Key: Hashable>(_ key: Key, in table: inout [Key: UInt32], table list: inout [Key]) -> UInt32 {
        if let id = table[key] { return id }
        let id = UInt32(list.count)
        table[key] = id
        list.append(key)
        return id
    }

    private mutating func internTermRef(_ ref: TermRef) -> UInt32 {
        if let known = parts.termRefIDs[ref.id] { return known }
        let number = UInt32(parts.termTable.count)
        parts.termRefIDs[ref.id] = number
        parts.termTable.append(ref)
        return number
    }

    private mutating func intern(term: String) -> UInt32 {
        if let id = parts.termIDs[term] { return id }
        let id = UInt32(parts.termPostings.count)
        parts.termIDs[term] = id
        parts.termPostings.append(WordPosting())
        return id
    }

    private mutating func internLanguage(code: String, name: String?) -> UInt16 {
        if let id = parts.languageIDs[code] { return id }
        let id = UInt16(parts.languageCodes.count)
        parts.languageCodes.append(code)
        parts.languageNames.append(name ?? code)
        parts.languageIDs[code] = id
        if let name { parts.languageIDs[Tokenizer.fold(name)] = parts.languageIDs[Tokenizer.fold(name)] ?? id }
        return id
    }

    /// The ids of the service's own terms, adding them and their ancestors to the code table.
    private mutating func internCodes(of record: ServiceRecord) -> [UInt32] {
        let terms = Dictionary(record.taxonomyTerms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let byCode = Dictionary(record.taxonomyTerms.compactMap { t in t.code.flatMap { AIRSCode(rawValue: $0) }.map { ($0.rawValue, t) } }, uniquingKeysWith: { a, _ in a })
        var result: [UInt32] = []
        for termID in record.service.taxonomyTermIDs {
            guard let term = terms[termID] else { continue }
            // A chain of (key, name) from the term up to its root.
            var chain: [(String, String)] = []
            if let code = term.code.flatMap({ AIRSCode(rawValue: $0) }) {
                for airs in code.lineage.reversed() { chain.append((airs.rawValue, byCode[airs.rawValue]?.name ?? airs.rawValue)) }
            } else {
                var next: TaxonomyTerm? = term
                while let current = next, chain.count < 16 {
                    chain.append((current.code ?? current.id.rawValue, current.name))
                    next = current.parentID.flatMap { terms[$0] }
                }
            }
            var ids: [UInt32] = []
            for (key, name) in chain.reversed() {  // root first, so each knows its ancestors
                if let id = parts.codeIDs[key] { ids.append(id); continue }
                let id = UInt32(parts.codeTable.count)
                parts.codeTable.append(CodeInfo(key: key, name: name, ancestors: ids.reversed()))
                parts.codeIDs[key] = id
                ids.append(id)
            }
            if let own = ids.last, !result.contains(own) { result.append(own) }
        }
        return result
    }
}
