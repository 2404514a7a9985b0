import Foundation
import Hummingbird
import JSONText

/// HSDS's Page: a slice of a list with its totals, `contents` written as already-encoded JSON.
struct HSDSPage {
    struct Request {
        var page: Int
        var perPage: Int

        /// Reads `page` (from 1) and `per_page` (default 50, at most `maximum`).
        init(_ query: [String: String], maximum: Int) throws {
            page = try Self.positive(query["page"], name: "page") ?? 1
            perPage = min(try Self.positive(query["per_page"], name: "per_page") ?? 50, maximum)
        }

        /// A whole number from 1 (any list's `limit` too); absent or empty is nil, anything else is a 400 naming it.
        static func positive(_ text: String?, name: String) throws -> Int? {
            guard let text, !text.isEmpty else { return nil }
            guard let value = Int(text), value >= 1 else {
                throw APIError(.invalidRequest, "\(name) must be a whole number from 1")
            }
            return value
        }

        /// Items before this page.
        var offset: Int { (page - 1).multipliedReportingOverflow(by: perPage).overflow ? Int.max / 2 : (page - 1) * perPage }

        func slice<T>(_ items: [T]) -> ArraySlice<T> {
            let start = min(offset, items.count)
            return items[start..<min(start + perPage, items.count)]
        }
    }

    private struct Meta: Encodable {
        var total_items: Int
        var total_pages: Int
        var page_number: Int
        var size: Int
        var first_page: Bool
        var last_page: Bool
        var empty: Bool
    }

    /// The page's JSON: totals from `total`, `contents` the given encoded items.
    static func response(total: Int, request: Request, contents: [Data]) -> Response {
        let pages = max(1, (total + request.perPage - 1) / request.perPage)
        let meta = Meta(total_items: total, total_pages: pages, page_number: request.page, size: contents.count,
            first_page: request.page == 1, last_page: request.page >= pages, empty: total == 0)
        var data = Data("{\"contents\":[".utf8)
        for (index, item) in contents.enumerated() {
            if index > 0 { data.append(UInt8(ascii: ",")) }
            data.append(item)
        }
        data.append(contentsOf: Array("],".utf8))
        let metaJSON = Data((try? JSONResponse.encode(meta)) ?? Array("{}".utf8))
        data.append(metaJSON.dropFirst())
        return JSONResponse.bytes(data)
    }

    /// Every item, one JSON object per line, without pages (`format=ndjson`).
    static func ndjson(_ contents: [Data]) -> Response {
        var data = Data()
        for item in contents {
            data.append(item)
            data.append(UInt8(ascii: "\n"))
        }
        return JSONResponse.bytes(data, contentType: "application/x-ndjson")
    }
}

/// HSDS JSON shapes built from our encodings.
enum HSDSShape {
    /// Keeps only the one-to-one fields of a record (what HSDS's list endpoints return), with
    /// `extra` members (already JSON) put in among them, replacing a field of the same name.
    ///
    /// Works on the record's JSON text as our encoder writes it (compact, keys sorted): members
    /// whose values are objects or arrays are skipped over, the rest copied, web addresses made
    /// URIs. A page of services went through `JSONSerialization` twice per record before, and that
    /// was half of what a search through the HSDS API cost.
    static func oneToOne(_ value: some Encodable, adding extra: [(key: String, json: Data)] = []) throws -> Data {
        let encoded = try JSONTextEncoder(sortsKeys: true, dates: .iso8601).encode(value)
        var members = OneToOneMembers(object: encoded)
        return Data(try members.keeping(adding: extra.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }))
    }

    /// A record whose schema requires a description (taxonomies and terms) gets its name when it has none.
    static func describedRecord(_ value: some Encodable) throws -> Data {
        var object = try dictionary(value)
        if object["description"] == nil || object["description"] is NSNull { object["description"] = object["name"] ?? "" }
        return try data(object)
    }

    static func dictionary(_ value: some Encodable) throws -> [String: Any] {
        // Parsed back into a dictionary at once: the keys' order does not matter here.
        let encoded = Data(try JSONResponse.encode(value, sortedKeys: false))
        return (try JSONSerialization.jsonObject(with: encoded) as? [String: Any]) ?? [:]
    }

    static func dictionary(_ data: Data) throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    static func data(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: withWebAddresses(object), options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// A record encoded elsewhere (`HSDSJSON`, fully nested), with its web addresses made URIs.
    static func conforming(_ encoded: Data) throws -> Data { try data(try dictionary(encoded)) }

    /// HSDS's `website` and `url` fields are URIs, and directories often write "www.example.org":
    /// answer those as `http://www.example.org`, so a client that validates (or a browser following
    /// the link) reads them as meant. The store keeps what the feed said.
    static func withWebAddresses(_ value: Any) -> Any {
        switch value {
        case let object as [String: Any]:
            var result: [String: Any] = [:]
            for (key, item) in object {
                if key == "website" || key == "url", let text = item as? String, let fixed = webAddress(text) {
                    result[key] = fixed
                } else {
                    result[key] = withWebAddresses(item)
                }
            }
            return result
        case let array as [Any]:
            return array.map(withWebAddresses)
        default:
            return value
        }
    }

    /// `http://` + the text when it is a host name (and maybe a path) without a scheme; nil when
    /// nothing needs fixing or the text is no host name (left as the feed wrote it).
    static func webAddress(_ text: String) -> String? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !text.contains("://"), !text.contains(":"), !text.contains(" ") else { return nil }
        let host = text.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, !host.hasPrefix("-"),
            labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }),
            labels.last!.allSatisfy(\.isLetter)
        else { return nil }
        return "http://" + text
    }
}

