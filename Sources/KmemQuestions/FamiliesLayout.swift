import KernelSim
import KmemCore

/// Layout values of 32-bit machines: VMALLOC_START, high_memory, lowmem, ARM's vmalloc= clamp.
enum LayoutFamilies {
    static let MiB: UInt64 = 1 << 20
    static let hole: UInt64 = 8 << 20  // VMALLOC_OFFSET, the same on x86 and ARM (§1.1, §2.1)
    static let ramMiB: [UInt64] = [64, 100, 121, 128, 160, 200, 250, 256, 300, 384, 500, 512, 700, 768, 850, 896, 1000, 1024, 1536, 2048, 3072]
    static let bigRamMiB: [UInt64] = [896, 900, 1000, 1024, 1536, 2048, 3072, 4096]

    /// An x86-32 machine; `big` prefers RAM above the lowmem ceiling.
    static func x86Machine(_ rng: inout SplitMix64, big: Bool = false) -> MachineConfig {
        let pae = rng.below(10) < 3
        var ram = (big && rng.below(4) != 0 ? rng.pick(bigRamMiB) : rng.pick(ramMiB))
        if pae && rng.below(3) == 0 { ram = rng.pick([4096, 6144, 8192]) }
        if !pae && ram >= 4096 { ram = 3072 }
        let param: UInt64? = rng.below(5) == 0 ? rng.pick([64, 128, 192, 256, 384]) * MiB : nil
        return MachineConfig(arch: pae ? .x86_32_pae : .x86_32, kernel: rng.pick([.v3_4, .v6_1]), ramBytes: ram * MiB, vmallocParam: param)
    }

    static func variant(_ l: AddressSpaceLayout, _ change: (inout MachineConfig) -> Void) -> AddressSpaceLayout? {
        var c = l.config
        change(&c)
        return try? AddressSpaceLayout.compute(c)
    }

    /// The texts these families fill, with the placeholders each takes.
    static let texts: [String: Set<String>] = [
        "layout.reserve_param": ["param_size", "param", "reserve"], "layout.reserve_default": ["reserve"],
        "layout.maxmem": ["vmalloc_end", "page_offset", "reserve", "maxmem", "reserve_text"],
        "layout.all_lowmem": ["ram", "high_memory"], "layout.lowmem_capped": ["ram", "high_memory", "highmem"],
        "vmalloc-start.title": [], "vmalloc-start.prompt": ["machine"], "vmalloc-start.explanation": ["high_memory", "vmalloc_start"],
        "high-memory.title": [], "high-memory.prompt": ["machine"], "high-memory.explanation": [],
        "lowmem-size.title": [], "lowmem-size.prompt": ["machine"], "lowmem-size.explanation": ["bytes", "answer"],
        "arm-vmalloc.title": [], "arm-vmalloc.prompt": ["machine"], "arm-vmalloc.no_clamp": ["param_size", "max_reserve"],
        "arm-vmalloc.clamp": ["clamped", "message"], "arm-vmalloc.ram_beyond": ["high_memory"], "arm-vmalloc.ram_below": ["high_memory"],
        "arm-vmalloc.explanation": ["clamp", "clamped", "vmalloc_min", "cut", "vmalloc_start", "vmalloc_end", "answer"],
    ]

    /// Worked steps from RAM to high_memory on x86-32, with this machine's numbers.
    static func explainLowmem(_ l: AddressSpaceLayout, _ t: FamilyWords) -> Localized {
        let h = { (v: UInt64) in Localized.all(FamilyText.hex32(v)) }
        let reserve = t.size(l.vmallocReserve ?? 128 * MiB)
        let maxmem = l.maxmem ?? l.lowmemBytes
        let ram = t.size(l.config.ramBytes)
        let resText = l.config.vmallocParam.map { p in
            t("layout.reserve_param", ["param_size": t.size(p), "param": .all("vmalloc=\(FamilyText.memparse(p))"), "reserve": reserve])
        } ?? t("layout.reserve_default", ["reserve": reserve])
        let step1 = t("layout.maxmem", ["vmalloc_end": h(l.vmallocEnd), "page_offset": h(l.pageOffset), "reserve": reserve,
                                        "maxmem": h(maxmem), "reserve_text": resText])
        let step2 = l.highmemBytes == 0 && l.discardedBytes == 0
            ? t("layout.all_lowmem", ["ram": ram, "high_memory": h(l.highMemory)])
            : t("layout.lowmem_capped", ["ram": ram, "high_memory": h(l.highMemory), "highmem": t.size(l.highmemBytes)])
        return step1 + step2
    }

