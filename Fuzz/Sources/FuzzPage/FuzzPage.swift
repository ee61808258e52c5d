@testable import KmemContent
import KmemCore
import MarkdownRender
import Foundation

/// Front matter + page body: split, YAML, facts and kmem blocks, Markdown.
let context: (expander: Expander, ok: Bool) = {
    let good = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Tests/KmemContentTests/Fixtures/good").standardizedFileURL
    if let site = try? ContentLoader.load(from: good) {
        return (Expander(machines: site.machines, ui: site.ui, captures: nil, simulation: site.simulation), true)
    }
    fatalError("the good content fixture does not load: \(good.path)")
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let (front, body, bodyLine) = try? FrontMatterParser.parse(text, file: "f/en.md") else { return 0 }
    let page = SourcePage(slug: "f", lang: .en, file: "f/en.md", front: front, body: body, bodyLine: bodyLine)
    var c = DiagnosticCollector()
    let expanded = context.expander.expand(page, into: &c)
    _ = Markdown.render(expanded.markdown)
    return 0
}
