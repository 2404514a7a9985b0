public import Foundation
public import DirectoryStore
import SwitchboardCore

/// The generated demo county that a new installation starts with.
public enum DemoDirectory {
    /// Loads the demo directory when the store holds no services yet.
    /// - Returns: the import report, or nil when the store already had services.
    public static func loadIfEmpty(
        store: any DirectoryStore, installation: Installation, progress: any ProgressReporter = SilentProgress(), now: Date
    ) async throws -> ImportWorkflow.Report? {
        let stats = try await store.statistics(asOf: now)
        guard stats.services == 0 else { return nil }
        guard FileManager.default.fileExists(atPath: installation.demoDirectory.path) else {
            throw InstallationError(message: "the demo directory \(installation.demoDirectory.path) is missing")
        }
        return try await ImportWorkflow(store: store, progress: progress, airsNames: installation.airsNames)
            .run(paths: [installation.demoDirectory.path], feed: "demo", now: now)
    }
}
