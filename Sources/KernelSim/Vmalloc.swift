/// vmalloc: virtually contiguous areas in [VMALLOC_START, VMALLOC_END), each PAGE_ALIGN(size)
/// plus one guard page, backed page by page by order-0 frames that need not be contiguous
/// (kernel-facts.md §6). Address choice: the lowest free hole that fits (6.x
/// find_vmap_lowest_match; 3.4's first-fit search, without its free_vmap_cache next-fit
/// shortcut). Freed areas are purged at once (the kernel purges lazily, in batches).

public struct VmallocArea: Hashable, Sendable {
    /// Start of the area (the pointer vmalloc returns).
    public var addr: UInt64
    /// vm_struct->size: PAGE_ALIGN(requested) + the guard page.
    public var size: UInt64
    /// The size the caller asked for.
    public var requestedSize: UInt64
    /// The frames behind each mapped page, in virtual order (the guard page has none).
    public var pfns: [UInt64]
    /// What /proc/vmallocinfo prints as the caller (`%pS`), if known.
    public var caller: String?
    /// The page-pointer array was itself vmalloc'ed (more than a page of pointers): " vpages".
    public var pagesArrayInVmalloc: Bool
    /// Where the page-pointer array lives (a kmalloc object or another vmalloc area).
    public var pagesArray: UInt64
    /// A boot-time area (BootVmalloc): `caller` is the rest of its captured /proc/vmallocinfo
    /// line; it holds address space but no modelled pages.
    public var bootTime: Bool = false
    /// `pages=N` of a boot-time vmalloc area (counted in VmallocUsed).
    public var bootPages: UInt64 = 0

    public var end: UInt64 { addr &+ size }
    public var nrPages: Int { pfns.count }
    /// True when every page's frame follows the previous one (physically contiguous).
    public var physicallyContiguous: Bool { zip(pfns, pfns.dropFirst()).allSatisfy { $1 == $0 + 1 } }
}

extension Kernel {
    var pointerBytes: UInt64 { arch.is64Bit ? 8 : 4 }
    /// CONFIG_NUMA: distro x86-64 kernels have it (vmallocinfo prints " N0=…"); the 32-bit
    /// configurations modelled here do not.
    var numa: Bool { arch == .x86_64 }

    /// `vmalloc(size)` called in `context`; `caller` is what vmallocinfo shows as `%pS`.
    public func vmalloc(_ size: UInt64, context: ExecContext = .process, caller: String? = nil) -> VmallocArea? {
        vmallocInternal(size, context: context, caller: caller, function: "vmalloc")
    }

    /// `vzalloc(size)`: vmalloc with __GFP_ZERO (same placement).
    public func vzalloc(_ size: UInt64, context: ExecContext = .process, caller: String? = nil) -> VmallocArea? {
        vmallocInternal(size, context: context, caller: caller, function: "vzalloc")
    }

    /// The mask vmalloc() passes: 3.4 `GFP_KERNEL | __GFP_HIGHMEM`; 6.x `GFP_KERNEL` (and
    /// __vmalloc_area_node adds __GFP_HIGHMEM for the pages).
    var vmallocGfp: UInt64 {
        kernel >= .v6_1 ? GFP.v(.kernel, kernel) : GFP.v(.kernel, kernel) | GFP.v(.highmem, kernel)
    }

