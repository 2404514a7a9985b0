import Foundation
import Testing

/// schemathesis against a live server (Tests/contract/run-schemathesis.sh): the HSDS endpoints
/// against the HSDS 3.1 document, ours against /openapi.json; no server error, no response that
/// breaks its schema. It needs Python's schemathesis and a few minutes, so it runs when
/// `.ci/run` asks for it.
@Suite struct ContractTests {
    static let enabled = ProcessInfo.processInfo.environment["SWITCHBOARD_CONTRACT_TESTS"] == "1"

    @Test(.enabled(if: enabled, "schemathesis contract tests are off: set SWITCHBOARD_CONTRACT_TESTS=1 (.ci/run does) to run them"))
    func schemathesisFindsNoServerErrorAndNoResponseBreakingItsSchema() throws {
        let executable = try #require(CLITests.executable, "the switchboard executable was not built next to the tests")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", CLITests.repository.appendingPathComponent("Tests/contract/run-schemathesis.sh").path]
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHBOARD_BIN"] = executable.path
        process.environment = environment
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("schemathesis-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "schemathesis found problems:\n\(log.suffix(12_000))")
    }
}
