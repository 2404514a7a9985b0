public import Foundation
public import SwitchboardCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Brings a feed's file to local disk: a path as it is, an http(s) URL downloaded with a
/// conditional GET, so an unchanged feed costs one round trip and no import.
public struct FeedFetcher: Sendable {
    /// What the server said last time, kept between runs.
    public typealias Validators = FeedValidators

    public enum Outcome: Sendable {
        /// The file to import, and the validators to keep for next time.
        case fetched(URL, Validators)
        /// 304 Not Modified: nothing to do.
        case notModified
    }

    public var timeout: TimeInterval

    public init(timeout: TimeInterval = 300) { self.timeout = timeout }

    /// - Parameters:
    ///   - source: a path (relative paths resolve against `base`) or an http(s) URL.
    ///   - previous: the validators of the last successful fetch.
    ///   - downloads: where downloaded files are kept.
    public func fetch(source: String, base: URL, previous: Validators?, downloads: URL) async throws -> Outcome {
        guard source.hasPrefix("http://") || source.hasPrefix("https://") else {
            let url = source.hasPrefix("/") ? URL(fileURLWithPath: source) : base.appendingPathComponent(source)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw FeedFetchError(source: source, message: "no such file (\(url.path))")
            }
            return .fetched(url, Validators())
        }
        guard let url = URL(string: source) else { throw FeedFetchError(source: source, message: "not a valid URL") }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        if let etag = previous?.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let modified = previous?.lastModified { request.setValue(modified, forHTTPHeaderField: "If-Modified-Since") }
        let temporary: URL, response: URLResponse
        do {
            // The body streams to a temporary file, never into memory.
            (temporary, response) = try await URLSession.shared.download(for: request)
        } catch {
            throw FeedFetchError(source: source, message: "download failed: \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else { throw FeedFetchError(source: source, message: "not an HTTP response") }
        if http.statusCode == 304 {
            try? FileManager.default.removeItem(at: temporary)
            return .notModified
        }
        guard (200..<300).contains(http.statusCode) else {
            try? FileManager.default.removeItem(at: temporary)
            throw FeedFetchError(source: source, message: "the server answered \(http.statusCode)")
        }
        try FileManager.default.createDirectory(at: downloads, withIntermediateDirectories: true)
        let name = url.lastPathComponent.isEmpty ? "feed" : url.lastPathComponent
        let destination = downloads.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.moveItem(at: temporary, to: destination)
        return .fetched(destination, Validators(
            etag: http.value(forHTTPHeaderField: "ETag"), lastModified: http.value(forHTTPHeaderField: "Last-Modified")))
    }
}

public struct FeedFetchError: Error, CustomStringConvertible, Sendable {
    public var source: String
    public var message: String
    public var description: String { "\(source): \(message)" }
}
