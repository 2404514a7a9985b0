import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import SwitchboardCore
import Testing

/// The search page (filters, distance, hours, "open now", the SVG map) and the match page
/// (needs, ranked matches with reasons, a plan, refer in one step), through HummingbirdTesting.
@Suite struct WebSearchAndMatchPagesTests {
    typealias Journey = WebJourneyTests

    static func zip(of server: TestServer) throws -> String {
        let zips = server.service.sites.compactMap { site in site.location.addresses?.first?.postalCode }
        return try #require(zips.first)
    }

    @Test func searchNearAPlaceGivesDistancesHoursAndAMapOfTheResults() async throws {
        let server = try await TestServer()
        let zip = try Self.zip(of: server)
        let domain = try #require(server.service.domains.first)
        try await server.run { client in
            let page = try await client.get("/app?domain=\(domain.rawValue)&near=\(zip)&radius=25&sort=distance", as: .coordinator)
            #expect(page.status == .ok)
            #expect(page.text.contains("/app/services/\(server.service.id)"))
            #expect(page.text.contains("<span class=\"distance\">"))
            #expect(page.text.contains("Open now") || page.text.contains("Closed now") || page.text.contains("Hours not known"))
            #expect(page.text.contains("<svg class=\"map\" id=\"results-map\""))
            #expect(page.text.contains("<title id=\"results-map-title\">Map of the results around \(zip)</title>"))
            #expect(page.text.contains("<desc id=\"results-map-desc\">"))
            #expect(page.text.contains("<g class=\"marker\"><title>1. "))
            // Every result is in the asked domain.
            #expect(!page.text.contains("services found") || page.text.contains("<span class=\"tag\">\(domain.rawValue)</span>"))
            for label in ["q", "domain", "near", "radius", "language", "sort"] {
                #expect(page.text.contains("<label for=\"\(label)\">"), "no label for \(label)")
            }
        }
    }

