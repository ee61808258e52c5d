@testable import KmemContent
import KmemCore
import Foundation

/// The `{{fact NAME key=value}}` grammar (first line: the words) and the kmem-block grammar
/// (the whole input as a block's YAML body).
let site: ContentSite = {
    let good = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Tests/KmemContentTests/Fixtures/good").standardizedFileURL
    guard let s = try? ContentLoader.load(from: good) else { fatalError("the good content fixture does not load: \(good.path)") }
    return s
}()
let resolver = FactResolver(machines: site.machines, ui: site.ui, simulation: site.simulation)
let blocks = BlockParser(machines: site.machines)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let first = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    let words = first.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    let loc = SourceLocation(file: "f.md", line: 1)
    _ = try? resolver.resolve(words, at: loc, lang: .en)
    if let yaml = try? YAMLValue.parse(text, file: "f.md") { _ = try? blocks.parse(yaml, at: loc) }
    return 0
}
