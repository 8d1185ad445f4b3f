// swift-tools-version:6.1
import Foundation
import PackageDescription

// libFuzzer targets, kept out of the root package so the normal build is not slowed.
// Build: swift build -c debug --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -O
// Run:   ops/fuzz [SECONDS]

// A path dependency's identity is its directory name, which differs between worktrees.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: rootIdentity) },
        swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
    )
}

let package = Package(
    name: "lumos-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        fuzzTarget("FuzzActionParser", ["AgentCore"]),
        fuzzTarget("FuzzMaths", ["Maths"]),
        fuzzTarget("FuzzGGUF", ["Engine"]),
        fuzzTarget("FuzzTaskFile", ["AgentCore"]),
        fuzzTarget("FuzzFlagNumbers", ["LumosCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
