import Foundation
import Testing
@testable import KmemSite
import KmemCore

/// "Last updated" (issue 16): dates come from content/updated.yaml, never from running git.
@Suite struct PageDatesTests {
    func tree(_ yaml: String?) throws -> (SourceTree, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kmem-dates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if let yaml { try Data(yaml.utf8).write(to: dir.appendingPathComponent("updated.yaml")) }
        return (SourceTree(folder: dir, displayName: "content"), dir)
    }

    @Test func datesAreReadPerPageAndLanguage() throws {
        let (t, dir) = try tree("pages:\n  kmalloc/en: \"2026-11-30\"\n  kmalloc/zh: \"2026-12-01\"\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try PageWriter.pageDates(t) == ["kmalloc/en": "2026-11-30", "kmalloc/zh": "2026-12-01"])
    }

    @Test func noFileMeansNoDates() throws {
        let (t, dir) = try tree(nil)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try PageWriter.pageDates(t).isEmpty)
    }

    @Test func aBadDateIsALocatedError() throws {
        let (t, dir) = try tree("pages:\n  kmalloc/en: \"2026-11-30\"\n  kmalloc/ja: yesterday\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try PageWriter.pageDates(t)
            Issue.record("accepted")
        } catch {
            #expect(error.location == SourceLocation(file: "content/updated.yaml", line: 3))
        }
    }

    /// The committed manifest covers every page of the repository in every language.
    @Test func theCommittedManifestCoversEveryPage() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let content = SourceTree(folder: repo.appendingPathComponent("content"))
        let dates = try PageWriter.pageDates(content)
        for slug in content.children("pages") where content.isFile("pages/\(slug)/en.md") {
            for lang in ["en", "zh", "ja"] { #expect(dates["\(slug)/\(lang)"] != nil, "\(slug)/\(lang) has no date") }
        }
    }
}