    static let sourcesX86 = [Src.k("3.4:arch/x86/include/asm/pgtable_32_types.h"), Src.k("6.1:arch/x86/include/asm/pgtable_32_areas.h"),
                             Src.k("3.4:arch/x86/mm/init_32.c"), Src.k("3.4:arch/x86/mm/pgtable_32.c")]

    static let vmallocStart = QuestionFamily(id: "vmalloc-start", topic: "layouts", kind: .singleChoice, difficulty: 3) { rng, t in
        let l = bootableLayout(&rng) { x86Machine(&$0) }
        let h = FamilyText.hex32
        let hm = l.highMemory
        var wrong: [Candidate] = []
        if l.config.vmallocParam != nil, let v = variant(l, { $0.vmallocParam = nil }) { wrong.append(Candidate(h(v.vmallocStart), misconception: "vmalloc-param-ignored")) }
        wrong.append(Candidate(h(hm), misconception: "forgot-8mib-hole"))
        let naive = l.pageOffset + l.config.ramBytes + hole
        if l.highmemBytes > 0 || l.discardedBytes > 0 {
            if naive < 1 << 32 { wrong.append(Candidate(h(naive), misconception: "ram-not-capped")) }
            wrong.append(Candidate(h(l.pageOffset + 896 * MiB + hole), misconception: "textbook-896-mib"))
        }
        wrong.append(Candidate(h((hm + hole) & ~(hole - 1)), misconception: "arm-rounding-on-x86"))
        wrong.append(Candidate(h((hm + 2 * hole - 1) & ~(hole - 1)), misconception: "old-i386-rounding"))
        if let other = variant(l, { $0.arch = $0.arch == .x86_32 ? .x86_32_pae : .x86_32 }) {
            wrong.append(Candidate(h(other.vmallocStart), misconception: "pae-same-as-nonpae"))
        }
        wrong.append(Candidate(h(hm - hole), misconception: "hole-below-high-memory"))
        let vs = h(l.vmallocStart)
        return Draft(
            prompt: t("vmalloc-start.prompt", ["machine": t.machine(l.config)]),
            answer: .choice(right: Candidate(vs), wrong: wrong),
            explanation: explainLowmem(l, t) + t("vmalloc-start.explanation", ["high_memory": .all(h(hm)), "vmalloc_start": .all(vs)]),
            sources: sourcesX86, parameters: machineParameters(l.config))
    }

    static let highMemory = QuestionFamily(id: "high-memory", topic: "layouts", kind: .singleChoice, difficulty: 3) { rng, t in
        let l = bootableLayout(&rng) { x86Machine(&$0, big: $0.below(2) == 0) }
        let h = FamilyText.hex32
        let hm = l.highMemory
        var wrong: [Candidate] = []
        if l.config.vmallocParam != nil, let v = variant(l, { $0.vmallocParam = nil }) { wrong.append(Candidate(h(v.highMemory), misconception: "vmalloc-param-ignored")) }
        if l.highmemBytes > 0 || l.discardedBytes > 0 {
            let naive = l.pageOffset + l.config.ramBytes
            if naive < 1 << 32 { wrong.append(Candidate(h(naive), misconception: "ram-not-capped")) }
            wrong.append(Candidate(h(l.pageOffset + 896 * MiB), misconception: "textbook-896-mib"))
            if let other = variant(l, { $0.arch = $0.arch == .x86_32 ? .x86_32_pae : .x86_32 }) {
                wrong.append(Candidate(h(other.highMemory), misconception: "pae-same-as-nonpae"))
            }
        }
        wrong.append(Candidate(h(hm + hole), misconception: "hole-added-to-high-memory"))
        wrong.append(Candidate(h(l.lowmemBytes), misconception: "high-memory-is-ram-size"))
        return Draft(
            prompt: t("high-memory.prompt", ["machine": t.machine(l.config)]),
            answer: .choice(right: Candidate(h(hm)), wrong: wrong),
            explanation: explainLowmem(l, t) + t("high-memory.explanation"),
            sources: sourcesX86, parameters: machineParameters(l.config))
    }

