import Foundation
import GRDB
import SwitchboardCore

/// Writes one `DirectoryBatch` inside the caller's write transaction.
///
/// Records go in dependency order (taxonomies, terms, organizations, programs, locations,
/// services, services at locations), so by the time a record is checked, everything it may point
/// at in the batch has already been accepted or rejected. Every check is set-based: one query per
/// kind of record and slice of ids, never one per record. Anything thrown leaves the transaction
/// to be rolled back by the caller.
struct BatchApplier {
    enum Table: String {
        case taxonomy, taxonomyTerm = "taxonomy_term", organization, program, location, service
        case serviceAtLocation = "service_at_location"

        /// How issues name the record type: the HSDS table name.
        var recordType: String { rawValue }
    }

    private enum Outcome { case added, updated, unchanged }

    /// What the store already holds for a record of the batch.
    /// A record's feed and the feed's own key for it.
    private struct SourceKey: Hashable {
        var feed: String
        var sourceKey: String
    }

    private struct Stored {
        var hash: String
        var firstSeen: Double?
    }

    let db: Database
    let now: Date
    let mapping: DomainMapping
    private let encoder = StoredForm.makeEncoder()
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

    init(db: Database, now: Date, mapping: DomainMapping) {
        self.db = db; self.now = now; self.mapping = mapping
    }

    mutating func apply(_ batch: DirectoryBatch) throws -> ApplySummary {
        try applyTaxonomies(batch.taxonomies)
        try applyTerms(batch.taxonomyTerms)
        try applyOrganizations(batch.organizations)
        try applyPrograms(batch.programs)
        try applyLocations(batch.locations)
        try applyServices(batch.services, links: batch.servicesAtLocations)
        try applyServicesAtLocations(batch.servicesAtLocations)
        return summary
    }

    // MARK: Each kind of record

    private mutating func applyTaxonomies(_ records: [Taxonomy]) throws {
        let records = firstOfEachID(records, \.id.rawValue, .taxonomy, counts: nil)
        let stored = try storedState(.taxonomy, records.map(\.id.rawValue), withFirstSeen: false)
        let sql = upsertSQL(.taxonomy, ["id", "name", "body", "content_hash"])
        for taxonomy in records {
            let body = try StoredForm.encode(taxonomy, encoder, recordType: "taxonomy")
            let hash = StoredForm.hash(body)
            if outcome(hash, stored[taxonomy.id.rawValue]) != .unchanged {
                try execute(sql, [taxonomy.id.rawValue, taxonomy.name, body, hash])
            }
            accepted[.taxonomy, default: []].insert(taxonomy.id.rawValue)
        }
    }

    private mutating func applyTerms(_ records: [TaxonomyTerm]) throws {
        var records = firstOfEachID(records, \.id.rawValue, .taxonomyTerm, counts: \.taxonomyTerms)
        records = try keepResolvableSelfReferences(
            records, \.id.rawValue, .taxonomyTerm, field: "parent_id", parent: { $0.parentID?.rawValue },
            counts: \.taxonomyTerms
        )
        // HSDS makes a term's `taxonomy_detail` optional, so feeds often name a taxonomy they do
        // not carry. The term is still good: it keeps the id in its body, and the column (the
        // foreign key) is filled once the taxonomy is known; the hash covers the column, so that
        // happens on the next apply that brings the taxonomy.
        let batchTaxonomies = accepted[.taxonomy] ?? []
        let knownTaxonomies = batchTaxonomies.union(try storedIDs(
            .taxonomy, Set(records.compactMap(\.taxonomyID?.rawValue)).subtracting(batchTaxonomies)
        ))
        let stored = try storedState(.taxonomyTerm, records.map(\.id.rawValue), withFirstSeen: false)
        let sql = upsertSQL(.taxonomyTerm, ["id", "code", "name", "parent_id", "taxonomy_id", "body", "content_hash"])
        for term in records {
            var taxonomyID = term.taxonomyID?.rawValue
            if let id = taxonomyID, !knownTaxonomies.contains(id) {
                summary.issues.append(RecordIssue(
                    .danglingReference,
                    "taxonomy_id names taxonomy '\(id)', which is neither in the batch nor in the store; the term is kept without the link",
                    recordType: Table.taxonomyTerm.recordType, recordID: term.id.rawValue, field: "taxonomy_id", isWarning: true
                ))
                taxonomyID = nil
            }
            let body = try StoredForm.encode(term, encoder, recordType: "taxonomy term")
            let hash = StoredForm.hash(body, taxonomyID)
            let result = outcome(hash, stored[term.id.rawValue])
            if result != .unchanged {
                try execute(sql, [term.id.rawValue, term.code, term.name, term.parentID?.rawValue, taxonomyID, body, hash])
            }
            count(result, in: \.taxonomyTerms)
            batchTerms[term.id] = term
        }
    }

