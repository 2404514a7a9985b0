import Foundation
import JSONText
import DirectoryStore
import HTTPTypes
import Hummingbird
import Logging
import Matching
import SwitchboardCore

/// Logs every request as one structured line (method, route, path, status, duration: never the
/// query, which may hold a client's words) and counts it for `/metrics`.
struct ObservationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: Metrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            observe(request, context, status: response.status.code, since: start)
            return response
        } catch {
            observe(request, context, status: 500, since: start)
            throw error
        }
    }

    private func observe(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = context.endpointPath ?? "unmatched"
        let method = request.method.rawValue
        context.logger.info("request", metadata: [
            "method": .string(method), "route": .string(route), "path": .string(request.uri.path),
            "status": .stringConvertible(status), "ms": .stringConvertible((seconds * 10_000).rounded() / 10),
        ])
        metrics.record(method: method, route: route, status: status, seconds: seconds)
    }
}

/// Turns every error into the API's JSON error body (or a small HTML page for a browser), in one place.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let web: WebRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var apiError = APIError.from(error)
            // No route matched: say so, apart from a record that is not there.
            if let routing = error as? HTTPError, routing.status == .notFound {
                apiError = APIError(.noSuchEndpoint, "No endpoint \(request.method.rawValue) \(request.uri.path); see /openapi.json")
            }
            if apiError.code == .internalError {
                context.logger.error("request failed", metadata: ["error": .string(String(describing: error))])
            }
            if Self.wantsHTML(request) {
                if apiError.code == .unauthenticated {
                    let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                    return Response.redirect(to: "/signin?next=" + (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/app"))
                }
                return web.errorPage(apiError, account: context.account, session: context.session)
            }
            var body: [String: JSONValue] = ["error": .object(["code": .string(apiError.code.rawValue), "message": .string(apiError.message)])]
            if let version = apiError.currentVersion {
                body["error"] = .object(["code": .string(apiError.code.rawValue), "message": .string(apiError.message), "current_version": .number(Double(version))])
            }
            var response = JSONResponse.make(JSONValue.object(body), status: apiError.status)
            if apiError.code == .unauthenticated { response.headers[.wwwAuthenticate] = "Bearer realm=\"switchboard\"" }
            return response
        }
    }

    /// Pages under /app and the sign-in page answer people; everything else answers programs.
    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        return path == "/app" || path.hasPrefix("/app/") || path == "/signin"
    }
}

/// Finds who is asking: a bearer token (`Authorization: Bearer sb_…`) or the session cookie.
/// Requests with neither go on anonymous; each route decides whether that is enough.
/// A state-changing request that came with the session cookie must carry the session's CSRF
/// token (form field `_csrf` or header `X-CSRF-Token`); bearer requests need none.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: any AccountStore
    let bearerTokens: BearerTokens

    static let cookieName = "sb_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let now = Date()
        if let authorization = request.headers[.authorization] {
            guard let token = Self.bearerToken(authorization), let account = try await bearerTokens.account(for: token, now: now)
            else { throw APIError(.unauthenticated, "The bearer token is not valid") }
            context.account = account
        } else if let cookie = request.cookies[Self.cookieName]?.value,
            let (session, account) = try await accounts.session(tokenHash: Tokens.hash(cookie), now: now)
        {
            context.account = account
            context.session = session
        }
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer …` header: the scheme in any case (RFC 7235), spaces
    /// around the token ignored; nil for another scheme or no token. Read as bytes: this runs on
    /// every API request, and lower-casing the header and trimming it through Foundation cost a
    /// hundredth of a match request.
    static func bearerToken(_ authorization: String) -> String? {
        let scheme = authorization.utf8.prefix(7)
        // Letters compare with their 0x20 bit set (lower case); the space after them exactly.
        guard scheme.count == 7, zip(scheme.prefix(6), "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 }), scheme.last == UInt8(ascii: " ")
        else { return nil }
        let token = String(Substring(authorization.utf8.dropFirst(7))).trimmingSpaces()
        return token.isEmpty ? nil : token
    }
}

enum JSONResponse {
    /// The JSON of `value` with ISO 8601 dates, written directly (`JSONTextEncoder`):
    /// `JSONEncoder`'s tree of boxed values was half of what a match request cost the server.
    /// - Parameter sortedKeys: each object's keys in byte order, the bytes `JSONEncoder` with
    ///   `[.sortedKeys, .withoutEscapingSlashes]` would write; off, members come in the order the
    ///   type encodes them, the same every time for a type without dictionaries (a match result).
    static func encode(_ value: some Encodable, sortedKeys: Bool = true) throws -> [UInt8] {
        try JSONTextEncoder(sortsKeys: sortedKeys, dates: .iso8601).encode(value)
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, sortedKeys: Bool = true) -> Response {
        let bytes = (try? encode(value, sortedKeys: sortedKeys)) ?? Array("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func bytes(_ data: Data, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Hands every request the server's directory index holder, so handlers read the index through
/// their context (``AppRequestContext/directoryIndex()``) rather than each holding a copy.
struct DirectoryIndexMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let holder: DirectoryIndexHolder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.directory = holder
        return try await next(request, context)
    }
}
