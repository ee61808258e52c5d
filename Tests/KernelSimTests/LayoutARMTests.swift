import Testing
@testable import KernelSim

private let MiB: UInt64 = 1 << 20
private let GiB: UInt64 = 1 << 30

private func arm(_ kernel: KernelVersion = .v3_4, ramMB: UInt64, vmalloc: UInt64? = nil, highmem: Bool = true) throws -> AddressSpaceLayout {
    try AddressSpaceLayout.compute(MachineConfig(arch: .arm32, kernel: kernel, ramBytes: ramMB * MiB,
                                                 highmem: highmem, vmallocParam: vmalloc))
}

/// One row of kernel-facts.md §2.5 (3.4, one bank, HIGHMEM).
struct ARMTableRow: Sendable, CustomTestStringConvertible {
    let ramMB: UInt64
    let vmallocParamMB: UInt64?
    let vmallocMin: UInt64
    let lowmemMB: UInt64
    let highMemory: UInt64
    let vmallocStart: UInt64
    let vmallocAreaMB: UInt64
    let highmemMB: UInt64
    let warning: String?
    var testDescription: String { "\(ramMB) MB vmalloc=\(vmallocParamMB.map { "\($0)M" } ?? "default")" }
}

private let armRows: [ARMTableRow] = [
    .init(ramMB: 256, vmallocParamMB: nil, vmallocMin: 0xef80_0000, lowmemMB: 256, highMemory: 0xd000_0000, vmallocStart: 0xd080_0000, vmallocAreaMB: 744, highmemMB: 0, warning: nil),
    .init(ramMB: 512, vmallocParamMB: nil, vmallocMin: 0xef80_0000, lowmemMB: 512, highMemory: 0xe000_0000, vmallocStart: 0xe080_0000, vmallocAreaMB: 488, highmemMB: 0, warning: nil),
    .init(ramMB: 121, vmallocParamMB: nil, vmallocMin: 0xef80_0000, lowmemMB: 121, highMemory: 0xc790_0000, vmallocStart: 0xc800_0000, vmallocAreaMB: 880, highmemMB: 0, warning: nil),
    .init(ramMB: 1024, vmallocParamMB: nil, vmallocMin: 0xef80_0000, lowmemMB: 760, highMemory: 0xef80_0000, vmallocStart: 0xf000_0000, vmallocAreaMB: 240, highmemMB: 264, warning: nil),
    .init(ramMB: 2048, vmallocParamMB: nil, vmallocMin: 0xef80_0000, lowmemMB: 760, highMemory: 0xef80_0000, vmallocStart: 0xf000_0000, vmallocAreaMB: 240, highmemMB: 1288, warning: nil),
    .init(ramMB: 1024, vmallocParamMB: 200, vmallocMin: 0xf280_0000, lowmemMB: 808, highMemory: 0xf280_0000, vmallocStart: 0xf300_0000, vmallocAreaMB: 192, highmemMB: 216, warning: nil),
    .init(ramMB: 808, vmallocParamMB: 200, vmallocMin: 0xf280_0000, lowmemMB: 808, highMemory: 0xf280_0000, vmallocStart: 0xf300_0000, vmallocAreaMB: 192, highmemMB: 0, warning: nil),
    .init(ramMB: 800, vmallocParamMB: 200, vmallocMin: 0xf280_0000, lowmemMB: 800, highMemory: 0xf200_0000, vmallocStart: 0xf280_0000, vmallocAreaMB: 200, highmemMB: 0, warning: nil),
    .init(ramMB: 1024, vmallocParamMB: 8, vmallocMin: 0xfe00_0000, lowmemMB: 992, highMemory: 0xfe00_0000, vmallocStart: 0xfe80_0000, vmallocAreaMB: 8, highmemMB: 32, warning: "vmalloc area too small, limiting to 16MB"),
    .init(ramMB: 1024, vmallocParamMB: 2000, vmallocMin: 0xc200_0000, lowmemMB: 32, highMemory: 0xc200_0000, vmallocStart: 0xc280_0000, vmallocAreaMB: 968, highmemMB: 992, warning: "vmalloc area is too big, limiting to 976MB"),
]

@Suite struct LayoutARMTests {
    // MARK: The acceptance check and kernel-facts.md §2.4/§2.5.

    @Test func acceptanceVmalloc200M() throws {
        let l = try arm(ramMB: 1024, vmalloc: 200 * MiB)
        let lines = try #require(l.bootLog()).split(separator: "\n").map(String.init)
        #expect(lines.contains("    vmalloc : 0xf3000000 - 0xff000000   ( 192 MB)"))
        #expect(lines.contains("    lowmem  : 0xc0000000 - 0xf2800000   ( 808 MB)"))
        #expect(l.messages.isEmpty)
    }

