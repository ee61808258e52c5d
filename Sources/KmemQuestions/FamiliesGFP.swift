import KernelSim

/// GFP masks: decoding a value per generation, choosing a flag for a context, may it sleep.
enum GFPFamilies {
    static let kernels: [KernelVersion] = [.v3_4, .v6_1, .v6_12]

    static func value(_ expr: String, _ k: KernelVersion) -> UInt64 { GFP.parse(expr, kernel: k) ?? 0 }

    /// 6.12 numbers its bits by position in an enum, so a value holds only for a stated
    /// configuration: the one the GFP page states (the optional bits configured off).
    static func treeNote(_ k: KernelVersion) -> Localized {
        guard k == .v6_12 else { return L("", "", "") }
        return L(" (The 6.12 values are those of a tree with the configuration-dependent GFP bits off, as on the GFP page.)",
                 "（6.12 的数值对应未启用那些随配置变化的 GFP 位的内核树，与 GFP 页面的说明一致。）",
                 "（6.12 の値は、構成によって変わる GFP ビットをすべて無効にしたツリーのもので、GFP のページと同じ前提である。）")
    }
    static func names(_ v: UInt64, _ k: KernelVersion) -> String {
        let d = GFP.decode(v, kernel: k)
        return d.isEmpty ? "0" : d.joined(separator: " | ")
    }

    // MARK: - Decode

    static let compositions = ["GFP_KERNEL", "GFP_ATOMIC", "GFP_NOWAIT", "GFP_NOIO", "GFP_NOFS", "GFP_USER", "GFP_HIGHUSER", "GFP_KERNEL_ACCOUNT"]
    static let modifiers = ["__GFP_ZERO", "__GFP_NOWARN", "__GFP_HIGHMEM", "__GFP_COMP", "__GFP_NORETRY", "__GFP_NOFAIL"]

    static let decode = QuestionFamily(
        id: "gfp-decode", topic: "gfp", kind: .singleChoice, difficulty: 2,
        title: L("Decode a GFP value for a kernel generation", "按内核版本解码 GFP 值", "カーネル世代に応じた GFP 値のデコード")
    ) { rng in
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
        let kn = FamilyText.kernelName(k)
        let described = GFP.describe(v, kernel: k)
        return Draft(
            prompt: L("An allocation-failure report from \(kn) shows mode:\(hexV). Which flags does that mask contain?",
                      "\(kn) 的一条分配失败报告中显示 mode:\(hexV)。这个掩码包含哪些标志？",
                      "\(kn) の割り当て失敗レポートに mode:\(hexV) と出ている。このマスクにはどのフラグが含まれるか。"),
            answer: .choice(right: right, wrong: wrong),
            explanation: L("Split the value into bits: \(hexV) = \(sum). In \(kn)'s gfp.h each bit is one flag, lowest first: \(right.text.en). Together that is \(described). The same number means different flags in another generation.",
                           "把值拆成位：\(hexV) = \(sum)。在 \(kn) 的 gfp.h 中每一位对应一个标志，从低到高依次为：\(right.text.zh)。合起来就是 \(described)。同一个数在别的内核版本中代表的标志并不相同。",
                           "値をビットに分ける：\(hexV) = \(sum)。\(kn) の gfp.h では各ビットが 1 つのフラグに対応し、下位から順に \(right.text.ja) となる。まとめると \(described) である。同じ数値でも世代が違えば別のフラグを意味する。") + treeNote(k),
            sources: [Src.k(k == .v3_4 ? "3.4:include/linux/gfp.h" : "\(k.rawValue):include/linux/gfp_types.h")],
            parameters: ["kernel": k.rawValue, "expr": expr, "value": hexValue(v)])
    }

    // MARK: - Pick the flag for a context

    struct Scenario: Sendable {
        var text: Localized
        var context: ExecContext
        /// nil: may sleep; false: atomic with a cheap fallback; true: atomic, reserves justified.
        var reserves: Bool?
    }

