public import SwitchboardCore

/// Where a record was found in a feed, so later checks can point at it.
public struct RecordOrigin: Hashable, Sendable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public init(file: String, line: Int? = nil, column: Int? = nil) { self.file = file; self.line = line; self.column = column }
}

/// What a reader got out of a feed: the records it could read, the problems with the others,
/// and where each record stood (keyed by record type and id, e.g. `service/3f2…`).
public struct FeedReadResult: Sendable {
    public var batch: DirectoryBatch
    public var issues: [RecordIssue]
    public var origins: [String: RecordOrigin]

    public init(batch: DirectoryBatch = DirectoryBatch(), issues: [RecordIssue] = [], origins: [String: RecordOrigin] = [:]) {
        self.batch = batch; self.issues = issues; self.origins = origins
    }

    public static func originKey(_ recordType: String, _ id: String) -> String { recordType + "/" + id }
}
