import Foundation
import SwitchboardCore

/// What a refresh keeps in memory while it runs, and nothing more: per kind of record, a ledger
/// of the feed's records as stored when the run began (and of those written since), each with
/// its content fingerprint, whether it is retired and whether the feed has listed it in this
/// run. That is about a hundred bytes a record whatever the records hold (the id's text and
/// the entry), so a feed of any size refreshes in memory that does not grow with the records'
/// size, and an unchanged record costs a fingerprint and a dictionary look-up.
///
/// Lives inside the write transaction of one refresh; used from that transaction only.
final class RefreshRun {
    typealias Table = BatchApplier.Table

    struct Entry {
        var hash: StoredHash
        var isRetired: Bool
        /// Listed by the feed in this run (even if rejected): a second listing is a duplicate, and
        /// the record is not retired at the end.
        var appeared: Bool
    }

    /// The records of one kind: those stored when the run began in two sorted arrays (keys and
    /// entries, some 48 bytes a record with no hash-table slack); those the run adds as bare keys
    /// (listed, live: all a later listing needs to know), or with their entries for shared
    /// reference data (taxonomy terms come again with every chunk that uses them and must be
    /// found unchanged) and for the rare added record the run then retires.
    /// A class, so the applier can update entries in place through the run.
    final class Ledger {
        private var keys: [LedgerKey] = []
        private var stored: [Entry] = []
        private var added: [LedgerKey: Entry] = [:]
        private var addedKeys = LedgerKeySet()
        private let keepsAddedEntries: Bool
        private static let listedLive = Entry(hash: .unreadable, isRetired: false, appeared: true)

        /// Takes the store's rows, best in id order (as SQLite gives them for `ORDER BY id`).
        init(keys: [LedgerKey], entries: [Entry], keepsAddedEntries: Bool) {
            self.keepsAddedEntries = keepsAddedEntries
            if zip(keys, keys.dropFirst()).allSatisfy({ $0 < $1 }) {
                self.keys = keys
                stored = entries
            } else {
                // Ids that are not canonical UUIDs sort differently as text; rare, so sorted here.
                let order = keys.indices.sorted { keys[$0] < keys[$1] }
                self.keys = order.map { keys[$0] }
                stored = order.map { entries[$0] }
            }
        }

        private func slot(_ key: LedgerKey) -> Int? {
            var low = 0, high = keys.count
            while low < high {
                let middle = (low + high) / 2
                if keys[middle] < key { low = middle + 1 } else { high = middle }
            }
            return low < keys.count && keys[low] == key ? low : nil
        }

        subscript(id: String) -> Entry? {
            get { self[key: LedgerKey(id)] }
            set { self[key: LedgerKey(id)] = newValue }
        }

        subscript(key key: LedgerKey) -> Entry? {
            get {
                if let slot = slot(key) { return stored[slot] }
                if addedKeys.contains(key) { return Self.listedLive }
                return added[key]
            }
            set {
                if let slot = slot(key) {
                    if let newValue { stored[slot] = newValue }
                } else if let newValue, !keepsAddedEntries, !newValue.isRetired, newValue.appeared {
                    addedKeys.insert(key)
                    added.removeValue(forKey: key)
                } else {
                    addedKeys.remove(key)
                    added[key] = newValue
                }
            }
        }

        /// Changes the entry of `id` in place; false when the ledger has none.
        @discardableResult
        func modify(_ id: String, _ body: (inout Entry) -> Void) -> Bool {
            modify(key: LedgerKey(id), body)
        }

        @discardableResult
        func modify(key: LedgerKey, _ body: (inout Entry) -> Void) -> Bool {
            if let slot = slot(key) {
                body(&stored[slot])
                return true
            }
            if let index = added.index(forKey: key) {
                body(&added.values[index])
                return true
            }
            guard addedKeys.contains(key) else { return false }
            var entry = Self.listedLive
            body(&entry)
            self[key: key] = entry
            return true
        }

