import KernelSim
import KmemCore

/// Address translation on x86-32: __pa/__va of lowmem, and which region an address is in.
enum TranslationFamilies {
    static let ramChoicesMiB: [UInt64] = [64, 96, 121, 128, 160, 200, 256, 384, 512, 700, 768, 1024, 2048]
    /// The seeds' PAGE_OFFSET with one zero missing (errata: "PAGE_OFFSET has a digit missing").
    static let seedTypoPageOffset: UInt64 = 0x0c00_0000
    static let mask32: UInt64 = 0xffff_ffff

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

    static let pa = QuestionFamily(
        id: "translate-pa", topic: "translation", kind: .singleChoice, difficulty: 2,
        title: L("__pa() of a lowmem address on x86-32", "x86-32 上低端内存地址的 __pa()", "x86-32 でのローメモリアドレスの __pa()")
    ) { rng in
        let l = bootableLayout(&rng, x86Machine)
        let virt = lowmemAddress(l, &rng)
        let phys = virt - l.pageOffset
        let armPhysOffset = MachineConfig(arch: .arm32, kernel: .v3_4, ramBytes: 1 << 30).physOffset
        let h = FamilyText.hex32
        let m = FamilyText.machine(l.config)
        let right = Candidate(h(phys))
        let wrong = [
            Candidate(h((virt &- seedTypoPageOffset) & mask32), misconception: "page-offset-missing-digit"),
            Candidate(h((virt &+ l.pageOffset) & mask32), misconception: "offset-applied-backwards"),
            Candidate(h((phys &+ armPhysOffset) & mask32), misconception: "arm-phys-offset-on-x86"),
            Candidate(h(virt), misconception: "virtual-equals-physical"),
        ]
        let v = h(virt), po = h(l.pageOffset), hm = h(l.highMemory), p = h(phys)
        return Draft(
            prompt: L("On \(m.en), a driver calls virt_to_phys() on the pointer \(v) that kmalloc() returned. What physical address does it get?",
                      "在\(m.zh)上，驱动对 kmalloc() 返回的指针 \(v) 调用 virt_to_phys()。得到的物理地址是多少？",
                      "\(m.ja)で、ドライバが kmalloc() の返したポインタ \(v) に virt_to_phys() を呼ぶ。得られる物理アドレスはいくつか。"),
            answer: .choice(right: right, wrong: wrong),
            explanation: L("kmalloc() memory lies in lowmem: \(v) is between PAGE_OFFSET (\(po)) and high_memory (\(hm)). There virt_to_phys() is __pa(), a plain subtraction: \(v) − \(po) = \(p).",
                           "kmalloc() 的内存位于低端内存：\(v) 落在 PAGE_OFFSET（\(po)）与 high_memory（\(hm)）之间。在这里 virt_to_phys() 就是 __pa()，只做一次减法：\(v) − \(po) = \(p)。",
                           "kmalloc() のメモリはローメモリにある。\(v) は PAGE_OFFSET（\(po)）と high_memory（\(hm)）の間にある。ここでは virt_to_phys() は __pa() そのもので、引き算 1 つで済む：\(v) − \(po) = \(p)。"),
            sources: [Src.k("6.1:arch/x86/include/asm/page_32.h"), Src.k("6.1:arch/x86/include/asm/io.h"), Src.seed("s003")],
            parameters: machineParameters(l.config).merging(["addr": String(virt)]) { a, _ in a })
    }

    static let va = QuestionFamily(
        id: "translate-va", topic: "translation", kind: .hexAddress, difficulty: 2,
        title: L("__va() of a lowmem physical address on x86-32", "x86-32 上低端物理地址的 __va()", "x86-32 でのローメモリ物理アドレスの __va()")
    ) { rng in
        let l = bootableLayout(&rng, x86Machine)
        let phys = lowmemAddress(l, &rng) - l.pageOffset
        let virt = phys + l.pageOffset
        let armPhysOffset = MachineConfig(arch: .arm32, kernel: .v3_4, ramBytes: 1 << 30).physOffset
        let h = FamilyText.hex32
        let m = FamilyText.machine(l.config)
        let wrong = [
            Candidate(h((phys &+ seedTypoPageOffset) & mask32), misconception: "page-offset-missing-digit"),
            Candidate(h((phys &- l.pageOffset) & mask32), misconception: "offset-applied-backwards"),
            Candidate(h((phys &+ l.pageOffset &- armPhysOffset) & mask32), misconception: "arm-phys-offset-on-x86"),
            Candidate(h(phys), misconception: "virtual-equals-physical"),
        ]
        let p = h(phys), po = h(l.pageOffset), v = h(virt), lm = FamilyText.size(l.lowmemBytes)
        return Draft(
            prompt: L("On \(m.en), which kernel virtual address does phys_to_virt(\(p)) return? Answer in hex.",
                      "在\(m.zh)上，phys_to_virt(\(p)) 返回哪个内核虚拟地址？请用十六进制回答。",
                      "\(m.ja)で、phys_to_virt(\(p)) はどのカーネル仮想アドレスを返すか。16 進数で答えよ。"),
            answer: .hex(virt, wrong: wrong),
            explanation: L("\(p) is below the end of lowmem (\(lm) of RAM is directly mapped), so it has a linear address. phys_to_virt() is __va(), which adds PAGE_OFFSET: \(p) + \(po) = \(v).",
                           "\(p) 低于低端内存的末尾（有 \(lm) 内存被直接映射），所以它有直接映射地址。phys_to_virt() 就是 __va()，加上 PAGE_OFFSET：\(p) + \(po) = \(v)。",
                           "\(p) はローメモリの終わり（\(lm) の RAM がストレートマッピングされている）より下なので、リニアなアドレスを持つ。phys_to_virt() は __va() で、PAGE_OFFSET を足す：\(p) + \(po) = \(v)。"),
            sources: [Src.k("6.1:arch/x86/include/asm/page.h"), Src.k("6.1:arch/x86/include/asm/io.h")],
            parameters: machineParameters(l.config).merging(["phys": String(phys)]) { a, _ in a })
    }

