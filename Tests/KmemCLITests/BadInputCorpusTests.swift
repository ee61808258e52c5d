import Foundation
import Testing
import TestSupport

/// Issue 14's bad-input corpus, run through the real binary: every case starts from a small
/// complete workspace (the good content fixture, the real templates, a previous site in `out/`,
/// a bystander file and folder), breaks one thing, runs one command, and checks
///  - the exit code (a sysexits code, never a crash),
///  - that the message names the file and line where a file is to blame,
///  - that nothing was lost: the bystanders and the previous output are byte for byte as they
///    were, and no staging folder is left behind.
@Suite struct BadInputCorpusTests {
    enum Setup: Sendable {
        /// Replace the first occurrence of a text in a file (the text must be there).
        case edit(String, String, String)
        case write(String, String)
        case bytes(String, [UInt8])
        case mkdir(String)
        case remove(String)
    }

    enum After: Sendable {
        case none
        /// The quiz page's embedded questions hold no `<` (so no `</script` or `<!--`).
        case quizScriptIsInert(page: String)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var setup: [Setup] = []
        var args: [String]
        var code: Int32
        /// The file the message must name, and a text on the line it must name (nil: no line).
        var at: (file: String, lineOf: String?)? = nil
        /// Texts the message must contain (`$W` is the workspace's path).
        var mentions: [String] = []
        /// Files that must be unchanged after the run.
        var kept: [String] = Self.bystanders
        var exists: [String] = []
        var gone: [String] = []
        /// Hidden folders that may remain beside the output (set up on purpose).
        var hiddenAllowed: Set<String> = []
        var after: After = .none
        var testDescription: String { name }

        static let bystanders = ["notes.txt", "dir/a.txt", "out/keep.txt", "out/.kmemguide-site"]
    }

    static let build = ["build", "--content", "content", "--templates", "templates", "--out", "out", "--no-search"]
    static let bank = ["bank", "--content", "content", "--format", "csv", "--lang", "en"]
    static let scenario = """
        machine: {arch: x86_32, kernel: "3.4", ram: 160M}
        steps:
          - kmalloc: {size: 100, as: a}
          - kfree: a
        show: [meminfo]

        """

    /// Nine levels of nine aliases: 9^9 strings once expanded ("billion laughs").
    static func bomb(indent: String = "") -> String {
        var s = indent + "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        let names = Array("abcdefghi")
        for i in 1..<names.count {
            let p = names[i - 1]
            s += indent + "\(names[i]): &\(names[i]) [" + Array(repeating: "*\(p)", count: 9).joined(separator: ", ") + "]\n"
        }
        return s
    }

    static let fm = "---\ntitle: Intro\n"  // the front matter's first key, to insert after
    static let intro = "content/pages/intro/en.md"

