import KernelSim

/// GFP masks: decoding a value per generation, choosing a flag for a context, may it sleep.
enum GFPFamilies {
    static let kernels: [KernelVersion] = [.v3_4, .v6_1, .v6_12]

    static func value(_ expr: String, _ k: KernelVersion) -> UInt64 { GFP.parse(expr, kernel: k) ?? 0 }

    /// The texts these families fill, with the placeholders each takes.
    static let texts: [String: Set<String>] = [
        "gfp.tree_note": [],
        "gfp-decode.title": [], "gfp-decode.prompt": ["kernel", "value"],
        "gfp-decode.explanation": ["value", "sum", "kernel", "header", "flags", "described"],
        "gfp-decode.explanation_single": ["value", "kernel", "header", "flags"],
        "gfp-decode.explanation_single_named": ["value", "kernel", "header", "flags", "described"],
        "gfp-context.title": [], "gfp-context.prompt": ["kernel", "scenario"],
        "gfp-context.fact_may_sleep": ["mask", "value", "bit"], "gfp-context.fact_atomic": ["mask", "value", "bit"],
        "gfp-context.explanation": ["in_interrupt", "in_atomic", "bit", "bit_value", "kernel_mask", "nowait_mask", "atomic_mask"],
        "gfp-context.reason_may_sleep": ["mask"], "gfp-context.reason_cheap_fallback": ["mask"], "gfp-context.reason_reserves": ["mask"],
        "gfp-may-sleep.title": [], "gfp-may-sleep.option_may_sleep": ["bit"], "gfp-may-sleep.option_never_sleeps": ["bit"],
        "gfp-may-sleep.option_io": [], "gfp-may-sleep.option_kswapd": [], "gfp-may-sleep.option_high": [],
        "gfp-may-sleep.prompt": ["kernel", "expr"],
        "gfp-may-sleep.explanation": ["kernel", "expr", "value", "flags", "bit", "bit_value", "helper", "answer", "other"],
        "gfp-may-sleep.other_kswapd": [], "gfp-may-sleep.other_high": [],
    ].merging(scenarios.map { ("gfp-context.scenario." + $0.key, Set<String>()) }) { a, _ in a }

    /// 6.12 numbers its bits by position in an enum, so a value holds only for a stated
    /// configuration: the one the GFP page states (the optional bits configured off).
    static func treeNote(_ k: KernelVersion, _ t: FamilyWords) -> Localized {
        k == .v6_12 ? t("gfp.tree_note") : .all("")
    }
    static func names(_ v: UInt64, _ k: KernelVersion) -> String {
        let d = GFP.decode(v, kernel: k)
        return d.isEmpty ? "0" : d.joined(separator: " | ")
    }

    // MARK: - Decode

    static let compositions = ["GFP_KERNEL", "GFP_ATOMIC", "GFP_NOWAIT", "GFP_NOIO", "GFP_NOFS", "GFP_USER", "GFP_HIGHUSER", "GFP_KERNEL_ACCOUNT"]
    static let modifiers = ["__GFP_ZERO", "__GFP_NOWARN", "__GFP_HIGHMEM", "__GFP_COMP", "__GFP_NORETRY", "__GFP_NOFAIL"]

