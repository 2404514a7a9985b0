import Foundation
import JSONText
import SwitchboardCore

/// Writes one `DirectoryBatch` inside the caller's write transaction.
///
/// Records go in dependency order (taxonomies, terms, organizations, programs, locations,
/// services, services at locations), so by the time a record is checked, everything it may point
/// at in the batch has already been accepted or rejected. Every check is set-based: one query per
/// kind of record and slice of ids, never one per record. Anything thrown leaves the transaction
/// to be rolled back by the caller.
///
/// Every record is fingerprinted first (see ``Fingerprint``); only the records whose fingerprint
/// differs from the stored one are checked, encoded and written. In a refresh the run's ledger
/// holds the stored fingerprints, so an unchanged record costs no query at all.
struct BatchApplier {
    enum Table: String, CaseIterable {
        case taxonomy, taxonomyTerm = "taxonomy_term", organization, program, location, service
        case serviceAtLocation = "service_at_location"

        /// How issues name the record type: the HSDS table name.
        var recordType: String { rawValue }

        /// Whether the table has a `retired_at` column: the records a feed owns and a referral may name.
        var isRetirable: Bool {
            switch self {
            case .organization, .location, .service, .serviceAtLocation: true
            case .taxonomy, .taxonomyTerm, .program: false
            }
        }

        /// Whether a feed lists each record once. Taxonomy is shared reference data: a chunked
        /// reader may hand the same term over with every chunk that uses it.
        var isListedOnce: Bool { self != .taxonomy && self != .taxonomyTerm }
    }

    /// How a record of the batch compares with the stored one.
    enum Outcome: Equatable {
        case added, updated, unchanged
        /// A retired record that a refresh finds in its feed again; `changed` when its content differs too.
        case revived(changed: Bool)

        /// Whether the record's columns are (re)written.
        var writesContent: Bool { self == .added || self == .updated || self == .revived(changed: true) }
    }

    /// A record of the batch with its fingerprint, taken once. Its stored form (JSON text) is
    /// made only for the records that are written.
    private struct Prepared<Record> {
        var record: Record
        var id: String
        var fingerprint: Fingerprint
        /// A column the fingerprint covers besides the record: a term's resolved taxonomy.
        var column: String?
        /// The stored text, when it was made before the batch reached the store (``PreparedBatch``).
        var body: String? = nil
        /// A service's eligibility column, likewise.
        var eligibility: String? = nil
    }

    /// A record's feed and the feed's own key for it.
    private struct SourceKey: Hashable {
        var feed: String
        var sourceKey: String
    }

    /// What the store already holds for a record of the batch.
    struct Stored {
        var hash: StoredHash
        var isRetired: Bool
    }

    let db: any SQLSession
    let now: Date
    let mapping: DomainMapping
    /// The refresh this batch is part of, or nil for a plain `apply`.
    let run: RefreshRun?
    /// For the stored text. Keys in the order the record encodes them: nothing compares the text any more.
    private let encoder = JSONTextEncoder()
    /// For checking "v1-directory" hashes, which were taken of `JSONEncoder`'s text with sorted
    /// keys: this writer's sorted text is the same, byte for byte.
    private let legacyEncoder = JSONTextEncoder(sortsKeys: true)
    /// The fingerprint buffer, reused from record to record.
    private let scratch = FingerprintScratch()
    private var summary = ApplySummary()
    /// Ids of the batch that passed every check, by table: other records may point at them.
    private var accepted: [Table: Set<String>] = [:]
    /// Ids of the batch that were rejected, so a dependent's issue can say why its target is missing.
    private var rejected: [Table: Set<String>] = [:]
    /// The batch's accepted terms, for the domains of its services.
    private var batchTerms: [TaxonomyTermID: TaxonomyTerm] = [:]
    /// Services whose content changed: their links and derived rows are rewritten.
    private var changedServices: [Service] = []
    private var updatedServiceIDs = Set<String>()

    init(db: any SQLSession, now: Date, mapping: DomainMapping, run: RefreshRun? = nil) {
        self.db = db; self.now = now; self.mapping = mapping; self.run = run
    }

    /// - Parameter forms: the forms of the batch's records made already (``PreparedBatch``), if any.
    mutating func apply(_ batch: DirectoryBatch, forms: PreparedBatch.Forms? = nil) throws -> ApplySummary {
        try applyTaxonomies(batch.taxonomies)
        try applyTerms(batch.taxonomyTerms)
        try applyOrganizations(batch.organizations, made: forms?.organizations)
        try applyPrograms(batch.programs)
        try applyLocations(batch.locations, made: forms?.locations)
        try applyServices(batch.services, links: batch.servicesAtLocations, made: forms?.services)
        try applyServicesAtLocations(batch.servicesAtLocations, made: forms?.servicesAtLocations)
        if !batch.deletions.isEmpty {
            var retirement = Retirement(db: db, now: now, run: run)
            try retirement.retire(batch.deletions)
            summary.retired += retirement.retiredCount
            summary.issues += retirement.issues
        }
        return summary
    }