    private mutating func applyOrganizations(_ records: [Organization]) throws {
        var records = firstOfEachID(records, \.id.rawValue, .organization, counts: \.organizations)
        records = try keepUniqueSourceKeys(records, \.id.rawValue, \.provenance, .organization, counts: \.organizations)
        records = try keepResolvableSelfReferences(
            records, \.id.rawValue, .organization, field: "parent_organization_id",
            parent: { $0.parentOrganizationID?.rawValue }, counts: \.organizations
        )
        let stored = try storedState(.organization, records.map(\.id.rawValue), withFirstSeen: true)
        let sql = upsertSQL(.organization, [
            "id", "name", "parent_organization_id", "feed", "source_key", "first_seen", "last_changed",
            "last_verified", "body", "content_hash",
        ], keep: ["first_seen"])
        for organization in records {
            let body = try StoredForm.encode(organization, encoder, recordType: "organization")
            let hash = contentHash(body, nil, organization.provenance)
            let result = outcome(hash, stored[organization.id.rawValue])
            if result != .unchanged {
                let p = organization.provenance
                try execute(sql, [
                    organization.id.rawValue, organization.name, organization.parentOrganizationID?.rawValue,
                    p?.feed.rawValue, p?.sourceKey, firstSeen(p), lastChanged(p), p?.lastVerified.map(StoredForm.seconds),
                    body, hash,
                ])
            }
            count(result, in: \.organizations)
        }
    }

    private mutating func applyPrograms(_ records: [Program]) throws {
        var records = firstOfEachID(records, \.id.rawValue, .program, counts: \.programs)
        records = try keepResolvable(records, \.id.rawValue, .program, counts: \.programs, references: [
            ("organization_id", .organization, { $0.organizationID.rawValue }),
        ])
        let stored = try storedState(.program, records.map(\.id.rawValue), withFirstSeen: false)
        let sql = upsertSQL(.program, ["id", "organization_id", "name", "body", "content_hash"])
        for program in records {
            let body = try StoredForm.encode(program, encoder, recordType: "program")
            let hash = StoredForm.hash(body)
            let result = outcome(hash, stored[program.id.rawValue])
            if result != .unchanged {
                try execute(sql, [program.id.rawValue, program.organizationID.rawValue, program.name, body, hash])
            }
            count(result, in: \.programs)
        }
    }

    private mutating func applyLocations(_ records: [Location]) throws {
        var records = firstOfEachID(records, \.id.rawValue, .location, counts: \.locations)
        records = try keepUniqueSourceKeys(records, \.id.rawValue, \.provenance, .location, counts: \.locations)
        records = try keepResolvable(records, \.id.rawValue, .location, counts: \.locations, references: [
            ("organization_id", .organization, { $0.organizationID?.rawValue }),
        ])
        let stored = try storedState(.location, records.map(\.id.rawValue), withFirstSeen: true)
        let sql = upsertSQL(.location, [
            "id", "organization_id", "location_type", "name", "latitude", "longitude", "feed", "source_key",
            "first_seen", "last_changed", "last_verified", "body", "content_hash",
        ], keep: ["first_seen"])
        for location in records {
            let body = try StoredForm.encode(location, encoder, recordType: "location")
            let hash = contentHash(body, nil, location.provenance)
            let result = outcome(hash, stored[location.id.rawValue])
            if result != .unchanged {
                let p = location.provenance
                try execute(sql, [
                    location.id.rawValue, location.organizationID?.rawValue, location.locationType.rawValue,
                    location.name, location.latitude, location.longitude, p?.feed.rawValue, p?.sourceKey,
                    firstSeen(p), lastChanged(p), p?.lastVerified.map(StoredForm.seconds), body, hash,
                ])
            }
            count(result, in: \.locations)
        }
    }

