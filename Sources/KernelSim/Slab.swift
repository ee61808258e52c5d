/// kmalloc slab caches: objects carved out of slabs (blocks of 2^order pages from the buddy
/// allocator), kmalloc/kzalloc/kfree, and /proc/slabinfo.
///
/// Slab geometry (how many pages a slab has and how many objects fit):
/// - SLUB (3.4, 6.1, 6.12) and 6.1 SLAB: SLUB's calculate_order(): min_objects =
///   4 * (fls(nr_cpus) + 1) capped by what an order-3 slab holds (slub_max_order =
///   PAGE_ALLOC_COSTLY_ORDER), then the smallest order ≥ get_order(min_objects * size) whose
///   leftover is ≤ slab/16 (then /8, /4), lowering min_objects when nothing fits; objects start
///   at offset 0. (6.1's real SLAB lays slabs out differently; it is modelled with SLUB's
///   geometry and SLAB's tunables.)
/// - SLAB in 2.6/3.4: cache_estimate() + calculate_slab_order(): on-slab management
///   (struct slab + one kmem_bufctl_t per object) for objects below PAGE_SIZE/8, off-slab above;
///   objects aligned to the cache line (SLAB_HWCACHE_ALIGN); slabs coloured by leftover space.
/// Slabs are given back to the buddy allocator as soon as their last object is freed (SLUB
/// keeps up to min_partial empty slabs; the model does not, so freeing restores free lists).

enum KmallocType: Int, Sendable, Hashable, CaseIterable {
    // 6.1 enum kmalloc_cache_type order: NORMAL, CGROUP, RECLAIM, DMA.
    case normal, cgroup, reclaim, dma
}

struct SlabGeometry: Hashable, Sendable {
    var order: Int
    var objects: Int
    /// Distance between objects (the cache's `size` / SLAB `buffer_size`).
    var stride: UInt64
    /// Offset of object 0 inside an uncoloured slab (SLAB on-slab management), 0 for SLUB.
    var firstObject: UInt64
    var colourOff: UInt64
    var colours: Int
    var limit: Int, batchcount: Int, shared: Int
}

struct Slab: Hashable, Sendable {
    var pfn: UInt64
    var order: Int
    /// Virtual address of the slab's first page.
    var base: UInt64
    /// Offset of object 0 (management area + colour).
    var firstObject: UInt64
    /// Free object indices; the last one is handed out next (LIFO, like a freelist).
    var free: [Int]
    var inuse: Int
}

struct SlabCache: Sendable {
    var name: String
    /// What ksize() reports for an object of this cache.
    var objectSize: UInt64
    var type: KmallocType
    var geometry: SlabGeometry
    var slabs: [UInt64: Slab] = [:]
    /// Slabs with free objects; the last one is used first.
    var partial: [UInt64] = []
    var colourNext = 0
}

/// What kmalloc() returned.
public struct KmallocResult: Hashable, Sendable {
    /// The pointer: a linear-map address, or ZERO_SIZE_PTR (0x10) for kmalloc(0).
    public var address: UInt64
    public var size: UInt64
    /// The cache that served it; nil for the page allocator and ZERO_SIZE_PTR.
    public var cache: String?
    public var ksize: UInt64
    /// The frame the object (or the first page of a large allocation) is in.
    public var pfn: UInt64?
    /// First frame of the slab holding the object.
    public var slabPfn: UInt64?
    /// The object's index in its slab.
    public var objectIndex: Int?
}

extension Kernel {
    // MARK: - Cache set-up

    /// The name a kmalloc cache of `index` has for `type` in this generation.
    func cacheName(index: Int, type: KmallocType) -> String {
        let key = index * KmallocType.allCases.count + type.rawValue
        if let known = cacheNames[key] { return known }
        let name = makeCacheName(index: index, type: type)
        cacheNames[key] = name
        return name
    }

    private func makeCacheName(index: Int, type: KmallocType) -> String {
        switch rules.style {
        case .slabSizeN:
            let n = "size-\(rules.sizeNClasses[index])"
            return type == .dma ? n + "(DMA)" : n
        case .slub34:
            let n = rules.name(index: index)
            return type == .dma ? "dma-" + n : n
        case .modern:
            let n = rules.name(index: index)
            let suffix = n.dropFirst("kmalloc-".count)
            switch type {
            case .normal: return n
            case .dma: return "dma-" + n
            case .reclaim: return "kmalloc-rcl-\(suffix)"
            case .cgroup: return "kmalloc-cg-\(suffix)"
            }
        }
    }

