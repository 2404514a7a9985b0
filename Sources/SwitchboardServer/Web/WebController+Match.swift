import Foundation
import DirectoryStore
import Hummingbird
import Matching
import Referrals
import SwitchboardCore

/// A client's needs, the matcher's ranking for each with its reasons, a plan that covers them
/// all, and "refer" in one step. The form is posted, not put in the address: it holds a client's
/// age and income, which must not land in browser history or a proxy's log.
extension WebController {
    func registerMatch(on router: Router<AppRequestContext>) {
        router.get("/app/match") { _, context in try await matchPage(context, form: MatchForm(), result: nil) }
        router.post("/app/match") { request, context in
            _ = try context.require(.matchClients)
            var request = request
            let form = MatchForm(try await request.form(context: context))
            return try await matchPage(context, form: form, result: form.profile)
        }
        router.post("/app/match/refer") { request, context in try await referFromMatch(request, context) }
    }

    /// The needs form as typed; the fields come back into the form with the results.
    struct MatchForm: Sendable {
        var label = ""
        var needs: [Domain] = []
        var urgency = ClientProfile.Urgency.normal
        var zip = ""
        var travel = ""
        var age = ""
        var household = ""
        var income = ""
        var language = ""
        var note = ""
        var taxonomyCode = ""
        var gender: Gender?
        var populations: [Population] = []
        var insurance = ""
        var days: [Weekday] = []
        var from = ""
        var to = ""

        init() {}

        init(_ form: FormFields) {
            label = form.value("client_label") ?? ""
            needs = Domain.allCases.filter { form["need_\($0.rawValue)"] == "1" }
            urgency = form.value("urgency").flatMap(ClientProfile.Urgency.init(rawValue:)) ?? .normal
            zip = form.value("zip") ?? ""
            travel = form.value("travel_miles") ?? ""
            age = form.value("age") ?? ""
            household = form.value("household_size") ?? ""
            income = form.value("monthly_income") ?? ""
            language = form.value("language") ?? ""
            note = form.value("note") ?? ""
            taxonomyCode = form.value("taxonomy_code") ?? ""
            gender = form.value("gender").flatMap(Gender.init(rawValue:))
            populations = Population.allCases.filter { form["population_\($0.rawValue)"] == "1" }
            insurance = form.value("insurance") ?? ""
            days = Weekday.allCases.filter { form["day_\($0.rawValue)"] == "1" }
            from = form.value("available_from") ?? ""
            to = form.value("available_to") ?? ""
        }

        /// The profile, or what is wrong with the form in words.
        var profile: Result<ClientProfile, APIError> {
            let code = taxonomyCode.uppercased()
            guard !needs.isEmpty || !code.isEmpty else { return .failure(APIError(.invalidRequest, "Choose at least one need")) }
            guard code.isEmpty || AIRSCode(code) != nil else {
                return .failure(APIError(.invalidRequest, "Taxonomy code \(taxonomyCode) is not an AIRS code (such as BH-1800 or BD-1800.2000)"))
            }
            // A time field sends "09:00" already; the matcher's own reading says what it accepts.
            func clock(_ text: String, _ name: String) -> Result<String, APIError> {
                ClientProfile.Availability.isTime(text) ? .success(text) : .failure(APIError(.invalidRequest, "\(name) must be a time such as 09:00"))
            }
            func number(_ text: String, _ name: String) -> Result<Double?, APIError> {
                guard !text.isEmpty else { return .success(nil) }
                guard let value = Double(text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "$", with: "")), value >= 0 else {
                    return .failure(APIError(.invalidRequest, "\(name) must be a number"))
                }
                return .success(value)
            }
            do throws(APIError) {
                let travel = try number(self.travel, "Travel distance").get()
                let age = try number(self.age, "Age").get()
                let household = try number(self.household, "Household size").get()
                let income = try number(self.income, "Monthly income").get()
                var availability: [ClientProfile.Availability] = []
                if !days.isEmpty || !from.isEmpty || !to.isEmpty {
                    availability = [ClientProfile.Availability(
                        days: days.isEmpty ? Weekday.allCases : days,
                        from: try clock(from.isEmpty ? "00:00" : from, "Available from").get(),
                        to: try clock(to.isEmpty ? "24:00" : to, "Available until").get())]
                }
                let coded = code.isEmpty ? [] : [ClientProfile.Need(taxonomyCode: code, urgency: urgency)]
                return .success(ClientProfile(
                    needs: coded + needs.map { ClientProfile.Need(domain: $0, urgency: urgency) }, zip: zip.isEmpty ? nil : zip,
                    travelMiles: travel, age: age, gender: gender, householdSize: household.map { Int($0) }, monthlyIncome: income,
                    languages: language.isEmpty ? [] : [language], populations: populations,
                    insurance: insurance.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                    availability: availability))
            } catch {
                return .failure(error)
            }
        }

