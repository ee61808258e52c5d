/// A small, deterministic, mutable model of one booted kernel's memory allocators:
/// the buddy allocator per zone (Buddy.swift), kmalloc slab caches (Slab.swift), vmalloc
/// (Vmalloc.swift), address translation, and the calling-context checks (Context.swift).
///
/// Determinism: everything is driven by the seed (SplitMix64) and ordered containers; no
/// dictionary is ever iterated to make a decision or to print. The same layout and seed
/// give the same state, byte for byte.
///
/// Not modelled (documented simplifications): per-CPU page lists (pcp), watermarks and
/// lowmem_reserve, reclaim and compaction, migrate types, SLUB per-CPU slabs and kept-empty
/// slabs, lazy vmap purging, NUMA (one node, node 0).
public final class Kernel {
    public let layout: AddressSpaceLayout
    public let seed: UInt64
    /// CPUs present (SLUB sizes its slabs from this: min_objects = 4 * (fls(nr_cpus) + 1)).
    public let cpus: Int
    /// The task process-context calls run as (insmod loading a module, by default).
    public var task: (pid: Int, comm: String)
    /// Everything the kernel printed or would have complained about, oldest first.
    public internal(set) var events: [KernelEvent] = []
    /// WARN_ON_ONCE sites that have fired (each warns once per boot).
    var warnedOnce: Set<String> = []

    public var kernel: KernelVersion { layout.config.kernel }
    public var arch: Arch { layout.config.arch }
    public var allocatorKind: SlabAllocatorKind { layout.config.allocator }

    let pageShift: UInt64
    let pageSize: UInt64
    let rules: KmallocRules

    var zones: [BuddyZone] = []
    /// Set once the zones exist (bootMemory).
    var zonelists = Zonelists()
    /// Every allocated block, by its first pfn.
    var allocations: [UInt64: PageAllocation] = [:]
    /// For slab and large-kmalloc blocks of order > 0: tail pfn → head pfn (virt_to_head_page).
    var headOf: [UInt64: UInt64] = [:]
    /// Page-frame ranges never given to the buddy allocator: `[start, end)`, sorted.
    var reserved: [PfnRange] = []
    /// totalram_pages: pages handed to the buddy allocator at boot.
    public private(set) var totalramPages: UInt64 = 0

    /// Slab caches by name, and their creation order (for /proc/slabinfo).
    var caches: [String: SlabCache] = [:]
    var cacheCreationOrder: [String] = []
    /// Cache names by `index * KmallocType.allCases.count + type`, built once: kmalloc() looks
    /// its cache up by name on every call.
    var cacheNames: [Int: String] = [:]
    /// vmalloc areas sorted by address.
    var vmAreas: [VmallocArea] = []
    /// Physical pages currently backing vmalloc() areas (6.x VmallocUsed).
    var nrVmallocPages: UInt64 = 0

    var rng: SimRandom
    /// x86-64's __START_KERNEL_map (the kernel-text mapping), which __pa() tests first.
    let kernelTextStart: UInt64?
    /// Where each requested size goes; kmalloc() asks on every call.
    var placements: [UInt64: KmallocPlacement] = [:]
    /// Looked up once: kmalloc_type() tests them on every kmalloc().
    let gfpReclaimable: UInt64, gfpAccount: UInt64

    /// The most RAM a machine may boot with here. Booting walks every free block, so time and
    /// memory grow with RAM: 1 TiB boots in 0.4 s (release build), 64 TiB took a minute and 2.8 GB.
    /// The commands refuse more (layouts alone are computed for any size).
    public static let maxBootRAM: UInt64 = 1 << 40

    /// Boots a kernel on `layout`. The seed decides which frames boot-time allocations leave
    /// scattered; the same layout and seed give the same state.
    public init(layout: AddressSpaceLayout, seed: UInt64, cpus: Int = 2, task: (pid: Int, comm: String)? = nil) {
        self.layout = layout
        self.seed = seed
        self.cpus = max(1, cpus)
        self.pageShift = UInt64(layout.config.arch.pageShift)
        self.pageSize = UInt64(1) << UInt64(layout.config.arch.pageShift)
        self.rules = KmallocRules.make(kernel: layout.config.kernel, allocator: layout.config.allocator, arch: layout.config.arch)
        self.rng = SimRandom(seed: seed)
        self.gfpReclaimable = GFP.v(.reclaimable, layout.config.kernel)
        self.gfpAccount = GFP.v(.account, layout.config.kernel)
        self.kernelTextStart = layout.config.arch == .x86_64 ? layout.regions.first(where: { $0.name == "kernel-text" })?.start : nil
        self.task = task ?? (pid: 1000 + Int(seed % 3000), comm: "insmod")
        bootMemory()
        createBootCaches()
        bootWorkload()
        reserveBootVmallocAreas()
    }

