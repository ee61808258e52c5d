import Testing
@testable import KernelSim

/// SplitMix64, written again here so the tests do not trust the simulator's own generator.
struct AllocTestRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: UInt64) -> UInt64 { n == 0 ? 0 : next() % n }
    mutating func chance(_ percent: UInt64) -> Bool { below(100) < percent }
}

/// Small hand-made machines (AddressSpaceLayout's memberwise init), so property tests run fast
/// and do not depend on the layout computation.
enum AllocMachines {
    static let MiB: UInt64 = 1 << 20

    /// A 32-bit machine: `lowMiB` of lowmem from PAGE_OFFSET 0xC0000000 (DMA below 16 MiB on
    /// x86), `highMiB` of HighMem above it, the 8 MiB hole, then `vmallocBytes` of vmalloc space.
    /// The allocator tests start from an empty vmalloc area (no boot-time areas), so that
    /// addresses are VMALLOC_START-relative and exact.
    static func emptyVmalloc(_ c: MachineConfig) -> MachineConfig { var c = c; c.bootVmallocAreas = false; return c }

    static func machine32(arch: Arch = .x86_32, kernel: KernelVersion, allocator: SlabAllocatorKind? = nil,
                          lowMiB: UInt64, highMiB: UInt64 = 0, vmallocBytes: UInt64 = 120 << 20) -> AddressSpaceLayout {
        let po: UInt64 = 0xC000_0000
        let physOffset: UInt64 = arch == .arm32 ? 0x8000_0000 : 0
        let low = lowMiB * MiB, high = highMiB * MiB
        let hm = po + low
        let vs = hm + 8 * MiB
        let ve = vs + vmallocBytes
        let regions = [
            Region(name: "user", start: 0, end: po), Region(name: "lowmem", start: po, end: hm),
            Region(name: "vmalloc-hole", start: hm, end: vs), Region(name: "vmalloc", start: vs, end: ve),
            Region(name: "hole", start: ve, end: 0xff80_0000), Region(name: "pkmap", start: 0xff80_0000, end: 0xffc0_0000),
            Region(name: "hole", start: 0xffc0_0000, end: 0xfff1_7000), Region(name: "fixmap", start: 0xfff1_7000, end: 0xffff_f000),
            Region(name: "hole", start: 0xffff_f000, end: 1 << 32),
        ]
        let base = physOffset >> 12
        let lowPfn = low >> 12, highPfn = high >> 12
        var zones: [Zone] = []
        if arch == .arm32 {
            zones.append(Zone(name: "Normal", startPfn: base, endPfn: base + lowPfn))
        } else {
            zones.append(Zone(name: "DMA", startPfn: 0, endPfn: min(4096, lowPfn)))
            zones.append(Zone(name: "Normal", startPfn: min(4096, lowPfn), endPfn: lowPfn))
        }
        if high > 0 { zones.append(Zone(name: "HighMem", startPfn: base + lowPfn, endPfn: base + lowPfn + highPfn)) }
        var layout = AddressSpaceLayout(
            config: emptyVmalloc(MachineConfig(arch: arch, kernel: kernel, ramBytes: low + high, highmem: high > 0, allocator: allocator)),
            pageOffset: po, highMemory: hm, vmallocStart: vs, vmallocEnd: ve, pkmapBase: 0xff80_0000,
            pkmapEnd: 0xffc0_0000, fixaddrStart: 0xfff1_7000, fixaddrTop: 0xffff_f000, modulesStart: vs,
            modulesEnd: ve, maxmem: nil, lowmemBytes: low, highmemBytes: high, discardedBytes: 0,
            regions: regions, zones: zones, messages: [])
        layout.physOffset = physOffset
        return layout
    }