    func vmallocInternal(_ size: UInt64, context: ExecContext, caller: String?, function: String) -> VmallocArea? {
        let gfp = vmallocGfp
        let comm = currentTask(context).comm
        let aligned = (size &+ (pageSize - 1)) & ~(pageSize - 1)
        let fail34 = { (lines: [String]) -> VmallocArea? in
            self.note(.allocationFailure, function, context,
                      lines + ["vmalloc: allocation failure: \(size) bytes", "\(comm): page allocation failure: order:0, mode:\(hexValue(gfp))"])
            return nil
        }
        if kernel >= .v6_1 {
            if size == 0 {
                let (loc, fn) = Checkpoints.vmallocZero(kernel)
                warnOnce(at: loc, symbol: fn, context: context, function: function)
                return nil
            }
            if size >> pageShift > totalramPages {
                note(.allocationFailure, function, context, warnAlloc("vmalloc error: size \(size), exceeds total pages", gfp: gfp, order: 0, context: context))
                return nil
            }
        } else if aligned == 0 || aligned >> pageShift > totalramPages {
            return fail34([])
        }
        if context.inInterrupt {
            bug(at: Checkpoints.vmallocInInterrupt(kernel), context: context, function: function)
            return nil
        }
        if context == .atomic {
            // The vm_struct is kzalloc'ed with the caller's (sleeping) mask first.
            mightSleep(at: Checkpoints.slabMightSleep(kernel, allocatorKind), context: context, function: function)
        }
        let areaSize = aligned + pageSize
        guard let addr = lowestHole(areaSize) else {
            let vmap = "vmap allocation for size \(areaSize) failed: use vmalloc=<size> to increase size"
            if kernel >= .v6_1 {
                note(.allocationFailure, function, context,
                     [vmap] + warnAlloc("vmalloc error: size \(size), vm_struct allocation failed", gfp: gfp, order: 0, context: context))
                return nil
            }
            return fail34([vmap + "."])
        }
        var area = VmallocArea(addr: addr, size: areaSize, requestedSize: size, pfns: [], caller: caller,
                               pagesArrayInVmalloc: false, pagesArray: 0)
        insertArea(area)

        // The struct page * array: kmalloc'ed up to a page, vmalloc'ed (recursively) above.
        let nrPages = aligned >> pageShift
        let arrayBytes = nrPages * pointerBytes
        if arrayBytes > pageSize {
            guard let inner = vmallocInternal(arrayBytes, context: .process, caller: caller, function: function) else {
                removeArea(addr); return nil
            }
            area.pagesArrayInVmalloc = true
            area.pagesArray = inner.addr
        } else {
            guard let obj = kmallocInternal(size: arrayBytes, gfp: GFP.v(.kernel, kernel) | GFP.v(.zero, kernel),
                                            context: .process, function: function, checks: false) else {
                removeArea(addr); return nil
            }
            area.pagesArray = obj.address
        }
        let pageGfp = GFP.v(.kernel, kernel) | GFP.v(.highmem, kernel)
        for i in 0..<Int(nrPages) {
            guard let a = allocateBlock(gfp: pageGfp, order: 0, owner: .vmalloc(addr)) else {
                let done = UInt64(i) * pageSize
                let lines: [String]
                switch kernel {
                case .v6_1: lines = warnAlloc("vmalloc error: size \(done), page order 0, failed to allocate pages", gfp: pageGfp, order: 0, context: context)
                case .v6_12: lines = warnAlloc("vmalloc error: size \(done), failed to allocate pages", gfp: pageGfp, order: 0, context: context)
                case .v2_6, .v3_4: lines = ["vmalloc: allocation failure, allocated \(done) of \(areaSize) bytes", "\(comm): page allocation failure: order:0, mode:\(hexValue(pageGfp))"]
                }
                note(.allocationFailure, function, context, lines)
                area.pfns.forEach { releaseBlock(pfn: $0) }
                if area.pagesArrayInVmalloc { _ = vfreeInternal(area.pagesArray, context: .process, function: function) }
                else { _ = kfreeInternal(area.pagesArray, context: .process, function: function) }
                removeArea(addr)
                return nil
            }
            area.pfns.append(a.pfn)
        }
        nrVmallocPages += nrPages
        replaceArea(area)
        return area
    }

    /// `vfree(addr)`. 3.4: BUG_ON(in_interrupt()). 6.x: might_sleep_if(!in_interrupt()), and
    /// from interrupt context the free is deferred to a work item (done at once here).
    @discardableResult
    public func vfree(_ addr: UInt64, context: ExecContext = .process) -> Bool {
        vfreeInternal(addr, context: context, function: "vfree")
    }

