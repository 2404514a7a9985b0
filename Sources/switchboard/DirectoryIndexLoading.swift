import ArgumentParser
import Foundation
import Matching
import Workflows

extension DatabaseOptions {
    /// Opens the directory and builds the search index from it: what `search` and `match` start with.
    func openIndex(command: String) async throws -> DirectoryIndex {
        guard FileManager.default.fileExists(atPath: path) else {
            printError("switchboard \(command): no database at \(path) (run `switchboard serve` or `switchboard import` first)")
            throw ExitStatus.failure
        }
        let (installation, store) = try open()
        return try await IndexWorkflow(store: store, installation: installation).build(now: Date())
    }
}

/// Turns what a coordinator types into query values; shared by `search` and its validation.
enum QueryArguments {
    /// `41.26,-95.94` to a point.
    static func point(_ text: String) -> Place? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lat = Double(parts[0]), let lon = Double(parts[1]), (-90...90).contains(lat), (-180...180).contains(lon) else { return nil }
        return .point(.init(latitude: lat, longitude: lon))
    }
}
