import KernelSim

/// kmalloc: which cache serves a size, what ksize() reports, whether a size can succeed.
enum KmallocFamilies {
    struct Generation: Sendable {
        var kernel: KernelVersion
        var allocator: SlabAllocatorKind
        var arch: Arch { kernel >= .v6_1 ? .x86_64 : .x86_32 }
        /// "Linux 6.1 (SLUB, x86-64)", with the language's brackets and separators.
        func text(_ t: FamilyWords) -> Localized {
            t("kmalloc.generation", ["kernel": .all(FamilyText.kernelName(kernel)), "allocator": .all(FamilyText.allocatorName(kernel, allocator)),
                                     "arch": .all(archName)])
        }
        private var archName: String { arch == .x86_64 ? "x86-64" : "x86-32" }
        func parameters(_ size: UInt64) -> [String: String] {
            ["kernel": kernel.rawValue, "allocator": allocator.rawValue, "arch": arch.rawValue, "size": String(size)]
        }
        func place(_ size: UInt64) -> KmallocPlacement { Kmalloc.place(size: size, kernel: kernel, allocator: allocator, arch: arch) }
        var maxCacheSize: UInt64 { Kmalloc.maxCacheSize(kernel: kernel, allocator: allocator, arch: arch) }
        var maxSize: UInt64 { Kmalloc.maxSize(kernel: kernel, allocator: allocator, arch: arch) }
        var caches: [KmallocCacheInfo] { Kmalloc.caches(kernel: kernel, allocator: allocator, arch: arch) }
        /// SLAB's `size-N` naming (2.6, 3.4 SLAB).
        var sizeNames: Bool { kernel == .v2_6 || (kernel == .v3_4 && allocator == .slab) }
        /// 6.x `kmalloc-1k` naming.
        var shortNames: Bool { kernel >= .v6_1 }
    }

    /// The texts these families fill, with the placeholders each takes.
    static let texts: [String: Set<String>] = [
        "kmalloc.generation": ["kernel", "allocator", "arch"], "kmalloc.option_pages": ["order"], "kmalloc.option_null": [],
        "kmalloc.frame": ["generation", "first", "last", "max_cache", "classes", "max_size"],
        "kmalloc.classes_odd": [], "kmalloc.classes_no_odd": [],
        "kmalloc.by_cache": ["bytes", "max_cache", "answer", "object"],
        "kmalloc.by_pages": ["bytes", "max_cache", "size", "order", "answer", "block"],
        "kmalloc.too_large": ["bytes", "max_size", "why"], "kmalloc.why_no_cache": [], "kmalloc.why_order": ["size", "order", "max_order"],
        "kmalloc.end_answer": ["answer"], "kmalloc.end_null": [],
        "kmalloc-cache.title": [], "kmalloc-cache.prompt": ["generation", "size"],
        "kmalloc-ksize.title": [], "kmalloc-ksize.prompt": ["generation", "size"], "kmalloc-ksize.explanation": ["object"],
        "kmalloc-succeeds.title": [], "kmalloc-succeeds.option_cache": [], "kmalloc-succeeds.option_pages": [],
        "kmalloc-succeeds.option_limit": [], "kmalloc-succeeds.option_one_page": [], "kmalloc-succeeds.prompt": ["generation", "size"],
    ]

    static let generations: [Generation] = [
        Generation(kernel: .v2_6, allocator: .slab), Generation(kernel: .v3_4, allocator: .slab),
        Generation(kernel: .v3_4, allocator: .slub), Generation(kernel: .v6_1, allocator: .slub),
        Generation(kernel: .v6_1, allocator: .slab), Generation(kernel: .v6_12, allocator: .slub),
    ]

