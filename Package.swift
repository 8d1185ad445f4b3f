// swift-tools-version:6.1
import PackageDescription

// Upcoming features shared by every Swift target, so the whole package reads alike.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// The engine is compiled optimised even in debug builds: a debug engine is 10–100× slower,
// which would make every test that runs the model crawl.
let engineSwiftSettings: [SwiftSetting] = swiftSettings + [
    .unsafeFlags(["-O"]),
]

let package = Package(
    name: "lumos-fleet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lumos-worker", targets: ["lumos-worker"]),
        .executable(name: "lumos-submit", targets: ["lumos-submit"]),
        // Libraries for the fuzzing package in Fuzz/, which depends on this package by path.
        .library(name: "AgentCore", targets: ["AgentCore"]),
        .library(name: "Maths", targets: ["Maths"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "LumosCLI", targets: ["LumosCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C system libraries (Debian -dev packages).
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // SIMD kernels for the engine, with runtime CPU dispatch.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O3"])]
        ),
        // The CPU inference engine: GGUF, tokenizers, LLaMA and Gemma 3 forward passes, sampling.
        .target(
            name: "Engine",
            dependencies: ["CKernels", "LumosBase"],
            swiftSettings: engineSwiftSettings
        ),

        // The policies every target shares: one capped, jittered backoff, one error template.
        .target(name: "LumosBase", swiftSettings: swiftSettings),

        // Redis task queue over hiredis.
        .target(
            name: "Queue",
            dependencies: ["CHiredis", "LumosBase"],
            swiftSettings: swiftSettings
        ),
        // Due delayed/retry tasks, expired leases, batch bookkeeping.
        .target(
            name: "Scheduler",
            dependencies: ["Queue", "LumosBase", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The exact maths engine behind the agent's maths tools: big rationals, parser, evaluator,
        // equation and inequality solvers, formatted like Wolfram Alpha's plaintext.
        .target(
            name: "Maths",
            dependencies: ["LumosBase"],
            swiftSettings: swiftSettings
        ),
        // The Lumos agent: prompts, parser, tools, scoring, trajectory, model backends, and the
        // wire formats (task payload, result event) that submitters and workers share.
        .target(
            name: "AgentCore",
            dependencies: ["Engine", "Maths", "CCurl", "LumosBase"],
            swiftSettings: swiftSettings
        ),
        // SQLite trajectory store, aggregation, reports, mining, offline knowledge base.
        .target(
            name: "ResultStore",
            dependencies: ["CSQLite", "AgentCore", "LumosBase"],
            swiftSettings: swiftSettings
        ),
        // The worker service: slots, heartbeats, timeouts, shutdown, results.
        .target(
            name: "Worker",
            dependencies: [
                "Queue", "Scheduler", "AgentCore", "ResultStore", "LumosBase",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // What both executables share: the option groups, the one reader of LUMOS_* variables
        // (flag, else variable, else default), enum flag parsing, JSON and progress output.
        .target(
            name: "LumosCLI",
            dependencies: [
                "Queue", "AgentCore", "Engine", "ResultStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "lumos-worker",
            dependencies: [
                "LumosCLI", "Worker", "Queue", "AgentCore", "Engine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The fleet console: a web server for queues, batches, workers, trajectories and review.
        .target(
            name: "Console",
            dependencies: [
                "Queue", "AgentCore", "ResultStore", "LumosBase",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "lumos-submit",
            dependencies: [
                "LumosCLI", "Queue", "AgentCore", "ResultStore", "LumosBase", "Console",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // Test fixtures: a real redis-server, the repository's test data and model path, the built
        // binaries, polling, and test doubles (the scripted model).
        .target(
            name: "TestSupport",
            dependencies: ["Queue", "AgentCore"],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "QueueTests", dependencies: ["Queue", "Scheduler", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "MathsTests", dependencies: ["Maths", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "AgentCoreTests", dependencies: ["AgentCore", "Engine", "Maths", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "ResultStoreTests", dependencies: ["ResultStore", "AgentCore", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "LumosCLITests", dependencies: ["LumosCLI", "Queue", "AgentCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LumosBaseTests", dependencies: ["LumosBase"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ConsoleTests",
            dependencies: ["Console", "Queue", "AgentCore", "ResultStore", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WorkerTests",
            dependencies: ["Worker", "Queue", "AgentCore", "ResultStore", "TestSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