    static let scenarios: [Scenario] = [
        Scenario(text: L("in a module's init function", "在模块的 init 函数中", "モジュールの init 関数の中で"), context: .process, reserves: nil),
        Scenario(text: L("in the write() handler of a character device, with no lock held", "在字符设备的 write() 处理函数中，未持有任何锁", "キャラクタデバイスの write() ハンドラの中で、ロックを何も持たずに"), context: .process, reserves: nil),
        Scenario(text: L("in a workqueue item, while holding a mutex", "在工作队列的工作项中，持有一个 mutex", "ワークキューのワークアイテムの中で、ミューテックスを保持したまま"), context: .process, reserves: nil),
        Scenario(text: L("in the thread function of a threaded interrupt handler", "在线程化中断处理程序的线程函数中", "スレッド化割り込みハンドラのスレッド関数の中で"), context: .process, reserves: nil),
        Scenario(text: L("in an ioctl() handler while holding a spinlock; if the allocation fails, the code retries later outside the lock",
                         "在 ioctl() 处理函数中持有自旋锁时；分配失败的话，代码稍后会在锁外重试",
                         "ioctl() ハンドラの中でスピンロックを保持しているとき。割り当てに失敗したら、あとでロックの外で再試行する"),
                 context: .atomic, reserves: false),
        Scenario(text: L("in a hard interrupt handler that can simply drop the event when memory is short",
                         "在硬中断处理程序中，内存不足时可以直接丢弃这个事件",
                         "ハードウェア割り込みハンドラの中で、メモリが足りなければイベントを捨ててよい場合"),
                 context: .hardirq, reserves: false),
        Scenario(text: L("in a timer callback that just tries again on the next tick if it gets no memory",
                         "在定时器回调中，拿不到内存就等下一个 tick 再试",
                         "タイマーコールバックの中で、メモリが取れなければ次の tick で再試行するだけの場合"),
                 context: .softirq, reserves: false),
        Scenario(text: L("in a network driver's receive path (softirq), where a failure would stall the device and dipping into the emergency reserves is justified",
                         "在网卡驱动的接收路径（软中断）中，失败会让设备停摆，动用紧急储备是合理的",
                         "ネットワークドライバの受信パス（softirq）の中で、失敗するとデバイスが止まってしまい、緊急用の予備を使うことが正当化される場合"),
                 context: .softirq, reserves: true),
        Scenario(text: L("in a storage driver's hard interrupt handler that must not lose a completion; using the reserves is justified",
                         "在存储驱动的硬中断处理程序中，不能丢失完成通知；动用储备是合理的",
                         "ストレージドライバのハードウェア割り込みハンドラの中で、完了通知を失ってはならず、予備を使うことが正当化される場合"),
                 context: .hardirq, reserves: true),
    ]

