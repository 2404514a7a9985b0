internal import Foundation
internal import SwitchboardCore

/// A CSV file of a feed, read whole, with its header and its well-formed rows.
struct CSVTableFile {
    var file: String
    var header: [String]
    var columns: [String: Int]
    var rows: [CSVRecord]

    /// Reads a file; ragged rows and broken quoting are reported and left out.
    init(url: URL, file: String, recordType: String, issues: inout [RecordIssue]) throws {
        self.file = file
        var reader = try CSVReader(contentsOf: url)
        header = []
        columns = [:]
        rows = []
        if let first = reader.next() {
            header = first.fields.map { $0.trimmingSpaces().lowercased() }
            for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        }
        while let record = reader.next() {
            if record.fields.count == 1, record.fields[0].isEmpty { continue }  // a blank line
            guard record.fields.count == header.count else {
                let id = columns["id"].flatMap { $0 < record.fields.count ? record.fields[$0] : nil }
                issues.append(RecordIssue(
                    .malformedFile,
                    "row has \(record.fields.count) fields but the header has \(header.count); row skipped",
                    file: file, line: record.line, recordType: recordType, recordID: id?.trimmingSpaces()
                ))
                continue
            }
            rows.append(record)
        }
        for problem in reader.problems {
            issues.append(RecordIssue(.malformedFile, problem.message, file: file, line: problem.line, recordType: recordType))
        }
    }

    func has(_ column: String) -> Bool { columns[column] != nil }
}

/// One row of a table, with the helpers that turn its text into typed values or issues.
struct CSVRow {
    let table: CSVTableFile
    let record: CSVRecord
    let recordType: String

    var file: String { table.file }
    var line: Int { record.line }
    var id: String? { identifier("id") }

    /// The first of the named columns that is present and not empty, as written.
    func text(_ names: String...) -> String? { text(names) }

    func text(_ names: [String]) -> String? {
        for name in names {
            if let index = table.columns[name], !record.fields[index].isEmpty { return record.fields[index] }
        }
        return nil
    }

    /// An identifier or code: spaces around it do not count.
    func identifier(_ names: String...) -> String? {
        guard let value = text(names)?.trimmingSpaces(), !value.isEmpty else { return nil }
        return value
    }

    func issue(_ code: RecordIssue.Code, _ field: String?, _ message: String, warning: Bool = false) -> RecordIssue {
        RecordIssue(code, message, file: file, line: line, column: field.flatMap { table.columns[$0] }.map { $0 + 1 },
                    recordType: recordType, recordID: id, field: field, isWarning: warning)
    }

    func required(_ names: String...) throws(RecordIssue) -> String {
        if let value = text(names), !value.trimmingSpaces().isEmpty { return value }
        throw issue(.missingField, names[0], "required field '\(names[0])' is missing; row skipped")
    }

    func requiredID(_ names: String...) throws(RecordIssue) -> String {
        if let value = identifier(names) { return value }
        throw issue(.missingField, names[0], "required field '\(names[0])' is missing; row skipped")
    }

    private func identifier(_ names: [String]) -> String? {
        guard let value = text(names)?.trimmingSpaces(), !value.isEmpty else { return nil }
        return value
    }

    func number(_ names: String...) throws(RecordIssue) -> Double? {
        guard let raw = text(names), !raw.trimmingSpaces().isEmpty else { return nil }
        let name = names.first { table.columns[$0] != nil } ?? names[0]
        guard let value = Double(raw.trimmingSpaces()), value.isFinite else {
            throw issue(.invalidValue, name, "'\(raw)' is not a number; row skipped")
        }
        return value
    }

    func integer(_ names: String...) throws(RecordIssue) -> Int? {
        guard let raw = text(names), !raw.trimmingSpaces().isEmpty else { return nil }
        let name = names.first { table.columns[$0] != nil } ?? names[0]
        let trimmed = raw.trimmingSpaces()
        if let value = Int(trimmed) { return value }
        if let value = Double(trimmed), value.isFinite, value.rounded() == value, abs(value) < 1e15 { return Int(value) }
        throw issue(.invalidValue, name, "'\(raw)' is not a whole number; row skipped")
    }
}
