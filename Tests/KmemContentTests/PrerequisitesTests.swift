import Foundation
import Testing
import TestSupport
@testable import KmemContent
import KmemCore

/// Issue 18: no page uses a glossary term before the page that teaches it, unless it links it.
@Suite struct PrerequisitesTests {
    static func page(_ slug: String, order: Int, lang: Language = .en, _ body: String) -> SourcePage {
        SourcePage(slug: slug, lang: lang, file: "content/pages/\(slug)/\(lang.rawValue).md",
                   front: FrontMatter(title: slug, summary: "s", order: order, seeds: [], kernels: []), body: body, bodyLine: 8)
    }
    static let softirq = GlossaryEntry(id: "softirq", term: [.en: "softirq", .zh: "软中断", .ja: "softirq"],
                                       definition: [.en: "d", .zh: "d", .ja: "d"], line: 3, page: "gfp")

    @Test func anEarlierPageUsingTheTermIsReportedAtItsFirstUse() {
        let pages = [Self.page("overview", order: 10, "# Overview\n\nNothing here.\nA Softirq may not sleep.\nsoftirq again\n"),
                     Self.page("gfp", order: 20, "# GFP\n\nsoftirq is taught here.\n")]
        let d = Prerequisites.check(pages: pages, glossary: [Self.softirq])
        #expect(d.count == 1)
        #expect(d.first?.location?.file == "content/pages/overview/en.md")
        #expect(d.first?.location?.line == 8 + 3)  // body line 8, fourth line of the body
        #expect(d.first?.message.contains("softirq") == true)
        #expect(d.first?.hint?.contains("glossary.md#term-softirq") == true)
    }

    @Test func aLinkToTheGlossaryOrToTheTeachingPageIsEnough() {
        for link in ["[softirq](glossary.md#term-softirq)", "[contexts](gfp.md)", "[contexts](gfp.md#atomic)"] {
            let pages = [Self.page("overview", order: 10, "# O\n\nA softirq, see \(link).\n"), Self.page("gfp", order: 20, "# G\n")]
            #expect(Prerequisites.check(pages: pages, glossary: [Self.softirq]).isEmpty, "\(link)")
        }
    }

    @Test func laterPagesCodeHeadingsWordPartsAndLinkAddressesDoNotCount() {
        let body = "# O\n\n## Softirq in a heading\n\n```c\n/* softirq */\n```\nsoftirqs_pending_x and ksoftirqd, [x](glossary.md#term-softirq-y)\n"
        let pages = [Self.page("overview", order: 10, body), Self.page("gfp", order: 20, "# G\n"),
                     Self.page("later", order: 30, "# L\n\nsoftirq\n")]
        #expect(Prerequisites.check(pages: pages, glossary: [Self.softirq]).isEmpty)
    }

    @Test func eachLanguageIsCheckedWithItsOwnTermAndParenthesisedTermsMatchTheirHead() {
        var zone = GlossaryEntry(id: "zone", term: [.en: "zone", .zh: "内存区域（zone）", .ja: "ゾーン"],
                                 definition: [.en: "d", .zh: "d", .ja: "d"], line: 9)
        zone.page = "zones"
        let pages = [Self.page("gfp", order: 20, lang: .zh, "# G\n\n从哪些内存区域分配\n"),
                     Self.page("gfp", order: 20, lang: .ja, "# G\n\nゾーン修飾子\n"),
                     Self.page("gfp", order: 20, lang: .en, "# G\n\nnothing\n"),
                     Self.page("zones", order: 25, lang: .en, "# Z\n")]
        let d = Prerequisites.check(pages: pages, glossary: [zone])
        #expect(Set(d.compactMap(\.location?.file)) == ["content/pages/gfp/zh.md", "content/pages/gfp/ja.md"])
    }

    @Test func aTeachingPageThatDoesNotExistIsReported() {
        var e = Self.softirq
        e.page = "nowhere"
        let d = Prerequisites.check(pages: [Self.page("gfp", order: 20, "# G\n")], glossary: [e], glossaryFile: "content/glossary.yaml")
        #expect(d.count == 1)
        #expect(d.first?.location == SourceLocation(file: "content/glossary.yaml", line: 3))
    }

    /// The real content keeps the rule (the check runs it too; this names the failure precisely).
    @Test func theContentKeepsTheTeachingOrder() throws {
        let content = Golden.folder().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content")
        do {
            let site = try ContentLoader.load(from: content)
            let withPage = site.glossary.filter { $0.page != nil }
            #expect(withPage.count >= 20)
            for id in ["mmu", "page-table", "softirq", "kswapd", "iommu", "cgroup"] {
                #expect(site.glossary.contains { $0.id == id }, "glossary lacks \(id)")
            }
        } catch {
            Issue.record("content does not load: \(error.diagnostics.prefix(5).map(\.description))")
        }
    }
}