    // MARK: - Physical/virtual helpers

    /// First pfn past the directly mapped (lowmem) memory: __pa(high_memory) >> PAGE_SHIFT.
    var maxLowPfn: UInt64 { (layout.highMemory &- layout.pageOffset &+ layout.physOffset) >> pageShift }
    var physOffset: UInt64 { layout.physOffset }

    /// `__va(phys)`: PAGE_OFFSET + phys − PHYS_OFFSET. Plain arithmetic, valid only for lowmem.
    public func __va(_ phys: UInt64) -> UInt64 { phys &- physOffset &+ layout.pageOffset }
    /// `__pa(virt)` as the kernel computes it for the linear map (x86-64 also handles the
    /// kernel-text map). Plain arithmetic: it does not check that `virt` is linear.
    public func __pa(_ virt: UInt64) -> UInt64 {
        if let text = kernelTextStart, virt >= text {
            return virt &- text  // __START_KERNEL_map, phys_base 0
        }
        return virt &- layout.pageOffset &+ physOffset
    }

    /// page_address() of a lowmem page; nil for highmem pages (no permanent mapping).
    public func pageAddress(pfn: UInt64) -> UInt64? {
        guard pfn < maxLowPfn else { return nil }
        return __va(pfn << pageShift)
    }

    func isLinear(_ virt: UInt64) -> Bool {
        virt >= layout.pageOffset && virt < layout.highMemory
    }

    // MARK: - Address translation

    /// What `virt_to_phys()` / the page tables make of a kernel virtual address.
    public func translate(virt: UInt64) -> Translation {
        let naive = __pa(virt)
        if isLinear(virt) { return .linear(phys: naive) }
        if virt >= layout.vmallocStart && virt < layout.vmallocEnd {
            if let area = vmAreas.first(where: { virt >= $0.addr && virt < $0.addr + $0.size }) {
                let index = Int((virt - area.addr) >> pageShift)
                if index < area.pfns.count {
                    let pfn = area.pfns[index]
                    let phys = (pfn << pageShift) | (virt & (pageSize - 1))
                    return .vmalloc(areaStart: area.addr, pfn: pfn, phys: phys, paWouldGive: naive)
                }
                return .vmallocGuard(areaStart: area.addr, paWouldGive: naive)
            }
            return .vmallocUnmapped(paWouldGive: naive)
        }
        let region = layout.region(containing: virt)
        if arch == .x86_64, region?.name == "kernel-text" { return .kernelText(phys: naive) }
        return .notMapped(region: region?.name)
    }

    /// What `phys_to_virt()` / `__va()` gives for a physical address, and whether it is valid.
    public func physToVirt(_ phys: UInt64) -> PhysTranslation {
        let va = __va(phys)
        let pfn = phys >> pageShift
        guard zones.contains(where: { pfn >= $0.start && pfn < $0.end }) else { return .notRAM(vaWouldGive: va) }
        if pfn < maxLowPfn { return .linear(virt: va) }
        return .highmemNoLinearMapping(vaWouldGive: va)
    }

    // MARK: - Boot