    func vfreeInternal(_ addr: UInt64, context: ExecContext, function: String) -> Bool {
        if kernel < .v6_1 && context.inInterrupt {
            bug(at: Checkpoints.vfree(kernel), context: context, function: function)
            return false
        }
        if kernel >= .v6_1 && context == .atomic {
            mightSleep(at: Checkpoints.vfree(kernel), context: context, function: function)
        }
        if addr == 0 { return true }
        guard let i = vmAreas.firstIndex(where: { $0.addr == addr }) else {
            let p = hexAddress(addr, digits: arch.addressDigits).dropFirst(2)
            note(.warning, function, context, ["Trying to vfree() nonexistent vm area (\(p))"])
            return false
        }
        let area = vmAreas[i]
        area.pfns.forEach { releaseBlock(pfn: $0) }
        nrVmallocPages -= UInt64(area.pfns.count)
        vmAreas.remove(at: i)
        if area.pagesArrayInVmalloc { _ = vfreeInternal(area.pagesArray, context: .process, function: function) }
        else { _ = kfreeInternal(area.pagesArray, context: .process, function: function) }
        return true
    }

    /// The lowest page-aligned address in [VMALLOC_START, VMALLOC_END) with `size` free bytes.
    func lowestHole(_ size: UInt64) -> UInt64? {
        let start = (layout.vmallocStart + pageSize - 1) & ~(pageSize - 1)
        var cursor = start
        for a in vmAreas {
            if a.addr >= cursor, a.addr - cursor >= size { return cursor }
            cursor = max(cursor, a.end)
        }
        guard cursor <= layout.vmallocEnd, layout.vmallocEnd - cursor >= size else { return nil }
        return cursor
    }

    func insertArea(_ area: VmallocArea) {
        let i = vmAreas.firstIndex { $0.addr > area.addr } ?? vmAreas.count
        vmAreas.insert(area, at: i)
    }
    func replaceArea(_ area: VmallocArea) {
        if let i = vmAreas.firstIndex(where: { $0.addr == area.addr }) { vmAreas[i] = area }
    }
    func removeArea(_ addr: UInt64) { vmAreas.removeAll { $0.addr == addr } }