        var data: [String: Any] {
            [
                "clientLabel": label, "zip": zip, "travel": travel, "age": age, "household": household, "income": income,
                "language": language, "note": note, "taxonomyCode": taxonomyCode, "insurance": insurance, "from": from, "to": to,
                "genders": [["value": "", "label": "Not given", "selected": gender == nil]]
                    + Gender.allCases.map { ["value": $0.rawValue, "label": $0.rawValue.capitalized, "selected": $0 == gender] },
                "populations": Population.allCases.map {
                    ["value": $0.rawValue, "label": WebController.words($0.rawValue), "checked": populations.contains($0)]
                },
                "days": Weekday.allCases.map { ["value": $0.rawValue, "label": $0.description, "checked": days.contains($0)] },
                "needs": Domain.allCases.map { ["value": $0.rawValue, "label": $0.rawValue.capitalized, "checked": needs.contains($0)] },
                "urgencies": ClientProfile.Urgency.allCases.map { ["value": $0.rawValue, "selected": $0 == urgency] },
            ]
        }
    }

    private func requireCaseManager(_ context: AppRequestContext) throws -> (Account, Actor) {
        let (account, actor) = try context.requireActor()
        guard account.role.may(.issueReferrals) else { throw APIError(.forbidden, "A \(account.role) does not issue referrals") }
        return (account, actor)
    }

    func matchPage(_ context: AppRequestContext, form: MatchForm, result: Result<ClientProfile, APIError>?) async throws -> Response {
        // Coordinators match too (to advise); only case managers refer.
        let account = try context.require(.matchClients)
        var data = form.data
        data["csrf"] = context.session?.csrfToken ?? ""
        data["canRefer"] = account.role.may(.issueReferrals)
        var status = HTTPResponse.Status.ok
        switch result {
        case nil: break
        case .failure(let error):
            data["error"] = error.message
            status = .badRequest
        case .success(let profile):
            do {
                let matched = try await MatchController.run(profile, by: account, on: try await context.directoryIndex(),
                    configuration: configuration.matching, coordinator: coordinator, auditor: referrals.auditor, channel: " (web)")
                data.merge(Self.matchData(matched, profile: profile, form: form)) { _, new in new }
            } catch let error as MatchingError {
                data["error"] = error.message
                status = .badRequest
            }
        }
        return web.page("match", title: result == nil ? "Match a client" : "Matches", data: data, account: account,
            session: context.session, section: .match, status: status)
    }

    static func matchData(_ result: MatchResult, profile: ClientProfile, form: MatchForm) -> [String: Any] {
        let priority = referralPriority(form.urgency)
        func refer(_ services: [(ServiceID, [Int])]) -> [String: Any] {
            // Each step as "service|need,need": the form fields name their needs by position.
            ["referSteps": services.enumerated().map { ["field": "step\($0.offset)", "value": "\($0.element.0)|" + $0.element.1.map { profile.needs[$0].domain?.rawValue ?? "" }.joined(separator: ",")] },
             "priority": priority.rawValue]
        }
        let needs: [[String: Any]] = result.needs.enumerated().map { position, ranking in
            [
                "label": ranking.need.taxonomyCode ?? ranking.need.label.capitalized, "position": position,
                "eligible": ranking.eligibleCount == 1 ? "1 provider fits" : "\(ranking.eligibleCount) providers fit",
                "matches": ranking.matches.enumerated().map { rank, match -> [String: Any] in
                    var item: [String: Any] = [
                        "rank": rank + 1, "id": match.service.id.rawValue, "name": match.service.name, "organization": match.service.organization,
                        "score": String(format: "%.2f", locale: Locale(identifier: "en_US_POSIX"), match.score),
                        // The factors that added most come first: the reasons a person reads.
                        "reasons": match.factors.filter { $0.contribution > 0 }.sorted { $0.contribution > $1.contribution }.prefix(4)
                            .map(\.reason).joined(separator: "; "),
                        "met": match.rules.filter { $0.outcome == .met }.map(\.reason).joined(separator: "; "),
                        "toCheck": match.toCheck.joined(separator: "; "),
                    ]
                    // An empty string still opens a template section: leave out what has nothing to say.
                    for key in ["reasons", "met", "toCheck"] where (item[key] as? String)?.isEmpty == true { item[key] = nil }
                    if let miles = match.distanceMiles { item["distance"] = SVGMap.miles(miles) }
                    if let phone = match.service.phone { item["phone"] = phone }
                    item.merge(refer([(match.service.id, [position])])) { _, new in new }
                    return item
                },
            ]
        }
        var data: [String: Any] = ["matched": true, "results": needs, "notes": result.notes]
        if let plan = result.plan, !plan.steps.isEmpty {
            var summary = "\(plan.providers) \(plan.providers == 1 ? "provider" : "providers") at \(plan.places) \(plan.places == 1 ? "place" : "places")"
            if plan.travelMiles > 0 { summary += ", \(SVGMap.miles(plan.travelMiles)) from the client in all" }
            var planData: [String: Any] = [
                "summary": summary,
                "steps": plan.steps.map { step -> [String: Any] in
                    var item: [String: Any] = ["name": step.service.name, "organization": step.service.organization,
                        "needs": step.needs.map { profile.needs[$0].label.capitalized }.joined(separator: " and ")]
                    if let miles = step.distanceMiles { item["distance"] = SVGMap.miles(miles) }
                    return item
                },
                "unmet": plan.unmetNeeds.map { profile.needs[$0].label.capitalized },
                "count": plan.steps.count,
            ]
            planData.merge(refer(plan.steps.map { ($0.service.id, $0.needs) })) { _, new in new }
            data["plan"] = planData
        }
        return data
    }

    static func referralPriority(_ urgency: ClientProfile.Urgency) -> Referral.Priority {
        switch urgency {
        case .low, .normal: .routine
        case .high: .urgent
        case .crisis: .asap
        }
    }

    /// One client record and a referral for each step (one match, or the whole plan), then the board.
    func referFromMatch(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, actor) = try requireCaseManager(context)
        var request = request
        let form = try await request.form(context: context)
        guard let label = form.value("client_label") else {
            throw APIError(.invalidRequest, "Give the client's case number in the needs form first")
        }
        let steps: [(ServiceID, [Domain])] = (0..<20).compactMap { i in
            guard let value = form.value("step\(i)") else { return nil }
            let parts = value.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let domains = parts.count > 1 ? parts[1].split(separator: ",").compactMap { Domain(rawValue: String($0)) } : []
            return (ServiceID(String(parts[0])), domains)
        }
        guard !steps.isEmpty else { throw APIError(.invalidRequest, "Choose a provider to refer to") }
        let priority = form.value("priority").flatMap(Referral.Priority.init(rawValue:)) ?? .routine
        let client = try await coordinator.registerClient(label: label, by: actor)
        try await referrals.auditor.record("client.create", by: account, target: "client/\(client.id)")
        var made: [ReferralID] = []
        for (service, domains) in steps {
            // A step that answers two needs is one referral; its need names the first.
            let write = try await coordinator.create(NewReferral(clientID: client.id, serviceID: service,
                need: Referral.Need(domain: domains.first, urgency: priority, note: form.value("note"))), by: actor)
            try await referrals.auditor.record("referral.create", by: account, target: "referral/\(write.referral.id)",
                detail: "service \(service) status \(write.referral.status.rawValue) from match")
            made.append(write.referral.id)
        }
        return .redirect(to: made.count == 1 ? "/app/referrals/\(made[0])" : "/app/referrals", type: .found)
    }
}
