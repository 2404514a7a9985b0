/// Rows of one table written many to a statement: `INSERT … VALUES (…), (…), …`.
///
/// One statement a row cost the first import a statement's whole overhead per record (binding,
/// stepping, resetting; on PostgreSQL a round trip each). Rows are gathered here and written
/// ``rowsPerStatement(columns:)`` at a time; ``flush()`` writes the rest, and must be called
/// before anything reads the table or points at its rows. On SQLite every statement run is of
/// a size that is compiled once per connection and kept: the full chunk, and the rest as a few
/// chunks of a power of two. PostgreSQL compiles each statement anyway, so there the rest goes
/// in one statement, one round trip.
struct BulkInsert {
    private let db: any SQLSession
    private let columnCount: Int
    private let rowsPerStatement: Int
    /// The statement for a number of rows.
    private let sql: (Int) -> String
    private var pending: [SQLValue] = []
    private var pendingRows = 0
    /// The full-size statement's text, made once: its cache key on SQLite.
    private var fullSQL: String?

    init(db: any SQLSession, columns: [String], sql: @escaping (Int) -> String) {
        self.db = db
        self.columnCount = columns.count
        self.rowsPerStatement = Self.rowsPerStatement(columns: columns.count)
        self.sql = sql
    }

    /// Rows per statement: enough that the statement's own cost hardly counts, with the arguments
    /// well under both databases' limits (SQLite 32,766, PostgreSQL 65,535).
    static func rowsPerStatement(columns: Int) -> Int { max(1, min(64, 8_192 / max(columns, 1))) }

    /// `(?, ?), (?, ?)` for `rows` rows of `columns` columns.
    static func values(rows: Int, columns: Int) -> String {
        let row = "(" + placeholders(columns) + ")"
        return Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// Adds a row; writes a full statement's worth when there is one.
    mutating func append(_ row: SQLArguments) throws {
        precondition(row.count == columnCount, "A row of \(row.count) values for \(columnCount) columns")
        if pending.isEmpty { pending.reserveCapacity(rowsPerStatement * columnCount) }
        pending += row.values
        pendingRows += 1
        if pendingRows == rowsPerStatement {
            if fullSQL == nil { fullSQL = sql(rowsPerStatement) }
            try db.execute(sql: fullSQL!, arguments: SQLArguments(values: pending), cached: true)
            pending.removeAll(keepingCapacity: true)
            pendingRows = 0
        }
    }

    /// Writes the rows still waiting.
    mutating func flush() throws {
        guard pendingRows > 0 else { return }
        defer { pending.removeAll(keepingCapacity: true); pendingRows = 0 }
        guard db.dialect == .sqlite else {
            try db.execute(sql: sql(pendingRows), arguments: SQLArguments(values: pending), cached: false)
            return
        }
        var start = 0, left = pendingRows
        while left > 0 {
            var rows = 1
            while rows * 2 <= left { rows *= 2 }
            let values = Array(pending[(start * columnCount)..<((start + rows) * columnCount)])
            try db.execute(sql: sql(rows), arguments: SQLArguments(values: values), cached: true)
            start += rows
            left -= rows
        }
    }
}