        /// Ids of the entries that match, the stored ones in id order.
        func ids(where predicate: (Entry) -> Bool) -> [String] {
            zip(keys, stored).compactMap { predicate($1) ? $0.id : nil } + added.compactMap { predicate($1) ? $0.id : nil }
                + (predicate(Self.listedLive) ? addedKeys.ids : [])
        }

        /// How many records the ledger knows, stored before the run or written by it.
        var count: Int { keys.count + added.count + addedKeys.count }

        func count(where predicate: (Entry) -> Bool) -> Int {
            stored.count(where: predicate) + added.values.count(where: predicate) + (predicate(Self.listedLive) ? addedKeys.count : 0)
        }
    }

    let feed: FeedName
    let now: Date
    let policy: RefreshPolicy
    let ledgers: [Table: Ledger]
    /// The feed's live services when the run began: what the policy's share is a share of.
    let activeServicesBefore: Int
    /// The feed's units the directory remembers, and those this run used or wrote.
    let units: FeedUnits
    /// Fingerprints of the records the batch being applied wrote (the ledger keeps none for records
    /// new to the store): what a unit of that batch is remembered with. Emptied after each batch.
    var writtenInBatch: [Table: [String: Fingerprint]] = [:]
    /// The file's hash as the producer learnt it while the run went on (see ``FeedSink/identify(fileHash:)``).
    var identifiedFileHash: String?

    /// Per kind of record, whether its ledger knows every row of the table (see ``ledgerCovers(_:db:)``).
    private var covered: [Table: Bool] = [:]

    private(set) var added = 0
    private(set) var updated = 0
    private(set) var unchanged = 0
    private(set) var retired = 0
    private(set) var revived = 0
    private(set) var rejected = 0
    private(set) var warnings = 0
    /// Services retired by this run, by deletion or by absence.
    private(set) var servicesRetired = 0
    private(set) var issues: [RecordIssue] = []

    /// Loads the ledgers: one query per kind of record.
    ///
    /// The feed's organizations, locations and services are those whose `feed` column names it;
    /// its programs and sites are those of its organizations and services. Taxonomies and terms
    /// are shared by every feed and loaded whole (a few thousand rows).
    init(db: any SQLSession, feed: FeedName, now: Date, policy: RefreshPolicy) throws {
        self.feed = feed; self.now = now; self.policy = policy
        // Whether SQLite gives a query's rows in id order from its ledger index: a table's own rows
        // do; the rows of a join (programs, services at locations) it would sort in a temporary
        // tree, and the ledger sorts what comes unsorted faster itself.
        let queries: [(Table, String, inIndexOrder: Bool)] = [
            (.taxonomy, "SELECT id, content_hash, 0 FROM taxonomy", true),
            (.taxonomyTerm, "SELECT id, content_hash, 0 FROM taxonomy_term", true),
            (.organization, "SELECT id, content_hash, retired_at IS NOT NULL FROM organization WHERE feed = ?", true),
            (.program, """
                SELECT program.id, program.content_hash, 0 FROM program
                JOIN organization ON organization.id = program.organization_id WHERE organization.feed = ?
                """, false),
            (.location, "SELECT id, content_hash, retired_at IS NOT NULL FROM location WHERE feed = ?", true),
            (.service, "SELECT id, content_hash, retired_at IS NOT NULL FROM service WHERE feed = ?", true),
            (.serviceAtLocation, """
                SELECT link.id, link.content_hash, link.retired_at IS NOT NULL FROM service_at_location AS link
                JOIN service ON service.id = link.service_id WHERE service.feed = ?
                """, false),
        ]
        var ledgers: [Table: Ledger] = [:]
        for (table, sql, inIndexOrder) in queries {
            let arguments: SQLArguments = sql.contains("?") ? [feed.rawValue] : []
            var keys: [LedgerKey] = [], entries: [Entry] = []
            // Sized once: arrays that grow by doubling would hold up to twice the ledger at the peak.
            let count = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM (\(sql)) AS listed", arguments: arguments) ?? 0
            keys.reserveCapacity(count)
            entries.reserveCapacity(count)
            try db.forEachRawRow(sql: inIndexOrder ? sql + " ORDER BY 1" : sql, arguments: arguments) { row in
                keys.append(try row.withBytes(at: 0) { LedgerKey(utf8: $0 ?? UnsafeRawBufferPointer(start: nil, count: 0)) })
                let hash = try row.withBytes(at: 1) { bytes in bytes.map { StoredHash(utf8: $0) } ?? .unreadable }
                entries.append(Entry(hash: hash, isRetired: row.flag(at: 2), appeared: false))
            }
            ledgers[table] = Ledger(keys: keys, entries: entries, keepsAddedEntries: !table.isListedOnce)
        }
        self.ledgers = ledgers
        units = try FeedUnits(db: db, feed: feed)
        activeServicesBefore = ledgers[.service]!.count { !$0.isRetired }
    }