    /// Known once the zones exist (see `Zonelists`); kmalloc_type() asks on every call.
    var hasDMAZone: Bool { zonelists.hasDMA }

    /// create_kmalloc_caches() / kmem_cache_init(): every general cache, in creation order
    /// (/proc/slabinfo lists the newest first).
    func createBootCaches() {
        switch rules.style {
        case .slabSizeN:
            for i in rules.sizeNClasses.indices {
                createCache(index: i, type: .normal)
                if hasDMAZone { createCache(index: i, type: .dma) }
            }
        case .slub34:
            // 3.4 slub.c kmem_cache_init(): kmalloc-96 and kmalloc-192 first, then the powers of
            // two; the dma-kmalloc-* copies after them (CONFIG_ZONE_DMA).
            var order: [Int] = []
            if rules.minSize <= 32 { order.append(1) }
            if rules.minSize <= 64 { order.append(2) }
            order += Array(rules.shiftLow...rules.shiftHigh)
            for i in order { createCache(index: i, type: .normal) }
            if hasDMAZone { for i in order { createCache(index: i, type: .dma) } }
        case .modern:
            for type in KmallocType.allCases where type != .dma || hasDMAZone {
                for i in rules.indices { createCache(index: i, type: type) }
            }
        }
    }

    func createCache(index: Int, type: KmallocType) {
        let name = cacheName(index: index, type: type)
        let size = rules.style == .slabSizeN ? rules.sizeNClasses[index] : KmallocRules.indexSize(index)
        let geometry = rules.style == .slabSizeN ? slabGeometry(size: size) : slubGeometry(size: size)
        // SLAB's object size is the aligned buffer_size (64 for size-32 on ARM); SLUB's the class.
        let objectSize = rules.style == .slabSizeN ? geometry.stride : size
        caches[name] = SlabCache(name: name, objectSize: objectSize, type: type, geometry: geometry)
        cacheCreationOrder.append(name)
    }

    /// SLUB calculate_order() / calc_slab_order() with slub_min_order 0, slub_max_order 3.
    func slubGeometry(size: UInt64) -> SlabGeometry {
        let maxOrder = PageAllocator.maxOrder(kernel)
        func orderObjects(_ order: Int) -> UInt64 { (pageSize << UInt64(order)) / size }
        func calcSlabOrder(_ minObjects: UInt64, _ maxOrd: Int, _ fraction: UInt64) -> Int {
            if orderObjects(0) > 32767 {  // MAX_OBJS_PER_PAGE
                return PageAllocator.getOrder(size * 32767, pageShift: Int(pageShift), bitsPerLong: arch.bitsPerLong) - 1
            }
            var order = max(0, PageAllocator.getOrder(minObjects * size, pageShift: Int(pageShift), bitsPerLong: arch.bitsPerLong))
            while order <= maxOrd {
                let slabSize = pageSize << UInt64(order)
                if slabSize % size <= slabSize / fraction { break }
                order += 1
            }
            return order
        }
        let slubMaxOrder = PageAllocator.costlyOrder
        var minObjects = UInt64(4 * (KernelMath.fls(UInt64(cpus)) + 1))
        minObjects = min(minObjects, orderObjects(slubMaxOrder))
        var chosen: Int? = nil
        search: while minObjects > 1 {
            var fraction: UInt64 = 16
            while fraction >= 4 {
                let o = calcSlabOrder(minObjects, slubMaxOrder, fraction)
                if o <= slubMaxOrder { chosen = o; break search }
                fraction /= 2
            }
            minObjects -= 1
        }
        if chosen == nil {
            let o = calcSlabOrder(1, slubMaxOrder, 1)
            chosen = o <= slubMaxOrder ? o : min(calcSlabOrder(1, maxOrder, 1), maxOrder)
        }
        let order = chosen!
        let objects = Int((pageSize << UInt64(order)) / size)
        let t = slabTunables(size)
        return SlabGeometry(order: order, objects: objects, stride: size, firstObject: 0, colourOff: 0, colours: 0,
                            limit: t.0, batchcount: t.1, shared: t.2)
    }

