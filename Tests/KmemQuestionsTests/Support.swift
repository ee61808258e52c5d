import Foundation
import TestSupport
import KmemQuestions
import KmemCore

/// Paths of the real content, found from this file (Tests/KmemQuestionsTests/…).
enum Paths {
    static let testsDir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static let packageRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let content = packageRoot.appendingPathComponent("content")
    static let seeds = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")

    /// The page slugs: folders of content/pages that hold an en.md.
    static var topics: Set<String> {
        let pages = content.appendingPathComponent("pages")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pages.path)) ?? []
        return Set(names.filter { FileManager.default.fileExists(atPath: pages.appendingPathComponent("\($0)/en.md").path) })
    }
}

/// A temporary content folder with the given files (relative path → text), removed by `cleanup`.
struct TempContent {
    let url: URL
    init(_ files: [String: String]) throws {
        url = TestFolders.root.appendingPathComponent("kmemq-\(UUID().uuidString)/content", isDirectory: true)
        for (rel, text) in files {
            let f = url.appendingPathComponent(rel)
            try FileManager.default.createDirectory(at: f.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: f)
        }
        try FileManager.default.createDirectory(at: url.appendingPathComponent("questions"), withIntermediateDirectories: true)
    }
    func cleanup() { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
}
