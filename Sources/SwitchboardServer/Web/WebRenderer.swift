import Foundation
import DirectoryStore
import Hummingbird
import Mustache
import SwitchboardCore

/// Renders the web app's pages: a page template inside the layout, with the signed-in account's
/// navigation and CSRF token.
struct WebRenderer: Sendable {
    let library: MustacheLibrary

    init() async throws {
        guard let folder = Bundle.module.url(forResource: "templates", withExtension: nil, subdirectory: "Resources") else {
            throw APIError(.internalError, "The page templates are missing from this build")
        }
        library = try await MustacheLibrary(directory: folder.path)
    }

    enum Section { case search, match, referrals, outcomes, feeds, users, audit, none }

    func page(
        _ template: String, title: String, data: [String: Any], account: Account?, session: Session?,
        section: Section = .none, notice: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let body = library.render(Self.annotated(data), withTemplate: template) ?? ""
        var layout: [String: Any] = ["title": title, "body": body]
        if let notice { layout["notice"] = notice }
        if let account {
            layout["account"] = [
                "displayName": account.displayName, "role": account.role.rawValue, "csrf": session?.csrfToken ?? "",
                "hasReferrals": account.actor != nil,
                "referralsLabel": account.role == .providerStaff ? "Inbox" : "Referrals",
                "isAdmin": account.role == .administrator,
                "mayMatch": account.role.may(.matchClients),
                "mayStatistics": account.role.may(.readStatistics),
                "onSearch": section == .search, "onMatch": section == .match, "onReferrals": section == .referrals,
                "onOutcomes": section == .outcomes, "onFeeds": section == .feeds, "onUsers": section == .users,
                "onAudit": section == .audit,
            ] as [String: Any]
        }
        let html = library.render(layout, withTemplate: "layout") ?? body
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Adds `K_any` and `K_count` beside every list `K` (at any depth), since templates cannot ask a list its size.
    static func annotated(_ data: [String: Any]) -> [String: Any] {
        var out = data
        for (key, value) in data {
            // A nil put in as `Any` is still a value to the template (it would print "nil"): drop it.
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional {
                if let some = mirror.children.first?.value { out[key] = some } else { out[key] = nil; continue }
            }
            let value = out[key]!
            if let list = value as? [Any] {
                out[key + "_any"] = !list.isEmpty
                out[key + "_count"] = list.count
                out[key] = list.map { ($0 as? [String: Any]).map(annotated) ?? $0 }
            } else if let nested = value as? [String: Any] {
                out[key] = annotated(nested)
            }
        }
        return out
    }

    func errorPage(_ error: APIError, account: Account?, session: Session? = nil) -> Response {
        let heading = switch error.status {
        case .notFound: "Not found"
        case .forbidden: "Not allowed"
        case .tooManyRequests: "Too many attempts"
        case .internalServerError: "Something went wrong"
        default: "That did not work"
        }
        return page("error", title: heading, data: ["heading": heading, "message": error.message], account: account, session: session,
            status: error.status)
    }

    /// A file of `Resources/static`, by name (app.css, app.js).
    static func staticFile(_ name: String) throws -> Response {
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"]
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }),
            let type = types[(name as NSString).pathExtension],
            let url = Bundle.module.url(forResource: "static", withExtension: nil, subdirectory: "Resources")?.appendingPathComponent(name),
            let data = try? Data(contentsOf: url)
        else { throw APIError(.notFound, "No file \(name)") }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
