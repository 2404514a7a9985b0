import Foundation
import HTTPTypes
import Hummingbird

/// Cross-site request forgery: a state-changing request that a browser sent with the session
/// cookie must also carry the session's CSRF token, as the header `X-CSRF-Token` (scripts) or
/// the form field `_csrf` (forms). A page on another site can make the browser send the cookie,
/// but cannot read the token. Bearer-token requests carry no cookie and need none.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let session = context.session, ![.get, .head, .options].contains(request.method) else {
            return try await next(request, context)
        }
        if let header = request.headers[.csrfToken] {
            guard Tokens.constantTimeEqual(header, session.csrfToken) else { throw APIError(.csrf, "The CSRF token does not match the session") }
            return try await next(request, context)
        }
        var request = request
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else {
            throw APIError(.csrf, "Send the session's CSRF token as the X-CSRF-Token header")
        }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let fields = FormFields(String(buffer: body))
        guard let token = fields["_csrf"], Tokens.constantTimeEqual(token, session.csrfToken) else {
            throw APIError(.csrf, "The form is out of date; reload the page and try again")
        }
        return try await next(request, context)
    }
}

/// The fields of an `application/x-www-form-urlencoded` body; the first of repeated names wins.
struct FormFields {
    private var values: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            if values[name] == nil { values[name] = parts.count > 1 ? Self.decode(parts[1]) : "" }
        }
    }

    subscript(name: String) -> String? { values[name] }

    /// The value, nil when missing or blank.
    func value(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }
}

extension Request {
    /// The form fields of the body (reads the whole body).
    mutating func form(context: AppRequestContext) async throws -> FormFields {
        FormFields(String(buffer: try await collectBody(upTo: context.maxUploadSize)))
    }
}
