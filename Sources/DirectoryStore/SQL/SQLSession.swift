public import Foundation
package import GRDB
import GRDBSQLite

/// One value bound to a statement or read from a row, in the few kinds both backends share.
///
/// The store's SQL is written once for SQLite and PostgreSQL alike (see ``SQLSession``); its
/// values are SQLite's storage classes, which PostgreSQL's `bigint`, `double precision`, `text`
/// and `bytea` columns map onto one for one (a PostgreSQL boolean is read as 0 or 1).
package enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value that can be bound to a statement.
package protocol SQLArgument {
    var sqlValue: SQLValue { get }
}

extension String: SQLArgument { package var sqlValue: SQLValue { .text(self) } }
extension Int: SQLArgument { package var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLArgument { package var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLArgument { package var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLArgument { package var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Data: SQLArgument { package var sqlValue: SQLValue { .blob(self) } }
extension SQLValue: SQLArgument { package var sqlValue: SQLValue { self } }
extension Optional: SQLArgument where Wrapped: SQLArgument {
    package var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// The arguments of one statement, bound to its `?` placeholders in order.
package struct SQLArguments: ExpressibleByArrayLiteral, Sendable {
    package var values: [SQLValue]

    package init(values: [SQLValue]) { self.values = values }
    package init(arrayLiteral elements: (any SQLArgument)?...) { values = elements.map { $0?.sqlValue ?? .null } }
    package init(_ elements: [(any SQLArgument)?]) { values = elements.map { $0?.sqlValue ?? .null } }
    package init<S: Sequence>(_ elements: S) where S.Element: SQLArgument { values = elements.map(\.sqlValue) }

    package var isEmpty: Bool { values.isEmpty }
    package var count: Int { values.count }

    package static func + (lhs: SQLArguments, rhs: SQLArguments) -> SQLArguments { SQLArguments(values: lhs.values + rhs.values) }
    package static func += (lhs: inout SQLArguments, rhs: SQLArguments) { lhs.values += rhs.values }
}

/// A column value read into a Swift type. Reading NULL into a non-optional, or text into a
/// number, is a programming error (the schema says what each column holds) and traps, as GRDB does.
package protocol SQLColumnDecodable {
    static func decode(_ value: SQLValue) -> Self
    static func decode(_ row: GRDB.Row, _ index: Int) -> Self
    static func decode(_ row: GRDB.Row, named name: String) -> Self
}

extension String: SQLColumnDecodable {
    package static func decode(_ value: SQLValue) -> String {
        switch value {
        case .text(let text): return text
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .null: fatalError("NULL read into a String column")
        }
    }
    package static func decode(_ row: GRDB.Row, _ index: Int) -> String { row[index] }
    package static func decode(_ row: GRDB.Row, named name: String) -> String { row[name] }
}

extension Int64: SQLColumnDecodable {
    package static func decode(_ value: SQLValue) -> Int64 {
        switch value {
        case .integer(let number): return number
        case .real(let number): return Int64(number)
        case .text(let text): return Int64(text) ?? 0
        case .blob, .null: fatalError("A non-number read into an integer")
        }
    }
    package static func decode(_ row: GRDB.Row, _ index: Int) -> Int64 { row[index] }
    package static func decode(_ row: GRDB.Row, named name: String) -> Int64 { row[name] }
}

extension Int: SQLColumnDecodable {
    package static func decode(_ value: SQLValue) -> Int { Int(Int64.decode(value)) }
    package static func decode(_ row: GRDB.Row, _ index: Int) -> Int { row[index] }
    package static func decode(_ row: GRDB.Row, named name: String) -> Int { row[name] }
}

extension Double: SQLColumnDecodable {
    package static func decode(_ value: SQLValue) -> Double {
        switch value {
        case .real(let number): return number
        case .integer(let number): return Double(number)
        case .text(let text): return Double(text) ?? 0
        case .blob, .null: fatalError("A non-number read into a Double")
        }
    }
    package static func decode(_ row: GRDB.Row, _ index: Int) -> Double { row[index] }
    package static func decode(_ row: GRDB.Row, named name: String) -> Double { row[name] }
}

extension Bool: SQLColumnDecodable {
    package static func decode(_ value: SQLValue) -> Bool { Int64.decode(value) != 0 }
    package static func decode(_ row: GRDB.Row, _ index: Int) -> Bool { row[index] }
    package static func decode(_ row: GRDB.Row, named name: String) -> Bool { row[name] }
}

extension Data: SQLColumnDecodable {
    package static func decode(_ value: SQLValue) -> Data {
        switch value {
        case .blob(let data): return data
        case .text(let text): return Data(text.utf8)
        default: fatalError("A non-blob read into Data")
        }
    }
    package static func decode(_ row: GRDB.Row, _ index: Int) -> Data { row[index] }
    package static func decode(_ row: GRDB.Row, named name: String) -> Data { row[name] }
}

extension Optional: SQLColumnDecodable where Wrapped: SQLColumnDecodable {
    package static func decode(_ value: SQLValue) -> Wrapped? {
        if case .null = value { return nil }
        return Wrapped.decode(value)
    }
    package static func decode(_ row: GRDB.Row, _ index: Int) -> Wrapped? {
        row.hasNull(atIndex: index) ? nil : Wrapped.decode(row, index)
    }
    package static func decode(_ row: GRDB.Row, named name: String) -> Wrapped? {
        (row[name] as DatabaseValue?).map { $0.isNull } ?? true ? nil : Wrapped.decode(row, named: name)
    }
}

/// One row of a result: GRDB's own row for SQLite (read in place, no copies), plain values for PostgreSQL.
package struct SQLRow {
    enum Storage {
        case grdb(GRDB.Row)
        case values(SQLColumns, [SQLValue])
    }

    let storage: Storage

    init(grdb row: GRDB.Row) { storage = .grdb(row) }
    package init(columns: SQLColumns, values: [SQLValue]) { storage = .values(columns, values) }

    package var count: Int {
        switch storage {
        case .grdb(let row): row.count
        case .values(_, let values): values.count
        }
    }

    package subscript<T: SQLColumnDecodable>(_ index: Int) -> T {
        switch storage {
        case .grdb(let row): T.decode(row, index)
        case .values(_, let values): T.decode(values[index])
        }
    }

    package subscript<T: SQLColumnDecodable>(_ name: String) -> T {
        switch storage {
        case .grdb(let row):
            return T.decode(row, named: name)
        case .values(let columns, let values):
            guard let index = columns.index(of: name) else { fatalError("No column \(name) in the row") }
            return T.decode(values[index])
        }
    }

    /// The value of a column as it is stored.
    package func value(at index: Int) -> SQLValue {
        switch storage {
        case .grdb(let row):
            switch row[index] as DatabaseValue? {
            case nil: return .null
            case let value?:
                switch value.storage {
                case .null: return .null
                case .int64(let number): return .integer(number)
                case .double(let number): return .real(number)
                case .string(let text): return .text(text)
                case .blob(let data): return .blob(data)
                }
            }
        case .values(_, let values): return values[index]
        }
    }

    /// A text or blob column's bytes without making a string: SQLite's own buffer, valid only in `body`.
    package func withUnsafeData<R>(atIndex index: Int, _ body: (Data?) throws -> R) throws -> R {
        switch storage {
        case .grdb(let row): return try row.withUnsafeData(atIndex: index, body)
        case .values(_, let values):
            switch values[index] {
            case .text(let text): return try body(Data(text.utf8))
            case .blob(let data): return try body(data)
            default: return try body(nil)
            }
        }
    }

    /// A row that outlives the cursor that read it (GRDB reuses a cursor's row).
    func copy() -> SQLRow {
        switch storage {
        case .grdb(let row): SQLRow(grdb: row.copy())
        case .values: self
        }
    }
}

/// Column names of a result, shared by its rows.
package final class SQLColumns: @unchecked Sendable {
    package let names: [String]
    private let indexes: [String: Int]

    package init(_ names: [String]) {
        self.names = names
        var indexes: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexes[name] == nil { indexes[name] = index }
        self.indexes = indexes
    }

    package func index(of name: String) -> Int? { indexes[name] }
}

/// Which SQL a session speaks, where the store's statements must differ.
package enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// One open transaction of a database, synchronous: what every store's SQL runs on.
///
/// The store logic (writing batches, refreshing feeds, reading services, referrals) is written
/// once against this protocol and runs on SQLite (``SQLiteDirectoryStore``, over GRDB's
/// `Database`) and on PostgreSQL (the `PostgresStore` target, over a connection driven from a
/// thread of its own). Statements use `?` placeholders and the SQL both databases accept.
package protocol SQLSession: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs a statement; returns how many rows it changed.
    /// - Parameter cached: keep the compiled statement for the next time (statements with a fixed text).
    @discardableResult
    func execute(sql: String, arguments: SQLArguments, cached: Bool) throws -> Int

