import Testing
@testable import KernelSim

private let MiB: UInt64 = 1 << 20
private let GiB: UInt64 = 1 << 30
private let page: UInt64 = 4096

private func x86(_ kernel: KernelVersion, pae: Bool, ramMB: UInt64, nrCpus: Int? = nil, highmem: Bool = true,
                 vmalloc: UInt64? = nil, paravirt: Bool = false, reserved: UInt64 = 0) throws -> AddressSpaceLayout {
    try AddressSpaceLayout.compute(MachineConfig(
        arch: pae ? .x86_32_pae : .x86_32, kernel: kernel, ramBytes: ramMB * MiB, reservedTopBytes: reserved,
        nrCpus: nrCpus, highmem: highmem, vmallocParam: vmalloc, paravirt: paravirt))
}

/// One row of kernel-facts.md §1.5 (computed independently from the kernel's formulas).
struct X86TableRow: Sendable, CustomTestStringConvertible {
    let kernel: KernelVersion
    let pae: Bool
    let ramMB: UInt64
    let highMemory: UInt64
    let vmallocStart: UInt64
    let vmallocEnd: UInt64
    let pkmapBase: UInt64
    let lowmemMB: UInt64
    let highmemMB: UInt64
    var testDescription: String { "\(kernel.rawValue) \(pae ? "PAE" : "non-PAE") \(ramMB) MB" }
}

private let tableRows: [X86TableRow] = [
    // 3.4 non-PAE
    .init(kernel: .v3_4, pae: false, ramMB: 64, highMemory: 0xc400_0000, vmallocStart: 0xc480_0000, vmallocEnd: 0xff7f_e000, pkmapBase: 0xff80_0000, lowmemMB: 64, highmemMB: 0),
    .init(kernel: .v3_4, pae: false, ramMB: 121, highMemory: 0xc790_0000, vmallocStart: 0xc810_0000, vmallocEnd: 0xff7f_e000, pkmapBase: 0xff80_0000, lowmemMB: 121, highmemMB: 0),
    .init(kernel: .v3_4, pae: false, ramMB: 512, highMemory: 0xe000_0000, vmallocStart: 0xe080_0000, vmallocEnd: 0xff7f_e000, pkmapBase: 0xff80_0000, lowmemMB: 512, highmemMB: 0),
    .init(kernel: .v3_4, pae: false, ramMB: 896, highMemory: 0xf77f_e000, vmallocStart: 0xf7ff_e000, vmallocEnd: 0xff7f_e000, pkmapBase: 0xff80_0000, lowmemMB: 887, highmemMB: 8),
    .init(kernel: .v3_4, pae: false, ramMB: 2048, highMemory: 0xf77f_e000, vmallocStart: 0xf7ff_e000, vmallocEnd: 0xff7f_e000, pkmapBase: 0xff80_0000, lowmemMB: 887, highmemMB: 1160),
    // 3.4 PAE
    .init(kernel: .v3_4, pae: true, ramMB: 160, highMemory: 0xca00_0000, vmallocStart: 0xca80_0000, vmallocEnd: 0xffbf_e000, pkmapBase: 0xffc0_0000, lowmemMB: 160, highmemMB: 0),
    .init(kernel: .v3_4, pae: true, ramMB: 896, highMemory: 0xf7bf_e000, vmallocStart: 0xf83f_e000, vmallocEnd: 0xffbf_e000, pkmapBase: 0xffc0_0000, lowmemMB: 891, highmemMB: 4),
    .init(kernel: .v3_4, pae: true, ramMB: 1024, highMemory: 0xf7bf_e000, vmallocStart: 0xf83f_e000, vmallocEnd: 0xffbf_e000, pkmapBase: 0xffc0_0000, lowmemMB: 891, highmemMB: 132),
    // 6.1 non-PAE
    .init(kernel: .v6_1, pae: false, ramMB: 121, highMemory: 0xc790_0000, vmallocStart: 0xc810_0000, vmallocEnd: 0xfeff_e000, pkmapBase: 0xff00_0000, lowmemMB: 121, highmemMB: 0),
    .init(kernel: .v6_1, pae: false, ramMB: 896, highMemory: 0xf6ff_e000, vmallocStart: 0xf77f_e000, vmallocEnd: 0xfeff_e000, pkmapBase: 0xff00_0000, lowmemMB: 879, highmemMB: 16),
    .init(kernel: .v6_1, pae: false, ramMB: 1024, highMemory: 0xf6ff_e000, vmallocStart: 0xf77f_e000, vmallocEnd: 0xfeff_e000, pkmapBase: 0xff00_0000, lowmemMB: 879, highmemMB: 144),
    // 6.1 PAE
    .init(kernel: .v6_1, pae: true, ramMB: 64, highMemory: 0xc400_0000, vmallocStart: 0xc480_0000, vmallocEnd: 0xff5f_e000, pkmapBase: 0xff60_0000, lowmemMB: 64, highmemMB: 0),
    .init(kernel: .v6_1, pae: true, ramMB: 512, highMemory: 0xe000_0000, vmallocStart: 0xe080_0000, vmallocEnd: 0xff5f_e000, pkmapBase: 0xff60_0000, lowmemMB: 512, highmemMB: 0),
    .init(kernel: .v6_1, pae: true, ramMB: 896, highMemory: 0xf75f_e000, vmallocStart: 0xf7df_e000, vmallocEnd: 0xff5f_e000, pkmapBase: 0xff60_0000, lowmemMB: 885, highmemMB: 10),
    .init(kernel: .v6_1, pae: true, ramMB: 2048, highMemory: 0xf75f_e000, vmallocStart: 0xf7df_e000, vmallocEnd: 0xff5f_e000, pkmapBase: 0xff60_0000, lowmemMB: 885, highmemMB: 1162),
    // 6.12 has the 6.1 layout
    .init(kernel: .v6_12, pae: true, ramMB: 2048, highMemory: 0xf75f_e000, vmallocStart: 0xf7df_e000, vmallocEnd: 0xff5f_e000, pkmapBase: 0xff60_0000, lowmemMB: 885, highmemMB: 1162),
]

