import Foundation
import TestSupport
import Testing
@testable import KmemCore

/// YAML values compare by what they say, not by a flattened spelling of it (issue 17).
@Suite struct YAMLValueEqualityTests {
    @Test func aListIsNotEqualToOneScalarSpellingItsFlattenedForm() throws {
        let two = try YAMLValue.parse("[a, b]", file: "f.yaml")
        let one = try YAMLValue.parse("[\"a,s:b\"]", file: "f.yaml")
        #expect(two != one)
        #expect(Set([two, one]).count == 2)
    }

    @Test func equalDocumentsOnDifferentLinesAreEqualAndHashAlike() throws {
        let a = try YAMLValue.parse("k: [1, {x: y}]\n", file: "a.yaml")
        let b = try YAMLValue.parse("\n\nk:\n  - 1\n  - x: y\n", file: "b.yaml")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(try YAMLValue.parse("k: ~", file: "f") != YAMLValue.parse("k: \"\"", file: "f"))
        #expect(try YAMLValue.parse("{a: 1, b: 2}", file: "f") != YAMLValue.parse("{b: 2, a: 1}", file: "f"))
    }
}

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

    /// Fuzzing (FuzzFacts) found `{{fact xxx…}}` with a 1 MB name taking minutes: every candidate's
    /// distance was computed over the whole name. Candidates too far in length are now skipped.
    @Test func aMegabyteLongNameSuggestsNothingAndCandidatesWithinTheBoundStay() {
        let long = String(repeating: "x", count: 1_000_000)
        #expect(Suggest.near(long, in: ["kmalloc_cache", "page_offset", "vmalloc_start"]).isEmpty)
        #expect(Suggest.hint(long + "é", in: ["kmalloc_cache"], fallback: "see the list") == "see the list")
        // Length differences at the bound (3 for short names, a third for long ones) still count.
        #expect(Suggest.near("abc", in: ["abcdef", "abcdefg"]) == ["abcdef"])
        let name = String(repeating: "a", count: 30)
        #expect(Suggest.near(name, in: [String(repeating: "a", count: 40), String(repeating: "a", count: 41)]) == [String(repeating: "a", count: 40)])
    }

    @Test func swapInReplacesAFolderAndKeepsTheOldOneOnFailure() throws {
        let base = TestFolders.root.appendingPathComponent("kmem-core-\(getpid())")
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
        let base = TestFolders.root.appendingPathComponent("kmem-tree-\(getpid())")
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

/// Issue 14: output folders, YAML that must not expand, text that must be UTF-8, hints.
@Suite struct HardeningTests {
    static func scratch(_ name: String) -> URL {
        let u = TestFolders.root.appendingPathComponent("kmem-harden-\(getpid())-\(name)")
        SafeFiles.removeTree(u.path)
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    @Test func anOutputFolderIsReplacedOnlyWhenMissingEmptyOrMarked() throws {
        let base = Self.scratch("rule")
        defer { SafeFiles.removeTree(base.path) }
        let fm = FileManager.default
        // Missing and empty: fine.
        try OutputFolder(base.appendingPathComponent("new"), kind: .site).prepare()
        try fm.createDirectory(at: base.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try OutputFolder(base.appendingPathComponent("empty"), kind: .site).prepare()
        // Someone's folder: refused, exit 73, named.
        try SafeFiles.write("mine", to: base.appendingPathComponent("docs/thesis.tex"))
        do {
            try OutputFolder(base.appendingPathComponent("docs"), kind: .site).prepare()
            Issue.record("an unmarked folder was accepted")
        } catch {
            #expect(error.kind == .cantCreate && error.location?.file == base.appendingPathComponent("docs").path && error.hint != nil)
        }
        // The other command's output: refused too.
        try SafeFiles.write("", to: base.appendingPathComponent("banks/.kmemguide-bank"))
        #expect(throws: Diagnostic.self) { try OutputFolder(base.appendingPathComponent("banks"), kind: .site).prepare() }
        try OutputFolder(base.appendingPathComponent("banks"), kind: .bank).prepare()
        // Writing leaves the marker, so the next run may replace it.
        let out = OutputFolder(base.appendingPathComponent("site"), kind: .site)
        let staged = try out.stage(tag: "build")
        try SafeFiles.write("v1", to: staged.appendingPathComponent("index.html"))
        try out.swapIn(staged)
        #expect(fm.fileExists(atPath: base.appendingPathComponent("site/.kmemguide-site").path))
        try out.prepare()
        #expect(try String(contentsOf: base.appendingPathComponent("docs/thesis.tex"), encoding: .utf8) == "mine")
        #expect(throws: Diagnostic.self) { _ = try OutputFolder.path("") }
    }

    @Test func theSwapExchangesInOneStepAndLeavesNothingBeside() throws {
        let base = Self.scratch("swap")
        defer { SafeFiles.removeTree(base.path) }
        let target = base.appendingPathComponent("site")
        try SafeFiles.write("old", to: target.appendingPathComponent("a.txt"))
        let staged = try SafeFiles.stagingFolder(beside: target, tag: "build")
        try SafeFiles.write("new", to: staged.appendingPathComponent("a.txt"))
        // renameat2(RENAME_EXCHANGE) swaps two folders in one step where the file system has it
        // (ext4, tmpfs, btrfs); elsewhere it reports failure and moves nothing.
        let other = base.appendingPathComponent("other")
        try SafeFiles.write("o", to: other.appendingPathComponent("o.txt"))
        if SafeFiles.exchange(staged.path, other.path) {
            #expect(FileManager.default.fileExists(atPath: staged.appendingPathComponent("o.txt").path))
            #expect(SafeFiles.exchange(staged.path, other.path))
        }
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("o.txt").path))
        try SafeFiles.swapIn(staged, as: target)
        #expect(try String(contentsOf: target.appendingPathComponent("a.txt"), encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() == ["other", "site"])
    }

    @Test func leftoversOfDeadRunsAreCleanedAndAnOrphanedOutputComesBack() throws {
        let base = Self.scratch("leftovers")
        defer { SafeFiles.removeTree(base.path) }
        let fm = FileManager.default
        let dead: Int32 = 999_999_999  // above any pid_max: no such process
        try SafeFiles.write("x", to: base.appendingPathComponent(".site.build-\(dead)/x.html"))
        try SafeFiles.write("y", to: base.appendingPathComponent(".site.old-\(dead)/index.html"))
        try SafeFiles.write("z", to: base.appendingPathComponent(".site.build-\(getppid())/z.html"))  // alive
        try SafeFiles.write("n", to: base.appendingPathComponent(".site.notes/n.txt"))               // not ours
        OutputFolder(base.appendingPathComponent("site"), kind: .site).recoverLeftovers()
        let names = try fm.contentsOfDirectory(atPath: base.path).sorted()
        #expect(names == [".site.build-\(getppid())", ".site.notes", "site"])
        #expect(try String(contentsOf: base.appendingPathComponent("site/index.html"), encoding: .utf8) == "y")
        // With the output in place, an old one aside is only removed.
        try SafeFiles.write("w", to: base.appendingPathComponent(".site.old-\(dead)/index.html"))
        OutputFolder(base.appendingPathComponent("site"), kind: .site).recoverLeftovers()
        #expect(!fm.fileExists(atPath: base.appendingPathComponent(".site.old-\(dead)").path))
        #expect(try String(contentsOf: base.appendingPathComponent("site/index.html"), encoding: .utf8) == "y")
    }

    static func bomb() -> String {
        var s = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        let names = Array("abcdefghi")
        for i in 1..<names.count { s += "\(names[i]): [" + Array(repeating: "*\(names[i - 1])", count: 9).joined(separator: ", ") + "]\n" }
        return s
    }

    @Test func anchorsAndAliasesAreRefusedWhereTheyAreWritten() {
        func line(_ text: String, offset: Int = 0) -> Int? {
            do { _ = try YAMLValue.parse(text, file: "f.yaml", lineOffset: offset); return nil } catch { return error.location?.line }
        }
        #expect(line("title: x\n" + Self.bomb()) == 2)
        #expect(line("title: x\n" + Self.bomb(), offset: 10) == 12)
        #expect(line("a: 1\nb: *nowhere\n") == 2)
        #expect(line("a: 1\n? *k\n: v\n") == 2)
        #expect(line("a: [1, &x 2]\n") == 1)
    }

    @Test func duplicateKeysNULsAndDeepNestingAreLocated() {
        func err(_ text: String) -> Diagnostic? {
            do { _ = try YAMLValue.parse(text, file: "f.yaml", lineOffset: 1); return nil } catch { return error }
        }
        #expect(err("a: 1\nb: 2\nm:\n  k: 1\n  k: 2\n")?.location?.line == 6)
        #expect(err("a: 1\nb: 2\nm:\n  k: 1\n  k: 2\n")?.message.contains("`k` appears twice") == true)
        #expect(err("a: 1\nb: x\u{0}y\n")?.location?.line == 3)
        #expect(err("a: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n")?.message.contains("nested more than 64") == true)
        // libyaml stops at its own limit (1,000 levels) before composing anything.
        #expect(err("a: " + String(repeating: "[", count: 100_000) + "\n")?.location?.line == 2)
        #expect(err("a: 1\n---\nb: 2\n")?.location?.line == 3)
        #expect(err("a: 1\n") == nil)
    }

    @Test func invalidUTF8IsAnErrorAtItsLine() throws {
        #expect(try TextFile.utf8(Data("a\nb é\n".utf8), file: "s.yaml") == "a\nb é\n")
        for (bytes, line, column) in [([0x61, 0x0A, 0x62, 0xFF], 2, 2), ([0xE4, 0xB8], 1, 1), ([0x0A, 0x0A, 0xC0, 0x80], 3, 1)] as [([UInt8], Int, Int)] {
            do {
                _ = try TextFile.utf8(Data(bytes), file: "s.yaml")
                Issue.record("\(bytes) decoded")
            } catch {
                #expect(error.location == SourceLocation(file: "s.yaml", line: line, column: column))
            }
        }
    }

    /// Every message says what to do (issue 14 counted 37 without), in every file of Sources/.
    @Test func everyDiagnosticInTheSourcesHasAHint() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 50)
        var missing: [String] = []
        for rel in files {
            let text = Array(try String(contentsOf: sources.appendingPathComponent(rel), encoding: .utf8).utf8)
            missing += Self.callsWithoutHint(text).map { "\(rel):\($0)" }
        }
        #expect(missing.isEmpty, "Diagnostic( without hint: at \(missing)")
    }

    /// Lines of `Diagnostic(` calls whose balanced argument list has no `hint:`.
    static func callsWithoutHint(_ s: [UInt8]) -> [Int] {
        let needle = Array("Diagnostic(".utf8)
        var out: [Int] = []
        var i = 0
        while i + needle.count <= s.count {
            guard Array(s[i..<(i + needle.count)]) == needle, i == 0 || !(s[i - 1] == UInt8(ascii: "_") || (s[i - 1] | 0x20 >= 97 && s[i - 1] | 0x20 <= 122)) else { i += 1; continue }
            var j = i + needle.count, depth = 1
            var inString = false
            var interpolation: [Int] = []
            while j < s.count && depth > 0 {
                let c = s[j]
                if inString {
                    if c == UInt8(ascii: "\\"), j + 1 < s.count, s[j + 1] == UInt8(ascii: "(") { interpolation.append(depth); depth += 1; inString = false; j += 2; continue }
                    if c == UInt8(ascii: "\\") { j += 2; continue }
                    if c == UInt8(ascii: "\"") { inString = false }
                } else if c == UInt8(ascii: "\"") { inString = true
                } else if c == UInt8(ascii: "(") { depth += 1
                } else if c == UInt8(ascii: ")") {
                    depth -= 1
                    if let last = interpolation.last, last == depth { interpolation.removeLast(); inString = true }
                }
                j += 1
            }
            let args = String(decoding: s[(i + needle.count)..<max(i + needle.count, j - 1)], as: UTF8.self)
            if !args.trimmingCharacters(in: .whitespaces).isEmpty && !args.hasPrefix("_ kind") && !args.contains("hint:") {
                out.append(s[..<i].filter { $0 == 10 }.count + 1)
            }
            i = j
        }
        return out
    }
}