    /// Runs a query and hands its rows over one at a time; a row is valid only during `body`.
    func forEachRow(sql: String, arguments: SQLArguments, cached: Bool, _ body: (SQLRow) throws -> Void) throws

    /// Runs a query and hands each row's columns over as the database holds them: for reads of
    /// many rows whose bytes are parsed where they lie, never kept (the refresh's ledger).
    func forEachRawRow(sql: String, arguments: SQLArguments, _ body: (SQLRawRow) throws -> Void) throws
}

extension SQLSession {
    package func forEachRawRow(sql: String, arguments: SQLArguments, _ body: (SQLRawRow) throws -> Void) throws {
        try forEachRow(sql: sql, arguments: arguments, cached: false) { try body(SQLRawRow(source: .row($0))) }
    }
}

/// One row of ``SQLSession/forEachRawRow(sql:arguments:_:)``, valid only during its `body`.
package struct SQLRawRow {
    enum Source {
        /// SQLite's statement, stepped to this row.
        case sqlite(OpaquePointer)
        case row(SQLRow)
    }

    let source: Source

    /// A text or blob column's bytes (nil for NULL): the database's own buffer, valid only in `body`.
    package func withBytes<R>(at index: Int, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        switch source {
        case .sqlite(let statement):
            let column = Int32(index)
            guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return try body(nil) }
            // Asked for as a blob, SQLite hands a text column's UTF-8 over as it is stored.
            let start = sqlite3_column_blob(statement, column)
            return try body(UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column))))
        case .row(let row):
            return try row.withUnsafeData(atIndex: index) { data in
                guard let data else { return try body(nil) }
                return try data.withUnsafeBytes { try body($0) }
            }
        }
    }

