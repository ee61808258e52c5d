/// kmalloc size classes, limits and the page-allocator hand-off, per generation and allocator
/// (kernel-facts.md §4). Pure functions: where a request of `size` bytes goes, how many bytes
/// it really gets (`ksize`), and which caches exist.

/// The kernel's bit helpers, on `unsigned long` values.
public enum KernelMath {
    /// `fls()`: 1-based index of the most significant set bit, 0 for 0.
    public static func fls(_ x: UInt64) -> Int { x == 0 ? 0 : 64 - x.leadingZeroBitCount }
    /// `ilog2()` for x > 0 (floor of log2); -1 for 0, where the kernel's result is undefined.
    public static func ilog2(_ x: UInt64) -> Int { fls(x) - 1 }
}

/// Page-allocator constants and `get_order()`.
public enum PageAllocator {
    /// PAGE_ALLOC_COSTLY_ORDER (include/linux/mmzone.h in 3.4, 6.1 and 6.12).
    public static let costlyOrder = 3

    /// Largest valid order: MAX_ORDER − 1 = 10 in 2.6/3.4/6.1 (MAX_ORDER 11 is exclusive);
    /// MAX_PAGE_ORDER = 10 in 6.12 (inclusive). Same value, different spelling (§4.5).
    public static func maxOrder(_ kernel: KernelVersion) -> Int { 10 }

    /// Number of free-list orders (`/proc/buddyinfo` columns): MAX_ORDER / NR_PAGE_ORDERS = 11.
    public static func orderCount(_ kernel: KernelVersion) -> Int { maxOrder(kernel) + 1 }

    /// `get_order()` exactly as asm-generic/getorder.h computes it at run time:
    /// `size--; size >>= PAGE_SHIFT; return fls(size)` on an `unsigned long` of `bitsPerLong`
    /// bits. The header says the result is undefined for size 0; this returns what that code
    /// computes there (0 − 1 wraps to ULONG_MAX, so BITS_PER_LONG − PAGE_SHIFT: 20 or 52),
    /// which is also what the compile-time branch returns for a constant 0.
    public static func getOrder(_ size: UInt64, pageShift: Int = 12, bitsPerLong: Int = 64) -> Int {
        let longMask: UInt64 = bitsPerLong >= 64 ? .max : (UInt64(1) << UInt64(bitsPerLong)) - 1
        var s = (size &- 1) & longMask
        s >>= UInt64(pageShift)
        return KernelMath.fls(s)
    }
}

public struct KmallocCacheInfo: Hashable, Sendable {
    /// The cache's name as /proc/slabinfo prints it ("kmalloc-1k", "kmalloc-1024", "size-1024").
    public var name: String
    /// Object size in bytes (what ksize() returns for objects of this cache).
    public var objectSize: UInt64
    /// The kernel's cache index (kmalloc_index(): n serves 2^(n−1)+1 … 2^n; 1 = 96, 2 = 192).
    /// For the SLAB `size-N` list it is the position in include/linux/kmalloc_sizes.h.
    public var index: Int
    public init(name: String, objectSize: UInt64, index: Int) {
        self.name = name; self.objectSize = objectSize; self.index = index
    }
}

/// Which way a kmalloc request goes.
public enum KmallocPath: String, Sendable, Hashable, Codable {
    /// kmalloc(0): ZERO_SIZE_PTR, not NULL, must not be dereferenced, may be kfree()d.
    case zeroSizePtr = "zero-size-ptr"
    /// Served by a kmalloc slab cache.
    case slabCache = "slab-cache"
    /// Larger than KMALLOC_MAX_CACHE_SIZE: handed to the page allocator (kmalloc_large).
    case pageAllocator = "page-allocator"
    /// Larger than KMALLOC_MAX_SIZE: the allocation fails (NULL).
    case tooLarge = "too-large"
}