    static let cases: [Case] = {
        var c: [Case] = []
        // 1. Output folders: only missing, empty, or written by the same command.
        c.append(Case(name: "build --out empty string", args: ["build", "--content", "content", "--templates", "templates", "--out", ""], code: 64, mentions: ["--out is empty"]))
        c.append(Case(name: "build --out . (the workspace)", args: ["build", "--content", "content", "--templates", "templates", "--out", ".", "--no-search"], code: 73, mentions: ["$W", "refusing", "--out"]))
        c.append(Case(name: "build --out a folder with files", args: ["build", "--content", "content", "--templates", "templates", "--out", "dir", "--no-search"], code: 73, mentions: ["$W/dir", "refusing"]))
        c.append(Case(name: "build --out dir/.. (the workspace)", args: ["build", "--content", "content", "--templates", "templates", "--out", "dir/..", "--no-search"], code: 73, mentions: ["refusing"]))
        c.append(Case(name: "build --out a file", args: ["build", "--content", "content", "--templates", "templates", "--out", "notes.txt", "--no-search"], code: 73, mentions: ["$W/notes.txt", "not a folder"]))
        c.append(Case(name: "build --out a folder kmemguide bank wrote", setup: [.write("banks/.kmemguide-bank", "x"), .write("banks/bank-en.csv", "y")],
                      args: ["build", "--content", "content", "--templates", "templates", "--out", "banks", "--no-search"], code: 73,
                      mentions: ["kmemguide bank"], kept: Case.bystanders + ["banks/bank-en.csv"]))
        c.append(Case(name: "bank --out empty string", args: bank + ["--out", ""], code: 64, mentions: ["--out is empty"]))
        c.append(Case(name: "bank --out .", args: bank + ["--out", "."], code: 73, mentions: ["$W", "refusing"]))
        c.append(Case(name: "bank --out a folder with files", args: bank + ["--out", "dir"], code: 73, mentions: ["$W/dir"]))
        c.append(Case(name: "bank --out the site", args: bank + ["--out", "out"], code: 73, mentions: ["kmemguide build"]))
        c.append(Case(name: "build --out an empty folder", setup: [.mkdir("empty")], args: Array(build.dropLast(2)) + ["empty", "--no-search"], code: 0,
                      exists: ["empty/.kmemguide-site", "empty/index.html"]))
        c.append(Case(name: "build --out its own earlier site", args: build, code: 0,
                      kept: ["notes.txt", "dir/a.txt"], exists: ["out/.kmemguide-site", "out/en/intro/index.html"], gone: ["out/keep.txt"]))
        c.append(Case(name: "bank --out a new folder", args: bank + ["--out", "newbanks"], code: 0, exists: ["newbanks/.kmemguide-bank", "newbanks/bank-en.csv"]))

        // 5. Leftovers of runs that died.
        c.append(Case(name: "stale staging folders of a dead run are removed",
                      setup: [.write(".out.build-999999999/x.html", "x"), .write(".out.bank-999999999/y", "y")],
                      args: build, code: 0, kept: ["notes.txt", "dir/a.txt"], gone: [".out.build-999999999", ".out.bank-999999999"]))
        c.append(Case(name: "staging folder of a live process is left alone", setup: [.write(".out.build-1/x.html", "x")],
                      args: build, code: 0, kept: ["notes.txt", "dir/a.txt", ".out.build-1/x.html"], hiddenAllowed: [".out.build-1"]))
        c.append(Case(name: "an old output moved aside by a dead run is restored",
                      setup: [.remove("out"), .write(".out.old-999999999/.kmemguide-site", "m"), .write(".out.old-999999999/keep.txt", "keep\n"),
                              .edit(intro, "layout.vmalloc_start", "layout.vmalloc_begin")],
                      args: build, code: 65, at: (intro, "layout.vmalloc_begin"), kept: ["notes.txt", "dir/a.txt"],
                      exists: ["out/keep.txt"], gone: [".out.old-999999999"]))
        c.append(Case(name: "an old output aside is removed when the output exists",
                      setup: [.write(".out.old-999999999/keep.txt", "old")], args: build, code: 0, kept: ["notes.txt", "dir/a.txt"],
                      gone: [".out.old-999999999"]))

        // 2. Values that used to trap.
        for (fact, what) in [("vmalloc.footprint size=0xffffffffffffffff", "too large"), ("vmalloc.pages size=18446744073709551615", "too large"),
                             ("vmalloc.footprint size=0xfffffffffffff000", "too large"), ("page.order_bytes size=0xffffffffffffffff arch=x86_64", "too large"),
                             ("vmalloc.pages size=0", "vmalloc(0)"), ("vmalloc.pages size=99999999999999999999", "not a size")] {
            c.append(Case(name: "fact \(fact)", setup: [.edit(intro, "{{fact layout.vmalloc_start machine=small}}", "{{fact \(fact)}}")],
                          args: build, code: 65, at: (intro, "{{fact "), mentions: [what]))
        }
        c.append(Case(name: "a partial that includes itself",
                      setup: [.edit("templates/partials/footer.mustache", "<footer", "{{> partials/footer}}\n<footer")],
                      args: build, code: 65, at: ("templates/partials/footer.mustache", "{{> partials/footer}}"), mentions: ["includes itself"]))
        c.append(Case(name: "two partials that include each other",
                      setup: [.edit("templates/partials/footer.mustache", "<footer", "{{> partials/header}}\n<footer"),
                              .edit("templates/partials/header.mustache", "<", "{{> partials/footer}}\n<")],
                      args: build, code: 65, at: ("templates/partials/", nil), mentions: ["includes itself", "partials/header", "partials/footer"]))

        // 3. YAML: anchors and aliases are refused before anything is expanded.
        c.append(Case(name: "alias bomb in front matter", setup: [.edit(intro, fm, fm + bomb())], args: build, code: 65, at: (intro, "&a"), mentions: ["anchors"]))
        c.append(Case(name: "alias bomb in a kmem block",
                      setup: [.edit("content/pages/second/en.md", "block: bootlog\n", "block: bootlog\n" + bomb())],
                      args: build, code: 65, at: ("content/pages/second/en.md", "&a")))
        c.append(Case(name: "alias bomb in a question file",
                      setup: [.edit("content/questions/intro.yaml", "questions:\n", bomb() + "questions:\n")],
                      args: build, code: 65, at: ("content/questions/intro.yaml", "&a")))
        for file in ["ui.yaml", "machines.yaml", "seeds.yaml", "glossary.yaml"] {
            c.append(Case(name: "alias bomb in \(file)", setup: [.edit("content/\(file)", "\n", "\n" + bomb())], args: build, code: 65,
                          at: ("content/\(file)", "&a")))
        }
        c.append(Case(name: "alias bomb in a scenario", setup: [.write("s.yaml", bomb() + scenario)], args: ["sim", "run", "s.yaml"], code: 65, at: ("s.yaml", "&a")))
        c.append(Case(name: "alias bomb in bank's question file", setup: [.edit("content/questions/intro.yaml", "questions:\n", bomb() + "questions:\n")],
                      args: bank + ["--out", "newbanks"], code: 65, at: ("content/questions/intro.yaml", "&a"), gone: ["newbanks"]))
        c.append(Case(name: "an alias to nothing", setup: [.edit(intro, "summary: Intro in one line.", "summary: *nothing")], args: build, code: 65,
                      at: (intro, "*nothing"), mentions: ["aliases"]))
        c.append(Case(name: "a lone anchor", setup: [.edit(intro, "title: Intro", "title: &t Intro")], args: build, code: 65, at: (intro, "&t")))
        c.append(Case(name: "an alias as a key", setup: [.edit("content/machines.yaml", "machines:\n", "machines:\n  *k : b\n")],
                      args: build, code: 65, at: ("content/machines.yaml", "*k"), mentions: ["aliases"]))
        c.append(Case(name: "a merge key", setup: [.edit("content/machines.yaml", "  small: {", "  base: &base {arch: x86_32}\n  other: {<<: *base}\n  small: {")],
                      args: build, code: 65, at: ("content/machines.yaml", "&base")))
        c.append(Case(name: "a duplicate key in front matter", setup: [.edit(intro, "order: 10\n", "order: 10\ntitle: Again\n")], args: build, code: 65,
                      at: (intro, "title: Again"), mentions: ["`title` appears twice"]))
        c.append(Case(name: "a duplicate key in ui.yaml", setup: [.edit("content/ui.yaml", "\n  site.tagline:", "\n  site.title: {en: a, zh: b, ja: c}\n  site.tagline:")],
                      args: build, code: 65, at: ("content/ui.yaml", "site.title: {en: a"), mentions: ["appears twice"]))
        c.append(Case(name: "a duplicate key in a question", setup: [.edit("content/questions/intro.yaml", "    difficulty: 1\n", "    difficulty: 1\n    difficulty: 2\n")],
                      args: build, code: 65, at: ("content/questions/intro.yaml", "difficulty: 2"), mentions: ["appears twice"]))
        c.append(Case(name: "a duplicate key in a scenario", setup: [.write("s.yaml", scenario + "seed: 1\nseed: 2\n")], args: ["sim", "run", "s.yaml"], code: 65,
                      at: ("s.yaml", "seed: 2")))
        c.append(Case(name: "a duplicate key in a kmem block", setup: [.edit("content/pages/second/en.md", "machine: arm\n", "machine: arm\nmachine:  arm\n")],
                      args: build, code: 65, at: ("content/pages/second/en.md", "machine:  arm"), mentions: ["appears twice"]))
        c.append(Case(name: "a NUL byte in front matter", setup: [.edit(intro, "order: 10", "order: 1\u{0}0")], args: build, code: 65, at: (intro, "order: 1")))
        c.append(Case(name: "a NUL byte in a question file", setup: [.edit("content/questions/intro.yaml", "difficulty: 1", "difficulty: \u{0}1")], args: build, code: 65,
                      at: ("content/questions/intro.yaml", "difficulty: ")))
        c.append(Case(name: "a NUL byte in ui.yaml", setup: [.edit("content/ui.yaml", "  site.tagline:", "  \u{0}site.tagline:")], args: build, code: 65,
                      at: ("content/ui.yaml", "site.tagline:")))
        c.append(Case(name: "a NUL byte in a scenario", setup: [.write("s.yaml", scenario.replacingOccurrences(of: "as: a}", with: "as: a\u{0}}"))],
                      args: ["sim", "run", "s.yaml"], code: 65, at: ("s.yaml", "kmalloc")))
        c.append(Case(name: "lists nested 200 deep", setup: [.edit(intro, fm, fm + "deep: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n")],
                      args: build, code: 65, at: (intro, "deep:"), mentions: ["nested"]))
        c.append(Case(name: "a second YAML document in a question file", setup: [.edit("content/questions/intro.yaml", "questions:\n", "x: 1\n---\nquestions:\n")],
                      args: build, code: 65, at: ("content/questions/intro.yaml", "---")))
        c.append(Case(name: "a YAML syntax error in ui.yaml", setup: [.edit("content/ui.yaml", "  site.tagline: {", "  site.tagline: {{")], args: build, code: 65,
                      at: ("content/ui.yaml", "site.tagline: {{")))
        c.append(Case(name: "a list as a key in seeds.yaml", setup: [.edit("content/seeds.yaml", "  s1:", "  [x]: y\n  s1:")], args: build, code: 65,
                      at: ("content/seeds.yaml", "[x]")))

        // 4. Injection.
        for url in ["javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.example/x",
                    "http://", "https://ok.example/a b", "vbscript:x", "file:///etc/passwd"] {
            c.append(Case(name: "seed url \(url)", setup: [.edit("content/seeds.yaml", "title: The first seed}", "title: The first seed, url: \"\(url)\"}")],
                          args: build, code: 65, at: ("content/seeds.yaml", "url:"), mentions: ["http(s)"]))
        }
        c.append(Case(name: "seed url as a list", setup: [.edit("content/seeds.yaml", "title: The first seed}", "title: The first seed, url: [a]}")],
                      args: build, code: 65, at: ("content/seeds.yaml", "url:")))
        c.append(Case(name: "raw_html in front matter is refused", setup: [.edit(intro, fm, fm + "raw_html: true\n")], args: build, code: 65,
                      at: (intro, "raw_html"), mentions: ["unknown front matter key"]))
        c.append(Case(name: "script in a question cannot break the quiz page",
                      setup: [.edit("content/questions/intro.yaml", "is followed by a guard page.", "is followed <!--<script> by </script> a guard \u{2028}page & more.")],
                      args: build, code: 0, kept: ["notes.txt", "dir/a.txt"], after: .quizScriptIsInert(page: "out/en/quiz/index.html")))

        // 6. Sizes beyond what runs in seconds.
        c.append(Case(name: "sim demo --ram 64T", args: ["sim", "demo", "--arch", "x86_64", "--kernel", "6.1", "--ram", "64T"], code: 64, mentions: ["at most 1 TiB"]))
        c.append(Case(name: "sim demo --ram 2T", args: ["sim", "demo", "--arch", "x86_64", "--kernel", "6.1", "--ram", "2T"], code: 64, mentions: ["at most 1 TiB"]))
        c.append(Case(name: "bank --variants 20000", args: bank + ["--out", "newbanks", "--variants", "20000"], code: 64, mentions: ["from 1 to 200"], gone: ["newbanks"]))
        c.append(Case(name: "bank --versions 1000", args: bank + ["--out", "newbanks", "--versions", "1000"], code: 64, mentions: ["from 1 to 100"], gone: ["newbanks"]))
        c.append(Case(name: "bank --variants 0", args: bank + ["--out", "newbanks", "--variants", "0"], code: 64, gone: ["newbanks"]))
        c.append(Case(name: "a scenario machine with 64T", setup: [.write("s.yaml", scenario.replacingOccurrences(of: "arch: x86_32, kernel: \"3.4\", ram: 160M", with: "arch: x86_64, kernel: \"6.1\", ram: 64T"))],
                      args: ["sim", "run", "s.yaml"], code: 65, at: ("s.yaml", "machine:"), mentions: ["at most 1 TiB"]))
        c.append(Case(name: "a content machine with 2T", setup: [.edit("content/machines.yaml", "ram: 1G, vmalloc: 200M", "ram: 2T, vmalloc: 200M")],
                      args: build, code: 65, at: ("content/machines.yaml", "ram: 2T"), mentions: ["at most 1 TiB"]))

        c.append(Case(name: "a scenario that vmallocs more than 4G", setup: [.write("s.yaml", "machine: {arch: x86_64, kernel: \"6.1\", ram: 8G}\nsteps:\n  - vmalloc: {size: 3G}\n  - vmalloc: {size: 2G}\n")],
                      args: ["sim", "run", "s.yaml"], code: 65, at: ("s.yaml", "size: 2G"), mentions: ["4 GiB"]))
        c.append(Case(name: "a scenario vmalloc of 2^64-1 bytes", setup: [.write("s.yaml", "machine: {arch: x86_64, kernel: \"6.1\", ram: 8G}\nsteps:\n  - vmalloc: {size: 0xffffffffffffffff}\n")],
                      args: ["sim", "run", "s.yaml"], code: 65, at: ("s.yaml", "vmalloc:"), mentions: ["4 GiB"]))

        // 7. Smaller ones.
        c.append(Case(name: "scenario steps: 5", setup: [.write("s.yaml", "machine: {arch: x86_32, kernel: \"3.4\", ram: 160M}\nsteps: 5\n")],
                      args: ["sim", "run", "s.yaml"], code: 65, at: ("s.yaml", "steps:"), mentions: ["must be a list"]))
        c.append(Case(name: "scenario steps as a mapping", setup: [.write("s.yaml", "machine: {arch: x86_32, kernel: \"3.4\", ram: 160M}\nsteps: {kmalloc: 1}\n")],
                      args: ["sim", "run", "s.yaml"], code: 65, at: ("s.yaml", "steps:")))
        c.append(Case(name: "scenario with invalid UTF-8", setup: [.bytes("s.yaml", Array(scenario.utf8.prefix(50)) + [0xFF, 0xFE] + Array(scenario.utf8.dropFirst(50)))],
                      args: ["sim", "run", "s.yaml"], code: 65, at: ("s.yaml", "steps:"), mentions: ["not UTF-8"]))
        c.append(Case(name: "scenario with a truncated UTF-8 sequence", setup: [.bytes("s.yaml", Array(scenario.utf8) + [0xE4, 0xB8])],
                      args: ["sim", "run", "s.yaml"], code: 65, at: ("s.yaml", nil), mentions: ["not UTF-8"]))
        c.append(Case(name: "a good scenario still runs", setup: [.write("s.yaml", scenario)], args: ["sim", "run", "s.yaml"], code: 0))
        c.append(Case(name: "a missing scenario", args: ["sim", "run", "nope.yaml"], code: 66, at: ("nope.yaml", nil)))
        return c
    }()

