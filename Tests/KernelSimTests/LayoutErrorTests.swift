import Testing
@testable import KernelSim

/// Why a machine cannot boot is a value, not only English: each case names a reason id that
/// content words in every language (ui.yaml `explorer.reason.<id>`).
@Suite struct LayoutErrorTests {
    static let all: [LayoutError] = [
        .ramTooSmall(minimum: 16 << 20), .ramTooLarge(maximum: 2 << 30),
        .unsupported(.noSlub(.v2_6)), .unsupported(.noSlab(.v6_12)), .unsupported(.armBoardSpecific(.v2_6)),
        .unsupported(.oldX86_64Map(.v3_4)), .unsupported(.nrCpusOutOfRange(0)),
        .unsupported(.fixmapTooLarge(nrCpus: 8192, pages: 99999)), .unsupported(.cpuEntryAreaTooLarge(nrCpus: 8192)),
        .unsupported(.lowmemBelowKernel(lowmem: 8 << 20, maxmem: 0x0080_0000)), .unsupported(.pkmapOverlapsFixmap),
        .unsupported(.noVmallocArea(start: 0xff00_0000, end: 0xfe00_0000)), .unsupported(.highMemoryAboveVmalloc),
        .unsupported(.internalInconsistency("x")),
    ]

    @Test func everyReasonIdIsListed() {
        let ids = Self.all.map(\.reason.id)
        #expect(Set(ids) == Set(Unsupported.reasonIds), "a case without a listed id, or a listed id no case gives")
        #expect(Set(ids).count == ids.count)
        for e in Self.all { #expect(!e.message.isEmpty) }
    }

    @Test func theReasonCarriesTheValuesTheMessageShows() {
        let e = LayoutError.unsupported(.noVmallocArea(start: 0xff00_0000, end: 0xfe00_0000))
        #expect(e.reason.values == ["start": "0xff000000", "end": "0xfe000000"])
        #expect(e.message.contains("0xff000000") && e.message.contains("0xfe000000"))
        // The kernel's 1 GiB above PAGE_OFFSET, computed from the split, not typed.
        #expect(LayoutError.unsupported(.fixmapTooLarge(nrCpus: 8192, pages: 1)).reason.values["kernel_space"] == "1 GiB")
    }

    @Test func theRealLayoutsRaiseThem() {
        // 2.6.18 had no SLUB; 3.4 on x86_64 is an older map; vmalloc= too large leaves no lowmem.
        #expect(throws: LayoutError.unsupported(.noSlub(.v2_6))) {
            var c = MachineConfig(arch: .x86_32, kernel: .v2_6, ramBytes: 1 << 30); c.allocator = .slub
            _ = try AddressSpaceLayout.compute(c)
        }
        #expect(throws: LayoutError.unsupported(.oldX86_64Map(.v3_4))) {
            _ = try AddressSpaceLayout.compute(MachineConfig(arch: .x86_64, kernel: .v3_4, ramBytes: 1 << 30))
        }
    }
}