public struct KmallocPlacement: Hashable, Sendable {
    public var size: UInt64
    /// The cache serving the request; nil for the page allocator, ZERO_SIZE_PTR and failures.
    public var cache: String?
    /// Bytes actually usable (`ksize()`): the cache's object size, PAGE_SIZE << order for the
    /// page allocator, 0 for ZERO_SIZE_PTR and failures.
    public var ksize: UInt64
    /// `get_order(size)` when the page allocator serves the request (or would have, for a
    /// request above KMALLOC_MAX_SIZE on SLUB/6.x); nil otherwise.
    public var order: Int?
    /// false when kmalloc returns NULL.
    public var ok: Bool
    /// true when the result is ZERO_SIZE_PTR (0x10).
    public var zeroSizePtr: Bool
    public var path: KmallocPath
}

/// The naming and class rules of one (generation, allocator, arch) combination.
struct KmallocRules: Sendable {
    enum Style: Sendable { case modern, slub34, slabSizeN }
    var style: Style
    /// KMALLOC_MIN_SIZE.
    var minSize: UInt64
    /// KMALLOC_SHIFT_LOW.
    var shiftLow: Int
    /// Largest kmalloc cache index (13 = 8 KiB for SLUB and 6.x).
    var shiftHigh: Int
    /// KMALLOC_MAX_CACHE_SIZE.
    var maxCacheSize: UInt64
    /// KMALLOC_MAX_SIZE.
    var maxSize: UInt64
    /// L1_CACHE_BYTES (SLAB's size-96/size-192 rule).
    var l1CacheBytes: UInt64
    /// kmalloc(0) gives ZERO_SIZE_PTR (since 2.6.22); the 2.6.12-era SLAB gave a size-32 object.
    var zeroSizePtr: Bool
    /// The SLAB `size-N` classes, smallest first (empty for SLUB / 6.x).
    var sizeNClasses: [UInt64]
    /// ARCH_KMALLOC_MINALIGN: the alignment SLAB creates its `size-N` caches with
    /// (`kmem_cache_create(..., ARCH_KMALLOC_MINALIGN, ARCH_KMALLOC_FLAGS, ...)`, 3.4 mm/slab.c
    /// kmem_cache_init). ARM defines ARCH_DMA_MINALIGN = L1_CACHE_BYTES = 64 (ARMv7), which
    /// 3.4 include/linux/slab_def.h turns into ARCH_KMALLOC_MINALIGN; elsewhere it is
    /// `__alignof__(unsigned long long)` = 8.
    var kmallocMinAlign: UInt64 = 8

    /// The object size (`buffer_size`, what ksize() returns) of SLAB's `size-N` cache for a
    /// class: calculate_alignment() with SLAB_HWCACHE_ALIGN halves the cache line while the
    /// object fits twice, then at least ARCH_KMALLOC_MINALIGN; the size is rounded up to it.
    /// On ARM the `size-32` cache therefore has 64-byte objects: kmalloc(1) gets 64.
    func slabObjectSize(_ classSize: UInt64) -> UInt64 {
        var align = l1CacheBytes
        while classSize <= align / 2 { align /= 2 }
        align = max(align, kmallocMinAlign)
        return (classSize + align - 1) / align * align
    }

