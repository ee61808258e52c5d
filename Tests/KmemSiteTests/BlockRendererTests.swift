import Foundation
import Testing
import TestSupport
import KmemContent
import KmemCore
@testable import KmemSite

/// Every block kind, resolved and drawn in all three languages, against a golden file per kind
/// (`Golden/blocks/<kind>.html`): a change to any block renderer fails `swift test`, not only
/// CI's comparison of the whole site. Re-record with KMEMGUIDE_RECORD=1 and review the diff.
@Suite struct BlockRendererTests {
    static let repo = Golden.folder().deletingLastPathComponent().deletingLastPathComponent()

    /// One kmem block per kind, as a page would write it (machines from content/machines.yaml).
    static let examples: [(kind: String, yaml: String)] = [
        ("layout-table", "block: layout-table\nmachine: x86-160m"),
        ("layout-diagram", "block: layout-diagram\nmachine: x86-1g"),
        ("layout-compare", "block: layout-compare\nmachines: [x86-1g, x86-1g-v256]"),
        ("bootlog", "block: bootlog\nmachine: arm-1g-v200"),
        ("proc", "block: proc\nmachine: x86-160m\nfile: vmallocinfo\nscenario: demo"),
        ("kmalloc-table", "block: kmalloc-table\nkernel: \"6.1\""),
        ("kmalloc-sizes", "block: kmalloc-sizes\nkernel: \"3.4\"\nallocator: slab\nsizes: [0, 1, 4097, 4194304, 4194305]"),
        ("order-table", "block: order-table\nsizes: [1, 4096, 4097, 1000000]"),
        ("gfp-table", "block: gfp-table\nkernels: [\"3.4\", \"6.1\"]\nnames: [GFP_KERNEL, __GFP_ZERO]"),
        ("gfp-decode", "block: gfp-decode\nkernel: \"6.1\"\nvalue: 0xcc0"),
        ("context-table", "block: context-table\nkernel: \"6.1\""),
        ("vmalloc-diagram", "block: vmalloc-diagram\nmachine: x86-160m\nsize: 20000"),
        ("buddy-diagram", "block: buddy-diagram\nmachine: x86-160m"),
        ("demo", "block: demo\nmachine: x86-160m"),
        ("allocator-compare", "block: allocator-compare\nkernel: \"6.1\""),
        ("glossary", "block: glossary"),
        ("captures", "block: captures\narch: x86_64"),
    ]

    @Test func everyBlockKindHasAnExample() {
        #expect(Set(Self.examples.map(\.kind)) == Set(BlockParser.blockNames))
    }

    @Test(arguments: examples.map(\.kind))
    func blockRendersAsRecorded(kind: String) throws {
        let site = try Self.site()
        let yaml = try #require(Self.examples.first { $0.kind == kind }?.yaml)
        var parser = BlockParser(machines: site.machines)
        parser.captures = Library.captures(besideContent: Self.repo.appendingPathComponent("content"))
        let block = try parser.parse(try YAMLValue.parse(yaml, file: "\(kind).yaml"), at: SourceLocation(file: "\(kind).yaml", line: 1))
        if case .invalid = block { Issue.record("\(kind) did not parse"); return }
        let resolver = BlockResolver(site: site)
        var out = ""
        for lang in Language.allCases {
            out += "<!-- \(lang.rawValue) -->\n" + BlockRenderer.render(resolver.resolve(block, lang: lang)) + "\n"
        }
        Golden.check(out, against: Golden.folder().appendingPathComponent("Golden/blocks/\(kind).html"))
    }

    /// Loaded once for all kinds (a load boots every machine the pages use).
    static let loaded = Result { () throws -> ContentSite in try ContentLoader.load(from: repo.appendingPathComponent("content")) }
    static func site() throws -> ContentSite { try loaded.get() }
}
