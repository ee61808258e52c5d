/// x86 32-bit (3G/1G split), non-PAE and PAE: kernel-facts.md §1.
///
/// The order of computation is the kernel's: the fixmap enumeration fixes FIXADDR_START and the
/// boot-time fixmap; those (and in 6.x the CPU entry area and LDT) fix PKMAP_BASE; that fixes
/// VMALLOC_END, hence MAXMEM; `find_low_pfn_range()` splits RAM into low and high memory; and
/// `high_memory` places VMALLOC_START.
///
/// Generations: 6.1 and 6.12 share one layout (CPU entry area + LDT below the boot fixmap);
/// 3.4 is the reference's 3.4.2; 2.6 is 2.6.18 (include/asm-i386, before the x86 merge): its
/// own fixmap enum, pkmap below the boot fixmap as in 3.4, MAXMEM measured from 4 GiB,
/// VMALLOC_START rounded to 8 MiB, `vmalloc=` without the 8 MiB offset, RAM from page 0.
/// Every 2.6 rule and its citation: KernelSim/Release26.swift.

/// The x86-32 `enum fixed_addresses` for one configuration: how many 4 KiB slots it has.
///
/// Modelled config (kernel-facts.md §1.4): SMP, X86_LOCAL_APIC, X86_IO_APIC (MAX_IO_APICS = 64),
/// PCI_MMCONFIG; no OHCI1394/VISWS/F00F/CYCLONE/INTEL_MID, APEI_GHES, INTEL_TXT, DEBUG_HIGHMEM.
struct X86_32Fixmap: Equatable {
    /// `__end_of_permanent_fixed_addresses`
    let permanent: UInt64
    /// `__end_of_fixed_addresses` (permanent + early_ioremap btmaps + FIX_WP_TEST)
    let total: UInt64

    init(kernel: KernelVersion, nrCpus: UInt64, paravirt: Bool, apeiGhes: Bool = false, ptrsPerPte: UInt64) {
        let maxIoApics: UInt64 = 64
        let permanent: UInt64
        let totalBtmaps: UInt64  // NR_FIX_BTMAPS * FIX_BTMAPS_SLOTS
        if kernel >= .v6_1 {
            // FIX_HOLE, FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE, FIX_APIC_BASE, FIX_IO_APIC_BASE_0..63,
            // FIX_KMAP_* (KM_MAX_IDX = 16 per CPU), FIX_PCIE_MCFG. FIX_PARAVIRT_BOOTMAP needs
            // PARAVIRT_XXL, which only XEN_PV selects, and XEN_PV depends on X86_64: never on i386.
            // Then FIX_APEI_GHES_IRQ and FIX_APEI_GHES_NMI with CONFIG_ACPI_APEI_GHES (the
            // Debian 686/686-pae captures in verify/captures have 583 = 581 + 2 slots).
            permanent = 3 + 1 + maxIoApics + 16 * nrCpus + 1 + (apeiGhes ? 2 : 0)
            totalBtmaps = 64 * 8
        } else if kernel == .v2_6 {
            // 2.6.18 include/asm-i386/fixmap.h enum fixed_addresses: FIX_HOLE, FIX_VDSO,
            // FIX_APIC_BASE, FIX_IO_APIC_BASE_0..63, FIX_KMAP_* (KM_TYPE_NR = 13 per CPU:
            // include/asm-i386/kmap_types.h, KM_BOUNCE_READ..KM_SOFTIRQ1), FIX_ACPI_BEGIN..END
            // (FIX_ACPI_PAGES = 4), FIX_PCIE_MCFG; then NR_FIX_BTMAPS = 16 boot-time slots (never
            // realigned in 2.6.18) and FIX_WP_TEST. Read in the 2.6.18-based CentOS 5 tree
            // (spacex/kernel-centos5 include/asm-i386/fixmap.h, enum at lines 51-88); no
            // PARAVIRT in 2.6.18 (it arrived in 2.6.20).
            let permanent = 2 + 1 + maxIoApics + 13 * nrCpus + 4 + 1
            self.permanent = permanent
            self.total = permanent + 16 + 1
            return
        } else {
            // FIX_HOLE, FIX_VDSO, FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE, FIX_APIC_BASE,
            // FIX_IO_APIC_BASE_0..63, FIX_KMAP_* (KM_TYPE_NR = 20 per CPU), FIX_PCIE_MCFG,
            // [FIX_PARAVIRT_BOOTMAP], FIX_TEXT_POKE1, FIX_TEXT_POKE0.
            permanent = 4 + 1 + maxIoApics + 20 * nrCpus + 1 + (paravirt ? 1 : 0) + 2
            totalBtmaps = 64 * 4
        }
        // FIX_BTMAP_END: the btmaps must not straddle a page table (PTRS_PER_PTE slots); if they
        // would, they are moved up to the next TOTAL_FIX_BTMAPS boundary. (fixmap.h)
        let straddles = (permanent ^ (permanent + totalBtmaps - 1)) & ~(ptrsPerPte - 1) != 0
        let btmapEnd = straddles ? permanent + totalBtmaps - (permanent & (totalBtmaps - 1)) : permanent
        let btmapBegin = btmapEnd + totalBtmaps - 1
        self.permanent = permanent
        self.total = btmapBegin + 1 + 1  // + FIX_WP_TEST
    }
}