    /// A 64-bit machine with the 3.x x86-64 map (direct mapping at 0xffff880000000000), which
    /// the layout computation does not model.
    static func machine64(kernel: KernelVersion, allocator: SlabAllocatorKind? = nil, ramMiB: UInt64) -> AddressSpaceLayout {
        let po: UInt64 = 0xffff_8800_0000_0000, ram = ramMiB * MiB
        let vs: UInt64 = 0xffff_c900_0000_0000, ve: UInt64 = 0xffff_e900_0000_0000
        let regions = [
            Region(name: "user", start: 0, end: 0x0000_8000_0000_0000), Region(name: "hole", start: 0x0000_8000_0000_0000, end: po),
            Region(name: "direct-map", start: po, end: po + ram), Region(name: "hole", start: po + ram, end: vs),
            Region(name: "vmalloc", start: vs, end: ve), Region(name: "hole", start: ve, end: 0),
        ]
        let pfns = ram >> 12
        let zones = [Zone(name: "DMA", startPfn: 0, endPfn: min(4096, pfns)), Zone(name: "DMA32", startPfn: min(4096, pfns), endPfn: pfns)]
        return AddressSpaceLayout(
            config: emptyVmalloc(MachineConfig(arch: .x86_64, kernel: kernel, ramBytes: ram, highmem: false, allocator: allocator)),
            pageOffset: po, highMemory: po + ram, vmallocStart: vs, vmallocEnd: ve, pkmapBase: nil, pkmapEnd: nil,
            fixaddrStart: 0xffff_ffff_ff57_8000, fixaddrTop: 0xffff_ffff_ff5f_f000, modulesStart: 0xffff_ffff_a000_0000,
            modulesEnd: 0xffff_ffff_ff00_0000, maxmem: nil, lowmemBytes: ram, highmemBytes: 0, discardedBytes: 0,
            regions: regions, zones: zones, messages: [])
    }

    /// A machine from the layout computation (the real formulas).
    static func computed(_ arch: Arch, _ kernel: KernelVersion, ramMiB: UInt64, allocator: SlabAllocatorKind? = nil) throws -> AddressSpaceLayout {
        try AddressSpaceLayout.compute(emptyVmalloc(MachineConfig(arch: arch, kernel: kernel, ramBytes: ramMiB * MiB, allocator: allocator)))
    }
}

@Suite struct KernelTests {
    let page: UInt64 = 4096

    @Test(arguments: KernelVersion.allCases)
    func bootIsDeterministicAndValid(kernel: KernelVersion) {
        let layout = AllocMachines.machine32(kernel: kernel, lowMiB: 48, highMiB: 16)
        let a = Kernel(layout: layout, seed: 7), b = Kernel(layout: layout, seed: 7), c = Kernel(layout: layout, seed: 8)
        #expect(a.checkInvariants() == [])
        #expect(a.freeBlocks() == b.freeBlocks())
        #expect(a.procViews() == b.procViews())
        #expect(a.freeBlocks() != c.freeBlocks())
        // Boot leaves memory scattered: more than one free block below the top order.
        #expect(a.freeCounts().contains { $0.counts.dropLast().reduce(0, +) > 10 })
    }