    @Test func theCorpusIsLargeEnough() {
        #expect(Self.cases.count >= 60)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count, "case names are unique")
    }

    @Test(arguments: cases)
    func badInputIsRefusedCleanly(_ c: Case) throws {
        let fm = FileManager.default
        let w = TestFolders.root.appendingPathComponent("kmem-corpus-\(getpid())-\(abs(c.name.hashValue))")
        try? fm.removeItem(at: w)
        defer { try? fm.removeItem(at: w) }
        try makeWorkspace(w)
        for s in c.setup { try apply(s, in: w) }
        var before: [String: Data] = [:]
        for k in c.kept { before[k] = try #require(fm.contents(atPath: w.appendingPathComponent(k).path), "\(k) exists before the run") }

        let r = try runWithWatchdog(c.args, cwd: w)
        let err = r.err.replacingOccurrences(of: w.path, with: "$W")

        #expect(r.status == c.code, "exit \(r.status), wanted \(c.code): \(err)")
        #expect(!r.err.contains("Fatal error") && !r.err.contains("Stack dump"), "no trap")
        if c.code != 0 {
            #expect(err.hasPrefix("kmemguide: ") && err.contains("error:"), "a diagnostic, not a crash: \(err)")
            #expect(err.contains(" — "), "the message says what to do: \(err)")
        }
        if let at = c.at {
            var expected = at.file
            if let needle = at.lineOf {
                let text = String(decoding: try #require(fm.contents(atPath: w.appendingPathComponent(at.file).path)), as: UTF8.self)
                let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }, "`\(needle)` in \(at.file)")
                expected += ":\(line + 1)"
            }
            #expect(err.contains(expected + ":") || err.contains(expected + " ") || (at.lineOf == nil && err.contains(expected)),
                    "the message names \(expected): \(err)")
        }
        for m in c.mentions { #expect(err.contains(m), "mentions `\(m)`: \(err)") }
        // Nothing lost.
        for (k, data) in before { #expect(fm.contents(atPath: w.appendingPathComponent(k).path) == data, "\(k) is unchanged") }
        for e in c.exists { #expect(fm.fileExists(atPath: w.appendingPathComponent(e).path), "\(e) exists") }
        for g in c.gone { #expect(!fm.fileExists(atPath: w.appendingPathComponent(g).path), "\(g) is gone") }
        let hidden = try fm.contentsOfDirectory(atPath: w.path).filter { $0.hasPrefix(".") && !c.hiddenAllowed.contains($0) }
        #expect(hidden.isEmpty, "no staging folder is left behind: \(hidden)")

        if case .quizScriptIsInert(let page) = c.after {
            let html = String(decoding: try #require(fm.contents(atPath: w.appendingPathComponent(page).path)), as: UTF8.self)
            let open = "<script type=\"application/json\" id=\"quiz-bank\">"
            let start = try #require(html.range(of: open)).upperBound
            let end = try #require(html.range(of: "</script>", range: start..<html.endIndex)).lowerBound
            let script = html[start..<end]
            #expect(!script.contains("<") && !script.contains(">") && !script.contains("&") && !script.contains("\u{2028}"))
            #expect(script.contains("\\u003c!--\\u003cscript\\u003e"))
            // Still the same JSON: the question reads back with its text intact.
            let json = try #require(try JSONSerialization.jsonObject(with: Data(script.utf8)) as? [String: Any])
            #expect(String(describing: json).contains("<!--<script> by </script> a guard"))
        }
    }

    // MARK: workspace

    func makeWorkspace(_ w: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: w, withIntermediateDirectories: true)
        try fm.copyItem(at: CLITests.repo.appendingPathComponent("Tests/KmemContentTests/Fixtures/good"), to: w.appendingPathComponent("content"))
        try fm.copyItem(at: CLITests.repo.appendingPathComponent("templates"), to: w.appendingPathComponent("templates"))
        try apply(.write("notes.txt", "notes\n"), in: w)
        try apply(.write("dir/a.txt", "a\n"), in: w)
        // A previous site of `kmemguide build` (its marker) with a file of its own.
        try apply(.write("out/.kmemguide-site", "Written by `kmemguide build`.\n"), in: w)
        try apply(.write("out/keep.txt", "keep\n"), in: w)
    }

    func apply(_ s: Setup, in w: URL) throws {
        let fm = FileManager.default
        func write(_ rel: String, _ data: Data) throws {
            let url = w.appendingPathComponent(rel)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        switch s {
        case .edit(let rel, let old, let new):
            let text = String(decoding: try #require(fm.contents(atPath: w.appendingPathComponent(rel).path)), as: UTF8.self)
            let r = try #require(text.range(of: old), "`\(old)` in \(rel)")
            try write(rel, Data(text.replacingCharacters(in: r, with: new).utf8))
        case .write(let rel, let text): try write(rel, Data(text.utf8))
        case .bytes(let rel, let bytes): try write(rel, Data(bytes))
        case .mkdir(let rel): try fm.createDirectory(at: w.appendingPathComponent(rel), withIntermediateDirectories: true)
        case .remove(let rel): try fm.removeItem(at: w.appendingPathComponent(rel))
        }
    }

    /// Runs the binary; a run that has not ended after two minutes is killed and reported
    /// (a hang is a failure, but the suite must end).
    func runWithWatchdog(_ args: [String], cwd: URL) throws -> CLITests.Result {
        try CLITests.run(args, cwd: cwd, timeout: 120)
    }
}