    // MARK: Each kind of record

    private mutating func applyTaxonomies(_ records: [Taxonomy]) throws {
        let records = firstOfEachID(records, { $0.id.rawValue }, .taxonomy, counts: nil)
        // Locals: the closures must not capture self, which the checks mutate.
        let encoder = self.encoder, legacyEncoder = self.legacyEncoder
        let legacy = { (taxonomy: Prepared<Taxonomy>) in
            StoredForm.digest([try StoredForm.encode(taxonomy.record, legacyEncoder, recordType: "taxonomy")])
        }
        let prepared = try prepare(records, .taxonomy, counts: nil, legacy: legacy)
        let outcomes = try store(prepared, .taxonomy, ["id", "name", "body", "content_hash"], legacy: legacy) { taxonomy in
            let body = try StoredForm.encode(taxonomy.record, encoder, recordType: "taxonomy")
            return [taxonomy.id, taxonomy.record.name, body, taxonomy.fingerprint.hex]
        }
        tally(outcomes, in: nil)
        accepted[.taxonomy, default: []].formUnion(prepared.map(\.id))
    }

    private mutating func applyTerms(_ records: [TaxonomyTerm]) throws {
        let records = firstOfEachID(records, { $0.id.rawValue }, .taxonomyTerm, counts: \.taxonomyTerms)
        // HSDS makes a term's `taxonomy_detail` optional, so feeds often name a taxonomy they do
        // not carry. The term is still good: it keeps the id in its body, and the column (the
        // foreign key) is filled once the taxonomy is known; the fingerprint covers the column,
        // so that happens on the next apply that brings the taxonomy.
        let batchTaxonomies = accepted[.taxonomy] ?? []
        let knownTaxonomies = batchTaxonomies.union(try storedIDs(
            .taxonomy, Set(records.compactMap(\.taxonomyID?.rawValue)).subtracting(batchTaxonomies)
        ))
        for term in records {
            if let id = term.taxonomyID?.rawValue, !knownTaxonomies.contains(id) {
                summary.issues.append(RecordIssue(
                    .danglingReference,
                    "taxonomy_id names taxonomy '\(id)', which is neither in the batch nor in the store; the term is kept without the link",
                    recordType: Table.taxonomyTerm.recordType, recordID: term.id.rawValue, field: "taxonomy_id", isWarning: true
                ))
            }
        }
        let encoder = self.encoder, legacyEncoder = self.legacyEncoder
        let legacy = { (term: Prepared<TaxonomyTerm>) in
            StoredForm.digest([try StoredForm.encode(term.record, legacyEncoder, recordType: "taxonomy term"), term.column])
        }
        var prepared = try prepare(
            records, .taxonomyTerm, counts: \.taxonomyTerms, legacy: legacy,
            column: { $0.taxonomyID.map(\.rawValue).flatMap { knownTaxonomies.contains($0) ? $0 : nil } }
        )
        // Terms set aside as unchanged are stored as they are, parents included; only the others are checked.
        prepared = try keepResolvableSelfReferences(
            prepared, \.id, .taxonomyTerm, field: "parent_id", parent: { $0.record.parentID?.rawValue },
            counts: \.taxonomyTerms
        )
        let columns = ["id", "code", "name", "parent_id", "taxonomy_id", "body", "content_hash"]
        let outcomes = try store(prepared, .taxonomyTerm, columns, legacy: legacy) { term in
            let body = try StoredForm.encode(term.record, encoder, recordType: "taxonomy term")
            return [
                term.id, term.record.code, term.record.name, term.record.parentID?.rawValue, term.column, body,
                term.fingerprint.hex,
            ]
        }
        tally(outcomes, in: \.taxonomyTerms)
        // Unchanged terms count too: the services of the batch are classified with them.
        for term in records where rejected[.taxonomyTerm]?.contains(term.id.rawValue) != true {
            batchTerms[term.id] = term
        }
    }

