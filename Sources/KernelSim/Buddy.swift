/// The buddy (page) allocator: free lists per zone and order, split on allocation, coalesce
/// on free with the buddy at `pfn ^ (1 << order)` (mm/page_alloc.c __rmqueue_smallest,
/// expand, __free_one_page).

/// Who owns an allocated block (for the invariants, /proc views and kfree/vfree lookups).
enum Owner: Hashable, Sendable, CustomStringConvertible {
    /// alloc_pages() / __get_free_pages() by a caller of the public API.
    case pages
    /// Left allocated by the simulated boot.
    case boot
    /// A slab of the named cache.
    case slab(String)
    /// kmalloc() larger than KMALLOC_MAX_CACHE_SIZE (kmalloc_large), of this many bytes.
    case kmallocLarge(UInt64)
    /// A page backing the vmalloc area at this address.
    case vmalloc(UInt64)

    var description: String {
        switch self {
        case .pages: return "pages"
        case .boot: return "boot"
        case .slab(let c): return "slab \(c)"
        case .kmallocLarge(let s): return "kmalloc_large(\(s))"
        case .vmalloc(let a): return "vmalloc \(hexValue(a))"
        }
    }
}

struct PageAllocation: Hashable, Sendable {
    var pfn: UInt64
    var order: Int
    var zone: String
    var owner: Owner
}

/// PageBuddy + page_order() for every frame of a zone: the order of the free block that
/// starts at a pfn, or nil. One byte per frame, like a field of struct page, for zones up to
/// 64 GiB (a hash table there cost more than the rest of the buddy allocator); a hash table of
/// the free heads only above that, where a byte per frame would take gigabytes.
struct FreeIndex: Sendable, Equatable {
    static let denseLimit: UInt64 = 1 << 24  // frames
    let start: UInt64
    private var dense: [Int8]
    private var sparse: [UInt64: Int8] = [:]
    private let isDense: Bool
    /// Free blocks recorded.
    private(set) var count = 0

    init(start: UInt64, end: UInt64) {
        self.start = start
        let frames = end > start ? end - start : 0
        isDense = frames <= Self.denseLimit
        dense = isDense ? Array(repeating: -1, count: Int(frames)) : []
    }

    subscript(pfn: UInt64) -> Int? {
        get {
            guard pfn >= start else { return nil }
            guard isDense else { return sparse[pfn].map(Int.init) }
            guard pfn - start < UInt64(dense.count) else { return nil }
            let o = dense[Int(pfn - start)]
            return o < 0 ? nil : Int(o)
        }
        set {
            guard pfn >= start else { return }
            let old: Int8?
            if isDense {
                guard pfn - start < UInt64(dense.count) else { return }
                let i = Int(pfn - start)
                old = dense[i] < 0 ? nil : dense[i]
                dense[i] = newValue.map { Int8($0) } ?? -1
            } else {
                if let o = newValue { old = sparse.updateValue(Int8(o), forKey: pfn) } else { old = sparse.removeValue(forKey: pfn) }
            }
            count += (newValue != nil ? 1 : 0) - (old != nil ? 1 : 0)
        }
    }
}

/// One zone's free area: `free[order]` is a stack whose last element is the list head.
struct BuddyZone: Sendable {
    let name: String
    /// `[start, end)` in page frames.
    let start: UInt64
    let end: UInt64
    let maxOrder: Int
    var free: [[UInt64]]
    /// Head pfn of every free block → its order (PageBuddy + page_order()).
    var freeOrder: FreeIndex
    var freePages: UInt64 = 0
    var allocatedPages: UInt64 = 0
    var reservedPages: UInt64 = 0

    init(name: String, start: UInt64, end: UInt64, maxOrder: Int) {
        self.name = name; self.start = start; self.end = end; self.maxOrder = maxOrder
        self.free = Array(repeating: [], count: maxOrder + 1)
        self.freeOrder = FreeIndex(start: start, end: end)
    }