    /// SLAB (2.6/3.4 mm/slab.c) cache_estimate() and calculate_slab_order().
    func slabGeometry(size: UInt64) -> SlabGeometry {
        // calculate_alignment() with SLAB_HWCACHE_ALIGN, at least ARCH_KMALLOC_MINALIGN.
        var align = rules.l1CacheBytes
        while size <= align / 2 { align /= 2 }
        align = max(align, rules.kmallocMinAlign)
        let stride = rules.slabObjectSize(size)
        let slabStruct: UInt64 = arch.is64Bit ? 48 : 28  // sizeof(struct slab)
        let bufctl: UInt64 = 4  // sizeof(kmem_bufctl_t)
        let offSlab = stride >= pageSize >> 3
        let slabMaxOrder = totalramPages > (32 << 20) >> pageShift ? 1 : 0  // SLAB_MAX_ORDER_HI / _LO
        func mgmt(_ n: UInt64) -> UInt64 { ((slabStruct + n * bufctl) + align - 1) / align * align }
        var best: (order: Int, num: UInt64, left: UInt64) = (0, 0, 0)
        for order in 0...PageAllocator.maxOrder(kernel) {
            let slabSize = pageSize << UInt64(order)
            var num: UInt64, left: UInt64
            if offSlab {
                num = min(slabSize / stride, 0xffff_fffe)
                left = slabSize - num * stride
            } else {
                num = (slabSize - slabStruct) / (stride + bufctl)
                if mgmt(num) + num * stride > slabSize { num -= 1 }
                left = slabSize - num * stride - mgmt(num)
            }
            if num == 0 { continue }
            if offSlab, num > (stride - slabStruct) / bufctl { break }
            best = (order, num, left)
            if order >= slabMaxOrder { break }
            if left * 8 <= slabSize { break }
        }
        let colourOff = max(rules.l1CacheBytes, align)
        let t = slabTunables(stride)
        return SlabGeometry(order: best.order, objects: Int(best.num), stride: stride,
                            firstObject: offSlab ? 0 : mgmt(best.num), colourOff: colourOff,
                            colours: Int(best.left / colourOff), limit: t.0, batchcount: t.1, shared: t.2)
    }

    /// SLAB enable_cpucache(): the per-CPU array limits /proc/slabinfo shows; 0 0 0 for SLUB.
    func slabTunables(_ size: UInt64) -> (Int, Int, Int) {
        guard allocatorKind == .slab && kernel != .v6_12 || kernel == .v2_6 else { return (0, 0, 0) }
        let limit = size > 131072 ? 1 : size > pageSize ? 8 : size > 1024 ? 24 : size > 256 ? 54 : 120
        let shared = size <= pageSize && cpus > 1 ? 8 : 0
        return (limit, (limit + 1) / 2, shared)
    }

    // MARK: - kmalloc / kfree

    /// kmalloc_type(): which copy of a size class serves these flags.
    func kmallocType(_ gfp: UInt64) -> KmallocType {
        let dma = gfp & 0x01 != 0 && hasDMAZone
        switch rules.style {
        case .slabSizeN, .slub34: return dma ? .dma : .normal
        case .modern:
            let reclaimable = gfpReclaimable, account = gfpAccount
            if gfp & (reclaimable | account) == 0 && !dma { return .normal }
            if dma { return .dma }
            return gfp & reclaimable != 0 ? .reclaim : .cgroup
        }
    }

    /// `kmalloc(size, gfp)` called in `context`. nil is NULL.
    public func kmalloc(_ size: UInt64, gfp: UInt64, context: ExecContext = .process) -> KmallocResult? {
        kmallocInternal(size: size, gfp: gfp, context: context, function: "kmalloc", checks: true)
    }

    /// `kzalloc(size, gfp)` = `kmalloc(size, gfp | __GFP_ZERO)`.
    public func kzalloc(_ size: UInt64, gfp: UInt64, context: ExecContext = .process) -> KmallocResult? {
        kmallocInternal(size: size, gfp: gfp | GFP.v(.zero, kernel), context: context, function: "kzalloc", checks: true)
    }

