import KernelSim

/// kmalloc: which cache serves a size, what ksize() reports, whether a size can succeed.
enum KmallocFamilies {
    struct Generation: Sendable {
        var kernel: KernelVersion
        var allocator: SlabAllocatorKind
        var arch: Arch { kernel >= .v6_1 ? .x86_64 : .x86_32 }
        var text: String { "\(FamilyText.kernelName(kernel)) (\(FamilyText.allocatorName(kernel, allocator)), \(archName))" }
        /// The same in Chinese and Japanese text: full-width brackets and separators.
        var textZh: String { "\(FamilyText.kernelName(kernel))（\(FamilyText.allocatorName(kernel, allocator))，\(archName)）" }
        var textJa: String { "\(FamilyText.kernelName(kernel))（\(FamilyText.allocatorName(kernel, allocator))、\(archName)）" }
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
    static func pagesCandidate(_ order: Int, _ m: String? = nil) -> Candidate {
        Candidate(key: "pages:\(order)", text: L("the page allocator (order \(order))", "页分配器（阶 \(order)）", "ページアロケータ（オーダー \(order)）"), misconception: m)
    }
    static func nullCandidate(_ m: String? = nil) -> Candidate {
        Candidate(key: "null", text: L("nothing (kmalloc() returns NULL)", "无（kmalloc() 返回 NULL）", "なし（kmalloc() は NULL を返す）"), misconception: m)
    }

