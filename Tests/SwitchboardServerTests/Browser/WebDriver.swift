import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
#if canImport(Glibc)
import Glibc
#endif

/// A WebDriver failure: the command, and what chromedriver answered.
struct WebDriverError: Error, CustomStringConvertible {
    var command: String
    var message: String
    var description: String { "WebDriver \(command): \(message)" }
}

/// Debian's headless Chromium, driven by chromedriver over the W3C WebDriver HTTP protocol.
///
/// No Selenium: WebDriver is a handful of JSON requests, sent here over one keep-alive HTTP/1
/// connection with HummingbirdTesting's `TestClient` (the toolchain's URLSession fails on
/// chromedriver's answers here with "Failed writing header"). One `Browser` is one chromedriver
/// process and one browser session; `close()` ends all three.
final class Browser: @unchecked Sendable {
    // @unchecked: used by one test at a time, from one task; the fields never change after init.
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"

    /// Whether the browser tests can run here; CI sets SWITCHBOARD_BROWSER_TESTS=1 to make them required.
    static var installed: Bool {
        FileManager.default.isExecutableFile(atPath: chromium) && FileManager.default.isExecutableFile(atPath: chromedriver)
    }
    static var required: Bool { ProcessInfo.processInfo.environment["SWITCHBOARD_BROWSER_TESTS"] == "1" }

    private let driver: Process
    private let port: Int
    private let session: String
    private let http: TestClient