    @Test func reservesLowMemoryImageAndMemmap() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 64), seed: 1)
        // x86: the low 1 MiB and the kernel image at 16 MiB never reach the buddy allocator.
        #expect(!k.freeBlocks().contains { $0.pfn < 256 })
        #expect(!k.freeBlocks().contains { $0.pfn >= 4096 && $0.pfn < 4096 + 6 * 256 })
        let usage = k.zoneUsage()
        #expect(usage.allSatisfy { $0.free + $0.used + $0.reserved == $0.endPfn - $0.startPfn })
        #expect(k.totalramPages < 64 * 256)
    }

    // MARK: - Calling contexts

    @Test func gfpKernelInAtomicContextComplainsIn61() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 48), seed: 3, task: (pid: 4242, comm: "insmod"))
        let r = k.kmalloc(100, gfp: GFP.value(of: "GFP_KERNEL", kernel: .v6_1)!, context: .atomic)
        #expect(r != nil)  // a warning, not a failure
        #expect(k.events.count == 1)
        #expect(k.events.first?.kind == .sleepInAtomic)
        #expect(k.events.first?.lines == [
            "BUG: sleeping function called from invalid context at include/linux/sched/mm.h:274",
            "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 4242, name: insmod",
            "preempt_count: 1, expected: 0",
            "RCU nest depth: 0, expected: 0",
        ])
    }

    @Test func hardirqComplaintShowsInterruptedIdleTask() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_12, lowMiB: 48), seed: 3)
        _ = k.kmalloc(64, gfp: GFP.value(of: "GFP_KERNEL", kernel: .v6_12)!, context: .hardirq)
        #expect(k.events.first?.lines == [
            "BUG: sleeping function called from invalid context at include/linux/sched/mm.h:337",
            "in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 0, name: swapper/0",
            "preempt_count: 10000, expected: 0",
            "RCU nest depth: 0, expected: 0",
        ])
    }

    @Test func gfpKernelInAtomicContextComplainsIn34() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, lowMiB: 48), seed: 3, task: (pid: 77, comm: "insmod"))
        _ = k.getFreePage(gfp: GFP.value(of: "GFP_KERNEL", kernel: .v3_4)!, context: .softirq)
        #expect(k.events.map(\.lines) == [[
            "BUG: sleeping function called from invalid context at mm/page_alloc.c:2431",
            "in_atomic(): 1, irqs_disabled(): 0, pid: 0, name: swapper/0",
        ]])
    }

    @Test(arguments: KernelVersion.allCases)
    func atomicFlagsNeverComplain(kernel: KernelVersion) {
        let k = Kernel(layout: AllocMachines.machine32(kernel: kernel, lowMiB: 48), seed: 3)
        for name in ["GFP_ATOMIC", "GFP_NOWAIT"] {
            let gfp = GFP.value(of: name, kernel: kernel)!
            for ctx in ExecContext.allCases {
                #expect(k.kmalloc(200, gfp: gfp, context: ctx) != nil)
                #expect(k.allocPages(gfp: gfp, order: 1, context: ctx) != nil)
            }
        }
        #expect(k.events == [])
        if kernel >= .v3_4 {
            // kmalloc(0) returns ZERO_SIZE_PTR before any check, whatever the flags.
            #expect(k.kmalloc(0, gfp: GFP.value(of: "GFP_KERNEL", kernel: kernel)!, context: .hardirq)?.address == 0x10)
            #expect(k.events == [])
        }
        #expect(k.checkInvariants() == [])
    }

    @Test func processContextNeverComplains() {
        for kernel in KernelVersion.allCases {
            let k = Kernel(layout: AllocMachines.machine32(kernel: kernel, lowMiB: 48), seed: 5)
            let g = GFP.value(of: "GFP_KERNEL", kernel: kernel)!
            _ = k.kmalloc(300, gfp: g)
            _ = k.getFreePages(gfp: g, order: 2)
            _ = k.vmalloc(40000)
            #expect(k.events == [], "\(kernel)")
        }
    }

    // MARK: - Translation

    @Test func translatesLinearVmallocAndUnmapped() throws {
        let layout = AllocMachines.machine32(kernel: .v6_1, lowMiB: 48, highMiB: 16)
        let k = Kernel(layout: layout, seed: 11)
        let addr = try #require(k.getFreePage(gfp: GFP.value(of: "GFP_KERNEL", kernel: .v6_1)!))
        #expect(k.translate(virt: addr + 12) == .linear(phys: addr + 12 - 0xC000_0000))
        #expect(k.__va(k.__pa(addr)) == addr)
        let area = try #require(k.vmalloc(3 * page + 1))
        guard case .vmalloc(let start, let pfn, let phys, let naive) = k.translate(virt: area.addr + page + 5) else {
            Issue.record("not a vmalloc translation"); return
        }
        #expect(start == area.addr && pfn == area.pfns[1] && phys == (area.pfns[1] << 12) + 5)
        #expect(naive == area.addr + page + 5 - 0xC000_0000)
        #expect(naive >> 12 != pfn)  // __pa on a vmalloc address names the wrong frame
        #expect(k.translate(virt: area.addr + 4 * page) == .vmallocGuard(areaStart: area.addr, paWouldGive: area.addr + 4 * page - 0xC000_0000))
        #expect(k.translate(virt: layout.vmallocEnd - page) == .vmallocUnmapped(paWouldGive: layout.vmallocEnd - page - 0xC000_0000))
        #expect(k.translate(virt: 0x0804_8000) == .notMapped(region: "user"))
        #expect(k.translate(virt: 0xff90_0000) == .notMapped(region: "pkmap"))
    }

    @Test func highmemFramesHaveNoLinearMapping() throws {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 48, highMiB: 16), seed: 11)
        let pfn = try #require(k.allocPages(gfp: GFP.value(of: "GFP_HIGHUSER", kernel: .v6_1)!, order: 0))
        #expect(pfn >= 48 * 256)
        #expect(k.pageAddress(pfn: pfn) == nil)
        #expect(k.physToVirt(pfn << 12) == .highmemNoLinearMapping(vaWouldGive: 0xC000_0000 + (pfn << 12)))
        #expect(k.physToVirt(0x10_0000) == .linear(virt: 0xC010_0000))
        #expect(k.physToVirt(1 << 31) == .notRAM(vaWouldGive: 0xC000_0000 &+ (1 << 31)))
    }

    @Test func armUsesPhysOffset() throws {
        let k = Kernel(layout: AllocMachines.machine32(arch: .arm32, kernel: .v3_4, lowMiB: 48, highMiB: 16), seed: 2)
        #expect(k.checkInvariants() == [])
        let addr = try #require(k.getFreePage(gfp: GFP.value(of: "GFP_KERNEL", kernel: .v3_4)!))
        guard case .linear(let phys) = k.translate(virt: addr) else { Issue.record("not linear"); return }
        #expect(phys == addr - 0xC000_0000 + 0x8000_0000)
        #expect(k.physToVirt(phys) == .linear(virt: addr))
    }

    @Test func invariantCheckerCatchesCorruption() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 32), seed: 9)
        #expect(k.checkInvariants() == [])
        // Put an allocated block on a free list as well: it is now owned twice.
        let a = k.allocations.values.min { $0.pfn < $1.pfn }!
        let zi = k.zones.firstIndex { $0.name == a.zone }!
        k.zones[zi].push(a.pfn, a.order)
        #expect(!k.checkInvariants().isEmpty)
        let k2 = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 32), seed: 9)
        // Split a free block into two buddies without coalescing.
        let zi2 = k2.zones.firstIndex { $0.free[3].count > 0 }!
        let p = k2.zones[zi2].free[3].last!
        k2.zones[zi2].remove(p, 3)
        k2.zones[zi2].push(p, 2); k2.zones[zi2].push(p + 4, 2)
        #expect(k2.checkInvariants().contains { $0.contains("not coalesced") })
    }

    // MARK: - Seeded property test

    /// 200 seeds × 500 random operations on small machines of every generation: after every
    /// step the invariants hold; vmalloc areas never overlap; freeing everything restores the
    /// free lists exactly.
    @Test(arguments: 0..<8)
    func randomOperationsKeepInvariants(chunk: Int) {
        for seed in UInt64(chunk * 25)..<UInt64(chunk * 25 + 25) {
            runRandomOperations(seed: seed, steps: 500)
        }
    }

    func runRandomOperations(seed: UInt64, steps: Int) {
        var rng = AllocTestRandom(seed &* 0x2545_F491_4F6C_DD1D &+ 1)
        let kernel = KernelVersion.allCases[Int(seed % 4)]
        let allocator: SlabAllocatorKind = seed % 3 == 0 ? .slab : .slub
        let arch: Arch = seed % 5 == 4 ? .arm32 : .x86_32
        let layout = AllocMachines.machine32(arch: arch, kernel: kernel, allocator: allocator, lowMiB: 24,
                                             highMiB: seed % 2 == 0 ? 8 : 0, vmallocBytes: 4 << 20)
        let k = Kernel(layout: layout, seed: seed)
        let initial = k.freeBlocks()
        let gfpNames = ["GFP_KERNEL", "GFP_ATOMIC", "GFP_NOWAIT", "GFP_USER", "GFP_HIGHUSER", "GFP_DMA", "GFP_KERNEL|__GFP_ZERO", "GFP_KERNEL|__GFP_NOWARN"]
        var pages: [(pfn: UInt64, order: Int)] = []
        var objects: [UInt64] = []
        var areas: [UInt64] = []
        var made = (pages: 0, objects: 0, areas: 0)
        let label = "seed \(seed) \(kernel) \(allocator) \(arch)"
        for step in 0..<steps {
            let gfp = GFP.parse(gfpNames[Int(rng.below(UInt64(gfpNames.count)))], kernel: kernel)!
            let ctx: ExecContext = rng.chance(90) ? .process : ExecContext.allCases[Int(rng.below(4))]
            switch rng.below(100) {
            case 0..<22:
                let order = rng.chance(95) ? Int(rng.below(4)) : Int(rng.below(13))
                if let p = k.allocPages(gfp: gfp, order: order, context: ctx) {
                    #expect(order <= 10)
                    pages.append((p, order)); made.pages += 1
                }
            case 22..<40:
                if !pages.isEmpty {
                    let i = Int(rng.below(UInt64(pages.count)))
                    #expect(k.freePages(pfn: pages[i].pfn, order: pages[i].order))
                    pages.remove(at: i)
                }
            case 40..<65:
                let size = rng.chance(90) ? rng.below(2049) : rng.below(6 << 20)
                if let r = k.kmalloc(size, gfp: gfp, context: ctx) {
                    if r.address != Kmalloc.zeroSizePtr { objects.append(r.address); made.objects += 1 }
                }
            case 65..<85:
                if !objects.isEmpty {
                    let i = Int(rng.below(UInt64(objects.count)))
                    #expect(k.kfree(objects[i]))
                    objects.remove(at: i)
                }
            case 85..<93:
                let size = rng.chance(95) ? rng.below(300_000) : rng.below(40 << 20)
                if let a = k.vmalloc(size, context: ctx) { areas.append(a.addr); made.areas += 1 }
            default:
                if !areas.isEmpty {
                    let i = Int(rng.below(UInt64(areas.count)))
                    let ctx2: ExecContext = kernel >= .v6_1 ? ctx : .process
                    #expect(k.vfree(areas[i], context: ctx2))
                    areas.remove(at: i)
                }
            }
            let problems = k.checkInvariants()
            if !problems.isEmpty {
                Issue.record("\(label) step \(step): \(problems.prefix(3))")
                return
            }
            let vm = k.vmallocAreas()
            #expect(zip(vm, vm.dropFirst()).allSatisfy { $0.end <= $1.addr }, "\(label)")
        }
        // The run did exercise every allocator.
        #expect(made.pages > 20 && made.objects > 20 && made.areas > 3, "\(label): \(made)")
        for p in pages { #expect(k.freePages(pfn: p.pfn, order: p.order)) }
        for o in objects { #expect(k.kfree(o)) }
        for a in areas { #expect(k.vfree(a)) }
        #expect(k.checkInvariants() == [], "\(label)")
        #expect(k.vmallocAreas().isEmpty)
        #expect(k.freeBlocks() == initial, "\(label): free lists not restored")
        #expect(!k.events.contains { $0.kind == .misuse }, "\(label)")
    }
}
