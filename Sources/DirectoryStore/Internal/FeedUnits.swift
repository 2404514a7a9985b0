import Foundation
import SwitchboardCore

/// A refresh's memory of the feed's units (table `feed_unit`): which digests the directory
/// remembers, which this run has used or written, and the records of the unit last looked up.
///
/// A unit is taken as read only when every record it made is in the run's ledger, live, not yet
/// listed in this run, and stored with the very fingerprint it had when the unit was remembered:
/// whatever happened in between (a delta run, a deletion, another reader version) makes the
/// reader map the unit in full instead.
final class FeedUnits {
    typealias Table = BatchApplier.Table

    struct Member {
        var table: Table
        var key: LedgerKey
        var fingerprint: Fingerprint
    }

    private let feed: FeedName
    private(set) var known: Set<FeedUnitDigest> = []
    private(set) var used: Set<FeedUnitDigest> = []
    private var looked: (digest: FeedUnitDigest, members: [Member])?

    init(db: any SQLSession, feed: FeedName) throws {
        self.feed = feed
        try db.forEachRow(sql: "SELECT digest FROM feed_unit WHERE feed = ?", arguments: [feed.rawValue], cached: false) { row in
            if let digest = FeedUnitDigest(bytes: [UInt8](row[0] as Data)) { known.insert(digest) }
        }
    }

    func unit(_ digest: FeedUnitDigest, db: any SQLSession) throws -> FeedUnit? {
        guard known.contains(digest), !used.contains(digest) else { return nil }
        // Once per agency of the file: the statement is prepared once.
        guard let row = try db.fetchOne(sql: "SELECT records, reader_state FROM feed_unit WHERE feed = ? AND digest = ?",
            arguments: [feed.rawValue, Data(digest.bytes)], cached: true
        ), let members = Self.decode([UInt8](row[0] as Data)) else { return nil }
        looked = (digest, members)
        return FeedUnit(digest: digest, records: members.compactMap(\.reference), readerState: [UInt8](row[1] as Data))
    }

    /// Takes the unit as listed if the ledger still holds its records as it left them.
    func reuse(_ unit: FeedUnit, db: any SQLSession, run: RefreshRun) throws -> Bool {
        if looked?.digest != unit.digest { _ = try self.unit(unit.digest, db: db) }
        guard let looked, looked.digest == unit.digest else { return false }
        for member in looked.members {
            guard let entry = run.ledgers[member.table]?[key: member.key], !entry.isRetired, !entry.appeared,
                entry.hash == .fingerprint(member.fingerprint)
            else { return false }
        }
        for member in looked.members { run.noteReused(member.table, member.key) }
        used.insert(unit.digest)
        self.looked = nil
        return true
    }

    /// Remembers the units of a batch just applied whose records all went in clean.
    func remember(_ units: [FeedUnit], troubled: Set<String>, db: any SQLSession, run: RefreshRun) throws {
        for unit in units where !used.contains(unit.digest) {
            var members: [Member] = []
            for reference in unit.records {
                let (table, id) = Self.split(reference)
                guard !troubled.contains(id), let entry = run.ledgers[table]?[id], entry.appeared, !entry.isRetired,
                    let fingerprint = run.writtenInBatch[table]?[id] ?? entry.hash.fingerprint
                else { members.removeAll(); break }
                members.append(Member(table: table, key: LedgerKey(id), fingerprint: fingerprint))
            }
            guard !members.isEmpty || unit.records.isEmpty else { continue }
            try db.execute(
                sql: """
                    INSERT INTO feed_unit (feed, digest, records, reader_state) VALUES (?, ?, ?, ?)
                    ON CONFLICT (feed, digest) DO UPDATE SET records = excluded.records, reader_state = excluded.reader_state
                    """,
                arguments: [feed.rawValue, Data(unit.digest.bytes), Data(Self.encode(members)), Data(unit.readerState)]
            )
            used.insert(unit.digest)
        }
    }

    /// After a full export: units the feed no longer holds are forgotten.
    func forgetUnused(_ db: any SQLSession) throws {
        let stale = known.subtracting(used).map { Data($0.bytes) }
        for slice in stale.chunked() {
            try db.execute(
                sql: "DELETE FROM feed_unit WHERE feed = ? AND digest IN (\(placeholders(slice.count)))",
                arguments: SQLArguments([feed.rawValue]) + SQLArguments(Array(slice))
            )
        }
    }

    // MARK: Encoding: per record its table (low bits) and whether its id is a UUID (bit 7); the id
    // as 16 bytes, or as a 2-byte length and its UTF-8; the fingerprint (16 bytes). Big-endian.

    private static let tables: [Table] = [.organization, .location, .service, .serviceAtLocation]

    private static func split(_ reference: RecordReference) -> (Table, String) {
        switch reference {
        case .organization(let id): (.organization, id.rawValue)
        case .location(let id): (.location, id.rawValue)
        case .service(let id): (.service, id.rawValue)
        case .serviceAtLocation(let id): (.serviceAtLocation, id.rawValue)
        }
    }

    private static func encode(_ members: [Member]) -> [UInt8] {
        var bytes: [UInt8] = []
        func put(_ word: UInt64) {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        for member in members {
            let table = UInt8(tables.firstIndex(of: member.table) ?? 0)
            switch member.key {
            case .uuid(let high, let low):
                bytes.append(table | 0x80)
                put(high); put(low)
            case .text(let text):
                let id = Array(text.utf8.prefix(65_535))
                bytes.append(table)
                bytes.append(UInt8(id.count >> 8)); bytes.append(UInt8(id.count & 0xFF))
                bytes += id
            }
            put(member.fingerprint.high); put(member.fingerprint.low)
        }
        return bytes
    }

    private static func decode(_ bytes: [UInt8]) -> [Member]? {
        var members: [Member] = []
        var offset = 0
        func word() -> UInt64 {
            defer { offset += 8 }
            return bytes[offset..<(offset + 8)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        while offset < bytes.count {
            let tag = bytes[offset]
            guard Int(tag & 0x7F) < tables.count else { return nil }
            let table = tables[Int(tag & 0x7F)]
            offset += 1
            let key: LedgerKey
            if tag & 0x80 != 0 {
                guard offset + 32 <= bytes.count else { return nil }
                key = .uuid(word(), word())
            } else {
                guard offset + 2 <= bytes.count else { return nil }
                let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
                offset += 2
                guard offset + length + 16 <= bytes.count else { return nil }
                key = .text(String(decoding: bytes[offset..<(offset + length)], as: UTF8.self))
                offset += length
            }
            members.append(Member(table: table, key: key, fingerprint: Fingerprint(high: word(), low: word())))
        }
        return members
    }
}

extension FeedUnits.Member {
    var reference: RecordReference? {
        let id = key.id
        switch table {
        case .organization: return .organization(OrganizationID(id))
        case .location: return .location(LocationID(id))
        case .service: return .service(ServiceID(id))
        case .serviceAtLocation: return .serviceAtLocation(ServiceAtLocationID(id))
        default: return nil
        }
    }
}