@Suite struct LayoutX86_32Tests {
    // MARK: Spot checks against kernel-facts.md §1.4/§1.5 (NR_CPUS=8, no PARAVIRT).

    @Test(arguments: tableRows)
    func matchesComputedTable(row: X86TableRow) throws {
        let l = try x86(row.kernel, pae: row.pae, ramMB: row.ramMB)
        #expect(hexValue(l.highMemory) == hexValue(row.highMemory))
        #expect(hexValue(l.vmallocStart) == hexValue(row.vmallocStart))
        #expect(hexValue(l.vmallocEnd) == hexValue(row.vmallocEnd))
        #expect(l.pkmapBase.map(hexValue) == hexValue(row.pkmapBase))
        // The table's MB columns are the kernel's "%ldMB LOWMEM/HIGHMEM available." notices.
        #expect(l.messages.map(\.text) == ["\(row.highmemMB)MB HIGHMEM available.", "\(row.lowmemMB)MB LOWMEM available."])
        #expect(l.messages.allSatisfy { $0.level == "KERN_NOTICE" })
    }

    @Test func fixmapHeadersOfTheTables() throws {
        let v34 = try x86(.v3_4, pae: false, ramMB: 1024)
        #expect(v34.fixmapPermanentSlots == 232 && v34.fixmapTotalSlots == 489)
        #expect(v34.fixaddrStart == 0xfff1_7000 && v34.fixaddrBootStart == 0xffe1_6000)
        #expect(v34.maxmem == 0x377f_e000)
        let v34pae = try x86(.v3_4, pae: true, ramMB: 1024)
        #expect(v34pae.fixmapTotalSlots == 489 && v34pae.fixaddrBootStart == 0xffe1_6000 && v34pae.maxmem == 0x37bf_e000)

        let v61 = try x86(.v6_1, pae: false, ramMB: 1024)
        #expect(v61.fixmapPermanentSlots == 197 && v61.fixmapTotalSlots == 710)
        #expect(v61.fixaddrStart == 0xfff3_a000 && v61.fixaddrBootStart == 0xffd3_9000)
        #expect(v61.cpuEntryAreaBase == 0xff80_0000 && v61.ldtBase == 0xff40_0000 && v61.pkmapBase == 0xff00_0000)
        #expect(v61.maxmem == 0x36ff_e000)
        let v61pae = try x86(.v6_1, pae: true, ramMB: 1024)
        #expect(v61pae.fixmapTotalSlots == 1025 && v61pae.fixaddrBootStart == 0xffbf_e000)
        #expect(v61pae.cpuEntryAreaBase == 0xffa0_0000 && v61pae.ldtBase == 0xff80_0000 && v61pae.pkmapBase == 0xff60_0000)
        #expect(v61pae.maxmem == 0x375f_e000)
        // PARAVIRT_XXL cannot be set on i386 in 6.x (XEN_PV depends on X86_64): no extra slot.
        let v61pv = try x86(.v6_1, pae: false, ramMB: 1024, paravirt: true)
        #expect(v61pv.fixmapPermanentSlots == 197)
    }

