import Foundation
import Testing
import SwitchboardCore
import DirectoryStore
import FeedImport
import DirectoryGenerator
@testable import Workflows

/// End to end: generated feeds through the readers into a real SQLite store and out again.
@Suite struct ImportExportTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let installation = try! Installation(directoryFolder: repository.appendingPathComponent("Directory"))
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    func scratch() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func store(_ folder: URL, _ name: String = "directory.sqlite") throws -> SQLiteDirectoryStore {
        try SQLiteDirectoryStore(path: folder.appendingPathComponent(name).path, domainMapping: Self.installation.domainMapping)
    }

    func generated(_ services: Int, format: GenerateWorkflow.Format, into folder: URL) throws -> URL {
        let output = folder.appendingPathComponent(format == .hsdsCSV ? "feed-csv" : "feed.\(format == .hsdsNDJSON ? "ndjson" : "json")")
        try GenerateWorkflow(generator: DirectoryGenerator(seed: 42, services: services), domainMapping: Self.installation.domainMapping)
            .run(format: format, output: output)
        return output
    }

    func contents(of url: URL) throws -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else { return [url.lastPathComponent: try Data(contentsOf: url)] }
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
            files[name] = try Data(contentsOf: url.appendingPathComponent(name))
        }
        return files
    }

    @Test(arguments: [(GenerateWorkflow.Format.hsdsJSON, ExportWorkflow.Format.hsdsJSON), (.hsdsNDJSON, .hsdsNDJSON), (.hsdsCSV, .hsdsCSV)])
    func exportImportExportGivesIdenticalOutput(generate: GenerateWorkflow.Format, export: ExportWorkflow.Format) async throws {
        let folder = scratch()
        let feed = try generated(150, format: generate, into: folder)
        let first = try store(folder, "first.sqlite")
        let report = try await ImportWorkflow(store: first).run(paths: [feed.path], now: Self.now)
        #expect(report.errors.isEmpty, "\(report.errors.prefix(3))")
        #expect(report.summary.services.added == 150)

        let exportA = folder.appendingPathComponent("export-a")
        let exported = try await ExportWorkflow(store: first, pageSize: 40).run(format: export, into: exportA)
        #expect(exported.services == 150)

        let second = try store(folder, "second.sqlite")
        let importA = export == .hsdsCSV ? exportA : exportA.appendingPathComponent(exported.files[0])
        let again = try await ImportWorkflow(store: second).run(paths: [importA.path], now: Self.now.addingTimeInterval(3_600))
        #expect(again.errors.isEmpty, "\(again.errors.prefix(3))")
        let exportB = folder.appendingPathComponent("export-b")
        try await ExportWorkflow(store: second, pageSize: 64).run(format: export, into: exportB)

        let a = try contents(of: exportA), b = try contents(of: exportB)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, data) in a { #expect(data == b[name], "\(name) differs after export, import, export") }
    }

    @Test func theJSONExportIsValidHSDS31() async throws {
        let folder = scratch()
        let feed = try generated(300, format: .hsdsNDJSON, into: folder)
        let store = try store(folder)
        _ = try await ImportWorkflow(store: store).run(paths: [feed.path], now: Self.now)
        let out = folder.appendingPathComponent("out")
        try await ExportWorkflow(store: store).run(format: .hsdsJSON, into: out)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.repository.appendingPathComponent("Tests/tools/validate_hsds.py").path,
            Self.repository.appendingPathComponent("Fixtures/hsds-3.1-schema").path, out.appendingPathComponent("services.json").path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "HSDS schema validation failed (python3 with jsonschema is installed by .ci/run):\n\(output.prefix(3000))")
        #expect(output.contains("300 services checked, 0 errors"), "\(output.suffix(500))")
    }

    @Test func aServiceWhoseOrganizationIsNotInTheFeedIsRejectedAndTheRestGoIn() async throws {
        let folder = scratch()
        let feedURL = folder.appendingPathComponent("dangling.ndjson")
        let good = #"{"id":"s-good","name":"Food pantry","status":"active","organization":{"id":"o-1","name":"Pantry","description":""}}"#
        let dangling = #"{"id":"s-orphan","name":"Legal clinic","status":"active","organization_id":"o-missing"}"#
        try Data((good + "\n" + dangling + "\n").utf8).write(to: feedURL)
        let store = try store(folder)
        let report = try await ImportWorkflow(store: store).run(paths: [feedURL.path], now: Self.now)
        #expect(report.summary.services.added == 1)
        #expect(report.summary.services.rejected == 1)
        let issue = try #require(report.errors.first)
        #expect(issue.code == .danglingReference)
        #expect(issue.recordID == "s-orphan")
        #expect(issue.description.contains("o-missing"))
        #expect(try await store.service("s-good") != nil)
        #expect(try await store.service("s-orphan") == nil)
    }

    @Test func aFeedThatCannotBeReadChangesNothing() async throws {
        let folder = scratch()
        let feed = try generated(20, format: .hsdsNDJSON, into: folder)
        let store = try store(folder)
        _ = try await ImportWorkflow(store: store).run(paths: [feed.path], now: Self.now)
        let before = try await store.statistics(asOf: Self.now)

        let broken = folder.appendingPathComponent("broken.json")
        try Data("[{\"id\": \"x\", \"name\": ".utf8).write(to: broken)
        await #expect(throws: ImportError.self) {
            _ = try await ImportWorkflow(store: store).run(paths: [feed.path, broken.path], now: Self.now)
        }
        #expect(try await store.statistics(asOf: Self.now) == before)
    }

    @Test func formatsAreToldByContentNotByName() throws {
        let folder = scratch()
        let json = folder.appendingPathComponent("looks-like.csv")
        try Data("  [ {\"id\": \"a\"} ]".utf8).write(to: json)
        #expect(try FeedFormat.detect(json) == .hsdsJSON)
        let xml = folder.appendingPathComponent("export.json")
        try Data("<?xml version=\"1.0\"?><Source xmlns=\"http://www.airs.org/schema/3_1/AIRS.xsd\"/>".utf8).write(to: xml)
        #expect(try FeedFormat.detect(xml) == .airsXML)
        let text = folder.appendingPathComponent("notes.json")
        try Data("hello".utf8).write(to: text)
        #expect(throws: FeedFormatError.self) { try FeedFormat.detect(text) }
        #expect(try FeedFormat.detect(Self.repository.appendingPathComponent("Fixtures/hsds-2x-sample")) == .hsdsCSV)
    }

    @Test func anHSDS2TabularDirectoryImports() async throws {
        let folder = scratch()
        let store = try store(folder)
        let report = try await ImportWorkflow(store: store).run(paths: [Self.repository.appendingPathComponent("Fixtures/hsds-2x-sample").path], now: Self.now)
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.summary.services.added > 0)
    }

    @Test func theDemoDirectoryLoadsOnceIntoAnEmptyStore() async throws {
        let folder = scratch()
        let store = try store(folder)
        let report = try #require(try await DemoDirectory.loadIfEmpty(store: store, installation: Self.installation, now: Self.now))
        #expect(report.errors.isEmpty)
        let stats = try await store.statistics(asOf: Self.now)
        #expect(stats.services >= 1_900 && stats.services <= 2_100)
        for domain in Domain.allCases { #expect((stats.servicesByDomain[domain] ?? 0) > 0, "no \(domain) services in the demo") }
        #expect(try await DemoDirectory.loadIfEmpty(store: store, installation: Self.installation, now: Self.now) == nil)
    }
}
