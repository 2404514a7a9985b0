import SwitchboardCore

// Feed units: a top-level agency read clean is remembered as a `FeedUnit`; met again with the
// same digest, it is taken as read (its keys claimed, its counts added) instead of mapped.

extension AIRSMapper {
    /// The kinds of keys that must be unique in a file.
    enum KeyKind: UInt8, CaseIterable {
        case agency, site, siteService, service
    }

    /// A top-level agency being replayed into the mapper with a digest the store may remember.
    struct UnitInProgress {
        var digest: FeedUnitDigest
        /// Where the agency starts in this file: the places of its warnings are kept relative to it.
        var start: XMLPosition?
        var claims: [(KeyKind, UInt64)] = []
        /// Codes that are not AIRS codes, met here first in the file: their warning depends on the
        /// agencies before, so it does not keep a unit from being remembered; a reused unit repeats
        /// it when the code is new to the file.
        var localCodes: [UnitState.LocalCode] = []
        var counters: [Int]
        var issues: Int
        var deletions: Int
        var organizations: Int, locations: Int, services: Int, servicesAtLocations: Int
    }

    /// The summary's counts that one agency adds to (not chunks, bytes, terms or issues).
    // Key paths are immutable; the compiler just cannot prove them Sendable.
    nonisolated(unsafe) static let unitCounters: [WritableKeyPath<AIRSReadSummary, Int>] = [
        \.agencies.read, \.agencies.accepted, \.agencies.rejected, \.agencies.deleted,
        \.sites.read, \.sites.accepted, \.sites.rejected, \.sites.deleted,
        \.siteServices.read, \.siteServices.accepted, \.siteServices.rejected, \.siteServices.deleted,
        \.services, \.programs, \.codes, \.emptyCodes, \.airsCodes, \.localCodes,
    ]

    /// Claims a key for the file: false when an earlier record holds it.
    mutating func claim(_ kind: KeyKind, _ hash: UInt64) -> Bool {
        guard claimedKeys[Int(kind.rawValue)].insert(hash).inserted else { return false }
        unit?.claims.append((kind, hash))
        return true
    }

    /// Starts reading a unit in full, to remember it if it reads clean.
    mutating func beginUnit(_ digest: FeedUnitDigest, start: XMLPosition?) {
        unit = UnitInProgress(
            digest: digest, start: start, counters: Self.unitCounters.map { summary[keyPath: $0] }, issues: pending.issues.count,
            deletions: pending.batch.deletions.count, organizations: pending.batch.organizations.count,
            locations: pending.batch.locations.count, services: pending.batch.services.count,
            servicesAtLocations: pending.batch.servicesAtLocations.count
        )
    }

    /// Ends the unit: clean (no issue, not even a warning, and no deletion), it joins the chunk
    /// for the store to remember with the records it made.
    mutating func endUnit() {
        guard let unit else { return }
        self.unit = nil
        guard pending.issues.count == unit.issues + unit.localCodes.count, pending.batch.deletions.count == unit.deletions else { return }
        var records: [RecordReference] = []
        records += pending.batch.organizations[unit.organizations...].map { .organization($0.id) }
        records += pending.batch.locations[unit.locations...].map { .location($0.id) }
        records += pending.batch.services[unit.services...].map { .service($0.id) }
        records += pending.batch.servicesAtLocations[unit.servicesAtLocations...].map { .serviceAtLocation($0.id) }
        var state = UnitState(claims: unit.claims, counters: [], localCodes: unit.localCodes)
        state.counters = zip(Self.unitCounters, unit.counters).map { summary[keyPath: $0] - $1 }
        pending.batch.units.append(FeedUnit(digest: unit.digest, records: records, readerState: state.encoded))
    }

    /// Whether a remembered unit can be taken as read here: its state is one this reader wrote,
    /// and none of its keys has been claimed by an earlier agency of this file (then it must be
    /// read in full, to report the clash as a full read does).
    func canReuse(_ unit: FeedUnit) -> Bool {
        guard let state = UnitState(unit.readerState), state.counters.count == Self.unitCounters.count else { return false }
        return state.claims.allSatisfy { kind, hash in !claimedKeys[Int(kind.rawValue)].contains(hash) }
    }