    /// The name a cache of `objectSize` has (or would have) in a generation's naming scheme.
    static func cacheName(_ objectSize: UInt64, sizeNames: Bool, shortNames: Bool) -> String {
        if sizeNames { return "size-\(objectSize)" }
        if shortNames {
            if objectSize >= 1 << 20, objectSize % (1 << 20) == 0 { return "kmalloc-\(objectSize >> 20)M" }
            if objectSize >= 1 << 10, objectSize % (1 << 10) == 0 { return "kmalloc-\(objectSize >> 10)k" }
        }
        return "kmalloc-\(objectSize)"
    }
    static func cacheName(_ objectSize: UInt64, _ g: Generation) -> String { cacheName(objectSize, sizeNames: g.sizeNames, shortNames: g.shortNames) }

    static func nextPowerOfTwo(_ n: UInt64) -> UInt64 { n <= 1 ? 1 : UInt64(1) << UInt64(KernelMath.fls(n - 1)) }
    static func pageAlign(_ n: UInt64) -> UInt64 { (n + 4095) & ~4095 }
    static func order(_ size: UInt64, _ g: Generation) -> Int {
        PageAllocator.getOrder(size, pageShift: g.arch.pageShift, bitsPerLong: g.arch.bitsPerLong)
    }

    static func cacheCandidate(_ name: String, _ m: String? = nil) -> Candidate { Candidate(key: "cache:" + name, text: Localized(all: name), misconception: m) }
    static func pagesCandidate(_ order: Int, _ t: FamilyWords, _ m: String? = nil) -> Candidate {
        Candidate(key: "pages:\(order)", text: t("kmalloc.option_pages", ["order": .all(String(order))]), misconception: m)
    }
    static func nullCandidate(_ t: FamilyWords, _ m: String? = nil) -> Candidate {
        Candidate(key: "null", text: t("kmalloc.option_null"), misconception: m)
    }

    static func rightCandidate(_ p: KmallocPlacement, _ t: FamilyWords) -> Candidate {
        switch p.path {
        case .slabCache: return cacheCandidate(p.cache!)
        case .pageAllocator: return pagesCandidate(p.order!, t)
        case .tooLarge, .zeroSizePtr: return nullCandidate(t)
        }
    }

    /// Interesting request sizes: around the odd classes, the page size, the cache limit, the
    /// 2.6 limit and today's limit.
    static func pickSize(_ rng: inout SplitMix64) -> UInt64 {
        let ranges: [ClosedRange<UInt64>] = [
            1...64, 65...96, 97...128, 129...192, 193...1024, 1025...4096, 4097...8192,
            8193...131_072, 131_073...1_048_576, 1_048_577...4_194_304, 4_194_305...12_582_912,
        ]
        if rng.below(6) == 0 { return rng.pick([96, 128, 192, 4096, 8192, 8193, 131_072, 131_073, 4_194_304, 4_194_305]) }
        let r = rng.pick(ranges)
        return r.lowerBound + UInt64(rng.below(Int(r.upperBound - r.lowerBound + 1)))
    }

