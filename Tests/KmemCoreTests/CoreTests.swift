import Foundation
import Testing
@testable import KmemCore

@Suite struct CoreTests {
    @Test func diagnosticsPrintFileLineAndHint() {
        let d = Diagnostic(.data, at: SourceLocation(file: "content/a.md", line: 3, column: 5), "bad thing", hint: "fix it")
        #expect(d.description == "content/a.md:3:5: error: bad thing — fix it")
        #expect(Diagnostic(.usage, "no file").description == "error: no file")
    }

    @Test func yamlRejectsNonScalarKeysWithALine() {
        #expect(throws: Diagnostic.self) { try YAMLValue.parse("a: 1\n[x]: 2\n", file: "f.yaml") }
        do { _ = try YAMLValue.parse("a: 1\n{x: 1}: 2\n", file: "f.yaml") } catch { #expect(error.location?.line == 2) }
        do { _ = try YAMLValue.parse("a: [1\n", file: "f.yaml", lineOffset: 10) } catch { #expect((error.location?.line ?? 0) > 10) }
    }

    @Test func yamlKeepsLinesAndRejectsDuplicates() throws {
        let v = try YAMLValue.parse("title: x\nlist: [a, b]\nmap:\n  k: v\n", file: "f.yaml")
        #expect(v["title"]?.string == "x")
        #expect(v["list"]?.array?.count == 2)
        #expect(v["map"]?["k"]?.line == 4)
        #expect(throws: Diagnostic.self) { try YAMLValue.parse("a: 1\na: 2\n", file: "f.yaml") }
    }

    @Test func suggestsNearNames() {
        #expect(Suggest.near("siteTitel", in: ["siteTitle", "title", "summary"]) == ["siteTitle"])
        #expect(Suggest.near("zzzzzz", in: ["siteTitle"]).isEmpty)
        #expect(Suggest.distance("kitten", "sitting") == 3)
    }

    @Test func swapInReplacesAFolderAndKeepsTheOldOneOnFailure() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kmem-core-\(getpid())")
        try? FileManager.default.removeItem(at: base)
        let target = base.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try SafeFiles.write("old", to: target.appendingPathComponent("a.txt"))
        let staged = try SafeFiles.stagingFolder(beside: target, tag: "t")
        try SafeFiles.write("new", to: staged.appendingPathComponent("a.txt"))
        try SafeFiles.swapIn(staged, as: target)
        #expect(try String(contentsOf: target.appendingPathComponent("a.txt"), encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path) == ["site"])
        // A staged folder that does not exist cannot replace the target: the old one stays.
        #expect(throws: Diagnostic.self) { try SafeFiles.swapIn(base.appendingPathComponent("nope"), as: target) }
        #expect(try String(contentsOf: target.appendingPathComponent("a.txt"), encoding: .utf8) == "new")
    }

    @Test func yamlNullsAreRecognisedWithoutTheDefaultResolver() throws {
        let v = try YAMLValue.parse("a: ~\nb: null\nc:\nd: \"null\"\ne: true\nf: 1.50\n", file: "f.yaml")
        #expect(v["a"]?.isNull == true && v["b"]?.isNull == true && v["c"]?.isNull == true)
        // Quoted text and everything else stays the text that was written.
        #expect(v["d"]?.string == "null" && v["e"]?.string == "true" && v["f"]?.string == "1.50")
    }

    @Test func byteSearchFindsWhatFoundationFinds() {
        let text = "页 {{fact a}} と {{fact b}} <h2>x</h2>"
        for needle in ["{{", "}}", "<h2>", "と", "fact b", "absent", "页 {"] {
            let mine = text.utf8Range(of: needle).map { String(text[$0]) }
            let foundation = text.range(of: needle).map { String(text[$0]) }
            #expect(mine == foundation, "\(needle)")
            #expect(text.utf8Range(of: needle)?.lowerBound == text.range(of: needle)?.lowerBound, "\(needle)")
        }
        let tail = text[text.utf8Range(of: "と")!.upperBound...]
        #expect(tail.utf8Range(of: "{{").map { String(tail[$0.lowerBound...]) } == "{{fact b}} <h2>x</h2>")
        #expect("".utf8Range(of: "x") == nil && "abc".utf8Range(of: "") == nil)
        #expect("a</b></c>".replacingUTF8("</", with: "<\\/") == "a<\\/b><\\/c>")
        #expect("无".replacingUTF8("</", with: "x") == "无")
    }

    @Test func stagedWritesMakeFoldersAndRemovalDoesNotFollowLinks() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kmem-tree-\(getpid())")
        SafeFiles.removeTree(base.path)
        let keep = base.appendingPathComponent("keep")
        try SafeFiles.writeStaged(Data("kept".utf8), to: keep.appendingPathComponent("k.txt"))
        let tree = base.appendingPathComponent("tree")
        try SafeFiles.writeStaged(Data("页".utf8), to: tree.appendingPathComponent("a/b/c.html"))
        try SafeFiles.writeStaged(Data("second".utf8), to: tree.appendingPathComponent("a/d.html"))
        #expect(try String(contentsOf: tree.appendingPathComponent("a/b/c.html"), encoding: .utf8) == "页")
        try FileManager.default.createSymbolicLink(at: tree.appendingPathComponent("link"), withDestinationURL: keep)
        SafeFiles.removeTree(tree.path)
        #expect(!FileManager.default.fileExists(atPath: tree.path))
        #expect(try String(contentsOf: keep.appendingPathComponent("k.txt"), encoding: .utf8) == "kept")
        // A file where a folder must go is an error that names the file.
        #expect(throws: Diagnostic.self) { try SafeFiles.writeStaged(Data(), to: keep.appendingPathComponent("k.txt/x.html")) }
        SafeFiles.removeTree(base.path)
    }
}
