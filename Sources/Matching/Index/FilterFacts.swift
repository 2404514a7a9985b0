public import SwitchboardCore

/// The facts of one service that search filters read, derived exactly as the index derives them.
///
/// For loading the same directory into another engine (the PostgreSQL comparison of `bench
/// matching`): a web team's importer would compute these derived columns too, and reading them
/// the index's way is what lets the two engines be checked for the same answers.
public struct FilterFacts: Hashable, Sendable {
    public var cost: CostKind
    public var capacity: CapacityState
    public var minimumAge: Double?
    public var maximumAge: Double?
    /// The genders it serves, when its rule names any (none: no gender rule).
    public var genders: [Gender]
    /// Its income limit in percent of poverty; nil when it has none (the index reads 0 as none too).
    public var incomeLimit: Int?
    /// Language keys as the index keeps them: folded codes (or folded names when there is no code).
    public var languages: [String]

    public init(_ record: ServiceRecord) {
        cost = ServiceFacts.cost(of: record.service)
        capacity = ServiceFacts.capacity(of: record.service).0
        // The index keeps ages as Float: the same rounding here keeps the boundaries identical.
        minimumAge = record.service.eligibility.minimumAge.map { Double(Float($0)) }
        maximumAge = record.service.eligibility.maximumAge.map { Double(Float($0)) }
        languages = ServiceFacts.languages(of: record).map(\.code)
        genders = Gender.allCases.filter { record.service.eligibility.genders?.contains($0) ?? false }
        let limit = Int(UInt16(clamping: record.service.eligibility.maximumIncomePercentOfPoverty ?? 0))
        incomeLimit = limit > 0 ? limit : nil
    }

    /// The keys a language filter given as `text` (a code or a name) may match, as
    /// `DirectoryIndex`'s language filter reads it: the folded text, else the code of that name.
    public static func languageKeys(_ text: String) -> [String] {
        let folded = Tokenizer.fold(text.trimmingSpaces())
        return [folded] + (LanguageNames.code(for: folded).map { [$0] } ?? [])
    }
}