    /// Builds the zones, reserves what memblock keeps (low 1 MiB on x86, the kernel image,
    /// mem_map at the top of lowmem) and frees the rest the way memblock does
    /// (`__free_pages_memory`: increasing pfn, the largest aligned block that fits), each block
    /// put at the head of its free list, so later allocations start from the top of a zone.
    func bootMemory() {
        let ordered = layout.zones.filter { $0.pages > 0 }.sorted { BuddyZone.rank($0.name) < BuddyZone.rank($1.name) }
        zones = ordered.map { BuddyZone(name: $0.name, start: $0.startPfn, end: $0.endPfn, maxOrder: PageAllocator.maxOrder(kernel)) }
        zonelists = Self.zonelists(zones)
        guard let firstPfn = zones.map(\.start).min() else { return }
        let lowTop = min(maxLowPfn, zones.filter { $0.name != "HighMem" }.map(\.end).max() ?? firstPfn)
        let totalPages = zones.reduce(0) { $0 + $1.end - $1.start }
        let mib: UInt64 = (1 << 20) >> pageShift

        var res: [PfnRange] = []
        let imagePages = (arch.is64Bit ? 24 : 6) * mib
        if arch.isX86_32 || arch == .x86_64 {
            res.append(PfnRange(start: firstPfn, end: firstPfn + mib))  // BIOS, real-mode area
            // CONFIG_PHYSICAL_START = 16 MiB on x86 (both generations).
            let imageStart = lowTop >= 16 * mib + imagePages + 4 * mib ? 16 * mib : firstPfn + mib
            res.append(PfnRange(start: imageStart, end: imageStart + imagePages))
        } else {
            // ARM: swapper_pg_dir at PHYS_OFFSET + 0x4000, the image from PHYS_OFFSET + 0x8000.
            res.append(PfnRange(start: firstPfn, end: firstPfn + 8 + imagePages))
        }
        // mem_map: one struct page (32 bytes on 32-bit, 64 on 64-bit) per frame, allocated
        // top-down by memblock from the top of lowmem.
        let memmapPages = (totalPages * (arch.is64Bit ? 64 : 32) + pageSize - 1) >> pageShift
        if lowTop > memmapPages { res.append(PfnRange(start: lowTop - memmapPages, end: lowTop)) }
        // Clamp to lowmem (nothing here may reach into HighMem) and merge.
        res = res.map { PfnRange(start: max($0.start, firstPfn), end: min($0.end, lowTop)) }.filter { $0.end > $0.start }
        // Holes in the zones' span that are not RAM (the 640 KiB-1 MiB window, the PCI hole
        // below 4 GiB): never given to the buddy allocator, like memblock's reserved ranges.
        if !layout.memory.isEmpty {
            var cursor = firstPfn
            let spanEnd = zones.map(\.end).max() ?? firstPfn
            for m in layout.memory {
                if m.startPfn > cursor { res.append(PfnRange(start: cursor, end: min(m.startPfn, spanEnd))) }
                cursor = max(cursor, m.endPfn)
            }
            if cursor < spanEnd { res.append(PfnRange(start: cursor, end: spanEnd)) }
            res = res.filter { $0.end > $0.start }
        }
        reserved = PfnRange.merge(res)

        for zi in zones.indices {
            var cursor = zones[zi].start
            let zoneReserved = reserved.compactMap { r -> PfnRange? in
                let s = max(r.start, zones[zi].start), e = min(r.end, zones[zi].end)
                return e > s ? PfnRange(start: s, end: e) : nil
            }
            for r in zoneReserved + [PfnRange(start: zones[zi].end, end: zones[zi].end)] {
                if r.start > cursor { zones[zi].freeMemoryRange(cursor, r.start) }
                zones[zi].reservedPages += r.end - r.start
                cursor = max(cursor, r.end)
            }
            totalramPages += zones[zi].freePages
        }
    }

