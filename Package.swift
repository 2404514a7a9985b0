// swift-tools-version: 6.1
import PackageDescription

let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The language of the domain: value types only, Foundation only.
        .target(name: "SwitchboardCore", swiftSettings: strictness),
        // JSON text written straight from `encode(to:)`, for stored records and API responses,
        // and read by hand for request bodies read thousands of times a second (a client profile).
        .target(name: "JSONText", dependencies: ["SwitchboardCore"], swiftSettings: strictness),
        // The store protocol and its SQLite implementation.
        .target(
            name: "DirectoryStore",
            dependencies: [
                "SwitchboardCore", "JSONText", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API beside GRDB, for the one read that steps through rows by hand (the refresh's ledger).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictness
        ),
        // The same store protocols on PostgreSQL, for several server instances on one database.
        .target(
            name: "PostgresStore",
            dependencies: [
                "SwitchboardCore", "DirectoryStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        // libxml2, for streaming AIRS XML feeds.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Readers and writers of provider feeds (HSDS JSON, NDJSON, CSV; AIRS XML).
        .target(name: "FeedImport", dependencies: ["SwitchboardCore", "CLibXML2"], swiftSettings: strictness),
        // Realistic directories from a seed, for the demo, tests and benchmarks.
        .target(name: "DirectoryGenerator", dependencies: ["SwitchboardCore"], swiftSettings: strictness),
        // Referral commands, consent checks, timers and the sweep, worklists, outcome statistics, FHIR export.
        .target(name: "Referrals", dependencies: ["SwitchboardCore", "DirectoryStore"], swiftSettings: strictness),
        // The in-memory index snapshot, coordinator search and client matching: no SQL, HTTP or XML.
        .target(name: "Matching", dependencies: ["SwitchboardCore"], swiftSettings: strictness),
        // What the CLI and the server do: import, export, the demo directory, finding Directory/.
        .target(
            name: "Workflows",
            dependencies: ["SwitchboardCore", "DirectoryStore", "FeedImport", "DirectoryGenerator", "Matching"],
            swiftSettings: strictness
        ),
        // The HTTP server: the HSDS API, our API, accounts and access rules, the web app. No business rules.
        .target(
            name: "SwitchboardServer",
            dependencies: [
                "SwitchboardCore", "DirectoryStore", "FeedImport", "Workflows", "Referrals", "Matching", "JSONText",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardCore", "DirectoryStore", "PostgresStore", "FeedImport", "DirectoryGenerator", "Workflows", "Referrals", "Matching",
                "SwitchboardServer",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                // `bench matching --postgres` answers the same searches with plain SQL, side by side.
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "WorkflowsTests",
            dependencies: ["Workflows", "SwitchboardCore", "DirectoryStore", "FeedImport", "DirectoryGenerator", "JSONText"],
            swiftSettings: strictness
        ),
        // Runs the built executable: exit codes, output, progress lines.
        // The multi-instance test also opens the shared PostgreSQL database to set up and observe.
        .testTarget(
            name: "SwitchboardCLITests",
            dependencies: ["switchboard", "DirectoryStore", "PostgresStore", "Referrals", "SwitchboardCore"],
            swiftSettings: strictness
        ),
        .testTarget(name: "SwitchboardCoreTests", dependencies: ["SwitchboardCore"], swiftSettings: strictness),
        .testTarget(
            name: "DirectoryStoreTests",
            dependencies: ["DirectoryStore", "PostgresStore", "SwitchboardCore"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "FeedImportTests",
            dependencies: ["FeedImport", "SwitchboardCore", "DirectoryStore"],
            resources: [.copy("Resources")],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "ReferralsTests",
            dependencies: ["Referrals", "DirectoryStore", "PostgresStore", "SwitchboardCore"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SwitchboardServerTests",
            dependencies: [
                "SwitchboardServer", "SwitchboardCore", "DirectoryStore", "Referrals", "Workflows", "DirectoryGenerator", "Matching", "JSONText",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "MatchingTests",
            dependencies: ["Matching", "SwitchboardCore", "DirectoryGenerator", "FeedImport", "Workflows", "DirectoryStore"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "DirectoryGeneratorTests",
            dependencies: ["DirectoryGenerator", "SwitchboardCore"],
            swiftSettings: strictness
        ),
    ],
    swiftLanguageModes: [.v6]
)