    private mutating func applyOrganizations(_ records: [Organization], made: [PreparedBatch.Form]?) throws {
        let records = firstOfEachID(records, { $0.id.rawValue }, .organization, counts: \.organizations)
        let encoder = self.encoder, legacyEncoder = self.legacyEncoder
        let legacy = { (organization: Prepared<Organization>) in
            Self.legacyDigest(
                try StoredForm.encode(organization.record, legacyEncoder, recordType: "organization"), nil,
                organization.record.provenance
            )
        }
        var prepared = try prepare(records, .organization, counts: \.organizations, legacy: legacy, made: made)
        prepared = try keepUniqueSourceKeys(prepared, \.id, { $0.record.provenance }, .organization, counts: \.organizations)
        prepared = try keepResolvableSelfReferences(
            prepared, \.id, .organization, field: "parent_organization_id",
            parent: { $0.record.parentOrganizationID?.rawValue }, counts: \.organizations
        )
        let columns = [
            "id", "name", "parent_organization_id", "feed", "source_key", "first_seen", "last_changed",
            "last_verified", "body", "content_hash",
        ]
        let outcomes = try store(prepared, .organization, columns, keep: ["first_seen"], legacy: legacy) { prepared in
            let organization = prepared.record
            let p = organization.provenance
            return [
                prepared.id, organization.name, organization.parentOrganizationID?.rawValue,
                p?.feed.rawValue, p?.sourceKey, firstSeen(p), lastChanged(p), p?.lastVerified.map(StoredForm.seconds),
                try prepared.body ?? StoredForm.encode(organization, encoder, recordType: "organization"), prepared.fingerprint.hex,
            ]
        }
        tally(outcomes, in: \.organizations)
    }

    private mutating func applyPrograms(_ records: [Program]) throws {
        let records = firstOfEachID(records, { $0.id.rawValue }, .program, counts: \.programs)
        let encoder = self.encoder, legacyEncoder = self.legacyEncoder
        let legacy = { (program: Prepared<Program>) in
            StoredForm.digest([try StoredForm.encode(program.record, legacyEncoder, recordType: "program")])
        }
        var prepared = try prepare(records, .program, counts: \.programs, legacy: legacy)
        prepared = try keepResolvable(prepared, \.id, .program, counts: \.programs, references: [
            ("organization_id", .organization, { $0.record.organizationID.rawValue }),
        ])
        let columns = ["id", "organization_id", "name", "body", "content_hash"]
        let outcomes = try store(prepared, .program, columns, legacy: legacy) { program in
            let body = try StoredForm.encode(program.record, encoder, recordType: "program")
            return [program.id, program.record.organizationID.rawValue, program.record.name, body, program.fingerprint.hex]
        }
        tally(outcomes, in: \.programs)
    }

    private mutating func applyLocations(_ records: [Location], made: [PreparedBatch.Form]?) throws {
        let records = firstOfEachID(records, { $0.id.rawValue }, .location, counts: \.locations)
        let encoder = self.encoder, legacyEncoder = self.legacyEncoder
        let legacy = { (location: Prepared<Location>) in
            Self.legacyDigest(
                try StoredForm.encode(location.record, legacyEncoder, recordType: "location"), nil, location.record.provenance
            )
        }
        var prepared = try prepare(records, .location, counts: \.locations, legacy: legacy, made: made)
        prepared = try keepUniqueSourceKeys(prepared, \.id, { $0.record.provenance }, .location, counts: \.locations)
        prepared = try keepResolvable(prepared, \.id, .location, counts: \.locations, references: [
            ("organization_id", .organization, { $0.record.organizationID?.rawValue }),
        ])
        let columns = [
            "id", "organization_id", "location_type", "name", "latitude", "longitude", "feed", "source_key",
            "first_seen", "last_changed", "last_verified", "body", "content_hash",
        ]
        let outcomes = try store(prepared, .location, columns, keep: ["first_seen"], legacy: legacy) { prepared in
            let location = prepared.record
            let p = location.provenance
            return [
                prepared.id, location.organizationID?.rawValue, location.locationType.rawValue,
                location.name, location.latitude, location.longitude, p?.feed.rawValue, p?.sourceKey,
                firstSeen(p), lastChanged(p), p?.lastVerified.map(StoredForm.seconds),
                try prepared.body ?? StoredForm.encode(location, encoder, recordType: "location"), prepared.fingerprint.hex,
            ]
        }
        tally(outcomes, in: \.locations)
    }

