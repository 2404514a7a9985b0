import DirectoryGenerator
import DirectoryStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardServer
import Testing

/// The journeys people take through the web app, in headless Chromium over WebDriver, against
/// the real server on a loopback port with a temporary SQLite database in demo mode (the demo
/// accounts, one per role). Every page is saved as a screenshot at desktop and phone width in
/// `out/screenshots/`.
///
/// Runs where Debian's `chromium` and `chromium-driver` are installed; CI installs them and sets
/// SWITCHBOARD_BROWSER_TESTS=1, which turns a missing browser into a failure instead of a skip.
@Suite(.serialized) struct BrowserJourneyTests {
    static let runnable = Browser.installed || Browser.required

    @Test(.enabled(if: runnable, "headless Chromium is not installed (apt-get install chromium chromium-driver); set SWITCHBOARD_BROWSER_TESTS=1 to require it"))
    func peopleWalkTheirJourneysInABrowser() async throws {
        try #require(Browser.installed, "SWITCHBOARD_BROWSER_TESTS=1 but /usr/bin/chromium or /usr/bin/chromedriver is missing")
        let demo = try await DemoServer()
        defer { demo.remove() }
        let application = try await demo.application()
        try await application.test(.live) { client in
            let port = try #require(client.port)
            let browser = try await Browser()
            do {
                let session = BrowserSession(browser: browser, base: "http://127.0.0.1:\(port)", folder: BrowserSession.screenshotFolder)
                try await Self.walk(session, demo: demo)
            } catch {
                await browser.close()
                throw error
            }
            await browser.close()
        }
    }

    static func walk(_ s: BrowserSession, demo: DemoServer) async throws {
        let password = DemoServer.password
        let provider = demo.providerService

        // Anyone: the sign-in page. The skip link is the first thing in the tab order, shows
        // itself with a focus outline when focused, and Enter on it moves focus to the main content.
        try await s.go("/signin")
        let first = try await s.browser.execute("""
            return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')][0].className
            """) as? String
        #expect(first == "skip", "the skip link should come first in the tab order, not \(first ?? "nothing")")
        try await s.browser.execute("document.querySelector('a.skip').focus()")
        let shown = try await s.browser.execute("""
            const style = getComputedStyle(document.activeElement);
            return document.activeElement.getBoundingClientRect().left >= 0 && style.outlineStyle === 'solid'
            """) as? Bool
        #expect(shown == true, "the focused skip link should be on screen with a visible outline")
        try await s.browser.press("\u{E007}")
        let target = try await s.browser.execute("return document.activeElement.id") as? String
        #expect(target == "main", "Enter on the skip link should move focus to the main content, not \(target ?? "nothing")")
        try await s.browser.execute("document.querySelector('a.skip').focus()")
        try await s.snap("01-signin-skip-link-focused")

        // A coordinator searches with words and filters near the provider, and opens it.
        try await s.signIn("coordinator", password: password)
        try await s.snap("02-search-empty")
        let word = String(provider.service.name.split(separator: " ").first ?? "")
        let domain = try #require(provider.domains.first)
        try await s.browser.fill("#q", word)
        try await s.browser.choose("#domain", domain.rawValue)
        try await s.browser.fill("#near", demo.providerZIP)
        try await s.browser.choose("#radius", "25")
        try await s.browser.choose("#sort", "distance")
        try await s.browser.clickAndLoad("form[role=search] button[type=submit]")
        let results = try await s.browser.text
        #expect(results.contains(provider.service.name), "search for \(word) did not list \(provider.service.name): \(results.prefix(600))")
        #expect(results.contains(" mi"), "results should give distances")
        #expect(results.contains("Open now") || results.contains("Closed now") || results.contains("Hours not known"))
        #expect(try await s.browser.elements("svg#results-map .marker").count > 0, "the map should mark the results")
        try await s.snap("03-search-results")
        try await s.browser.clickAndLoad("a[href='/app/services/\(provider.id)']")
        let servicePage = try await s.browser.text
        #expect(servicePage.contains(provider.organization.name))
        #expect(!servicePage.contains("Refer a client"), "a coordinator issues no referrals")
        try await s.snap("04-provider")
        try await s.signOut()

        // A case manager enters a client's needs, reviews the matches and the plan, and refers in one step.
        try await s.signIn("casemanager", password: password)
        try await s.go("/app/match")
        try await s.snap("05-needs-form")
        try await s.browser.fill("#client_label", "Case 2231")
        try await s.browser.element("input[name=need_\(domain.rawValue)]").click()
        let second = try #require(Domain.allCases.first { $0 != domain })
        try await s.browser.element("input[name=need_\(second.rawValue)]").click()
        try await s.browser.choose("#urgency", "high")
        try await s.browser.fill("#zip", demo.providerZIP)
        try await s.browser.fill("#age", "34")
        try await s.browser.fill("#note", "Rent is due on the 30th")
        try await s.browser.clickAndLoad("form.needs button[type=submit]")
        let matches = try await s.browser.text
        #expect(matches.contains("Why:"), "matches should give their reasons: \(matches.prefix(600))")
        #expect(matches.contains("A plan covering every need"))
        try await s.snap("06-matches")
        try await s.browser.clickAndLoad("button[data-refer='\(provider.id)']")
        let referralPath = try await s.path
        #expect(referralPath.hasPrefix("/app/referrals/"), "refer should land on the referral, landed on \(referralPath)")
        let sent = try await s.browser.text
        #expect(sent.contains("Requested") || sent.contains("requested"))
        try await s.snap("07-referral-sent")
        try await s.go("/app/referrals")
        #expect(try await s.browser.text.contains(provider.service.name))
        try await s.snap("08-board")
        try await s.signOut()

        // Provider staff find it in their inbox, accept it, then complete it with an outcome.
        try await s.signIn("provider", password: password)
        try await s.go("/app/referrals")
        #expect(try await s.browser.text.contains("Inbox"))
        try await s.snap("09-inbox")
        try await s.browser.clickAndLoad("a[href='\(referralPath)']")
        try await s.snap("10-inbox-referral")
        try await s.browser.clickAndLoad("button[data-move=accepted]")
        #expect(try await s.browser.text.contains("moved from requested to accepted"))
        try await s.snap("11-accepted")
        try await s.browser.choose("#outcome", "enrolled")
        try await s.browser.clickAndLoad("button[data-move=completed]")
        let completed = try await s.browser.text
        #expect(completed.contains("completed"), "\(completed.prefix(400))")
        try await s.snap("12-completed")
        try await s.signOut()

        // The case manager sees the referral closed.
        try await s.signIn("casemanager", password: password)
        try await s.go(referralPath)
        let closed = try await s.browser.text
        #expect(closed.contains("completed") && closed.contains("Client enrolled"), "\(closed.prefix(400))")
        try await s.go("/app/outcomes")
        #expect(try await s.browser.text.contains("By provider"))
        try await s.snap("13-outcomes")
        try await s.signOut()

        // Provider staff of another organization get "not found" for that referral.
        try await s.signIn(demo.otherProviderUsername, password: password)
        try await s.go(referralPath)
        #expect(try await s.browser.text.contains("Not found"))
        try await s.snap("14-other-provider-not-found")
        try await s.signOut()

        // An administrator: feeds and history, users, the audit log.
        try await s.signIn("admin", password: password)
        try await s.go("/app/feeds")
        try await s.snap("15-feeds")
        try await s.go("/app/users")
        #expect(try await s.browser.text.contains("casemanager"))
        try await s.snap("16-users")
        try await s.go("/app/audit")
        try await s.browser.fill("#action", "referral.")
        try await s.browser.clickAndLoad("form[role=search] button[type=submit]")
        #expect(try await s.browser.text.contains("referral.move"))
        try await s.snap("17-audit")
    }
}