    @Test func openNowLeavesOutServicesKnownToBeClosed() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let all = try await client.get("/app?q=&domain=health", as: .coordinator)
            #expect(all.status == .ok)
            let open = try await client.get("/app?domain=health&open_now=1", as: .coordinator)
            #expect(open.status == .ok)
            #expect(open.text.contains("Open now") || open.text.contains("0 services found"))
            #expect(!open.text.contains("Closed now"))
            #expect(!open.text.contains("Hours not known"))
            #expect(open.text.contains("checked"), "the box stays ticked")
        }
    }

    @Test func aZIPCodeTheTableDoesNotKnowIsSaidPlainly() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let page = try await client.get("/app?q=food&near=00000", as: .coordinator)
            #expect(page.status == .badRequest)
            #expect(page.text.contains("role=\"alert\""))
            #expect(page.text.contains("00000"))
        }
    }

    /// Posts the needs form as a signed-in case manager; returns the cookie and the page.
    static func match(_ client: TestServer.Client, as who: String = "caseManager", body: (String) -> String) async throws
        -> (cookie: String, page: TestResponse)
    {
        let cookie = try await Journey.signIn(client, as: who)
        let form = try await client.request(.get, "/app/match", headers: [.cookie: cookie])
        #expect(form.status == .ok)
        let page = try await client.request(.post, "/app/match", headers: WebAdminPagesTests.form(cookie), body: body(try Journey.csrf(form)))
        return (cookie, page)
    }

    @Test func aCaseManagerGetsRankedMatchesWithReasonsAndAPlanAndRefersToThePlanInOneStep() async throws {
        let server = try await TestServer()
        let zip = try Self.zip(of: server)
        let domain = try #require(server.service.domains.first)
        let other = try #require(Domain.allCases.first { $0 != domain })
        try await server.run { client in
            let (cookie, page) = try await Self.match(client) { csrf in
                "_csrf=\(csrf)&client_label=Case+9&need_\(domain.rawValue)=1&need_\(other.rawValue)=1&urgency=high&zip=\(zip)&age=34"
            }
            #expect(page.status == .ok, "\(page.text.prefix(300))")
            #expect(page.text.contains("Why:"))
            #expect(page.text.contains("A plan covering every need"))
            #expect(page.text.contains("data-refer="))
            #expect(page.text.contains("value=\"34\""), "the form keeps what was typed")
            #expect(!page.text.contains("</span> </p>"), "no empty reasons or checks")

            let steps = page.text.matches(of: /<input type="hidden" name="(step\d)" value="([^"]+)">/).prefix(2)
            let plan = steps.map { "\($0.1)=\(String($0.2).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
            let referred = try await client.request(.post, "/app/match/refer", headers: WebAdminPagesTests.form(cookie),
                body: "_csrf=\(try Journey.csrf(page))&client_label=Case+9&priority=urgent&\(plan)")
            #expect(referred.status == .found, "\(referred.text.prefix(300))")
            let list = try await client.get("/api/referrals", as: .caseManager).jsonArray()
            #expect(!list.isEmpty)
            #expect(list.allSatisfy { ($0["priority"] as? String) == "urgent" })

            let audit = try await client.get("/api/audit?action=match.run", as: .administrator).jsonArray()
            let detail = try #require(audit.first?["detail"] as? String)
            #expect(detail.contains("age") && !detail.contains("34"), "the log names the facts used, never their values")
        }
    }

    /// Every fact a profile holds can be given on the form; what the matcher used is audited by name.
    @Test func theNeedsFormTakesATaxonomyCodeGenderPopulationsInsuranceAndAvailability() async throws {
        let server = try await TestServer()
        let code = try #require(server.service.taxonomyTerms.first?.code)
        try await server.run { client in
            let (_, page) = try await Self.match(client) { csrf in
                "_csrf=\(csrf)&client_label=Case+12&taxonomy_code=\(code.lowercased())&gender=female&population_veterans=1"
                    + "&insurance=Medicaid%2C+SNAP&day_0=1&day_2=1&available_from=17%3A30&available_to=20%3A00"
            }
            #expect(page.status == .ok, "\(page.text.prefix(300))")
            #expect(page.text.contains("<h2 id=\"need-0\">\(code.uppercased())"), "the code is the first need")
            #expect(page.text.contains("<option value=\"female\" selected>"))
            #expect(page.text.contains("name=\"population_veterans\" value=\"1\" checked"))
            #expect(page.text.contains("name=\"day_2\" value=\"1\" checked") && !page.text.contains("name=\"day_1\" value=\"1\" checked"))
            #expect(page.text.contains("value=\"Medicaid, SNAP\"") && page.text.contains("value=\"17:30\""))
            let audit = try await client.get("/api/audit?action=match.run", as: .administrator).jsonArray()
            let detail = try #require(audit.first?["detail"] as? String)
            for fact in ["gender", "populations", "insurance", "availability"] { #expect(detail.contains(fact), "\(detail)") }
            #expect(!detail.contains("Medicaid"))

            let (_, badCode) = try await Self.match(client) { csrf in "_csrf=\(csrf)&client_label=Case+13&taxonomy_code=housing" }
            #expect(badCode.status == .badRequest)
            #expect(badCode.text.contains("Taxonomy code housing is not an AIRS code"))
            let (_, badTime) = try await Self.match(client) { csrf in "_csrf=\(csrf)&client_label=Case+14&need_housing=1&available_from=late" }
            #expect(badTime.status == .badRequest)
            #expect(badTime.text.contains("Available from must be a time"))
        }
    }

    @Test func referringFromOneMatchIssuesOneReferralForThatNeed() async throws {
        let server = try await TestServer()
        let domain = try #require(server.service.domains.first)
        try await server.run { client in
            let (cookie, page) = try await Self.match(client) { csrf in "_csrf=\(csrf)&client_label=Case+10&need_\(domain.rawValue)=1" }
            let referred = try await client.request(.post, "/app/match/refer", headers: WebAdminPagesTests.form(cookie),
                body: "_csrf=\(try Journey.csrf(page))&client_label=Case+10&priority=routine&step0=\(server.service.id)%7C\(domain.rawValue)")
            #expect(referred.status == .found)
            let location = try #require(referred.headers[.location])
            #expect(location.hasPrefix("/app/referrals/"))
            let id = String(location.dropFirst("/app/referrals/".count))
            let referral = try await client.get("/api/referrals/\(id)", as: .caseManager).json()
            let need = (referral["referral"] as? [String: Any])?["need"] as? [String: Any]
            #expect(need?["domain"] as? String == domain.rawValue)
        }
    }

    @Test func theNeedsFormAsksForANeedAndRefusesAForgedPost() async throws {
        let server = try await TestServer()
        try await server.run { client in
            let (cookie, page) = try await Self.match(client) { csrf in "_csrf=\(csrf)&client_label=Case+11" }
            #expect(page.status == .badRequest)
            #expect(page.text.contains("Choose at least one need"))
            let forged = try await client.request(.post, "/app/match/refer", headers: WebAdminPagesTests.form(cookie),
                body: "client_label=Case+11&step0=\(server.service.id)")
            #expect(forged.status == .forbidden)
        }
    }

    @Test func coordinatorsMatchWithoutReferringAndProviderStaffDoNotMatch() async throws {
        let server = try await TestServer()
        let domain = try #require(server.service.domains.first)
        try await server.run { client in
            let (_, page) = try await Self.match(client, as: "coordinator") { csrf in "_csrf=\(csrf)&need_\(domain.rawValue)=1" }
            #expect(page.status == .ok)
            #expect(page.text.contains("Why:"))
            #expect(!page.text.contains("data-refer="))
            #expect(!page.text.contains("client_label"))
            let provider = try await Journey.signIn(client, as: "provider")
            let refused = try await client.request(.get, "/app/match", headers: [.cookie: provider])
            #expect(refused.status == .forbidden)
        }
    }
}