    func kmallocInternal(size: UInt64, gfp: UInt64, context: ExecContext, function: String, checks: Bool) -> KmallocResult? {
        let p: KmallocPlacement
        if let known = placements[size] { p = known } else {
            p = Kmalloc.place(size: size, kernel: kernel, allocator: allocatorKind, arch: arch)
            placements[size] = p
        }
        let mayBlock = GFP.mayBlock(gfp, kernel: kernel)
        switch p.path {
        case .zeroSizePtr:
            return KmallocResult(address: Kmalloc.zeroSizePtr, size: 0, cache: nil, ksize: 0, pfn: nil, slabPfn: nil, objectIndex: nil)
        case .tooLarge:
            // SLAB finds no general cache and returns NULL quietly; SLUB / 6.x ask the page
            // allocator for an order above the maximum, which WARNs and fails.
            guard rules.style != .slabSizeN, checks else { return nil }
            _ = allocPagesChecked(gfp: gfp, order: p.order ?? 11, context: context, function: function, owner: .pages)
            return nil
        case .pageAllocator:
            let order = p.order!
            let g = fixSlabFlags(gfp, context: context, function: function, checks: checks) | GFP.v(.comp, kernel)
            let a: PageAllocation?
            if checks { a = allocPagesChecked(gfp: g, order: order, context: context, function: function, owner: .kmallocLarge(size)) }
            else { a = allocateBlock(gfp: g, order: order, owner: .kmallocLarge(size)) }
            guard let a, let addr = pageAddress(pfn: a.pfn) else { return nil }
            for t in 1..<(UInt64(1) << UInt64(order)) where order > 0 { headOf[a.pfn + t] = a.pfn }
            return KmallocResult(address: addr, size: size, cache: nil, ksize: p.ksize, pfn: a.pfn, slabPfn: nil, objectIndex: nil)
        case .slabCache:
            let type = kmallocType(gfp)
            let index = rules.style == .slabSizeN
                ? rules.sizeNClasses.firstIndex(where: { $0 >= max(size, 1) }) ?? 0
                : rules.kmallocSlabIndex(size)
            let name = cacheName(index: index, type: type)
            if checks && mayBlock { mightSleep(at: Checkpoints.slabMightSleep(kernel, allocatorKind), context: context, function: function) }
            guard let got = cacheAlloc(name, gfp: gfp, context: context, function: function, checks: checks) else { return nil }
            let (addr, slabPfn, idx) = got
            let pfn = __pa(addr) >> pageShift
            return KmallocResult(address: addr, size: size, cache: name, ksize: p.ksize, pfn: pfn, slabPfn: slabPfn, objectIndex: idx)
        }
    }

    /// GFP_SLAB_BUG_MASK (__GFP_DMA32 | __GFP_HIGHMEM) in a slab allocation: 6.x
    /// kmalloc_fix_flags() warns and strips them; 3.4 BUG()s in new_slab (reported, then
    /// stripped so the simulation can go on).
    func fixSlabFlags(_ gfp: UInt64, context: ExecContext, function: String, checks: Bool) -> UInt64 {
        let bad = gfp & 0x06
        guard bad != 0 else { return gfp }
        let fixed = gfp & ~UInt64(0x06)
        if checks {
            if kernel >= .v6_1 {
                note(.warning, function, context,
                     ["Unexpected gfp: \(hexValue(bad)) (\(GFP.describe(bad, kernel: kernel))). Fixing up to gfp: \(hexValue(fixed)) (\(GFP.describe(fixed, kernel: kernel))). Fix your code!"])
            } else {
                bug(at: KernelSourceLocation(file: rules.style == .slabSizeN ? "mm/slab.c" : "mm/slub.c", line: nil), context: context, function: function)
            }
        }
        return fixed
    }

