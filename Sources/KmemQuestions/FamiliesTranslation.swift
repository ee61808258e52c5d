import KernelSim
import KmemCore

/// Address translation on x86-32: __pa/__va of lowmem, and which region an address is in.
enum TranslationFamilies {
    static let ramChoicesMiB: [UInt64] = [64, 96, 121, 128, 160, 200, 256, 384, 512, 700, 768, 1024, 2048]
    /// The seeds' PAGE_OFFSET with one zero missing (errata: "PAGE_OFFSET has a digit missing").
    static let seedTypoPageOffset: UInt64 = 0x0c00_0000
    static let mask32: UInt64 = 0xffff_ffff

    /// The regions the questions name (`region-of.region.<id>`); any other is "an unused hole".
    static let regionTexts = ["user", "lowmem", "vmalloc-hole", "vmalloc", "vmalloc-guard", "pkmap", "ldt", "cpu-entry-area", "fixmap", "highmem", "unused"]

    /// The texts these families fill, with the placeholders each takes.
    static let texts: [String: Set<String>] = [
        "translate-pa.title": [], "translate-pa.prompt": ["machine", "virt"],
        "translate-pa.explanation": ["virt", "page_offset", "high_memory", "phys"],
        "translate-va.title": [], "translate-va.prompt": ["machine", "phys"],
        "translate-va.explanation": ["phys", "lowmem", "page_offset", "virt"],
        "region-of.title": [], "region-of.prompt": ["machine", "addr"],
        "region-of.layout": ["page_offset", "high_memory", "vmalloc_start", "vmalloc_end", "pkmap", "fixmap"],
        "region-of.layout_pkmap": ["pkmap"], "region-of.explanation": ["addr", "start", "end", "region"],
    ].merging(regionTexts.map { ("region-of.region." + $0, $0 == "vmalloc-hole" ? ["hole"] : Set<String>()) }) { a, _ in a }

    static func x86Machine(_ rng: inout SplitMix64) -> MachineConfig {
        MachineConfig(arch: .x86_32, kernel: rng.pick([.v3_4, .v6_1]), ramBytes: rng.pick(ramChoicesMiB) << 20)
    }

    /// A lowmem virtual address at least 1 MiB into the direct mapping: page-aligned half of
    /// the time, with a 16-byte aligned offset otherwise.
    static func lowmemAddress(_ l: AddressSpaceLayout, _ rng: inout SplitMix64) -> UInt64 {
        let pages = (l.lowmemBytes >> 12) - 256
        var a = l.pageOffset + (256 + UInt64(rng.below(Int(pages)))) << 12
        if rng.below(2) == 1 { a += UInt64(rng.below(256)) << 4 }
        return a
    }

    static let pa = QuestionFamily(id: "translate-pa", topic: "translation", kind: .singleChoice, difficulty: 2) { rng, t in
        let l = bootableLayout(&rng, x86Machine)
        let virt = lowmemAddress(l, &rng)
        let phys = virt - l.pageOffset
        let armPhysOffset = MachineConfig(arch: .arm32, kernel: .v3_4, ramBytes: 1 << 30).physOffset
        let h = FamilyText.hex32
        let right = Candidate(h(phys))
        let wrong = [
            Candidate(h((virt &- seedTypoPageOffset) & mask32), misconception: "page-offset-missing-digit"),
            Candidate(h((virt &+ l.pageOffset) & mask32), misconception: "offset-applied-backwards"),
            Candidate(h((phys &+ armPhysOffset) & mask32), misconception: "arm-phys-offset-on-x86"),
            Candidate(h(virt), misconception: "virtual-equals-physical"),
        ]
        let v = Localized.all(h(virt)), po = Localized.all(h(l.pageOffset))
        return Draft(
            prompt: t("translate-pa.prompt", ["machine": t.machine(l.config), "virt": v]),
            answer: .choice(right: right, wrong: wrong),
            explanation: t("translate-pa.explanation", ["virt": v, "page_offset": po, "high_memory": .all(h(l.highMemory)), "phys": .all(h(phys))]),
            sources: [Src.k("6.1:arch/x86/include/asm/page_32.h"), Src.k("6.1:arch/x86/include/asm/io.h"), Src.seed("s003")],
            parameters: machineParameters(l.config).merging(["addr": String(virt)]) { a, _ in a })
    }

    static let va = QuestionFamily(id: "translate-va", topic: "translation", kind: .hexAddress, difficulty: 2) { rng, t in
        let l = bootableLayout(&rng, x86Machine)
        let phys = lowmemAddress(l, &rng) - l.pageOffset
        let virt = phys + l.pageOffset
        let armPhysOffset = MachineConfig(arch: .arm32, kernel: .v3_4, ramBytes: 1 << 30).physOffset
        let h = FamilyText.hex32
        let wrong = [
            Candidate(h((phys &+ seedTypoPageOffset) & mask32), misconception: "page-offset-missing-digit"),
            Candidate(h((phys &- l.pageOffset) & mask32), misconception: "offset-applied-backwards"),
            Candidate(h((phys &+ l.pageOffset &- armPhysOffset) & mask32), misconception: "arm-phys-offset-on-x86"),
            Candidate(h(phys), misconception: "virtual-equals-physical"),
        ]
        let p = Localized.all(h(phys))
        return Draft(
            prompt: t("translate-va.prompt", ["machine": t.machine(l.config), "phys": p]),
            answer: .hex(virt, wrong: wrong),
            explanation: t("translate-va.explanation", ["phys": p, "lowmem": t.size(l.lowmemBytes), "page_offset": .all(h(l.pageOffset)), "virt": .all(h(virt))]),
            sources: [Src.k("6.1:arch/x86/include/asm/page.h"), Src.k("6.1:arch/x86/include/asm/io.h")],
            parameters: machineParameters(l.config).merging(["phys": String(phys)]) { a, _ in a })
    }