    // MARK: Real boot logs (kernel-facts.md §1.4; and 2.6 logs).

    @Test func distroPAEKernelBootLog() throws {
        // NR_CPUS=32 + PARAVIRT: 713 permanent fixmap slots.
        let l = try x86(.v3_4, pae: true, ramMB: 2048, nrCpus: 32, paravirt: true)
        #expect(l.fixmapPermanentSlots == 713)
        let log = try #require(l.bootLog())
        let lines = log.split(separator: "\n").map(String.init)
        #expect(lines.contains("    fixmap  : 0xffd36000 - 0xfffff000   (2852 kB)"))
        #expect(lines.contains("    pkmap   : 0xffa00000 - 0xffc00000   (2048 kB)"))
        #expect(lines.contains("    vmalloc : 0xf81fe000 - 0xff9fe000   ( 120 MB)"))
        #expect(lines.contains("    lowmem  : 0xc0000000 - 0xf79fe000   ( 889 MB)"))
    }

    @Test func distroNonPAEKernelWithVmalloc256M() throws {
        let l = try x86(.v3_4, pae: false, ramMB: 2048, nrCpus: 32, vmalloc: 256 * MiB, paravirt: true)
        let lines = try #require(l.bootLog()).split(separator: "\n").map(String.init)
        #expect(lines.contains("    fixmap  : 0xffd36000 - 0xfffff000   (2852 kB)"))
        #expect(lines.contains("    pkmap   : 0xff800000 - 0xffc00000   (4096 kB)"))
        #expect(lines.contains("    vmalloc : 0xef7fe000 - 0xff7fe000   ( 256 MB)"))
        #expect(lines.contains("    lowmem  : 0xc0000000 - 0xeeffe000   ( 751 MB)"))
        #expect(l.vmallocReserve == 264 * MiB)
    }

    @Test func qemuGuestWithFirmwareReservedTop() throws {
        // 128 MB guest whose BIOS keeps the top 128 KiB: "lowmem : 0xc0000000 - 0xc7fe0000 (127 MB)".
        let l = try x86(.v3_4, pae: false, ramMB: 128, reserved: 128 << 10)
        let lines = try #require(l.bootLog()).split(separator: "\n").map(String.init)
        #expect(lines.contains("    lowmem  : 0xc0000000 - 0xc7fe0000   ( 127 MB)"))
        #expect(l.vmallocStart == 0xc87e_0000)
        #expect(l.maxPfn == 0x7fe0)
    }

    @Test func late26LogsMatchThe34Formulas() throws {
        // 2.6.3x distro logs ("fixmap 904/932 kB" depends on their config, so not compared):
        // pkmap 0xff800000-0xffc00000, vmalloc 0xf7ffe000-0xff7fe000 (120 MB), lowmem 887 MB.
        let lines = try #require(try x86(.v3_4, pae: false, ramMB: 2048).bootLog()).split(separator: "\n").map(String.init)
        #expect(lines.contains("    pkmap   : 0xff800000 - 0xffc00000   (4096 kB)"))
        #expect(lines.contains("    vmalloc : 0xf7ffe000 - 0xff7fe000   ( 120 MB)"))
        #expect(lines.contains("    lowmem  : 0xc0000000 - 0xf77fe000   ( 887 MB)"))
    }

    @Test func early26LogsHave896MBAndRoundedVmallocStart() throws {
        // asm-i386 era: MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE, VMALLOC_START rounded to 8 MB.
        let l = try x86(.v2_6, pae: false, ramMB: 1024)
        let lines = try #require(l.bootLog()).split(separator: "\n").map(String.init)
        #expect(lines.contains("    pkmap   : 0xff800000 - 0xffc00000   (4096 kB)"))
        #expect(lines.contains("    vmalloc : 0xf8800000 - 0xff7fe000   ( 111 MB)"))
        #expect(lines.contains("    lowmem  : 0xc0000000 - 0xf8000000   ( 896 MB)"))
        #expect(l.maxmem == 896 * MiB)
        // Rounding shows when high_memory is not on an 8 MB boundary: 121 MB → 0xc7900000.
        let small = try x86(.v2_6, pae: false, ramMB: 121)
        #expect(small.highMemory == 0xc790_0000 && small.vmallocStart == 0xc880_0000)
    }

