import Foundation
import Testing
import TestSupport

/// `kmemguide bank` as a teacher runs it from an empty folder: blueprint files, the command
/// line over the blueprint, and `--format pdf` without a browser.
@Suite struct BankExamCLITests {
    /// An empty folder with the given files, removed afterwards by the caller.
    static func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kmem-bank-cli-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test func theCommandLineWinsOverTheBlueprint() throws {
        let dir = try Self.folder(["exam.yaml": "count: 5\nseed: 3\nversions: 1\nkinds: [single, truefalse]\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests.run(["bank", "--blueprint", "exam.yaml", "--count", "4", "--format", "json", "--lang", "en", "--out", "exam"], cwd: dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("exam of 4 questions × 1 version, seed 3"), "\(r.out)")
        let json = try #require(FileManager.default.contents(atPath: dir.appendingPathComponent("exam/bank-en.json").path))
        let text = String(decoding: json, as: UTF8.self)
        let kinds = Set(text.components(separatedBy: "\"kind\": \"").dropFirst().map { $0.components(separatedBy: "\"")[0] })
        #expect(!kinds.isEmpty && kinds.isSubset(of: ["single", "truefalse"]), "the blueprint's kinds were not applied: \(kinds)")
        // Without --count the file's count holds.
        let r2 = try CLITests.run(["bank", "--blueprint", "exam.yaml", "--format", "json", "--lang", "en", "--out", "exam"], cwd: dir)
        #expect(r2.out.contains("exam of 5 questions × 1 version, seed 3"), "\(r2.out)\(r2.err)")
    }

    @Test(arguments: [
        ("count: 5\ncolour: red\n", Int32(65), "exam.yaml:2:", "unknown key `colour`"),
        ("count: 5\ntopics: [gfp, slab-of-cake]\n", Int32(65), "exam.yaml:2:", "unknown topic `slab-of-cake`"),
        ("count: 5\nversions: many\n", Int32(65), "exam.yaml:2:", "`versions` must be a whole number"),
        ("seed: 4\n", Int32(65), "exam.yaml:1:", "neither `count` nor `per-topic`"),
    ])
    func aBadBlueprintIsBadData(text: String, code: Int32, at: String, message: String) throws {
        let dir = try Self.folder(["exam.yaml": text])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests.run(["bank", "--blueprint", "exam.yaml", "--format", "csv", "--out", "exam"], cwd: dir)
        #expect(r.status == code, "\(r.err)")
        #expect(r.err.contains(at) && r.err.contains(message), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("exam").path))
    }

    @Test func aMissingBlueprintIsNoInput() throws {
        let dir = try Self.folder([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests.run(["bank", "--blueprint", "exam.yaml", "--out", "exam"], cwd: dir)
        #expect(r.status == 66, "\(r.err)")
    }

    @Test func pdfWithoutABrowserSaysWhatToInstall() throws {
        let dir = try Self.folder([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests.run(["bank", "--count", "3", "--format", "pdf", "--chromium", "/nonexistent/chromium", "--out", "exam"], cwd: dir)
        #expect(r.status == 69, "\(r.err)")
        #expect(r.err.contains("apt-get install chromium") && r.err.contains("--format print"), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "one message: \(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("exam").path))
    }
}
