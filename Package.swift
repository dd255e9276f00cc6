// swift-tools-version:6.1
// EduCluster — one shared Swift core, three frontends.
//
// Layout (see docs/architecture.md): libraries live in `Modules/<Target>`, executables in
// `Apps/<name>`, tests in `Tests/<Target>Tests`. One `// MARK:` section per target, followed by
// its tests. Every target gets the same Swift settings (Swift 6 mode, upcoming features).

import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "EduCluster",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "educluster", targets: ["educluster"]),
    .executable(name: "educluster-server", targets: ["educluster-server"]),
    .executable(name: "educluster-tui", targets: ["educluster-tui"]),
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0", traits: []),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    // MARK: Localization — the interface languages: choosing one, the catalogs, messages made
    // with `tr`, local number, money and date formats. Depends on nothing of ours.
    .target(
      name: "Localization",
      path: "Modules/Localization",
      resources: [
        .embedInCode("Catalogs/ru.strings"),
        .embedInCode("Catalogs/uz.strings"),
        .embedInCode("Catalogs/uz-Cyrl.strings"),
      ]
    ),
    .testTarget(name: "LocalizationTests", dependencies: ["Localization"]),

    // MARK: Domain — entities, validation, the ledger chain. Depends only on Localization.
    .target(
      name: "Domain",
      dependencies: [
        "Localization",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      path: "Modules/Domain"
    ),
    .testTarget(name: "DomainTests", dependencies: ["Localization", "Domain", "DemoData"]),

    // MARK: DemoData — the embedded, deterministic demo cluster as domain values.
    .target(name: "DemoData", dependencies: ["Domain"], path: "Modules/DemoData"),
    .testTarget(name: "DemoDataTests", dependencies: ["DemoData", "Domain"]),

    // MARK: TestSupport — what the test suites share: folders, the demo database, built
    // binaries, running a process, the seeded generator. Tests only.
    .target(
      name: "TestSupport", dependencies: ["AppCore", "DemoData", "Storage", "SQLiteStore", "PostgresStore"],
      path: "Tests/TestSupport"),

    // MARK: Storage — the storage interface both stores implement, and their errors.
    .target(name: "Storage", dependencies: ["Localization", "Domain"], path: "Modules/Storage"),

    .testTarget(
      name: "StorageTests",
      dependencies: ["Storage", "Domain", "DemoData", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),

    // MARK: RelationalSchema — the tables both stores share: how records map onto rows and
    // the schema's DDL, written once. Only the two stores import it.
    .target(name: "RelationalSchema", dependencies: ["Domain"], path: "Modules/RelationalSchema"),

    // MARK: SQLiteStore — the embedded store: the only module that sees GRDB.
    .target(
      name: "SQLiteStore",
      dependencies: [
        "Localization",
        "Domain",
        "RelationalSchema",
        "Storage",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      path: "Modules/SQLiteStore"
    ),
    .testTarget(
      name: "SQLiteStoreTests",
      dependencies: ["SQLiteStore", "Storage", "Domain", "DemoData", .product(name: "GRDB", package: "GRDB.swift")]
    ),

    // MARK: PostgresStore — the same registry on a PostgreSQL server (postgres-nio), for
    // several servers on one database.
    .target(
      name: "PostgresStore",
      dependencies: [
        "Localization",
        "Domain",
        "RelationalSchema",
        "Storage",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Modules/PostgresStore"
    ),

    .testTarget(
      name: "PostgresStoreTests",
      dependencies: [
        "PostgresStore", "Storage", "TestSupport", "Domain", "Localization",
        .product(name: "NIOCore", package: "swift-nio"),
      ]),

    // MARK: Transparency — RFC 9162 Merkle trees and proofs, Ed25519 signed notes and C2SP
    // checkpoints, for the funding ledger. Pure; Crypto only.
    .target(
      name: "Transparency", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
      path: "Modules/Transparency"),
    .testTarget(name: "TransparencyTests", dependencies: ["Transparency"]),

    // MARK: Analytics — pure, deterministic analyses over domain values. Domain only.
    .target(name: "Analytics", dependencies: ["Domain", "Localization"], path: "Modules/Analytics"),
    .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "Domain", "Localization", "TestSupport"]),
    .executableTarget(name: "matching-bench", dependencies: ["Analytics", "DemoData"], path: "Tools/MatchingBench"),

    // MARK: Interchange — CSV, JSON and XLSX readers and writers. Domain only, plus ZIPFoundation
    // for the workbook's container (its XML goes through Foundation's libxml2-backed XMLParser).
    .target(
      name: "Interchange",
      dependencies: ["Domain", "Localization", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
      path: "Modules/Interchange"),
    .testTarget(
      name: "InterchangeTests",
      dependencies: [
        "Interchange", "Domain", "Localization", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      exclude: ["Fixtures"]),

    // MARK: AppCore — the use cases every frontend shares.
    .target(
      name: "AppCore",
      dependencies: [
        "Localization",
        "Domain",
        "Storage",
        "SQLiteStore",
        "PostgresStore",
        "Interchange",
        "Analytics",
        "DemoData",
        "Transparency",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      path: "Modules/AppCore"
    ),
    .testTarget(
      name: "AppCoreTests",
      dependencies: [
        "Localization", "AppCore", "Analytics", "DemoData", "Domain", "Interchange", "Presentation", "TestSupport",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]),

    // MARK: Presentation — how results look to people: text tables and display width, the one
    // number/money/percent formatter, and the HTML pages (report, dashboard) from Mustache
    // templates compiled into the binary. Above the use cases; frontends use it.
    .target(
      name: "Presentation",
      dependencies: [
        "Localization",
        "AppCore",
        "Analytics",
        "Domain",
        "Interchange",
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      path: "Modules/Presentation",
      resources: [
        .embedInCode("Templates/bar-chart.mustache"),
        .embedInCode("Templates/dashboard-layout.mustache"),
        .embedInCode("Templates/dashboard-login.mustache"),
        .embedInCode("Templates/dashboard-overview.mustache"),
        .embedInCode("Templates/dashboard-refused.mustache"),
        .embedInCode("Templates/dashboard.css"),
        .embedInCode("Templates/line-chart.mustache"),
        .embedInCode("Templates/organization.mustache"),
        .embedInCode("Templates/report.css"),
        .embedInCode("Templates/report.mustache"),
        .embedInCode("Templates/table.mustache"),
      ]
    ),
    .testTarget(
      name: "PresentationTests",
      dependencies: ["Presentation", "AppCore", "Analytics", "Domain", "Interchange", "TestSupport"]),

    // MARK: AppShell — what the three programs share: the database option, one-line errors and exit codes.
    .target(
      name: "AppShell",
      dependencies: [
        "Localization", "AppCore", "Domain", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Modules/AppShell"
    ),

    // MARK: educluster — the CLI for analysts.
    .executableTarget(
      name: "educluster",
      dependencies: [
        "Localization",
        "AppCore",
        "AppShell",
        "Analytics",
        "Domain",
        "Presentation",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Apps/educluster"
    ),
    .testTarget(
      name: "EduclusterCLITests", dependencies: ["educluster", "TestSupport"], path: "Tests/EduclusterCLITests"),

    // MARK: HTTPAPI — the REST API, its OpenAPI document, auth, metrics and the dashboard.
    .target(
      name: "HTTPAPI",
      dependencies: [
        "Localization",
        "AppCore",
        "Analytics",
        "Domain",
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        "Presentation",
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "OpenAPIKit", package: "OpenAPIKit"),
      ],
      path: "Modules/HTTPAPI"
    ),
    .testTarget(
      name: "HTTPAPITests",
      dependencies: [
        "HTTPAPI",
        "AppCore",
        "Analytics",
        "Domain",
        "TestSupport",
        "educluster",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),

    // MARK: educluster-server — the HTTP server for integrators.
    .executableTarget(
      name: "educluster-server",
      dependencies: [
        "HTTPAPI",
        "AppCore",
        "AppShell",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Apps/educluster-server"
    ),

    // MARK: CNCurses — ncursesw as a system library (module map and shim). Only TerminalNCurses imports it.
    .systemLibrary(name: "CNCurses", path: "Modules/CNCurses"),

    // MARK: TerminalUI — screens, widgets, keys and the TUI's state machine over a `Screen`. No C.
    .target(
      name: "TerminalUI",
      dependencies: ["Localization", "AppCore", "Analytics", "Domain", "Presentation", "Storage"],
      path: "Modules/TerminalUI"
    ),
    .testTarget(
      name: "TerminalUITests",
      dependencies: ["TerminalUI", "Localization", "AppCore", "Analytics", "Domain", "Presentation", "TestSupport"]),

    // MARK: TerminalNCurses — the `Screen` on a real terminal, through CNCurses.
    .target(
      name: "TerminalNCurses",
      dependencies: ["CNCurses", "TerminalUI"],
      path: "Modules/TerminalNCurses"
    ),

    // MARK: educluster-tui — the terminal UI for coordinators.
    .executableTarget(
      name: "educluster-tui",
      dependencies: [
        "AppCore",
        "AppShell",
        "Localization",
        "TerminalUI",
        "TerminalNCurses",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Apps/educluster-tui"
    ),
    .testTarget(
      name: "EduclusterTUITests",
      dependencies: ["educluster-tui", "educluster", "TestSupport"],
      path: "Tests/EduclusterTUITests"
    ),
  ],
  swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system {
  target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