    /// The wrong answers for kmalloc(size) on g, most telling first.
    static func wrongPlacements(_ size: UInt64, _ g: Generation, _ p: KmallocPlacement, _ t: FamilyWords) -> [Candidate] {
        var w: [Candidate] = []
        let classes = g.caches.map(\.objectSize)
        switch p.path {
        case .slabCache:
            if p.ksize == 96 || p.ksize == 192 { w.append(cacheCandidate(cacheName(nextPowerOfTwo(size), g), "next-power-of-two")) }
            if g.sizeNames, (65...96).contains(size) || (129...192).contains(size) {
                w.append(cacheCandidate(cacheName((65...96).contains(size) ? 96 : 192, g), "odd-class-on-slab"))
            }
            if size > g.arch.pageSize { w.append(pagesCandidate(order(size, g), t, "page-size-instead-of-cache")) }
            if size != p.ksize { w.append(cacheCandidate(cacheName(size, g), "exact-size-cache")) }
            if let below = classes.last(where: { $0 < p.ksize }), below >= 8 { w.append(cacheCandidate(cacheName(below, g), "rounded-down-to-class")) }
            if !g.sizeNames { w.append(cacheCandidate(cacheName(p.ksize, sizeNames: true, shortNames: false), "cache-name-of-other-generation")) }
            if let above = classes.first(where: { $0 > p.ksize }) { w.append(cacheCandidate(cacheName(above, g), "rounds-to-next-larger-class")) }
            w.append(cacheCandidate(cacheName(p.ksize, sizeNames: false, shortNames: !g.shortNames), "cache-name-of-other-generation"))
        case .pageAllocator:
            w.append(cacheCandidate(cacheName(nextPowerOfTwo(size), g), "caches-go-all-the-way"))
            w.append(nullCandidate(t, size > 128 * 1024 ? "128k-limit-on-modern-kernel" : "kmalloc-limited-to-one-page"))
            let pages = (size + 4095) >> 12
            let floorOrder = KernelMath.ilog2(pages)
            if floorOrder >= 0 { w.append(pagesCandidate(floorOrder, t, "floor-instead-of-ceil")) }
            w.append(cacheCandidate(cacheName(g.maxCacheSize, g), "rounded-down-to-class"))
        case .tooLarge, .zeroSizePtr:
            let o = order(size, g)
            w.append(pagesCandidate(o, t, g.kernel == .v2_6 ? "modern-limit-on-2.6" : "kmalloc-has-no-limit"))
            w.append(cacheCandidate(cacheName(nextPowerOfTwo(size), g), "caches-go-all-the-way"))
            w.append(cacheCandidate(cacheName(g.maxCacheSize, g), "rounded-down-to-class"))
            if o > 0 { w.append(pagesCandidate(PageAllocator.maxOrder(g.kernel), t, "kmalloc-has-no-limit")) }
        }
        return w
    }

    /// The worked explanation of where kmalloc(size) goes, ending in the right answer's text.
    static func explainPlacement(_ size: UInt64, _ g: Generation, _ p: KmallocPlacement, _ t: FamilyWords, quoteAnswer: Bool = true) -> Localized {
        let caches = g.caches
        let maxCache = t.size(g.maxCacheSize), maxSize = t.size(g.maxSize)
        let odd = caches.contains { $0.objectSize == 96 }
        let frame = t("kmalloc.frame", ["generation": g.text(t), "first": .all(caches.first!.name), "last": .all(caches.last!.name),
                                        "max_cache": maxCache, "classes": t(odd ? "kmalloc.classes_odd" : "kmalloc.classes_no_odd"), "max_size": maxSize])
        let r = rightCandidate(p, t).text
        let bytes = t.bytes(size)
        switch p.path {
        case .slabCache:
            return frame + t("kmalloc.by_cache", ["bytes": bytes, "max_cache": maxCache, "answer": r, "object": t.bytes(p.ksize)])
        case .pageAllocator:
            return frame + t("kmalloc.by_pages", ["bytes": bytes, "max_cache": maxCache, "size": .all(String(size)), "order": .all(String(p.order!)),
                                                  "answer": r, "block": t.size(p.ksize)])
        case .tooLarge, .zeroSizePtr:
            let why = g.kernel == .v2_6 || g.sizeNames
                ? t("kmalloc.why_no_cache")
                : t("kmalloc.why_order", ["size": .all(String(size)), "order": .all(String(order(size, g))), "max_order": .all(String(PageAllocator.maxOrder(g.kernel)))])
            // Quote the option only where the question has it (the cache family does; the
            // succeeds family ends with its own verdict).
            let end = quoteAnswer ? t("kmalloc.end_answer", ["answer": r]) : t("kmalloc.end_null")
            return frame + t("kmalloc.too_large", ["bytes": bytes, "max_size": maxSize, "why": why]) + end
        }
    }

    static let sources = [Src.k("6.1:mm/slab_common.c"), Src.k("6.1:include/linux/slab.h"), Src.k("3.4:include/linux/kmalloc_sizes.h"), Src.seed("s002")]

    static let cache = QuestionFamily(id: "kmalloc-cache", topic: "kmalloc", kind: .singleChoice, difficulty: 2) { rng, t in
        let g = rng.pick(generations)
        let size = pickSize(&rng)
        let p = g.place(size)
        return Draft(
            prompt: t("kmalloc-cache.prompt", ["generation": g.text(t), "size": .all(String(size))]),
            answer: .choice(right: rightCandidate(p, t), wrong: wrongPlacements(size, g, p, t)),
            explanation: explainPlacement(size, g, p, t),
            sources: sources, parameters: g.parameters(size))
    }