/// `switchboard serve --demo-accounts` in miniature: a temporary SQLite file holding a generated
/// directory and the demo accounts, plus provider staff of a second organization.
struct DemoServer {
    static let password = DemoAccounts.password

    let folder: URL
    let store: SQLiteDirectoryStore
    /// An active service of the demo provider's organization.
    let providerService: ServiceRecord
    /// The ZIP code of the provider's first site: where the journeys' client lives.
    let providerZIP: String
    let otherProviderUsername = "otherprovider"

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteDirectoryStore(path: folder.appendingPathComponent("switchboard.sqlite").path,
            domainMapping: DirectoryGenerator.domainMapping)
        let generator = DirectoryGenerator(seed: 11, services: 60)
        let now = DirectoryGenerator.defaultReferenceDate
        _ = try await store.apply(generator.taxonomy(), now: now)
        var batches: [DirectoryBatch] = []
        generator.forEachChunk { batches.append($0) }
        for batch in batches { _ = try await store.apply(batch, now: now) }
        let made = try await DemoAccounts.createIfNone(store: store, cost: 4)
        let provider = try #require(made.first { $0.role == .providerStaff })
        let services = try await store.services(after: nil, limit: 200)
        providerService = try #require(services.first { $0.organization.id == provider.organizationID && $0.service.status == .active },
            "the demo provider has no active service")
        let zips = providerService.sites.compactMap { site in site.location.addresses?.first?.postalCode }
        providerZIP = try #require(zips.first, "the demo provider's service has no address")
        let other = try #require(services.first { $0.organization.id != provider.organizationID }?.organization)
        try await store.saveOrganization(AccountOrganization(id: other.id, name: other.name, kind: .provider))
        try await store.createAccount(Account(id: UserID("other-provider"), username: otherProviderUsername, displayName: "Other Provider",
            role: .providerStaff, organizationID: other.id, createdAt: now), passwordHash: await Passwords.hash(Self.password, cost: 4))
    }

    func application() async throws -> some ApplicationProtocol {
        var logger = Logger(label: "browser-test")
        logger.logLevel = .warning
        return try await buildApplication(
            configuration: TestServer.configuration(port: 0), stores: ServerStores(sqlite: store), logger: logger)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