    // MARK: - Region of an address

    /// Display names of the layout's regions.
    static func regionName(_ name: String, _ l: AddressSpaceLayout, _ t: FamilyWords) -> Localized {
        switch name {
        case "vmalloc-hole": return t("region-of.region.vmalloc-hole", ["hole": t.size(l.vmallocStart - l.highMemory)])
        case "fixmap-boot": return t("region-of.region.fixmap")
        case let n where regionTexts.contains(n): return t("region-of.region." + n)
        default: return t("region-of.region.unused")
        }
    }

    /// For each region asked about: the wrong answers people give, with the misconception.
    static let wrongRegions: [String: [(String, String)]] = [
        "lowmem": [("highmem", "highmem-is-a-virtual-region"), ("vmalloc", "lowmem-vmalloc-boundary-misplaced"), ("user", "page-offset-missing-digit")],
        "vmalloc-hole": [("vmalloc", "forgot-8mib-hole"), ("lowmem", "lowmem-vmalloc-boundary-misplaced"), ("highmem", "highmem-is-a-virtual-region")],
        "vmalloc": [("lowmem", "ram-not-capped"), ("highmem", "highmem-is-a-virtual-region"), ("vmalloc-hole", "forgot-8mib-hole")],
        "pkmap": [("vmalloc", "vmalloc-reaches-top"), ("fixmap", "pkmap-fixmap-swapped"), ("highmem", "highmem-is-a-virtual-region")],
        "fixmap": [("vmalloc", "vmalloc-reaches-top"), ("pkmap", "pkmap-fixmap-swapped"), ("highmem", "highmem-is-a-virtual-region")],
        "user": [("lowmem", "page-offset-missing-digit"), ("vmalloc", "kernel-owns-whole-space"), ("highmem", "highmem-is-a-virtual-region")],
    ]

    static let regionOf = QuestionFamily(id: "region-of", topic: "layouts", kind: .singleChoice, difficulty: 2) { rng, t in
        let l = bootableLayout(&rng) { r in
            MachineConfig(arch: r.pick([.x86_32, .x86_32, .x86_32_pae]), kernel: r.pick([.v3_4, .v6_1]),
                          ramBytes: r.pick([128, 160, 512, 768, 1024, 2048, 3072]) << 20)
        }
        let target = rng.pick(["lowmem", "vmalloc-hole", "vmalloc", "vmalloc", "pkmap", "fixmap", "user"])
        let region = l.regions.first { $0.name == target } ?? l.regions.first { $0.name == "vmalloc" }!
        // An address inside the region: for vmalloc on a machine whose RAM exceeds lowmem, one
        // that PAGE_OFFSET + RAM would wrongly call lowmem, when there is one.
        var addr: UInt64
        let span = region.size >> 12
        addr = region.start + UInt64(rng.below(Int(max(1, span)))) << 12
        if region.name == "vmalloc", l.highmemBytes > 0 {
            let naiveTop = min(l.pageOffset + l.config.ramBytes, region.end)
            if naiveTop > region.start { addr = region.start + (UInt64(rng.below(Int(max(1, (naiveTop - region.start) >> 12)))) << 12) }
        }
        if region.name == "user" {
            // Between the seeds' mistyped PAGE_OFFSET and the real one.
            addr = seedTypoPageOffset + UInt64(rng.below(Int((l.pageOffset - seedTypoPageOffset) >> 12))) << 12
        }
        addr += UInt64(rng.below(256)) << 4
        let actual = l.region(containing: addr)!.name
        let h = FamilyText.hex32
        let right = Candidate(key: actual, text: regionName(actual, l, t))
        let wrong = (wrongRegions[actual] ?? []).map { w -> Candidate in
            // "RAM not capped" explains lowmem for a vmalloc address only when RAM exceeds lowmem.
            let why = w.1 == "ram-not-capped" && l.highmemBytes == 0 ? "lowmem-vmalloc-boundary-misplaced" : w.1
            return Candidate(key: w.0, text: regionName(w.0, l, t), misconception: why)
        }
        let r = l.region(containing: addr)!
        let a = Localized.all(h(addr))
        let pkmap = l.pkmapBase.map { t("region-of.layout_pkmap", ["pkmap": .all(h($0))]) } ?? .all("")
        let frame = t("region-of.layout", ["page_offset": .all(h(l.pageOffset)), "high_memory": .all(h(l.highMemory)),
                                           "vmalloc_start": .all(h(l.vmallocStart)), "vmalloc_end": .all(h(l.vmallocEnd)),
                                           "pkmap": pkmap, "fixmap": .all(h(l.fixaddrStart))])
        return Draft(
            prompt: t("region-of.prompt", ["machine": t.machine(l.config), "addr": a]),
            answer: .choice(right: right, wrong: wrong),
            explanation: frame + t("region-of.explanation", ["addr": a, "start": .all(h(r.start)), "end": .all(h(r.end)), "region": regionName(actual, l, t)]),
            sources: [Src.k("3.4:arch/x86/include/asm/pgtable_32_types.h"), Src.k("6.1:arch/x86/include/asm/pgtable_32_areas.h"), Src.seed("s004")],
            parameters: machineParameters(l.config).merging(["addr": String(addr), "region": actual]) { a, _ in a })
    }
}
