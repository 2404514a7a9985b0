import Foundation
import SwitchboardCore

/// Retires the records a batch's deletions name, with what hangs from them: an organization's
/// services and locations, the sites of a retired service or location.
///
/// Retired records stay in the store (a referral may name them); reads other than
/// ``SQLiteDirectoryStore/service(_:)`` leave them out. In a refresh only the run's feed's
/// records are retired: a feed cannot take down another feed's records. A deletion naming a
/// record that is not there (or not the feed's) is reported as a warning and changes nothing;
/// one naming a record already retired is simply done. One query per kind of record and slice of ids.
struct Retirement {
    typealias Table = BatchApplier.Table

    let db: any SQLSession
    let now: Date
    let run: RefreshRun?
    private(set) var retiredCount = 0
    private(set) var issues: [RecordIssue] = []

    init(db: any SQLSession, now: Date, run: RefreshRun?) {
        self.db = db; self.now = now; self.run = run
    }

    mutating func retire(_ references: [RecordReference]) throws {
        var organizations: [String] = [], locations: [String] = [], services: [String] = [], links: [String] = []
        for reference in references {
            switch reference {
            case .organization(let id): organizations.append(id.rawValue)
            case .location(let id): locations.append(id.rawValue)
            case .service(let id): services.append(id.rawValue)
            case .serviceAtLocation(let id): links.append(id.rawValue)
            }
        }
        let retiredOrganizations = try retireNamed(.organization, organizations)
        let retiredServices = try retireNamed(.service, services)
            + retire(.service, where: "organization_id", in: retiredOrganizations)
        let retiredLocations = try retireNamed(.location, locations)
            + retire(.location, where: "organization_id", in: retiredOrganizations)
        try retire(.serviceAtLocation, where: "service_id", in: retiredServices)
        try retire(.serviceAtLocation, where: "location_id", in: retiredLocations)
        try retireNamed(.serviceAtLocation, links)
    }

    /// Retires the named records; names that hold nothing to retire become warnings.
    @discardableResult
    private mutating func retireNamed(_ table: Table, _ ids: [String]) throws -> [String] {
        let unique = Array(Set(ids))
        let retired = try retire(table, where: "id", in: unique)
        let missing = Set(unique).subtracting(retired)
        guard !missing.isEmpty else { return retired }
        // Already retired is fine: delta feeds repeat their deletions.
        let (feedCondition, feedArguments) = ownership(table)
        var held = Set<String>()
        for slice in Array(missing).chunked() {
            held.formUnion(try db.fetchAll(String.self, sql: "SELECT id FROM \(table.rawValue) WHERE id IN (\(placeholders(slice.count)))\(feedCondition)",
                arguments: SQLArguments(Array(slice)) + feedArguments
            ))
        }
        let holder = run.map { "feed '\($0.feed)'" } ?? "the store"
        for id in missing.subtracting(held).sorted() {
            issues.append(RecordIssue(
                .danglingReference, "the feed deletes \(table.recordType) '\(id)', which \(holder) does not hold; nothing was retired",
                recordType: table.recordType, recordID: id, isWarning: true
            ))
        }
        return retired
    }

    /// Retires the live rows whose `column` is one of `values`, and returns their ids.
    @discardableResult
    private mutating func retire(_ table: Table, where column: String, in values: [String]) throws -> [String] {
        let (feedCondition, feedArguments) = ownership(table)
        var retired: [String] = []
        for slice in values.chunked() {
            retired += try db.fetchAll(String.self, sql: """
                    UPDATE \(table.rawValue) SET retired_at = ?
                    WHERE \(column) IN (\(placeholders(slice.count))) AND retired_at IS NULL\(feedCondition)
                    RETURNING id
                    """,
                arguments: SQLArguments([StoredForm.seconds(now)]) + SQLArguments(Array(slice)) + feedArguments
            )
        }
        for id in retired {
            if let run { run.noteRetired(table, id) } else { retiredCount += 1 }
        }
        return retired
    }

    /// The condition that keeps a refresh to its own feed's rows; a site belongs to its service's feed.
    private func ownership(_ table: Table) -> (sql: String, arguments: SQLArguments) {
        guard let run else { return ("", []) }
        switch table {
        case .serviceAtLocation:
            return (" AND service_id IN (SELECT id FROM service WHERE feed = ?)", [run.feed.rawValue])
        default:
            return (" AND feed = ?", [run.feed.rawValue])
        }
    }
}
