import Foundation
import Testing
import TestSupport
import KmemContent
import KmemCore
@testable import KmemSite

/// Generated pictures, checked for what a reader would see wrong: labels outside their boxes,
/// boxes outside the picture.
@Suite struct DiagramTests {
    static let repo = Golden.folder().deletingLastPathComponent().deletingLastPathComponent()

    /// `attribute` of every `<tag …>` in `svg`, as numbers.
    static func numbers(_ attribute: String, of tag: String, class cls: String, in svg: String) -> [Double] {
        svg.components(separatedBy: "<\(tag) ").dropFirst().compactMap { element -> Double? in
            guard element.contains("class=\"\(cls)\""), let r = element.range(of: "\(attribute)=\"") else { return nil }
            return Double(element[r.upperBound...].prefix { $0 != "\"" })
        }
    }

    @Test(arguments: Language.allCases)
    func theGuardPageBoxHoldsItsLabelInsideThePicture(lang: Language) throws {
        let site = try ContentLoader.load(from: Self.repo.appendingPathComponent("content"))
        let m = try #require(site.machines["x86-160m"])
        guard case .vmallocFigure(let figure) = BlockResolver(site: site).resolve(.vmallocDiagram(m, size: 1_000_000), lang: lang) else {
            Issue.record("vmalloc(1000000) failed on x86-160m"); return
        }
        let svg = Diagrams.vmalloc(figure)
        let pagesX = Self.numbers("x", of: "rect", class: "page-area", in: svg)
        let guardX = try #require(Self.numbers("x", of: "rect", class: "page-guard", in: svg).first)
        let guardW = try #require(Self.numbers("width", of: "rect", class: "page-guard", in: svg).first)
        let label = site.ui("diagram.guard_page", lang)
        // 12px text: a CJK character is a full em wide, a Latin one about 0.6 em.
        let needed = label.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? 12 : 7.2) }
        #expect(guardW >= needed, "\(lang): \(label) needs \(needed)px, the box is \(guardW)")
        #expect(guardX + guardW <= 710, "\(lang): the guard box ends at \(guardX + guardW) of 720")
        #expect(guardX > (pagesX.max() ?? 0) + 44 + 60, "\(lang): the guard box overlaps the pages or the count")
        #expect(pagesX.count >= 8, "\(lang): only \(pagesX.count) pages drawn")
    }
}