    /// Takes a remembered unit as read: its keys claimed, its counts added, the warnings of codes
    /// new to the file repeated at their place in this file (the agency starts at `start`).
    mutating func reuse(_ unit: FeedUnit, start: XMLPosition?) {
        guard let state = UnitState(unit.readerState) else { return }
        for (kind, hash) in state.claims { claimedKeys[Int(kind.rawValue)].insert(hash) }
        for (path, count) in zip(Self.unitCounters, state.counters) { summary[keyPath: path] += count }
        for local in state.localCodes where emittedTerms.insert(TaxonomyTermID.derived(from: "feed-local", feed.rawValue, local.code)).inserted {
            let position = start.map { XMLPosition(line: $0.line + local.line, column: local.column) }
            reportLocalCode(local.code, at: position, key: local.key)
        }
        summary.reusedAgencies += 1
    }
}

extension AIRSMapper.UnitInProgress {
    mutating func noteLocalCode(_ code: String, at position: XMLPosition, key: String) {
        localCodes.append(UnitState.LocalCode(code: code, key: key, line: position.line - (start?.line ?? position.line), column: position.column))
    }
}

/// A unit's reader state as bytes: version, claims (kind and hash), counters.
struct UnitState {
    /// A code met first in the unit, with where its warning was: lines after the agency's start.
    struct LocalCode {
        var code: String
        var key: String
        var line: Int
        var column: Int?
    }

    var claims: [(AIRSMapper.KeyKind, UInt64)]
    var counters: [Int]
    var localCodes: [LocalCode]

    static let version: UInt8 = 2

    init(claims: [(AIRSMapper.KeyKind, UInt64)], counters: [Int], localCodes: [LocalCode]) {
        self.claims = claims; self.counters = counters; self.localCodes = localCodes
    }

    var encoded: [UInt8] {
        var bytes: [UInt8] = [Self.version]
        func put(_ value: UInt64, _ width: Int) {
            for index in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(index * 8))) }
        }
        put(UInt64(claims.count), 4)
        for (kind, hash) in claims { bytes.append(kind.rawValue); put(hash, 8) }
        put(UInt64(counters.count), 1)
        for counter in counters { put(UInt64(UInt32(clamping: counter)), 4) }
        put(UInt64(localCodes.count), 4)
        for local in localCodes {
            for text in [local.code, local.key] {
                let utf8 = Array(text.utf8.prefix(65_535))
                put(UInt64(utf8.count), 2)
                bytes += utf8
            }
            put(UInt64(UInt32(bitPattern: Int32(clamping: local.line))), 4)
            put(UInt64(UInt32(bitPattern: Int32(clamping: local.column ?? -1))), 4)
        }
        return bytes
    }

    init?(_ bytes: [UInt8]) {
        var offset = 0
        func take(_ width: Int) -> UInt64? {
            guard offset + width <= bytes.count else { return nil }
            var value: UInt64 = 0
            for index in 0..<width { value |= UInt64(bytes[offset + index]) << UInt64(index * 8) }
            offset += width
            return value
        }
        guard take(1) == UInt64(Self.version), let claimCount = take(4) else { return nil }
        var claims: [(AIRSMapper.KeyKind, UInt64)] = []
        claims.reserveCapacity(Int(claimCount))
        for _ in 0..<claimCount {
            guard let raw = take(1), let kind = AIRSMapper.KeyKind(rawValue: UInt8(raw)), let hash = take(8) else { return nil }
            claims.append((kind, hash))
        }
        guard let counterCount = take(1) else { return nil }
        var counters: [Int] = []
        for _ in 0..<counterCount {
            guard let counter = take(4) else { return nil }
            counters.append(Int(counter))
        }
        func text() -> String? {
            guard let length = take(2), offset + Int(length) <= bytes.count else { return nil }
            defer { offset += Int(length) }
            return String(decoding: bytes[offset..<(offset + Int(length))], as: UTF8.self)
        }
        guard let localCount = take(4) else { return nil }
        var localCodes: [LocalCode] = []
        for _ in 0..<localCount {
            guard let code = text(), let key = text(), let line = take(4), let column = take(4) else { return nil }
            let columnValue = Int(Int32(bitPattern: UInt32(column)))
            localCodes.append(LocalCode(code: code, key: key, line: Int(Int32(bitPattern: UInt32(line))), column: columnValue < 0 ? nil : columnValue))
        }
        guard offset == bytes.count else { return nil }
        self.claims = claims; self.counters = counters; self.localCodes = localCodes
    }
}