    /// Zone order in a node: DMA < DMA32 < Normal < HighMem (also the /proc/buddyinfo order).
    static func rank(_ name: String) -> Int {
        switch name {
        case "DMA": return 0
        case "DMA32": return 1
        case "Normal": return 2
        case "HighMem": return 3
        default: return 4
        }
    }

    /// True when the whole block `[pfn, pfn + 2^order)` lies in this zone (page_is_buddy also
    /// requires the buddy to be in the same zone).
    func contains(_ pfn: UInt64, order: Int) -> Bool {
        pfn >= start && pfn + (UInt64(1) << UInt64(order)) <= end
    }

    mutating func push(_ pfn: UInt64, _ order: Int) {
        free[order].append(pfn)
        freeOrder[pfn] = order
        freePages += UInt64(1) << UInt64(order)
    }

    mutating func remove(_ pfn: UInt64, _ order: Int) {
        if let i = free[order].lastIndex(of: pfn) { free[order].remove(at: i) }
        freeOrder[pfn] = nil
        freePages -= UInt64(1) << UInt64(order)
    }

    /// memblock's __free_pages_memory(): the range in increasing pfn order, each time the
    /// largest naturally aligned block that fits (min(MAX_ORDER − 1, __ffs(pfn))).
    mutating func freeMemoryRange(_ from: UInt64, _ to: UInt64) {
        var p = from
        while p < to {
            var order = min(maxOrder, p == 0 ? maxOrder : p.trailingZeroBitCount)
            while p + (UInt64(1) << UInt64(order)) > to { order -= 1 }
            freeOne(p, order)
            p += UInt64(1) << UInt64(order)
        }
    }

    /// __free_one_page(): merge with the buddy while it is free at the same order.
    mutating func freeOne(_ pfn: UInt64, _ order: Int) {
        var p = pfn, o = order
        while o < maxOrder {
            let buddy = p ^ (UInt64(1) << UInt64(o))
            guard contains(buddy, order: o), freeOrder[buddy] == o else { break }
            remove(buddy, o)
            p = min(p, buddy)
            o += 1
        }
        push(p, o)
    }

    /// __rmqueue_smallest() + expand(): take the head block of the smallest non-empty order
    /// ≥ `order`, give back its upper halves, return the lowest part.
    mutating func allocate(order: Int) -> UInt64? {
        guard order <= maxOrder else { return nil }
        for current in order...maxOrder where !free[current].isEmpty {
            let pfn = free[current].removeLast()
            freeOrder[pfn] = nil
            freePages -= UInt64(1) << UInt64(current)
            var high = current
            while high > order {
                high -= 1
                push(pfn + (UInt64(1) << UInt64(high)), high)
            }
            return pfn
        }
        return nil
    }
}

struct Zonelists: Sendable {
    /// Indices into `zones`, highest zone first, for the highest zone a mask allows (rank 0–3).
    var byHighestZone: [[Int]] = [[], [], [], []]
    var hasDMA = false
    var hasDMA32 = false
}

/// One free block, for snapshots and comparisons.
public struct FreeBlock: Hashable, Sendable, Comparable {
    public var zone: String
    public var pfn: UInt64
    public var order: Int
    public static func < (a: FreeBlock, b: FreeBlock) -> Bool {
        (BuddyZone.rank(a.zone), a.pfn) < (BuddyZone.rank(b.zone), b.pfn)
    }
}

extension Kernel {
    /// Zone fallback list for a GFP mask (gfp_zone() + the node's zonelist): the highest zone
    /// the mask allows, then every lower zone. __GFP_DMA → DMA only; __GFP_DMA32 → DMA32;
    /// __GFP_HIGHMEM → HighMem; otherwise Normal. A zone this machine lacks maps to the next
    /// one down, as the kernel's OPT_ZONE_* do when the zone is not configured.
    func zonelist(for gfp: UInt64) -> [Int] {
        let want: Int
        if gfp & 0x01 != 0, zonelists.hasDMA { want = 0 }
        else if gfp & 0x04 != 0, zonelists.hasDMA32 { want = 1 }
        else if gfp & 0x02 != 0 { want = 3 }
        else { want = 2 }
        return zonelists.byHighestZone[want]
    }

