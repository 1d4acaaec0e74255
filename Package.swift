// swift-tools-version:6.0
import PackageDescription

/// Swift 6 language mode (strict concurrency) everywhere; CI adds `-warnings-as-errors`.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Liaison",
    // macOS 15 is the first with what the code uses without availability checks: Synchronization's
    // Mutex and Atomic, and String(validating:as:). Nothing needs a later one.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "liaison", targets: ["liaison"]),
        .executable(name: "liaison-bench", targets: ["liaison-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // Already under Hummingbird; named because the admin server's connection limits use them.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The shared store for several instances (`store.url: postgres://…`).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // SHA-256 for the audit chain, Ed25519 for its checkpoints; already resolved under
        // postgres-nio, named here at the version Package.resolved pins.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // Latency percentiles in liaison-bench only.
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // C libraries from Debian, reached through pkg-config.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        // Workflow model, YAML loading, calendars, the engine, the audit chain's encoding and
        // hashing: pure, no IO, no clock (Crypto is the one C-backed library it computes with).
        .target(
            name: "LiaisonCore",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The only room that imports librdkafka.
        .target(
            name: "LiaisonKafka",
            dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Durable state: case states, timers, outbox, offsets, partition epochs.
        .target(
            name: "LiaisonStore",
            dependencies: ["CSQLite", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The same contract over PostgreSQL, for several instances sharing one store. Its own
        // target so that the SQLite store (and the fuzzing build) compile without NIO.
        .target(
            name: "LiaisonStorePostgreSQL",
            dependencies: [
                "LiaisonStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The daemon: consume → engine → store → outbox → publish; timers; rebalances.
        .target(
            name: "LiaisonRuntime",
            dependencies: [
                "LiaisonCore", "LiaisonKafka", "LiaisonStore", "LiaisonStorePostgreSQL", "LiaisonHTTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // What only `liaison dev` uses: the topics of the embedded cluster, the progress line and
        // the simulated departments of `--demo`. The daemon (`run`) never links it.
        .target(
            name: "LiaisonDev",
            dependencies: [
                "LiaisonCore", "LiaisonKafka", "LiaisonRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The admin HTTP surface: health, readiness, case and workflow views, Prometheus text.
        // It knows nothing of the runtime: the daemon hands it an `AdminSource`.
        .target(
            name: "LiaisonHTTP",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "liaison",
            dependencies: [
                "LiaisonCore", "LiaisonKafka", "LiaisonStore", "LiaisonStorePostgreSQL", "LiaisonRuntime", "LiaisonHTTP",
                "LiaisonDev",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "liaison-bench",
            dependencies: [
                "CRdKafka", "LiaisonCore", "LiaisonKafka", "LiaisonStore", "LiaisonRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strict
        ),

        // A throwaway PostgreSQL server for the tests of the rooms that need one.
        .target(name: "LiaisonTestSupport", path: "Tests/Support", swiftSettings: strict),
        .testTarget(name: "LiaisonCoreTests", dependencies: ["LiaisonCore"], swiftSettings: strict),
        .testTarget(name: "LiaisonKafkaTests", dependencies: ["LiaisonKafka"], swiftSettings: strict),
        .testTarget(
            name: "LiaisonStoreTests",
            dependencies: ["LiaisonStore", "LiaisonStorePostgreSQL", "LiaisonTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LiaisonHTTPTests",
            dependencies: [
                "LiaisonHTTP",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LiaisonRuntimeTests",
            dependencies: [
                "LiaisonRuntime", "LiaisonCore", "LiaisonKafka", "LiaisonStore", "LiaisonStorePostgreSQL", "LiaisonHTTP",
                "LiaisonTestSupport",
            ],
            swiftSettings: strict
        ),
    ]
)

// Fuzzing (`scripts/fuzz`, RELIABILITY.md). With LIAISON_FUZZ=1 the manifest becomes a reduced
// package of only the rooms whose parsers see untrusted bytes, plus the `LiaisonFuzz` harness,
// which libFuzzer drives. The configuration reader lives in LiaisonRuntime, whose other files
// need Kafka and Hummingbird: here `LiaisonRuntime` is its Configuration folder alone and
// `LiaisonHTTP` only the listen-address type that folder names, so that the sanitized build
// compiles no NIO. SwiftPM gives the executable its own `main`, which hands over to libFuzzer's
// driver (`LLVMFuzzerRunDriver`). The normal build never sees any of this.
if Context.environment["LIAISON_FUZZ"] == "1" {
    let kept: Set = ["CSQLite", "LiaisonCore", "LiaisonStore"]
    package.targets = package.targets.filter { kept.contains($0.name) } + [
        .target(name: "LiaisonHTTP", path: "Sources/LiaisonHTTP", sources: ["AdminServerConfiguration.swift"]),
        .target(
            name: "LiaisonRuntime",
            dependencies: ["LiaisonCore", "LiaisonHTTP", .product(name: "Yams", package: "Yams")],
            path: "Sources/LiaisonRuntime",
            sources: ["Configuration", "Support/RuntimeError.swift"]
        ),
        .target(name: "CLibFuzzer", path: "Fuzz/Sources/CLibFuzzer"),
        .executableTarget(
            name: "LiaisonFuzz",
            dependencies: ["CLibFuzzer", "LiaisonCore", "LiaisonStore", "LiaisonRuntime"],
            path: "Fuzz/Sources/LiaisonFuzz",
            swiftSettings: strict
        ),
    ]
    package.products = [.executable(name: "LiaisonFuzz", targets: ["LiaisonFuzz"])]
}
