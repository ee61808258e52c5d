import KernelSim

/// The page allocator: get_order(), what a block really holds, and the order limit.
enum PageFamilies {
    static let pageShift = 12
    static let pageSize: UInt64 = 4096

    /// Sizes that exercise get_order(): below a page, exact powers of two, one byte more.
    static func pickSize(_ rng: inout SplitMix64) -> UInt64 {
        switch rng.below(4) {
        case 0: return UInt64(1 + rng.below(4096))
        case 1: return UInt64(1) << UInt64(12 + rng.below(11))
        case 2: return (UInt64(1) << UInt64(12 + rng.below(10))) + 1
        default:
            let lo: UInt64 = 4097, hi: UInt64 = 4 << 20
            return lo + UInt64(rng.below(Int(hi - lo)))
        }
    }

    static func getOrder(_ size: UInt64) -> Int { PageAllocator.getOrder(size, pageShift: pageShift, bitsPerLong: 64) }

    /// The worked steps of get_order() for `size`.
    static func explainOrder(_ size: UInt64) -> Localized {
        let o = getOrder(size)
        let shifted = (size - 1) >> UInt64(pageShift)
        let block = FamilyText.size(pageSize << UInt64(o))
        return L("get_order(\(size)): (\(size) − 1) >> PAGE_SHIFT (12) = \(shifted); fls(\(shifted)) = \(o). Order \(o) is \(1 << o) page\(o == 0 ? "" : "s") = \(block), the smallest power-of-two block that holds \(size) bytes.",
                 "get_order(\(size))：(\(size) − 1) >> PAGE_SHIFT（12）= \(shifted)；fls(\(shifted)) = \(o)。阶 \(o) 即 \(1 << o) 页 = \(block)，是能容纳 \(size) 字节的最小的 2 的幂大小的块。",
                 "get_order(\(size))：(\(size) − 1) >> PAGE_SHIFT（12）= \(shifted)、fls(\(shifted)) = \(o)。オーダー \(o) は \(1 << o) ページ = \(block) で、\(size) バイトが収まる最小の 2 のべき乗のブロックである。")
    }

    static let getOrderFamily = QuestionFamily(
        id: "get-order", topic: "pages", kind: .numeric, difficulty: 2,
        title: L("get_order(size) with 4 KiB pages", "4 KiB 页下的 get_order(size)", "4 KiB ページでの get_order(size)")
    ) { rng in
        let size = pickSize(&rng)
        let o = getOrder(size)
        let pages = (size + pageSize - 1) / pageSize
        var wrong: [Candidate] = []
        func add(_ v: Int, _ m: String) { if v >= 0 { wrong.append(Candidate(key: String(v), text: Localized(all: String(v)), misconception: m)) } }
        add(KernelMath.ilog2(pages), "floor-instead-of-ceil")
        add(1 << o, "pages-instead-of-order")
        if size.nonzeroBitCount == 1 { add(o + 1, "exact-power-rounded-up") }
        add(KernelMath.fls(size - 1), "log2-of-bytes")
        add(Int(pages), "order-is-page-count")
        return Draft(
            prompt: L("With 4 KiB pages, what does get_order(\(size)) return?",
                      "页大小为 4 KiB 时，get_order(\(size)) 返回多少？",
                      "ページサイズ 4 KiB のとき、get_order(\(size)) は何を返すか。"),
            answer: .numeric(Double(o), wrong: wrong),
            explanation: explainOrder(size),
            sources: [Src.k("6.1:include/asm-generic/getorder.h"), Src.k("6.12:include/asm-generic/getorder.h")],
            parameters: ["size": String(size)])
    }

    static let allocBytes = QuestionFamily(
        id: "alloc-bytes", topic: "pages", kind: .singleChoice, difficulty: 2,
        title: L("How much memory __get_free_pages(get_order(size)) really gives", "__get_free_pages(get_order(size)) 实际给多少内存", "__get_free_pages(get_order(size)) が実際に渡す量")
    ) { rng in
        // Above a page and not a power of two: the cases where the block differs from the request.
        var size = pickSize(&rng)
        while size <= pageSize || size.nonzeroBitCount == 1 { size = pickSize(&rng) }
        let o = getOrder(size)
        let bytes = pageSize << UInt64(o)
        func cand(_ v: UInt64, _ m: String? = nil) -> Candidate {
            let s = FamilyText.size(v)
            return Candidate(key: String(v), text: Localized(all: s), misconception: m)
        }
        let wrong = [
            cand(size, "requested-size"),
            cand((size + pageSize - 1) & ~(pageSize - 1), "page-align-only"),
            cand(UInt64(o) * pageSize, "order-is-page-count"),
            cand(bytes * 2, "one-order-too-many"),
            cand(bytes / 2, "floor-instead-of-ceil"),
        ].filter { $0.key != "0" }
        let r = FamilyText.size(bytes)
        return Draft(
            prompt: L("A driver needs a physically contiguous buffer of \(size) bytes and calls __get_free_pages(GFP_KERNEL, get_order(\(size))) (4 KiB pages). How much memory does the block it gets really span?",
                      "驱动需要 \(size) 字节物理上连续的缓冲区，于是调用 __get_free_pages(GFP_KERNEL, get_order(\(size)))（页大小 4 KiB）。得到的块实际有多大？",
                      "ドライバが \(size) バイトの物理的に連続したバッファを必要とし、__get_free_pages(GFP_KERNEL, get_order(\(size))) を呼ぶ（ページサイズ 4 KiB）。得られるブロックは実際にどれだけの大きさか。"),
            answer: .choice(right: cand(bytes), wrong: wrong),
            explanation: explainOrder(size) + L(" The buddy allocator only hands out whole blocks of 2^order pages, so the block spans \(r).",
                                                "伙伴分配器只分配 2^order 页的整块，所以这块内存是 \(r)。",
                                                "バディアロケータは 2^order ページのブロック単位でしか渡さないので、ブロックは \(r) になる。"),
            sources: [Src.k("6.1:mm/page_alloc.c"), Src.k("6.1:include/asm-generic/getorder.h"), Src.seed("s003")],
            parameters: ["size": String(size)])
    }

