import Testing
@testable import KernelSim

private let MiB: UInt64 = 1 << 20

@Suite struct BootLogTests {
    @Test func x86_34DistroPAEBlockInFull() throws {
        let l = try AddressSpaceLayout.compute(MachineConfig(arch: .x86_32_pae, kernel: .v3_4, ramBytes: 2048 * MiB,
                                                             nrCpus: 32, paravirt: true))
        #expect(l.bootLog() == """
            1158MB HIGHMEM available.
            889MB LOWMEM available.
            virtual kernel memory layout:
                fixmap  : 0xffd36000 - 0xfffff000   (2852 kB)
                pkmap   : 0xffa00000 - 0xffc00000   (2048 kB)
                vmalloc : 0xf81fe000 - 0xff9fe000   ( 120 MB)
                lowmem  : 0xc0000000 - 0xf79fe000   ( 889 MB)
            """)
    }

    @Test func armAcceptanceBlockInFull() throws {
        let l = try AddressSpaceLayout.compute(MachineConfig(arch: .arm32, kernel: .v3_4, ramBytes: 1024 * MiB,
                                                             vmallocParam: 200 * MiB))
        #expect(l.bootLog() == """
            Virtual kernel memory layout:
                vector  : 0xffff0000 - 0xffff1000   (   4 kB)
                fixmap  : 0xfff00000 - 0xfffe0000   ( 896 kB)
                vmalloc : 0xf3000000 - 0xff000000   ( 192 MB)
                lowmem  : 0xc0000000 - 0xf2800000   ( 808 MB)
                pkmap   : 0xbfe00000 - 0xc0000000   (   2 MB)
                modules : 0xbf000000 - 0xbfe00000   (  14 MB)
            """)
    }

    @Test(arguments: [
        MachineConfig(arch: .x86_32, kernel: .v6_1, ramBytes: 1024 * MiB),
        MachineConfig(arch: .x86_32_pae, kernel: .v6_12, ramBytes: 1024 * MiB),
        MachineConfig(arch: .arm32, kernel: .v6_1, ramBytes: 1024 * MiB, vmallocParam: 8 * MiB),
        MachineConfig(arch: .x86_64, kernel: .v6_12, ramBytes: 1024 * MiB),
    ])
    func kernelsThatPrintedNoLayout(config: MachineConfig) throws {
        #expect(try AddressSpaceLayout.compute(config).bootLog() == nil)
    }

    @Test func fieldsWidenPastFourDigitsLikePrintf() {
        #expect(layoutLine("fixmap", 0xffd3_6000, 0xffff_f000, shift: 10, unit: "kB") == "    fixmap  : 0xffd36000 - 0xfffff000   (2852 kB)")
        #expect(layoutLine("vmalloc", 0xc280_0000, 0xff00_0000, shift: 20, unit: "MB") == "    vmalloc : 0xc2800000 - 0xff000000   ( 968 MB)")
        #expect(layoutLine("fixmap", 0xff00_0000, 0xffff_f000, shift: 10, unit: "kB") == "    fixmap  : 0xff000000 - 0xfffff000   (16380 kB)")
        #expect(layoutLine("vector", 0xffff_0000, 0xffff_1000, shift: 10, unit: "kB") == "    vector  : 0xffff0000 - 0xffff1000   (   4 kB)")
    }
}