    @Test(arguments: armRows)
    func matchesComputedTable(row: ARMTableRow) throws {
        let l = try arm(ramMB: row.ramMB, vmalloc: row.vmallocParamMB.map { $0 * MiB })
        #expect(l.vmallocMin.map(hexValue) == hexValue(row.vmallocMin))
        #expect(l.lowmemBytes == row.lowmemMB * MiB)
        #expect(hexValue(l.highMemory) == hexValue(row.highMemory))
        #expect(hexValue(l.vmallocStart) == hexValue(row.vmallocStart))
        #expect(l.vmallocEnd == 0xff00_0000)
        #expect(l.vmallocSize == row.vmallocAreaMB * MiB)
        #expect(l.highmemBytes == row.highmemMB * MiB)
        #expect(l.messages == row.warning.map { [KernelMessage(level: "KERN_WARNING", text: $0)] } ?? [])
        let lines = try #require(l.bootLog()).split(separator: "\n").map(String.init)
        // Fixed lines in every case.
        #expect(lines.contains("    vector  : 0xffff0000 - 0xffff1000   (   4 kB)"))
        #expect(lines.contains("    fixmap  : 0xfff00000 - 0xfffe0000   ( 896 kB)"))
        #expect(lines.contains("    pkmap   : 0xbfe00000 - 0xc0000000   (   2 MB)"))
        #expect(lines.contains("    modules : 0xbf000000 - 0xbfe00000   (  14 MB)"))
        if let warning = row.warning { #expect(lines.first == warning) }
    }

    @Test func clampWarningsPrecedeTheLayoutBlock() throws {
        let log = try #require(try arm(ramMB: 1024, vmalloc: 2000 * MiB).bootLog())
        #expect(log == """
            vmalloc area is too big, limiting to 976MB
            Virtual kernel memory layout:
                vector  : 0xffff0000 - 0xffff1000   (   4 kB)
                fixmap  : 0xfff00000 - 0xfffe0000   ( 896 kB)
                vmalloc : 0xc2800000 - 0xff000000   ( 968 MB)
                lowmem  : 0xc0000000 - 0xc2000000   (  32 MB)
                pkmap   : 0xbfe00000 - 0xc0000000   (   2 MB)
                modules : 0xbf000000 - 0xbfe00000   (  14 MB)
            """)
    }

    @Test func vmallocParameterIsAnUnsignedLong() throws {
        // memparse() returns 64 bits but early_vmalloc() keeps an unsigned long: 4G wraps to 0,
        // which the lower clamp raises to 16 MB.
        let l = try arm(ramMB: 1024, vmalloc: 4 * GiB)
        #expect(l.messages.map(\.text) == ["vmalloc area too small, limiting to 16MB"])
        #expect(l.vmallocMin == 0xfe00_0000)
    }

    @Test func withoutHighmemTheBankIsTruncated() throws {
        let l = try arm(ramMB: 1024, vmalloc: 200 * MiB, highmem: false)
        #expect(l.messages == [KernelMessage(level: "KERN_NOTICE", text: "Truncating RAM at 80000000-bfffffff to -b27fffff (vmalloc region overlap).")])
        #expect(l.highmemBytes == 0 && l.discardedBytes == 216 * MiB && l.lowmemBytes == 808 * MiB)
        #expect(l.pkmapBase == nil && l.modulesEnd == 0xc000_0000)
        let lines = try #require(l.bootLog()).split(separator: "\n").map(String.init)
        #expect(lines.contains("    modules : 0xbf000000 - 0xc0000000   (  16 MB)"))
        #expect(!lines.contains { $0.contains("pkmap") })
        #expect(!l.zones.contains { $0.name == "HighMem" })
    }

    @Test func phys_offsetOnlyShowsInPhysicalAddresses() throws {
        let l = try arm(ramMB: 512)
        #expect(l.physOffset == 0x8000_0000)
        #expect(l.zones == [Zone(name: "Normal", startPfn: 0x80000, endPfn: 0xA0000), Zone(name: "HighMem", startPfn: 0xA0000, endPfn: 0xA0000)])
    }

    /// 2.6.18 ARM set VMALLOC_END per board and had no `vmalloc=`: refused, not faked with 3.4.
    @Test func kernel26IsRefusedOnARM() {
        #expect(throws: LayoutError.self) { try arm(.v2_6, ramMB: 1024, vmalloc: 200 * MiB) }
    }

    // MARK: 6.1 / 6.12: VMALLOC_END 0xff800000, VMALLOC_OFFSET taken separately.

    @Test(arguments: [KernelVersion.v6_1, .v6_12])
    func modernDefaultAndVmalloc200M(kernel: KernelVersion) throws {
        let d = try arm(kernel, ramMB: 1024)
        #expect(d.vmallocEnd == 0xff80_0000 && d.highMemory == 0xf000_0000 && d.vmallocStart == 0xf080_0000)
        #expect(d.vmallocSize == 240 * MiB && d.lowmemBytes == 768 * MiB && d.highmemBytes == 256 * MiB)
        #expect(d.bootLog() == nil)  // ARM stopped printing the layout in 5.1
        let v = try arm(kernel, ramMB: 1024, vmalloc: 200 * MiB)
        #expect(v.highMemory == 0xf280_0000 && v.vmallocStart == 0xf300_0000 && v.vmallocSize == 200 * MiB)
        #expect(v.fixaddrStart == 0xffc8_0000 && v.fixaddrTop == 0xffef_f000)
    }

    @Test func modernMaxLowPfnIsOnThePMDGrid() throws {
        // 121 MB: high_memory at 121 MB, but memblock's limit (max_low_pfn) at 120 MB.
        let l = try arm(.v6_1, ramMB: 121)
        #expect(l.highMemory == 0xc790_0000 && l.vmallocStart == 0xc800_0000)
        #expect(l.zones == [Zone(name: "Normal", startPfn: 0x80000, endPfn: 0x87800), Zone(name: "HighMem", startPfn: 0x87800, endPfn: 0x87900)])
        let noHighmem = try arm(.v6_1, ramMB: 121, highmem: false)
        #expect(noHighmem.lowmemBytes == 120 * MiB && noHighmem.discardedBytes == MiB && noHighmem.messages.isEmpty)
        // 3.4 keeps the bank end.
        #expect(try arm(.v3_4, ramMB: 121).lowmemBytes == 121 * MiB)
    }

    @Test func modernClampMessagesSayMiB() throws {
        #expect(try arm(.v6_1, ramMB: 1024, vmalloc: 8 * MiB).messages.map(\.text) == ["vmalloc area is too small, limiting to 16MiB"])
        let big = try arm(.v6_1, ramMB: 1024, vmalloc: 2000 * MiB)
        #expect(big.messages.map(\.text) == ["vmalloc area is too big, limiting to 976MiB"])
        #expect(big.lowmemBytes == 32 * MiB && big.vmallocSize == 976 * MiB)
    }

    @Test func modernWithoutHighmemIgnoresTheRest() throws {
        let l = try arm(.v6_1, ramMB: 1024, highmem: false)
        #expect(l.messages == [
            KernelMessage(level: "KERN_NOTICE", text: "Ignoring RAM at 0xb0000000-0xc0000000"),
            KernelMessage(level: "KERN_NOTICE", text: "Consider using a HIGHMEM enabled kernel."),
        ])
        #expect(l.lowmemBytes == 768 * MiB && l.discardedBytes == 256 * MiB)
        // A limit off the 2 MB PMD grid: memblock drops RAM from the rounded-down limit on,
        // while high_memory stays at arm_lowmem_limit.
        let odd = try arm(.v6_1, ramMB: 1024, vmalloc: 201 * MiB, highmem: false)
        #expect(odd.highMemory == 0xf270_0000 && odd.lowmemBytes == 806 * MiB && odd.discardedBytes == 218 * MiB)
    }

    // MARK: Relations across the space.

    @Test(arguments: [KernelVersion.v3_4, .v6_1], [true, false])
    func definingRelationsHoldEverywhere(kernel: KernelVersion, highmem: Bool) {
        let params: [UInt64?] = [nil, 0, 8 * MiB, 16 * MiB, 100 * MiB, 200 * MiB, 256 * MiB, 500 * MiB, 976 * MiB, 2000 * MiB]
        var recorder = LayoutInvariants.Recorder()
        var computed = 0
        for vmalloc in params {
            for ram in stride(from: 16 * MiB, through: 2 * GiB, by: Int(MiB)) {
                let config = MachineConfig(arch: .arm32, kernel: kernel, ramBytes: ram, highmem: highmem, vmallocParam: vmalloc)
                let context = "\(kernel.rawValue) highmem=\(highmem) vmalloc=\(vmalloc.map { "\($0 >> 20)M" } ?? "-") ram=\(ram >> 20)M"
                guard let l = try? AddressSpaceLayout.compute(config) else {
                    recorder.check(["compute threw"], context)
                    continue
                }
                computed += 1
                recorder.check(LayoutInvariants.commonProblems(l) + armProblems(l), context)
            }
        }
        #expect(recorder.failures == 0)
        #expect(computed == params.count * 2033)
    }

    private func armProblems(_ l: AddressSpaceLayout) -> [String] {
        var p: [String] = []
        let c = l.config
        let modern = c.kernel >= .v6_1
        let pageOffset: UInt64 = 0xC000_0000
        let vmallocEnd: UInt64 = modern ? 0xff80_0000 : 0xff00_0000
        // early_vmalloc() clamps, then vmalloc_min.
        let requested = c.vmallocParam.map { min(max($0 & 0xffff_ffff, 16 * MiB), 976 * MiB) }
        let vmallocMin = modern ? vmallocEnd - (requested ?? 240 * MiB) - 8 * MiB
                                : vmallocEnd - (requested ?? 248 * MiB)
        if l.vmallocMin != vmallocMin { p.append("vmalloc_min") }
        let lowmem = min(c.usableRamBytes, vmallocMin - pageOffset)
        if l.highMemory != pageOffset + lowmem { p.append("high_memory") }
        if l.vmallocStart != (l.highMemory + 8 * MiB) & ~(8 * MiB - 1) { p.append("VMALLOC_START rounding") }
        if l.vmallocStart - l.highMemory == 0 || l.vmallocStart - l.highMemory > 8 * MiB { p.append("vmalloc hole size") }
        if l.vmallocEnd != vmallocEnd { p.append("VMALLOC_END") }
        // max_low_pfn: 6.1 rounds memblock's limit down to a 2 MB PMD.
        let lowmemPages = modern ? lowmem & ~(2 * MiB - 1) : lowmem
        if l.lowmemBytes != lowmemPages { p.append("lowmem \(l.lowmemBytes)") }
        if c.highmem && l.highmemBytes != c.usableRamBytes - lowmemPages { p.append("highmem") }
        if !c.highmem && l.highmemBytes != 0 { p.append("highmem without CONFIG_HIGHMEM") }
        // With lowmem capped and an 8 MB-multiple request, vmalloc is vmalloc= (6.1) or
        // vmalloc= - 8 MB (3.4); the default is 240 MB. Other sizes gain from the rounding.
        if lowmem < c.usableRamBytes {
            if l.vmallocStart != (vmallocMin + 8 * MiB) & ~(8 * MiB - 1) { p.append("capped VMALLOC_START") }
            if (requested ?? 0) % (8 * MiB) == 0 {
                let expected = modern ? (requested ?? 240 * MiB) : (requested.map { $0 - 8 * MiB } ?? 240 * MiB)
                if l.vmallocSize != expected { p.append("capped vmalloc size \(l.vmallocSize >> 20) MB") }
            }
        }
        // Fixed areas below PAGE_OFFSET.
        if l.modulesStart != 0xbf00_0000 || l.modulesEnd != (c.highmem ? 0xbfe0_0000 : 0xc000_0000) { p.append("modules") }
        if c.highmem && (l.pkmapBase != 0xbfe0_0000 || l.pkmapEnd != pageOffset) { p.append("pkmap") }
        if l.regions.first?.end != 0xbf00_0000 || l.regions.first?.name != "user" { p.append("TASK_SIZE") }
        // Messages: only clamps and the !HIGHMEM notice.
        let clamped = c.vmallocParam.map { ($0 & 0xffff_ffff) < 16 * MiB || ($0 & 0xffff_ffff) > 976 * MiB } ?? false
        let dropped = !c.highmem && lowmem < c.usableRamBytes
        if l.messages.count != (clamped ? 1 : 0) + (dropped ? (modern ? 2 : 1) : 0) { p.append("messages \(l.messages.map(\.text))") }
        if (l.bootLog() == nil) != modern { p.append("boot log presence") }
        return p
    }

    // MARK: Refused configurations.

    @Test func badRam() {
        #expect(throws: LayoutError.ramTooSmall(minimum: 16 * MiB)) { try arm(ramMB: 0) }
        #expect(throws: LayoutError.ramTooSmall(minimum: 16 * MiB)) { try arm(ramMB: 8) }
        // One bank from PHYS_OFFSET 0x80000000 must end inside the 32-bit physical space.
        #expect(throws: LayoutError.ramTooLarge(maximum: 2 * GiB)) { try arm(ramMB: 3 * 1024) }
    }
}