    private mutating func applyServices(_ records: [Service], links: [ServiceAtLocation], made: [PreparedBatch.Form]?) throws {
        let records = firstOfEachID(records, { $0.id.rawValue }, .service, counts: \.services)
        let encoder = self.encoder, legacyEncoder = self.legacyEncoder
        let legacy = { (service: Prepared<Service>) in
            Self.legacyDigest(
                try StoredForm.encode(service.record, legacyEncoder, recordType: "service"),
                try StoredForm.eligibilityJSON(service.record.eligibility, legacyEncoder), service.record.provenance
            )
        }
        var prepared = try prepare(records, .service, counts: \.services, legacy: legacy, made: made)
        prepared = try keepUniqueSourceKeys(prepared, \.id, { $0.record.provenance }, .service, counts: \.services)
        prepared = try keepResolvable(prepared, \.id, .service, counts: \.services, references: [
            ("organization_id", .organization, { $0.record.organizationID.rawValue }),
            ("program_id", .program, { $0.record.programID?.rawValue }),
        ])
        let columns = [
            "id", "organization_id", "program_id", "name", "status", "eligibility", "feed", "source_key",
            "first_seen", "last_changed", "last_verified", "body", "content_hash",
        ]
        let outcomes = try store(prepared, .service, columns, keep: ["first_seen"], legacy: legacy) { prepared in
            let service = prepared.record
            let p = service.provenance
            return [
                prepared.id, service.organizationID.rawValue, service.programID?.rawValue, service.name,
                service.status.rawValue, try prepared.eligibility ?? StoredForm.eligibilityJSON(service.eligibility, encoder), p?.feed.rawValue,
                p?.sourceKey, firstSeen(p), lastChanged(p), p?.lastVerified.map(StoredForm.seconds),
                try prepared.body ?? StoredForm.encode(service, encoder, recordType: "service"), prepared.fingerprint.hex,
            ]
        }
        tally(outcomes, in: \.services)
        for (service, outcome) in zip(prepared, outcomes) where outcome.writesContent {
            changedServices.append(service.record)
            if outcome != .added { updatedServiceIDs.insert(service.id) }
        }
        try replaceDerivedRows(links: links)
    }

    /// Rewrites the terms, domains and sites of the services that changed.
    ///
    /// An updated service's sites are replaced: links the batch no longer lists for it are
    /// deleted (retired, in a delta refresh), the batch's own are written next. A full-export
    /// refresh leaves them alone here: a site the whole feed no longer lists is retired at the
    /// end of the run, whichever chunk the reader put it in.
    private mutating func replaceDerivedRows(links: [ServiceAtLocation]) throws {
        guard !changedServices.isEmpty else { return }
        var batchLinks: [String: [String]] = [:]
        for link in links where updatedServiceIDs.contains(link.serviceID.rawValue) {
            batchLinks[link.serviceID.rawValue, default: []].append(link.id.rawValue)
        }
        // Terms the services name that this batch did not bring: read them once, for their codes.
        let missing = Set(changedServices.flatMap(\.taxonomyTermIDs)).subtracting(batchTerms.keys)
        var terms = batchTerms
        for slice in Array(missing.map(\.rawValue)).chunked() {
            for term in try DirectorySQL.taxonomyTerms(
                db, "WHERE id IN (\(placeholders(slice.count)))", SQLArguments(Array(slice))
            ) {
                terms[term.id] = term
            }
        }

        var termLinks = BulkInsert(db: db, columns: ["service_id", "term_id", "position"]) { rows in
            "INSERT INTO service_taxonomy_term (service_id, term_id, position) VALUES \(BulkInsert.values(rows: rows, columns: 3))"
        }
        var domains = BulkInsert(db: db, columns: ["service_id", "domain"]) { rows in
            "INSERT INTO service_domain (service_id, domain) VALUES \(BulkInsert.values(rows: rows, columns: 2))"
        }
        for service in changedServices {
            let id = service.id.rawValue
            if updatedServiceIDs.contains(id) {
                // The rows still waiting to be written are of other services: nothing these statements touch.
                try execute("DELETE FROM service_taxonomy_term WHERE service_id = ?", [id])
                try execute("DELETE FROM service_domain WHERE service_id = ?", [id])
                let keep = batchLinks[id] ?? []
                if let run {
                    if !run.policy.isFullExport {
                        let retired = try db.fetchAll(String.self, sql: """
                                UPDATE service_at_location SET retired_at = ?
                                WHERE service_id = ? AND retired_at IS NULL AND id NOT IN (\(placeholders(keep.count)))
                                RETURNING id
                                """,
                            arguments: SQLArguments([StoredForm.seconds(now)]) + SQLArguments([id] + keep)
                        )
                        for link in retired { run.noteRetired(.serviceAtLocation, link) }
                    }
                } else {
                    try execute(
                        "DELETE FROM service_at_location WHERE service_id = ? AND id NOT IN (\(placeholders(keep.count)))",
                        SQLArguments([id] + keep)
                    )
                }
            }
            var known: [TaxonomyTerm] = []
            for termID in service.taxonomyTermIDs {
                guard let term = terms[termID] else {
                    // The classification stays in the body; only the link waits for the term to exist.
                    summary.issues.append(RecordIssue(
                        .danglingReference,
                        "taxonomy_term_id '\(termID)' names no taxonomy term in the batch or the store; the service is kept without it",
                        recordType: Table.service.recordType, recordID: id, field: "attributes", isWarning: true
                    ))
                    continue
                }
                try termLinks.append([id, termID.rawValue, known.count])
                known.append(term)
            }
            for domain in mapping.domains(of: known) {
                try domains.append([id, domain.rawValue])
            }
        }
        try termLinks.flush()
        try domains.flush()
    }

