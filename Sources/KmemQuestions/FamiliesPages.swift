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

    /// The texts these families fill, with the placeholders each takes.
    static let texts: [String: Set<String>] = [
        "get-order.title": [], "get-order.prompt": ["size"],
        "get-order.explanation": ["size", "shifted", "order", "pages", "block", "bytes"],
        "alloc-bytes.title": [], "alloc-bytes.prompt": ["size", "bytes"], "alloc-bytes.explanation": ["block"],
        "max-order.title": [], "max-order.rule": ["kernel", "constant", "check"],
        "max-order.prompt_bytes": ["kernel", "constant"], "max-order.explanation_bytes": ["order", "block"],
        "max-order.prompt_order": ["kernel", "constant"], "max-order.explanation_order": ["order", "block", "note"],
        "max-order.note_inclusive": [], "max-order.note_exclusive": [],
    ]

    /// The worked steps of get_order() for `size`.
    static func explainOrder(_ size: UInt64, _ t: FamilyWords) -> Localized {
        let o = getOrder(size)
        let shifted = (size - 1) >> UInt64(pageShift)
        return t("get-order.explanation", ["size": .all(String(size)), "shifted": .all(String(shifted)), "order": .all(String(o)),
                                           "pages": t.pages(1 << o), "block": t.size(pageSize << UInt64(o)), "bytes": t.bytes(size)])
    }

    static let getOrderFamily = QuestionFamily(id: "get-order", topic: "pages", kind: .numeric, difficulty: 2) { rng, t in
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
            prompt: t("get-order.prompt", ["size": .all(String(size))]),
            answer: .numeric(Double(o), wrong: wrong),
            explanation: explainOrder(size, t),
            sources: [Src.k("6.1:include/asm-generic/getorder.h"), Src.k("6.12:include/asm-generic/getorder.h")],
            parameters: ["size": String(size)])
    }

    static let allocBytes = QuestionFamily(id: "alloc-bytes", topic: "pages", kind: .singleChoice, difficulty: 2) { rng, t in
        // Above a page and not a power of two: the cases where the block differs from the request.
        var size = pickSize(&rng)
        while size <= pageSize || size.nonzeroBitCount == 1 { size = pickSize(&rng) }
        let o = getOrder(size)
        let bytes = pageSize << UInt64(o)
        func cand(_ v: UInt64, _ m: String? = nil) -> Candidate {
            Candidate(key: String(v), text: t.size(v), misconception: m)
        }
        let wrong = [
            cand(size, "requested-size"),
            cand((size + pageSize - 1) & ~(pageSize - 1), "page-align-only"),
            cand(UInt64(o) * pageSize, "order-is-page-count"),
            cand(bytes * 2, "one-order-too-many"),
            cand(bytes / 2, "floor-instead-of-ceil"),
        ].filter { $0.key != "0" }
        return Draft(
            prompt: t("alloc-bytes.prompt", ["size": .all(String(size)), "bytes": t.bytes(size)]),
            answer: .choice(right: cand(bytes), wrong: wrong),
            explanation: explainOrder(size, t) + t("alloc-bytes.explanation", ["block": t.size(bytes)]),
            sources: [Src.k("6.1:mm/page_alloc.c"), Src.k("6.1:include/asm-generic/getorder.h"), Src.seed("s003")],
            parameters: ["size": String(size)])
    }

    static let maxOrder = QuestionFamily(id: "max-order", topic: "pages", kind: .singleChoice, difficulty: 2) { rng, t in
        let kernel = rng.pick([KernelVersion.v3_4, .v6_1, .v6_12])
        let maxOrder = PageAllocator.maxOrder(kernel)
        let inclusive = kernel >= .v6_12
        let constant = inclusive ? "MAX_PAGE_ORDER = \(maxOrder)" : "MAX_ORDER = \(maxOrder + 1)"
        let check = inclusive ? "order > MAX_PAGE_ORDER" : "order >= MAX_ORDER"
        let k = Localized.all(FamilyText.kernelName(kernel))
        let offByOne = inclusive ? maxOrder - 1 : maxOrder + 1
        let askBytes = rng.below(2) == 1
        let ex = t("max-order.rule", ["kernel": k, "constant": .all(constant), "check": .all(check)])
        let block = t.size(pageSize << UInt64(maxOrder))
        if askBytes {
            func cand(_ o: Int, _ m: String? = nil) -> Candidate {
                let v = pageSize << UInt64(o)
                return Candidate(key: String(v), text: t.size(v), misconception: m)
            }
            let right = cand(maxOrder)
            return Draft(
                prompt: t("max-order.prompt_bytes", ["kernel": k, "constant": .all(constant)]),
                answer: .choice(right: right, wrong: [
                    cand(offByOne, "max-order-off-by-one"),
                    cand(PageAllocator.costlyOrder, "costly-order-is-the-limit"),
                    Candidate(key: String(128 * 1024), text: t.size(128 * 1024), misconception: "128k-limit-on-modern-kernel"),
                ]),
                explanation: ex + t("max-order.explanation_bytes", ["order": .all(String(maxOrder)), "block": right.text]),
                sources: [Src.k(inclusive ? "6.12:include/linux/mmzone.h" : "6.1:include/linux/mmzone.h"), Src.k(inclusive ? "6.12:mm/page_alloc.c" : "6.1:mm/page_alloc.c")],
                parameters: ["kernel": kernel.rawValue, "form": "bytes"])
        }
        func cand(_ o: Int, _ m: String? = nil) -> Candidate { Candidate(key: String(o), text: Localized(all: String(o)), misconception: m) }
        return Draft(
            prompt: t("max-order.prompt_order", ["kernel": k, "constant": .all(constant)]),
            answer: .choice(right: cand(maxOrder), wrong: [
                cand(offByOne, "max-order-off-by-one"),
                cand(PageAllocator.costlyOrder, "costly-order-is-the-limit"),
                cand(1 << maxOrder, "pages-instead-of-order"),
            ]),
            explanation: ex + t("max-order.explanation_order", ["order": .all(String(maxOrder)), "block": block,
                                                                 "note": t(inclusive ? "max-order.note_inclusive" : "max-order.note_exclusive")]),
            sources: [Src.k(inclusive ? "6.12:include/linux/mmzone.h" : "6.1:include/linux/mmzone.h"), Src.k(inclusive ? "6.12:mm/page_alloc.c" : "6.1:mm/page_alloc.c")],
            parameters: ["kernel": kernel.rawValue, "form": "order"])
    }
}
