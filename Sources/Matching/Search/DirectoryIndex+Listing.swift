public import Foundation
public import SwitchboardCore

/// A taxonomy term as HSDS names it: its id and its taxonomy's.
struct TermRef: Hashable, Sendable {
    var id: TaxonomyTermID
    var taxonomyID: TaxonomyID?
}

/// Every service a query's filters admit, counted, and one slice of them in id order.
public struct Listing: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var service: ServiceSummary
        /// The record's last change, when its provenance says.
        public var lastChanged: Date?
        /// How many sites (services at locations) the service has.
        public var sites: Int
    }

    public var total: Int
    public var entries: [Entry]
}

extension DirectoryIndex {
    /// The services a query's filters admit, in id order, from `offset`: what an API that pages
    /// in a stable order over the whole directory needs (HSDS's `/services`, an export). Unlike
    /// ``search(_:)`` it neither ranks nor stops at ``deepestResult``; `sort`, `page` and
    /// `perPage` are ignored.
    ///
    /// Costs what the most selective filter's list costs to scan, plus one `UInt32` per match
    /// when a radius drives the scan (the grid yields rows out of order, so they are sorted).
    /// - Throws: ``MatchingError`` for a place or ZIP code the index cannot resolve, or a bad radius.
    public func listing(_ query: SearchQuery, offset: Int = 0, limit: Int = .max) throws -> Listing {
        let plan = try SearchPlan(query: query, index: self)
        let measure = query.radiusMiles != nil
        let window = max(0, offset)..<(max(0, offset) + max(0, min(limit, Int.max - max(0, offset))))
        var total = 0
        var rows: [UInt32] = []
        if case .radius = plan.driver {
            plan.forEachCandidate(in: self) { row, known in
                if plan.evaluate(row, knownDistance: known, measure: measure, in: self) != nil { rows.append(row) }
            }
            rows.sort()
            total = rows.count
            rows = Array(rows[min(window.lowerBound, rows.count)..<min(window.upperBound, rows.count)])
        } else {
            // Posting lists and the full scan come in row (= id) order: keep only the window.
            plan.forEachCandidate(in: self) { row, known in
                guard plan.evaluate(row, knownDistance: known, measure: measure, in: self) != nil else { return }
                if window.contains(total) { rows.append(row) }
                total += 1
            }
        }
        return Listing(total: total, entries: rows.map { row in
            let changed = changedAt[Int(row)]
            return Listing.Entry(service: summaries[Int(row)], lastChanged: changed.isFinite ? Date(timeIntervalSince1970: changed) : nil,
                sites: Int(siteCounts[Int(row)]))
        })
    }
}

/// A site's id hashed (Swift's `Hasher`: seeded per process, and the index lives in one), with its row.
struct SiteKey: Comparable, Sendable {
    var hash: Int
    var row: UInt32

    static func hash(_ id: ServiceAtLocationID) -> Int {
        var hasher = Hasher()
        hasher.combine(id)
        return hasher.finalize()
    }

    static func < (a: SiteKey, b: SiteKey) -> Bool { (a.hash, a.row) < (b.hash, b.row) }
}

extension DirectoryIndex {
    /// The services that may deliver at this site (service at location): almost always one; more
    /// only when two site ids hash alike, so the caller confirms against the record.
    public func services(atSite id: ServiceAtLocationID) -> [ServiceID] {
        let hash = SiteKey.hash(id)
        var low = 0, high = siteKeys.count
        while low < high {
            let mid = (low + high) >> 1
            if siteKeys[mid].hash < hash { low = mid + 1 } else { high = mid }
        }
        var result: [ServiceID] = []
        while low < siteKeys.count, siteKeys[low].hash == hash {
            result.append(ids[Int(siteKeys[low].row)])
            low += 1
        }
        return result
    }
}
