// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "sagetrain",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sage-server", targets: ["SageServer"]),
        .library(name: "SageAPI", targets: ["SageAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // libcrypto (OpenSSL) for SigV4's SHA-256 and HMAC.
        .systemLibrary(
            name: "CCrypto",
            path: "Sources/System/CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The AWS service model (trimmed), JSON values and constraint validation.
        .target(name: "ServiceModel", swiftSettings: swiftSettings),
        // AWS Signature Version 4: signing and verification.
        .target(
            name: "SigV4",
            dependencies: ["CCrypto"],
            swiftSettings: swiftSettings
        ),
        // The training-job domain: records, lifecycle state machine, container contract, backend protocol.
        .target(
            name: "TrainingJobs",
            dependencies: [
                "ServiceModel",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Launching and supervising local processes: sessions, merged output, signals, exit.
        .target(
            name: "LocalProcess",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The embedded backend: jobs as local processes.
        .target(
            name: "LocalBackend",
            dependencies: [
                "TrainingJobs", "LocalProcess", "ServiceModel",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP front: SageMaker's AWS JSON 1.1 protocol, the Logs subset and the /jobs alias.
        .target(
            name: "SageAPI",
            dependencies: [
                "ServiceModel", "SigV4", "TrainingJobs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The server executable: configuration at the edge, then run.
        .executableTarget(
            name: "SageServer",
            dependencies: [
                "SageAPI", "LocalBackend", "ServiceModel", "TrainingJobs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ServiceModelTests", dependencies: ["ServiceModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SigV4Tests", dependencies: ["SigV4"], resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
        .testTarget(name: "TrainingJobsTests", dependencies: ["TrainingJobs"], swiftSettings: swiftSettings),
        .testTarget(name: "LocalProcessTests", dependencies: ["LocalProcess"], swiftSettings: swiftSettings),
        .testTarget(name: "LocalBackendTests", dependencies: ["LocalBackend"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SageAPITests",
            dependencies: [
                "SageAPI", "LocalBackend",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