extension AddressSpaceLayout {
    static func computeX86_32(_ config: MachineConfig) throws(LayoutError) -> AddressSpaceLayout {
        let pae = config.arch == .x86_32_pae
        let kernel = config.kernel
        let hasCpuEntryArea = kernel >= .v6_1
        let highmem = config.highmem
        let nrCpus = try validNrCpus(config)

        // The e820 map: RAM page frames after trim_bios_range() (3.4 on; 2.6.18 used page 0).
        let ram = E820.ramPfns(config.effectiveE820, trimBios: kernel >= .v3_4)
        let ramPages = ram.reduce(0) { $0 + $1.end - $1.start }
        guard ramPages << Mem.pageShift >= Mem.minimumRam, let lastRam = ram.last else { throw LayoutError.ramTooSmall(minimum: Mem.minimumRam) }
        let page = Mem.pageSize
        let pageOffset = Mem.pageOffset3G
        let pmdSize = (pae ? Arch.x86_32_pae : Arch.x86_32).pmdSize
        let pmdMask = ~(pmdSize - 1) & Mem.mask32
        let ptrsPerPte: UInt64 = pae ? 512 : 1024
        let lastPkmap = ptrsPerPte  // LAST_PKMAP: one page table of kmap slots
        let vmallocOffset = 8 * Mem.MiB

        // Fixmap, counted down from FIXADDR_TOP.
        let fixmap = X86_32Fixmap(kernel: kernel, nrCpus: nrCpus, paravirt: config.paravirt,
                                  apeiGhes: config.apeiGhes, ptrsPerPte: ptrsPerPte)
        let fixaddrTop: UInt64 = 0xffff_f000  // __FIXADDR_TOP
        guard fixmap.total * page < fixaddrTop - pageOffset else {
            throw LayoutError.unsupported(.fixmapTooLarge(nrCpus: nrCpus, pages: fixmap.total))
        }
        let fixaddrStart = fixaddrTop - fixmap.permanent * page
        let fixaddrBootStart = fixaddrTop - fixmap.total * page

        // 6.x: CPU entry area (+1 page for the read-only IDT) and one PMD for the LDT, below the
        // boot-time fixmap; PKMAP_BASE is the PMD below those. 3.4: the PMD below the fixmap.
        var cpuEntryAreaBase: UInt64?
        var ldtBase: UInt64?
        var cpuEntryAreaEnd: UInt64 = 0
        let pkmapBase: UInt64
        if hasCpuEntryArea {
            let cpuEntryAreaPages = nrCpus * 43  // sizeof(struct cpu_entry_area) = 43 pages on i386
            guard (cpuEntryAreaPages + 1) * page + 3 * pmdSize < fixaddrBootStart - pageOffset else {
                throw LayoutError.unsupported(.cpuEntryAreaTooLarge(nrCpus: nrCpus))
            }
            let cea = (fixaddrBootStart - page * (cpuEntryAreaPages + 1)) & pmdMask
            let ldt = (cea - page) & pmdMask
            cpuEntryAreaBase = cea
            ldtBase = ldt
            cpuEntryAreaEnd = cea + page * (cpuEntryAreaPages + 1)  // CPU_ENTRY_AREA_MAP_SIZE
            pkmapBase = (ldt - page) & pmdMask
        } else {
            pkmapBase = (fixaddrBootStart - page * (lastPkmap + 1)) & pmdMask
        }
        let pkmapEnd = pkmapBase + lastPkmap * page

        // VMALLOC_END: two guard pages below what sits above vmalloc.
        let vmallocEnd: UInt64
        if highmem {
            vmallocEnd = pkmapBase - 2 * page
        } else if let ldtBase {
            vmallocEnd = ldtBase - 2 * page
        } else {
            vmallocEnd = fixaddrStart - 2 * page
        }

        // __VMALLOC_RESERVE is an `unsigned int`: vmalloc= + VMALLOC_OFFSET wraps at 32 bits.
        // 2.6.18 parse_vmalloc() (arch/i386/kernel/setup.c) set `__VMALLOC_RESERVE = memparse(arg)`
        // without the offset; 2.6.28 made it `memparse() + VMALLOC_OFFSET` (the 3.4 rule).
        let vmallocReserve = config.vmallocParam.map { ($0 &+ (kernel == .v2_6 ? 0 : vmallocOffset)) & Mem.mask32 } ?? 128 * Mem.MiB
        // MAXMEM is an `unsigned long` expression: it wraps if the reserve exceeds the space.
        // 3.4/6.x measure it from VMALLOC_END. The 2.6 kernels modelled here (include/asm-i386,
        // before the x86 rework) used `MAXMEM (-__PAGE_OFFSET-__VMALLOC_RESERVE)`, i.e. from the
        // 4 GiB top, ignoring fixmap and pkmap: the textbook 896 MB, as their boot logs show
        // ("lowmem : 0xc0000000 - 0xf8000000 ( 896 MB)", "vmalloc : 0xf8800000 - 0xff7fe000").
        let maxmem = kernel == .v2_6
            ? (0 &- pageOffset &- vmallocReserve) & Mem.mask32
            : (vmallocEnd &- pageOffset &- vmallocReserve) & Mem.mask32
        let maxmemPfn = maxmem >> Mem.pageShift

        var messages: [KernelMessage] = []
        // max_pfn: the end of the last RAM entry. 3.4 on: e820_end_pfn() clips it at MAX_ARCH_PFN
        // (1 << 20 pages, 4 GiB, without PAE; 1 << 24, 64 GiB, with PAE) and says so
        // (3.4.2:arch/x86/kernel/e820.c:800-835; 6.1: e820__end_ram_pfn()). Because of that clip
        // the HIGHMEM4G trim in highmem_pfn_init() ("Warning: only 4GB will be used. Use a
        // HIGHMEM64G enabled kernel!") can no longer fire: max_pfn is never above MAX_NONPAE_PFN
        // there. 2.6.18's find_max_pfn() did not clip; its find_max_low_pfn() trimmed a non-PAE
        // HIGHMEM kernel with "Warning only 4GB will be used." (arch/i386/kernel/setup.c).
        var maxPfn = lastRam.end
        let maxArchPfn: UInt64 = pae ? 1 << 24 : 1 << 20
        let maxNonPaePfn: UInt64 = 1 << 20
        var trimmedBy26 = false
        if maxPfn > maxArchPfn {
            if kernel == .v2_6 && !pae {
                trimmedBy26 = true  // reported below, where 2.6.18 reports it
            } else {
                messages.append(KernelMessage(level: "KERN_INFO", text: "last_pfn = \(hexValue(maxArchPfn)) max_arch_pfn = \(hexValue(maxArchPfn))"))
                maxPfn = maxArchPfn
            }
        }

        // find_low_pfn_range(): lowmem_pfn_init() or highmem_pfn_init().
        let maxLowPfn: UInt64
        if maxPfn <= maxmemPfn {
            maxLowPfn = maxPfn
        } else {
            maxLowPfn = maxmemPfn
            if !highmem {
                messages.append(KernelMessage(level: "KERN_WARNING", text: "Warning only \(maxmem >> 20)MB will be used."))
                let advice = maxPfn > maxNonPaePfn ? (kernel == .v2_6 ? "Use a PAE enabled kernel." : "Use a HIGHMEM64G enabled kernel.") : "Use a HIGHMEM enabled kernel."
                messages.append(KernelMessage(level: "KERN_WARNING", text: advice))
                maxPfn = maxmemPfn
            } else if trimmedBy26 {
                messages.append(KernelMessage(level: "KERN_WARNING", text: "Warning only 4GB will be used."))
                messages.append(KernelMessage(level: "KERN_WARNING", text: "Use a PAE enabled kernel."))
                maxPfn = maxNonPaePfn
            }
        }
        if trimmedBy26 && maxPfn > maxNonPaePfn { maxPfn = maxNonPaePfn }  // unreachable: !HIGHMEM set it to MAXMEM_PFN

        // initmem_init(): high_memory, and the two notices.
        if highmem {
            messages.append(KernelMessage(level: "KERN_NOTICE", text: "\(Mem.pagesToMB(maxPfn - maxLowPfn))MB HIGHMEM available."))
        }
        messages.append(KernelMessage(level: "KERN_NOTICE", text: "\(Mem.pagesToMB(maxLowPfn))MB LOWMEM available."))
        let lowmemBytes = maxLowPfn << Mem.pageShift
        let highMemory = pageOffset + lowmemBytes

        guard lowmemBytes >= Mem.minimumRam else {
            throw LayoutError.unsupported(.lowmemBelowKernel(lowmem: lowmemBytes, maxmem: maxmem))
        }

        // VMALLOC_START: 8 MiB above high_memory; 2.6 (asm-i386/pgtable.h) also rounded it up
        // to an 8 MiB boundary: ((high_memory + 2*VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1)).
        let vmallocStart: UInt64
        if kernel == .v2_6 {
            vmallocStart = (highMemory + 2 * vmallocOffset - 1) & ~(vmallocOffset - 1)
        } else {
            vmallocStart = highMemory + vmallocOffset
        }

        // mem_init()'s BUG_ON checks. The first two hold by construction; the last two are
        // what a too-small vmalloc= trips.
        if highmem {
            guard pkmapEnd <= fixaddrStart, vmallocEnd <= pkmapBase else {
                throw LayoutError.unsupported(.pkmapOverlapsFixmap)
            }
        }
        guard vmallocStart < vmallocEnd else {
            throw LayoutError.unsupported(.noVmallocArea(start: vmallocStart, end: vmallocEnd))
        }
        guard highMemory <= vmallocStart else {
            throw LayoutError.unsupported(.highMemoryAboveVmalloc)
        }

        // Regions, bottom to top. Without HIGHMEM in 3.4 vmalloc reaches up to the permanent
        // fixmap and so covers the boot-time btmap slots (they are dead once paging is up): no
        // separate fixmap-boot region then.
        var spans: [(name: String, start: UInt64, end: UInt64)] = [
            ("user", 0, pageOffset),
            ("lowmem", pageOffset, highMemory),
            ("vmalloc-hole", highMemory, vmallocStart),
            ("vmalloc", vmallocStart, vmallocEnd),
        ]
        let aboveGuard = highmem ? pkmapBase : (ldtBase ?? fixaddrStart)
        spans.append(("vmalloc-guard", vmallocEnd, aboveGuard))
        if highmem { spans.append(("pkmap", pkmapBase, pkmapEnd)) }
        if let ldtBase, let cpuEntryAreaBase {
            spans.append(("ldt", ldtBase, ldtBase + pmdSize))
            spans.append(("cpu-entry-area", cpuEntryAreaBase, cpuEntryAreaEnd))
        }
        if fixaddrBootStart >= vmallocEnd {
            spans.append(("fixmap-boot", fixaddrBootStart, fixaddrStart))
        }
        spans.append(("fixmap", fixaddrStart, fixaddrTop))
        let regions = try tileRegions(spans, top: Mem.top32)

        // zone_sizes_init(): DMA below 16 MiB (MAX_DMA_PFN), Normal to max_low_pfn, HighMem to max_pfn.
        // The zones start at the first RAM page frame (pfn 1 after trim_bios_range()).
        let maxDmaPfn: UInt64 = (16 * Mem.MiB) >> Mem.pageShift
        let firstPfn = ram[0].start
        var zones = [
            clampedZone("DMA", from: firstPfn, to: maxDmaPfn, limit: maxLowPfn),
            clampedZone("Normal", from: maxDmaPfn, to: maxLowPfn, limit: maxLowPfn),
        ]
        if highmem { zones.append(Zone(name: "HighMem", startPfn: maxLowPfn, endPfn: maxPfn)) }

        var layout = AddressSpaceLayout(
            config: config, pageOffset: pageOffset, highMemory: highMemory,
            vmallocStart: vmallocStart, vmallocEnd: vmallocEnd,
            pkmapBase: highmem ? pkmapBase : nil, pkmapEnd: highmem ? pkmapEnd : nil,
            fixaddrStart: fixaddrStart, fixaddrTop: fixaddrTop,
            // Modules are loaded into the vmalloc area on x86-32 (MODULES_VADDR = VMALLOC_START).
            modulesStart: vmallocStart, modulesEnd: vmallocEnd,
            maxmem: maxmem, lowmemBytes: lowmemBytes,
            highmemBytes: (maxPfn - maxLowPfn) << Mem.pageShift,
            discardedBytes: ram.reduce(0) { $0 + ($1.end > maxPfn ? $1.end - max($1.start, maxPfn) : 0) } << Mem.pageShift,
            regions: regions, zones: zones, messages: messages)
        layout.maxPfn = maxPfn
        layout.maxLowPfn = maxLowPfn
        layout.memory = ram.compactMap { $0.start < maxPfn ? MemoryRange(startPfn: $0.start, endPfn: min($0.end, maxPfn)) : nil }
        layout.e820 = config.effectiveE820
        layout.vmallocReserve = vmallocReserve
        layout.fixaddrBootStart = fixaddrBootStart
        layout.fixmapPermanentSlots = Int(fixmap.permanent)
        layout.fixmapTotalSlots = Int(fixmap.total)
        layout.cpuEntryAreaBase = cpuEntryAreaBase
        layout.ldtBase = ldtBase
        return layout
    }
}