    /// A true-or-false column (an integer in SQLite, a boolean in PostgreSQL).
    package func flag(at index: Int) -> Bool {
        switch source {
        case .sqlite(let statement): sqlite3_column_int64(statement, Int32(index)) != 0
        case .row(let row): row[index]
        }
    }
}

extension SQLSession {
    @discardableResult
    package func execute(sql: String, arguments: SQLArguments = [], cached: Bool = false) throws -> Int {
        try execute(sql: sql, arguments: arguments, cached: cached)
    }

    package func fetchAll(sql: String, arguments: SQLArguments = [], cached: Bool = false) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try forEachRow(sql: sql, arguments: arguments, cached: cached) { rows.append($0.copy()) }
        return rows
    }

    package func fetchOne(sql: String, arguments: SQLArguments = [], cached: Bool = false) throws -> SQLRow? {
        var first: SQLRow?
        try forEachRow(sql: sql, arguments: arguments, cached: cached) { if first == nil { first = $0.copy() } }
        return first
    }

    /// The first column of every row.
    package func fetchAll<T: SQLColumnDecodable>(_ type: T.Type, sql: String, arguments: SQLArguments = [], cached: Bool = false) throws -> [T] {
        var values: [T] = []
        try forEachRow(sql: sql, arguments: arguments, cached: cached) { values.append($0[0]) }
        return values
    }

    /// The first column of the first row; nil when there is no row or the value is NULL.
    package func fetchOne<T: SQLColumnDecodable>(_ type: T.Type, sql: String, arguments: SQLArguments = [], cached: Bool = false) throws -> T? {
        var value: T??
        try forEachRow(sql: sql, arguments: arguments, cached: cached) { row in
            if value == nil { value = .some(row[0] as T?) }
        }
        return value ?? nil
    }
}

/// SQLite through GRDB: the session of ``SQLiteDirectoryStore``'s transactions.
final class GRDBSession: SQLSession {
    let db: Database
    init(_ db: Database) { self.db = db }

    var dialect: SQLDialect { .sqlite }

    func execute(sql: String, arguments: SQLArguments, cached: Bool) throws -> Int {
        let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        try statement.execute(arguments: Self.bound(arguments))
        return db.changesCount
    }

    func forEachRow(sql: String, arguments: SQLArguments, cached: Bool, _ body: (SQLRow) throws -> Void) throws {
        let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: Self.bound(arguments))
        while let row = try cursor.next() { try body(SQLRow(grdb: row)) }
    }

    /// Steps SQLite's statement by hand: a GRDB row makes a `Data` for each column read without a
    /// copy, and for the ledger's hundreds of thousands of rows those were a quarter of its reading.
    func forEachRawRow(sql: String, arguments: SQLArguments, _ body: (SQLRawRow) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(Self.bound(arguments))
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: try body(SQLRawRow(source: .sqlite(handle)))
            case SQLITE_DONE: return
            case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: sql)
            }
        }
    }

    static func bound(_ arguments: SQLArguments) -> StatementArguments {
        StatementArguments(arguments.values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null: nil
            case .integer(let number): number
            case .real(let number): number
            case .text(let text): text
            case .blob(let data): data
            }
        })
    }
}

extension SQLSession {
    /// ``execute(sql:arguments:cached:)`` for a statement with a fixed text, compiled once per connection.
    @discardableResult
    package func execute(cachedSQL sql: String, arguments: SQLArguments = []) throws -> Int {
        try execute(sql: sql, arguments: arguments, cached: true)
    }

    package func fetchOne(cachedSQL sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try fetchOne(sql: sql, arguments: arguments, cached: true)
    }

    package func fetchOne<T: SQLColumnDecodable>(_ type: T.Type, cachedSQL sql: String, arguments: SQLArguments = []) throws -> T? {
        try fetchOne(type, sql: sql, arguments: arguments, cached: true)
    }

    package func fetchAll<T: SQLColumnDecodable>(_ type: T.Type, cachedSQL sql: String, arguments: SQLArguments = []) throws -> [T] {
        try fetchAll(type, sql: sql, arguments: arguments, cached: true)
    }
}

/// A store that runs the shared SQL in its transactions: one read or one write transaction per call.
package protocol SQLTransacting: Sendable {
    /// One read transaction; any failure becomes a ``StoreError`` naming the operation.
    func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
    /// One write transaction: if `body` throws, nothing of it is kept.
    func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
}
