import Foundation
import Testing
import TestSupport
@testable import KmemContent
import KernelSim
import KmemCore

/// The layout explorer (issue 16) shows, for every combination it offers, exactly what
/// `kmemguide sim layout --format json` prints: the stored data is decoded — by the page's own
/// script under Node when it is installed, and by a decoder here — and compared with the
/// simulator's `jsonObject()` for the same machine.
@Suite struct ExplorerTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    nonisolated(unsafe) static let data = Explorer.dataObject()
    /// Every 37th combination (37 is prime to every axis length), plus the first and last.
    static let sample: [Int] = Array(stride(from: 0, to: Explorer.count, by: 37)) + [Explorer.count - 1]

    static func canonical(_ v: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }

    /// What the simulator says for combination `n`: its JSON, or its error message.
    static func expected(_ n: Int) -> Any {
        do { return try AddressSpaceLayout.compute(Explorer.config(Explorer.choice(n))).jsonObject() } catch {
            return ["error": error.message]
        }
    }

    /// A second decoder of the data format (the page's is templates/assets/explorer.js).
    static func decode(_ n: Int) -> Any {
        let s = data["s"] as! [String], t = data["t"] as! [[Int]], layouts = data["layouts"] as! [[Any]]
        let v = (data["combos"] as! [Int])[n]
        if v < 0 { return ["error": s[(data["errors"] as! [[Int]])[-1 - v][0]]] }
        let l = layouts[v]
        func str(_ i: Any) -> String { s[i as! Int] }
        return [
            "arch": str(l[0]), "kernel": str(l[1]), "page_offset": str(l[2]), "high_memory": str(l[3]),
            "vmalloc_start": str(l[4]), "vmalloc_end": str(l[5]), "pkmap_base": (l[6] as! Int) < 0 ? NSNull() : str(l[6]) as Any,
            "fixaddr_start": str(l[7]), "lowmem_bytes": l[8], "highmem_bytes": l[9],
            "regions": (l[10] as! [Int]).map { let r = t[$0]; return ["name": s[r[0]], "start": s[r[1]], "end": s[r[2]]] },
            "zones": (l[11] as! [Int]).map { let z = t[$0]; return ["name": s[z[0]], "start_pfn": z[1], "end_pfn": z[2]] as [String: Any] },
            "messages": (l[12] as! [Int]).map { s[$0] },
            "vmalloc_end_exclusive": str(l[5]), "VMALLOC_END": str((l[15] as! [Int])[0]),
            "modules_vaddr": str((l[15] as! [Int])[1]), "modules_end": str((l[15] as! [Int])[2]), "fixaddr_top": str((l[15] as! [Int])[3]),
            "max_pfn": (l[15] as! [Int])[4], "max_low_pfn": (l[15] as! [Int])[5],
            "e820": (l[16] as! [Int]).map { let e = t[$0]; return ["start": s[e[0]], "end": s[e[1]], "type": s[e[2]]] },
        ] as [String: Any]
    }

    @Test func theDataReproducesTheSimulatorForASample() {
        for n in Self.sample {
            #expect(Self.canonical(Self.decode(n)) == Self.canonical(Self.expected(n)), "combination \(n): \(Explorer.choice(n))")
        }
    }

    @Test func thePagesScriptDecodesTheSameUnderNode() throws {
        let node = Command.which("node")
        try #require(node != nil, "Node is not installed (scripts/setup.sh installs nodejs)")
        let dataFile = TestFolders.make("explorer").appendingPathComponent("explorer-data.js")
        // The data this suite already computed, written as the build writes it.
        try Data(Explorer.dataScript(Self.data).utf8).write(to: dataFile)
        let script = Self.repo.appendingPathComponent("templates/assets/explorer.js").path
        let js = """
        require(\(Self.canonical([dataFile.path]).dropFirst().dropLast()));
        const x = require(\(Self.canonical([script]).dropFirst().dropLast()));
        const d = globalThis.KMEM_EXPLORER;
        const out = \(Self.canonical(Self.sample)).map(n => {
          const choice = []; let rest = n;
          for (let k = d.axes.length - 1; k >= 0; k--) { choice[k] = rest % d.axes[k].values.length; rest = Math.floor(rest / d.axes[k].values.length); }
          const r = x.lookup(d, choice);
          return r.error ? {error: r.error} : r.json;
        });
        process.stdout.write(JSON.stringify(out));
        """
        let r = try Command.run(URL(fileURLWithPath: try #require(node)), ["-e", js])
        #expect(r.status == 0, "\(r.stderr)")
        let outData = Data(r.stdout.utf8)
        let decoded = try #require(try JSONSerialization.jsonObject(with: outData) as? [Any])
        #expect(decoded.count == Self.sample.count)
        for (n, got) in zip(Self.sample, decoded) {
            #expect(Self.canonical(got) == Self.canonical(Self.expected(n)), "combination \(n): \(Explorer.choice(n))")
        }
    }

    @Test func oneFunctionMakesTheMachine() {
        func pick(_ values: [String: String]) -> MachineConfig {
            Explorer.config(Explorer.axes.map { a in a.values.firstIndex(of: values[a.id] ?? a.values[0])! })
        }
        let pae = pick(["arch": "x86_32", "pae": "on", "kernel": "6.1", "ram": "8G", "vmalloc": "256M", "nr_cpus": "32"])
        #expect(pae.arch == .x86_32_pae && pae.kernel == .v6_1 && pae.ramBytes == 8 << 30 && pae.vmallocParam == 256 << 20 && pae.nrCpus == 32)
        // PAE applies to x86_32 only; defaults leave the kernel's own values.
        let arm = pick(["arch": "arm32", "pae": "on", "ram": "1G"])
        #expect(arm.arch == .arm32 && arm.vmallocParam == nil && arm.nrCpus == nil)
    }

    /// Each kernel of the menu boots a plain machine: the explorer builds every kernel with the
    /// allocator it had (2.6.18: SLAB), as `sim layout` does, instead of refusing 2.6.
    @Test func everyKernelBootsWithItsOwnAllocator() {
        let kernelAxis = Explorer.axes.firstIndex { $0.id == "kernel" }!
        for (i, k) in Explorer.axes[kernelAxis].values.enumerated() {
            var choice = Explorer.axes.map { _ in 0 }
            choice[kernelAxis] = i
            let cfg = Explorer.config(choice)
            #expect(cfg.allocator == .default(for: cfg.kernel))
            #expect((try? AddressSpaceLayout.compute(cfg)) != nil, "Linux \(k) on x86_32 does not boot in the explorer")
        }
    }

    /// Why a machine does not boot is shown in the page's language: every error the data holds
    /// names a reason that ui.yaml words in en, zh and ja, with the placeholders the data fills.
    @Test func everyReasonItShowsIsWordedInEveryLanguage() throws {
        let ui = try ContentLoader.loadUI(SourceTree(folder: Self.repo.appendingPathComponent("content")))
        let s = Self.data["s"] as! [String], errors = Self.data["errors"] as! [[Int]]
        #expect(!errors.isEmpty)
        // ARM on 2.6 and x86-64 on 3.4 boot on real machines: the page must not say otherwise.
        let limits = Set(errors.filter { $0[2] == 1 }.map { s[$0[1]] })
        #expect(limits == ["arm_board_specific", "old_x86_64_map"], "\(limits)")
        for e in errors {
            let id = s[e[1]]
            let keys = stride(from: 3, to: e.count, by: 2).map { s[e[$0]] }
            for lang in Language.allCases {
                let text = ui("explorer.reason.\(id)", lang)
                #expect(ui.table["explorer.reason.\(id)"]?[lang] != nil, "explorer.reason.\(id) has no \(lang) wording")
                for k in keys { #expect(text.contains("{\(k)}"), "explorer.reason.\(id) (\(lang)) does not show {\(k)}") }
            }
        }
    }

    @Test func everyRegionItShowsHasANameInEveryLanguage() throws {
        let ui = try String(contentsOf: Self.repo.appendingPathComponent("content/ui.yaml"), encoding: .utf8)
        let s = Self.data["s"] as! [String], t = Self.data["t"] as! [[Int]], layouts = Self.data["layouts"] as! [[Any]]
        let names = Set(layouts.flatMap { ($0[10] as! [Int]).map { s[t[$0][0]] } })
        #expect(names.count > 5)
        for name in names.sorted() { #expect(ui.contains("  region.\(name): {en:"), "region.\(name) is missing from ui.yaml") }
    }

    @Test func theDataFileIsDeterministicAndCompact() {
        let a = Explorer.dataScript(), b = Explorer.dataScript()
        #expect(a == b)
        #expect(a.utf8.count < 1_000_000)
        let layouts = (Self.data["layouts"] as! [Any]).count
        #expect(layouts < Explorer.count / 2, "equal layouts are stored once")
    }
}