    /// The four possible zone lists, built once the zones exist (they never change after boot).
    static func zonelists(_ zones: [BuddyZone]) -> Zonelists {
        Zonelists(byHighestZone: (0...3).map { want in zones.indices.filter { BuddyZone.rank(zones[$0].name) <= want }.reversed() },
                  hasDMA: zones.contains { $0.name == "DMA" }, hasDMA32: zones.contains { $0.name == "DMA32" })
    }

    /// Takes a block from the buddy allocator and records its owner. No checks, no messages.
    func allocateBlock(gfp: UInt64, order: Int, owner: Owner) -> PageAllocation? {
        guard order >= 0, order <= PageAllocator.maxOrder(kernel) else { return nil }
        for zi in zonelist(for: gfp) {
            if let pfn = zones[zi].allocate(order: order) {
                zones[zi].allocatedPages += UInt64(1) << UInt64(order)
                let a = PageAllocation(pfn: pfn, order: order, zone: zones[zi].name, owner: owner)
                allocations[pfn] = a
                return a
            }
        }
        return nil
    }

    /// Gives a recorded block back to its zone, coalescing. False if no block starts at `pfn`.
    @discardableResult
    func releaseBlock(pfn: UInt64) -> Bool {
        guard let a = allocations.removeValue(forKey: pfn),
              let zi = zones.indices.first(where: { zones[$0].name == a.zone }) else { return false }
        zones[zi].allocatedPages -= UInt64(1) << UInt64(a.order)
        zones[zi].freeOne(a.pfn, a.order)
        return true
    }

    // MARK: - Public page-allocator API

    /// `alloc_pages(gfp, order)`: the first pfn of 2^order contiguous frames, or nil.
    /// May return a highmem frame when the mask has __GFP_HIGHMEM.
    public func allocPages(gfp: UInt64, order: Int, context: ExecContext = .process) -> UInt64? {
        allocPagesChecked(gfp: gfp, order: order, context: context, function: "alloc_pages", owner: .pages)?.pfn
    }

    /// The page-allocator entry with the generation's checks, in the generation's order:
    /// 6.x checks the order first (WARN, NULL) and then might_alloc(); 3.4 might_sleep_if()s
    /// first and WARNs about the order in the slow path.
    func allocPagesChecked(gfp: UInt64, order: Int, context: ExecContext, function: String, owner: Owner) -> PageAllocation? {
        let maxOrder = PageAllocator.maxOrder(kernel)
        let tooBig = order > maxOrder || order < 0
        let warnOrder = {
            // 3.4 WARN_ON_ONCE(!(gfp_mask & __GFP_NOWARN)); 6.x WARN_ON_ONCE_GFP(…, gfp).
            guard gfp & GFP.v(.nowarn, self.kernel) == 0 else { return }
            let (loc, fn) = Checkpoints.orderTooLarge(self.kernel)
            self.warnOnce(at: loc, symbol: fn, context: context, function: function)
        }
        if kernel >= .v6_1 && tooBig { warnOrder(); return nil }
        if GFP.mayBlock(gfp, kernel: kernel) { mightSleep(at: Checkpoints.pageAllocMightSleep(kernel), context: context, function: function) }
        if tooBig { warnOrder(); return nil }
        guard let a = allocateBlock(gfp: gfp, order: order, owner: owner) else {
            if gfp & GFP.v(.nowarn, kernel) == 0 {
                note(.allocationFailure, function, context, warnAlloc(nil, gfp: gfp, order: order, context: context))
            }
            return nil
        }
        return a
    }

    /// `__free_pages(page, order)`: gives the block back and coalesces. Returns false (and
    /// records a misuse) when no block of that order was allocated at `pfn`.
    @discardableResult
    public func freePages(pfn: UInt64, order: Int) -> Bool {
        guard let a = allocations[pfn], a.owner == .pages, a.order == order else {
            note(.misuse, "__free_pages", .process, ["__free_pages(pfn \(pfn), order \(order)): no such allocation (the kernel would corrupt its free lists)"])
            return false
        }
        return releaseBlock(pfn: pfn)
    }