/// A scan over one JSON object's text (compact, as our encoder writes it) that keeps the members
/// whose values are neither objects nor arrays.
private struct OneToOneMembers {
    let object: [UInt8]
    private var at = 0

    init(object: [UInt8]) { self.object = object }

    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        var description: String { "not the compact JSON object expected, at byte \(offset)" }
    }

    /// `extra` must be in key order (bytes).
    mutating func keeping(adding extra: [(key: String, json: Data)]) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(object.count + extra.reduce(0) { $0 + $1.key.utf8.count + $1.json.count + 4 })
        var pending = extra[...]
        out.append(UInt8(ascii: "{"))
        try expect(UInt8(ascii: "{"))
        var firstMember = true
        while object[safe: at] != UInt8(ascii: "}") {
            if !firstMember { try expect(UInt8(ascii: ",")) }
            firstMember = false
            let key = try string()
            try expect(UInt8(ascii: ":"))
            let valueStart = at
            try skipValue()
            let keyBytes = object[(key.lowerBound + 1)..<(key.upperBound - 1)]
            var replaced = false
            while let next = pending.first, !keyBytes.lexicographicallyPrecedes(next.key.utf8) {
                replaced = replaced || keyBytes.elementsEqual(next.key.utf8)
                append(&out, next.key.utf8, next.json)
                pending.removeFirst()
            }
            let first = object[valueStart]
            guard !replaced, first != UInt8(ascii: "{"), first != UInt8(ascii: "[") else { continue }
            let value = object[valueStart..<at]
            if keyBytes.elementsEqual("website".utf8) || keyBytes.elementsEqual("url".utf8), first == UInt8(ascii: "\""),
                !value.contains(UInt8(ascii: "\\")), let fixed = HSDSShape.webAddress(String(decoding: value.dropFirst().dropLast(), as: UTF8.self))
            {
                append(&out, keyBytes, Array("\"\(fixed)\"".utf8))
            } else {
                append(&out, keyBytes, value)
            }
        }
        for next in pending { append(&out, next.key.utf8, next.json) }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private func append(_ out: inout [UInt8], _ key: some Collection<UInt8>, _ value: some Collection<UInt8>) {
        if out.count > 1 { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: key)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
        out.append(contentsOf: value)
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard object[safe: at] == byte else { throw Malformed(offset: at) }
        at += 1
    }

    /// A string from its opening quote; returns its range with the quotes.
    private mutating func string() throws -> Range<Int> {
        let start = at
        try expect(UInt8(ascii: "\""))
        while let byte = object[safe: at] {
            at += 1
            if byte == UInt8(ascii: "\\") { at += 1 } else if byte == UInt8(ascii: "\"") { return start..<at }
        }
        throw Malformed(offset: start)
    }

    private mutating func skipValue() throws {
        guard let first = object[safe: at] else { throw Malformed(offset: at) }
        switch first {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                guard let byte = object[safe: at] else { throw Malformed(offset: at) }
                if byte == UInt8(ascii: "\"") {
                    _ = try string()
                    continue
                }
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { depth -= 1 }
                at += 1
            } while depth > 0
        default:
            while let byte = object[safe: at], byte != UInt8(ascii: ","), byte != UInt8(ascii: "}") { at += 1 }
        }
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