    // MARK: Without CONFIG_HIGHMEM.

    @Test func noHighmemDiscardsWithTheKernelsWarning() throws {
        // No pkmap: VMALLOC_END = FIXADDR_START - 2 pages = 0xfff15000, so MAXMEM is 895 MB.
        let l = try x86(.v3_4, pae: false, ramMB: 2048, highmem: false)
        #expect(l.messages == [
            KernelMessage(level: "KERN_WARNING", text: "Warning only 895MB will be used."),
            KernelMessage(level: "KERN_WARNING", text: "Use a HIGHMEM enabled kernel."),
            KernelMessage(level: "KERN_NOTICE", text: "895MB LOWMEM available."),
        ])
        #expect(l.maxmem == 0x37f1_5000)
        #expect(l.highmemBytes == 0 && l.pkmapBase == nil && l.pkmapEnd == nil)
        #expect(l.discardedBytes == 2048 * MiB - 0x37f1_5000)
        #expect(l.vmallocEnd == l.fixaddrStart - 2 * page)
        #expect(!l.zones.contains { $0.name == "HighMem" })
        let log = try #require(l.bootLog())
        #expect(log.hasPrefix("Warning only 895MB will be used.\nUse a HIGHMEM enabled kernel.\n895MB LOWMEM available.\nvirtual kernel memory layout:\n"))
        #expect(!log.contains("pkmap"))

        let pae = try x86(.v6_1, pae: true, ramMB: 8192, highmem: false)
        // No pkmap PMD without HIGHMEM: VMALLOC_END = LDT_BASE_ADDR - 2 pages = 0xff7fe000.
        #expect(pae.messages.map(\.text).prefix(2) == ["Warning only 887MB will be used.", "Use a HIGHMEM64G enabled kernel."])
        #expect(pae.vmallocEnd == (pae.ldtBase ?? 0) - 2 * page)
    }

    // MARK: The defining relations across the space.

    static let sweepCases: [(KernelVersion, Bool, Bool)] = KernelVersion.allCases.flatMap { k in
        [(k, false, true), (k, true, true), (k, false, false), (k, true, false)]
    }

    @Test(arguments: sweepCases)
    func definingRelationsHoldEverywhere(kernel: KernelVersion, pae: Bool, highmem: Bool) {
        var ramSizes: [UInt64] = Array(stride(from: 17 * MiB, through: GiB, by: Int(MiB)))
        ramSizes += Array(stride(from: GiB + 64 * MiB, through: 4 * GiB, by: Int(64 * MiB)))
        if pae { ramSizes += Array(stride(from: 5 * GiB, through: 64 * GiB, by: Int(GiB))) }
        let vmallocParams: [UInt64?] = [nil, 32 * MiB, 128 * MiB, 256 * MiB, 512 * MiB]
        var recorder = LayoutInvariants.Recorder()
        var computed = 0
        for nrCpus in [1, 2, 8, 32, 64] {
            for vmalloc in vmallocParams {
                for (i, ram) in ramSizes.enumerated() {
                    let reserved: UInt64 = i % 3 == 1 ? 128 << 10 : 0
                    let config = MachineConfig(arch: pae ? .x86_32_pae : .x86_32, kernel: kernel, ramBytes: ram,
                                               reservedTopBytes: reserved, nrCpus: nrCpus, highmem: highmem,
                                               vmallocParam: vmalloc, paravirt: nrCpus == 32)
                    let context = "\(kernel.rawValue) pae=\(pae) highmem=\(highmem) cpus=\(nrCpus) vmalloc=\(vmalloc.map { "\($0 >> 20)M" } ?? "-") ram=\(ram) reserved=\(reserved)"
                    guard let layout = try? AddressSpaceLayout.compute(config) else {
                        recorder.check(["compute threw"], context)
                        continue
                    }
                    computed += 1
                    recorder.check(LayoutInvariants.commonProblems(layout) + x86Problems(layout), context)
                }
            }
        }
        #expect(recorder.failures == 0)
        #expect(computed > 20_000)
    }

    /// The x86-32 relations of kernel-facts.md §1.1-§1.3, checked on one layout.
    private func x86Problems(_ l: AddressSpaceLayout) -> [String] {
        var p: [String] = []
        let c = l.config
        let pae = c.arch == .x86_32_pae
        let pmd: UInt64 = pae ? 2 * MiB : 4 * MiB
        let modern = c.kernel >= .v6_1
        let pageOffset: UInt64 = 0xC000_0000
        let reserve = c.vmallocParam.map { c.kernel == .v2_6 ? $0 : $0 + 8 * MiB } ?? 128 * MiB  // 2.6.18: no + VMALLOC_OFFSET
        let nr = UInt64(c.effectiveNrCpus)

        // MAXMEM and high_memory.
        let maxmem = c.kernel == .v2_6 ? (1 << 32) - pageOffset - reserve : l.vmallocEnd - pageOffset - reserve
        if l.maxmem != maxmem { p.append("MAXMEM \(l.maxmem.map(hexValue) ?? "nil") != \(hexValue(maxmem))") }
        if l.vmallocReserve != reserve { p.append("__VMALLOC_RESERVE") }
        // The top of RAM in the e820 map (the PC map moves RAM beyond 3.5 GiB above 4 GiB).
        let ramTop = (E820.ramPfns(l.e820, trimBios: c.kernel >= .v3_4).last?.end ?? 0) << 12
        let archTop: UInt64 = c.arch == .x86_32_pae ? 64 * GiB : 4 * GiB
        if l.highMemory != pageOffset + min(ramTop, maxmem) { p.append("high_memory \(hexValue(l.highMemory))") }
        if l.pageOffset != pageOffset { p.append("PAGE_OFFSET") }
        if l.lowmemBytes != l.highMemory - pageOffset { p.append("lowmem != high_memory - PAGE_OFFSET") }
        if l.lowmemBytes + l.highmemBytes != l.maxPfn << 12 { p.append("RAM split") }
        if !c.highmem && l.highmemBytes != 0 { p.append("highmem without CONFIG_HIGHMEM") }
        if c.highmem && l.maxPfn << 12 != min(ramTop, archTop) { p.append("HIGHMEM kernel discarded RAM") }

        // VMALLOC_START.
        if c.kernel == .v2_6 {
            let rounded = (l.highMemory + 16 * MiB - 1) & ~(8 * MiB - 1)
            if l.vmallocStart != rounded || l.vmallocStart % (8 * MiB) != 0 { p.append("2.6 VMALLOC_START rounding") }
        } else if l.vmallocStart != l.highMemory + 8 * MiB {
            p.append("VMALLOC_START != high_memory + 8 MiB")
        }
        // With lowmem capped, vmalloc gets exactly what was asked for (3.4/6.1).
        if c.kernel != .v2_6 && l.lowmemBytes == maxmem && l.vmallocSize != reserve - 8 * MiB {
            p.append("capped lowmem but vmalloc is \(l.vmallocSize)")
        }
        if l.modulesStart != l.vmallocStart || l.modulesEnd != l.vmallocEnd { p.append("modules != vmalloc") }

        // What sits above vmalloc.
        if c.highmem {
            guard let base = l.pkmapBase, let end = l.pkmapEnd else { return p + ["no pkmap with HIGHMEM"] }
            if l.vmallocEnd != base - 2 * page { p.append("VMALLOC_END != PKMAP_BASE - 2 pages") }
            if base % pmd != 0 || end - base != pmd { p.append("pkmap is not one page table") }
            if end > l.fixaddrStart || l.vmallocEnd > base { p.append("mem_init() BUG_ON") }
            if modern, l.ldtBase != end { p.append("LDT does not follow pkmap") }
        } else {
            if l.pkmapBase != nil { p.append("pkmap without HIGHMEM") }
            let above = modern ? (l.ldtBase ?? 0) : l.fixaddrStart
            if l.vmallocEnd != above - 2 * page { p.append("!HIGHMEM VMALLOC_END") }
        }

        // Fixmap: FIXADDR_TOP, slot counts, btmap placement.
        if l.fixaddrTop != 0xffff_f000 { p.append("FIXADDR_TOP") }
        guard let permanent = l.fixmapPermanentSlots.map(UInt64.init), let total = l.fixmapTotalSlots.map(UInt64.init),
              let bootStart = l.fixaddrBootStart else { return p + ["fixmap slots missing"] }
        // 3 + 1 + 64 + 16·NR_CPUS + 1 (6.x); 4 + 1 + 64 + 20·NR_CPUS + 1 + [PARAVIRT] + 2 (3.x).
        // 2.6.18: 2 + 1 + 64 + 13·NR_CPUS + 4 (ACPI) + 1, then 16 btmaps and FIX_WP_TEST (Release26.swift).
        let expectedPermanent = modern ? 69 + 16 * nr : c.kernel == .v2_6 ? 72 + 13 * nr : 72 + 20 * nr + (c.paravirt ? 1 : 0)
        if permanent != expectedPermanent { p.append("permanent fixmap slots \(permanent) != \(expectedPermanent)") }
        if l.fixaddrStart != 0xffff_f000 - permanent * page || bootStart != 0xffff_f000 - total * page { p.append("fixmap addresses") }
        if c.kernel == .v2_6 {
            if total != permanent + 17 { p.append("2.6.18 boot fixmap slots") }
        } else {
        let btmaps: UInt64 = modern ? 512 : 256
        let ptrsPerPte: UInt64 = pae ? 512 : 1024
        let btmapEnd = total - 1 - btmaps  // slots: ..., btmaps, FIX_WP_TEST
        if btmapEnd < permanent || btmapEnd - permanent >= btmaps { p.append("btmaps misplaced") }
        if (btmapEnd ^ (btmapEnd + btmaps - 1)) & ~(ptrsPerPte - 1) != 0 { p.append("btmaps straddle a page table") }
        }

        // PKMAP_BASE / CPU entry area: the highest PMD-aligned place that fits below the boot fixmap.
        if modern {
            guard let cea = l.cpuEntryAreaBase, let ldt = l.ldtBase else { return p + ["no CPU entry area in 6.x"] }
            let ceaBytes = (43 * nr + 1) * page
            if cea % pmd != 0 || cea + ceaBytes > bootStart || cea + pmd + ceaBytes <= bootStart { p.append("CPU_ENTRY_AREA_BASE") }
            if ldt != cea - pmd { p.append("LDT_BASE_ADDR") }
            // CPU_ENTRY_AREA_MAP_SIZE: the read-only IDT page, then 43 pages per CPU.
            let ceaRegion = l.regions.first { $0.name == "cpu-entry-area" }
            if ceaRegion?.start != cea || ceaRegion?.size != ceaBytes { p.append("cpu-entry-area region") }
            if l.regions.first(where: { $0.name == "ldt" })?.size != pmd { p.append("ldt region is not one PMD") }
        } else {
            if l.cpuEntryAreaBase != nil || l.ldtBase != nil { p.append("CPU entry area before 6.x") }
            if c.highmem, let end = l.pkmapEnd, end + page > bootStart || end + pmd + page <= bootStart { p.append("PKMAP_BASE placement") }
        }

        // Zones and notices.
        let names = l.zones.map(\.name)
        if names != (c.highmem ? ["DMA", "Normal", "HighMem"] : ["DMA", "Normal"]) { p.append("zone names \(names)") }
        if l.zones.first?.endPfn != 4096 { p.append("ZONE_DMA is not 16 MiB") }
        if l.zones[1].endPfn != l.maxLowPfn { p.append("ZONE_NORMAL does not end at max_low_pfn") }
        if !l.messages.contains(KernelMessage(level: "KERN_NOTICE", text: "\(l.maxLowPfn >> 8)MB LOWMEM available.")) { p.append("LOWMEM notice") }

        // Regions in the kernel's order; lowmem ends exactly at high_memory.
        let kinds = l.regions.map(\.name).filter { $0 != "hole" }
        var expected = ["user", "lowmem", "vmalloc-hole", "vmalloc", "vmalloc-guard"]
        if c.highmem { expected.append("pkmap") }
        if modern { expected += ["ldt", "cpu-entry-area"] }
        if c.highmem || modern { expected.append("fixmap-boot") }
        expected.append("fixmap")
        if kinds != expected { p.append("regions \(kinds)") }
        if l.region(containing: l.highMemory - 1)?.name != "lowmem" || l.region(containing: l.highMemory)?.name != "vmalloc-hole" {
            p.append("lowmem region does not end at high_memory")
        }
        if l.region(containing: 0xBFFF_FFFF)?.name != "user" { p.append("user space") }

        // Boot log: printed by 2.6/3.4 only.
        if let log = l.bootLog() {
            if modern { p.append("6.x printed a layout") }
            let lowmemLine = "    lowmem  : 0xc0000000 - \(hexAddress(l.highMemory, digits: 8))   ("
            if !log.contains(lowmemLine) { p.append("boot log lowmem line") }
        } else if !modern {
            p.append("no boot log for \(c.kernel.rawValue)")
        }
        return p
    }

    // MARK: Configurations the kernel refuses.

    @Test func ramTooSmall() {
        for ram: UInt64 in [0, 8 * MiB, 16 * MiB - page] {
            for arch in [Arch.x86_32, .x86_32_pae] {
                #expect(throws: LayoutError.ramTooSmall(minimum: 16 * MiB)) {
                    try AddressSpaceLayout.compute(MachineConfig(arch: arch, kernel: .v3_4, ramBytes: ram))
                }
            }
        }
        // What the firmware keeps counts against the minimum.
        #expect(throws: LayoutError.ramTooSmall(minimum: 16 * MiB)) {
            try AddressSpaceLayout.compute(MachineConfig(arch: .x86_32, kernel: .v6_1, ramBytes: 16 * MiB, reservedTopBytes: 128 << 10))
        }
        // The minimum counts RAM the kernel gets: page 0 and 640 KiB-1 MiB are not RAM on a PC
        // (3.4 on), so 16 MiB installed is too little and 17 MiB enough; 2.6.18 used page 0.
        #expect((try? x86(.v3_4, pae: false, ramMB: 16)) == nil)
        #expect((try? x86(.v3_4, pae: false, ramMB: 17)) != nil)
    }

    /// More RAM than the page tables address is trimmed, not refused: 3.4 on clip max_pfn at
    /// MAX_ARCH_PFN in e820_end_pfn() and say so; 2.6.18 (no clip there) warned in
    /// find_max_low_pfn(). The PC map puts RAM beyond 3 GiB above 4 GiB, so a non-PAE kernel
    /// with 5 GiB keeps 4 GiB of address space (3 GiB of RAM).
    @Test func ramAboveWhatTheArchAddressesIsTrimmed() throws {
        let five = try x86(.v3_4, pae: false, ramMB: 5 * 1024)
        #expect(five.maxPfn == 1 << 20 && five.discardedBytes == 2 * GiB)
        #expect(five.messages.first?.text == "last_pfn = 0x100000 max_arch_pfn = 0x100000")
        let old = try x86(.v2_6, pae: false, ramMB: 5 * 1024)
        #expect(old.maxPfn == 1 << 20)
        #expect(old.messages.map(\.text).prefix(2) == ["Warning only 4GB will be used.", "Use a PAE enabled kernel."])
        let big = try x86(.v6_1, pae: true, ramMB: 65 * 1024)
        #expect(big.maxPfn == 16 << 20 && big.messages.first?.text == "last_pfn = 0x1000000 max_arch_pfn = 0x1000000")
        // Below the clip nothing is said: 4 GiB on the PC map ends at 5 GiB (PAE keeps it all).
        let pae4 = try x86(.v6_1, pae: true, ramMB: 4 * 1024)
        #expect(pae4.maxPfn == 0x140000 && !pae4.messages.contains { $0.text.hasPrefix("last_pfn") })
    }

    @Test func vmallocTooSmallTripsTheKernelsBugOn() throws {
        // vmalloc=0: __VMALLOC_RESERVE = 8 MiB, so with lowmem capped VMALLOC_START == VMALLOC_END.
        #expect(throws: LayoutError.self) { try x86(.v3_4, pae: false, ramMB: 1024, vmalloc: 0) }
        // The same parameter is harmless while all RAM fits well below MAXMEM.
        let small = try x86(.v3_4, pae: false, ramMB: 64, vmalloc: 0)
        #expect(small.vmallocStart == 0xc480_0000)
    }

    @Test func vmallocTooLargeLeavesNoBootableLowmem() {
        // MAXMEM = 1016 MiB - 1008 MiB: lowmem would end below the kernel's 16 MiB load address.
        #expect(throws: LayoutError.self) { try x86(.v3_4, pae: false, ramMB: 1024, vmalloc: 1000 * MiB) }
    }

    @Test func nrCpusOutOfRange() {
        #expect(throws: LayoutError.self) { try x86(.v3_4, pae: false, ramMB: 512, nrCpus: 0) }
        #expect(throws: LayoutError.self) { try x86(.v6_1, pae: false, ramMB: 512, nrCpus: 100_000) }
    }
}