    /// `__get_free_pages(gfp, order)`: the lowmem virtual address of the block, or nil (0).
    /// 6.x strips __GFP_HIGHMEM; 3.4 has VM_BUG_ON(gfp & __GFP_HIGHMEM) (with CONFIG_DEBUG_VM).
    public func getFreePages(gfp: UInt64, order: Int, context: ExecContext = .process) -> UInt64? {
        var g = gfp
        if g & 0x02 != 0 {
            if kernel >= .v6_1 { g &= ~UInt64(0x02) }
            else {
                bug(at: Checkpoints.getFreePagesHighmem34, context: context, function: "__get_free_pages")
                return nil
            }
        }
        guard let a = allocPagesChecked(gfp: g, order: order, context: context, function: "__get_free_pages", owner: .pages) else { return nil }
        return pageAddress(pfn: a.pfn)
    }

    /// `__get_free_page(gfp)` = `__get_free_pages(gfp, 0)`.
    public func getFreePage(gfp: UInt64, context: ExecContext = .process) -> UInt64? {
        getFreePages(gfp: gfp, order: 0, context: context)
    }

    /// `get_zeroed_page(gfp)` = `__get_free_pages(gfp | __GFP_ZERO, 0)`.
    public func getZeroedPage(gfp: UInt64, context: ExecContext = .process) -> UInt64? {
        getFreePages(gfp: gfp | GFP.v(.zero, kernel), order: 0, context: context)
    }

    /// `free_pages(addr, order)`: addr 0 is ignored; a non-linear address is the kernel's
    /// VM_BUG_ON(!virt_addr_valid(addr)).
    @discardableResult
    public func freePagesAddress(_ addr: UInt64, order: Int) -> Bool {
        if addr == 0 { return true }
        guard isLinear(addr), addr & (pageSize - 1) == 0 else {
            note(.misuse, "free_pages", .process, ["free_pages(\(hexValue(addr)), \(order)): not a page-aligned lowmem address (VM_BUG_ON(!virt_addr_valid(addr)))"])
            return false
        }
        return freePages(pfn: __pa(addr) >> pageShift, order: order)
    }

    /// The set of free blocks (zone, pfn, order), cheap to take and to compare: equal exactly
    /// when `freeBlocks()` would be equal. Copy-on-write, so taking it copies nothing.
    func freeSet() -> [FreeIndex] { zones.map(\.freeOrder) }

    /// Every free block, sorted by zone then pfn.
    public func freeBlocks() -> [FreeBlock] {
        var out: [FreeBlock] = []
        for z in zones { for (o, list) in z.free.enumerated() { for p in list { out.append(FreeBlock(zone: z.name, pfn: p, order: o)) } } }
        return out.sorted()
    }

    /// Free blocks per order for each populated zone (the numbers /proc/buddyinfo shows).
    public func freeCounts() -> [(zone: String, counts: [Int])] {
        zones.map { (zone: $0.name, counts: $0.free.map(\.count)) }
    }

    /// Zone sizes and usage.
    public func zoneUsage() -> [(zone: String, startPfn: UInt64, endPfn: UInt64, free: UInt64, used: UInt64, reserved: UInt64)] {
        zones.map { (zone: $0.name, startPfn: $0.start, endPfn: $0.end, free: $0.freePages, used: $0.allocatedPages, reserved: $0.reservedPages) }
    }

    /// `/proc/buddyinfo` (mm/vmstat.c frag_show_print): `"Node %d, zone %8s "` then `"%6lu "`
    /// per order, for every populated zone.
    public func procBuddyinfo() -> String {
        var s = ""
        for z in zones {
            s += "Node 0, zone " + Proc.padLeft(z.name, 8) + " "
            for list in z.free { s += Proc.padLeft(String(list.count), 6) + " " }
            s += "\n"
        }
        return s
    }
}
