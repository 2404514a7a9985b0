import DirectoryStore
import Foundation
import SwitchboardCore

enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqliteMemory
    case sqliteFile

    static var available: [StoreKind] { [.sqliteMemory, .sqliteFile] }

    var description: String { rawValue }

    func makeStore(domainMapping: DomainMapping = Fixtures.domainMapping) throws -> any DirectoryStore {
        switch self {
        case .sqliteMemory: try SQLiteDirectoryStore(path: nil, domainMapping: domainMapping)
        case .sqliteFile: try SQLiteDirectoryStore(path: Self.temporaryDatabasePath(), domainMapping: domainMapping)
        }
    }

    func makeRefreshingStore(domainMapping: DomainMapping = Fixtures.domainMapping) throws -> any DirectoryRefreshing {
        switch self {
        case .sqliteMemory: try SQLiteDirectoryStore(path: nil, domainMapping: domainMapping)
        case .sqliteFile: try SQLiteDirectoryStore(path: Self.temporaryDatabasePath(), domainMapping: domainMapping)
        }
    }

    /// A store that keeps referrals next to the directory they point at.
    func makeReferralStore(domainMapping: DomainMapping = Fixtures.domainMapping) throws -> any DirectoryStore & ReferralStore {
        switch self {
        case .sqliteMemory: try SQLiteDirectoryStore(path: nil, domainMapping: domainMapping)
        case .sqliteFile: try SQLiteDirectoryStore(path: Self.temporaryDatabasePath(), domainMapping: domainMapping)
        }
    }

    static func temporaryDatabasePath() throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-store-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("\(UUID().uuidString).sqlite").path
    }
}
