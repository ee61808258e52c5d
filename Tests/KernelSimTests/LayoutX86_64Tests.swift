import Testing
@testable import KernelSim

private let MiB: UInt64 = 1 << 20
private let GiB: UInt64 = 1 << 30
private let TiB: UInt64 = 1 << 40

private func x64(_ ram: UInt64, kernel: KernelVersion = .v6_1, paravirt: Bool = false, kaslr: Bool = false, la57: Bool = false) throws -> AddressSpaceLayout {
    var c = MachineConfig(arch: .x86_64, kernel: kernel, ramBytes: ram, paravirt: paravirt)
    c.randomizeBase = kaslr
    c.la57 = la57
    return try AddressSpaceLayout.compute(c)
}

@Suite struct LayoutX86_64Tests {
    /// Rows of 6.1:Documentation/x86/x86_64/mm.rst (kernel-facts.md §3) as (start, last, name).
    static let mmRst: [(UInt64, UInt64, String)] = [
        (0x0000_0000_0000_0000, 0x0000_7fff_ffff_ffff, "user"),
        (0x0000_8000_0000_0000, 0xffff_7fff_ffff_ffff, "non-canonical"),
        (0xffff_8000_0000_0000, 0xffff_87ff_ffff_ffff, "guard-hole"),
        (0xffff_8800_0000_0000, 0xffff_887f_ffff_ffff, "ldt"),
        (0xffff_8880_0000_0000, 0xffff_c87f_ffff_ffff, "direct-map"),
        (0xffff_c880_0000_0000, 0xffff_c8ff_ffff_ffff, "hole"),
        (0xffff_c900_0000_0000, 0xffff_e8ff_ffff_ffff, "vmalloc"),
        (0xffff_e900_0000_0000, 0xffff_e9ff_ffff_ffff, "hole"),
        (0xffff_ea00_0000_0000, 0xffff_eaff_ffff_ffff, "vmemmap"),
        (0xffff_eb00_0000_0000, 0xffff_ebff_ffff_ffff, "hole"),
        (0xffff_ec00_0000_0000, 0xffff_fbff_ffff_ffff, "kasan-shadow"),
        (0xffff_fc00_0000_0000, 0xffff_fdff_ffff_ffff, "hole"),
        (0xffff_fe00_0000_0000, 0xffff_fe7f_ffff_ffff, "cpu-entry-area"),
        (0xffff_fe80_0000_0000, 0xffff_feff_ffff_ffff, "hole"),
        (0xffff_ff00_0000_0000, 0xffff_ff7f_ffff_ffff, "espfix"),
        (0xffff_ff80_0000_0000, 0xffff_ffee_ffff_ffff, "hole"),
        (0xffff_ffef_0000_0000, 0xffff_fffe_ffff_ffff, "efi"),
        (0xffff_ffff_0000_0000, 0xffff_ffff_7fff_ffff, "hole"),
        (0xffff_ffff_8000_0000, 0xffff_ffff_9fff_ffff, "kernel-text"),
        (0xffff_ffff_a000_0000, 0xffff_ffff_feff_ffff, "modules"),
        (0xffff_ffff_ff60_0000, 0xffff_ffff_ff60_0fff, "vsyscall"),
    ]

    @Test func regionsMatchTheDocumentedMap() throws {
        let l = try x64(8 * GiB)
        for (start, last, name) in Self.mmRst {
            let region = l.region(containing: start)
            #expect(region?.name == name, "\(hexValue(start))")
            #expect(region?.start == start, "\(name)")
            #expect(region?.last == last, "\(name)")
        }
        #expect(l.regions.last?.name == "hole" && l.regions.last?.end == 0 && l.regions.last?.last == UInt64.max)
        #expect(LayoutInvariants.tilingProblems(l).isEmpty)
    }

    @Test func kernelSymbols() throws {
        let l = try x64(8 * GiB)
        #expect(l.pageOffset == 0xffff_8880_0000_0000)
        #expect(l.vmallocStart == 0xffff_c900_0000_0000)
        #expect(l.vmallocEnd == 0xffff_e900_0000_0000)  // VMALLOC_END 0xffffe8ffffffffff, exclusive
        #expect(l.vmallocSize == 32 * TiB)
        #expect(l.modulesStart == 0xffff_ffff_a000_0000 && l.modulesEnd == 0xffff_ffff_ff00_0000)
        #expect(l.modulesEnd - l.modulesStart == 1520 * MiB)
        #expect(l.modulesStartWithKASLR == 0xffff_ffff_c000_0000)
        #expect(l.cpuEntryAreaBase == 0xffff_fe00_0000_0000 && l.ldtBase == 0xffff_8800_0000_0000)
        #expect(l.pkmapBase == nil && l.pkmapEnd == nil && l.maxmem == nil)
        // FIXADDR_TOP = round_up(VSYSCALL_ADDR + PAGE_SIZE, PMD_SIZE) - PAGE_SIZE; ~0.5 MB of
        // fixmap below the vsyscall page starting near -11 MB.
        #expect(l.fixaddrTop == 0xffff_ffff_ff7f_f000)
        #expect(l.fixaddrStart == 0xffff_ffff_ff57_c000)
        #expect(try x64(8 * GiB, paravirt: true).fixaddrStart == 0xffff_ffff_ff57_b000)
        #expect(l.bootLog() == nil && l.messages.isEmpty)
    }

