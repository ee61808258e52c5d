import Foundation
import Testing
@testable import KmemContent
import KmemCore

/// `{{cite RELEASE PATH[:LINES]}}` (issue 16): parsing, rendering in three languages, the
/// link to Elixir at the exact tag, and the check rule for citations typed as prose.
@Suite struct CitationTests {
    static let releases = KernelReleases(tags: ["3.4": "v3.4.2", "6.1": "v6.1.192", "6.12": "v6.12.117"])
    static let loc = SourceLocation(file: "content/pages/vmalloc/en.md", line: 12)
    static let ui = try? ContentLoader.load(from: CheckFixtureTests.fixtures.appendingPathComponent("good")).ui

    func parse(_ s: String) throws(Diagnostic) -> Citation {
        try Citation.parse(s.split(separator: " ").map(String.init), releases: Self.releases, at: Self.loc)
    }

    @Test func aRangeLinksToItsFirstLineAtTheExactTag() throws {
        let c = try parse("6.1 mm/vmalloc.c:1313-1330")
        #expect(c == Citation(release: "6.1", tag: "v6.1.192", path: "mm/vmalloc.c", first: 1313, last: 1330))
        #expect(c.url == "https://elixir.bootlin.com/linux/v6.1.192/source/mm/vmalloc.c#L1313")
    }

    @Test func aLineAndAWholeFile() throws {
        let one = try parse("3.4 arch/x86/mm/pgtable_32.c:21")
        #expect(one.first == 21 && one.last == nil)
        #expect(one.url.hasSuffix("/linux/v3.4.2/source/arch/x86/mm/pgtable_32.c#L21"))
        let file = try parse("6.12 include/linux/gfp_types.h")
        #expect(file.first == nil && file.url == "https://elixir.bootlin.com/linux/v6.12.117/source/include/linux/gfp_types.h")
    }

    @Test(arguments: [
        "", "6.1", "6.1 mm/vmalloc.c extra", "3.5 mm/vmalloc.c:1", "v6.1.192 mm/vmalloc.c",
        "6.1 mm/vmalloc.c:", "6.1 mm/vmalloc.c:0", "6.1 mm/vmalloc.c:12-", "6.1 mm/vmalloc.c:-12", "6.1 mm/vmalloc.c:30-20",
        "6.1 mm/vmalloc.c:1-2-3", "6.1 mm/vmalloc.c:L12", "6.1 /mm/vmalloc.c", "6.1 ../etc/passwd", "6.1 mm//vmalloc.c",
        "6.1 mm/vmalloc.c\"onclick=x", "6.1 mm/<b>.c", "6.1 mm/vmalloc.c:99999999",
    ])
    func malformedCitationsAreLocatedErrors(_ words: String) {
        do {
            _ = try Citation.parse(words.split(separator: " ").map(String.init), releases: Self.releases, at: Self.loc)
            Issue.record("`\(words)` was accepted")
        } catch {
            #expect(error.location == Self.loc)
            #expect(error.hint != nil)
        }
    }

    @Test func anUnknownReleaseNamesTheKnownOnes() {
        do {
            _ = try parse("3.5 mm/vmalloc.c:1")
            Issue.record("accepted")
        } catch {
            #expect(error.message.contains("3.5"))
            #expect(error.hint?.contains("3.4, 6.1, 6.12") == true)
        }
    }

    @Test func rendersInEachLanguageFromUIStrings() throws {
        let ui = try #require(Self.ui)
        let c = try parse("6.1 mm/vmalloc.c:1313-1330")
        #expect(c.text(Wording(ui: ui, lang: .en)) == "mm/vmalloc.c, 6.1, lines 1313–1330")
        #expect(c.text(Wording(ui: ui, lang: .zh)) == "6.1 的 mm/vmalloc.c 第 1313–1330 行")
        #expect(c.text(Wording(ui: ui, lang: .ja)) == "mm/vmalloc.c（6.1）の 1313–1330 行")
        #expect(try parse("3.4 mm/vmalloc.c:7").text(Wording(ui: ui, lang: .en)) == "mm/vmalloc.c, 3.4, line 7")
        #expect(try parse("3.4 mm/vmalloc.c").text(Wording(ui: ui, lang: .ja)) == "mm/vmalloc.c（3.4）")
        #expect(c.html(Wording(ui: ui, lang: .en)) ==
                "<a class=\"cite\" href=\"https://elixir.bootlin.com/linux/v6.1.192/source/mm/vmalloc.c#L1313\"><code>mm/vmalloc.c</code>, 6.1, lines 1313–1330</a>")
    }

    @Test func theExpanderLeavesAPlaceholderAndReportsBadCitesAtTheirLine() throws {
        let ui = try #require(Self.ui)
        var e = Expander(machines: [:], ui: ui, captures: nil, simulation: Simulation())
        e.releases = Self.releases
        let front = FrontMatter(title: "T", summary: "S", order: 1, seeds: [], kernels: [], lines: [:])
        let page = SourcePage(slug: "t", lang: .en, file: "t/en.md", front: front,
                              body: "# T\n\nSee {{cite 6.1 mm/vmalloc.c:5}}.\n\n{{cite 9.9 mm/x.c}}\n\n```c\n{{cite 6.1 mm/vmalloc.c}}\n```\n", bodyLine: 8)
        var c = DiagnosticCollector()
        let out = e.expand(page, into: &c)
        #expect(out.cites.map(\.path) == ["mm/vmalloc.c"])
        #expect(out.markdown.contains("See " + Placeholder.cite(0) + "."))
        // Inside a code block a cite is text, as a fact is.
        #expect(out.markdown.contains("```c\n{{cite 6.1 mm/vmalloc.c}}\n```"))
        #expect(c.diagnostics.map(\.location) == [SourceLocation(file: "t/en.md", line: 12)])
        let html = Placeholder.replace(in: "<p>See \(Placeholder.cite(0)).</p>", facts: [], blocks: [], cites: ["<a>x</a>"])
        #expect(html == "<p>See <a>x</a>.</p>")
    }

    @Test(arguments: [
        "(`mm/vmalloc.c`, 3.4 lines 1313-1366)", "`include/linux/slab.h` (3.4, lines 120–134; 6.1, lines 276–314)",
        "（`mm/vmalloc.c`，3.4 第 1313-1366 行）", "（`mm/vmalloc.c`、3.4 の 1313-1366 行）", "(mmu.c, lines 786–815)",
        "（pgtable.h 第 41–43 行）", "（mmu.c の 786–815 行）", "`include/linux/gfp_types.h`（6.12）", "(`lib/vsprintf.c`, 6.1)",
        "(`mm/page_alloc.c` line 2241)", "（3.4 の 48–54 行）",
    ])
    func freeTextCitationsAreFound(_ line: String) {
        #expect(CitationLint.freeText("Some prose " + line + " more.") != nil, "\(line)")
    }

    @Test(arguments: [
        "See {{cite 6.1 mm/vmalloc.c:1313-1330}} and {{cite 3.4 mm/vmalloc.c}}.", "报告在较短的第二行之后就结束了",
        "read `/proc/vmallocinfo`（4.15 以后）", "kmalloc(100) in 6.1 is served by kmalloc-128", "the first line of the log",
        "`GFP_KERNEL` is 0xcc0 in 6.1", "ログの 2 行目", "x86-64 since 2.6.24",
    ])
    func proseAndCitesPass(_ line: String) {
        #expect(CitationLint.freeText(line) == nil, "\(line)")
    }
}