    static let context = QuestionFamily(
        id: "gfp-context", topic: "gfp", kind: .singleChoice, difficulty: 1,
        title: L("Pick the GFP flag for a calling context", "为调用上下文选择 GFP 标志", "呼び出しコンテキストに合った GFP フラグを選ぶ")
    ) { rng in
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
        let kn = FamilyText.kernelName(k)
        let bit = GFP.blockingBitName(k), bitV = hexValue(GFP.blockingBit(k))
        func fact(_ n: String) -> String {
            let v = value(n, k)
            return "\(n) = \(hexValue(v)) (\(GFP.mayBlock(v, kernel: k) ? "\(bit) set" : "no \(bit)"))"
        }
        func factZh(_ n: String) -> String {
            let v = value(n, k)
            return "\(n) = \(hexValue(v))（\(GFP.mayBlock(v, kernel: k) ? "含 \(bit)" : "不含 \(bit)")）"
        }
        func factJa(_ n: String) -> String {
            let v = value(n, k)
            return "\(n) = \(hexValue(v))（\(GFP.mayBlock(v, kernel: k) ? "\(bit) あり" : "\(bit) なし")）"
        }
        let ctx = s.context
        let state = "in_interrupt() = \(ctx.inInterrupt ? 1 : 0), in_atomic() = \(ctx.inAtomic ? 1 : 0)"
        let reason: Localized
        switch s.reserves {
        case nil: reason = L("This code may sleep, so the normal mask is right: \(rightName).", "这段代码可以睡眠，所以用常规掩码：\(rightName)。", "このコードはスリープしてよいので、通常のマスクが正しい：\(rightName)。")
        case false?: reason = L("This code must not sleep and has a cheap fallback, so it should not drain the reserves: \(rightName).", "这段代码不能睡眠，且有代价很小的兜底，不应耗用储备：\(rightName)。", "このコードはスリープできず、安価な代替手段があるので予備を減らすべきではない：\(rightName)。")
        case true?: reason = L("This code must not sleep, and the reserves are justified: \(rightName).", "这段代码不能睡眠，而且动用储备是合理的：\(rightName)。", "このコードはスリープできず、予備を使うことが正当化される：\(rightName)。")
        }
        return Draft(
            prompt: L("On \(kn), which mask should kzalloc() get \(s.text.en)?",
                      "在 \(kn) 上，\(s.text.zh)，kzalloc() 应当使用哪个掩码？",
                      "\(kn) で、\(s.text.ja)、kzalloc() にはどのマスクを渡すべきか。"),
            answer: .choice(right: cand(rightName), wrong: wrong),
            explanation: L("Here \(state). A mask may sleep when it contains \(bit) (\(bitV)): \(fact("GFP_KERNEL")), \(fact("GFP_NOWAIT")), \(fact("GFP_ATOMIC")); only GFP_ATOMIC adds __GFP_HIGH, the reserves. ",
                           "此处 \(state)。掩码含有 \(bit)（\(bitV)）时就可能睡眠：\(factZh("GFP_KERNEL"))，\(factZh("GFP_NOWAIT"))，\(factZh("GFP_ATOMIC"))；只有 GFP_ATOMIC 带 __GFP_HIGH，即可以动用储备。",
                           "ここでは \(state)。マスクに \(bit)（\(bitV)）が含まれるとスリープしうる：\(factJa("GFP_KERNEL"))、\(factJa("GFP_NOWAIT"))、\(factJa("GFP_ATOMIC"))。予備を使える __GFP_HIGH を持つのは GFP_ATOMIC だけである。") + reason + treeNote(k),
            sources: [Src.k("6.1:Documentation/core-api/memory-allocation.rst"), Src.k(k == .v3_4 ? "3.4:include/linux/gfp.h" : "\(k.rawValue):include/linux/gfp_types.h"), Src.seed("s001")],
            parameters: ["kernel": k.rawValue, "context": s.context.rawValue, "reserves": s.reserves.map { String($0) } ?? "none"])
    }

    // MARK: - May it sleep?

    static let common = ["GFP_KERNEL", "GFP_NOIO", "GFP_NOFS", "GFP_ATOMIC", "GFP_NOWAIT", "GFP_USER", "GFP_ATOMIC | __GFP_ZERO",
                         "GFP_KERNEL | __GFP_NORETRY", "GFP_NOWAIT | __GFP_NOWARN", "GFP_DMA", "GFP_KERNEL | GFP_DMA", "GFP_HIGHUSER"]
    static let modernOnly = ["GFP_KERNEL & ~__GFP_DIRECT_RECLAIM", "GFP_KERNEL & ~__GFP_RECLAIM", "GFP_KERNEL_ACCOUNT", "__GFP_KSWAPD_RECLAIM | __GFP_IO | __GFP_FS"]
    static let oldOnly = ["GFP_KERNEL & ~__GFP_WAIT", "__GFP_HIGH | __GFP_IO", "GFP_TEMPORARY"]

