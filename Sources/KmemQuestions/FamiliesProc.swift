import KernelSim

/// /proc predictions: the size column of /proc/vmallocinfo, the VmallocTotal line.
enum ProcFamilies {
    static let page: UInt64 = 4096

    static func pickVmallocSize(_ rng: inout SplitMix64) -> UInt64 {
        switch rng.below(4) {
        case 0: return UInt64(1 + rng.below(4096))
        case 1: return UInt64(4097 + rng.below(65536 - 4096))
        case 2: return UInt64(65537 + rng.below(2 * 1024 * 1024 - 65536))
        default: return UInt64(1 + rng.below(64)) * page
        }
    }

    static let caller = "demo_init+0x1c/0x60 [demo]"

    static let vmallocinfoSize = QuestionFamily(
        id: "vmallocinfo-size", topic: "proc", kind: .singleChoice, difficulty: 2,
        title: L("The size column of /proc/vmallocinfo for vmalloc(size)", "vmalloc(size) 在 /proc/vmallocinfo 中的大小列", "vmalloc(size) の /proc/vmallocinfo でのサイズ欄")
    ) { rng in
        let l = bootableLayout(&rng) { r in
            MachineConfig(arch: .x86_32, kernel: r.pick([.v3_4, .v6_1]), ramBytes: r.pick([128, 160, 256]) << 20)
        }
        let n = pickVmallocSize(&rng)
        let kernel = Kernel(layout: l, seed: rng.next())
        let area = kernel.vmalloc(n, caller: caller)
        let aligned = (n + page - 1) & ~(page - 1)
        let line = kernel.procVmallocinfo().split(separator: "\n").first { $0.contains(caller) }.map(String.init)
        let column = line.flatMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first }.flatMap { UInt64($0) }
        let size = column ?? area?.size ?? aligned + page
        let pages = area?.nrPages ?? Int(aligned / page)
        func cand(_ v: UInt64, _ m: String? = nil) -> Candidate { Candidate(key: String(v), text: Localized(all: String(v)), misconception: m) }
        let wrong = [
            cand(aligned, "forgot-guard-page"),
            cand(n, "requested-size"),
            cand(n + page, "guard-without-page-align"),
            cand(KmallocFamilies.nextPowerOfTwo(max(n, page)), "kmalloc-rounding-on-vmalloc"),
            cand(aligned + 2 * page, "two-guard-pages"),
        ]
        let m = FamilyText.machine(l.config)
        let shown = line.map { "`\($0)`" } ?? ""
        return Draft(
            prompt: L("On \(m.en), a module calls vmalloc(\(n)). What does the size column (the number after the address range) of its line in /proc/vmallocinfo show?",
                      "在\(m.zh)上，某模块调用 vmalloc(\(n))。它在 /proc/vmallocinfo 中那一行的大小列（地址范围后面的数字）显示多少？",
                      "\(m.ja)で、モジュールが vmalloc(\(n)) を呼ぶ。/proc/vmallocinfo のその行のサイズ欄（アドレス範囲の後の数値）には何が出るか。"),
            answer: .choice(right: cand(size), wrong: wrong),
            explanation: L("vmalloc() rounds \(n) up to whole pages: PAGE_ALIGN(\(n)) = \(aligned) (\(pages) page\(pages == 1 ? "" : "s")). __get_vm_area_node() then adds one unmapped guard page: \(aligned) + 4096 = \(size). vmallocinfo prints vm_struct->size, guard included: \(shown)",
                           "vmalloc() 把 \(n) 向上取整到整页：PAGE_ALIGN(\(n)) = \(aligned)（\(pages) 页）。随后 __get_vm_area_node() 再加一个不映射的保护页：\(aligned) + 4096 = \(size)。vmallocinfo 打印的是含保护页的 vm_struct->size：\(shown)",
                           "vmalloc() は \(n) をページ単位に切り上げる：PAGE_ALIGN(\(n)) = \(aligned)（\(pages) ページ）。続いて __get_vm_area_node() がマップされないガードページを 1 つ足す：\(aligned) + 4096 = \(size)。vmallocinfo はガードページ込みの vm_struct->size を表示する：\(shown)"),
            sources: [Src.k("3.4:mm/vmalloc.c"), Src.k("6.1:mm/vmalloc.c"), Src.seed("s004")],
            parameters: machineParameters(l.config).merging(["size": String(n)]) { a, _ in a })
    }

    static let vmallocTotal = QuestionFamily(
        id: "vmalloc-total", topic: "proc", kind: .singleChoice, difficulty: 3,
        title: L("The VmallocTotal line of /proc/meminfo", "/proc/meminfo 的 VmallocTotal 行", "/proc/meminfo の VmallocTotal 行")
    ) { rng in
        let l = bootableLayout(&rng) { LayoutFamilies.x86Machine(&$0) }
        let h = FamilyText.hex32
        let total = (l.vmallocEnd - l.vmallocStart) >> 10
        func cand(_ kb: UInt64, _ m: String? = nil) -> Candidate { Candidate(key: String(kb), text: Localized(all: "\(kb) kB"), misconception: m) }
        var wrong: [Candidate] = []
        if l.config.vmallocParam != nil, let v = LayoutFamilies.variant(l, { $0.vmallocParam = nil }) {
            wrong.append(cand((v.vmallocEnd - v.vmallocStart) >> 10, "vmalloc-param-ignored"))
        }
        wrong.append(cand((l.vmallocEnd - l.highMemory) >> 10, "forgot-8mib-hole"))
        wrong.append(cand(((1 << 32) - l.vmallocStart) >> 10, "vmalloc-reaches-top"))
        wrong.append(cand((l.vmallocReserve ?? 128 << 20) >> 10, "reserve-is-area"))
        let naiveStart = l.pageOffset + l.config.ramBytes + LayoutFamilies.hole
        if l.highmemBytes > 0, naiveStart < l.vmallocEnd { wrong.append(cand((l.vmallocEnd - naiveStart) >> 10, "ram-not-capped")) }
        if let other = LayoutFamilies.variant(l, { $0.kernel = $0.kernel == .v3_4 ? .v6_1 : .v3_4 }) {
            wrong.append(cand((other.vmallocEnd - other.vmallocStart) >> 10, "other-generation-layout"))
        }
        if let other = LayoutFamilies.variant(l, { $0.arch = $0.arch == .x86_32 ? .x86_32_pae : .x86_32 }) {
            wrong.append(cand((other.vmallocEnd - other.vmallocStart) >> 10, "pae-same-as-nonpae"))
        }
        let m = FamilyText.machine(l.config)
        let line = "VmallocTotal:   " + String(repeating: " ", count: max(0, 8 - String(total).count)) + "\(total) kB"
        return Draft(
            prompt: L("On \(m.en), what does the VmallocTotal line of /proc/meminfo show?",
                      "在\(m.zh)上，/proc/meminfo 的 VmallocTotal 行显示多少？",
                      "\(m.ja)で、/proc/meminfo の VmallocTotal 行には何が出るか。"),
            answer: .choice(right: cand(total), wrong: wrong),
            explanation: explainLowmemShort(l) + L("VmallocTotal is (VMALLOC_END − VMALLOC_START) >> 10 = (\(h(l.vmallocEnd)) − \(h(l.vmallocStart))) / 1024 = \(total) kB, a constant that says nothing about use: `\(line)`.",
                                                   "VmallocTotal = (VMALLOC_END − VMALLOC_START) >> 10 = (\(h(l.vmallocEnd)) − \(h(l.vmallocStart))) / 1024 = \(total) kB，是个常量，与使用量无关：`\(line)`。",
                                                   "VmallocTotal は (VMALLOC_END − VMALLOC_START) >> 10 = (\(h(l.vmallocEnd)) − \(h(l.vmallocStart))) / 1024 = \(total) kB で、使用量とは無関係な定数である：`\(line)`。"),
            sources: [Src.k("6.1:fs/proc/meminfo.c"), Src.k("6.1:include/linux/vmalloc.h"), Src.k("3.4:arch/x86/include/asm/pgtable_32_types.h")],
            parameters: machineParameters(l.config))
    }

    static func explainLowmemShort(_ l: AddressSpaceLayout) -> Localized {
        let h = FamilyText.hex32
        return L("high_memory is \(h(l.highMemory)), so VMALLOC_START = high_memory + 8 MiB = \(h(l.vmallocStart)); VMALLOC_END is \(h(l.vmallocEnd)), two pages below pkmap. ",
                 "high_memory 为 \(h(l.highMemory))，所以 VMALLOC_START = high_memory + 8 MiB = \(h(l.vmallocStart))；VMALLOC_END 为 \(h(l.vmallocEnd))，比 pkmap 低两页。",
                 "high_memory は \(h(l.highMemory)) なので、VMALLOC_START = high_memory + 8 MiB = \(h(l.vmallocStart))。VMALLOC_END は \(h(l.vmallocEnd)) で、pkmap の 2 ページ下にある。")
    }
}