    private mutating func applyServicesAtLocations(_ records: [ServiceAtLocation], made: [PreparedBatch.Form]?) throws {
        let records = firstOfEachID(records, { $0.id.rawValue }, .serviceAtLocation, counts: \.servicesAtLocations)
        let encoder = self.encoder, legacyEncoder = self.legacyEncoder
        let legacy = { (link: Prepared<ServiceAtLocation>) in
            StoredForm.digest([try StoredForm.encode(link.record, legacyEncoder, recordType: "service at location")])
        }
        var prepared = try prepare(records, .serviceAtLocation, counts: \.servicesAtLocations, legacy: legacy, made: made)
        prepared = try keepResolvable(
            prepared, \.id, .serviceAtLocation, counts: \.servicesAtLocations,
            references: [
                ("service_id", .service, { $0.record.serviceID.rawValue }),
                ("location_id", .location, { $0.record.locationID.rawValue }),
            ]
        )
        let columns = ["id", "service_id", "location_id", "body", "content_hash"]
        let outcomes = try store(prepared, .serviceAtLocation, columns, legacy: legacy) { link in
            let body = try link.body ?? StoredForm.encode(link.record, encoder, recordType: "service at location")
            return [link.id, link.record.serviceID.rawValue, link.record.locationID.rawValue, body, link.fingerprint.hex]
        }
        tally(outcomes, in: \.servicesAtLocations)
    }

    // MARK: Writing

    /// Fingerprints the records. In a refresh, those the run's ledger shows stored, live and
    /// with the same fingerprint are counted unchanged and go no further (no query, no copy):
    /// that is what keeps re-importing an unchanged feed cheap. A second listing of a record the
    /// feed lists once is rejected. The rest come back prepared for the checks and the writes.
    /// - Parameter made: the records' forms made before the batch reached the store, one for each
    ///   record; ignored when a duplicate was taken out of `records` on the way here.
    private mutating func prepare<R: StoredRecord>(
        _ records: [R], _ table: Table, counts: WritableKeyPath<ApplySummary, ApplySummary.Counts>?,
        legacy: (Prepared<R>) throws -> SHA1.Digest, column: ((R) -> String?)? = nil, made: [PreparedBatch.Form]? = nil
    ) throws -> [Prepared<R>] {
        let made = made?.count == records.count ? made : nil
        let ledger = run?.ledgers[table]
        var rest: [Prepared<R>] = []
        // Records the ledger does not know yet, for duplicates within the batch.
        var unknownIDs = Set<String>()
        for (index, record) in records.enumerated() {
            let recordID = record.recordID
            let recordColumn = column?(record)
            let form = made?[index]
            let print = form?.fingerprint ?? Self.fingerprint(record, recordColumn, scratch: scratch)
            guard let ledger, let entry = ledger[recordID] else {
                if ledger != nil && table.isListedOnce && !unknownIDs.insert(recordID).inserted {
                    rejectRepeated(recordID, table, counts: counts)
                    continue
                }
                rest.append(Prepared(
                    record: record, id: recordID, fingerprint: print, column: recordColumn,
                    body: form?.body, eligibility: form?.eligibility
                ))
                continue
            }
            if table.isListedOnce {
                if entry.appeared {
                    rejectRepeated(recordID, table, counts: counts)
                    continue
                }
                // Listed now, whatever happens to it next: a second listing is a duplicate.
                ledger.modify(recordID) { $0.appeared = true }
            }
            var same = false
            if !entry.isRetired {
                switch entry.hash {
                case .fingerprint(let stored): same = stored == print
                case .legacy(let digest):
                    same = try legacy(Prepared(record: record, id: recordID, fingerprint: print, column: recordColumn)) == digest
                case .unreadable: same = false
                }
            }
            if same {
                if entry.hash.isLegacy { try replaceLegacyHash(table, recordID, print) }
                ledger.modify(recordID) { entry in
                    entry.appeared = true
                    entry.hash = .fingerprint(print)
                }
                if let counts { count(.unchanged, in: counts) }
            } else {
                rest.append(Prepared(
                    record: record, id: recordID, fingerprint: print, column: recordColumn,
                    body: form?.body, eligibility: form?.eligibility
                ))
            }
        }
        return rest
    }

    private mutating func rejectRepeated(
        _ id: String, _ table: Table, counts: WritableKeyPath<ApplySummary, ApplySummary.Counts>?
    ) {
        reject(id, table, counts: counts, RecordIssue(
            .duplicateKey, "id '\(id)' appears more than once in the feed; the first one was kept",
            recordType: table.recordType, recordID: id, field: "id"
        ))
    }