    /// Takes an object from the cache, growing it by one slab when no slab has room.
    func cacheAlloc(_ name: String, gfp: UInt64, context: ExecContext, function: String, checks: Bool) -> (UInt64, UInt64, Int)? {
        // Taken out of the table while it changes: a copy left behind would make every
        // change to its slabs copy the whole slab table (copy-on-write).
        guard var cache = caches.removeValue(forKey: name) else { return nil }
        defer { caches[name] = cache }
        if cache.partial.isEmpty {
            var g = fixSlabFlags(gfp, context: context, function: function, checks: checks) & ~UInt64(0x01)
            if cache.type == .dma { g |= 0x01 }
            let geo = cache.geometry
            // SLUB: first s->oo with __GFP_NOWARN | __GFP_NORETRY, then s->min (get_order(size)).
            var block = allocateBlock(gfp: g, order: geo.order, owner: .slab(name))
            if block == nil, rules.style != .slabSizeN {
                let minOrder = PageAllocator.getOrder(geo.stride, pageShift: Int(pageShift), bitsPerLong: arch.bitsPerLong)
                if minOrder < geo.order { block = allocateBlock(gfp: g, order: minOrder, owner: .slab(name)) }
            }
            guard let a = block, let base = pageAddress(pfn: a.pfn) else {
                if let a = block { releaseBlock(pfn: a.pfn) }
                if checks { note(.allocationFailure, function, context, warnAlloc(nil, gfp: g, order: geo.order, context: context)) }
                return nil
            }
            let n = a.order == geo.order ? geo.objects : Int((pageSize << UInt64(a.order)) / geo.stride)
            var first = geo.firstObject
            if geo.colours > 0 {
                first += UInt64(cache.colourNext) * geo.colourOff
                cache.colourNext = (cache.colourNext + 1) % geo.colours
            }
            for t in 1..<(UInt64(1) << UInt64(a.order)) where a.order > 0 { headOf[a.pfn + t] = a.pfn }
            cache.slabs[a.pfn] = Slab(pfn: a.pfn, order: a.order, base: base, firstObject: first,
                                      free: Array((0..<n).reversed()), inuse: 0)
            cache.partial.append(a.pfn)
        }
        let pfn = cache.partial[cache.partial.count - 1]
        var slab = cache.slabs[pfn]!
        let idx = slab.free.removeLast()
        slab.inuse += 1
        if slab.free.isEmpty { cache.partial.removeLast() }
        cache.slabs[pfn] = slab
        return (slab.base + slab.firstObject + UInt64(idx) * cache.geometry.stride, pfn, idx)
    }

    /// `kfree(ptr)`: NULL and ZERO_SIZE_PTR are ignored. Returns false (and records a misuse)
    /// for a pointer kmalloc did not return — the kernel would corrupt memory or BUG.
    @discardableResult
    public func kfree(_ address: UInt64, context: ExecContext = .process) -> Bool {
        kfreeInternal(address, context: context, function: "kfree")
    }

    func kfreeInternal(_ address: UInt64, context: ExecContext, function: String) -> Bool {
        if address <= Kmalloc.zeroSizePtr { return true }  // ZERO_OR_NULL_PTR
        let bad = { (why: String) -> Bool in
            self.note(.misuse, function, context, ["\(function)(\(hexValue(address))): \(why)"])
            return false
        }
        guard isLinear(address) else { return bad("not a linear-map address (vmalloc memory is freed with vfree)") }
        let pfn = __pa(address) >> pageShift
        let head = allocations[pfn] != nil ? pfn : (headOf[pfn] ?? pfn)
        guard let a = allocations[head] else { return bad("the page is not allocated") }
        switch a.owner {
        case .slab(let name):
            guard var cache = caches.removeValue(forKey: name) else { return bad("no such slab") }
            defer { caches[name] = cache }  // out of the table while it changes (see cacheAlloc)
            guard var slab = cache.slabs[head] else { return bad("no such slab") }
            let offset = address &- slab.base &- slab.firstObject
            let stride = cache.geometry.stride
            let idx = Int(offset / stride)
            guard address >= slab.base + slab.firstObject, offset % stride == 0, idx < slab.free.count + slab.inuse else {
                return bad("not the start of an object in \(name)")
            }
            guard !slab.free.contains(idx) else { return bad("double free of an object in \(name)") }
            let wasFull = slab.free.isEmpty
            slab.free.append(idx)
            slab.inuse -= 1
            if slab.inuse == 0 {
                cache.slabs[head] = nil
                cache.partial.removeAll { $0 == head }
                for t in 1..<(UInt64(1) << UInt64(slab.order)) where slab.order > 0 { headOf[head + t] = nil }
                releaseBlock(pfn: head)
            } else {
                cache.slabs[head] = slab
                if wasFull { cache.partial.append(head) }
            }
            return true
        case .kmallocLarge:
            guard address == pageAddress(pfn: head) else { return bad("not the start of a kmalloc_large() allocation") }
            for t in 1..<(UInt64(1) << UInt64(a.order)) where a.order > 0 { headOf[head + t] = nil }
            releaseBlock(pfn: head)
            return true
        default:
            return bad("the page was not allocated by kmalloc (\(a.owner))")
        }
    }

    /// `ksize(ptr)`: usable bytes of a kmalloc'ed object (0 for NULL / ZERO_SIZE_PTR / unknown).
    public func ksize(_ address: UInt64) -> UInt64 {
        guard address > Kmalloc.zeroSizePtr, isLinear(address) else { return 0 }
        let pfn = __pa(address) >> pageShift
        let head = allocations[pfn] != nil ? pfn : (headOf[pfn] ?? pfn)
        guard let a = allocations[head] else { return 0 }
        switch a.owner {
        case .slab(let name): return caches[name]?.objectSize ?? 0
        case .kmallocLarge: return pageSize << UInt64(a.order)
        default: return 0
        }
    }

