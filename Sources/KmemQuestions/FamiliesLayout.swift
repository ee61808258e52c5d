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

    /// Worked steps from RAM to high_memory on x86-32, with this machine's numbers.
    static func explainLowmem(_ l: AddressSpaceLayout) -> Localized {
        let h = FamilyText.hex32
        let reserve = l.vmallocReserve ?? 128 * MiB
        let maxmem = l.maxmem ?? l.lowmemBytes
        let ram = FamilyText.size(l.config.ramBytes)
        let resText = l.config.vmallocParam.map { p in
            L("the \(FamilyText.size(p)) of vmalloc=\(FamilyText.memparse(p)) plus 8 MiB = \(FamilyText.size(reserve))",
              "vmalloc=\(FamilyText.memparse(p)) 给出的 \(FamilyText.size(p)) 加上 8 MiB，即 \(FamilyText.size(reserve))",
              "vmalloc=\(FamilyText.memparse(p)) の \(FamilyText.size(p)) に 8 MiB を足した \(FamilyText.size(reserve))")
        } ?? L("\(FamilyText.size(reserve)) by default", "默认 \(FamilyText.size(reserve))", "デフォルトで \(FamilyText.size(reserve))")
        let step1 = L("MAXMEM = VMALLOC_END − PAGE_OFFSET − __VMALLOC_RESERVE = \(h(l.vmallocEnd)) − \(h(l.pageOffset)) − \(FamilyText.size(reserve)) = \(h(maxmem)) (__VMALLOC_RESERVE is \(resText.en)). ",
                      "MAXMEM = VMALLOC_END − PAGE_OFFSET − __VMALLOC_RESERVE = \(h(l.vmallocEnd)) − \(h(l.pageOffset)) − \(FamilyText.size(reserve)) = \(h(maxmem))（__VMALLOC_RESERVE 为\(CJKText.spaced(resText.zh))）。",
                      "MAXMEM = VMALLOC_END − PAGE_OFFSET − __VMALLOC_RESERVE = \(h(l.vmallocEnd)) − \(h(l.pageOffset)) − \(FamilyText.size(reserve)) = \(h(maxmem))（__VMALLOC_RESERVE は\(CJKText.spaced(resText.ja))）。")
        let step2: Localized
        if l.highmemBytes == 0 && l.discardedBytes == 0 {
            step2 = L("The \(ram) of RAM fit below MAXMEM, so all of it is lowmem: high_memory = PAGE_OFFSET + \(ram) = \(h(l.highMemory)). ",
                      "\(ram) 内存都在 MAXMEM 之下，全部是低端内存：high_memory = PAGE_OFFSET + \(ram) = \(h(l.highMemory))。",
                      "\(ram) の RAM はすべて MAXMEM より下に収まるので、全部ローメモリになる：high_memory = PAGE_OFFSET + \(ram) = \(h(l.highMemory))。")
        } else {
            let hi = FamilyText.size(l.highmemBytes)
            step2 = L("The \(ram) of RAM exceed MAXMEM, so lowmem stops there: high_memory = PAGE_OFFSET + MAXMEM = \(h(l.highMemory)), and the remaining \(hi) become highmem. ",
                      "\(ram) 内存超过了 MAXMEM，低端内存止于此处：high_memory = PAGE_OFFSET + MAXMEM = \(h(l.highMemory))，剩下的 \(hi) 成为高端内存。",
                      "\(ram) の RAM は MAXMEM を超えるので、ローメモリはそこで止まる：high_memory = PAGE_OFFSET + MAXMEM = \(h(l.highMemory))。残りの \(hi) はハイメモリになる。")
        }
        return step1 + step2
    }

    static let sourcesX86 = [Src.k("3.4:arch/x86/include/asm/pgtable_32_types.h"), Src.k("6.1:arch/x86/include/asm/pgtable_32_areas.h"),
                             Src.k("3.4:arch/x86/mm/init_32.c"), Src.k("3.4:arch/x86/mm/pgtable_32.c")]

    static let vmallocStart = QuestionFamily(
        id: "vmalloc-start", topic: "layouts", kind: .singleChoice, difficulty: 3,
        title: L("VMALLOC_START of an x86-32 machine", "x86-32 机器的 VMALLOC_START", "x86-32 マシンの VMALLOC_START")
    ) { rng in
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
        let m = FamilyText.machine(l.config)
        let vs = h(l.vmallocStart)
        return Draft(
            prompt: L("On \(m.en), what is VMALLOC_START?", "在\(m.zh)上，VMALLOC_START 是多少？", "\(m.ja)で、VMALLOC_START はいくつか。"),
            answer: .choice(right: Candidate(vs), wrong: wrong),
            explanation: explainLowmem(l) + L("VMALLOC_START = high_memory + VMALLOC_OFFSET (8 MiB), with no rounding on x86 in 3.4 and 6.1: \(h(hm)) + 8 MiB = \(vs).",
                                              "VMALLOC_START = high_memory + VMALLOC_OFFSET（8 MiB），3.4 和 6.1 的 x86 不做取整：\(h(hm)) + 8 MiB = \(vs)。",
                                              "VMALLOC_START = high_memory + VMALLOC_OFFSET（8 MiB）で、3.4 と 6.1 の x86 では丸めない：\(h(hm)) + 8 MiB = \(vs)。"),
            sources: sourcesX86, parameters: machineParameters(l.config))
    }

    static let highMemory = QuestionFamily(
        id: "high-memory", topic: "layouts", kind: .singleChoice, difficulty: 3,
        title: L("high_memory of an x86-32 machine", "x86-32 机器的 high_memory", "x86-32 マシンの high_memory")
    ) { rng in
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
        let m = FamilyText.machine(l.config)
        return Draft(
            prompt: L("On \(m.en), what is the value of high_memory?", "在\(m.zh)上，high_memory 的值是多少？", "\(m.ja)で、high_memory の値はいくつか。"),
            answer: .choice(right: Candidate(h(hm)), wrong: wrong),
            explanation: explainLowmem(l) + L("high_memory is a virtual address, the end of the direct mapping, not an amount of RAM.",
                                              "high_memory 是一个虚拟地址，即直接映射区的末尾，而不是内存容量。",
                                              "high_memory は仮想アドレス、つまりストレートマッピングの終わりであり、RAM の量ではない。"),
            sources: sourcesX86, parameters: machineParameters(l.config))
    }

    static let lowmemSize = QuestionFamily(
        id: "lowmem-size", topic: "layouts", kind: .singleChoice, difficulty: 3,
        title: L("How much lowmem an x86-32 machine reports", "x86-32 机器报告的低端内存大小", "x86-32 マシンが報告するローメモリの量")
    ) { rng in
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
        let m = FamilyText.machine(l.config)
        let right = cand(l.lowmemBytes)
        return Draft(
            prompt: L("On \(m.en), the kernel prints \"… MB LOWMEM available.\" at boot. How much lowmem is that (rounded down to whole MiB, as the kernel prints it)?",
                      "在\(m.zh)上，内核启动时打印“… MB LOWMEM available.”。低端内存有多少（像内核那样向下取整到整 MiB）？",
                      "\(m.ja)で、カーネルは起動時に「… MB LOWMEM available.」と表示する。ローメモリはどれだけか（カーネルと同じく MiB 単位に切り捨て）。"),
            answer: .choice(right: right, wrong: wrong),
            explanation: explainLowmem(l) + L("Lowmem is high_memory − PAGE_OFFSET = \(l.lowmemBytes) bytes, printed as \(right.text.en).",
                                              "低端内存 = high_memory − PAGE_OFFSET = \(l.lowmemBytes) 字节，打印为 \(right.text.zh)。",
                                              "ローメモリ = high_memory − PAGE_OFFSET = \(l.lowmemBytes) バイトで、\(right.text.ja) と表示される。"),
            sources: sourcesX86, parameters: machineParameters(l.config))
    }

    // MARK: - ARM 3.4 vmalloc=

    static let armRamMiB: [UInt64] = [256, 512, 768, 800, 1024, 1536, 2048]
    static let armParamMiB: [UInt64] = [4, 8, 12, 16, 24, 64, 128, 200, 240, 256, 300, 400, 480, 600, 800, 976, 1000, 1200, 2000]

    static let armVmalloc = QuestionFamily(
        id: "arm-vmalloc", topic: "layouts", kind: .singleChoice, difficulty: 3,
        title: L("The vmalloc area an ARM 3.4 board gets for vmalloc=", "ARM 3.4 开发板在 vmalloc= 下得到的 vmalloc 区", "ARM 3.4 ボードで vmalloc= を指定したときの vmalloc 領域")
    ) { rng in
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
        let m = FamilyText.machine(l.config)
        let right = cand(l.vmallocSize)
        let clampText: Localized = param == clamped
            ? L("\(FamilyText.size(param)) lies within [16 MiB, \(FamilyText.size(maxReserve))], so no clamp", "\(FamilyText.size(param)) 在 [16 MiB, \(FamilyText.size(maxReserve))] 之内，不做限制", "\(FamilyText.size(param)) は [16 MiB, \(FamilyText.size(maxReserve))] の範囲内なので制限されない")
            : L("early_vmalloc() clamps it to \(FamilyText.size(clamped)) (\"\(l.messages.first?.text ?? "")\")", "early_vmalloc() 把它限制为 \(FamilyText.size(clamped))（“\(l.messages.first?.text ?? "")”）", "early_vmalloc() が \(FamilyText.size(clamped)) に制限する（「\(l.messages.first?.text ?? "")」）")
        let vmin = l.vmallocMin ?? (l.vmallocEnd - clamped)
        let cut: Localized = l.highmemBytes > 0 || l.discardedBytes > 0
            ? L("RAM reaches past it, so lowmem is cut there and high_memory = \(h(l.highMemory))", "内存超出了这里，所以低端内存在此截断，high_memory = \(h(l.highMemory))", "RAM はそこを越えるので、ローメモリはそこで切られ high_memory = \(h(l.highMemory))")
            : L("RAM ends below it, so all RAM is lowmem and high_memory = \(h(l.highMemory))", "内存在此之下就结束了，全部是低端内存，high_memory = \(h(l.highMemory))", "RAM はその手前で終わるので全部ローメモリになり、high_memory = \(h(l.highMemory))")
        let vs = h(l.vmallocStart)
        return Draft(
            prompt: L("On \(m.en), how large is the vmalloc area?", "在\(m.zh)上，vmalloc 区有多大？", "\(m.ja)で、vmalloc 領域の大きさはいくらか。"),
            answer: .choice(right: right, wrong: wrong),
            explanation: L("\(clampText.en). vmalloc_min = VMALLOC_END − \(FamilyText.size(clamped)) = \(h(vmin)); \(cut.en). VMALLOC_START = (high_memory + 8 MiB) rounded down to 8 MiB = \(vs), so the area \(vs)–\(h(l.vmallocEnd)) is \(right.text.en).",
                           "\(clampText.zh)。vmalloc_min = VMALLOC_END − \(FamilyText.size(clamped)) = \(h(vmin))；\(cut.zh)。VMALLOC_START = (high_memory + 8 MiB) 向下对齐到 8 MiB = \(vs)，所以 \(vs)–\(h(l.vmallocEnd)) 这一区域为 \(right.text.zh)。",
                           "\(clampText.ja)。vmalloc_min = VMALLOC_END − \(FamilyText.size(clamped)) = \(h(vmin))。\(cut.ja)。VMALLOC_START = (high_memory + 8 MiB) を 8 MiB 境界に切り下げた \(vs) なので、\(vs)–\(h(l.vmallocEnd)) の領域は \(right.text.ja) になる。"),
            sources: [Src.k("3.4:arch/arm/mm/mmu.c"), Src.k("3.4:arch/arm/include/asm/pgtable.h"), Src.seed("s004")],
            parameters: machineParameters(l.config))
    }
}
