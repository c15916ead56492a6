// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The system's shared libcurl, or with SAGETRAIN_MINIMAL_LIBCURL=1 `libcurl-minimal.a`: an HTTP- and HTTPS-only
/// static build of the same version with 128 KiB body pieces (scripts/build-minimal-libcurl.sh, which prints the
/// `-Xlinker -L<dir>` to add), for release builds of the `s3` command, which then start ~5 ms faster (none of the
/// ~30 libraries Debian's libcurl loads) and copy each downloaded byte once less.
let curlLinkerSettings: [LinkerSetting] =
    Context.environment["SAGETRAIN_MINIMAL_LIBCURL"] == "1"
    ? ["curl-minimal", "ssl", "crypto", "z", "pthread"].map { .linkedLibrary($0) }
    : [.linkedLibrary("curl")]

let package = Package(
    name: "sagetrain",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sage-server", targets: ["SageServer"]),
        .library(name: "SageAPI", targets: ["SageAPI"]),
        .executable(name: "trainer", targets: ["Trainer"]),
        .executable(name: "s3", targets: ["S3Command"]),
        .executable(name: "sage-runtime", targets: ["SageRuntime"]),
        .library(name: "S3Client", targets: ["S3Client"]),
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
                "SageAPI", "LocalBackend", "KubeBackend", "KubernetesClient", "ServiceModel", "TrainingJobs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // zlib, for gzip'd MNIST IDX files.
        .systemLibrary(
            name: "CZlib",
            path: "Sources/System/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libpng and libjpeg(-turbo), for imagefolder data sets.
        .systemLibrary(
            name: "CPNG",
            path: "Sources/System/CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        .systemLibrary(
            name: "CJPEG",
            path: "Sources/System/CJPEG",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"])]
        ),
        // PNG and JPEG decoding in C (libjpeg reports fatal errors by longjmp, which Swift cannot catch).
        .target(name: "CImageCodec", dependencies: ["CPNG", "CJPEG"]),
        // A thin C boundary over Debian's libtorch 1.13 (apt libtorch-dev, libgloo-dev). `torch-api-include` is a
        // committed relative symlink to /usr/include/torch/csrc/api/include (absolute header paths are rejected and
        // unsafe compiler flags would make the package unusable as a dependency); its many `..` make it independent of where
        // the package is checked out. Only the trainer links libtorch, never the server.
        .target(
            name: "CTorch",
            exclude: ["torch-api-include"],
            cxxSettings: [.headerSearchPath("torch-api-include"), .define("USE_C10D_GLOO")],
            linkerSettings: [.linkedLibrary("torch_cpu"), .linkedLibrary("c10"), .linkedLibrary("m")]
        ),
        // The `trainer` executable: the CNN trainer that runs inside a job and speaks SageMaker's container contract.
        .executableTarget(
            name: "Trainer", dependencies: ["CTorch", "CZlib", "CImageCodec", "CCrypto"], swiftSettings: swiftSettings
        ),
        // libcurl, behind non-variadic C wrappers (Swift cannot call curl_easy_setopt's varargs).
        .target(name: "CCurl", path: "Sources/System/CCurl", linkerSettings: curlLinkerSettings),
        // libxml2, for S3's XML.
        .systemLibrary(
            name: "CXML2",
            path: "Sources/System/CXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // HTTP over libcurl on dedicated threads: connection reuse, TLS, proxies, streamed bodies. Shared by S3 and Kubernetes.
        .target(
            name: "HTTPTransport",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // S3's XML documents through libxml2, with hostile input refused.
        .target(name: "S3XML", dependencies: ["CXML2"], swiftSettings: swiftSettings),
        // Our S3 client: credentials, SigV4, retries, streamed and multipart transfers.
        .target(
            name: "S3Client",
            dependencies: [
                "HTTPTransport", "S3XML", "SigV4", "CCrypto",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The `s3` command: cp, ls, sync, rm between local paths and s3:// URIs.
        .executableTarget(
            name: "S3Command",
            dependencies: [
                "S3Client",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // A job's own runtime: stages input channels, syncs checkpoints, packages and uploads the outputs.
        .target(
            name: "JobRuntime",
            dependencies: [
                "S3Client", "S3XML", "TrainingJobs", "ServiceModel", "CZlib",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The `sage-runtime` executable the backends run around the algorithm (a process, or a pod's containers).
        .executableTarget(
            name: "SageRuntime",
            dependencies: [
                "JobRuntime", "TrainingJobs", "KubernetesClient", "ServiceModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // A Kubernetes API client over the same libcurl transport: kubeconfig / in-cluster config, typed resources,
        // watches that resume and re-list.
        .target(
            name: "KubernetesClient",
            dependencies: ["HTTPTransport", "ServiceModel", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The Kubernetes backend: each training job as Kubernetes objects (per-host Jobs, a headless Service, a
        // ConfigMap), status from watches.
        .target(
            name: "KubeBackend",
            dependencies: [
                "KubernetesClient", "TrainingJobs", "ServiceModel", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "S3XMLTests", dependencies: ["S3XML"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "S3ClientTests",
            dependencies: [
                "S3Client", "S3XML", "SigV4", "HTTPTransport", .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: swiftSettings),
        // The tests' local Kubernetes control plane (scripts/kube), shared by the Kubernetes test targets.
        .target(
            name: "KubeTestSupport", dependencies: ["KubernetesClient"], path: "Tests/KubeTestSupport",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KubernetesClientTests", dependencies: ["KubernetesClient", "HTTPTransport", "KubeTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KubeBackendTests",
            dependencies: ["KubeBackend", "KubernetesClient", "TrainingJobs", "ServiceModel", "KubeTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KubePlatformTests",
            dependencies: [
                "SageAPI", "KubeBackend", "KubernetesClient", "KubeTestSupport", "TrainingJobs", "ServiceModel",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "JobRuntimeTests", dependencies: ["JobRuntime"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SageRuntimeTests",
            dependencies: ["JobRuntime", "KubernetesClient", "ServiceModel", "KubeTestSupport"],
            swiftSettings: swiftSettings),
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
        .testTarget(
            name: "CTorchTests", dependencies: ["CTorch"], exclude: ["Python"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TrainerTests", dependencies: ["Trainer", "CImageCodec", "CZlib"], exclude: ["Python"],
            swiftSettings: swiftSettings),
    ]
)
