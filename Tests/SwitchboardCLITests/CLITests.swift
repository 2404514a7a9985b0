import Foundation
import Testing

/// The `switchboard` executable as scripts use it: exit codes, standard output and standard error.
@Suite struct CLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `swift test` builds the executable next to the test bundle.
    static let executable: URL? = {
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("switchboard")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        let debug = repository.appendingPathComponent(".build/debug/switchboard")
        return FileManager.default.isExecutableFile(atPath: debug.path) ? debug : nil
    }()

    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    func run(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:]) throws -> Outcome {
        let executable = try #require(Self.executable, "the switchboard executable is not built")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHBOARD_HOME"] = Self.repository.path
        environment.removeValue(forKey: "SWITCHBOARD_DATABASE")
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self), errors: String(decoding: errors, as: UTF8.self))
    }

    func scratch() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func helpTeachesTheCommandsAndExitCodes() throws {
        let result = try run(["--help"], in: scratch())
        #expect(result.status == 0)
        for word in ["serve", "import", "export", "generate", "stats", "show", "search", "match", "Exit codes"] { #expect(result.output.contains(word), "\(word)") }
    }

    @Test func aFeedWithABadRecordImportsTheRestAndExitsThree() throws {
        let folder = scratch()
        let feed = """
            {"id":"s-1","name":"Food pantry","status":"active","organization":{"id":"o-1","name":"Pantry","description":""}}
            {"id":"s-2","name":"Clinic","status":"sometimes","organization_id":"o-1"}
            """
        try Data(feed.utf8).write(to: folder.appendingPathComponent("feed.txt"))
        let result = try run(["import", "feed.txt"], in: folder)
        #expect(result.status == 3)
        #expect(result.errors.contains("feed.txt:2: service s-2: field 'status': 'sometimes' is not a service status"), "\(result.errors)")
        #expect(result.output.contains("1 added"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("switchboard.sqlite").path))

        let show = try run(["show", "s-1"], in: folder)
        #expect(show.status == 0)
        #expect(show.output.contains("Food pantry"))
        #expect(show.output.contains("Provider: Pantry"))
        #expect(try run(["show", "s-2"], in: folder).status == 4)
    }

    @Test func aFileThatIsNotAFeedChangesNothingAndExitsOne() throws {
        let folder = scratch()
        try Data("just some notes".utf8).write(to: folder.appendingPathComponent("notes.json"))
        let result = try run(["import", "notes.json", "--database", "d.sqlite"], in: folder)
        #expect(result.status == 1)
        #expect(result.errors.contains("notes.json"))
        #expect(result.errors.contains("Nothing was written"))
    }

    @Test func generateImportStatsAndExportWorkTogether() throws {
        let folder = scratch()
        #expect(try run(["generate", "--services", "60", "--seed", "3", "--format", "hsds-csv", "--output", "gen"], in: folder).status == 0)
        let imported = try run(["import", "gen", "--database", "x.sqlite"], in: folder)
        #expect(imported.status == 0, "\(imported.errors)")
        // Not a terminal: progress comes as plain lines on standard error, not a bar.
        #expect(imported.errors.contains("reading gen (HSDS CSV)"))
        #expect(!imported.errors.contains("\r"))

        let stats = try run(["stats", "--json", "--database", "x.sqlite"], in: folder)
        #expect(stats.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.output.utf8)) as? [String: Any])
        #expect(object["services"] as? Int == 60)

        #expect(try run(["export", "--format", "hsds-ndjson", "out", "--database", "x.sqlite"], in: folder).status == 0)
        let lines = try String(contentsOf: folder.appendingPathComponent("out/services.ndjson"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 60)
    }

    @Test func badCommandLinesExitSixtyFour() throws {
        let folder = scratch()
        #expect(try run(["generate", "--services", "0", "--output", "x"], in: folder).status == 64)
        #expect(try run(["export", "--format", "xml", "out"], in: folder).status == 64)
        #expect(try run(["frobnicate"], in: folder).status == 64)
    }

    @Test func theDatabaseComesFromTheEnvironmentToo() throws {
        let folder = scratch()
        try Data(#"{"id":"s-9","name":"Shelter","status":"active","organization":{"id":"o-9","name":"Shelter Org","description":""}}"#.utf8)
            .write(to: folder.appendingPathComponent("one.json"))
        let executable = try #require(Self.executable)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["import", "one.json"]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHBOARD_HOME"] = Self.repository.path
        environment["SWITCHBOARD_DATABASE"] = folder.appendingPathComponent("from-env.sqlite").path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("from-env.sqlite").path))
    }
}