    static func rightCandidate(_ p: KmallocPlacement) -> Candidate {
        switch p.path {
        case .slabCache: return cacheCandidate(p.cache!)
        case .pageAllocator: return pagesCandidate(p.order!)
        case .tooLarge, .zeroSizePtr: return nullCandidate()
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
    static func wrongPlacements(_ size: UInt64, _ g: Generation, _ p: KmallocPlacement) -> [Candidate] {
        var w: [Candidate] = []
        let classes = g.caches.map(\.objectSize)
        switch p.path {
        case .slabCache:
            if p.ksize == 96 || p.ksize == 192 { w.append(cacheCandidate(cacheName(nextPowerOfTwo(size), g), "next-power-of-two")) }
            if g.sizeNames, (65...96).contains(size) || (129...192).contains(size) {
                w.append(cacheCandidate(cacheName((65...96).contains(size) ? 96 : 192, g), "odd-class-on-slab"))
            }
            if size > g.arch.pageSize { w.append(pagesCandidate(order(size, g), "page-size-instead-of-cache")) }
            if size != p.ksize { w.append(cacheCandidate(cacheName(size, g), "exact-size-cache")) }
            if let below = classes.last(where: { $0 < p.ksize }), below >= 8 { w.append(cacheCandidate(cacheName(below, g), "rounded-down-to-class")) }
            if !g.sizeNames { w.append(cacheCandidate(cacheName(p.ksize, sizeNames: true, shortNames: false), "cache-name-of-other-generation")) }
            if let above = classes.first(where: { $0 > p.ksize }) { w.append(cacheCandidate(cacheName(above, g), "rounds-to-next-larger-class")) }
            w.append(cacheCandidate(cacheName(p.ksize, sizeNames: false, shortNames: !g.shortNames), "cache-name-of-other-generation"))
        case .pageAllocator:
            w.append(cacheCandidate(cacheName(nextPowerOfTwo(size), g), "caches-go-all-the-way"))
            w.append(nullCandidate(size > 128 * 1024 ? "128k-limit-on-modern-kernel" : "kmalloc-limited-to-one-page"))
            let pages = (size + 4095) >> 12
            let floorOrder = KernelMath.ilog2(pages)
            if floorOrder >= 0 { w.append(pagesCandidate(floorOrder, "floor-instead-of-ceil")) }
            w.append(cacheCandidate(cacheName(g.maxCacheSize, g), "rounded-down-to-class"))
        case .tooLarge, .zeroSizePtr:
            let o = order(size, g)
            w.append(pagesCandidate(o, g.kernel == .v2_6 ? "modern-limit-on-2.6" : "kmalloc-has-no-limit"))
            w.append(cacheCandidate(cacheName(nextPowerOfTwo(size), g), "caches-go-all-the-way"))
            w.append(cacheCandidate(cacheName(g.maxCacheSize, g), "rounded-down-to-class"))
            if o > 0 { w.append(pagesCandidate(PageAllocator.maxOrder(g.kernel), "kmalloc-has-no-limit")) }
        }
        return w
    }

    /// The worked explanation of where kmalloc(size) goes, ending in the right answer's text.
    static func explainPlacement(_ size: UInt64, _ g: Generation, _ p: KmallocPlacement, quoteAnswer: Bool = true) -> Localized {
        let caches = g.caches
        let first = caches.first!.name, last = caches.last!.name
        let maxCache = FamilyText.size(g.maxCacheSize), maxSize = FamilyText.size(g.maxSize)
        let odd = caches.contains { $0.objectSize == 96 }
        let frame = L("On \(g.text) the general caches run from \(first) to \(last) (KMALLOC_MAX_CACHE_SIZE = \(maxCache))\(odd ? ", with the non-power-of-two classes 96 and 192 between them" : ", with no class between 64 and 128 bytes"); KMALLOC_MAX_SIZE is \(maxSize). ",
                      "在 \(g.textZh)上，通用缓存从 \(first) 到 \(last)（KMALLOC_MAX_CACHE_SIZE = \(maxCache)）\(odd ? "，其间还有 96 和 192 这两个非 2 的幂的尺寸档位" : "，64 与 128 字节之间没有别的档位")；KMALLOC_MAX_SIZE 为 \(maxSize)。",
                      "\(g.textJa)では、汎用キャッシュは \(first) から \(last) まで（KMALLOC_MAX_CACHE_SIZE = \(maxCache)）\(odd ? "で、2 のべき乗でないサイズのクラス（96 と 192）もある" : "で、64 バイトと 128 バイトの間のクラスはない")。KMALLOC_MAX_SIZE は \(maxSize)。")
        let r = rightCandidate(p).text
        switch p.path {
        case .slabCache:
            return frame + L("\(size) bytes ≤ \(maxCache), so a cache serves it: the smallest class of at least \(size) bytes is \(r.en), whose objects are \(p.ksize) bytes.",
                             "\(size) 字节 ≤ \(maxCache)，由缓存提供：能容纳 \(size) 字节的最小尺寸档位是 \(r.zh)，其对象为 \(p.ksize) 字节。",
                             "\(size) バイト ≤ \(maxCache) なのでキャッシュが受け持つ。\(size) バイト以上のオブジェクトを持つ最小のクラスは \(r.ja) で、オブジェクトは \(p.ksize) バイト。")
        case .pageAllocator:
            let o = p.order!
            return frame + L("\(size) bytes > \(maxCache), so kmalloc_large() asks for get_order(\(size)) = \(o) pages: \(r.en), a block of \(FamilyText.size(p.ksize)).",
                             "\(size) 字节 > \(maxCache)，所以 kmalloc_large() 按 get_order(\(size)) = \(o) 申请，即\(r.zh)，得到 \(FamilyText.size(p.ksize)) 的块。",
                             "\(size) バイト > \(maxCache) なので、kmalloc_large() が get_order(\(size)) = \(o) で要求する。つまり\(r.ja)で、\(FamilyText.size(p.ksize)) のブロックになる。")
        case .tooLarge, .zeroSizePtr:
            let why = g.kernel == .v2_6 || g.sizeNames
                ? L("no general cache is that large and there is no page-allocator fallback", "没有那么大的通用缓存，也没有转交页分配器的路径", "そこまで大きな汎用キャッシュはなく、ページアロケータへ回す経路もない")
                : L("get_order(\(size)) = \(order(size, g)) is above the largest order \(PageAllocator.maxOrder(g.kernel))", "get_order(\(size)) = \(order(size, g)) 超过了最大阶 \(PageAllocator.maxOrder(g.kernel))", "get_order(\(size)) = \(order(size, g)) が最大オーダー \(PageAllocator.maxOrder(g.kernel)) を超える")
            // Quote the option only where the question has it (the cache family does; the
            // succeeds family ends with its own verdict).
            let end = quoteAnswer
                ? L(" So the answer is “\(r.en)”.", "因此答案是“\(r.zh)”。", "したがって答えは「\(r.ja)」である。")
                : L(" So kmalloc() returns NULL.", "所以 kmalloc() 返回 NULL。", "したがって kmalloc() は NULL を返す。")
            return frame + L("\(size) bytes > \(maxSize): \(why.en).", "\(size) 字节 > \(maxSize)，\(why.zh)。", "\(size) バイト > \(maxSize) で、\(why.ja)。") + end
        }
    }

    static let sources = [Src.k("6.1:mm/slab_common.c"), Src.k("6.1:include/linux/slab.h"), Src.k("3.4:include/linux/kmalloc_sizes.h"), Src.seed("s002")]

    static let cache = QuestionFamily(
        id: "kmalloc-cache", topic: "kmalloc", kind: .singleChoice, difficulty: 2,
        title: L("Which cache serves kmalloc(size)", "kmalloc(size) 由哪个缓存提供", "kmalloc(size) はどのキャッシュから割り当てられるか")
    ) { rng in
        let g = rng.pick(generations)
        let size = pickSize(&rng)
        let p = g.place(size)
        return Draft(
            prompt: L("On \(g.text), where does kmalloc(\(size), GFP_KERNEL) get its memory?",
                      "在 \(g.textZh)上，kmalloc(\(size), GFP_KERNEL) 的内存从哪里来？",
                      "\(g.textJa)で、kmalloc(\(size), GFP_KERNEL) のメモリはどこから来るか。"),
            answer: .choice(right: rightCandidate(p), wrong: wrongPlacements(size, g, p)),
            explanation: explainPlacement(size, g, p),
            sources: sources, parameters: g.parameters(size))
    }

    static let ksize = QuestionFamily(
        id: "kmalloc-ksize", topic: "kmalloc", kind: .numeric, difficulty: 2,
        title: L("What ksize() reports for kmalloc(size)", "kmalloc(size) 的 ksize()", "kmalloc(size) の ksize()")
    ) { rng in
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
        var ex = explainPlacement(size, g, p)
        ex = ex + L(" ksize() reports the usable size: \(p.ksize) bytes.", "ksize() 报告可用大小：\(p.ksize) 字节。", "ksize() は使えるサイズ \(p.ksize) バイトを返す。")
        return Draft(
            prompt: L("On \(g.text), p = kmalloc(\(size), GFP_KERNEL) succeeds. How many bytes does ksize(p) report?",
                      "在 \(g.textZh)上，p = kmalloc(\(size), GFP_KERNEL) 成功了。ksize(p) 报告多少字节？",
                      "\(g.textJa)で p = kmalloc(\(size), GFP_KERNEL) が成功した。ksize(p) は何バイトを返すか。"),
            answer: .numeric(Double(p.ksize), wrong: wrong),
            explanation: ex,
            sources: sources, parameters: g.parameters(size))
    }

    static let succeeds = QuestionFamily(
        id: "kmalloc-succeeds", topic: "kmalloc", kind: .singleChoice, difficulty: 2,
        title: L("Can kmalloc(size) succeed on a generation", "kmalloc(size) 在某代内核上能否成功", "kmalloc(size) がその世代で成功しうるか")
    ) { rng in
        let g = rng.pick(generations)
        let ranges: [ClosedRange<UInt64>] = [4097...8192, 8193...131_072, 131_073...4_194_304, 4_194_305...16_777_216]
        let size: UInt64
        if rng.below(4) == 0 { size = rng.pick([8192, 131_072, 131_073, 4_194_304, 4_194_305]) } else {
            let r = rng.pick(ranges)
            size = r.lowerBound + UInt64(rng.below(Int(r.upperBound - r.lowerBound + 1)))
        }
        let p = g.place(size)
        let a = Candidate(key: "cache", text: L("It succeeds: a kmalloc cache serves it", "成功：由某个 kmalloc 缓存提供", "成功する：kmalloc キャッシュから割り当てられる"))
        let b = Candidate(key: "pages", text: L("It succeeds: kmalloc() hands it to the page allocator", "成功：kmalloc() 把它转交给页分配器", "成功する：kmalloc() がページアロケータに回す"))
        let c = Candidate(key: "limit", text: L("It fails: the size is above this kernel's kmalloc limit", "失败：大小超过了这代内核的 kmalloc 上限", "失敗する：このカーネルの kmalloc の上限を超えている"))
        let d = Candidate(key: "page", text: L("It fails: kmalloc() never allocates more than one page", "失败：kmalloc() 从不分配超过一页的内存", "失敗する：kmalloc() は 1 ページを超えて割り当てない"), misconception: "kmalloc-limited-to-one-page")
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
        let ex = explainPlacement(size, g, p, quoteAnswer: false) + L(" So the answer is “\(right.text.en)”.", "因此答案是“\(right.text.zh)”。", "したがって答えは「\(right.text.ja)」である。")
        return Draft(
            prompt: L("A driver calls kmalloc(\(size), GFP_KERNEL) on \(g.text), on a machine with plenty of free memory. What happens? (This kernel's kmalloc limit is not given on purpose.)",
                      "驱动在 \(g.textZh)上调用 kmalloc(\(size), GFP_KERNEL)，机器上空闲内存充足。结果如何？（题目有意不给出这代内核的 kmalloc 上限。）",
                      "\(g.textJa)で、空きメモリが十分あるマシンでドライバが kmalloc(\(size), GFP_KERNEL) を呼ぶ。どうなるか。（このカーネルの kmalloc の上限はあえて示さない。）"),
            answer: .choice(right: right, wrong: wrong),
            explanation: ex,
            sources: sources + [Src.seed("s001")], parameters: g.parameters(size))
    }

    static func with(_ c: Candidate, _ m: String) -> Candidate { var c = c; c.misconception = m; return c }
}