    private mutating func applyServices(_ records: [Service], links: [ServiceAtLocation]) throws {
        var records = firstOfEachID(records, \.id.rawValue, .service, counts: \.services)
        records = try keepUniqueSourceKeys(records, \.id.rawValue, \.provenance, .service, counts: \.services)
        records = try keepResolvable(records, \.id.rawValue, .service, counts: \.services, references: [
            ("organization_id", .organization, { $0.organizationID.rawValue }),
            ("program_id", .program, { $0.programID?.rawValue }),
        ])
        let stored = try storedState(.service, records.map(\.id.rawValue), withFirstSeen: true)
        let sql = upsertSQL(.service, [
            "id", "organization_id", "program_id", "name", "status", "eligibility", "feed", "source_key",
            "first_seen", "last_changed", "last_verified", "body", "content_hash",
        ], keep: ["first_seen"])
        for service in records {
            let body = try StoredForm.encode(service, encoder, recordType: "service")
            let eligibility = try StoredForm.eligibilityJSON(service.eligibility, encoder)
            let hash = contentHash(body, eligibility, service.provenance)
            let result = outcome(hash, stored[service.id.rawValue])
            if result != .unchanged {
                let p = service.provenance
                try execute(sql, [
                    service.id.rawValue, service.organizationID.rawValue, service.programID?.rawValue, service.name,
                    service.status.rawValue, eligibility, p?.feed.rawValue, p?.sourceKey, firstSeen(p),
                    lastChanged(p), p?.lastVerified.map(StoredForm.seconds), body, hash,
                ])
                changedServices.append(service)
                if result == .updated { updatedServiceIDs.insert(service.id.rawValue) }
            }
            count(result, in: \.services)
        }
        try replaceDerivedRows(links: links)
    }