    /// Whether every row of the table is in its ledger, so that an id the ledger does not know is
    /// not stored and the applier need not ask the database.
    ///
    /// The ledger holds rows that exist (stored at the start, or written since, or retired by the
    /// run) and every row the run writes goes into it, so equal counts mean the same rows, and stay
    /// so for the rest of the run. Asked only when an id is missing from the ledger (new records),
    /// so an unchanged re-import never counts; in a first import into an empty directory the
    /// tables are small when it is asked. A directory of several feeds keeps the queries.
    func ledgerCovers(_ table: Table, db: any SQLSession) throws -> Bool {
        if let known = covered[table] { return known }
        guard let ledger = ledgers[table] else { return false }
        let rows = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM \(table.rawValue)") ?? 0
        let covers = rows == ledger.count
        covered[table] = covers
        return covers
    }

    // MARK: What the applier tells the run

    func count(_ outcome: BatchApplier.Outcome) {
        switch outcome {
        case .added: added += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case .revived(let changed):
            revived += 1
            if changed { updated += 1 }
        }
    }

    /// A record written (or revived) in this run.
    func noteStored(_ table: Table, _ id: String, _ fingerprint: Fingerprint) {
        writtenInBatch[table, default: [:]][id] = fingerprint
        ledgers[table]?[id] = Entry(hash: .fingerprint(fingerprint), isRetired: false, appeared: true)
    }

    /// A record of a unit taken as read: listed, unchanged.
    func noteReused(_ table: Table, _ key: LedgerKey) {
        guard ledgers[table]?.modify(key: key, { $0.appeared = true }) == true else { return }
        unchanged += 1
    }

    /// A record the feed listed but that was rejected: the stored one, if any, stays as it is.
    func noteAppeared(_ table: Table, _ id: String) {
        ledgers[table]?.modify(id) { $0.appeared = true }
    }

    /// A record this run retired (its row already updated). Retired, it is not retired again at
    /// the end; listed later in the run, it is revived, not taken for a duplicate.
    func noteRetired(_ table: Table, _ id: String) {
        guard let ledger = ledgers[table] else { return }
        if !ledger.modify(id, { $0.isRetired = true }) {
            ledger[id] = Entry(hash: .unreadable, isRetired: true, appeared: false)
        }
        retired += 1
        if table == .service { servicesRetired += 1 }
    }

    /// Problems found by the reader or the store: errors are rejected records, the rest warnings.
    func record(_ found: [RecordIssue]) {
        for issue in found {
            if issue.isWarning { warnings += 1 } else { rejected += 1 }
        }
        issues += found
    }

    // MARK: The end of the run

