import FeedImport
import Foundation
import SwitchboardCore

/// Writes records as an HSDS JSON feed file, for tests that import through the workflow.
enum FeedFile {
    static func write(_ records: [ServiceRecord], to url: URL) throws -> Int {
        let writer = try HSDSJSON.Writer(path: url.path, layout: .array)
        try writer.write(records)
        try writer.finish()
        return records.count
    }
}
