import Foundation
import Testing

/// A browser pointed at one running server: signing in, checking a page, and a screenshot of
/// every page at desktop and phone width into `out/screenshots/` (gitignored), to look at.
struct BrowserSession {
    let browser: Browser
    let base: String
    let folder: URL

    static let desktopWidth = 1280
    static let phoneWidth = 375

    /// `out/screenshots` at the package's root, found from this file's path.
    static var screenshotFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("out/screenshots")
    }

    func go(_ path: String) async throws { try await browser.go(base + path) }

    /// The path and query of the page the browser shows.
    var path: String {
        get async throws {
            let url = try await browser.url
            return url.hasPrefix(base) ? String(url.dropFirst(base.count)) : url
        }
    }

    /// Signs in through the form, as a person would: type, tab, type, press the button.
    func signIn(_ username: String, password: String) async throws {
        try await go("/signin")
        try await browser.fill("#username", username)
        try await browser.fill("#password", password)
        try await browser.clickAndLoad("form.stack button[type=submit]")
        let landed = try await path
        let page = try await browser.text
        #expect(!landed.hasPrefix("/signin"), "\(username) could not sign in: \(page.prefix(300))")
    }

    func signOut() async throws {
        try await browser.clickAndLoad("form.signout button")
        #expect(try await path.hasPrefix("/signin"))
    }

    /// Saves the page as `NN-name-desktop.png` and `NN-name-phone.png`, and checks what every
    /// page must have: a title, one main landmark, a skip link, labels on every field, no
    /// horizontal scrolling at phone width.
    func snap(_ name: String) async throws {
        try await checkAccessibility(name)
        try await browser.screenshot(to: folder.appendingPathComponent("\(name)-desktop.png"), width: Self.desktopWidth)
        try await browser.resize(width: Self.phoneWidth, height: 800)
        let overflow = try await browser.execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth") as? Int ?? 0
        #expect(overflow <= 0, "\(name) scrolls sideways by \(overflow)px at phone width")
        try await browser.screenshot(to: folder.appendingPathComponent("\(name)-phone.png"), width: Self.phoneWidth)
        try await browser.resize(width: Self.desktopWidth, height: 900)
    }

    /// The checks a screen reader user depends on, run in the page.
    func checkAccessibility(_ name: String) async throws {
        let problems = try await browser.execute("""
            const problems = [];
            if (!document.title) problems.push("no title");
            if (document.querySelectorAll("main").length !== 1) problems.push("not one main landmark");
            const skip = document.querySelector("a.skip");
            if (!skip || skip.getAttribute("href") !== "#main") problems.push("no skip link");
            for (const field of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
              const labelled = (field.id && document.querySelector(`label[for="${field.id}"]`)) || field.closest("label")
                || field.getAttribute("aria-label") || field.getAttribute("aria-labelledby");
              if (!labelled) problems.push("field without a label: " + (field.name || field.id));
            }
            for (const table of document.querySelectorAll("table")) {
              if (!table.querySelector("th")) problems.push("table without headers");
            }
            for (const svg of document.querySelectorAll("svg")) {
              if (!svg.querySelector("title") || !svg.querySelector("desc")) problems.push("svg without title and desc: " + svg.id);
            }
            for (const image of document.querySelectorAll("img")) {
              if (!image.hasAttribute("alt")) problems.push("image without alt");
            }
            return problems;
            """) as? [String] ?? ["the check did not run"]
        #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "; "))")
    }
}
