import Foundation
import Testing
@testable import KmemCLI
import KmemBuiltIn
import KmemContent
import KmemCore
import KmemScenario
import TestSupport

/// `kmemguide sim` prints in the reader's language (issue 13): our words come from ui.yaml's
/// `sim.*` (and `region.*`, `demo.reason.*`, `l10n.*`); what the kernel prints stays as printed;
/// English stays as it always was.
@Suite struct SimTextTests {
    static let scenario = """
        machine: {arch: x86_32, kernel: "6.1", ram: 160M}
        seed: 1
        steps:
          - kmalloc: {size: 100, gfp: GFP_KERNEL, as: a}
          - kmalloc: {size: 9000, gfp: GFP_KERNEL, as: big}
          - kzalloc: {size: 64, gfp: GFP_ATOMIC, context: softirq, as: z}
          - kmalloc: {size: 64M, gfp: GFP_KERNEL}
          - vmalloc: {size: 1M, as: v}
          - get_free_pages: {order: 2, gfp: GFP_ATOMIC, context: hardirq, as: p}
          - kfree: a
          - kfree: v
          - vfree: a
          - free_pages: {ptr: v, order: 0}
          - free_pages: {ptr: p, order: 2}
          - vfree: v
        show: [vmallocinfo, meminfo, buddyinfo, slabinfo, events]
        """

    static let commands: [[String]] = [
        ["sim", "demo"],
        ["sim", "demo", "--arch", "x86_64", "--kernel", "6.1", "--ram", "2G"],
        ["sim", "demo", "--kernel", "6.1"],
        ["sim", "layout"],
        ["sim", "layout", "--arch", "x86_64", "--kernel", "6.1", "--ram", "8G"],
        ["sim", "layout", "--arch", "arm32", "--kernel", "3.4", "--ram", "1G", "--vmalloc", "8M"],
        ["sim", "kmalloc", "0", "100", "9000", "5000000", "--kernel", "3.4"],
        ["sim", "gfp", "GFP_KERNEL", "0", "--kernel", "6.1"],
        ["sim", "order", "0", "5000", "8589934592"],
        ["sim", "run", "SCENARIO"],
    ]

    /// Words and ids of ours that a Chinese or Japanese reader must not see.
    static let english = ["pages", "bytes", "physically", "restored", "page allocator", "fails", "lowmem", "highmem",
                          "zone", "cache", "demo module", "boot seed", "kernel:", "kernel log", "freed", "not a",
                          "(nothing)", "Vmalloc lines", "in vmalloc", "does not fit", "would wrongly", "yes", "no;",
                          "hole", "vmalloc-guard", "vmalloc-hole", "fixmap-boot", "direct-map", "kernel-text",
                          "cpu-entry-area", "non-canonical", "guard-hole", "user", "vectors", "modules",
                          "-linear", "slab-object", "vmalloc-area", "RAM (boot"]

