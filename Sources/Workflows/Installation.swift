public import Foundation
public import SwitchboardCore

/// Where Switchboard's shipped content lives (`Directory/`: domain mapping, taxonomy, demo
/// directory, feeds) and what was loaded from it.
public struct Installation: Sendable {
    public var directoryFolder: URL
    public var domainMapping: DomainMapping
    /// Names of the AIRS/211 codes we ship (levels 1-2 and some deeper examples).
    public var airsNames: [String: String]

    /// Finds `Directory/`: `SWITCHBOARD_HOME/Directory`, then the working folder and its parents,
    /// then the folders above the executable (so `swift run` and `.build/release/switchboard` both work).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Installation {
        var candidates: [URL] = []
        if let home = environment["SWITCHBOARD_HOME"], !home.isEmpty {
            candidates.append(URL(fileURLWithPath: home).appendingPathComponent("Directory"))
        }
        var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("Directory"))
            folder.deleteLastPathComponent()
        }
        var executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        for _ in 0..<6 {
            executable.deleteLastPathComponent()
            candidates.append(executable.appendingPathComponent("Directory"))
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("domains.json").path) }) else {
            throw InstallationError(message: "cannot find Switchboard's Directory/ folder (looked in \(candidates.prefix(3).map(\.path).joined(separator: ", ")), …); run from the repository or set SWITCHBOARD_HOME")
        }
        return try Installation(directoryFolder: found)
    }

    public init(directoryFolder: URL) throws {
        self.directoryFolder = directoryFolder
        let mappingURL = directoryFolder.appendingPathComponent("domains.json")
        do {
            domainMapping = try JSONDecoder().decode(DomainMapping.self, from: Data(contentsOf: mappingURL))
        } catch {
            throw InstallationError(message: "\(mappingURL.path): cannot be read as a domain mapping: \(error)")
        }
        var names: [String: String] = [:]
        for file in ["211hsis_level1_level2.csv", "211hsis_deeper_level_examples.csv"] {
            let url = directoryFolder.appendingPathComponent("taxonomy").appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                if fields.count >= 2 { names[String(fields[0])] = String(fields[1]) }
            }
        }
        airsNames = names
    }

    /// The generated demo county, loaded into an empty database on first start.
    public var demoDirectory: URL { directoryFolder.appendingPathComponent("demo/services.ndjson") }
}

public struct InstallationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
