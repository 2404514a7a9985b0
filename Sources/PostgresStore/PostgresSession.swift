import DirectoryStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A ``SQLSession`` over one PostgreSQL connection inside an open transaction, for the store's
/// synchronous SQL (`DirectorySQL`, the refresh's producer and sink).
///
/// Each statement is sent on the connection and its future waited for: the session is used only
/// on a thread of its own (``PostgresDirectoryStore`` starts one per transaction), never on an
/// event-loop thread, so waiting blocks that thread alone while the event loop does the I/O.
final class PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection; self.logger = logger
    }

    var dialect: SQLDialect { .postgres }

    func execute(sql: String, arguments: SQLArguments, cached: Bool) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func forEachRow(sql: String, arguments: SQLArguments, cached: Bool, _ body: (SQLRow) throws -> Void) throws {
        let result = try run(sql, arguments)
        var columns: SQLColumns?
        for row in result.rows {
            var values: [SQLValue] = []
            var names: [String] = []
            for cell in row {
                if columns == nil { names.append(cell.columnName) }
                values.append(try Self.value(of: cell))
            }
            if columns == nil { columns = SQLColumns(names) }
            try body(SQLRow(columns: columns!, values: values))
        }
    }

    private func run(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.count)
        for value in arguments.values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let data): bindings.append(ByteBuffer(bytes: data))
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings)
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw StoreError(.writeFailed, "A PostgreSQL statement failed\(Self.sqlState(error))", cause: nil)
        }
    }

    /// The SQLSTATE of a server error, the one part of it that names no value.
    static func sqlState(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return " (\(type(of: error)))" }
        if let state = error.serverInfo?[.sqlState] {
            return " (SQLSTATE \(state): \(error.serverInfo?[.message] ?? ""))"
        }
        return " (\(error.code))"
    }

    /// The shared SQL's `?` placeholders as PostgreSQL's `$1, $2, …` (outside quotes); an empty
    /// `IN ()`, which SQLite accepts, as a subquery of no rows.
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                out.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                out.append(character)
            } else if character == "?" {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        return out.replacingOccurrences(of: "IN ()", with: "IN (SELECT NULL WHERE FALSE)")
    }

    static func value(of cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8: return .integer(try cell.decode(Int64.self))
        case .int4: return .integer(Int64(try cell.decode(Int32.self)))
        case .int2: return .integer(Int64(try cell.decode(Int16.self)))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .float8, .float4: return .real(try cell.decode(Double.self))
        case .bytea: return .blob(try cell.decode(Data.self))
        case .numeric: return .real(Double(try cell.decode(String.self)) ?? 0)
        default: return .text(try cell.decode(String.self))
        }
    }
}
