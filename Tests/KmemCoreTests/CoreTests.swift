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
}