    /// QEMU's pc machine puts RAM beyond 3 GiB above 4 GiB: 8 GiB of RAM ends at 9 GiB, and the
    /// direct map (and high_memory) spans the PCI hole.
    @Test func allRamIsDirectlyMapped() throws {
        let l = try x64(8 * GiB)
        #expect(l.lowmemBytes == 9 * GiB && l.highmemBytes == 0 && l.discardedBytes == 0)
        #expect(l.highMemory == 0xffff_8880_0000_0000 + 9 * GiB)
        #expect(l.region(containing: l.highMemory - 1)?.name == "direct-map")
        #expect(l.memory == [MemoryRange(startPfn: 1, endPfn: 0x9f), MemoryRange(startPfn: 0x100, endPfn: 0xc0000),
                             MemoryRange(startPfn: 0x100000, endPfn: 0x240000)])
    }

    @Test func zones() throws {
        #expect(try x64(8 * GiB).zones == [
            Zone(name: "DMA", startPfn: 1, endPfn: 4096),
            Zone(name: "DMA32", startPfn: 4096, endPfn: 1 << 20),
            Zone(name: "Normal", startPfn: 1 << 20, endPfn: 0x240000),
        ])
        let small = try x64(2 * GiB).zones
        #expect(small.map(\.pages) == [4095, (2 << 18) - 4096, 0])
    }

    /// CONFIG_RANDOMIZE_BASE (the default, as distributions build): KERNEL_IMAGE_SIZE 1 GiB.
    @Test func kaslrModulesStartAt0xffffffffc0000000() throws {
        var c = MachineConfig(arch: .x86_64, kernel: .v6_1, ramBytes: 2 * GiB)
        #expect(c.randomizeBase)
        let l = try AddressSpaceLayout.compute(c)
        #expect(l.modulesStart == 0xffff_ffff_c000_0000 && l.region(containing: 0xffff_ffff_bfff_ffff)?.name == "kernel-text")
        c.randomizeBase = false
        #expect(try AddressSpaceLayout.compute(c).modulesStart == 0xffff_ffff_a000_0000)
    }

    /// 5-level paging: mm.rst's 5-level table (6.12 Documentation/arch/x86/x86_64/mm.rst).
    @Test func la57Map() throws {
        let l = try x64(4 * GiB, la57: true)
        #expect(l.pageOffset == 0xff11_0000_0000_0000)
        #expect(l.vmallocStart == 0xffa0_0000_0000_0000 && l.vmallocEnd - 1 == 0xffd1_ffff_ffff_ffff)
        #expect(l.region(containing: 0xffd4_0000_0000_0000)?.name == "vmemmap")
        #expect(l.region(containing: 0xffd5_ffff_ffff_ffff)?.name == "vmemmap")
        #expect(l.region(containing: 0xff10_0000_0000_0000)?.name == "ldt")
        #expect(l.region(containing: 0xff90_ffff_ffff_ffff)?.name == "direct-map")
        #expect(l.region(containing: 0x00ff_ffff_ffff_ffff)?.name == "user")
        #expect(l.highMemory == 0xff11_0000_0000_0000 + 5 * GiB)
        #expect(LayoutInvariants.tilingProblems(l).isEmpty)
    }

    @Test func relationsAcrossRamSizes() throws {
        var recorder = LayoutInvariants.Recorder()
        var sizes: [UInt64] = Array(stride(from: 32 * MiB, through: 8 * GiB, by: Int(16 * MiB)))
        sizes += [64 * GiB, TiB, 64 * TiB - GiB]
        for kernel in [KernelVersion.v6_1, .v6_12] {
            for ram in sizes {
                let l = try x64(ram, kernel: kernel)
                var problems = LayoutInvariants.commonProblems(l)
                let top = ram >= E820.pcMaxRamBelow4G ? ram + GiB : ram  // the PCI hole, 3-4 GiB
                if l.highMemory != l.pageOffset + top { problems.append("high_memory") }
                if l.highMemory > 0xffff_c880_0000_0000 { problems.append("RAM beyond the direct map") }
                recorder.check(problems, "\(kernel.rawValue) ram=\(ram)")
            }
        }
        #expect(recorder.failures == 0)
    }

    @Test func refusedConfigurations() {
        #expect(throws: LayoutError.ramTooSmall(minimum: 16 * MiB)) { try x64(0) }
        #expect(throws: LayoutError.ramTooSmall(minimum: 16 * MiB)) { try x64(8 * MiB) }
        #expect(throws: LayoutError.ramTooLarge(maximum: 64 * TiB)) { try x64(64 * TiB + GiB) }
        for kernel in [KernelVersion.v2_6, .v3_4] {
            #expect(throws: LayoutError.self) { try x64(GiB, kernel: kernel) }
        }
    }
}
