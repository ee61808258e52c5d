import Testing
@testable import KernelSim

@Suite struct BuddyTests {
    func gfp(_ s: String, _ k: KernelVersion) -> UInt64 { GFP.parse(s, kernel: k)! }

    @Test func expandKeepsTheLowPartAndFreesUpperHalves() {
        var z = BuddyZone(name: "Normal", start: 0, end: 1024, maxOrder: 10)
        z.freeMemoryRange(0, 1024)
        #expect(z.free[10] == [0] && z.freePages == 1024)
        #expect(z.allocate(order: 0) == 0)
        // One free block at every order 0…9: pfn 512 (order 9), 256 (8), … 1 (0).
        for o in 0...9 { #expect(z.free[o] == [UInt64(1) << UInt64(o)], "order \(o)") }
        #expect(z.free[10].isEmpty && z.freePages == 1023)
        z.freeOne(0, 0)
        #expect(z.free[10] == [0] && z.free[0...9].allSatisfy(\.isEmpty))
    }

    @Test func memblockFreesLargestAlignedBlocks() {
        var z = BuddyZone(name: "HighMem", start: 0x377fe, end: 0x40000, maxOrder: 10)
        z.freeMemoryRange(0x377fe, 0x40000)
        // 0x377fe: order 1, 0x37800: order 11 capped to 10, … no two free buddies, all aligned.
        #expect(z.free[1] == [0x377fe])
        #expect(z.freePages == 0x40000 - 0x377fe)
        for (o, list) in z.free.enumerated() {
            for p in list {
                #expect(p % (UInt64(1) << UInt64(o)) == 0)
                let buddy = p ^ (UInt64(1) << UInt64(o))
                #expect(o == 10 || z.freeOrder[buddy] != o)
            }
        }
    }

    /// Zones above 64 GiB keep their free index in a hash table instead of a byte per frame;
    /// both must answer alike.
    @Test func freeIndexIsTheSameDenseAndSparse() {
        var dense = FreeIndex(start: 100, end: 100 + 4096)
        var sparse = FreeIndex(start: 100, end: 100 + FreeIndex.denseLimit + 1)
        let writes: [(UInt64, Int?)] = [(100, 3), (108, 0), (100, nil), (4195, 10), (108, 2), (99, 1), (5000, nil), (108, nil)]
        for (pfn, order) in writes {
            dense[pfn] = order
            sparse[pfn] = order
            #expect(dense.count == sparse.count, "after pfn \(pfn)")
            for probe: UInt64 in [99, 100, 108, 4195, 4196] { #expect(dense[probe] == sparse[probe], "pfn \(probe)") }
        }
        #expect(dense.count == 1 && dense[4195] == 10 && dense[99] == nil)
    }

    @Test func aMachineLargerThanTheDenseIndexBootsWithItsInvariants() {
        let k = Kernel(layout: AllocMachines.machine64(kernel: .v6_1, ramMiB: 128 * 1024), seed: 9)
        #expect(k.checkInvariants() == [])
        let before = k.freeSet()
        let p = k.allocPages(gfp: GFP.v(.kernel, .v6_1), order: 3)
        #expect(p != nil && k.freeSet() != before)
        if let p { #expect(k.freePages(pfn: p, order: 3)) }
        #expect(k.freeSet() == before && k.checkInvariants() == [])
    }

    @Test func buddiesAcrossTheZoneEndDoNotMerge() {
        var z = BuddyZone(name: "Normal", start: 4096, end: 4096 + 3, maxOrder: 10)
        z.freeMemoryRange(4096, 4099)
        #expect(z.free[1] == [4096] && z.free[0] == [4098])
        let p = z.allocate(order: 0)!
        z.freeOne(p, 0)
        #expect(z.free[1] == [4096] && z.free[0] == [4098])
    }

    @Test(arguments: KernelVersion.allCases)
    func buddyinfoFormat(kernel: KernelVersion) {
        let k = Kernel(layout: AllocMachines.machine32(kernel: kernel, lowMiB: 40, highMiB: 16), seed: 4)
        let lines = k.procBuddyinfo().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        #expect(lines.dropLast().map { $0.prefix(22) } == ["Node 0, zone      DMA ", "Node 0, zone   Normal ", "Node 0, zone  HighMem "])
        for (line, z) in zip(lines.dropLast(), k.zoneUsage()) {
            let fields = Array(line.dropFirst(22))
            #expect(fields.count == 11 * 7)  // "%6lu " × 11 orders
            var pages: UInt64 = 0
            for order in 0..<11 {
                let f = String(fields[(order * 7)..<(order * 7 + 7)])
                #expect(f.hasSuffix(" "))
                let n = UInt64(f.trimmingCharacters())!
                pages += n << UInt64(order)
            }
            #expect(pages == z.free)
        }
    }

    @Test func zonesFollowTheGfpMask() throws {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 40, highMiB: 16), seed: 4)
        let lowPfn: UInt64 = 40 * 256
        let dma = try #require(k.allocPages(gfp: gfp("GFP_KERNEL|GFP_DMA", .v6_1), order: 0))
        #expect(dma < 4096)
        let normal = try #require(k.allocPages(gfp: gfp("GFP_KERNEL", .v6_1), order: 2))
        #expect(normal >= 4096 && normal < lowPfn)
        let high = try #require(k.allocPages(gfp: gfp("GFP_HIGHUSER_MOVABLE", .v6_1), order: 0))
        #expect(high >= lowPfn)
        // GFP_DMA32 on a 32-bit machine has no DMA32 zone: Normal.
        let d32 = try #require(k.allocPages(gfp: gfp("GFP_KERNEL|GFP_DMA32", .v6_1), order: 0))
        #expect(d32 >= 4096 && d32 < lowPfn)
        #expect(k.checkInvariants() == [])
    }

    @Test func highmemFallsBackToNormalThenDMA() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, lowMiB: 24, highMiB: 4), seed: 4)
        var got: [UInt64] = []
        while let p = k.allocPages(gfp: gfp("GFP_HIGHUSER", .v3_4), order: 0) { got.append(p) }
        let lowPfn: UInt64 = 24 * 256
        let firstLow = got.firstIndex { $0 < lowPfn }!
        #expect(got[..<firstLow].allSatisfy { $0 >= lowPfn })           // HighMem first
        let firstDMA = got.firstIndex { $0 < 4096 }!
        #expect(got[firstLow..<firstDMA].allSatisfy { $0 >= 4096 && $0 < lowPfn })  // then Normal
        #expect(got[firstDMA...].allSatisfy { $0 < 4096 })                // DMA last
        #expect(k.zoneUsage().allSatisfy { $0.free == 0 })
        #expect(k.events.last?.kind == .allocationFailure)
        #expect(k.events.last?.lines.last == "\(k.task.comm): page allocation failure: order:0, mode:0x200d2")
        #expect(k.checkInvariants() == [])
    }

    @Test(arguments: KernelVersion.allCases)
    func freeingEverythingCoalescesBack(kernel: KernelVersion) {
        let k = Kernel(layout: AllocMachines.machine32(kernel: kernel, lowMiB: 24, highMiB: 8), seed: 21)
        let before = k.freeBlocks()
        var held: [(UInt64, Int)] = []
        var rng = AllocTestRandom(3)
        while held.count < 3000, let p = k.allocPages(gfp: gfp("GFP_HIGHUSER", kernel), order: Int(rng.below(3))) {
            held.append((p, 0)); held[held.count - 1].1 = k.allocations[p]!.order
        }
        var shuffled = held
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(rng.below(UInt64(i + 1)))) }
        for (p, o) in shuffled { #expect(k.freePages(pfn: p, order: o)) }
        #expect(k.freeBlocks() == before)
        #expect(k.checkInvariants() == [])
    }

    @Test func orderLimits() {
        for kernel in KernelVersion.allCases {
            let k = Kernel(layout: AllocMachines.machine32(kernel: kernel, lowMiB: 48), seed: 1)
            #expect(k.allocPages(gfp: gfp("GFP_KERNEL", kernel), order: 10) != nil, "\(kernel)")
            #expect(k.allocPages(gfp: gfp("GFP_KERNEL", kernel), order: 11) == nil)
            #expect(k.events.count == 1 && k.events[0].kind == .warning)
            #expect(k.allocPages(gfp: gfp("GFP_KERNEL|__GFP_NOWARN", kernel), order: 11) == nil)
            #expect(k.allocPages(gfp: gfp("GFP_KERNEL", kernel), order: 12) == nil)
            #expect(k.events.count == 1)  // WARN_ON_ONCE
        }
        let k61 = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 48), seed: 1, task: (pid: 5, comm: "insmod"))
        _ = k61.allocPages(gfp: gfp("GFP_KERNEL", .v6_1), order: 11, context: .atomic)
        // 6.1 checks the order before might_alloc(): only the WARN, no sleep complaint.
        #expect(k61.events.map(\.lines) == [["WARNING: CPU: 0 PID: 5 at mm/page_alloc.c:5634 __alloc_pages"]])
        let k34 = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, lowMiB: 48), seed: 1)
        _ = k34.allocPages(gfp: gfp("GFP_KERNEL", .v3_4), order: 11, context: .atomic)
        // 3.4 might_sleep_if()s first and WARNs in the slow path.
        #expect(k34.events.map(\.kind) == [.sleepInAtomic, .warning])
        #expect(k34.events.last?.lines == ["WARNING: at mm/page_alloc.c:2242 __alloc_pages_slowpath()"])
    }

    @Test func getFreePagesAndHighmem() throws {
        let k61 = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 40, highMiB: 16), seed: 2)
        // 6.x strips __GFP_HIGHMEM: the page is lowmem and has an address.
        let a = try #require(k61.getFreePages(gfp: gfp("GFP_HIGHUSER", .v6_1), order: 1))
        #expect(a >= 0xC000_0000 && a < 0xC000_0000 + (40 << 20) && a % 8192 == 0)
        #expect(k61.freePagesAddress(a, order: 1))
        let z = try #require(k61.getZeroedPage(gfp: gfp("GFP_KERNEL", .v6_1)))
        #expect(k61.freePagesAddress(z, order: 0))
        #expect(k61.freePagesAddress(0, order: 3))
        #expect(k61.events == [])
        // 3.4: VM_BUG_ON(gfp_mask & __GFP_HIGHMEM).
        let k34 = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, lowMiB: 40, highMiB: 16), seed: 2)
        #expect(k34.getFreePages(gfp: gfp("GFP_HIGHUSER", .v3_4), order: 0) == nil)
        #expect(k34.events.first?.lines.first == "kernel BUG at mm/page_alloc.c:2490!")
    }

    @Test func wrongFreesAreRefused() throws {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 40), seed: 2)
        let p = try #require(k.allocPages(gfp: gfp("GFP_KERNEL", .v6_1), order: 2))
        #expect(!k.freePages(pfn: p, order: 1))
        #expect(!k.freePages(pfn: p + 1, order: 2))
        #expect(k.freePages(pfn: p, order: 2))
        #expect(!k.freePages(pfn: p, order: 2))  // double free
        #expect(!k.freePagesAddress(0xC000_0123, order: 0))
        #expect(k.events.filter { $0.kind == .misuse }.count == 4)
        #expect(k.checkInvariants() == [])
    }
}