    private mutating func tally(_ outcomes: [Outcome], in counts: WritableKeyPath<ApplySummary, ApplySummary.Counts>?) {
        guard let counts else { return }
        for outcome in outcomes { count(outcome, in: counts) }
    }

    /// Writes the records whose content changed (or revives them) and tells the run; the caller tallies.
    ///
    /// The rows to write go in multi-row upserts of up to ``BulkInsert/rowsPerStatement(columns:)``
    /// rows, in the records' order: one statement (one round trip on PostgreSQL) per chunk rather
    /// than per record. All are written before this returns, so the next kind of record may point at them.
    /// - Parameter row: the record's column values, in the order of `columns`.
    /// - Returns: each record's outcome, in order.
    private func store<R>(
        _ records: [Prepared<R>], _ table: Table, _ columns: [String], keep: Set<String> = [],
        legacy: (Prepared<R>) throws -> SHA1.Digest, row: (Prepared<R>) throws -> SQLArguments
    ) throws -> [Outcome] {
        let stored = try storedState(table, records.map(\.id))
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(records.count)
        var insert = BulkInsert(db: db, columns: columns) { rows in upsertSQL(table, columns, keep: keep, rows: rows) }
        for record in records {
            let outcome: Outcome
            if let existing = stored[record.id] {
                let same = try matches(record, existing.hash, legacy: legacy)
                if run != nil && existing.isRetired {
                    outcome = .revived(changed: !same)
                } else {
                    outcome = same ? .unchanged : .updated
                }
                if same && existing.hash.isLegacy { try replaceLegacyHash(table, record.id, record.fingerprint) }
            } else {
                outcome = .added
            }
            if outcome.writesContent {
                try insert.append(row(record))
            } else if outcome == .revived(changed: false) {
                try execute("UPDATE \(table.rawValue) SET retired_at = NULL WHERE id = ?", [record.id])
            }
            run?.noteStored(table, record.id, record.fingerprint)
            outcomes.append(outcome)
        }
        try insert.flush()
        return outcomes
    }

    /// Whether the record is what the store holds. A v1 hash is checked the way it was made,
    /// from the JSON text.
    private func matches<R>(
        _ record: Prepared<R>, _ stored: StoredHash, legacy: (Prepared<R>) throws -> SHA1.Digest
    ) throws -> Bool {
        switch stored {
        case .fingerprint(let fingerprint): fingerprint == record.fingerprint
        case .legacy(let digest): try legacy(record) == digest
        case .unreadable: false
        }
    }

    /// An unchanged record whose row still has a v1 hash gets its fingerprint, once: not a
    /// change of content, so not counted as one.
    private func replaceLegacyHash(_ table: Table, _ id: String, _ fingerprint: Fingerprint) throws {
        try execute("UPDATE \(table.rawValue) SET content_hash = ? WHERE id = ?", [fingerprint.hex, id])
    }

    // MARK: Checks

    /// The first record of each id; later ones are rejected as duplicates. In a refresh the
    /// run's ledger sees to that for the records a feed lists once (see `prepare`), at no extra cost.
    private mutating func firstOfEachID<R>(
        _ records: [R], _ id: (R) -> String, _ table: Table, counts: WritableKeyPath<ApplySummary, ApplySummary.Counts>?
    ) -> [R] {
        if run != nil && table.isListedOnce { return records }
        var seen = Set<String>(minimumCapacity: records.count)
        // The usual case, no duplicate, keeps the array as it is (no copy of the records).
        guard records.contains(where: { !seen.insert(id($0)).inserted }) else { return records }
        seen.removeAll(keepingCapacity: true)
        return records.filter { record in
            let key = id(record)
            if seen.insert(key).inserted { return true }
            reject(key, table, counts: counts, RecordIssue(
                .duplicateKey, "id '\(key)' appears more than once in the batch; the first one was kept",
                recordType: table.recordType, recordID: key, field: "id"
            ))
            return false
        }
    }

    /// Records whose references all name a record accepted in this batch or already stored.
    private mutating func keepResolvable<R>(
        _ records: [R], _ id: (R) -> String, _ table: Table,
        counts: WritableKeyPath<ApplySummary, ApplySummary.Counts>,
        references: [(field: String, target: Table, value: (R) -> String?)]
    ) throws -> [R] {
        var known: [Table: Set<String>] = [:]
        for reference in references {
            let inBatch = accepted[reference.target] ?? []
            let outside = Set(records.compactMap(reference.value)).subtracting(inBatch)
            known[reference.target, default: []].formUnion(inBatch.union(try storedIDs(reference.target, outside)))
        }
        var kept: [R] = []
        for record in records {
            let missing = references.first { reference in
                reference.value(record).map { !(known[reference.target]?.contains($0) ?? false) } ?? false
            }
            if let missing, let target = missing.value(record) {
                reject(id(record), table, counts: counts, danglingIssue(
                    table, id(record), field: missing.field, target: missing.target, targetID: target
                ))
            } else {
                kept.append(record)
                accepted[table, default: []].insert(id(record))
            }
        }
        return kept
    }

