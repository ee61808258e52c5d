import Testing
@testable import MarkdownRender

@Suite struct MarkdownTests {
    @Test func rendersCommonMarkWithHeadingIDs() {
        let r = Markdown.render("# Title\n\n## The 8 MiB hole\n\nSome *text*.\n\n## The 8 MiB hole\n")
        #expect(r.html.contains("<h1 id=\"title\">Title</h1>"))
        #expect(r.html.contains("<h2 id=\"the-8-mib-hole\">"))
        #expect(r.html.contains("<h2 id=\"the-8-mib-hole-2\">"))
        #expect(r.html.contains("<em>text</em>"))
        #expect(r.headings.map(\.level) == [1, 2, 2])
    }

    @Test func keepsCJKInAnchors() {
        let r = Markdown.render("## 8 MiB 的空洞\n")
        #expect(r.headings.first?.id == "8-mib-的空洞")
    }

    @Test func omitsRawHTMLAlways() {
        let src = "<script>alert(1)</script>\n\nok <b>x</b> <img src=x onerror=alert(1)>\n"
        let html = Markdown.render(src).html
        #expect(!html.contains("<script>") && !html.contains("<b>") && !html.contains("onerror"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test func rewritesAndReportsLinks() {
        let src = "Intro.\n\nSee [vmalloc](vmalloc.md#guard) and [ext](https://kernel.org).\n"
        let r = Markdown.render(src) { $0.hasSuffix(".md#guard") ? "../vmalloc/#guard" : $0 }
        #expect(r.links.map(\.destination) == ["vmalloc.md#guard", "https://kernel.org"])
        #expect(r.links.first?.line == 3)
        #expect(r.html.contains("href=\"../vmalloc/#guard\""))
        #expect(r.html.contains("href=\"https://kernel.org\""))
    }

    @Test func hasNoPipeTables() {
        // Plain libcmark: a pipe table stays a paragraph, which is why tables come from blocks.
        #expect(!Markdown.render("| a | b |\n|---|---|\n| 1 | 2 |\n").html.contains("<table"))
    }
}