    /// Retires every live record of the feed that the run did not list (a full export's rule).
    ///
    /// Nothing cascades here: a site whose service is gone was not listed either, and a listed
    /// service whose organization the export left out keeps its place.
    func retireUnlisted(_ db: any SQLSession) throws {
        for table in [Table.organization, .location, .service, .serviceAtLocation] {
            guard let ledger = ledgers[table] else { continue }
            let unlisted = ledger.ids { !$0.appeared && !$0.isRetired }
            for slice in unlisted.sorted().chunked() {
                try db.execute(
                    sql: "UPDATE \(table.rawValue) SET retired_at = ? WHERE id IN (\(placeholders(slice.count)))",
                    arguments: SQLArguments([StoredForm.seconds(now)]) + SQLArguments(Array(slice))
                )
                for id in slice { noteRetired(table, id) }
            }
        }
    }

    /// Whether the policy forbids what the run did: too large a share of the feed's services retired.
    var refusal: (wouldRetire: Int, activeBefore: Int)? {
        guard !policy.force, activeServicesBefore > 0 else { return nil }
        let share = Double(servicesRetired) / Double(activeServicesBefore)
        return share > policy.maximumRetiredShare ? (servicesRetired, activeServicesBefore) : nil
    }

    func feedRun(
        fileHash: String, outcome: FeedRun.Outcome, finishedAt: Date, message: String? = nil
    ) -> FeedRun {
        FeedRun(
            feed: feed, fileHash: identifiedFileHash ?? fileHash, startedAt: now, finishedAt: finishedAt, outcome: outcome, added: added,
            updated: updated, unchanged: unchanged, retired: retired, revived: revived, rejected: rejected,
            warnings: warnings, message: message, issues: issues
        )
    }
}

/// The sink a refresh hands to its producer: each batch goes into the store as it arrives.
///
/// After a failure every further `add` throws the same error, and the refresh fails even if the
/// producer swallowed it: a half-applied chunk must never be committed. Once the refresh has
/// returned, the sink refuses further batches (its transaction is over).
final class RefreshSink: FeedSink {
    private let db: any SQLSession
    private let run: RefreshRun
    private let mapping: DomainMapping
    private(set) var failure: (any Error)?
    private var isOpen = true
    /// Ids of records the reader reported problems with since the last batch: their units are not remembered.
    private var troubled: Set<String> = []

    init(db: any SQLSession, run: RefreshRun, mapping: DomainMapping) {
        self.db = db; self.run = run; self.mapping = mapping
    }

    func add(_ batch: DirectoryBatch) throws { try add(batch, forms: nil) }

    func add(_ prepared: PreparedBatch) throws { try add(prepared.batch, forms: prepared.forms) }

    private func add(_ batch: DirectoryBatch, forms: PreparedBatch.Forms?) throws {
        guard isOpen else {
            throw StoreError(.writeFailed, "A batch arrived after its refresh of feed \(run.feed) had ended")
        }
        if let failure { throw failure }
        do {
            var applier = BatchApplier(db: db, now: run.now, mapping: mapping, run: run)
            let issues = try applier.apply(batch, forms: forms).issues
            run.record(issues)
            if !batch.units.isEmpty {
                for issue in issues { if let id = issue.recordID { troubled.insert(id) } }
                try run.units.remember(batch.units, troubled: troubled, db: db, run: run)
            }
            run.writtenInBatch.removeAll(keepingCapacity: true)
            troubled.removeAll(keepingCapacity: true)
        } catch {
            failure = error
            throw error
        }
    }

    func report(_ issues: [RecordIssue]) {
        guard isOpen else { return }
        run.record(issues)
        for issue in issues { if let id = issue.recordID { troubled.insert(id) } }
    }

    func identify(fileHash: String) { run.identifiedFileHash = fileHash }

    func unit(_ digest: FeedUnitDigest) throws -> FeedUnit? {
        guard isOpen, failure == nil else { return nil }
        return try run.units.unit(digest, db: db)
    }

    func reuse(_ unit: FeedUnit) throws -> Bool {
        guard isOpen, failure == nil else { return false }
        return try run.units.reuse(unit, db: db, run: run)
    }

    /// What the run began with (units written during the run are never looked up again).
    var rememberedDigests: Set<FeedUnitDigest>? { run.units.known }

    func close() { isOpen = false }
}
