/// x86-64 with 4-level paging, 6.1/6.12: kernel-facts.md §3 (6.1:Documentation/x86/x86_64/mm.rst).
///
/// The map is fixed at build time; RAM only decides how much of the 64 TB direct map is used.
/// Addresses are the non-KASLR defaults: with CONFIG_RANDOMIZE_MEMORY the direct map, vmalloc
/// and vmemmap bases move at boot (order kept), and with CONFIG_RANDOMIZE_BASE (every distro
/// kernel) modules start at 0xffffffffc0000000 (`modulesStartWithKASLR`).
/// 2.6/3.4 are not modelled: their map differs (direct map at 0xffff880000000000, no LDT remap,
/// no CPU entry area, a different vsyscall/fixmap scheme) and the reference does not cover it.

extension AddressSpaceLayout {
    static func computeX86_64(_ config: MachineConfig) throws(LayoutError) -> AddressSpaceLayout {
        guard config.kernel >= .v6_1 else {
            throw LayoutError.unsupported("the x86_64 layout is modelled for 6.1 and 6.12 only: \(config.kernel.rawValue) used an older map (direct mapping at 0xffff880000000000, no LDT remap or CPU entry area)")
        }
        _ = try validNrCpus(config)

        let usable = config.usableRamBytes
        guard usable >= Mem.minimumRam else { throw LayoutError.ramTooSmall(minimum: Mem.minimumRam) }
        let maxPhysmem: UInt64 = 1 << 46  // MAX_PHYSMEM_BITS = 46 with 4-level paging: 64 TiB
        guard usable <= maxPhysmem else { throw LayoutError.ramTooLarge(maximum: maxPhysmem) }

        let page = Mem.pageSize
        let tb: UInt64 = 1 << 40
        let pageOffset: UInt64 = 0xffff_8880_0000_0000  // __PAGE_OFFSET_BASE_L4
        let directMapEnd = pageOffset + 64 * tb
        let vmallocStart: UInt64 = 0xffff_c900_0000_0000  // __VMALLOC_BASE_L4
        // VMALLOC_END = VMALLOC_START + (VMALLOC_SIZE_TB << 40) - 1, inclusive; stored exclusive.
        let vmallocEnd = vmallocStart + 32 * tb
        let vmemmapBase: UInt64 = 0xffff_ea00_0000_0000  // __VMEMMAP_BASE_L4
        let startKernelMap: UInt64 = 0xffff_ffff_8000_0000  // __START_KERNEL_map
        let kernelImageSize: UInt64 = 512 * Mem.MiB  // 1 GiB with CONFIG_RANDOMIZE_BASE
        let modulesStart = startKernelMap + kernelImageSize  // MODULES_VADDR
        let modulesEnd: UInt64 = 0xffff_ffff_ff00_0000
        let cpuEntryAreaBase: UInt64 = 0xffff_fe00_0000_0000  // CPU_ENTRY_AREA_PGD -4
        let ldtBase: UInt64 = 0xffff_8800_0000_0000  // LDT_PGD_ENTRY -240

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
            ("user", 0, 0x0000_8000_0000_0000),
            ("non-canonical", 0x0000_8000_0000_0000, 0xffff_8000_0000_0000),
            ("guard-hole", 0xffff_8000_0000_0000, ldtBase),
            ("ldt", ldtBase, pageOffset),  // LDT remap for PTI, 0.5 TB
            ("direct-map", pageOffset, directMapEnd),
            ("vmalloc", vmallocStart, vmallocEnd),
            ("vmemmap", vmemmapBase, vmemmapBase + tb),
            ("kasan-shadow", 0xffff_ec00_0000_0000, 0xffff_fc00_0000_0000),  // used only with KASAN
            ("cpu-entry-area", cpuEntryAreaBase, cpuEntryAreaBase + tb / 2),
            ("espfix", 0xffff_ff00_0000_0000, 0xffff_ff80_0000_0000),  // %esp fixup stacks
            ("efi", 0xffff_ffef_0000_0000, 0xffff_ffff_0000_0000),
            ("kernel-text", startKernelMap, modulesStart),
            ("modules", modulesStart, modulesEnd),
            ("fixmap", fixaddrStart, vsyscallAddr),
            ("vsyscall", vsyscallAddr, vsyscallAddr + page),
        ]
        let regions = try tileRegions(spans, top: nil)

        // All RAM is directly mapped: no highmem. Zones DMA < 16 MiB, DMA32 < 4 GiB, Normal.
        let maxPfn = usable >> Mem.pageShift
        let lowmemBytes = maxPfn << Mem.pageShift
        let maxDmaPfn: UInt64 = (16 * Mem.MiB) >> Mem.pageShift
        let maxDma32Pfn: UInt64 = (4 * Mem.GiB) >> Mem.pageShift
        let zones = [
            clampedZone("DMA", from: 0, to: maxDmaPfn, limit: maxPfn),
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
            discardedBytes: usable - lowmemBytes,
            regions: regions, zones: zones, messages: [])
        layout.maxPfn = maxPfn
        layout.maxLowPfn = maxPfn
        layout.fixmapPermanentSlots = Int(permanent)
        layout.cpuEntryAreaBase = cpuEntryAreaBase
        layout.ldtBase = ldtBase
        layout.modulesStartWithKASLR = startKernelMap + Mem.GiB
        return layout
    }
}