    /// Puts the boot-time areas (BootVmalloc) in place, as the kernel has them before any module.
    func reserveBootVmallocAreas() {
        let cfg = layout.config
        guard cfg.bootVmallocAreas else { return }
        let e820 = layout.e820
        // The ACPI tables sit at the top of low RAM, where the firmware's reserved block starts.
        let top = e820.first { $0.type == .reserved && $0.start > 0x10_0000 && $0.start < 1 << 32 }?.start ?? 0
        let digits = arch == .x86_32 ? 8 : 16
        for b in BootVmalloc.areas(cfg) {
            let addr = layout.vmallocStart + b.offset
            guard addr + b.size <= layout.vmallocEnd else { continue }
            var text = b.text
            if let r = text.firstRange(of: "{top+0x"), let close = text[r.upperBound...].firstIndex(of: "}"),
               let off = UInt64(text[r.upperBound..<close], radix: 16) {
                text.replaceSubrange(r.lowerBound...close, with: hexAddress(top + off, digits: digits))
            }
            var pages: UInt64 = 0
            if text.hasSuffix(" vmalloc") || text.contains(" vmalloc "), let p = text.firstRange(of: " pages=") {
                pages = UInt64(text[p.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            insertArea(VmallocArea(addr: addr, size: b.size, requestedSize: b.size - pageSize, pfns: [], caller: text,
                                   pagesArrayInVmalloc: false, pagesArray: 0, bootTime: true, bootPages: pages))
        }
    }

    /// All vmalloc areas, lowest address first.
    public func vmallocAreas() -> [VmallocArea] { vmAreas }

    // MARK: - /proc views

    /// `/proc/vmallocinfo`: `"0x%p-0x%p %7ld"` (3.4) / `"0x%pK-0x%pK %7ld"` (6.x), then the
    /// caller, `" pages=%d"`, `" vmalloc"`, `" vpages"`, `" N0=%u"` (NUMA). Addresses are the
    /// real ones: what root sees with kptr_restrict=1 on 6.x (kptr_restrict=0 prints hashed
    /// values since 4.15, 2 prints zeros); 3.4's %p printed them as they are.
    public func procVmallocinfo() -> String {
        let digits = arch.addressDigits
        var s = ""
        for a in vmAreas {
            s += hexAddress(a.addr, digits: digits) + "-" + hexAddress(a.end, digits: digits) + " " + Proc.padLeft(String(a.size), 7)
            if a.bootTime { s += " " + (a.caller ?? "") + "\n"; continue }
            if let c = a.caller { s += " " + c }
            if !a.pfns.isEmpty { s += " pages=\(a.pfns.count)" }
            s += " vmalloc"
            if a.pagesArrayInVmalloc { s += " vpages" }
            if numa && !a.pfns.isEmpty { s += " N0=\(a.pfns.count)" }
            s += "\n"
        }
        return s
    }

    /// VmallocTotal / VmallocUsed / VmallocChunk in kB, as this generation computes them.
    /// Total: (VMALLOC_END − VMALLOC_START) >> 10 with the kernel's own VMALLOC_END (inclusive
    /// on x86-64). 3.4 get_vmalloc_info(): used = Σ vm_struct->size (guard pages included),
    /// chunk = largest gap. 6.x: used = pages backing vmalloc() areas, chunk 0.
    public func meminfoVmalloc() -> (total: UInt64, used: UInt64, chunk: UInt64) {
        let end = arch == .x86_64 ? layout.vmallocEnd - 1 : layout.vmallocEnd
        let total = (end - layout.vmallocStart) >> 10
        let bootPages = vmAreas.reduce(0) { $0 + $1.bootPages }
        if kernel >= .v6_1 { return (total, (nrVmallocPages + bootPages) << (pageShift - 10), 0) }
        var used: UInt64 = 0, chunk: UInt64 = 0
        var prevEnd = layout.vmallocStart
        for a in vmAreas {
            used += a.size
            chunk = max(chunk, a.addr - prevEnd)
            prevEnd = a.end
        }
        chunk = max(chunk, layout.vmallocEnd - prevEnd)
        return (total, used >> 10, chunk >> 10)
    }

    /// The three Vmalloc lines of /proc/meminfo (`"VmallocTotal:   %8lu kB\n"` …).
    public func procMeminfoVmalloc() -> String {
        let m = meminfoVmalloc()
        return "VmallocTotal:   " + Proc.padLeft(String(m.total), 8) + " kB\n"
            + "VmallocUsed:    " + Proc.padLeft(String(m.used), 8) + " kB\n"
            + "VmallocChunk:   " + Proc.padLeft(String(m.chunk), 8) + " kB\n"
    }

    func checkVmallocInvariants() -> [String] {
        var problems: [String] = []
        var owned: [UInt64: Int] = [:]
        for a in allocations.values { if case .vmalloc(let addr) = a.owner { owned[addr, default: 0] += 1 } }
        var backing: UInt64 = 0
        for (i, a) in vmAreas.enumerated() {
            let name = hexValue(a.addr)
            if a.addr < layout.vmallocStart || a.end > layout.vmallocEnd || a.end < a.addr {
                problems.append("vmalloc area \(name) (+\(a.size)) is outside [VMALLOC_START, VMALLOC_END)")
            }
            if a.addr & (pageSize - 1) != 0 || a.size & (pageSize - 1) != 0 { problems.append("vmalloc area \(name) is not page aligned") }
            if i > 0, vmAreas[i - 1].end > a.addr { problems.append("vmalloc areas \(hexValue(vmAreas[i - 1].addr)) and \(name) overlap") }
            if a.bootTime { continue }
            if UInt64(a.pfns.count) + 1 != a.size >> pageShift { problems.append("vmalloc area \(name): \(a.pfns.count) pages for \(a.size) bytes (one guard page expected)") }
            for p in a.pfns where allocations[p]?.owner != .vmalloc(a.addr) || allocations[p]?.order != 0 {
                problems.append("vmalloc area \(name): pfn \(p) is not an order-0 page owned by it"); break
            }
            if owned[a.addr, default: 0] != a.pfns.count { problems.append("vmalloc area \(name): \(owned[a.addr, default: 0]) pages owned, \(a.pfns.count) mapped") }
            owned[a.addr] = nil
            backing += UInt64(a.pfns.count)
        }
        if !owned.isEmpty { problems.append("pages owned by \(owned.count) vmalloc area(s) that do not exist") }
        if backing != nrVmallocPages { problems.append("nr_vmalloc_pages \(nrVmallocPages) != \(backing)") }
        return problems
    }
}