    static let maySleep = QuestionFamily(
        id: "gfp-may-sleep", topic: "gfp", kind: .singleChoice, difficulty: 2,
        title: L("May an allocation with this mask sleep", "使用这个掩码的分配会睡眠吗", "このマスクの割り当てはスリープしうるか")
    ) { rng in
        let k = rng.pick(kernels)
        let expr = rng.pick(common + (k >= .v6_1 ? modernOnly : oldOnly))
        let v = value(expr, k)
        let sleeps = GFP.mayBlock(v, kernel: k)
        let bit = GFP.blockingBitName(k)
        let a = Candidate(key: "sleep", text: L("It may sleep: \(bit) is set", "可能睡眠：\(bit) 已置位", "スリープしうる：\(bit) が立っている"))
        let b = Candidate(key: "nosleep", text: L("It never sleeps: \(bit) is clear", "绝不睡眠：\(bit) 未置位", "スリープしない：\(bit) が立っていない"))
        let c = Candidate(key: "io", text: L("It never sleeps, because __GFP_IO or __GFP_FS is missing", "绝不睡眠，因为缺少 __GFP_IO 或 __GFP_FS", "__GFP_IO か __GFP_FS が欠けているので、スリープしない"), misconception: "noio-means-no-sleep")
        let d = k >= .v6_1
            ? Candidate(key: "kswapd", text: L("It may sleep, because __GFP_KSWAPD_RECLAIM is set", "可能睡眠，因为 __GFP_KSWAPD_RECLAIM 已置位", "__GFP_KSWAPD_RECLAIM が立っているので、スリープしうる"), misconception: "kswapd-bit-means-sleep")
            : Candidate(key: "high", text: L("It may sleep, because __GFP_HIGH is clear", "可能睡眠，因为 __GFP_HIGH 未置位", "__GFP_HIGH が立っていないので、スリープしうる"), misconception: "high-bit-means-atomic")
        var right = sleeps ? a : b
        var wrongAB = sleeps ? b : a
        right.misconception = nil
        wrongAB.misconception = sleeps ? "mask-misread-as-atomic" : "mask-misread-as-sleeping"
        let kn = FamilyText.kernelName(k)
        let hexV = hexValue(v)
        let flags = names(v, k)
        let bitV = hexValue(GFP.blockingBit(k))
        let helper = k >= .v6_1 ? "gfpflags_allow_blocking()" : "might_sleep_if(gfp_mask & __GFP_WAIT)"
        return Draft(
            prompt: L("On \(kn), may an allocation with the mask `\(expr)` sleep?",
                      "在 \(kn) 上，使用掩码 `\(expr)` 的分配可能睡眠吗？",
                      "\(kn) で、マスク `\(expr)` を使う割り当てはスリープしうるか。"),
            answer: .choice(right: right, wrong: [wrongAB, c, d]),
            explanation: L("On \(kn), `\(expr)` = \(hexV) = \(flags). Whether the allocator may sleep is decided by \(bit) (\(bitV)) alone, as \(helper) tests it, so the answer is “\(right.text.en)”. __GFP_IO and __GFP_FS only limit what reclaim may do, \(k >= .v6_1 ? "and __GFP_KSWAPD_RECLAIM only wakes the background thread." : "and __GFP_HIGH only grants access to the reserves.")",
                           "在 \(kn) 上，`\(expr)` = \(hexV) = \(flags)。分配器能否睡眠只取决于 \(bit)（\(bitV)），\(helper) 检查的也正是这一位，所以答案是“\(right.text.zh)”。__GFP_IO 和 __GFP_FS 只限制回收能做什么，\(k >= .v6_1 ? "__GFP_KSWAPD_RECLAIM 只是唤醒后台线程。" : "__GFP_HIGH 只是允许动用储备。")",
                           "\(kn) では `\(expr)` = \(hexV) = \(flags)。アロケータがスリープしうるかどうかは \(bit)（\(bitV)）だけで決まり、\(helper) が調べるのもこのビットである。したがって答えは「\(right.text.ja)」。__GFP_IO と __GFP_FS は回収でできることを制限するだけで、\(k >= .v6_1 ? "__GFP_KSWAPD_RECLAIM はバックグラウンドのスレッドを起こすだけである。" : "__GFP_HIGH は予備を使えるようにするだけである。")") + treeNote(k),
            sources: [Src.k(k == .v3_4 ? "3.4:include/linux/gfp.h" : "\(k.rawValue):include/linux/gfp_types.h"), Src.k("6.1:include/linux/gfp.h")],
            parameters: ["kernel": k.rawValue, "expr": expr, "value": hexValue(v)])
    }
}
