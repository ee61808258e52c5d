/// x86-64, 6.1/6.12: kernel-facts.md §3 (6.12:Documentation/arch/x86/x86_64/mm.rst, in
/// shared/reference/kernel-docs-6.12/en/x86_64-mm.rst; 6.1:arch/x86/include/asm/pgtable_64_types.h).
///
/// The map is fixed at build time (4-level) or chosen at boot (5-level, LA57); RAM only decides
/// how much of the direct map is used. Addresses are the non-randomized defaults: with
/// CONFIG_RANDOMIZE_MEMORY the direct map, vmalloc and vmemmap bases move at boot (order kept;
/// `nokaslr` keeps them, as in verify/captures). CONFIG_RANDOMIZE_BASE (every distribution
/// kernel, `MachineConfig.randomizeBase`) makes KERNEL_IMAGE_SIZE 1 GiB, so modules start at
/// 0xffffffffc0000000 — also with `nokaslr`, as the captures show.
/// 2.6/3.4 are not modelled: their map differs (direct map at 0xffff880000000000, no LDT remap,
/// no CPU entry area, a different vsyscall/fixmap scheme) and the reference does not cover it.

extension AddressSpaceLayout {
    static func computeX86_64(_ config: MachineConfig) throws(LayoutError) -> AddressSpaceLayout {
        guard config.kernel >= .v6_1 else {
            throw LayoutError.unsupported(.oldX86_64Map(config.kernel))
        }
        _ = try validNrCpus(config)

        // 4-level: __PAGE_OFFSET_BASE_L4, __VMALLOC_BASE_L4 + VMALLOC_SIZE_TB_L4 (32), __VMEMMAP_BASE_L4,
        // MAX_PHYSMEM_BITS 46. 5-level (LA57): the _L5 values, VMALLOC_SIZE_TB_L5 = 12800, 52 bits
        // (pgtable_64_types.h, page_64_types.h, sparsemem.h). LDT_PGD_ENTRY is -240 for both:
        // the LDT remap is the PGD slot below the direct map (0xffff880000000000 / 0xff10000000000000).
        let la57 = config.la57
        let tb: UInt64 = 1 << 40
        let maxPhysmem: UInt64 = la57 ? 1 << 52 : 1 << 46
        let pageOffset: UInt64 = la57 ? 0xff11_0000_0000_0000 : 0xffff_8880_0000_0000
        let pgdirShift: UInt64 = la57 ? 48 : 39
        let ldtBase: UInt64 = (0 &- 240) << pgdirShift
        let directMapEnd = pageOffset + (la57 ? 1 << 55 : 1 << 46)  // 64 TB / 32 PB (mm.rst)
        let vmallocStart: UInt64 = la57 ? 0xffa0_0000_0000_0000 : 0xffff_c900_0000_0000
        let vmallocSizeTB: UInt64 = la57 ? 12800 : 32
        // VMALLOC_END = VMALLOC_START + (VMALLOC_SIZE_TB << 40) - 1, inclusive; stored exclusive.
        let vmallocEnd = vmallocStart + vmallocSizeTB * tb
        let vmemmapBase: UInt64 = la57 ? 0xffd4_0000_0000_0000 : 0xffff_ea00_0000_0000
        let vmemmapSize: UInt64 = la57 ? 512 * tb : tb  // 0.5 PB / 1 TB (mm.rst)
        let kasanStart: UInt64 = la57 ? 0xffdf_0000_0000_0000 : 0xffff_ec00_0000_0000
        let guardHoleStart: UInt64 = la57 ? 0xff00_0000_0000_0000 : 0xffff_8000_0000_0000
        let userEnd: UInt64 = la57 ? 0x0100_0000_0000_0000 : 0x0000_8000_0000_0000

        // RAM from the e820 map (trim_bios_range() reserves page 0 and drops 640 KiB-1 MiB);
        // max_pfn is the end of the last RAM entry, so the PCI hole below 4 GiB is part of the
        // direct map's span and of ZONE_DMA32 (captures: a 4 GiB guest has high_memory
        // 0xffff888140000000). MAX_ARCH_PFN is MAXMEM >> PAGE_SHIFT on x86-64.
        let ram = E820.ramPfns(config.effectiveE820, trimBios: true)
        let ramPages = ram.reduce(0) { $0 + $1.end - $1.start }
        guard ramPages << Mem.pageShift >= Mem.minimumRam, let lastRam = ram.last else { throw LayoutError.ramTooSmall(minimum: Mem.minimumRam) }
        guard lastRam.end << Mem.pageShift <= maxPhysmem else { throw LayoutError.ramTooLarge(maximum: maxPhysmem) }

        let page = Mem.pageSize
        let startKernelMap: UInt64 = 0xffff_ffff_8000_0000  // __START_KERNEL_map
        // KERNEL_IMAGE_SIZE: 1 GiB with CONFIG_RANDOMIZE_BASE, else 512 MiB (page_64_types.h).
        let kernelImageSize: UInt64 = config.randomizeBase ? Mem.GiB : 512 * Mem.MiB
        let modulesStart = startKernelMap + kernelImageSize  // MODULES_VADDR
        let modulesEnd: UInt64 = 0xffff_ffff_ff00_0000
        let cpuEntryAreaBase: UInt64 = 0xffff_fe00_0000_0000  // CPU_ENTRY_AREA_PGD -4 (same in 5-level)

        // Fixmap: FIXADDR_TOP = round_up(VSYSCALL_ADDR + PAGE_SIZE, PMD_SIZE) - PAGE_SIZE; the
        // enumeration starts at VSYSCALL_PAGE, then FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE,
        // FIX_APIC_BASE, FIX_IO_APIC_BASE_0..127 (MAX_IO_APICS = 128 on 64-bit) and, with
        // PARAVIRT_XXL (Xen PV), FIX_PARAVIRT_BOOTMAP, and with CONFIG_ACPI_APEI_GHES
        // FIX_APEI_GHES_IRQ/NMI (Debian amd64 has both: 646 slots in verify/captures).
        // Modelled without OHCI1394.
        let vsyscallAddr: UInt64 = 0xffff_ffff_ff60_0000  // -10 MiB
        let pmdSize = 2 * Mem.MiB
        let fixaddrTop = ((vsyscallAddr + page + pmdSize - 1) & ~(pmdSize - 1)) - page
        let vsyscallPage = (fixaddrTop - vsyscallAddr) >> Mem.pageShift
        let permanent = vsyscallPage + 1 + 2 + 1 + 128 + (config.paravirt ? 1 : 0) + (config.apeiGhes ? 2 : 0)
        let fixaddrStart = fixaddrTop - permanent * page

        let spans: [(name: String, start: UInt64, end: UInt64)] = [
            ("user", 0, userEnd),
            ("non-canonical", userEnd, guardHoleStart),
            ("guard-hole", guardHoleStart, ldtBase),
            ("ldt", ldtBase, ldtBase + (1 << pgdirShift)),  // LDT remap for PTI, one PGD slot
            ("direct-map", pageOffset, directMapEnd),
            ("vmalloc", vmallocStart, vmallocEnd),
            ("vmemmap", vmemmapBase, vmemmapBase + vmemmapSize),
            ("kasan-shadow", kasanStart, 0xffff_fc00_0000_0000),  // used only with KASAN
            ("cpu-entry-area", cpuEntryAreaBase, cpuEntryAreaBase + tb / 2),
            ("espfix", 0xffff_ff00_0000_0000, 0xffff_ff80_0000_0000),  // %esp fixup stacks
            ("efi", 0xffff_ffef_0000_0000, 0xffff_ffff_0000_0000),
            ("kernel-text", startKernelMap, modulesStart),
            ("modules", modulesStart, modulesEnd),
            ("fixmap", fixaddrStart, vsyscallAddr),
            ("vsyscall", vsyscallAddr, vsyscallAddr + page),
        ]
        let regions = try tileRegions(spans, top: nil)

        // All RAM is directly mapped: no highmem. Zones DMA < 16 MiB, DMA32 < 4 GiB, Normal; they
        // start at the first RAM page frame.
        let maxPfn = lastRam.end
        let lowmemBytes = maxPfn << Mem.pageShift
        let maxDmaPfn: UInt64 = (16 * Mem.MiB) >> Mem.pageShift
        let maxDma32Pfn: UInt64 = (4 * Mem.GiB) >> Mem.pageShift
        let zones = [
            clampedZone("DMA", from: ram[0].start, to: maxDmaPfn, limit: maxPfn),
            clampedZone("DMA32", from: maxDmaPfn, to: maxDma32Pfn, limit: maxPfn),
            clampedZone("Normal", from: maxDma32Pfn, to: maxPfn, limit: maxPfn),
        ]

        var layout = AddressSpaceLayout(
            config: config, pageOffset: pageOffset, highMemory: pageOffset + lowmemBytes,
            vmallocStart: vmallocStart, vmallocEnd: vmallocEnd,
            pkmapBase: nil, pkmapEnd: nil,
            fixaddrStart: fixaddrStart, fixaddrTop: fixaddrTop,
            modulesStart: modulesStart, modulesEnd: modulesEnd,
            maxmem: nil, lowmemBytes: lowmemBytes, highmemBytes: 0,
            discardedBytes: 0,
            regions: regions, zones: zones, messages: [])
        layout.maxPfn = maxPfn
        layout.maxLowPfn = maxPfn
        layout.fixmapPermanentSlots = Int(permanent)
        layout.cpuEntryAreaBase = cpuEntryAreaBase
        layout.ldtBase = ldtBase
        layout.modulesStartWithKASLR = startKernelMap + Mem.GiB
        layout.memory = ram.map { MemoryRange(startPfn: $0.start, endPfn: $0.end) }
        layout.e820 = config.effectiveE820
        return layout
    }
}
