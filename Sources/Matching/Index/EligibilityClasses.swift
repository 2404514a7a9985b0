/// Services the hard rules cannot tell apart, whoever the client is: the same status, age range,
/// genders, income limit and residency areas.
///
/// The eligible count of a need is part of every match, and in a crowded metro a whole-domain
/// need has tens of thousands of candidates within the travel distance. Only the few that may
/// reach the top are scored; the rest need only "does it pass the hard rules", which is the same
/// answer for every service of a class. A match asks it once per class it meets (``ClassMemo``)
/// and counts the others by their class alone, reading a number per site instead of the service.
///
/// Two partitions: ``ofRow`` with residency areas (for clients with a place), and ``placelessOfRow``
/// without them (for clients with no place, whom no residency rule can leave out).
struct EligibilityClasses: Sendable {
    /// ``ofRow`` of a service the classes do not describe: more than two residency areas (rare;
    /// such services are checked one by one).
    static let unclassed = UInt32.max

    /// Per class, the facts of one of its services: what the hard rules read of any of them.
    private(set) var representatives: [RowFacts] = []
    /// Per row, its class (areas included), or ``unclassed``.
    private(set) var ofRow: [UInt32] = []
    private(set) var placelessRepresentatives: [RowFacts] = []
    /// Per row, its class without residency areas.
    private(set) var placelessOfRow: [UInt32] = []

    init() {}

    init(facts: [RowFacts]) {
        var classes: [Key: UInt32] = [:], placeless: [Key: UInt32] = [:]
        ofRow.reserveCapacity(facts.count)
        placelessOfRow.reserveCapacity(facts.count)
        /// The class of `key`, made with `facts` as its representative when it is new.
        func intern(_ key: Key, _ facts: RowFacts, in ids: inout [Key: UInt32], _ representatives: inout [RowFacts]) -> UInt32 {
            if let id = ids[key] { return id }
            let id = UInt32(representatives.count)
            ids[key] = id
            representatives.append(facts)
            return id
        }
        for rowFacts in facts {
            placelessOfRow.append(intern(Key(rowFacts, areas: false), rowFacts, in: &placeless, &placelessRepresentatives))
            ofRow.append(rowFacts.areaCount <= 2
                ? intern(Key(rowFacts, areas: true), rowFacts, in: &classes, &representatives) : Self.unclassed)
        }
    }

    /// What the hard rules read, bit for bit (ages by their bits: NaN means "no rule").
    private struct Key: Hashable {
        var isActive: Bool
        var minimumAge: UInt32
        var maximumAge: UInt32
        var genderMask: UInt8
        var incomeLimit: UInt16
        var areaCount: UInt8
        var areas: (UInt32, UInt32)

        init(_ facts: RowFacts, areas withAreas: Bool) {
            isActive = facts.isActive
            minimumAge = facts.minimumAge.bitPattern
            maximumAge = facts.maximumAge.bitPattern
            genderMask = facts.genderMask
            incomeLimit = facts.incomeLimit
            // Without a place only "has areas or not" matters: residency is then unknown, or has no rule.
            areaCount = withAreas ? facts.areaCount : min(facts.areaCount, 1)
            areas = withAreas ? facts.firstAreas : (0, 0)
        }

        static func == (a: Key, b: Key) -> Bool {
            a.isActive == b.isActive && a.minimumAge == b.minimumAge && a.maximumAge == b.maximumAge && a.genderMask == b.genderMask
                && a.incomeLimit == b.incomeLimit && a.areaCount == b.areaCount && a.areas.0 == b.areas.0 && a.areas.1 == b.areas.1
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(isActive); hasher.combine(minimumAge); hasher.combine(maximumAge); hasher.combine(genderMask)
            hasher.combine(incomeLimit); hasher.combine(areaCount); hasher.combine(areas.0); hasher.combine(areas.1)
        }
    }
}

/// How each eligibility class stands with the hard rules for one client: left out, or admitted
/// with how many of its rules are to check. One per match, never shared; a byte per class, made
/// on first use and decided once per class: a match meets the same classes on thousands of sites.
final class ClassMemo {
    /// 0 not yet known, `leftOut`, or 1 + the rules to check. Raw memory: read on every site a
    /// match counts, where an array in a class paid an exclusivity check per read.
    private var outcomes: UnsafeMutablePointer<UInt8>?
    private let classes: Int
    private static let leftOut: UInt8 = .max

    init(classes: Int) { self.classes = classes }

    deinit { outcomes?.deallocate() }

    /// The class's rules to check, or nil when it is left out.
    @inline(__always)
    func unknowns(_ id: UInt32, _ decide: () -> Int?) -> Int? {
        let table = outcomes ?? makeTable()
        let known = table[Int(id)]
        if known == Self.leftOut { return nil }
        if known != 0 { return Int(known) - 1 }
        let decided = decide()
        table[Int(id)] = decided.map { UInt8(min($0, 250) + 1) } ?? Self.leftOut
        return decided
    }

    private func makeTable() -> UnsafeMutablePointer<UInt8> {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, classes))
        table.initialize(repeating: 0, count: max(1, classes))
        outcomes = table
        return table
    }
}
