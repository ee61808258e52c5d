import Foundation
import Testing
@testable import KmemContent
import KmemCore

/// Bounds on what one page can cost the expander (found by fuzzing, Fuzz/README.md).
@Suite struct ExpandLimitsTests {
    static func page(_ body: String) -> SourcePage {
        let front = FrontMatter(title: "T", summary: "S", order: 1, seeds: [], kernels: [], lines: [:])
        return SourcePage(slug: "t", lang: .en, file: "t/en.md", front: front, body: body, bodyLine: 8)
    }

    /// 30,000 distinct misspelled facts on one line took seconds of "did you mean"; references
    /// stop being resolved after 100 errors, and one more error says the rest was not checked.
    @Test func aPageOfMisspelledFactsStopsAfterAHundredErrors() throws {
        let ui = try #require(CitationTests.ui)
        let e = Expander(machines: [:], ui: ui, captures: nil, simulation: Simulation())
        let body = (0..<30_000).map { "{{fact layout.vmalloc_st\($0)}}" }.joined(separator: " ")
        var c = DiagnosticCollector()
        let out = e.expand(Self.page("# T\n\n" + body + "\n"), into: &c)
        #expect(c.diagnostics.count == Expander.maxErrorsPerPage + 1)
        #expect(c.diagnostics.prefix(Expander.maxErrorsPerPage).allSatisfy { $0.message.hasPrefix("unknown fact") && $0.location?.line == 10 })
        #expect(c.diagnostics.last?.message.contains("the rest of the page was not checked") == true)
        // The unchecked text is kept as written, after the hundred replaced by `?`.
        #expect(out.markdown.contains("?" + " {{fact layout.vmalloc_st100}}"))
        #expect(out.markdown.hasSuffix("{{fact layout.vmalloc_st29999}}\n"))
    }

    @Test func aHundredErrorsOrFewerAreAllReportedWithoutTheExtraOne() throws {
        let ui = try #require(CitationTests.ui)
        let e = Expander(machines: [:], ui: ui, captures: nil, simulation: Simulation())
        let body = (0..<99).map { "{{fact nope\($0)}}\n" }.joined()
        var c = DiagnosticCollector()
        _ = e.expand(Self.page(body), into: &c)
        #expect(c.diagnostics.count == 99)
        #expect(!c.diagnostics.contains { $0.message.contains("not checked") })
    }
}
