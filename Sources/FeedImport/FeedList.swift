public import Foundation
public import SwitchboardCore

/// The feeds a directory is kept fresh from, as `Directory/feeds.json` names them.
public struct FeedList: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        /// The feed's name, recorded on every record it supplies.
        public var name: FeedName
        /// A file path (relative to the feed list's folder) or an http(s) URL.
        public var source: String
        /// `airs`, `hsds-json` or `hsds-csv`; told from the content when left out.
        public var format: String?
        /// The largest share of this feed's services one refresh may retire (default 0.3).
        public var maximumRetiredShare: Double?
        /// A full export (the default) retires what it leaves out; a delta does not.
        public var fullExport: Bool?
        public var description: String?

        public init(name: FeedName, source: String, format: String? = nil, maximumRetiredShare: Double? = nil,
                    fullExport: Bool? = nil, description: String? = nil) {
            self.name = name; self.source = source; self.format = format
            self.maximumRetiredShare = maximumRetiredShare; self.fullExport = fullExport; self.description = description
        }

        enum CodingKeys: String, CodingKey {
            case name, source, format, description
            case maximumRetiredShare = "maximum_retired_share", fullExport = "full_export"
        }

        /// Whether the source is fetched over HTTP.
        public var isRemote: Bool { source.hasPrefix("http://") || source.hasPrefix("https://") }
    }

    public var feeds: [Entry]

    public init(feeds: [Entry]) { self.feeds = feeds }

    /// Reads and checks a feed list; errors name the file and the entry.
    public static func load(from url: URL) throws -> FeedList {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw FeedListError(file: url.path, message: "cannot be read: \(error.localizedDescription)")
        }
        let list: FeedList
        do { list = try JSONDecoder().decode(FeedList.self, from: data) } catch {
            throw FeedListError(file: url.path, message: "is not a valid feed list: \(error)")
        }
        var seen = Set<FeedName>()
        for (index, entry) in list.feeds.enumerated() {
            let place = "feed #\(index + 1) (\(entry.name))"
            if entry.name.rawValue.trimmingSpaces().isEmpty { throw FeedListError(file: url.path, message: "feed #\(index + 1) has no name") }
            if !seen.insert(entry.name).inserted { throw FeedListError(file: url.path, message: "\(place): the name is used twice") }
            if entry.source.trimmingSpaces().isEmpty { throw FeedListError(file: url.path, message: "\(place): no source") }
            if let format = entry.format, FeedFormat(rawValue: format) == nil {
                throw FeedListError(file: url.path, message: "\(place): unknown format '\(format)' (airs, hsds-json, hsds-csv)")
            }
            if let share = entry.maximumRetiredShare, !(0...1).contains(share) {
                throw FeedListError(file: url.path, message: "\(place): maximum_retired_share must be between 0 and 1")
            }
        }
        return list
    }

    public func entry(named name: String) -> Entry? { feeds.first { $0.name.rawValue == name } }
}

public struct FeedListError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}
