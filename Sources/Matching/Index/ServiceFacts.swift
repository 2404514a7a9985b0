import Foundation
public import SwitchboardCore

/// What a service costs, as far as its cost options and fee texts say.
public enum CostKind: String, Hashable, Codable, Sendable, CaseIterable {
    case free, slidingScale = "sliding-scale", insurance, fee, unknown
}

/// Whether a service can take someone now.
public enum CapacityState: String, Hashable, Codable, Sendable, CaseIterable {
    /// At least one unit (bed, appointment, seat) free at the last count.
    case available
    /// Full, but keeps a waiting list.
    case waitlist
    /// Full, and no waiting list mentioned.
    case full
    /// The service does not report capacity.
    case unknown
}

/// The few facts of one service the display needs, kept in the index so results print without
/// going back to the store.
public struct ServiceSummary: Hashable, Codable, Sendable {
    public var id: ServiceID
    public var name: String
    public var organizationID: OrganizationID
    public var organization: String
    public var status: Service.Status
    public var domains: [Domain]
    /// The first site's address in one line, when there is one.
    public var address: String?
    public var phone: String?

    public init(
        id: ServiceID, name: String, organizationID: OrganizationID, organization: String, status: Service.Status,
        domains: [Domain], address: String?, phone: String?
    ) {
        self.id = id; self.name = name; self.organizationID = organizationID; self.organization = organization
        self.status = status; self.domains = domains; self.address = address; self.phone = phone
    }
}

/// Reads the facts the index keeps out of a nested service record: pure functions, no state.
enum ServiceFacts {
    static func cost(of service: Service) -> CostKind {
        var kinds = Set<CostKind>()
        for option in service.costOptions ?? [] {
            let text = Tokenizer.fold([option.option, option.amountDescription].compactMap { $0 }.joined(separator: " "))
            if option.amount == 0 || text.contains("free") { kinds.insert(.free) }
            else if text.contains("sliding") { kinds.insert(.slidingScale) }
            else if text.contains("insurance") || text.contains("medicaid") || text.contains("medicare") { kinds.insert(.insurance) }
            else if let amount = option.amount, amount > 0 { kinds.insert(.fee) }
        }
        if kinds.isEmpty, let fees = service.fees.map(Tokenizer.fold) {
            if fees.hasPrefix("free") || fees == "none" || fees.contains("no fee") || fees.contains("no cost") { kinds.insert(.free) }
            else if fees.contains("sliding") { kinds.insert(.slidingScale) }
            else if fees.contains("insurance") || fees.contains("medicaid") { kinds.insert(.insurance) }
            else if fees.contains("$") { kinds.insert(.fee) }
        }
        // The cheapest way in is what the client will be told about.
        for kind in [CostKind.free, .slidingScale, .insurance, .fee] where kinds.contains(kind) { return kind }
        return .unknown
    }

    /// Words about payment, folded, for matching a client's insurance or benefits by name.
    static func paymentText(of service: Service) -> String {
        let parts = [service.fees, service.feesDescription] + (service.costOptions ?? []).flatMap { [$0.option, $0.amountDescription] }
        return Tokenizer.fold(parts.compactMap { $0 }.joined(separator: " "))
    }

    static func capacity(of service: Service) -> (CapacityState, available: Double) {
        let mentionsWait: (String?) -> Bool = { text in
            guard let text = text.map(Tokenizer.fold) else { return false }
            return text.contains("waitlist") || text.contains("waiting list") || text.contains("wait list")
        }
        guard let capacities = service.capacities, !capacities.isEmpty else {
            return (mentionsWait(service.waitTime) && !(service.waitTime.map(Tokenizer.fold)?.contains("closed") ?? false) ? .waitlist : .unknown, 0)
        }
        let available = capacities.reduce(0) { $0 + max(0, $1.available) }
        if available > 0 { return (.available, available) }
        if capacities.contains(where: { mentionsWait($0.description) }) || mentionsWait(service.waitTime) { return (.waitlist, 0) }
        return (.full, 0)
    }

    /// Days since 1970 of the last verification: provenance first, else HSDS `assured_date`.
    static func verifiedDay(of service: Service) -> Int32? {
        if let date = service.provenance?.lastVerified { return Int32((date.timeIntervalSince1970 / 86_400).rounded(.down)) }
        guard let text = service.assuredDate, text.count >= 10 else { return nil }
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return Int32(daysFromCivil(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The schedules that say when the service is open: its own, else its sites', else its locations'.
    static func schedules(of record: ServiceRecord) -> [Schedule] {
        if let own = record.service.schedules, !own.isEmpty { return own }
        let sites = record.sites.flatMap { $0.serviceAtLocation.schedules ?? [] }
        if !sites.isEmpty { return sites }
        return record.sites.flatMap { $0.location.schedules ?? [] }
    }

    /// Accessibility notes of the service's places, folded; nil when none is recorded.
    static func accessibilityText(of record: ServiceRecord) -> String? {
        let notes = record.sites.flatMap { $0.location.accessibility ?? [] }.flatMap { [$0.description, $0.details] }.compactMap { $0 }
        return notes.isEmpty ? nil : Tokenizer.fold(notes.joined(separator: "; "))
    }

    /// Language codes the service works in (lower case), from the service and, failing that, its places.
    static func languages(of record: ServiceRecord) -> [(code: String, name: String?)] {
        var languages = record.service.languages ?? []
        if languages.isEmpty { languages = record.sites.flatMap { $0.location.languages ?? [] } }
        var seen = Set<String>()
        return languages.compactMap { language in
            guard let key = (language.code ?? language.name).map({ Tokenizer.fold($0.trimmingSpaces()) }), !key.isEmpty,
                seen.insert(key).inserted
            else { return nil }
            return (key, language.name)
        }
    }

    static func summary(of record: ServiceRecord) -> ServiceSummary {
        let address = record.sites.lazy.compactMap { $0.location.addresses?.first }.first.map { a in
            "\(a.address1.trimmingSpaces()), \(a.city) \(a.stateProvince) \(a.postalCode)"
        }
        let phone = ((record.service.phones ?? []) + (record.organization.phones ?? [])).first { !$0.number.isEmpty }?.number
        return ServiceSummary(
            id: record.id, name: record.service.name.trimmingSpaces(), organizationID: record.organization.id,
            organization: record.organization.name.trimmingSpaces(), status: record.service.status, domains: record.domains,
            address: address, phone: phone)
    }
}