    /// Records whose parent (of the same kind) is stored, or is itself kept from this batch.
    ///
    /// Repeats until nothing more drops out, so a chain hanging from a missing ancestor goes as a whole.
    private mutating func keepResolvableSelfReferences<R>(
        _ records: [R], _ id: (R) -> String, _ table: Table, field: String, parent: (R) -> String?,
        counts: WritableKeyPath<ApplySummary, ApplySummary.Counts>
    ) throws -> [R] {
        let candidates = Set(records.map(id))
        let stored = try storedIDs(table, Set(records.compactMap(parent)).subtracting(candidates))
        var kept = records
        var keptIDs = candidates
        while true {
            let next = kept.filter { record in parent(record).map { stored.contains($0) || keptIDs.contains($0) } ?? true }
            if next.count == kept.count { break }
            kept = next
            keptIDs = Set(kept.map(id))
        }
        for record in records where !keptIDs.contains(id(record)) {
            let target = parent(record) ?? ""
            // A parent that was in the batch but dropped out is named as rejected.
            if candidates.contains(target) { rejected[table, default: []].insert(target) }
            reject(id(record), table, counts: counts, danglingIssue(table, id(record), field: field, target: table, targetID: target))
        }
        accepted[table, default: []].formUnion(keptIDs)
        accepted[table]?.subtract(candidates.subtracting(keptIDs))
        return kept
    }

    /// Records whose feed and feed key no other record holds, in the batch or the store.
    private mutating func keepUniqueSourceKeys<R>(
        _ records: [R], _ id: (R) -> String, _ provenance: (R) -> Provenance?, _ table: Table,
        counts: WritableKeyPath<ApplySummary, ApplySummary.Counts>
    ) throws -> [R] {
        var holders: [SourceKey: String] = [:]
        // By feed, so the query runs on the (feed, source_key) index.
        var keysByFeed: [String: Set<String>] = [:]
        for record in records {
            guard let p = provenance(record) else { continue }
            keysByFeed[p.feed.rawValue, default: []].insert(p.sourceKey)
        }
        for (feed, keys) in keysByFeed {
            for slice in Array(keys).chunked() {
                let rows = try db.fetchAll(sql: """
                        SELECT id, source_key FROM \(table.rawValue)
                        WHERE feed = ? AND source_key IN (\(placeholders(slice.count)))
                        """,
                    arguments: SQLArguments([feed] + Array(slice))
                )
                for row in rows {
                    holders[SourceKey(feed: feed, sourceKey: row["source_key"])] = row["id"]
                }
            }
        }
        return records.filter { record in
            guard let p = provenance(record) else { return true }
            let key = SourceKey(feed: p.feed.rawValue, sourceKey: p.sourceKey)
            let recordID = id(record)
            if let holder = holders[key], holder != recordID {
                reject(recordID, table, counts: counts, RecordIssue(
                    .duplicateKey, "feed '\(p.feed)' key '\(p.sourceKey)' already belongs to \(table.recordType) '\(holder)'",
                    recordType: table.recordType, recordID: recordID, field: "source_key"
                ))
                return false
            }
            holders[key] = recordID
            return true
        }
    }

    private func danglingIssue(_ table: Table, _ recordID: String, field: String, target: Table, targetID: String) -> RecordIssue {
        let why = rejected[target]?.contains(targetID) == true
            ? "names \(target.recordType) '\(targetID)', which was rejected in this batch"
            : "names \(target.recordType) '\(targetID)', which is neither in the batch nor in the store"
        return RecordIssue(.danglingReference, "\(field) \(why)", recordType: table.recordType, recordID: recordID, field: field)
    }

    private mutating func reject(
        _ id: String, _ table: Table, counts: WritableKeyPath<ApplySummary, ApplySummary.Counts>?, _ issue: RecordIssue
    ) {
        rejected[table, default: []].insert(id)
        if let counts { summary[keyPath: counts].rejected += 1 }
        summary.issues.append(issue)
        // The feed still lists the record: a refresh keeps what it had rather than retire it.
        run?.noteAppeared(table, id)
    }

    // MARK: Queries