    static func make(kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch) -> KmallocRules {
        // L1_CACHE_BYTES: 64 on x86 (X86_L1_CACHE_SHIFT 6 for generic/distro CPUs) and on ARMv7
        // (ARM_L1_CACHE_SHIFT_6 "default y if CPU_V7"). ARM defines ARCH_DMA_MINALIGN as
        // L1_CACHE_BYTES, which raises KMALLOC_MIN_SIZE to 64 there; x86 does not define it.
        let l1: UInt64 = 64
        let dmaMinAlign: UInt64? = arch == .arm32 ? l1 : nil
        let kmallocMinAlign = dmaMinAlign ?? 8
        let pageShift = arch.pageShift
        let maxOrder = PageAllocator.maxOrder(kernel)
        let shiftMax = maxOrder + pageShift  // 6.1: MAX_ORDER + PAGE_SHIFT − 1; 6.12: MAX_PAGE_ORDER + PAGE_SHIFT
        let maxSize = UInt64(1) << UInt64(shiftMax)

        switch kernel {
        case .v2_6:
            // 2.6.12 include/linux/kmalloc_sizes.h on an MMU kernel: up to size-131072 (§4.7).
            // SLUB arrived in 2.6.22, so 2.6 is modelled as SLAB whatever `allocator` says.
            let classes = sizeN(l1: l1, pageShift: pageShift, upTo: 128 * 1024)
            return KmallocRules(style: .slabSizeN, minSize: classes[0], shiftLow: 5, shiftHigh: 17,
                                maxCacheSize: 128 * 1024, maxSize: 128 * 1024, l1CacheBytes: l1,
                                zeroSizePtr: false, sizeNClasses: classes, kmallocMinAlign: kmallocMinAlign)
        case .v3_4 where allocator == .slab:
            // 3.4.2 kmalloc_sizes.h: `#if KMALLOC_MAX_SIZE >= N CACHE(N)` up to 4 MiB.
            let classes = sizeN(l1: l1, pageShift: pageShift, upTo: maxSize)
            return KmallocRules(style: .slabSizeN, minSize: classes[0], shiftLow: 5, shiftHigh: shiftMax,
                                maxCacheSize: maxSize, maxSize: maxSize, l1CacheBytes: l1,
                                zeroSizePtr: true, sizeNClasses: classes, kmallocMinAlign: kmallocMinAlign)
        case .v3_4:
            // 3.4.2 slub_def.h: KMALLOC_MIN_SIZE = ARCH_DMA_MINALIGN if > 8 else 8; caches up to
            // SLUB_MAX_SIZE = 2 * PAGE_SIZE.
            let minSize = max(dmaMinAlign ?? 8, 8)
            return KmallocRules(style: .slub34, minSize: minSize, shiftLow: KernelMath.ilog2(minSize),
                                shiftHigh: pageShift + 1, maxCacheSize: 2 << UInt64(pageShift),
                                maxSize: maxSize, l1CacheBytes: l1, zeroSizePtr: true, sizeNClasses: [])
        case .v6_1, .v6_12:
            // 6.1 include/linux/slab.h:229-321: KMALLOC_SHIFT_LOW = ilog2(ARCH_DMA_MINALIGN) when
            // that is > 8, else 3 (SLUB) / 5 (SLAB); 6.12 has SLUB only (SLAB was removed in 6.8).
            let slab = allocator == .slab && kernel == .v6_1
            let shiftLow = dmaMinAlign.map { KernelMath.ilog2($0) } ?? (slab ? 5 : 3)
            let minSize = dmaMinAlign ?? (UInt64(1) << UInt64(shiftLow))
            return KmallocRules(style: .modern, minSize: minSize, shiftLow: shiftLow, shiftHigh: pageShift + 1,
                                maxCacheSize: 2 << UInt64(pageShift), maxSize: maxSize, l1CacheBytes: l1,
                                zeroSizePtr: true, sizeNClasses: [])
        }
    }

    /// include/linux/kmalloc_sizes.h: size-32 only with 4 KiB pages, size-96 iff
    /// L1_CACHE_BYTES < 64, size-192 iff L1_CACHE_BYTES < 128, then powers of two.
    static func sizeN(l1: UInt64, pageShift: Int, upTo: UInt64) -> [UInt64] {
        var c: [UInt64] = []
        if pageShift == 12 { c.append(32) }
        c.append(64)
        if l1 < 64 { c.append(96) }
        c.append(128)
        if l1 < 128 { c.append(192) }
        var s: UInt64 = 256
        while s <= upTo { c.append(s); s <<= 1 }
        return c
    }

    /// `kmalloc_info[]` name for an index (6.x "kmalloc-1k" style, 3.4 SLUB "kmalloc-%d").
    func name(index: Int) -> String {
        let size = Self.indexSize(index)
        switch style {
        case .slub34, .slabSizeN: return "kmalloc-\(size)"
        case .modern:
            if size >= 1 << 20 { return "kmalloc-\(size >> 20)M" }
            if size >= 1 << 10 { return "kmalloc-\(size >> 10)k" }
            return "kmalloc-\(size)"
        }
    }

    static func indexSize(_ index: Int) -> UInt64 {
        switch index {
        case 1: return 96
        case 2: return 192
        default: return UInt64(1) << UInt64(index)
        }
    }

