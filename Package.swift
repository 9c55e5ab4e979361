// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Atrium",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "atrium", targets: ["atrium"]),
        .library(name: "AtriumCore", targets: ["AtriumCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        .target(
            name: "AtriumCore",
            dependencies: ["CLibGit2", "CLibYAML"]
        ),
        .executableTarget(
            name: "atrium",
            dependencies: [
                "AtriumCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "AtriumCoreTests",
            dependencies: ["AtriumCore"]
        ),
        .testTarget(
            name: "AtriumCLITests",
            dependencies: ["atrium", "AtriumCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
