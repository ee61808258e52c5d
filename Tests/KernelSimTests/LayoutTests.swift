import Testing
@testable import KernelSim

/// Checks every architecture's layout must pass, and the shared tiling helper.
enum LayoutInvariants {
    static let names: Set<String> = [
        "user", "lowmem", "vmalloc-hole", "vmalloc", "vmalloc-guard", "pkmap", "ldt", "cpu-entry-area",
        "fixmap-boot", "fixmap", "hole", "modules", "vectors", "dma-consistent", "fdt",
        "non-canonical", "guard-hole", "direct-map", "vmemmap", "kasan-shadow", "espfix", "efi",
        "kernel-text", "vsyscall",
    ]

    /// Problems with the region list: must start at 0, be contiguous and non-empty, and end at
    /// the top of the space (2^32, or 2^64 stored as 0). Returns a description per problem.
    static func tilingProblems(_ layout: AddressSpaceLayout) -> [String] {
        var problems: [String] = []
        let regions = layout.regions
        guard let first = regions.first, let lastRegion = regions.last else { return ["no regions"] }
        if first.start != 0 { problems.append("first region starts at \(hexValue(first.start))") }
        let top: UInt64 = layout.config.arch.is64Bit ? 0 : 1 << 32
        if lastRegion.end != top { problems.append("last region ends at \(hexValue(lastRegion.end))") }
        for (a, b) in zip(regions, regions.dropFirst()) where a.end != b.start {
            problems.append("\(a.name) ends at \(hexValue(a.end)) but \(b.name) starts at \(hexValue(b.start))")
        }
        for r in regions {
            if r.size == 0 { problems.append("\(r.name) is empty") }
            if r.end != 0 && r.end < r.start { problems.append("\(r.name) runs backwards") }
            if !names.contains(r.name) { problems.append("unknown region name \(r.name)") }
        }
        for (a, b) in zip(regions, regions.dropFirst()) where a.name == "hole" && b.name == "hole" {
            problems.append("two adjacent holes at \(hexValue(b.start))")
        }
        return problems
    }

    /// Problems with the zones: the non-empty ones must tile [first RAM pfn, max_pfn).
    static func zoneProblems(_ layout: AddressSpaceLayout) -> [String] {
        let zones = layout.zones.filter { $0.pages > 0 }
        // The first RAM page frame: PHYS_OFFSET on ARM; on x86 page 0 unless trim_bios_range()
        // (3.4 on) reserved it.
        let firstPfn = layout.memory.first?.startPfn ?? layout.physOffset >> 12
        guard let first = zones.first, let last = zones.last else { return ["no zones"] }
        var problems: [String] = []
        if first.startPfn != firstPfn { problems.append("zones start at pfn \(first.startPfn)") }
        if last.endPfn != layout.maxPfn { problems.append("zones end at pfn \(last.endPfn), max_pfn \(layout.maxPfn)") }
        for (a, b) in zip(zones, zones.dropFirst()) where a.endPfn != b.startPfn {
            problems.append("zone \(a.name) ends at \(a.endPfn), \(b.name) starts at \(b.startPfn)")
        }
        for z in layout.zones where z.endPfn < z.startPfn { problems.append("zone \(z.name) runs backwards") }
        return problems
    }

    /// Relations every layout keeps whatever the architecture.
    static func commonProblems(_ layout: AddressSpaceLayout) -> [String] {
        var problems = tilingProblems(layout) + zoneProblems(layout)
        // RAM the kernel keeps (memblock's ranges) plus what it drops is the RAM it was given;
        // lowmem + highmem is the span up to max_pfn, holes included.
        let kept = layout.memory.reduce(0) { $0 + $1.pages } << 12
        let given: UInt64
        if layout.config.arch == .arm32 {
            given = (layout.config.usableRamBytes >> 12) << 12
        } else {
            given = E820.ramPfns(layout.e820, trimBios: layout.config.kernel >= .v3_4).reduce(0) { $0 + $1.end - $1.start } << 12
        }
        if kept + layout.discardedBytes != given {
            problems.append("kept \(kept) + discarded \(layout.discardedBytes) != RAM \(given)")
        }
        let firstPfn = layout.memory.first?.startPfn ?? 0
        if layout.lowmemBytes + layout.highmemBytes != (layout.maxPfn - (layout.physOffset >> 12)) << 12, firstPfn > 1 + (layout.physOffset >> 12) {
            problems.append("lowmem + highmem is not the span to max_pfn")
        }
        if layout.maxLowPfn - (layout.physOffset >> 12) != layout.lowmemBytes >> 12 {
            problems.append("max_low_pfn does not match lowmem")
        }
        if layout.maxPfn - layout.maxLowPfn != layout.highmemBytes >> 12 {
            problems.append("max_pfn - max_low_pfn does not match highmem")
        }
        if !(layout.vmallocStart < layout.vmallocEnd) { problems.append("VMALLOC_START >= VMALLOC_END") }
        if !(layout.highMemory <= layout.vmallocStart) { problems.append("high_memory > VMALLOC_START") }
        if layout.region(containing: layout.pageOffset)?.name != (layout.config.arch.is64Bit ? "direct-map" : "lowmem") {
            problems.append("PAGE_OFFSET is not in the direct map")
        }
        if layout.region(containing: layout.vmallocStart)?.name != "vmalloc" || layout.region(containing: layout.vmallocEnd - 1)?.name != "vmalloc" {
            problems.append("vmalloc bounds are not in the vmalloc region")
        }
        if layout.region(containing: layout.fixaddrStart)?.name != "fixmap" {
            problems.append("FIXADDR_START is not in the fixmap region")
        }
        return problems
    }

    /// Records at most a few failures per test so a broken formula does not flood the output.
    struct Recorder {
        private(set) var failures = 0
        mutating func check(_ problems: [String], _ context: @autoclosure () -> String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
            guard !problems.isEmpty else { return }
            failures += 1
            if failures <= 5 {
                Issue.record("\(context()): \(problems.joined(separator: "; "))", sourceLocation: sourceLocation)
            }
        }
    }
}

@Suite struct LayoutTilingTests {
    @Test func fillsGapsWithHolesAndDropsEmptySpans() throws {
        let regions = try tileRegions([("a", 0, 16), ("empty", 16, 16), ("b", 32, 48)], top: 64)
        #expect(regions.map(\.name) == ["a", "hole", "b", "hole"])
        #expect(regions.map(\.start) == [0, 16, 32, 48])
        #expect(regions.last?.end == 64)
    }

    @Test func rejectsOverlap() {
        #expect(throws: LayoutError.self) { try tileRegions([("a", 0, 16), ("b", 8, 24)], top: 64) }
    }

    @Test func topOf64BitSpaceWrapsToZero() throws {
        let regions = try tileRegions([("low", 0, 0x1000), ("top", 0xffff_ffff_ffff_f000, 0)], top: nil)
        #expect(regions.map(\.name) == ["low", "hole", "top"])
        let top = try #require(regions.last)
        #expect(top.size == 0x1000)
        #expect(top.contains(UInt64.max))
        #expect(top.contains(0xffff_ffff_ffff_f000))
        #expect(!top.contains(0xffff_ffff_ffff_efff))
        #expect(!top.contains(0))
        #expect(top.last == UInt64.max)
        // Ordinary regions keep their meaning.
        let r = Region(name: "r", start: 0x1000, end: 0x2000)
        #expect(r.contains(0x1000) && r.contains(0x1fff) && !r.contains(0x2000) && !r.contains(0xfff))
        #expect(!Region(name: "empty", start: 0, end: 0).contains(0))
    }
}