    static let maxOrder = QuestionFamily(
        id: "max-order", topic: "pages", kind: .singleChoice, difficulty: 2,
        title: L("The largest order one call may ask for", "一次调用能申请的最大阶", "一回の呼び出しで要求できる最大オーダー")
    ) { rng in
        let kernel = rng.pick([KernelVersion.v3_4, .v6_1, .v6_12])
        let maxOrder = PageAllocator.maxOrder(kernel)
        let inclusive = kernel >= .v6_12
        let constant = inclusive ? "MAX_PAGE_ORDER = \(maxOrder)" : "MAX_ORDER = \(maxOrder + 1)"
        let check = inclusive ? "order > MAX_PAGE_ORDER" : "order >= MAX_ORDER"
        let k = FamilyText.kernelName(kernel)
        let offByOne = inclusive ? maxOrder - 1 : maxOrder + 1
        let askBytes = rng.below(2) == 1
        let ex = L("\(k) defines \(constant) and rejects a request when \(check). ",
                   "\(k) 定义了 \(constant)，当 \(check) 时拒绝请求。",
                   "\(k) は \(constant) と定義し、\(check) のときに要求を拒否する。")
        if askBytes {
            func cand(_ o: Int, _ m: String? = nil) -> Candidate {
                let v = pageSize << UInt64(o)
                return Candidate(key: String(v), text: Localized(all: FamilyText.size(v)), misconception: m)
            }
            let right = cand(maxOrder)
            return Draft(
                prompt: L("On \(k) (x86, 4 KiB pages, \(constant)), what is the largest block a single alloc_pages() call can return?",
                          "在 \(k) 上（x86，4 KiB 页，\(constant)），一次 alloc_pages() 调用最多能返回多大的块？",
                          "\(k)（x86、4 KiB ページ、\(constant)）で、alloc_pages() の一回の呼び出しが返せる最大のブロックはいくつか。"),
                answer: .choice(right: right, wrong: [
                    cand(offByOne, "max-order-off-by-one"),
                    cand(PageAllocator.costlyOrder, "costly-order-is-the-limit"),
                    Candidate(key: String(128 * 1024), text: Localized(all: FamilyText.size(128 * 1024)), misconception: "128k-limit-on-modern-kernel"),
                ]),
                explanation: ex + L("The largest valid order is \(maxOrder): 2^\(maxOrder) pages × 4 KiB = \(right.text.en).",
                                    "最大的合法阶是 \(maxOrder)：2^\(maxOrder) 页 × 4 KiB = \(right.text.zh)。",
                                    "有効な最大オーダーは \(maxOrder)：2^\(maxOrder) ページ × 4 KiB = \(right.text.ja)。"),
                sources: [Src.k(inclusive ? "6.12:include/linux/mmzone.h" : "6.1:include/linux/mmzone.h"), Src.k(inclusive ? "6.12:mm/page_alloc.c" : "6.1:mm/page_alloc.c")],
                parameters: ["kernel": kernel.rawValue, "form": "bytes"])
        }
        func cand(_ o: Int, _ m: String? = nil) -> Candidate { Candidate(key: String(o), text: Localized(all: String(o)), misconception: m) }
        return Draft(
            prompt: L("On \(k) (x86, 4 KiB pages), the page allocator's limit is written \(constant). What is the largest order alloc_pages() accepts?",
                      "在 \(k) 上（x86，4 KiB 页），页分配器的上限写作 \(constant)。alloc_pages() 接受的最大阶是多少？",
                      "\(k)（x86、4 KiB ページ）では、ページアロケータの上限は \(constant) と書かれている。alloc_pages() が受け付ける最大オーダーはいくつか。"),
            answer: .choice(right: cand(maxOrder), wrong: [
                cand(offByOne, "max-order-off-by-one"),
                cand(PageAllocator.costlyOrder, "costly-order-is-the-limit"),
                cand(1 << maxOrder, "pages-instead-of-order"),
            ]),
            explanation: ex + L("So the largest valid order is \(maxOrder) (a block of \(FamilyText.size(pageSize << UInt64(maxOrder)))). \(inclusive ? "MAX_PAGE_ORDER is inclusive since the 6.4/6.8 rework" : "MAX_ORDER is exclusive in this generation").",
                                "所以最大的合法阶是 \(maxOrder)（\(FamilyText.size(pageSize << UInt64(maxOrder))) 的块）。\(inclusive ? "自 6.4/6.8 的改动起，MAX_PAGE_ORDER 本身就是合法值" : "这一代的 MAX_ORDER 本身不是合法值")。",
                                "したがって有効な最大オーダーは \(maxOrder)（\(FamilyText.size(pageSize << UInt64(maxOrder))) のブロック）。\(inclusive ? "6.4/6.8 の変更以降、MAX_PAGE_ORDER はそれ自体が有効な値" : "この世代の MAX_ORDER はそれ自体は有効な値ではない")。"),
            sources: [Src.k(inclusive ? "6.12:include/linux/mmzone.h" : "6.1:include/linux/mmzone.h"), Src.k(inclusive ? "6.12:mm/page_alloc.c" : "6.1:mm/page_alloc.c")],
            parameters: ["kernel": kernel.rawValue, "form": "order"])
    }
}
