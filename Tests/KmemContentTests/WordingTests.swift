import Foundation
import Testing
import TestSupport
@testable import KmemContent
import KernelSim
import KmemCore

/// Issue 13: generated text in each language, glossary collation, and the language lints.
@Suite struct WordingTests {
    static let content = Golden.folder().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content")
    static let ui: UIStrings = (try? ContentLoader.loadUI(SourceTree(folder: content))) ?? UIStrings(table: [:])

    @Test func unitsListsAndCaptionsComeFromTheCatalog() {
        let zh = Wording(ui: Self.ui, lang: .zh), ja = Wording(ui: Self.ui, lang: .ja), en = Wording(ui: Self.ui, lang: .en)
        #expect(zh.size(8) == "8 字节")
        #expect(ja.size(4097) == "4097 バイト")
        #expect(ja.bytes(1_007_616) == "1007616 バイト")
        #expect(en.size(0) == "0 bytes")
        #expect(zh.size(8 << 20) == "8 MiB")
        #expect(zh.clauses([zh.label("页数", "245"), zh.label("物理上连续", "否")]) == "页数：245，物理上连续：否")
        #expect(en.clauses([en.label("Pages", "245"), en.label("Physically contiguous", "no")]) == "Pages: 245, Physically contiguous: no")
        #expect(ja.list(["a", "b"]) == "a、b")
        #expect(zh.region("vmalloc-hole") == "VMALLOC_OFFSET 空洞")
        #expect(zh.paren("页分配器", zh.order(2)) == "页分配器（阶 2）")
        let cfg = MachineConfig(arch: .x86_32, kernel: .v3_4, ramBytes: 1 << 30, vmallocParam: 256 << 20)
        #expect(zh.machine(cfg) == "x86_32、Linux 3.4、1 GiB 内存、vmalloc=256M")
    }

    @Test func bootParametersReadAsMemparseReadsThem() {
        #expect(Wording.bootParameter("vmalloc", 256 << 20) == "vmalloc=256M")
        #expect(Wording.bootParameter("vmalloc", 2000 << 20) == "vmalloc=2000M")
        #expect(Wording.bootParameter("vmalloc", 1 << 30) == "vmalloc=1G")
        #expect(Wording.bootParameter("vmalloc", 1_000_000) == "vmalloc=1000000")
        for v: UInt64 in [256 << 20, 2000 << 20, 1 << 30, 1_000_000, 12 << 10] {
            #expect(ByteSize.parse(Wording.memparseText(v)) == v)
        }
    }

    @Test func vmallocLintRejectsWhatMemparseWouldNotRead() {
        #expect(!ContentLint.vmallocParameters("caption vmalloc=1.95G here").isEmpty)
        #expect(!ContentLint.vmallocParameters("设为 `vmalloc=`256 MiB 时").isEmpty)
        #expect(!ContentLint.vmallocParameters("vmalloc=256 MiB とすると").isEmpty)
        #expect(ContentLint.vmallocParameters("boot with vmalloc=256M").isEmpty)
        #expect(ContentLint.vmallocParameters("the vmalloc= parameter").isEmpty)
        #expect(ContentLint.vmallocParameters("启动参数 vmalloc=参数").isEmpty)
    }

    @Test func strongThatCommonMarkLeavesLiteral() {
        #expect(!CJKText.unrenderedStrong("**采集结果纠正了什么。**第一次运行时").isEmpty)
        #expect(!CJKText.unrenderedStrong("**キャプチャが正したもの。**最初の実行では").isEmpty)
        #expect(CJKText.unrenderedStrong("**采集结果纠正了什么**。第一次运行时").isEmpty)
        #expect(CJKText.unrenderedStrong("a **bold** word and `**code**`").isEmpty)
    }

    @Test func glossarySortsByPinyinAndByReading() throws {
        let site = try ContentLoader.load(from: Self.content)
        let zh = Collation.sorted(site.glossary, lang: .zh).compactMap { $0.term[.zh] }
        // 保护页 (bao) < 低端内存 (di) < 高端内存 (gao) < 伙伴分配器 (huo) < 物理地址 (wu) < 虚拟地址 (xu).
        let order = ["保护页", "低端内存", "高端内存", "伙伴分配器", "物理地址", "虚拟地址"].compactMap { zh.firstIndex(of: $0) }
        #expect(order.count == 6 && order == order.sorted(), "\(zh)")
        let ja = Collation.sorted(site.glossary, lang: .ja).compactMap { $0.term[.ja] }
        // か (仮想アドレス) before は (バディアロケータ) before ぶ (物理アドレス) before ろ (ローメモリ).
        let jaOrder = ["仮想アドレス", "バディアロケータ", "物理アドレス", "ローメモリ"].compactMap { ja.firstIndex(of: $0) }
        #expect(jaOrder.count == 4 && jaOrder == jaOrder.sorted(), "\(ja)")
    }
}