    static let decode = QuestionFamily(id: "gfp-decode", topic: "gfp", kind: .singleChoice, difficulty: 2) { rng, t in
        var k = rng.pick(kernels)
        var expr = ""
        var v: UInt64 = 0
        for _ in 0..<16 {
            k = rng.pick(kernels)
            expr = rng.pick(compositions)
            if rng.below(2) == 0 { expr += " | " + rng.pick(modifiers) }
            if let x = GFP.parse(expr, kernel: k), x != 0 { v = x; break }
        }
        if v == 0 { k = .v6_1; expr = "GFP_KERNEL"; v = value(expr, k) }
        let right = Candidate(names(v, k))
        var wrong: [Candidate] = []
        for other in kernels where other != k && (other >= .v6_1) != (k >= .v6_1) {
            wrong.append(Candidate(names(v, other), misconception: "decoded-with-wrong-generation"))
        }
        let d = GFP.decode(v, kernel: k)
        if k >= .v6_1 {
            if d.contains("__GFP_DIRECT_RECLAIM") || d.contains("__GFP_KSWAPD_RECLAIM") {
                let swapped = d.filter { $0 != "__GFP_DIRECT_RECLAIM" && $0 != "__GFP_KSWAPD_RECLAIM" } + ["__GFP_WAIT"]
                wrong.append(Candidate(swapped.joined(separator: " | "), misconception: "gfp-wait-on-6x"))
            }
            if d.contains("__GFP_KSWAPD_RECLAIM") && d.count > 1 {
                wrong.append(Candidate(d.filter { $0 != "__GFP_KSWAPD_RECLAIM" }.joined(separator: " | "), misconception: "kswapd-bit-ignored"))
            }
        } else if d.contains("__GFP_WAIT") {
            let swapped = d.flatMap { $0 == "__GFP_WAIT" ? ["__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM"] : [$0] }
            wrong.append(Candidate(swapped.joined(separator: " | "), misconception: "modern-names-on-3.4"))
        }
        for other in kernels where other != k && (other >= .v6_1) == (k >= .v6_1) {
            wrong.append(Candidate(names(v, other), misconception: "decoded-with-wrong-generation"))
        }
        if d.count > 1 {
            wrong.append(Candidate(d.dropLast().joined(separator: " | "), misconception: "highest-bit-overlooked"))
        }
        // The same composition as another generation defines it.
        for other in kernels where other != k {
            if let ov = GFP.parse(expr, kernel: other), ov != 0 {
                wrong.append(Candidate(names(ov, other), misconception: "composition-of-other-generation"))
            }
        }
        if d.count > 1 {
            wrong.append(Candidate(d.dropFirst().joined(separator: " | "), misconception: "lowest-bit-overlooked"))
        }
        wrong.append(Candidate(names((v << 4) & 0xffff_ffff, k), misconception: "hex-digit-misplaced"))
        if v >> 4 != 0 { wrong.append(Candidate(names(v >> 4, k), misconception: "hex-digit-misplaced")) }
        let hexV = hexValue(v)
        let bits = (0..<32).map { UInt64(1) << UInt64($0) }.filter { v & $0 != 0 }
        let sum = bits.reversed().map { hexValue($0) }.joined(separator: " + ")
        let kn = Localized.all(FamilyText.kernelName(k))
        let described = GFP.describe(v, kernel: k)
        // Where the bits are defined: include/linux/gfp_types.h since 6.0, gfp.h before.
        let header = Localized.all(k >= .v6_1 ? "gfp_types.h" : "gfp.h")
        // One bit: "0x20 = 0x20" would explain nothing.
        let explanation: Localized = bits.count == 1
            ? (described == right.key
                ? t("gfp-decode.explanation_single", ["value": .all(hexV), "kernel": kn, "header": header, "flags": right.text])
                : t("gfp-decode.explanation_single_named", ["value": .all(hexV), "kernel": kn, "header": header, "flags": right.text, "described": .all(described)]))
            : t("gfp-decode.explanation", ["value": .all(hexV), "sum": .all(sum), "kernel": kn, "header": header, "flags": right.text, "described": .all(described)])
        return Draft(
            prompt: t("gfp-decode.prompt", ["kernel": kn, "value": .all(hexV)]),
            answer: .choice(right: right, wrong: wrong),
            explanation: explanation + treeNote(k, t),
            sources: [Src.k(k == .v3_4 ? "3.4:include/linux/gfp.h" : "\(k.rawValue):include/linux/gfp_types.h")],
            parameters: ["kernel": k.rawValue, "expr": expr, "value": hexValue(v)])
    }

    // MARK: - Pick the flag for a context