    /// Rewrites the terms, domains and sites of the services that changed.
    ///
    /// An updated service's sites are replaced: links the batch no longer lists for it are
    /// deleted, the batch's own are written next.
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
            for term in try SQLiteDirectoryStore.taxonomyTerms(
                db, "WHERE id IN (\(placeholders(slice.count)))", StatementArguments(Array(slice))
            ) {
                terms[term.id] = term
            }
        }

        for service in changedServices {
            let id = service.id.rawValue
            if updatedServiceIDs.contains(id) {
                try execute("DELETE FROM service_taxonomy_term WHERE service_id = ?", [id])
                try execute("DELETE FROM service_domain WHERE service_id = ?", [id])
                let keep = batchLinks[id] ?? []
                try execute(
                    "DELETE FROM service_at_location WHERE service_id = ? AND id NOT IN (\(placeholders(keep.count)))",
                    StatementArguments([id] + keep)
                )
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
                try execute(
                    "INSERT INTO service_taxonomy_term (service_id, term_id, position) VALUES (?, ?, ?)",
                    [id, termID.rawValue, known.count]
                )
                known.append(term)
            }
            for domain in mapping.domains(of: known) {
                try execute("INSERT INTO service_domain (service_id, domain) VALUES (?, ?)", [id, domain.rawValue])
            }
        }
    }

    private mutating func applyServicesAtLocations(_ records: [ServiceAtLocation]) throws {
        var records = firstOfEachID(records, \.id.rawValue, .serviceAtLocation, counts: \.servicesAtLocations)
        records = try keepResolvable(
            records, \.id.rawValue, .serviceAtLocation, counts: \.servicesAtLocations,
            references: [
                ("service_id", .service, { $0.serviceID.rawValue }),
                ("location_id", .location, { $0.locationID.rawValue }),
            ]
        )
        let stored = try storedState(.serviceAtLocation, records.map(\.id.rawValue), withFirstSeen: false)
        let sql = upsertSQL(.serviceAtLocation, ["id", "service_id", "location_id", "body", "content_hash"])
        for link in records {
            let body = try StoredForm.encode(link, encoder, recordType: "service at location")
            let hash = StoredForm.hash(body)
            let result = outcome(hash, stored[link.id.rawValue])
            if result != .unchanged {
                try execute(sql, [link.id.rawValue, link.serviceID.rawValue, link.locationID.rawValue, body, hash])
            }
            count(result, in: \.servicesAtLocations)
        }
    }

    // MARK: Checks

    /// The first record of each id; later ones are rejected as duplicates.
    private mutating func firstOfEachID<R>(
        _ records: [R], _ id: (R) -> String, _ table: Table, counts: WritableKeyPath<ApplySummary, ApplySummary.Counts>?
    ) -> [R] {
        var seen = Set<String>()
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
        let keys = Array(Set(records.compactMap { provenance($0)?.sourceKey }))
        for slice in keys.chunked() {
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT id, feed, source_key FROM \(table.rawValue) WHERE source_key IN (\(placeholders(slice.count)))",
                arguments: StatementArguments(Array(slice))
            )
            for row in rows {
                guard let feed: String = row["feed"] else { continue }
                holders[SourceKey(feed: feed, sourceKey: row["source_key"])] = row["id"]
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
    }

    // MARK: Queries

    private func storedIDs(_ table: Table, _ ids: Set<String>) throws -> Set<String> {
        var found = Set<String>()
        for slice in Array(ids).chunked() {
            found.formUnion(try String.fetchAll(
                db, sql: "SELECT id FROM \(table.rawValue) WHERE id IN (\(placeholders(slice.count)))",
                arguments: StatementArguments(Array(slice))
            ))
        }
        return found
    }

    private func storedState(_ table: Table, _ ids: [String], withFirstSeen: Bool) throws -> [String: Stored] {
        var state: [String: Stored] = [:]
        let columns = withFirstSeen ? "id, content_hash, first_seen" : "id, content_hash"
        for slice in ids.chunked() {
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(columns) FROM \(table.rawValue) WHERE id IN (\(placeholders(slice.count)))",
                arguments: StatementArguments(Array(slice))
            )
            for row in rows {
                state[row["id"]] = Stored(hash: row["content_hash"], firstSeen: withFirstSeen ? row["first_seen"] : nil)
            }
        }
        return state
    }

    /// An upsert by id that leaves the `keep` columns as stored when the row exists.
    private func upsertSQL(_ table: Table, _ columns: [String], keep: Set<String> = []) -> String {
        let updates = columns.filter { $0 != "id" && !keep.contains($0) }.map { "\($0) = excluded.\($0)" }
        return """
            INSERT INTO \(table.rawValue) (\(columns.joined(separator: ", "))) VALUES (\(placeholders(columns.count)))
            ON CONFLICT(id) DO UPDATE SET \(updates.joined(separator: ", "))
            """
    }

    private func execute(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    // MARK: Content and time

    /// What a feed said about a record: its body, its eligibility, and the provenance the feed
    /// supplies. Our own stamps (first seen, last changed) are left out, or every apply would change it.
    private func contentHash(_ body: String, _ eligibility: String?, _ provenance: Provenance?) -> String {
        StoredForm.hash(
            body, eligibility, provenance?.feed.rawValue, provenance?.sourceKey,
            StoredForm.hashPart(provenance?.lastVerified)
        )
    }

    private func outcome(_ hash: String, _ stored: Stored?) -> Outcome {
        guard let stored else { return .added }
        return stored.hash == hash ? .unchanged : .updated
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
        case .updated: summary[keyPath: counts].updated += 1
        case .unchanged: summary[keyPath: counts].unchanged += 1
        }
    }
}