    /// Boot-time allocations (page cache, page tables, slab objects, ...) of which some stay,
    /// so free lists look like a running machine's: scattered, not pristine.
    func bootWorkload() {
        let blockTarget = Int(min(max(totalramPages / 24, 16), 12_000))
        let objectTarget = Int(min(max(totalramPages / 16, 32), 6_000))
        var held: [PageAllocation] = []
        // Every boot block plus the slabs the objects need, so the table never rehashes.
        allocations.reserveCapacity(blockTarget + objectTarget / 8)
        let hasHigh = zones.contains { $0.name == "HighMem" }
        let hasDMA = zones.contains { $0.name == "DMA" }
        // Resolved once: each lookup parses the kernel's definition of the mask.
        let gfpKernel = GFP.v(.kernel, kernel)
        let gfpHighuserMovable = GFP.v(.highuserMovable, kernel)
        let gfpDMA = GFP.v(.dma, kernel)
        for _ in 0..<blockTarget {
            let r = rng.next() % 100
            let order = r < 62 ? 0 : r < 80 ? 1 : r < 90 ? 2 : r < 95 ? 3 : r < 98 ? 4 : 5
            let g = rng.next() % 100
            let gfp: UInt64
            if g < 70 || (!hasHigh && g < 97) { gfp = gfpKernel }
            else if g < 97 { gfp = gfpHighuserMovable }
            else { gfp = hasDMA ? gfpDMA | gfpKernel : gfpKernel }
            if let a = allocateBlock(gfp: gfp, order: order, owner: .boot) { held.append(a) }
        }
        rng.shuffle(&held)
        let keep = held.count * 35 / 100
        for a in held[keep...] { releaseBlock(pfn: a.pfn) }

        // Slab objects allocated at boot; about half are freed again.
        let sizes: [UInt64] = [8, 16, 24, 32, 40, 64, 64, 96, 100, 128, 160, 192, 256, 256, 384, 512, 700, 1024, 2048, 4096]
        var objects: [UInt64] = []
        for _ in 0..<objectTarget {
            let size = sizes[Int(rng.next() % UInt64(sizes.count))]
            if let o = kmallocInternal(size: size, gfp: gfpKernel, context: .process, function: "kmalloc", checks: false) {
                objects.append(o.address)
            }
        }
        rng.shuffle(&objects)
        for a in objects[(objects.count / 2)...] { _ = kfreeInternal(a, context: .process, function: "kfree") }
    }

    // MARK: - Invariants

    /// Every structural rule of the model, checked from scratch; empty when all hold.
    public func checkInvariants() -> [String] {
        var problems: [String] = []
        let maxOrder = PageAllocator.maxOrder(kernel)
        // Ownership map: one bit per frame over the zones' span. Every block (free, reserved,
        // allocated) is naturally aligned with order <= MAX order, so it fills whole 64-bit
        // words (order >= 6) or lies inside one word; a bit already set means owned twice.
        let spanStart = (zones.map(\.start).min() ?? 0) & ~UInt64(63)
        let spanEnd = zones.map(\.end).max() ?? 0
        var bitmap = [UInt64](repeating: 0, count: Int((spanEnd &- spanStart + 63) / 64) + 1)
        var doubleOwned = 0
        func mark(_ pfn: UInt64, _ order: Int, _ what: String) {
            guard pfn >= spanStart, pfn + (UInt64(1) << UInt64(order)) <= spanEnd else {
                problems.append("\(what) block at pfn \(pfn) order \(order) is outside every zone"); return
            }
            let rel = pfn - spanStart
            if order >= 6 {
                let first = Int(rel >> 6), count = 1 << (order - 6)
                for w in first..<(first + count) {
                    if bitmap[w] != 0 { doubleOwned += 1; if doubleOwned <= 3 { problems.append("pfn \(pfn) (\(what), order \(order)) overlaps another block") } }
                    bitmap[w] = ~0
                }
            } else {
                let mask = ((UInt64(1) << UInt64(1 << order)) - 1) << (rel & 63)
                let w = Int(rel >> 6)
                if bitmap[w] & mask != 0 { doubleOwned += 1; if doubleOwned <= 3 { problems.append("pfn \(pfn) (\(what), order \(order)) overlaps another block") } }
                bitmap[w] |= mask
            }
        }

        var usedByZone: [String: UInt64] = [:]
        for a in allocations.values { usedByZone[a.zone, default: 0] += UInt64(1) << UInt64(a.order) }
        for z in zones {
            var freePages: UInt64 = 0
            var listed = 0
            for order in 0...maxOrder {
                listed += z.free[order].count
                for pfn in z.free[order] {
                    let n = UInt64(1) << UInt64(order)
                    freePages += n
                    if pfn & (n - 1) != 0 { problems.append("zone \(z.name): free block pfn \(pfn) not aligned to order \(order)"); continue }
                    if pfn < z.start || pfn + n > z.end { problems.append("zone \(z.name): free block pfn \(pfn) order \(order) outside the zone") }
                    if z.freeOrder[pfn] != order { problems.append("zone \(z.name): free index disagrees for pfn \(pfn)") }
                    let buddy = pfn ^ n
                    if order < maxOrder, z.contains(buddy, order: order), z.freeOrder[buddy] == order {
                        problems.append("zone \(z.name): pfn \(pfn) and its buddy \(buddy) both free at order \(order) (not coalesced)")
                    }
                    mark(pfn, order, "free")
                }
            }
            // A pfn listed twice shows up as an overlap; here the index must match the lists.
            if z.freeOrder.count != listed { problems.append("zone \(z.name): free index has \(z.freeOrder.count) entries, lists \(listed)") }
            if freePages != z.freePages { problems.append("zone \(z.name): free counter \(z.freePages) != \(freePages) on the lists") }
            let used = usedByZone[z.name, default: 0]
            if used != z.allocatedPages { problems.append("zone \(z.name): allocated counter \(z.allocatedPages) != \(used)") }
            if freePages + used + z.reservedPages != z.end - z.start {
                problems.append("zone \(z.name): free \(freePages) + used \(used) + reserved \(z.reservedPages) != \(z.end - z.start) pages")
            }
        }
        for r in reserved {
            var p = r.start
            while p < r.end {
                var o = min(maxOrder, p == 0 ? maxOrder : p.trailingZeroBitCount)
                while p + (UInt64(1) << UInt64(o)) > r.end { o -= 1 }
                mark(p, o, "reserved")
                p += UInt64(1) << UInt64(o)
            }
        }
        var bounds: [String: (UInt64, UInt64)] = [:]
        for z in zones { bounds[z.name] = (z.start, z.end) }
        for a in allocations.values {
            let n = UInt64(1) << UInt64(a.order)
            if a.pfn & (n - 1) != 0 { problems.append("allocation at pfn \(a.pfn) not aligned to order \(a.order)"); continue }
            guard let b = bounds[a.zone], a.pfn >= b.0, a.pfn + n <= b.1 else {
                problems.append("allocation at pfn \(a.pfn) outside zone \(a.zone)"); continue
            }
            mark(a.pfn, a.order, "allocated")
        }
        if doubleOwned > 3 { problems.append("\(doubleOwned) blocks overlap in total") }

        problems += checkSlabInvariants()
        problems += checkVmallocInvariants()
        return problems
    }
}

