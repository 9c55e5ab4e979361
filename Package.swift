// swift-tools-version:6.0
import PackageDescription

/// The upcoming language features every target adopts, as Hummingbird 2 does.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Atrium",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "atrium", targets: ["atrium"]),
        .library(name: "AtriumCore", targets: ["AtriumCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Already in the graph through Hummingbird; declared because the server and the
        // controller name its types (HTTPField.Name) themselves.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Already in the graph through swift-subprocess, whose paths (FilePath) the tests' runner names.
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CLibQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // Pure Swift: the model, decoding of YAML nodes, validation, access, planning, factory
        // links, formatting. No C library, no I/O, no clock.
        .target(
            name: "AtriumCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // The libyaml reader: bytes to Core's YAML nodes with locations.
        .target(
            name: "AtriumYAML",
            dependencies: ["AtriumCore", "CLibYAML"],
            swiftSettings: strictSettings
        ),
        // libgit2: sources at a revision, the desired-state loader, provenance.
        .target(
            name: "AtriumGit",
            dependencies: ["AtriumCore", "AtriumYAML", "CLibGit2", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // The onboarding page, QR codes (libqrencode) and PNG.
        .target(
            name: "AtriumOnboarding",
            dependencies: ["AtriumCore", "CLibQREncode"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AtriumServer",
            dependencies: [
                "AtriumCore",
                "AtriumYAML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AtriumClient",
            dependencies: [
                "AtriumCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The long-running controller: pulls git, reconciles on a timer and on webhooks, serves
        // health, status and Prometheus metrics, and elects one leader through PostgreSQL.
        .target(
            name: "AtriumReconcile",
            dependencies: [
                "AtriumCore",
                "AtriumYAML",
                "AtriumGit",
                "AtriumClient",
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AtriumController",
            dependencies: [
                "AtriumCore",
                "AtriumGit",
                "AtriumClient",
                "AtriumReconcile",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "atrium",
            dependencies: [
                "AtriumCore",
                "AtriumYAML",
                "AtriumGit",
                "AtriumOnboarding",
                "AtriumClient",
                "AtriumReconcile",
                "AtriumServer",
                "AtriumController",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AtriumTestSupport",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Tests/Support",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AtriumTestSupportTests",
            dependencies: ["AtriumTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AtriumCoreTests",
            dependencies: ["AtriumCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AtriumYAMLTests",
            dependencies: ["AtriumCore", "AtriumYAML", "AtriumTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AtriumOnboardingTests",
            dependencies: ["AtriumOnboarding"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AtriumGitTests",
            dependencies: ["AtriumCore", "AtriumYAML", "AtriumGit", "AtriumTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AtriumClientTests",
            dependencies: [
                "AtriumClient", "AtriumReconcile", "AtriumCore", "AtriumServer", "AtriumYAML", "AtriumGit",
                "AtriumTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CoderFidelityTests",
            dependencies: ["atrium", "AtriumTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AtriumControllerTests",
            dependencies: [
                "atrium", "AtriumController", "AtriumCore", "AtriumGit", "AtriumTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AtriumServerTests",
            dependencies: [
                "AtriumServer", "AtriumCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AtriumCLITests",
            dependencies: ["atrium", "AtriumCore", "AtriumYAML", "AtriumTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "atrium", "AtriumCore", "AtriumYAML", "AtriumServer", "AtriumTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
