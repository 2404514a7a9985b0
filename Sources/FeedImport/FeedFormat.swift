public import Foundation

/// The kinds of feed Switchboard reads, told apart by content, never by file name.
public enum FeedFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    case hsdsJSON = "hsds-json"
    case hsdsCSV = "hsds-csv"
    case airsXML = "airs"

    public var description: String {
        switch self {
        case .hsdsJSON: "HSDS JSON"
        case .hsdsCSV: "HSDS CSV"
        case .airsXML: "AIRS XML"
        }
    }

    /// What a file or folder holds.
    /// - Throws: ``FeedFormatError`` naming the path when it is none of ours.
    public static func detect(_ url: URL) throws -> FeedFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw FeedFormatError(path: url.path, reason: "no such file or folder")
        }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            if names.contains("datapackage.json") || names.contains(where: { $0.lowercased().hasSuffix(".csv") }) { return .hsdsCSV }
            throw FeedFormatError(path: url.path, reason: "a folder without HSDS CSV files or a datapackage.json")
        }
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw FeedFormatError(path: url.path, reason: "cannot be opened for reading")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return try detect(head: head, path: url.path)
    }

    /// Reads the first bytes of a feed.
    public static func detect(head: Data, path: String) throws -> FeedFormat {
        var bytes = Array(head)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let first = bytes.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw FeedFormatError(path: path, reason: "the file is empty")
        }
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            if URL(fileURLWithPath: path).lastPathComponent == "datapackage.json" { return .hsdsCSV }
            return .hsdsJSON
        case UInt8(ascii: "<"):
            let text = String(decoding: bytes, as: UTF8.self)
            if text.contains("<Source") || text.contains("airs.org/schema") || text.contains("<Agency") { return .airsXML }
            throw FeedFormatError(path: path, reason: "an XML file that is not an AIRS export (no <Source> root)")
        default:
            let firstLine = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
            if firstLine.contains(",") && firstLine.lowercased().contains("id") {
                throw FeedFormatError(path: path, reason: "a single CSV file; HSDS CSV is read as a folder of tables: pass the folder that holds it")
            }
            throw FeedFormatError(path: path, reason: "neither HSDS JSON, HSDS CSV nor AIRS XML")
        }
    }
}

/// A feed whose kind could not be told, with the path and why.
public struct FeedFormatError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