    init(width: Int = 1280, height: Int = 900) async throws {
        port = try Self.freePort()
        driver = Process()
        driver.executableURL = URL(fileURLWithPath: Self.chromedriver)
        driver.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        // chromedriver needs a moment to listen; connect and ask its status a bounded number of times.
        var connected: TestClient?
        var last = "no answer"
        for _ in 0..<300 {  // at least 30 s
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
            client.connect()
            do {
                let status = try await Self.send(client, port: port, .get, "/status", nil)
                if ((status["value"] as? [String: Any])?["ready"] as? NSNumber)?.boolValue == true {
                    connected = client
                    break
                }
                last = "\(status)"
            } catch {
                last = "\(error)"
            }
            try? await client.shutdown()
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let connected else {
            Self.stop(driver)
            throw WebDriverError(command: "status", message: "chromedriver did not start on port \(port): \(last)")
        }
        http = connected
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": Self.chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                         "--window-size=\(width),\(height)", "--lang=en-US"],
            ],
        ] as [String: Any]]]
        do {
            let created = try await Self.send(http, port: port, .post, "/session", capabilities)
            guard let id = (created["value"] as? [String: Any])?["sessionId"] as? String else {
                throw WebDriverError(command: "new session", message: "no session id in \(created)")
            }
            session = id
        } catch {
            try? await http.shutdown()
            Self.stop(driver)
            throw error
        }
    }

    func close() async {
        _ = try? await command(.delete, "")
        // chromedriver ignores SIGTERM while it has children; its own /shutdown stops it, and
        // SIGKILL makes sure before we wait for it.
        _ = try? await Self.send(http, port: port, .get, "/shutdown", nil)
        try? await http.shutdown()
        Self.stop(driver)
    }

    private static func stop(_ process: Process) {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    // MARK: Commands

    func go(_ url: String) async throws { try await command(.post, "/url", ["url": url]) }

    var url: String { get async throws { try await command(.get, "/url") as? String ?? "" } }
    var title: String { get async throws { try await command(.get, "/title") as? String ?? "" } }

    /// What a person reads on the page (`innerText` of the body).
    var text: String { get async throws { try await execute("return document.body.innerText") as? String ?? "" } }

    /// The page's HTML as the browser holds it now.
    var source: String { get async throws { try await command(.get, "/source") as? String ?? "" } }

    @discardableResult
    func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await command(.post, "/execute/sync", ["script": script, "args": arguments])
    }

    func element(_ css: String) async throws -> Element {
        let found = try await command(.post, "/element", ["using": "css selector", "value": css])
        guard let object = found as? [String: Any], let id = object.values.first as? String else {
            throw WebDriverError(command: "find \(css)", message: "no element")
        }
        return Element(browser: self, id: id, selector: css)
    }

    func elements(_ css: String) async throws -> [Element] {
        let found = try await command(.post, "/elements", ["using": "css selector", "value": css]) as? [[String: Any]] ?? []
        return found.compactMap { $0.values.first as? String }.map { Element(browser: self, id: $0, selector: css) }
    }

    /// Clicks something that loads a new page (a submit button, a link) and waits until the new
    /// page has loaded: WebDriver's click can return before a form's POST and redirect are done.
    func clickAndLoad(_ css: String) async throws {
        try await execute("window.__switchboardOldPage = true")
        try await element(css).click()
        for _ in 0..<600 {  // at least 30 s: CI runs every suite at once on two cores
            let loaded = try await execute("return window.__switchboardOldPage === undefined && document.readyState === 'complete'") as? Bool
            if loaded == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WebDriverError(command: "click \(css)", message: "no new page loaded")
    }

    /// Types into the field labelled by `css`, replacing what was there.
    func fill(_ css: String, _ text: String) async throws {
        let field = try await element(css)
        try await field.clear()
        try await field.type(text)
    }

    /// Chooses an option of a `<select>` by its value.
    func choose(_ selectCSS: String, _ value: String) async throws {
        try await element("\(selectCSS) option[value=\"\(value)\"]").click()
    }

    /// Presses keys (WebDriver key codes, e.g. "\u{E004}" for Tab) on the focused element.
    func press(_ keys: String) async throws {
        let actions: [[String: Any]] = keys.unicodeScalars.flatMap { key -> [[String: Any]] in
            [["type": "keyDown", "value": String(key)], ["type": "keyUp", "value": String(key)]]
        }
        try await command(.post, "/actions", ["actions": [["type": "key", "id": "keyboard", "actions": actions]]])
    }

    func resize(width: Int, height: Int) async throws {
        try await command(.post, "/window/rect", ["width": width, "height": height])
    }

    /// A PNG of the page; `fullPage` makes the window as tall as the page first, so nothing is cut off.
    func screenshot(to file: URL, fullPage: Bool = true, width: Int) async throws {
        if fullPage {
            let height = (try await execute("return Math.ceil(document.documentElement.scrollHeight)") as? Int) ?? 900
            try await resize(width: width, height: min(max(height + 140, 600), 8000))
        }
        guard let base64 = try await command(.get, "/screenshot") as? String, let png = Data(base64Encoded: base64) else {
            throw WebDriverError(command: "screenshot", message: "no image")
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try png.write(to: file)
    }

    struct Element {
        let browser: Browser
        let id: String
        let selector: String

        func click() async throws { try await browser.command(.post, "/element/\(id)/click", [:]) }
        func clear() async throws { try await browser.command(.post, "/element/\(id)/clear", [:]) }
        func type(_ text: String) async throws { try await browser.command(.post, "/element/\(id)/value", ["text": text]) }
        var text: String { get async throws { try await browser.command(.get, "/element/\(id)/text") as? String ?? "" } }
        func attribute(_ name: String) async throws -> String? {
            try await browser.command(.get, "/element/\(id)/attribute/\(name)") as? String
        }
    }

    // MARK: The protocol

    @discardableResult
    func command(_ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let answer = try await Self.send(http, port: port, method, "/session/\(session)" + path, body)
        return answer["value"] is NSNull ? nil : answer["value"]
    }

    /// Sends one command; a WebDriver error (`{"value": {"error", "message"}}`) becomes a thrown error.
    private static func send(_ http: TestClient, port: Int, _ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]?) async throws -> [String: Any] {
        var headers: HTTPFields = [:]
        var buffer: ByteBuffer?
        if let body {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
            headers[.contentType] = "application/json"
        }
        // chromedriver answers only requests whose Host is the loopback address it listens on.
        let response = try await http.execute(.init(path, method: method, authority: "127.0.0.1:\(port)", headers: headers, body: buffer))
        guard let object = try JSONSerialization.jsonObject(with: Data(response.body?.readableBytesView ?? ByteBuffer().readableBytesView)) as? [String: Any] else {
            throw WebDriverError(command: "\(method) \(path)", message: "not a JSON object (HTTP \(response.status.code))")
        }
        if let value = object["value"] as? [String: Any], let error = value["error"] as? String {
            let message = (value["message"] as? String).map { String($0.prefix(400)) } ?? ""
            throw WebDriverError(command: "\(method) \(path)", message: "\(error): \(message)")
        }
        return object
    }

    /// A loopback port nobody listens on now, for chromedriver.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WebDriverError(command: "port", message: "no socket") }
        defer { _ = Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw WebDriverError(command: "port", message: "could not bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