    static let ksize = QuestionFamily(id: "kmalloc-ksize", topic: "kmalloc", kind: .numeric, difficulty: 2) { rng, t in
        let g = rng.pick(generations)
        var size = pickSize(&rng)
        var p = g.place(size)
        while !p.ok || p.zeroSizePtr {
            size = pickSize(&rng)
            p = g.place(size)
        }
        let n = { (v: UInt64) in Candidate(key: String(v), text: Localized(all: String(v))) }
        var wrong: [Candidate] = []
        func add(_ v: UInt64, _ m: String) { var c = n(v); c.misconception = m; wrong.append(c) }
        add(size, "requested-size")
        add(nextPowerOfTwo(size), "next-power-of-two")
        add(pageAlign(size), "page-align-only")
        add(g.arch.pageSize, "page-size-instead-of-cache")
        if let above = g.caches.map(\.objectSize).first(where: { $0 > p.ksize }) { add(above, "rounds-to-next-larger-class") }
        let ex = explainPlacement(size, g, p, t) + t("kmalloc-ksize.explanation", ["object": t.bytes(p.ksize)])
        return Draft(
            prompt: t("kmalloc-ksize.prompt", ["generation": g.text(t), "size": .all(String(size))]),
            answer: .numeric(Double(p.ksize), wrong: wrong),
            explanation: ex,
            sources: sources, parameters: g.parameters(size))
    }

    static let succeeds = QuestionFamily(id: "kmalloc-succeeds", topic: "kmalloc", kind: .singleChoice, difficulty: 2) { rng, t in
        let g = rng.pick(generations)
        let ranges: [ClosedRange<UInt64>] = [4097...8192, 8193...131_072, 131_073...4_194_304, 4_194_305...16_777_216]
        let size: UInt64
        if rng.below(4) == 0 { size = rng.pick([8192, 131_072, 131_073, 4_194_304, 4_194_305]) } else {
            let r = rng.pick(ranges)
            size = r.lowerBound + UInt64(rng.below(Int(r.upperBound - r.lowerBound + 1)))
        }
        let p = g.place(size)
        let a = Candidate(key: "cache", text: t("kmalloc-succeeds.option_cache"))
        let b = Candidate(key: "pages", text: t("kmalloc-succeeds.option_pages"))
        let c = Candidate(key: "limit", text: t("kmalloc-succeeds.option_limit"))
        let d = Candidate(key: "page", text: t("kmalloc-succeeds.option_one_page"), misconception: "kmalloc-limited-to-one-page")
        let right: Candidate
        var wrong: [Candidate] = []
        switch p.path {
        case .slabCache:
            right = a
            wrong = [with(b, "page-size-instead-of-cache"), with(c, size > 128 * 1024 ? "128k-limit-on-modern-kernel" : "limit-underestimated"), d]
        case .pageAllocator:
            right = b
            wrong = [with(a, "caches-go-all-the-way"), with(c, size > 128 * 1024 ? "128k-limit-on-modern-kernel" : "limit-underestimated"), d]
        case .tooLarge, .zeroSizePtr:
            right = c
            wrong = [with(b, g.kernel == .v2_6 ? "modern-limit-on-2.6" : "kmalloc-has-no-limit"), with(a, "caches-go-all-the-way"), d]
        }
        let ex = explainPlacement(size, g, p, t, quoteAnswer: false) + t("kmalloc.end_answer", ["answer": right.text])
        return Draft(
            prompt: t("kmalloc-succeeds.prompt", ["generation": g.text(t), "size": .all(String(size))]),
            answer: .choice(right: right, wrong: wrong),
            explanation: ex,
            sources: sources + [Src.seed("s001")], parameters: g.parameters(size))
    }

    static func with(_ c: Candidate, _ m: String) -> Candidate { var c = c; c.misconception = m; return c }
}