    static let lowmemSize = QuestionFamily(id: "lowmem-size", topic: "layouts", kind: .singleChoice, difficulty: 3) { rng, t in
        let l = bootableLayout(&rng) { x86Machine(&$0, big: true) }
        func cand(_ bytes: UInt64, _ m: String? = nil) -> Candidate {
            let v = bytes >> 20
            return Candidate(key: String(v), text: Localized(all: "\(v) MiB"), misconception: m)
        }
        var wrong: [Candidate] = []
        if l.config.vmallocParam != nil, let v = variant(l, { $0.vmallocParam = nil }) { wrong.append(cand(v.lowmemBytes, "vmalloc-param-ignored")) }
        wrong.append(cand(896 * MiB, "textbook-896-mib"))
        wrong.append(cand(l.config.ramBytes, "ram-not-capped"))
        if let other = variant(l, { $0.arch = $0.arch == .x86_32 ? .x86_32_pae : .x86_32 }) { wrong.append(cand(other.lowmemBytes, "pae-same-as-nonpae")) }
        if let other = variant(l, { $0.kernel = $0.kernel == .v3_4 ? .v6_1 : .v3_4 }) { wrong.append(cand(other.lowmemBytes, "other-generation-layout")) }
        wrong.append(cand(l.lowmemBytes + hole, "forgot-8mib-hole"))
        let right = cand(l.lowmemBytes)
        return Draft(
            prompt: t("lowmem-size.prompt", ["machine": t.machine(l.config)]),
            answer: .choice(right: right, wrong: wrong),
            explanation: explainLowmem(l, t) + t("lowmem-size.explanation", ["bytes": t.bytes(l.lowmemBytes), "answer": right.text]),
            sources: sourcesX86, parameters: machineParameters(l.config))
    }

    // MARK: - ARM 3.4 vmalloc=

    static let armRamMiB: [UInt64] = [256, 512, 768, 800, 1024, 1536, 2048]
    static let armParamMiB: [UInt64] = [4, 8, 12, 16, 24, 64, 128, 200, 240, 256, 300, 400, 480, 600, 800, 976, 1000, 1200, 2000]

    static let armVmalloc = QuestionFamily(id: "arm-vmalloc", topic: "layouts", kind: .singleChoice, difficulty: 3) { rng, t in
        let l = bootableLayout(&rng) { r in
            MachineConfig(arch: .arm32, kernel: .v3_4, ramBytes: r.pick(armRamMiB) * MiB, vmallocParam: r.pick(armParamMiB) * MiB)
        }
        let param = l.config.vmallocParam!
        let minReserve: UInt64 = 16 * MiB
        let maxReserve = l.vmallocEnd - (l.pageOffset + 32 * MiB)
        let clamped = min(max(param, minReserve), maxReserve)
        func cand(_ bytes: UInt64, _ m: String? = nil) -> Candidate {
            Candidate(key: String(bytes >> 20), text: Localized(all: "\(bytes >> 20) MiB"), misconception: m)
        }
        var wrong: [Candidate] = [cand(clamped, "x86-adds-hole-on-arm")]
        if param != clamped {
            wrong.append(cand(param, "param-is-area"))
            if param > hole { wrong.append(cand(param - hole, "forgot-clamp")) }
        }
        wrong.append(cand(clamped - hole, "hole-always-subtracted"))
        if let v = variant(l, { $0.vmallocParam = nil }) { wrong.append(cand(v.vmallocSize, "vmalloc-param-ignored")) }
        if clamped > 2 * hole { wrong.append(cand(clamped - 2 * hole, "hole-subtracted-twice")) }
        if let v = variant(l, { $0.kernel = .v6_1 }) { wrong.append(cand(v.vmallocSize, "other-generation-layout")) }
        let h = FamilyText.hex32
        let right = cand(l.vmallocSize)
        let clampText = param == clamped
            ? t("arm-vmalloc.no_clamp", ["param_size": t.size(param), "max_reserve": t.size(maxReserve)])
            : t("arm-vmalloc.clamp", ["clamped": t.size(clamped), "message": .all(l.messages.first?.text ?? "")])
        let vmin = l.vmallocMin ?? (l.vmallocEnd - clamped)
        let cut = t(l.highmemBytes > 0 || l.discardedBytes > 0 ? "arm-vmalloc.ram_beyond" : "arm-vmalloc.ram_below", ["high_memory": .all(h(l.highMemory))])
        return Draft(
            prompt: t("arm-vmalloc.prompt", ["machine": t.machine(l.config)]),
            answer: .choice(right: right, wrong: wrong),
            explanation: t("arm-vmalloc.explanation", ["clamp": clampText, "clamped": t.size(clamped), "vmalloc_min": .all(h(vmin)), "cut": cut,
                                                       "vmalloc_start": .all(h(l.vmallocStart)), "vmalloc_end": .all(h(l.vmallocEnd)), "answer": right.text]),
            sources: [Src.k("3.4:arch/arm/mm/mmu.c"), Src.k("3.4:arch/arm/include/asm/pgtable.h"), Src.seed("s004")],
            parameters: machineParameters(l.config))
    }
}