    // MARK: - /proc/slabinfo

    /// Per-cache numbers as /proc/slabinfo reports them.
    public func slabCacheStats() -> [(name: String, activeObjs: Int, numObjs: Int, objSize: UInt64, objPerSlab: Int, pagesPerSlab: Int, slabs: Int)] {
        cacheCreationOrder.reversed().compactMap { name in
            guard let c = caches[name] else { return nil }
            let active = c.slabs.values.reduce(0) { $0 + $1.inuse }
            let num = c.slabs.values.reduce(0) { $0 + $1.inuse + $1.free.count }
            return (name: name, activeObjs: active, numObjs: num, objSize: c.geometry.stride,
                    objPerSlab: c.geometry.objects, pagesPerSlab: 1 << c.geometry.order, slabs: c.slabs.count)
        }
    }

    /// `/proc/slabinfo` for the kmalloc caches, newest cache first as the kernel lists
    /// slab_caches: `"%-17s %6lu %6lu %6u %4u %4d"`, `" : tunables %4u %4u %4u"`,
    /// `" : slabdata %6lu %6lu %6lu"` (mm/slab_common.c cache_show; 3.4 slub.c/slab.c s_show).
    public func procSlabinfo() -> String {
        var s = "slabinfo - version: 2.1\n"
        s += "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
        s += " : tunables <limit> <batchcount> <sharedfactor>"
        s += " : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
        for st in slabCacheStats() {
            let g = caches[st.name]!.geometry
            s += Proc.padRight(st.name, 17) + " " + Proc.padLeft(String(st.activeObjs), 6) + " "
            s += Proc.padLeft(String(st.numObjs), 6) + " " + Proc.padLeft(String(st.objSize), 6) + " "
            s += Proc.padLeft(String(st.objPerSlab), 4) + " " + Proc.padLeft(String(st.pagesPerSlab), 4)
            s += " : tunables " + Proc.padLeft(String(g.limit), 4) + " " + Proc.padLeft(String(g.batchcount), 4) + " " + Proc.padLeft(String(g.shared), 4)
            s += " : slabdata " + Proc.padLeft(String(st.slabs), 6) + " " + Proc.padLeft(String(st.slabs), 6) + " " + Proc.padLeft("0", 6)
            s += "\n"
        }
        return s
    }

    func checkSlabInvariants() -> [String] {
        var problems: [String] = []
        for name in cacheCreationOrder {
            guard let c = caches[name] else { problems.append("cache \(name) missing"); continue }
            if c.slabs.isEmpty && c.partial.isEmpty { continue }
            for pfn in c.slabs.keys.sorted() {
                let s = c.slabs[pfn]!
                let objects = s.inuse + s.free.count
                guard let a = allocations[pfn], a.owner == .slab(name), a.order == s.order else {
                    problems.append("\(name): slab at pfn \(pfn) is not a block the buddy allocator gave to this cache"); continue
                }
                if s.base != pageAddress(pfn: pfn) { problems.append("\(name): slab at pfn \(pfn) has a wrong base address") }
                let end = s.firstObject + UInt64(objects) * c.geometry.stride
                if end > pageSize << UInt64(s.order) { problems.append("\(name): objects of slab \(pfn) run past its \(1 << s.order) page(s)") }
                if s.inuse <= 0 { problems.append("\(name): empty slab \(pfn) was not given back") }
                var seen = [Bool](repeating: false, count: max(objects, 0))
                for i in s.free {
                    guard i >= 0, i < objects, !seen[i] else { problems.append("\(name): slab \(pfn) free list is corrupt"); break }
                    seen[i] = true
                }
                if objects != (s.order == c.geometry.order ? c.geometry.objects : Int((pageSize << UInt64(s.order)) / c.geometry.stride)) {
                    problems.append("\(name): slab \(pfn) holds \(objects) objects")
                }
                if (!s.free.isEmpty) != c.partial.contains(pfn) { problems.append("\(name): partial list wrong for slab \(pfn)") }
            }
            if Set(c.partial).count != c.partial.count { problems.append("\(name): slab on the partial list twice") }
        }
        return problems
    }
}