    static func run(_ args: [String], lang: String) throws -> (status: Int32, out: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmemguide-simtext-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("s.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = nil
        env["LC_MESSAGES"] = nil
        env["LANG"] = lang
        let r = try Command.run(CLITests.binary, args.map { $0 == "SCENARIO" ? file.path : $0 }, environment: env)
        return (r.status, r.stdout)
    }

    @Test(arguments: ["zh_CN.UTF-8", "ja_JP.UTF-8"])
    func everyLineOfOursIsInTheLanguage(lang: String) throws {
        let cjk = #"[\p{Han}\p{Hiragana}\p{Katakana}ー]"#
        let halfWidthTouching = try NSRegularExpression(pattern: "\(cjk)[,.:;()!?]|[,:;()!?]\(cjk)")
        let spaceAfterFullWidth = try NSRegularExpression(pattern: "[，。：；、（）！？] ")
        for args in Self.commands {
            let en = try Self.run(args, lang: "C.UTF-8")
            let local = try Self.run(args, lang: lang)
            #expect(en.status == 0 && local.status == 0, "\(args)")
            #expect(!local.out.contains("⟦missing"), "\(args)")
            // A line the same in English is the kernel's (/proc, the kernel log, the call itself).
            let kernels = Set(en.out.split(separator: "\n", omittingEmptySubsequences: false))
            let ours = local.out.split(separator: "\n").filter { !kernels.contains($0) }.map(String.init)
            // `NAME = value = FLAGS` (sim gfp) has no words of ours.
            #expect(!ours.isEmpty || args.contains("gfp"), "\(args): nothing was translated")
            for line in ours {
                // The kernel's own message after our label is the kernel's ("160MB LOWMEM available.").
                let checked = args.contains("layout") ? String(line.split(separator: "：", maxSplits: 1).first ?? "") : line
                for word in Self.english where checked.range(of: "\\b" + NSRegularExpression.escapedPattern(for: word), options: .regularExpression) != nil {
                    Issue.record("\(args) \(lang): \"\(word)\" in: \(line)")
                }
                let range = NSRange(line.startIndex..., in: line)
                if halfWidthTouching.firstMatch(in: line, range: range) != nil { Issue.record("\(args) \(lang): half-width punctuation touching CJK: \(line)") }
                if spaceAfterFullWidth.firstMatch(in: line, range: range) != nil { Issue.record("\(args) \(lang): a space after full-width punctuation: \(line)") }
            }
        }
    }

    @Test func englishIsAsItAlwaysWas() throws {
        let order = try Self.run(["sim", "order", "5000"], lang: "C.UTF-8")
        #expect(order.out == "get_order(5000) = 1: 2 pages, 8192 bytes\n")
        let kmalloc = try Self.run(["sim", "kmalloc", "9000", "5000000", "--kernel", "3.4"], lang: "C.UTF-8")
        #expect(kmalloc.out == "kmalloc(9000) -> page allocator, order 2, ksize 16384\nkmalloc(5000000) -> fails: NULL, ksize 0\n")
        let demo = try Self.run(["sim", "demo"], lang: "C.UTF-8").out.split(separator: "\n").map(String.init)
        #expect(demo.first == "The seeds' demo module on x86_32, Linux 3.4, 160 MiB RAM (boot seed 2026)")
        #expect(demo.contains("    245 pages, physically contiguous: no; virt_to_phys() would wrongly give 0x0a800000"))
        #expect(demo.contains { $0.hasSuffix("  in lowmem  (lowmem-linear)") })
        #expect(demo.last == "module_exit restored the free lists: yes")
        let layout = try Self.run(["sim", "layout"], lang: "C.UTF-8").out.split(separator: "\n").map(String.init)
        #expect(layout.contains("  vmalloc-guard    0xff7fe000 - 0xff800000  8 KiB"))
        #expect(layout.contains("lowmem 160 MiB, highmem 0 bytes"))
    }

    /// `--lang` wins over the locale; JSON and boot logs are the same in every language.
    @Test func langOptionAndKernelFormats() throws {
        let zh = try Self.run(["sim", "order", "5000", "--lang", "zh"], lang: "ja_JP.UTF-8")
        #expect(zh.out == "get_order(5000) = 1：2 页，8192 字节\n")
        let en = try Self.run(["sim", "order", "5000", "--lang", "en"], lang: "ja_JP.UTF-8")
        #expect(en.out == "get_order(5000) = 1: 2 pages, 8192 bytes\n")
        for args in [["sim", "kmalloc", "100", "9000", "--kernel", "6.1", "--format", "json"],
                     ["sim", "layout", "--arch", "x86_32", "--kernel", "6.1", "--ram", "2G", "--format", "json"],
                     ["sim", "layout", "--arch", "arm32", "--kernel", "3.4", "--ram", "1G", "--format", "bootlog"],
                     ["sim", "order", "5000", "--format", "json"]] {
            let reference = try Self.run(args, lang: "C.UTF-8").out
            #expect(!reference.isEmpty)
            for lang in ["zh_CN.UTF-8", "ja_JP.UTF-8"] { #expect(try Self.run(args, lang: lang).out == reference, "\(args) \(lang)") }
        }
    }

    /// ui.yaml's English is the English `sim run` printed before it had words in ui.yaml.
    @Test func scenarioEnglishFromUIIsTheBuiltInEnglish() throws {
        let script = try ScenarioScript.parse(Self.scenario, file: "s.yaml")
        let ui = try ContentLoader.loadUI(BuiltIn.content)
        #expect(try script.run(wording: Wording(ui: ui, lang: .en)) == script.run())
        #expect(try script.run(wording: Wording(ui: ui, lang: .zh)) != script.run())
    }

    /// The keys the sim commands look up are exactly the ones `check` requires in three languages.
    @Test func simKeysAreTheListedOnes() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources")
        var used = Set<String>()
        for target in ["KmemCLI", "KmemScenario"] {
            let folder = sources.appendingPathComponent(target)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
                let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                let regex = try NSRegularExpression(pattern: "\"(sim\\.[a-z0-9_.]+)\"")
                for m in regex.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
                    used.insert((source as NSString).substring(with: m.range(at: 1)))
                }
            }
        }
        #expect(used == Set(SimTextKeys.all))
        let ui = try ContentLoader.loadUI(BuiltIn.content)
        for key in SimTextKeys.all { for lang in Language.allCases { #expect(ui.table[key]?[lang]?.isEmpty == false, "\(key) \(lang)") } }
    }
}
