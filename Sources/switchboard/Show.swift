import ArgumentParser
import Foundation
import SwitchboardCore
import DirectoryStore
import FeedImport
import Workflows

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Everything about one service: provider, places, hours, phones, eligibility, source.",
        discussion: "Exit code 4 when no service has that id."
    )

    @OptionGroup var options: DatabaseOptions

    @Flag(help: "Print the service as HSDS 3.1 JSON.")
    var json = false

    @Argument(help: ArgumentHelp("The service's id.", valueName: "service-id"))
    var serviceID: String

    func run() async throws {
        let (_, store) = try options.open()
        guard let record = try await store.service(ServiceID(serviceID)) else {
            printError("switchboard show: no service with id \(serviceID)")
            throw ExitStatus.notFound
        }
        if json {
            let object = try JSONSerialization.jsonObject(with: HSDSJSON.encode(record))
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
        } else {
            print(ServiceText.describe(record, now: Date()))
        }
    }
}

/// A service as a coordinator reads it on a terminal.
enum ServiceText {
    static func describe(_ record: ServiceRecord, now: Date) -> String {
        let s = record.service
        var lines = ["\(s.name)  [\(s.status.rawValue)]", "Provider: \(record.organization.name)"]
        if let program = record.program { lines.append("Program: \(program.name)") }
        lines.append("Domains: \(record.domains.map(\.rawValue).joined(separator: ", "))")
        if let description = s.description, !description.isEmpty { lines += ["", description, ""] }
        for term in record.taxonomyTerms { lines.append("Taxonomy: \(term.code.map { "\($0) " } ?? "")\(term.name)") }
        for phone in (s.phones ?? []) + (record.organization.phones ?? []) {
            lines.append("Phone: \(phone.number)\(phone.extension.map { " ext. \($0)" } ?? "")\(phone.type.map { " (\($0))" } ?? "")")
        }
        if let url = s.url ?? record.organization.website { lines.append("Web: \(url)") }
        if let email = s.email ?? record.organization.email { lines.append("Email: \(email)") }
        for site in record.sites {
            let l = site.location
            var place = l.name ?? "Location"
            if let a = l.addresses?.first { place += ", \(a.address1), \(a.city), \(a.stateProvince) \(a.postalCode)" }
            lines.append("At: \(place)")
            for schedule in (site.serviceAtLocation.schedules ?? []) + (l.schedules ?? []) { lines.append("  Hours: \(hours(schedule))") }
        }
        for schedule in s.schedules ?? [] { lines.append("Hours: \(hours(schedule))") }
        if let languages = s.languages, !languages.isEmpty {
            lines.append("Languages: \(languages.compactMap { $0.name ?? $0.code }.joined(separator: ", "))")
        }
        let e = s.eligibility
        var rules: [String] = []
        if e.minimumAge != nil || e.maximumAge != nil {
            rules.append("ages \(e.minimumAge.map(formatNumber) ?? "any")–\(e.maximumAge.map(formatNumber) ?? "any")")
        }
        if let genders = e.genders { rules.append("gender: \(genders.sorted().map(\.rawValue).joined(separator: ", "))") }
        if let income = e.maximumIncomePercentOfPoverty { rules.append("income up to \(income)% of the federal poverty guideline") }
        if !e.populations.isEmpty { rules.append("for \(e.populations.sorted().map(\.rawValue).joined(separator: ", "))") }
        if !e.residency.isEmpty { rules.append("lives in \(e.residency.map(\.description).joined(separator: "; "))") }
        lines.append("Eligibility: \(rules.isEmpty ? "no rule we can check" : rules.joined(separator: "; "))")
        for text in e.unparsed { lines.append("  Check with the provider: \(text)") }
        if let p = s.provenance {
            let verified = p.lastVerified.map { Timestamp.string($0) } ?? "never"
            lines.append("Source: feed \(p.feed), key \(p.sourceKey); first seen \(Timestamp.string(p.firstSeen)), last changed \(Timestamp.string(p.lastChanged)), last verified \(verified)")
        }
        return lines.joined(separator: "\n")
    }

    static func hours(_ schedule: Schedule) -> String {
        var parts: [String] = []
        if let days = schedule.byday { parts.append(days) }
        if let opens = schedule.opensAt, let closes = schedule.closesAt { parts.append("\(opens)–\(closes)") }
        if let text = schedule.description ?? schedule.notes { parts.append(text) }
        return parts.isEmpty ? "see provider" : parts.joined(separator: " ")
    }
}
