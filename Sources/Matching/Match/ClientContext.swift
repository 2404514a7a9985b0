import Foundation
import SwitchboardCore

/// A profile resolved against one index: place, percent of poverty, language ids, windows.
struct ClientContext: Sendable {
    let profile: ClientProfile
    let place: ResolvedPlace?
    let folded: FoldedPlace?
    let origin: Geo.Origin?
    let travelMiles: Double
    let percentOfPoverty: Int?
    /// Preferred first; languages the index has never seen are dropped (no service speaks them).
    let languageIDs: [UInt16]
    let languageLabels: [String]
    let populationMask: UInt16
    let insurance: [String]
    let windows: [HoursWindow]
    let today: Int32
    var notes: [String] = []

    init(profile: ClientProfile, index: borrowing DirectoryIndex, configuration: MatchConfiguration, now: Date) throws {
        self.profile = profile
        guard !profile.needs.isEmpty else { throw MatchingError(.invalidProfile, "the profile names no needs") }
        if let age = profile.age, !(0...130).contains(age) { throw MatchingError(.invalidProfile, "age must be between 0 and 130") }
        if let size = profile.householdSize, size < 1 { throw MatchingError(.invalidProfile, "household_size must be at least 1") }
        if let miles = profile.travelMiles, !(miles > 0) { throw MatchingError(.invalidProfile, "travel_miles must be a positive number") }
        place = try profile.place.map { try index.resolve($0) }
        folded = place.map(FoldedPlace.init)
        origin = place?.point.map(Geo.Origin.init)
        travelMiles = profile.travelMiles ?? configuration.defaultTravelMiles
        today = Int32((now.timeIntervalSince1970 / 86_400).rounded(.down))

        if let income = profile.monthlyIncome, let size = profile.householdSize, let guidelines = index.povertyGuidelines {
            let percent = guidelines.percentOfPoverty(monthlyIncome: income, householdSize: size, state: place?.state)
            percentOfPoverty = percent
            notes.append("income is \(percent)% of the \(guidelines.year) federal poverty guideline for a household of \(size)")
        } else {
            percentOfPoverty = nil
            if profile.monthlyIncome != nil, index.povertyGuidelines == nil { notes.append("no poverty guideline table: income limits stay unknown") }
        }
        var ids: [UInt16] = [], labels: [String] = []
        for language in profile.languages {
            let id = index.languageID(language)
            labels.append(id.map(index.languageName) ?? language)
            if let id, !ids.contains(id) { ids.append(id) }
        }
        languageIDs = ids
        languageLabels = labels
        var mask: UInt16 = 0
        for population in profile.populations { mask |= DirectoryIndex.bit(population) }
        // Services for older adults mean the client's age, which the profile may give instead.
        if let age = profile.age, age >= 60 { mask |= DirectoryIndex.bit(.olderAdults) }
        populationMask = mask
        insurance = profile.insurance.map { Tokenizer.fold($0.trimmingSpaces()) }.filter { !$0.isEmpty }

        var windows: [HoursWindow] = []
        for span in profile.availability {
            guard let from = WeeklyHours.minutes(span.from), let to = WeeklyHours.minutes(span.to), to > from else {
                throw MatchingError(.invalidProfile, "availability needs from and to as HH:MM, from before to")
            }
            for day in span.days {
                let base = WeekMinute(day.rawValue * 24 * 60)
                windows.append(HoursWindow(start: base + from, end: base + to))
            }
        }
        self.windows = windows
        if place == nil { notes.append("no location given: distance and service areas cannot be checked") }
    }
}
