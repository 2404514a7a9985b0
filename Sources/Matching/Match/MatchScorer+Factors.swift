import Foundation
import SwitchboardCore

// Each soft factor: a value between 0 and 1 and the words for it. Unknown facts score in the
// middle (0.5), so a record that says nothing neither wins nor loses against one that says "no".
extension MatchScorer {
    func distanceFactor(_ miles: Double?, weight: Double, into sink: inout Sink) {
        guard let miles else {
            return sink.factor(.distance, 0.5, weight: weight,
                client.place?.point == nil ? "distance unknown: client location not given" : "no office to travel to")
        }
        sink.factor(.distance, pow(0.5, miles / max(0.1, configuration.distanceHalfLifeMiles)), weight: weight, Wording.distance(miles))
    }

    func languageFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        sink.factor(.language, languageValue(row), weight: weight, languageReason(row))
    }

    /// The words for a row's language value (built only when explaining).
    private func languageReason(_ row: UInt32) -> String {
        guard !client.profile.languages.isEmpty else { return "no language preference given" }
        let spoken = index.languages[row]
        guard !spoken.isEmpty else { return "languages not listed" }
        if let (_, id) = firstSpoken(spoken) { return "\(index.languageName(id)) spoken" }
        let wanted = client.languageLabels.joined(separator: " or ")
        if index.interpretation[Int(row)] { return "\(wanted) not listed; interpreters available" }
        return "\(wanted) not listed (\(spoken.map(index.languageName).joined(separator: ", ")))"
    }

    /// The language factor's value: 1 for the client's first language, 0.5 for a later one (or no
    /// preference, or languages not listed), 0.6 for interpreters, else 0.
    func languageValue(_ row: UInt32) -> Double {
        guard !client.profile.languages.isEmpty else { return 0.5 }
        let spoken = index.languages[row]
        guard !spoken.isEmpty else { return 0.5 }
        // A later language works, but a client is best served in the first one they name.
        if let (rank, _) = firstSpoken(spoken) { return rank == 0 ? 1 : 0.5 }
        return index.interpretation[Int(row)] ? Self.bestLanguageValueOfOthers : 0
    }

    /// The client's most preferred language among `spoken`, with its rank in their list.
    private func firstSpoken(_ spoken: ArraySlice<UInt16>) -> (rank: Int, id: UInt16)? {
        for (rank, id) in client.languageIDs.enumerated() where spoken.contains(id) { return (rank, id) }
        return nil
    }

    /// The most a row that does not speak the client's first language scores on language:
    /// interpreters (0.6), above a later language or languages not listed (0.5).
    static let bestLanguageValueOfOthers = 0.6

    func scheduleFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        guard !client.windows.isEmpty else { return sink.factor(.schedule, 0.5, weight: weight, "no availability given") }
        switch index.isOpen(row, during: client.windows, clientOffset: client.place?.utcOffset) {
        case true?: sink.factor(.schedule, Self.scheduleValue(true), weight: weight, "open when the client is available")
        case false?: sink.factor(.schedule, Self.scheduleValue(false), weight: weight, "not open when the client is available")
        case nil: sink.factor(.schedule, Self.scheduleValue(nil), weight: weight, "hours not listed")
        }
    }

    /// The schedule factor's value: 1 open when the client is available, 0 not, 0.5 unknown (or no availability given).
    func scheduleValue(_ row: UInt32) -> Double {
        guard !client.windows.isEmpty else { return 0.5 }
        return Self.scheduleValue(index.isOpen(row, during: client.windows, clientOffset: client.place?.utcOffset))
    }

    private static func scheduleValue(_ open: Bool?) -> Double {
        switch open {
        case true?: 1
        case false?: 0
        case nil: 0.5
        }
    }

    func capacityFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        sink.factor(.capacity, capacityValue(index.facts[Int(row)]), weight: weight, capacityReason(row))
    }

    private func capacityReason(_ row: UInt32) -> String {
        switch index.capacities[Int(row)] {
        case .available: "has openings (\(Wording.whole(Double(index.available[Int(row)]))) at last count)"
        case .waitlist: "waiting list"
        case .full: "no openings at last count"
        case .unknown: "capacity not reported"
        }
    }

    @inline(__always)
    func capacityValue(_ facts: RowFacts) -> Double {
        switch facts.capacity {
        case .available: 1
        case .waitlist: 0.4
        case .full: 0.1
        case .unknown: 0.6
        }
    }

    func populationFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        let mask = index.populationMasks[Int(row)]
        let value = populationValue(index.facts[Int(row)])
        // Names are only looked for when explaining: this runs for thousands of rows a query.
        guard sink.explain else { return sink.factor(.population, value, weight: weight, "") }
        guard mask != 0 else { return sink.factor(.population, value, weight: weight, "serves the general public") }
        let names = Population.allCases.filter { mask & DirectoryIndex.bit($0) != 0 }
        if let shared = names.first(where: { client.populationMask & DirectoryIndex.bit($0) != 0 }) {
            return sink.factor(.population, value, weight: weight, "for \(Wording.population(shared)), as the client is")
        }
        sink.factor(.population, value, weight: weight, "for \(names.map(Wording.population).joined(separator: ", "))")
    }

    @inline(__always)
    func populationValue(_ facts: RowFacts) -> Double {
        let mask = facts.populationMask
        return mask == 0 ? 0.5 : mask & client.populationMask != 0 ? 1 : Self.otherPopulationsValue
    }

    /// The population value of a service for populations the client is not in.
    static let otherPopulationsValue = 0.2

    func costFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        let cost = index.costs[Int(row)]
        if !client.insurance.isEmpty, let payment = index.payment[row], let plan = client.insurance.first(where: { payment.contains($0) }) {
            return sink.factor(.cost, cost == .free ? 1 : 0.9, weight: weight, "takes \(plan)")
        }
        sink.factor(.cost, costValue(index.facts[Int(row)]), weight: weight, costReason(cost))
    }

    private func costReason(_ cost: CostKind) -> String {
        switch cost {
        case .free: "free"
        case .slidingScale: "sliding scale by income"
        case .insurance: "insurance accepted"
        case .fee: "charges a fee"
        case .unknown: "cost not listed"
        }
    }

    /// The cost value when the client's insurance does not come into it.
    @inline(__always)
    func costValue(_ facts: RowFacts) -> Double {
        switch facts.cost {
        case .free: 1
        case .slidingScale: 0.8
        case .insurance, .unknown: 0.5
        case .fee: 0.3
        }
    }

    func freshnessFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        let day = index.verifiedDays[Int(row)]
        let value = freshnessValue(index.facts[Int(row)])
        guard day != Int32.min else { return sink.factor(.freshness, value, weight: weight, "never verified") }
        sink.factor(.freshness, value, weight: weight, "last verified \(Wording.age(days: Int(max(0, client.today - day)))) ago")
    }

    @inline(__always)
    func freshnessValue(_ facts: RowFacts) -> Double {
        let day = facts.verifiedDay
        guard day != Int32.min else { return configuration.staleFloor }
        let days = Double(max(0, client.today - day))
        let span = max(1, configuration.staleDays - configuration.freshDays)
        return days <= configuration.freshDays
            ? 1 : max(configuration.staleFloor, 1 - (days - configuration.freshDays) / span * (1 - configuration.staleFloor))
    }

    func outcomeFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        let prior = configuration.outcomePriorReferrals, rate = configuration.outcomePriorRate
        guard !outcomes.isEmpty, let counts = outcomes[index.ids[Int(row)]], counts.closed > 0 else {
            return sink.factor(.outcomes, rate, weight: weight, "no referral history yet")
        }
        let closed = Double(counts.closed), completed = Double(min(counts.completed, counts.closed))
        sink.factor(.outcomes, (completed + prior * rate) / (closed + prior), weight: weight,
            "\(counts.completed) of \(counts.closed) referrals completed")
    }
}

extension Wording {
    static func population(_ population: Population) -> String {
        switch population {
        case .veterans: "veterans"
        case .reentry: "people leaving prison"
        case .homeless: "people experiencing homelessness"
        case .olderAdults: "older adults"
        case .fosterYouth: "youth in or leaving foster care"
        case .domesticViolenceSurvivors: "survivors of domestic violence"
        case .disabilities: "people with disabilities"
        case .mentalIllness: "people with mental illness"
        case .substanceUse: "people with substance use disorders"
        }
    }
}
