import Foundation
import KmemBuiltIn
import KmemCore
import Testing
import TestSupport

/// The copy of content/, templates/ and verify/captures/ compiled into kmemguide, and the rule
/// that picks it or a folder.
@Suite struct BuiltInTests {
    static let repo = CLITests.repo

    /// The EmbedFiles plugin copies every file byte for byte, and nothing else.
    @Test(arguments: [("content", BuiltIn.content), ("templates", BuiltIn.templates)])
    func builtInTreeEqualsTheFolder(folder: String, tree: SourceTree) throws {
        let disk = SourceTree(folder: Self.repo.appendingPathComponent(folder))
        let files = disk.files(under: "")
        #expect(files.count > 10)
        #expect(tree.files(under: "") == files)
        for rel in files { #expect(tree.data(rel) == disk.data(rel), "\(folder)/\(rel) differs from the built-in copy") }
        #expect(tree.isBuiltIn && !disk.isBuiltIn)
    }

    @Test func capturesAreBuiltInAsJSONOnly() {
        let disk = SourceTree(folder: Self.repo.appendingPathComponent("verify/captures"))
        let json = disk.children("").filter { $0.hasSuffix(".json") }
        #expect(!json.isEmpty)
        #expect(BuiltIn.captures.children("") == json)
    }

    /// Folders and built-in trees answer the same questions the same way.
    @Test func treesListAlike() {
        let disk = SourceTree(folder: Self.repo.appendingPathComponent("content"))
        for dir in ["", "pages", "pages/kmalloc", "questions", "nope"] {
            #expect(BuiltIn.content.children(dir) == disk.children(dir), "children of \(dir)")
            #expect(BuiltIn.content.isDirectory(dir) == disk.isDirectory(dir), "isDirectory \(dir)")
        }
        #expect(BuiltIn.content.isFile("ui.yaml") && !BuiltIn.content.isFile("pages"))
        #expect(BuiltIn.content.data("pages") == nil && BuiltIn.content.data("missing.yaml") == nil)
    }

    /// A user of the installed program cannot create content/ui.yaml: the advice says so.
    @Test func missingBuiltInFileAdvisesARebuildNotAnEdit() {
        do {
            _ = try BuiltIn.content.text("no-such-file.yaml")
            Issue.record("a missing file was read")
        } catch {
            #expect(error.kind == .noInput)
            #expect(error.hint?.contains("rebuild") == true, "\(error)")
            #expect(error.hint?.contains("create it") == false)
        }
    }

    @Test func builtInFingerprintIgnoresNothingItNames() {
        #expect(BuiltIn.content.fingerprint(["ui.yaml"]) != BuiltIn.content.fingerprint(["ui.yaml", "seeds.yaml"]))
        let disk = SourceTree(folder: Self.repo.appendingPathComponent("content"))
        #expect(disk.fingerprint(["ui.yaml"]) != disk.fingerprint(["seeds.yaml"]))
    }

    // MARK: Which files a command reads

    @Test func outsideACheckoutTheBuiltInCopyIsUsed() throws {
        let empty = TestFolders.root.appendingPathComponent("kmem-empty-\(getpid())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let r = try CLITests.run(["check"], cwd: empty)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("built into kmemguide"), "\(r.out)")
        let inRepo = try CLITests.run(["check"])
        #expect(inRepo.status == 0, "\(inRepo.err)")
        #expect(inRepo.out.contains("(folder)"), "\(inRepo.out)")
    }

    @Test(arguments: [
        (["check", "--content", ""], Int32(64), "--content is empty"),
        (["check", "--content", "/etc/passwd"], Int32(66), "names a file, not a folder"),
        (["check", "--content", "/nonexistent-kmem"], Int32(66), "does not exist"),
        (["build", "--templates", "/etc/passwd", "--out", "/tmp/kmem-never"], Int32(66), "names a file, not a folder"),
        (["quiz", "--content", "/etc/passwd"], Int32(66), "names a file, not a folder"),
        (["bank", "--content", "/etc/passwd", "--out", "/tmp/kmem-never"], Int32(66), "names a file, not a folder"),
    ])
    func badContentFoldersGetOneMessage(args: [String], code: Int32, message: String) throws {
        let r = try CLITests.run(args)
        #expect(r.status == code, "\(r.err)")
        #expect(r.err.contains(message), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/kmem-never"))
    }
}