    /// Which of `ids` the store holds; in a refresh the run's ledger answers first, without a query.
    private func storedIDs(_ table: Table, _ ids: Set<String>) throws -> Set<String> {
        var found = Set<String>()
        var unknown = ids
        if let run, let ledger = run.ledgers[table] {
            for id in ids where ledger[id] != nil { found.insert(id) }
            unknown.subtract(found)
            if !unknown.isEmpty, try run.ledgerCovers(table, db: db) { return found }
        }
        for slice in Array(unknown).chunked() {
            found.formUnion(try db.fetchAll(String.self, sql: "SELECT id FROM \(table.rawValue) WHERE id IN (\(placeholders(slice.count)))",
                arguments: SQLArguments(Array(slice))
            ))
        }
        return found
    }

    /// The stored fingerprint (and retirement) of each of `ids` the store holds.
    private func storedState(_ table: Table, _ ids: [String]) throws -> [String: Stored] {
        var state: [String: Stored] = [:]
        var unknown = ids
        if let run, let ledger = run.ledgers[table] {
            unknown = []
            for id in ids {
                if let entry = ledger[id] {
                    state[id] = Stored(hash: entry.hash, isRetired: entry.isRetired)
                } else {
                    unknown.append(id)
                }
            }
            if !unknown.isEmpty, try run.ledgerCovers(table, db: db) { return state }
        }
        let retired = table.isRetirable ? "retired_at IS NOT NULL" : "0"
        for slice in unknown.chunked() {
            let rows = try db.fetchAll(sql: "SELECT id, content_hash, \(retired) FROM \(table.rawValue) WHERE id IN (\(placeholders(slice.count)))",
                arguments: SQLArguments(Array(slice))
            )
            for row in rows {
                state[row[0]] = Stored(hash: StoredHash(row[1]), isRetired: row[2])
            }
        }
        return state
    }

    /// An upsert by id of `rows` rows that leaves the `keep` columns as stored when the row
    /// exists. In a refresh, writing a retired record also revives it. The ids of one statement
    /// are distinct (the batch's duplicates are rejected before), as PostgreSQL requires.
    private func upsertSQL(_ table: Table, _ columns: [String], keep: Set<String> = [], rows: Int = 1) -> String {
        var updates = columns.filter { $0 != "id" && !keep.contains($0) }.map { "\($0) = excluded.\($0)" }
        if run != nil && table.isRetirable { updates.append("retired_at = NULL") }
        return """
            INSERT INTO \(table.rawValue) (\(columns.joined(separator: ", "))) VALUES \(BulkInsert.values(rows: rows, columns: columns.count))
            ON CONFLICT(id) DO UPDATE SET \(updates.joined(separator: ", "))
            """
    }

    private func execute(_ sql: String, _ arguments: SQLArguments) throws {
        try db.execute(cachedSQL: sql, arguments: arguments)
    }

    // MARK: Content and time

    /// A record's fingerprint: what a feed said about it. Besides the record's own fields, a
    /// service's eligibility (sets sorted) and the provenance the feed supplies; our own stamps
    /// (first seen, last changed) are left out, or every apply would change it.
    static func fingerprint(_ record: some StoredRecord, _ column: String?, scratch: FingerprintScratch) -> Fingerprint {
        var writer = FingerprintWriter(reusing: scratch.take())
        defer { scratch.give(writer.release()) }
        writer.beginPart()
        writer.add(record)
        writer.beginPart()
        writer.add(column)
        writer.beginPart()
        record.addEligibility(to: &writer)
        writer.beginPart()
        let provenance = record.provenance
        writer.add(provenance?.feed)
        writer.add(provenance?.sourceKey)
        writer.add(provenance?.lastVerified.map(StoredForm.seconds))
        return writer.finish()
    }

    /// The "v1-directory" content hash: SHA-1 over the JSON text and the provenance parts.
    private static func legacyDigest(_ body: String, _ eligibility: String?, _ provenance: Provenance?) -> SHA1.Digest {
        StoredForm.digest([
            body, eligibility, provenance?.feed.rawValue, provenance?.sourceKey,
            StoredForm.hashPart(provenance?.lastVerified),
        ])
    }

    /// Only used for inserts: an update keeps the stored value (see `upsertSQL(_:_:keep:)`).
    private func firstSeen(_ provenance: Provenance?) -> Double {
        StoredForm.seconds(provenance?.firstSeen ?? now)
    }

    private func lastChanged(_ provenance: Provenance?) -> Double {
        StoredForm.seconds(provenance?.lastChanged ?? now)
    }

    private mutating func count(_ outcome: Outcome, in counts: WritableKeyPath<ApplySummary, ApplySummary.Counts>) {
        switch outcome {
        case .added: summary[keyPath: counts].added += 1
        case .updated, .revived(changed: true): summary[keyPath: counts].updated += 1
        case .unchanged, .revived(changed: false): summary[keyPath: counts].unchanged += 1
        }
        run?.count(outcome)
    }
}
