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
        guard !client.profile.languages.isEmpty else { return sink.factor(.language, 0.5, weight: weight, "no language preference given") }
        let spoken = index.languages[row]
        guard !spoken.isEmpty else { return sink.factor(.language, 0.5, weight: weight, "languages not listed") }
        for (rank, id) in client.languageIDs.enumerated() where spoken.contains(id) {
            // A later language works, but a client is best served in the first one they name.
            return sink.factor(.language, rank == 0 ? 1 : 0.5, weight: weight, "\(index.languageName(id)) spoken")
        }
        var wanted: String { client.languageLabels.joined(separator: " or ") }
        if index.interpretation[Int(row)] {
            return sink.factor(.language, 0.6, weight: weight, "\(wanted) not listed; interpreters available")
        }
        sink.factor(.language, 0, weight: weight, "\(wanted) not listed (\(spoken.map(index.languageName).joined(separator: ", ")))")
    }

    func scheduleFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        guard !client.windows.isEmpty else { return sink.factor(.schedule, 0.5, weight: weight, "no availability given") }
        switch index.isOpen(row, during: client.windows, clientOffset: client.place?.utcOffset) {
        case true?: sink.factor(.schedule, 1, weight: weight, "open when the client is available")
        case false?: sink.factor(.schedule, 0, weight: weight, "not open when the client is available")
        case nil: sink.factor(.schedule, 0.5, weight: weight, "hours not listed")
        }
    }

    func capacityFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        switch index.capacities[Int(row)] {
        case .available: sink.factor(.capacity, 1, weight: weight, "has openings (\(Wording.whole(Double(index.available[Int(row)]))) at last count)")
        case .waitlist: sink.factor(.capacity, 0.4, weight: weight, "waiting list")
        case .full: sink.factor(.capacity, 0.1, weight: weight, "no openings at last count")
        case .unknown: sink.factor(.capacity, 0.6, weight: weight, "capacity not reported")
        }
    }

    func populationFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        let mask = index.populationMasks[Int(row)]
        guard mask != 0 else { return sink.factor(.population, 0.5, weight: weight, "serves the general public") }
        let names = Population.allCases.filter { mask & DirectoryIndex.bit($0) != 0 }
        if let shared = names.first(where: { client.populationMask & DirectoryIndex.bit($0) != 0 }) {
            return sink.factor(.population, 1, weight: weight, "for \(Wording.population(shared)), as the client is")
        }
        sink.factor(.population, 0.2, weight: weight, "for \(names.map(Wording.population).joined(separator: ", "))")
    }

    func costFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        let cost = index.costs[Int(row)]
        if !client.insurance.isEmpty, let payment = index.payment[row], let plan = client.insurance.first(where: { payment.contains($0) }) {
            return sink.factor(.cost, cost == .free ? 1 : 0.9, weight: weight, "takes \(plan)")
        }
        switch cost {
        case .free: sink.factor(.cost, 1, weight: weight, "free")
        case .slidingScale: sink.factor(.cost, 0.8, weight: weight, "sliding scale by income")
        case .insurance: sink.factor(.cost, 0.5, weight: weight, "insurance accepted")
        case .fee: sink.factor(.cost, 0.3, weight: weight, "charges a fee")
        case .unknown: sink.factor(.cost, 0.5, weight: weight, "cost not listed")
        }
    }

    func freshnessFactor(_ row: UInt32, weight: Double, into sink: inout Sink) {
        let day = index.verifiedDays[Int(row)]
        guard day != Int32.min else { return sink.factor(.freshness, configuration.staleFloor, weight: weight, "never verified") }
        let days = Double(max(0, client.today - day))
        let span = max(1, configuration.staleDays - configuration.freshDays)
        let value = days <= configuration.freshDays
            ? 1 : max(configuration.staleFloor, 1 - (days - configuration.freshDays) / span * (1 - configuration.staleFloor))
        sink.factor(.freshness, value, weight: weight, "last verified \(Wording.age(days: Int(days))) ago")
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
