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

    /// The texts these families fill, with the placeholders each takes.
    static let texts: [String: Set<String>] = [
        "vmallocinfo-size.title": [], "vmallocinfo-size.prompt": ["machine", "size"],
        "vmallocinfo-size.explanation": ["size", "aligned", "pages", "total", "line"],
        "vmalloc-total.title": [], "vmalloc-total.prompt": ["machine"],
        "vmalloc-total.lowmem": ["high_memory", "vmalloc_start", "vmalloc_end"],
        "vmalloc-total.explanation": ["vmalloc_end", "vmalloc_start", "total", "line"],
    ]

    static let vmallocinfoSize = QuestionFamily(id: "vmallocinfo-size", topic: "proc", kind: .singleChoice, difficulty: 2) { rng, t in
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
        let shown = line.map { "`\($0)`" } ?? ""
        return Draft(
            prompt: t("vmallocinfo-size.prompt", ["machine": t.machine(l.config), "size": .all(String(n))]),
            answer: .choice(right: cand(size), wrong: wrong),
            explanation: t("vmallocinfo-size.explanation", ["size": .all(String(n)), "aligned": .all(String(aligned)), "pages": t.pages(pages),
                                                             "total": .all(String(size)), "line": .all(shown)]),
            sources: [Src.k("3.4:mm/vmalloc.c"), Src.k("6.1:mm/vmalloc.c"), Src.seed("s004")],
            parameters: machineParameters(l.config).merging(["size": String(n)]) { a, _ in a })
    }

    static let vmallocTotal = QuestionFamily(id: "vmalloc-total", topic: "proc", kind: .singleChoice, difficulty: 3) { rng, t in
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
        let line = "VmallocTotal:   " + String(repeating: " ", count: max(0, 8 - String(total).count)) + "\(total) kB"
        return Draft(
            prompt: t("vmalloc-total.prompt", ["machine": t.machine(l.config)]),
            answer: .choice(right: cand(total), wrong: wrong),
            explanation: explainLowmemShort(l, t) + t("vmalloc-total.explanation", ["vmalloc_end": .all(h(l.vmallocEnd)), "vmalloc_start": .all(h(l.vmallocStart)),
                                                                                   "total": .all(String(total)), "line": .all("`\(line)`")]),
            sources: [Src.k("6.1:fs/proc/meminfo.c"), Src.k("6.1:include/linux/vmalloc.h"), Src.k("3.4:arch/x86/include/asm/pgtable_32_types.h")],
            parameters: machineParameters(l.config))
    }

    static func explainLowmemShort(_ l: AddressSpaceLayout, _ t: FamilyWords) -> Localized {
        let h = FamilyText.hex32
        return t("vmalloc-total.lowmem", ["high_memory": .all(h(l.highMemory)), "vmalloc_start": .all(h(l.vmallocStart)), "vmalloc_end": .all(h(l.vmallocEnd))])
    }
}