    struct Scenario: Sendable {
        /// Its text is `gfp-context.scenario.<key>`.
        var key: String
        var context: ExecContext
        /// nil: may sleep; false: atomic with a cheap fallback; true: atomic, reserves justified.
        var reserves: Bool?
    }

    static let scenarios: [Scenario] = [
        Scenario(key: "module_init", context: .process, reserves: nil),
        Scenario(key: "chardev_write", context: .process, reserves: nil),
        Scenario(key: "workqueue_mutex", context: .process, reserves: nil),
        Scenario(key: "threaded_irq", context: .process, reserves: nil),
        Scenario(key: "ioctl_spinlock", context: .atomic, reserves: false),
        Scenario(key: "hardirq_drop", context: .hardirq, reserves: false),
        Scenario(key: "timer_retry", context: .softirq, reserves: false),
        Scenario(key: "net_rx", context: .softirq, reserves: true),
        Scenario(key: "storage_irq", context: .hardirq, reserves: true),
    ]

    static let context = QuestionFamily(id: "gfp-context", topic: "gfp", kind: .singleChoice, difficulty: 1) { rng, t in
        let k = rng.pick(kernels)
        let s = rng.pick(scenarios)
        let names = ["GFP_KERNEL", "GFP_NOWAIT", "GFP_ATOMIC", "0"]
        let rightName = s.reserves == nil ? "GFP_KERNEL" : (s.reserves! ? "GFP_ATOMIC" : "GFP_NOWAIT")
        func cand(_ n: String, _ m: String? = nil) -> Candidate {
            let v = n == "0" ? 0 : value(n, k)
            return Candidate(key: hexValue(v), text: Localized(all: n), misconception: m)
        }
        let why: [String: String]
        switch s.reserves {
        case nil: why = ["GFP_ATOMIC": "atomic-by-habit", "GFP_NOWAIT": "nowait-in-process-context", "0": "zero-flags-as-default"]
        case false?: why = ["GFP_KERNEL": "sleep-in-atomic", "GFP_ATOMIC": "reserves-without-need", "0": "zero-flags-as-default"]
        case true?: why = ["GFP_KERNEL": "sleep-in-atomic", "GFP_NOWAIT": "nowait-where-reserves-needed", "0": "zero-flags-as-default"]
        }
        let wrong = names.filter { $0 != rightName }.map { cand($0, why[$0]) }
        let kn = Localized.all(FamilyText.kernelName(k))
        let bit = GFP.blockingBitName(k), bitV = hexValue(GFP.blockingBit(k))
        func fact(_ n: String) -> Localized {
            let v = value(n, k)
            return t(GFP.mayBlock(v, kernel: k) ? "gfp-context.fact_may_sleep" : "gfp-context.fact_atomic",
                     ["mask": .all(n), "value": .all(hexValue(v)), "bit": .all(bit)])
        }
        let ctx = s.context
        let reasonKey: String
        switch s.reserves {
        case nil: reasonKey = "gfp-context.reason_may_sleep"
        case false?: reasonKey = "gfp-context.reason_cheap_fallback"
        case true?: reasonKey = "gfp-context.reason_reserves"
        }
        return Draft(
            prompt: t("gfp-context.prompt", ["kernel": kn, "scenario": t("gfp-context.scenario." + s.key)]),
            answer: .choice(right: cand(rightName), wrong: wrong),
            explanation: t("gfp-context.explanation", ["in_interrupt": .all(ctx.inInterrupt ? "1" : "0"), "in_atomic": .all(ctx.inAtomic ? "1" : "0"), "bit": .all(bit), "bit_value": .all(bitV),
                                                       "kernel_mask": fact("GFP_KERNEL"), "nowait_mask": fact("GFP_NOWAIT"), "atomic_mask": fact("GFP_ATOMIC")])
                + t(reasonKey, ["mask": .all(rightName)]) + treeNote(k, t),
            sources: [Src.k("6.1:Documentation/core-api/memory-allocation.rst"), Src.k(k == .v3_4 ? "3.4:include/linux/gfp.h" : "\(k.rawValue):include/linux/gfp_types.h"), Src.seed("s001")],
            parameters: ["kernel": k.rawValue, "context": s.context.rawValue, "reserves": s.reserves.map { String($0) } ?? "none"])
    }

