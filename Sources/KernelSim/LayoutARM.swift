/// ARM 32-bit, classic 2-level MMU (non-LPAE), 3G/1G split: kernel-facts.md §2.
///
/// 3.4 (also used for 2.6): `early_vmalloc()` sets `vmalloc_min = VMALLOC_END - vmalloc=`, so the
/// 8 MiB VMALLOC_OFFSET hole comes out of the requested size; `sanity_check_meminfo()` stops
/// lowmem at `vmalloc_min`. 6.1/6.12: VMALLOC_END is 0xff800000, `vmalloc=` stores the size and
/// `adjust_lowmem_bounds()` subtracts VMALLOC_OFFSET separately (6.1:arch/arm/mm/mmu.c), so the
/// area is the full requested size. Modelled board: one RAM bank at PHYS_OFFSET, a CPU without
/// an aliasing VIPT cache (ARMv7), CONFIG_MODULES, no THUMB2_KERNEL, no TCM, no KASAN.

extension AddressSpaceLayout {
    static func computeARM(_ config: MachineConfig) throws(LayoutError) -> AddressSpaceLayout {
        let modern = config.kernel >= .v6_1
        let highmem = config.highmem
        _ = try validNrCpus(config)  // NR_CPUS only sizes kmap slots inside the fixed fixmap window

        // PHYS_OFFSET does not change the virtual layout; it shows in physical addresses (page
        // frame numbers, the "Truncating RAM" notices) and bounds RAM to the 32-bit physical
        // space above it.
        let physOffset = config.physOffset
        let usable = config.usableRamBytes
        guard usable >= Mem.minimumRam else { throw LayoutError.ramTooSmall(minimum: Mem.minimumRam) }
        // Without LPAE phys_addr_t is 32 bits: RAM must end below 4 GiB physical.
        guard usable <= Mem.top32 - physOffset else { throw LayoutError.ramTooLarge(maximum: Mem.top32 - physOffset) }

        let page = Mem.pageSize
        let pageOffset = Mem.pageOffset3G
        let pmdSize = Arch.arm32.pmdSize
        let vmallocOffset = 8 * Mem.MiB
        let vmallocEnd: UInt64 = modern ? 0xff80_0000 : 0xff00_0000
        let bank = (usable >> Mem.pageShift) << Mem.pageShift  // meminfo bank, whole pages

        // early_vmalloc(): memparse() lands in an `unsigned long`, then the two clamps.
        var messages: [KernelMessage] = []
        let unit = modern ? "MiB" : "MB"
        let tooSmall = modern ? "vmalloc area is too small" : "vmalloc area too small"
        let vmallocMax = modern ? vmallocEnd - (pageOffset + 32 * Mem.MiB + vmallocOffset)
                                : vmallocEnd - (pageOffset + 32 * Mem.MiB)
        var reserve: UInt64? = nil
        if let param = config.vmallocParam {
            var r = param & Mem.mask32
            if r < 16 * Mem.MiB {
                r = 16 * Mem.MiB
                messages.append(KernelMessage(level: "KERN_WARNING", text: "\(tooSmall), limiting to \(r >> 20)\(unit)"))
            }
            if r > vmallocMax {
                r = vmallocMax
                messages.append(KernelMessage(level: "KERN_WARNING", text: "vmalloc area is too big, limiting to \(r >> 20)\(unit)"))
            }
            reserve = r
        }
        // The lowest virtual address lowmem may not reach. 3.4: the default 240 MiB already
        // excludes VMALLOC_OFFSET but vmalloc= includes it; 6.1 always excludes it.
        let vmallocMin: UInt64
        if modern {
            vmallocMin = vmallocEnd - (reserve ?? 240 * Mem.MiB) - vmallocOffset
        } else if let reserve {
            vmallocMin = vmallocEnd - reserve
        } else {
            vmallocMin = vmallocEnd - 240 * Mem.MiB - vmallocOffset
        }
        let lowmemLimit = vmallocMin - pageOffset  // largest lowmem, bytes from PHYS_OFFSET

        // sanity_check_meminfo() (3.4) / adjust_lowmem_bounds() (6.1): lowmem stops at vmalloc_min;
        // the rest of the bank is highmem (HIGHMEM: the bank is split) or dropped (!HIGHMEM).
        let lowmemEnd = min(bank, lowmemLimit)  // arm_lowmem_limit - PHYS_OFFSET
        // max_low_pfn: 3.4 takes the end of the last lowmem bank. 6.1 takes memblock's current
        // limit (find_limits()), which adjust_lowmem_bounds() rounds down to a 2 MiB PMD, so a
        // lowmem end off that grid leaves a sliver above max_low_pfn (HighMem, or no zone at
        // all without HIGHMEM) while high_memory stays at arm_lowmem_limit.
        let lowmemBytes = modern ? ((physOffset + lowmemEnd) & ~(pmdSize - 1)) - physOffset : lowmemEnd
        let highmemBytes = highmem ? bank - lowmemBytes : 0
        if bank > lowmemEnd && !highmem {
            if modern {
                // RAM from memblock_limit up is removed from memblock.
                let memblockLimit = physOffset + lowmemBytes
                let end = physOffset + bank
                messages.append(KernelMessage(level: "KERN_NOTICE", text: "Ignoring RAM at \(hexAddress(memblockLimit, digits: 8))-\(hexAddress(end, digits: 8))"))
                messages.append(KernelMessage(level: "KERN_NOTICE", text: "Consider using a HIGHMEM enabled kernel."))
            } else {
                let start = physOffset
                messages.append(KernelMessage(level: "KERN_NOTICE", text: "Truncating RAM at \(llx(start))-\(llx(start + bank - 1)) to -\(llx(start + lowmemEnd - 1)) (vmalloc region overlap)."))
            }
        }
        let highMemory = pageOffset + lowmemEnd  // __va(arm_lowmem_limit - 1) + 1
        // VMALLOC_START: 8 MiB above high_memory, rounded down to an 8 MiB boundary.
        let vmallocStart = (highMemory + vmallocOffset) & ~(vmallocOffset - 1)

        let taskSize = pageOffset - 16 * Mem.MiB  // TASK_SIZE = MODULES_VADDR
        let modulesStart = taskSize
        let modulesEnd = highmem ? pageOffset - pmdSize : pageOffset
        let pkmapBase = pageOffset - pmdSize  // LAST_PKMAP = PTRS_PER_PTE = 512 pages
        let fixaddrStart: UInt64 = modern ? 0xffc8_0000 : 0xfff0_0000
        let fixaddrEnd: UInt64 = modern ? 0xfff0_0000 : 0xfffe_0000
        let fixaddrTop = modern ? fixaddrEnd - page : fixaddrEnd  // 6.1: FIXADDR_TOP = FIXADDR_END - PAGE_SIZE
        let vectorsBase: UInt64 = 0xffff_0000  // CONFIG_VECTORS_BASE (high vectors)
        let vectorsEnd = vectorsBase + (modern ? 2 : 1) * page  // 6.1 adds the read-only stubs page

        var spans: [(name: String, start: UInt64, end: UInt64)] = [
            ("user", 0, taskSize),
            ("modules", modulesStart, modulesEnd),
        ]
        if highmem { spans.append(("pkmap", pkmapBase, pageOffset)) }
        spans += [
            ("lowmem", pageOffset, highMemory),
            ("vmalloc-hole", highMemory, vmallocStart),
            ("vmalloc", vmallocStart, vmallocEnd),
        ]
        if modern {
            // Documentation/arm/memory.rst (5.x-6.4): DT blob, then a guard region, then fixmap.
            spans.append(("fdt", 0xff80_0000, 0xffc0_0000))
        } else {
            // The coherent DMA region below CONSISTENT_END (Documentation/arm/memory.txt).
            spans.append(("dma-consistent", 0xffc0_0000, 0xffe0_0000))
        }
        spans.append(("fixmap", fixaddrStart, fixaddrEnd))
        spans.append(("vectors", vectorsBase, vectorsEnd))
        let regions = try tileRegions(spans, top: Mem.top32)

        // Zones: no ZONE_DMA on the modelled board; Normal is lowmem, HighMem the rest.
        let physPfn = physOffset >> Mem.pageShift
        let maxLowPfn = physPfn + (lowmemBytes >> Mem.pageShift)
        let maxPfn = maxLowPfn + (highmemBytes >> Mem.pageShift)
        var zones: [Zone]
        if config.armZoneDMA {
            // arm zone_sizes_init(): max_zone_pfn[ZONE_DMA] = min(arm_dma_pfn_limit, max_low).
            zones = [Zone(name: "DMA", startPfn: physPfn, endPfn: maxLowPfn), Zone(name: "Normal", startPfn: maxLowPfn, endPfn: maxLowPfn)]
        } else {
            zones = [Zone(name: "Normal", startPfn: physPfn, endPfn: maxLowPfn)]
        }
        if highmem { zones.append(Zone(name: "HighMem", startPfn: maxLowPfn, endPfn: maxPfn)) }

        var layout = AddressSpaceLayout(
            config: config, pageOffset: pageOffset, highMemory: highMemory,
            vmallocStart: vmallocStart, vmallocEnd: vmallocEnd,
            pkmapBase: highmem ? pkmapBase : nil, pkmapEnd: highmem ? pageOffset : nil,
            fixaddrStart: fixaddrStart, fixaddrTop: fixaddrTop,
            modulesStart: modulesStart, modulesEnd: modulesEnd,
            maxmem: nil, lowmemBytes: lowmemBytes, highmemBytes: highmemBytes,
            discardedBytes: usable - lowmemBytes - highmemBytes,
            regions: regions, zones: zones, messages: messages)
        layout.physOffset = physOffset
        layout.maxPfn = maxPfn
        layout.maxLowPfn = maxLowPfn
        layout.vmallocMin = vmallocMin
        layout.memory = [MemoryRange(startPfn: physPfn, endPfn: maxPfn)]
        if modern {
            // 6.1 arch/arm/include/asm/fixmap.h: FIX_EARLYCON_MEM_BASE is the only permanent slot;
            // then KM_MAX_IDX (16) kmap slots per CPU and NR_FIX_BTMAPS (32) x FIX_BTMAPS_SLOTS (3)
            // early_ioremap slots (captures: 1 and 225 with NR_CPUS 8), all inside the fixed window.
            layout.fixmapPermanentSlots = 1
            layout.fixmapTotalSlots = 1 + 16 * Int(config.effectiveNrCpus) + 32 * 3
        }
        return layout
    }
}

/// `%.8llx`: lowercase hex, at least 8 digits, no prefix.
private func llx(_ value: UInt64) -> String {
    let raw = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - raw.count)) + raw
}
