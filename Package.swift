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
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The language of the domain: value types only, Foundation only.
        .target(name: "SwitchboardCore", swiftSettings: strictness),
        // The store protocol and its SQLite implementation.
        .target(
            name: "DirectoryStore",
            dependencies: ["SwitchboardCore", .product(name: "GRDB", package: "GRDB.swift")],
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
        // What the CLI and the server do: import, export, the demo directory, finding Directory/.
        .target(
            name: "Workflows",
            dependencies: ["SwitchboardCore", "DirectoryStore", "FeedImport", "DirectoryGenerator"],
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardCore", "DirectoryStore", "PostgresStore", "FeedImport", "DirectoryGenerator", "Workflows", "Referrals",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "WorkflowsTests",
            dependencies: ["Workflows", "SwitchboardCore", "DirectoryStore", "FeedImport", "DirectoryGenerator"],
            swiftSettings: strictness
        ),
        // Runs the built executable: exit codes, output, progress lines.
        .testTarget(name: "SwitchboardCLITests", dependencies: ["switchboard"], swiftSettings: strictness),
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
            dependencies: ["Referrals", "DirectoryStore", "SwitchboardCore"],
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
