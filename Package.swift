// swift-tools-version: 6.1
import PackageDescription

// Stages depend one way only:
//   KernelSim <- KmemCore <- {MarkdownRender, KmemQuestions} <- KmemContent <- KmemSite <- KmemCLI <- kmemguide
//   KernelSim <- KmemCore <- KmemQuestions <- {KmemQuiz, KmemBank, KmemSite} <- KmemCLI
//   KmemCore <- KmemBuiltIn (content/, templates/, captures compiled in) <- KmemCLI
//   KmemContent <- KmemScenario (`sim run`'s scenarios, size arguments) <- KmemCLI
// KmemContent's `Library` is the only code that knows the layout of content/.
// KernelSim (the simulator) depends on nothing of ours; MarkdownRender is the only target that
// talks to libcmark (through CCmark) and keeps its C types private.
let package = Package(
    name: "kmemguide",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kmemguide", targets: ["kmemguide"]),
        .library(name: "KernelSim", targets: ["KernelSim"]),
        // For the fuzz targets in Fuzz/ (a package of their own), which reach the parsers. Not
        // KmemCLI: through KmemBuiltIn its build plugin's tool would be built with libFuzzer too.
        .library(name: "KmemLibraries", targets: ["KernelSim", "KmemCore", "MarkdownRender", "KmemContent", "KmemQuestions", "KmemQuiz", "KmemScenario"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(name: "KernelSim"),
        .target(name: "KmemCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        .systemLibrary(name: "CCmark", path: "Sources/CCmark", pkgConfig: "libcmark",
                       providers: [.apt(["libcmark-dev"])]),
        .target(name: "MarkdownRender", dependencies: ["CCmark", "KmemCore"]),
        .target(name: "KmemContent", dependencies: ["KernelSim", "KmemCore", "MarkdownRender", "KmemQuestions"]),
        // content/, templates/ and verify/captures/ compiled into the binary (see Plugins/EmbedFiles).
        .executableTarget(name: "kmemguide-embed"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["kmemguide-embed"]),
        .target(name: "KmemBuiltIn", dependencies: ["KmemCore"], plugins: ["EmbedFiles"]),
        // SQLite for Anki's collection format (the .apkg export); only KmemBank uses it.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "KmemQuestions", dependencies: ["KernelSim", "KmemCore"]),
        .target(name: "KmemQuiz", dependencies: ["KmemQuestions", "KmemCore"]),
        .target(name: "KmemBank", dependencies: ["KmemQuestions", "KmemCore", "CSQLite"]),
        .target(name: "KmemSite", dependencies: [
            "KmemCore", "KmemContent", "MarkdownRender", "KmemQuestions", "KmemBank",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "KmemScenario", dependencies: ["KernelSim", "KmemCore", "KmemContent"]),
        .target(name: "KmemCLI", dependencies: [
            "KernelSim", "KmemCore", "KmemContent", "KmemSite", "KmemQuestions", "KmemQuiz", "KmemBank", "KmemBuiltIn", "KmemScenario",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "kmemguide", dependencies: ["KmemCLI"]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "KernelSimTests", dependencies: ["KernelSim"]),
        .testTarget(name: "KmemCoreTests", dependencies: ["KmemCore", "TestSupport"]),
        .testTarget(name: "MarkdownRenderTests", dependencies: ["MarkdownRender"]),
        .testTarget(name: "KmemContentTests", dependencies: ["KmemContent", "KernelSim", "KmemCore", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "KmemSiteTests", dependencies: ["KmemSite", "KmemContent", "KmemCore", "KmemQuestions", "TestSupport"],
                    exclude: ["Fixtures", "Golden"]),
        .testTarget(name: "KmemQuestionsTests", dependencies: ["KmemQuestions", "KernelSim", "KmemCore", "TestSupport"]),
        .testTarget(name: "KmemQuizTests", dependencies: ["KmemQuiz", "KmemQuestions", "KmemCore", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "KmemBankTests", dependencies: ["KmemBank", "KmemQuestions", "KmemCore", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "KmemScenarioTests", dependencies: ["KmemScenario", "KmemCore"]),
        .testTarget(name: "KmemCLITests", dependencies: ["KmemCLI", "KmemCore", "KmemBuiltIn", "TestSupport"]),
    ]
)