    /// The cache indices that exist, in creation order (create_kmalloc_caches: 96 right after
    /// 64, 192 right after 128).
    var indices: [Int] {
        guard style != .slabSizeN else { return Array(sizeNClasses.indices) }
        var out: [Int] = []
        for i in shiftLow...shiftHigh {
            out.append(i)
            if minSize <= 32 && i == 6 { out.append(1) }
            if minSize <= 64 && i == 7 { out.append(2) }
        }
        return out
    }

    /// `__kmalloc_index()` (the compile-time path): 0 for size 0; -1 when no kmalloc_info
    /// entry can hold the size (the kernel BUILD_BUG()s there; such sizes never reach it).
    func kmallocIndex(_ size: UInt64) -> Int {
        if size == 0 { return 0 }
        if size <= minSize { return shiftLow }
        if minSize <= 32 && size > 64 && size <= 96 { return 1 }
        if minSize <= 64 && size > 128 && size <= 192 { return 2 }
        for n in 3...21 where size <= UInt64(1) << UInt64(n) { return n }
        return -1
    }

    /// `kmalloc_slab()` (the run-time path): `size_index[(size − 1) / 8]` up to 192 bytes after
    /// `setup_kmalloc_cache_index_table()`, else `fls(size − 1)`. 0 for size 0 (ZERO_SIZE_PTR),
    /// -1 above KMALLOC_MAX_CACHE_SIZE.
    func kmallocSlabIndex(_ size: UInt64) -> Int {
        if size == 0 { return 0 }
        if size <= 192 { return sizeIndexTable[Int((size - 1) / 8)] }
        if size > maxCacheSize { return -1 }
        return KernelMath.fls(size - 1)
    }

    var sizeIndexTable: [Int] {
        var t = [3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2]
        var i: UInt64 = 8
        while i < minSize {
            let elem = Int((i - 1) / 8)
            if elem >= t.count { break }
            t[elem] = shiftLow
            i += 8
        }
        if minSize >= 64 {
            // "The 96 byte sized cache is not used if the alignment is 64 byte."
            var j: UInt64 = 64 + 8
            while j <= 96 { t[Int((j - 1) / 8)] = 7; j += 8 }
        }
        if minSize >= 128 {
            var j: UInt64 = 128 + 8
            while j <= 192 { t[Int((j - 1) / 8)] = 8; j += 8 }
        }
        return t
    }
}

public enum Kmalloc {
    /// ZERO_SIZE_PTR: `((void *)16)`.
    public static let zeroSizePtr: UInt64 = 16

    /// `get_order()` (see `PageAllocator.getOrder`).
    public static func getOrder(_ size: UInt64, pageShift: Int = 12, bitsPerLong: Int = 64) -> Int {
        PageAllocator.getOrder(size, pageShift: pageShift, bitsPerLong: bitsPerLong)
    }
    /// Largest valid page order (see `PageAllocator.maxOrder`).
    public static func maxOrder(_ kernel: KernelVersion) -> Int { PageAllocator.maxOrder(kernel) }
    /// PAGE_ALLOC_COSTLY_ORDER.
    public static let pageAllocCostlyOrder = PageAllocator.costlyOrder

