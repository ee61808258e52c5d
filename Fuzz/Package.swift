// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets, one per parser of kmemguide (issue 14). Kept out of the main package:
// they are built with `--sanitize=fuzzer`, which the main build and tests must not need.
// Build and run them all with `bash Fuzz/run.sh SECONDS`.
let deps: [Target.Dependency] = [.product(name: "KmemLibraries", package: "kmemguide")]
let package = Package(
    name: "KmemFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "kmemguide", path: "..")],
    targets: [
        .executableTarget(name: "FuzzPage", dependencies: deps),
        .executableTarget(name: "FuzzQuestions", dependencies: deps),
        .executableTarget(name: "FuzzScenario", dependencies: deps),
        .executableTarget(name: "FuzzProgress", dependencies: deps),
        .executableTarget(name: "FuzzFacts", dependencies: deps),
        .executableTarget(name: "FuzzSizes", dependencies: deps)
    ]
)
