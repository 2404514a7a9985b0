import Foundation
import Testing

@Suite struct UsersCommandTests {
    let cli = CLITests()

    @Test func theFirstAdministratorIsAddedFromTheCommandLine() throws {
        let folder = cli.scratch()
        let short = try cli.run(["users", "add", "--role", "administrator", "--username", "admin", "--organization", "ops"], in: folder,
            environment: ["SWITCHBOARD_PASSWORD": "short"])
        #expect(short.status == 64, "\(short.errors)")
        let added = try cli.run(["users", "add", "--role", "administrator", "--username", "admin", "--organization", "ops"], in: folder,
            environment: ["SWITCHBOARD_PASSWORD": "a long enough passphrase"])
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.contains("Added administrator admin"))
        let again = try cli.run(["users", "add", "--role", "coordinator", "--username", "ADMIN", "--organization", "ops"], in: folder,
            environment: ["SWITCHBOARD_PASSWORD": "a long enough passphrase"])
        #expect(again.status == 1)
        let list = try cli.run(["users", "list"], in: folder)
        #expect(list.output.contains("admin  administrator  ops"))
    }
}