    // MARK: - Region of an address

    /// Display names of the layout's regions.
    static func regionName(_ name: String, _ l: AddressSpaceLayout) -> Localized {
        let hole = FamilyText.size(l.vmallocStart - l.highMemory)
        switch name {
        case "user": return L("user space", "用户空间", "ユーザー空間")
        case "lowmem": return L("lowmem (the direct mapping)", "低端内存（直接映射区）", "ローメモリ（ストレートマッピング）")
        case "vmalloc-hole": return L("the \(hole) hole between lowmem and the vmalloc area", "低端内存与 vmalloc 区之间 \(hole) 的空洞", "ローメモリと vmalloc 領域の間の \(hole) の隙間")
        case "vmalloc": return L("the vmalloc area", "vmalloc 区", "vmalloc 領域")
        case "vmalloc-guard": return L("the unmapped gap right above the vmalloc area", "vmalloc 区正上方未映射的间隙", "vmalloc 領域のすぐ上のマップされない隙間")
        case "pkmap": return L("pkmap (the kmap() window)", "pkmap（kmap() 窗口）", "pkmap（kmap() 用の窓）")
        case "ldt": return L("the LDT remap", "LDT 重映射区", "LDT リマップ領域")
        case "cpu-entry-area": return L("the CPU entry area", "CPU 入口区", "CPU entry area")
        case "fixmap", "fixmap-boot": return L("fixmap", "fixmap", "fixmap")
        case "highmem": return L("highmem", "高端内存", "ハイメモリ")
        default: return L("an unused hole", "未使用的空洞", "未使用の隙間")
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

    static let regionOf = QuestionFamily(
        id: "region-of", topic: "layouts", kind: .singleChoice, difficulty: 2,
        title: L("Which region of the x86-32 layout holds an address", "x86-32 布局中某地址属于哪个区域", "x86-32 のレイアウトでアドレスがどの領域にあるか")
    ) { rng in
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
        let right = Candidate(key: actual, text: regionName(actual, l))
        let wrong = (wrongRegions[actual] ?? []).map { w -> Candidate in
            // "RAM not capped" explains lowmem for a vmalloc address only when RAM exceeds lowmem.
            let why = w.1 == "ram-not-capped" && l.highmemBytes == 0 ? "lowmem-vmalloc-boundary-misplaced" : w.1
            return Candidate(key: w.0, text: regionName(w.0, l), misconception: why)
        }
        let m = FamilyText.machine(l.config)
        let r = l.region(containing: addr)!
        let rs = h(r.start), re = h(r.end), a = h(addr)
        let frame = L("The layout of this machine: lowmem \(h(l.pageOffset))–\(h(l.highMemory)), vmalloc area \(h(l.vmallocStart))–\(h(l.vmallocEnd))",
                      "这台机器的布局：低端内存 \(h(l.pageOffset))–\(h(l.highMemory))，vmalloc 区 \(h(l.vmallocStart))–\(h(l.vmallocEnd))",
                      "このマシンのレイアウト：ローメモリ \(h(l.pageOffset))–\(h(l.highMemory))、vmalloc 領域 \(h(l.vmallocStart))–\(h(l.vmallocEnd))")
            + (l.pkmapBase.map { L(", pkmap from \(h($0))", "，pkmap 从 \(h($0)) 开始", "、pkmap は \(h($0)) から") } ?? L("", "", ""))
            + L(", fixmap from \(h(l.fixaddrStart)). ", "，fixmap 从 \(h(l.fixaddrStart)) 开始。", "、fixmap は \(h(l.fixaddrStart)) から。")
        let name = regionName(actual, l)
        return Draft(
            prompt: L("On \(m.en), which region contains the virtual address \(a)?",
                      "在\(m.zh)上，虚拟地址 \(a) 位于哪个区域？",
                      "\(m.ja)で、仮想アドレス \(a) はどの領域にあるか。"),
            answer: .choice(right: right, wrong: wrong),
            explanation: frame + L("\(a) lies in [\(rs), \(re)), so it is in \(name.en). Highmem is RAM without a permanent mapping, not a range of virtual addresses.",
                                   "\(a) 落在 [\(rs), \(re)) 之内，所以属于\(CJKText.spaced(name.zh))。高端内存是没有永久映射的物理内存，不是一段虚拟地址范围。",
                                   "\(a) は [\(rs), \(re)) に入るので、\(CJKText.spaced(name.ja, before: false))にある。ハイメモリは恒久的なマッピングを持たない RAM であり、仮想アドレスの範囲ではない。"),
            sources: [Src.k("3.4:arch/x86/include/asm/pgtable_32_types.h"), Src.k("6.1:arch/x86/include/asm/pgtable_32_areas.h"), Src.seed("s004")],
            parameters: machineParameters(l.config).merging(["addr": String(addr), "region": actual]) { a, _ in a })
    }
}
