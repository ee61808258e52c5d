import Testing
@testable import KernelSim

/// kmalloc placement checked against the kernel's rule restated independently: the smallest
/// class of the generation's list (typed here from kernel-facts.md §4) that holds the size,
/// get_order() pages above KMALLOC_MAX_CACHE_SIZE, failure above KMALLOC_MAX_SIZE.
@Suite struct KmallocTests {
    struct Config: CustomStringConvertible, Sendable {
        var kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch
        /// (size, name) of every general cache, smallest first.
        var classes: [(UInt64, String)]
        var maxCacheSize: UInt64
        var maxSize: UInt64
        var zeroSizePtr: Bool
        var description: String { "\(kernel) \(allocator) \(arch)" }
        /// ksize() of each class when it differs from the class (3.4 SLAB on ARM: size-32 holds
        /// 64-byte objects, ARCH_KMALLOC_MINALIGN = ARCH_DMA_MINALIGN = 64).
        var minObject: UInt64 = 0
        func objectSize(_ cls: UInt64) -> UInt64 { max(cls, minObject) }
    }

    static func modernName(_ s: UInt64) -> String {
        s >= 1024 ? "kmalloc-\(s / 1024)k" : "kmalloc-\(s)"
    }
    static let pow2to8k: [UInt64] = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192]

    static let configs: [Config] = {
        var c: [Config] = []
        let x86slub: [UInt64] = [8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192]
        let x86slab61: [UInt64] = [32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192]
        let arm: [UInt64] = [64, 128, 192, 256, 512, 1024, 2048, 4096, 8192]
        for arch in [Arch.x86_32, .x86_32_pae, .x86_64] {
            for k in [KernelVersion.v6_1, .v6_12] {
                c.append(Config(kernel: k, allocator: .slub, arch: arch, classes: x86slub.map { ($0, modernName($0)) },
                                maxCacheSize: 8192, maxSize: 4 << 20, zeroSizePtr: true))
            }
            c.append(Config(kernel: .v6_1, allocator: .slab, arch: arch, classes: x86slab61.map { ($0, modernName($0)) },
                            maxCacheSize: 8192, maxSize: 4 << 20, zeroSizePtr: true))
            c.append(Config(kernel: .v3_4, allocator: .slub, arch: arch, classes: x86slub.map { ($0, "kmalloc-\($0)") },
                            maxCacheSize: 8192, maxSize: 4 << 20, zeroSizePtr: true))
        }
        c.append(Config(kernel: .v6_1, allocator: .slub, arch: .arm32, classes: arm.map { ($0, modernName($0)) },
                        maxCacheSize: 8192, maxSize: 4 << 20, zeroSizePtr: true))
        c.append(Config(kernel: .v3_4, allocator: .slub, arch: .arm32, classes: arm.map { ($0, "kmalloc-\($0)") },
                        maxCacheSize: 8192, maxSize: 4 << 20, zeroSizePtr: true))
        // 3.4 SLAB: size-32, 64, (no 96: L1_CACHE_BYTES is 64), 128, 192, 256 … 4194304.
        var sizeN: [UInt64] = [32, 64, 128, 192]
        var s: UInt64 = 256
        while s <= 4 << 20 { sizeN.append(s); s <<= 1 }
        for arch in [Arch.x86_32, .arm32, .x86_64] {
            c.append(Config(kernel: .v3_4, allocator: .slab, arch: arch, classes: sizeN.map { ($0, "size-\($0)") },
                            maxCacheSize: 4 << 20, maxSize: 4 << 20, zeroSizePtr: true,
                            minObject: arch == .arm32 ? 64 : 0))
        }
        // 2.6 (2.6.12 kmalloc_sizes.h, MMU): up to size-131072; kmalloc(0) gave a size-32 object.
        let sizeN26 = sizeN.filter { $0 <= 131072 }
        c.append(Config(kernel: .v2_6, allocator: .slab, arch: .x86_32, classes: sizeN26.map { ($0, "size-\($0)") },
                        maxCacheSize: 131072, maxSize: 131072, zeroSizePtr: false))
        return c
    }()

    /// The independent rule.
    static func expected(_ c: Config, _ size: UInt64) -> KmallocPlacement {
        if size == 0 && c.zeroSizePtr {
            return KmallocPlacement(size: 0, cache: nil, ksize: 0, order: nil, ok: true, zeroSizePtr: true, path: .zeroSizePtr)
        }
        if size <= c.maxCacheSize, let cls = c.classes.first(where: { $0.0 >= size }) {
            return KmallocPlacement(size: size, cache: cls.1, ksize: c.objectSize(cls.0), order: nil, ok: true, zeroSizePtr: false, path: .slabCache)
        }
        let slab = c.classes[0].1.hasPrefix("size-")
        var order = 0
        while (UInt64(4096) << UInt64(order)) < size { order += 1 }
        if size > c.maxSize {
            let fitsSizeT = c.arch.is64Bit || size <= UInt64(UInt32.max)
            return KmallocPlacement(size: size, cache: nil, ksize: 0, order: slab || !fitsSizeT ? nil : order, ok: false, zeroSizePtr: false, path: .tooLarge)
        }
        return KmallocPlacement(size: size, cache: nil, ksize: UInt64(4096) << UInt64(order), order: order, ok: true, zeroSizePtr: false, path: .pageAllocator)
    }

    /// Every size 0…8192 (and a little beyond), then every page-count boundary up to 4 MiB + 1
    /// (n·4096 − 1, n·4096, n·4096 + 1 for n = 2 … 1025), which covers every get_order step.
    static let sizes: [UInt64] = {
        var s = Array(UInt64(0)...8192 + 64)
        for n in UInt64(2)...1025 { s += [n * 4096 - 1, n * 4096, n * 4096 + 1] }
        s += [131071, 131072, 131073, (4 << 20) - 1, 4 << 20, (4 << 20) + 1, 8 << 20, 1 << 30, UInt64(UInt32.max), UInt64(Int64.max)]
        return Array(Set(s)).sorted()
    }()

    @Test(arguments: configs)
    func everySizeFollowsTheRule(config c: Config) {
        var wrong = 0
        for size in Self.sizes {
            let got = Kmalloc.place(size: size, kernel: c.kernel, allocator: c.allocator, arch: c.arch)
            let want = Self.expected(c, size)
            if got != want {
                wrong += 1
                if wrong <= 5 { Issue.record("\(c) size \(size): got \(got), want \(want)") }
            }
        }
        #expect(wrong == 0)
    }

    @Test(arguments: configs)
    func cacheListAndLimits(config c: Config) {
        let caches = Kmalloc.caches(kernel: c.kernel, allocator: c.allocator, arch: c.arch)
        #expect(caches.map(\.name) == c.classes.map(\.1))
        #expect(caches.map(\.objectSize) == c.classes.map { c.objectSize($0.0) })
        #expect(Kmalloc.maxCacheSize(kernel: c.kernel, allocator: c.allocator, arch: c.arch) == c.maxCacheSize)
        #expect(Kmalloc.maxSize(kernel: c.kernel, allocator: c.allocator, arch: c.arch) == c.maxSize)
        #expect(Kmalloc.minSize(kernel: c.kernel, allocator: c.allocator, arch: c.arch) == c.classes[0].0)
    }

    /// The compile-time path (__kmalloc_index) and the run-time path (size_index[] / fls)
    /// agree for every size a cache serves.
    @Test(arguments: configs.filter { !$0.classes[0].1.hasPrefix("size-") })
    func compileTimeAndRunTimeIndexAgree(config c: Config) {
        for size in UInt64(1)...8192 {
            let a = Kmalloc.kmallocIndex(size: size, kernel: c.kernel, allocator: c.allocator, arch: c.arch)
            let b = Kmalloc.kmallocSlabIndex(size: size, kernel: c.kernel, allocator: c.allocator, arch: c.arch)
            if a != b { Issue.record("\(c) size \(size): __kmalloc_index \(a) vs kmalloc_slab \(b)"); return }
        }
        #expect(Kmalloc.kmallocIndex(size: 0, kernel: c.kernel, allocator: c.allocator, arch: c.arch) == 0)
        #expect(Kmalloc.kmallocSlabIndex(size: 8193, kernel: c.kernel, allocator: c.allocator, arch: c.arch) == -1)
    }

    @Test func examplesFromTheReference() {
        func place(_ s: UInt64, _ k: KernelVersion = .v6_1, _ a: SlabAllocatorKind = .slub) -> KmallocPlacement {
            Kmalloc.place(size: s, kernel: k, allocator: a, arch: .x86_64)
        }
        // §4.3 examples (x86 SLUB).
        for (range, name) in [(1...8, "kmalloc-8"), (9...16, "kmalloc-16"), (17...32, "kmalloc-32"), (33...64, "kmalloc-64"),
                              (65...96, "kmalloc-96"), (97...128, "kmalloc-128"), (129...192, "kmalloc-192"),
                              (193...256, "kmalloc-256"), (257...512, "kmalloc-512"), (513...1024, "kmalloc-1k"),
                              (1025...2048, "kmalloc-2k"), (2049...4096, "kmalloc-4k"), (4097...8192, "kmalloc-8k")] {
            #expect(range.allSatisfy { place(UInt64($0)).cache == name }, "\(name)")
        }
        #expect(place(8193).path == .pageAllocator)
        // kmalloc(0) → ZERO_SIZE_PTR (0x10), not NULL.
        #expect(place(0).zeroSizePtr && place(0).ok && Kmalloc.zeroSizePtr == 0x10)
        // kmalloc(100) → kmalloc-128 (seed demo), size-128 on 3.4 SLAB.
        #expect(place(100).cache == "kmalloc-128" && place(100).ksize == 128)
        #expect(place(100, .v3_4, .slab).cache == "size-128")
        // §4.6: 100000 → order 5, 131072 bytes; 1000000 → order 8; 4 MiB → order 10.
        #expect(place(100_000).order == 5 && place(100_000).ksize == 131072)
        #expect(place(1_000_000).order == 8 && place(1_000_000).ksize == 1 << 20)
        #expect(place(4 << 20).order == 10 && place(4 << 20).ok)
        #expect(!place((4 << 20) + 1).ok)
        // The seeds' "128 KB limit" is 2.6 SLAB; a modern kernel serves 200000 bytes from pages.
        #expect(!Kmalloc.place(size: 200_000, kernel: .v2_6, allocator: .slab, arch: .x86_32).ok)
        #expect(Kmalloc.place(size: 131072, kernel: .v2_6, allocator: .slab, arch: .x86_32).cache == "size-131072")
        #expect(place(200_000).ok && place(200_000).order == 6)
        // 3.4 SLAB serves 1 MiB from a cache.
        #expect(place(1 << 20, .v3_4, .slab).cache == "size-1048576")
        // 2.6.12: kmalloc(0) gave the first general cache.
        #expect(Kmalloc.place(size: 0, kernel: .v2_6, allocator: .slab, arch: .x86_32).cache == "size-32")
    }

    @Test func getOrderMatchesTheHeader() {
        // §4.6 table.
        for (size, order) in [(1, 0), (4096, 0), (4097, 1), (8192, 1), (100_000, 5), (1_000_000, 8), (4_194_304, 10)] as [(UInt64, Int)] {
            #expect(PageAllocator.getOrder(size) == order)
            #expect(PageAllocator.getOrder(size, bitsPerLong: 32) == order)
        }
        // The compile-time branch: size < PAGE_SIZE → 0, else ilog2(size − 1) − PAGE_SHIFT + 1.
        var rng = AllocTestRandom(5)
        for _ in 0..<20000 {
            let size = 1 + rng.below(UInt64(1) << UInt64(rng.below(40)))
            let constant = size < 4096 ? 0 : (63 - (size - 1).leadingZeroBitCount) - 12 + 1
            #expect(PageAllocator.getOrder(size) == constant, "size \(size)")
        }
        // Size 0 is undefined in the header; the code yields BITS_PER_LONG − PAGE_SHIFT.
        #expect(PageAllocator.getOrder(0, bitsPerLong: 64) == 52)
        #expect(PageAllocator.getOrder(0, bitsPerLong: 32) == 20)
        for k in KernelVersion.allCases { #expect(PageAllocator.maxOrder(k) == 10 && Kmalloc.maxOrder(k) == 10) }
        #expect(PageAllocator.costlyOrder == 3 && Kmalloc.pageAllocCostlyOrder == 3)
        #expect(Kmalloc.getOrder(100_000, bitsPerLong: 32) == 5)
    }

    @Test func bitHelpers() {
        #expect(KernelMath.fls(0) == 0 && KernelMath.fls(1) == 1 && KernelMath.fls(4) == 3 && KernelMath.fls(UInt64.max) == 64)
        #expect(KernelMath.ilog2(1) == 0 && KernelMath.ilog2(4096) == 12 && KernelMath.ilog2(4095) == 11)
    }
}