/// Result of `translate(virt:)`.
public enum Translation: Hashable, Sendable {
    /// Direct (linear) map: `__pa()` is right.
    case linear(phys: UInt64)
    /// x86-64 kernel-text map (`x − __START_KERNEL_map + phys_base`, phys_base 0).
    case kernelText(phys: UInt64)
    /// A mapped page of a vmalloc area: the page tables give `pfn`; `__pa()` would wrongly
    /// give `paWouldGive` (it just subtracts PAGE_OFFSET).
    case vmalloc(areaStart: UInt64, pfn: UInt64, phys: UInt64, paWouldGive: UInt64)
    /// The guard page after a vmalloc area: not mapped, an access faults.
    case vmallocGuard(areaStart: UInt64, paWouldGive: UInt64)
    /// Inside VMALLOC_START…VMALLOC_END but no area there.
    case vmallocUnmapped(paWouldGive: UInt64)
    /// User space, holes, pkmap, fixmap, modules… (region name from the layout).
    case notMapped(region: String?)
}

/// Result of `physToVirt(_:)`.
public enum PhysTranslation: Hashable, Sendable {
    /// Lowmem: `__va()` gives the linear-map address.
    case linear(virt: UInt64)
    /// A highmem frame: it has no linear mapping; `__va()` computes an address above
    /// high_memory that does not map it (use kmap()).
    case highmemNoLinearMapping(vaWouldGive: UInt64)
    /// No RAM at that address.
    case notRAM(vaWouldGive: UInt64)
}

/// `[start, end)` in page frames.
struct PfnRange: Hashable, Sendable {
    var start: UInt64
    var end: UInt64
    static func merge(_ ranges: [PfnRange]) -> [PfnRange] {
        var out: [PfnRange] = []
        for r in ranges.sorted(by: { $0.start < $1.start }) {
            if let last = out.last, r.start <= last.end { out[out.count - 1].end = max(last.end, r.end) } else { out.append(r) }
        }
        return out
    }
}

/// SplitMix64: small, fast, and the same on every platform.
struct SimRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Fisher–Yates with this generator (the standard library's shuffle is not seedable
    /// portably).
    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            a.swapAt(i, j)
        }
    }
}