    // MARK: - May it sleep?

    static let common = ["GFP_KERNEL", "GFP_NOIO", "GFP_NOFS", "GFP_ATOMIC", "GFP_NOWAIT", "GFP_USER", "GFP_ATOMIC | __GFP_ZERO",
                         "GFP_KERNEL | __GFP_NORETRY", "GFP_NOWAIT | __GFP_NOWARN", "GFP_DMA", "GFP_KERNEL | GFP_DMA", "GFP_HIGHUSER"]
    static let modernOnly = ["GFP_KERNEL & ~__GFP_DIRECT_RECLAIM", "GFP_KERNEL & ~__GFP_RECLAIM", "GFP_KERNEL_ACCOUNT", "__GFP_KSWAPD_RECLAIM | __GFP_IO | __GFP_FS"]
    static let oldOnly = ["GFP_KERNEL & ~__GFP_WAIT", "__GFP_HIGH | __GFP_IO", "GFP_TEMPORARY"]

    static let maySleep = QuestionFamily(id: "gfp-may-sleep", topic: "gfp", kind: .singleChoice, difficulty: 2) { rng, t in
        let k = rng.pick(kernels)
        let expr = rng.pick(common + (k >= .v6_1 ? modernOnly : oldOnly))
        let v = value(expr, k)
        let sleeps = GFP.mayBlock(v, kernel: k)
        let bit = GFP.blockingBitName(k)
        let a = Candidate(key: "sleep", text: t("gfp-may-sleep.option_may_sleep", ["bit": .all(bit)]))
        let b = Candidate(key: "nosleep", text: t("gfp-may-sleep.option_never_sleeps", ["bit": .all(bit)]))
        let c = Candidate(key: "io", text: t("gfp-may-sleep.option_io"), misconception: "noio-means-no-sleep")
        let d = k >= .v6_1
            ? Candidate(key: "kswapd", text: t("gfp-may-sleep.option_kswapd"), misconception: "kswapd-bit-means-sleep")
            : Candidate(key: "high", text: t("gfp-may-sleep.option_high"), misconception: "high-bit-means-atomic")
        var right = sleeps ? a : b
        var wrongAB = sleeps ? b : a
        right.misconception = nil
        wrongAB.misconception = sleeps ? "mask-misread-as-atomic" : "mask-misread-as-sleeping"
        let kn = Localized.all(FamilyText.kernelName(k))
        let flags = names(v, k)
        let helper = k >= .v6_1 ? "gfpflags_allow_blocking()" : "might_sleep_if(gfp_mask & __GFP_WAIT)"
        return Draft(
            prompt: t("gfp-may-sleep.prompt", ["kernel": kn, "expr": .all(expr)]),
            answer: .choice(right: right, wrong: [wrongAB, c, d]),
            explanation: t("gfp-may-sleep.explanation", ["kernel": kn, "expr": .all(expr), "value": .all(hexValue(v)), "flags": .all(flags),
                                                         "bit": .all(bit), "bit_value": .all(hexValue(GFP.blockingBit(k))), "helper": .all(helper),
                                                         "answer": right.text, "other": t(k >= .v6_1 ? "gfp-may-sleep.other_kswapd" : "gfp-may-sleep.other_high")])
                + treeNote(k, t),
            sources: [Src.k(k == .v3_4 ? "3.4:include/linux/gfp.h" : "\(k.rawValue):include/linux/gfp_types.h"), Src.k("6.1:include/linux/gfp.h")],
            parameters: ["kernel": k.rawValue, "expr": expr, "value": hexValue(v)])
    }
}