    /// Where `kmalloc(size, GFP_KERNEL)` goes and what it really gets.
    public static func place(size: UInt64, kernel: KernelVersion, allocator: SlabAllocatorKind,
                             arch: Arch) -> KmallocPlacement {
        let r = KmallocRules.make(kernel: kernel, allocator: allocator, arch: arch)
        let pageShift = arch.pageShift
        if size == 0 {
            if r.zeroSizePtr {
                return KmallocPlacement(size: 0, cache: nil, ksize: 0, order: nil, ok: true, zeroSizePtr: true, path: .zeroSizePtr)
            }
            // 2.6.12 __find_general_cachep: `while (size > csizep->cs_size)` stops at the first class.
            let c = r.sizeNClasses[0]
            return KmallocPlacement(size: 0, cache: "size-\(c)", ksize: r.slabObjectSize(c), order: nil, ok: true, zeroSizePtr: false, path: .slabCache)
        }
        if r.style == .slabSizeN {
            // SLAB: the smallest general cache whose size is >= the request; none → NULL.
            guard let c = r.sizeNClasses.first(where: { $0 >= size }) else {
                return KmallocPlacement(size: size, cache: nil, ksize: 0, order: nil, ok: false, zeroSizePtr: false, path: .tooLarge)
            }
            return KmallocPlacement(size: size, cache: "size-\(c)", ksize: r.slabObjectSize(c), order: nil, ok: true, zeroSizePtr: false, path: .slabCache)
        }
        if size > r.maxCacheSize {
            // A size that does not fit the arch's size_t cannot be asked for at all.
            if arch.bitsPerLong < 64 && size >> UInt64(arch.bitsPerLong) != 0 {
                return KmallocPlacement(size: size, cache: nil, ksize: 0, order: nil, ok: false, zeroSizePtr: false, path: .tooLarge)
            }
            let order = PageAllocator.getOrder(size, pageShift: pageShift, bitsPerLong: arch.bitsPerLong)
            if size > r.maxSize || order > PageAllocator.maxOrder(kernel) {
                return KmallocPlacement(size: size, cache: nil, ksize: 0, order: order, ok: false, zeroSizePtr: false, path: .tooLarge)
            }
            return KmallocPlacement(size: size, cache: nil, ksize: UInt64(1) << UInt64(pageShift + order), order: order,
                                    ok: true, zeroSizePtr: false, path: .pageAllocator)
        }
        let index = r.kmallocSlabIndex(size)
        return KmallocPlacement(size: size, cache: r.name(index: index), ksize: KmallocRules.indexSize(index),
                                order: nil, ok: true, zeroSizePtr: false, path: .slabCache)
    }

    /// `place` for a list of sizes (the CLI's table view).
    public static func place(sizes: [UInt64], kernel: KernelVersion, allocator: SlabAllocatorKind,
                             arch: Arch) -> [KmallocPlacement] {
        sizes.map { place(size: $0, kernel: kernel, allocator: allocator, arch: arch) }
    }

    /// The general kmalloc caches the kernel creates at boot, smallest first.
    public static func caches(kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch) -> [KmallocCacheInfo] {
        let r = KmallocRules.make(kernel: kernel, allocator: allocator, arch: arch)
        if r.style == .slabSizeN {
            return r.sizeNClasses.enumerated().map { KmallocCacheInfo(name: "size-\($0.element)", objectSize: r.slabObjectSize($0.element), index: $0.offset) }
        }
        return r.indices
            .map { KmallocCacheInfo(name: r.name(index: $0), objectSize: KmallocRules.indexSize($0), index: $0) }
            .sorted { $0.objectSize < $1.objectSize }
    }

    /// KMALLOC_MAX_CACHE_SIZE: the largest request a kmalloc cache serves.
    public static func maxCacheSize(kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch) -> UInt64 {
        KmallocRules.make(kernel: kernel, allocator: allocator, arch: arch).maxCacheSize
    }

    /// KMALLOC_MAX_SIZE: the largest request kmalloc can satisfy at all.
    public static func maxSize(kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch) -> UInt64 {
        KmallocRules.make(kernel: kernel, allocator: allocator, arch: arch).maxSize
    }

    /// The smallest kmalloc object (KMALLOC_MIN_SIZE; size-32 for SLAB).
    public static func minSize(kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch) -> UInt64 {
        KmallocRules.make(kernel: kernel, allocator: allocator, arch: arch).minSize
    }

    /// `__kmalloc_index(size)` (compile-time path) for SLUB / 6.x; 0 for size 0, -1 where no
    /// kmalloc_info entry fits. For SLAB `size-N`: the position in the class list, -1 if none.
    public static func kmallocIndex(size: UInt64, kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch) -> Int {
        let r = KmallocRules.make(kernel: kernel, allocator: allocator, arch: arch)
        if r.style == .slabSizeN { return r.sizeNClasses.firstIndex(where: { $0 >= size }) ?? -1 }
        return r.kmallocIndex(size)
    }

    /// `kmalloc_slab()` index (run-time path: size_index[] and fls) for SLUB / 6.x.
    public static func kmallocSlabIndex(size: UInt64, kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch) -> Int {
        let r = KmallocRules.make(kernel: kernel, allocator: allocator, arch: arch)
        if r.style == .slabSizeN { return r.sizeNClasses.firstIndex(where: { $0 >= size }) ?? -1 }
        return r.kmallocSlabIndex(size)
    }
}
