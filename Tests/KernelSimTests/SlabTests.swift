import Testing
@testable import KernelSim

@Suite struct SlabTests {
    func gfp(_ s: String, _ k: KernelVersion) -> UInt64 { GFP.parse(s, kernel: k)! }

    @Test(arguments: KernelVersion.allCases)
    func kmallocAgreesWithPlacement(kernel: KernelVersion) {
        for allocator in SlabAllocatorKind.allCases {
            let k = Kernel(layout: AllocMachines.machine32(kernel: kernel, allocator: allocator, lowMiB: 64), seed: 6)
            for size in [1, 8, 9, 31, 64, 65, 96, 100, 127, 129, 192, 200, 1000, 4096, 4097, 8192, 8193, 20000, 131072, 131073] as [UInt64] {
                let place = Kmalloc.place(size: size, kernel: kernel, allocator: allocator, arch: .x86_32)
                let r = k.kmalloc(size, gfp: gfp("GFP_KERNEL", kernel))
                #expect((r != nil) == place.ok, "\(kernel) \(allocator) \(size)")
                guard let r else { continue }
                #expect(r.cache == place.cache && r.ksize == place.ksize)
                #expect(k.ksize(r.address) == place.ksize)
                #expect(r.address >= 0xC000_0000 && r.address + r.ksize <= 0xC000_0000 + (64 << 20))
                if case .linear = k.translate(virt: r.address) {} else { Issue.record("kmalloc memory must be linear") }
                if place.path == .pageAllocator { #expect(r.address % 4096 == 0) }
            }
            #expect(k.checkInvariants() == [])
            #expect(k.events == [])
        }
    }

    @Test func zeroSizePointer() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 32), seed: 1)
        let r = k.kmalloc(0, gfp: gfp("GFP_KERNEL", .v6_1))
        #expect(r?.address == 0x10 && r?.ksize == 0 && r?.cache == nil)
        #expect(k.kfree(0x10) && k.kfree(0))
        #expect(k.ksize(0x10) == 0)
    }

    @Test func objectsComeFromSlabPagesAndSlabsGoBack() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 32), seed: 1)
        let before = k.freeBlocks()
        var objs: [KmallocResult] = []
        for _ in 0..<300 { objs.append(k.kmalloc(100, gfp: gfp("GFP_KERNEL", .v6_1))!) }
        #expect(Set(objs.map(\.address)).count == 300)
        for o in objs {
            let slab = k.caches["kmalloc-128"]!.slabs[o.slabPfn!]!
            let base = 0xC000_0000 + (o.slabPfn! << 12)
            #expect(o.address >= base && o.address + 128 <= base + (4096 << UInt64(slab.order)))
            #expect(o.address == base + UInt64(o.objectIndex!) * 128)
        }
        #expect(Set(objs.map(\.slabPfn)).count > 1)  // it had to grow
        #expect(k.checkInvariants() == [])
        for o in objs.reversed() { #expect(k.kfree(o.address)) }
        #expect(k.freeBlocks() == before)
        #expect(k.checkInvariants() == [])
    }

    @Test func largeKmallocUsesWholePages() throws {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_12, lowMiB: 32), seed: 1)
        let before = k.freeBlocks()
        let r = try #require(k.kmalloc(100_000, gfp: gfp("GFP_KERNEL", .v6_12)))
        #expect(r.cache == nil && r.ksize == 131072 && r.address % 4096 == 0)
        #expect(k.allocations[r.pfn!]?.order == 5)
        #expect(!k.kfree(r.address + 4096))  // not the start
        #expect(k.kfree(r.address))
        #expect(k.freeBlocks() == before)
    }

    @Test func tooLargeFailsWithTheKernelsReaction() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 32), seed: 1, task: (pid: 9, comm: "insmod"))
        #expect(k.kmalloc(5 << 20, gfp: gfp("GFP_KERNEL", .v6_1)) == nil)
        #expect(k.events.map(\.lines) == [["WARNING: CPU: 0 PID: 9 at mm/page_alloc.c:5634 __alloc_pages"]])
        #expect(k.kmalloc(5 << 20, gfp: gfp("GFP_KERNEL|__GFP_NOWARN", .v6_1)) == nil)
        #expect(k.events.count == 1)
        // SLAB returns NULL quietly when no general cache is big enough.
        let k26 = Kernel(layout: AllocMachines.machine32(kernel: .v2_6, allocator: .slab, lowMiB: 32), seed: 1)
        #expect(k26.kmalloc(131073, gfp: gfp("GFP_KERNEL", .v2_6)) == nil)
        #expect(k26.kmalloc(131072, gfp: gfp("GFP_KERNEL", .v2_6))?.cache == "size-131072")
        #expect(k26.events == [])
    }

    @Test func flagsPickTheCacheCopy() throws {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 32), seed: 1)
        let dma = try #require(k.kmalloc(100, gfp: gfp("GFP_KERNEL|GFP_DMA", .v6_1)))
        #expect(dma.cache == "dma-kmalloc-128" && dma.pfn! < 4096)
        #expect(k.kmalloc(100, gfp: gfp("GFP_KERNEL_ACCOUNT", .v6_1))?.cache == "kmalloc-cg-128")
        #expect(k.kmalloc(100, gfp: gfp("GFP_KERNEL|__GFP_RECLAIMABLE", .v6_1))?.cache == "kmalloc-rcl-128")
        let k34 = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, allocator: .slab, lowMiB: 32), seed: 1)
        #expect(k34.kmalloc(100, gfp: gfp("GFP_KERNEL|GFP_DMA", .v3_4))?.cache == "size-128(DMA)")
        let k34u = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, lowMiB: 32), seed: 1)
        #expect(k34u.kmalloc(100, gfp: gfp("GFP_KERNEL|GFP_DMA", .v3_4))?.cache == "dma-kmalloc-128")
        // __GFP_HIGHMEM is not for slab memory: 6.x fixes it up loudly.
        let k2 = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 32, highMiB: 8), seed: 1)
        var warned = false
        for _ in 0..<200 where !warned {
            _ = k2.kmalloc(3000, gfp: gfp("GFP_KERNEL|__GFP_HIGHMEM", .v6_1))
            warned = !k2.events.isEmpty
        }
        #expect(k2.events.first?.lines == ["Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0xcc0 (GFP_KERNEL). Fix your code!"])
    }

    @Test func badFreesAreReported() throws {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 32), seed: 1)
        let r = try #require(k.kmalloc(64, gfp: gfp("GFP_KERNEL", .v6_1)))
        #expect(!k.kfree(r.address + 8))
        #expect(k.kfree(r.address))
        #expect(!k.kfree(r.address))  // double free
        let v = try #require(k.vmalloc(10000))
        #expect(!k.kfree(v.addr))
        let page = try #require(k.getFreePage(gfp: gfp("GFP_KERNEL", .v6_1)))
        #expect(!k.kfree(page))
        #expect(k.events.filter { $0.kind == .misuse }.count == 4)
        #expect(k.checkInvariants() == [])
    }

    // MARK: - /proc/slabinfo

    func slabinfoLines(_ k: Kernel) -> [Substring] { k.procSlabinfo().split(separator: "\n") }

    @Test(arguments: KernelVersion.allCases)
    func slabinfoFormat(kernel: KernelVersion) {
        let k = Kernel(layout: AllocMachines.machine32(kernel: kernel, lowMiB: 48), seed: 3)
        let lines = slabinfoLines(k)
        #expect(lines[0] == "slabinfo - version: 2.1")
        #expect(lines[1] == "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>")
        for (line, st) in zip(lines.dropFirst(2), k.slabCacheStats()) {
            let name = st.name.count < 17 ? st.name + String(repeating: " ", count: 17 - st.name.count) : st.name
            let head = [st.activeObjs, st.numObjs].map { String($0) }.map { String(repeating: " ", count: max(0, 6 - $0.count)) + $0 }
            #expect(line.hasPrefix(name + " " + head[0] + " " + head[1] + " "))
            #expect(line.contains(" : tunables "))
            let tail = line.split(separator: ":").last!  // " slabdata      N      N      0"
            let slabdata = tail.split(separator: " ").dropFirst().map { Int($0)! }
            #expect(slabdata == [st.slabs, st.slabs, 0])
            #expect(st.activeObjs <= st.numObjs && st.numObjs == st.slabs * st.objPerSlab)
        }
        #expect(lines.count == 2 + k.slabCacheStats().count)
    }

    @Test func slubGeometryAndOrder() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 48), seed: 3, cpus: 2)
        let stats = Dictionary(uniqueKeysWithValues: k.slabCacheStats().map { ($0.name, $0) })
        // (objperslab, pagesperslab) as SLUB's calculate_order gives them with 2 CPUs.
        for (name, per, pages) in [("kmalloc-8", 512, 1), ("kmalloc-96", 42, 1), ("kmalloc-192", 21, 1), ("kmalloc-1k", 16, 4),
                                   ("kmalloc-2k", 16, 8), ("kmalloc-4k", 8, 8), ("kmalloc-8k", 4, 8)] {
            #expect(stats[name]?.objPerSlab == per && stats[name]?.pagesPerSlab == pages, "\(name)")
        }
        // Listed newest first: the normal caches were created first, so they end the file.
        #expect(slabinfoLines(k).last?.hasPrefix("kmalloc-8 ") == true)
        #expect(slabinfoLines(k)[2].hasPrefix("dma-kmalloc-8k "))
    }

    @Test func slabGeometryMatchesRealSLAB() {
        // 3.4 SLAB on 32-bit x86: the objperslab / pagesperslab / tunables real kernels print.
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, allocator: .slab, lowMiB: 64), seed: 3, cpus: 2)
        let stats = Dictionary(uniqueKeysWithValues: k.slabCacheStats().map { ($0.name, $0) })
        for (name, per, pages) in [("size-32", 113, 1), ("size-64", 59, 1), ("size-128", 30, 1), ("size-192", 20, 1),
                                   ("size-256", 15, 1), ("size-512", 8, 1), ("size-1024", 4, 1), ("size-2048", 2, 1),
                                   ("size-4096", 1, 1), ("size-8192", 1, 2), ("size-131072", 1, 32)] {
            #expect(stats[name]?.objPerSlab == per && stats[name]?.pagesPerSlab == pages, "\(name)")
        }
        #expect(stats["size-96"] == nil)
        let line32 = slabinfoLines(k).first { $0.hasPrefix("size-32 ") }!
        #expect(line32.contains(" : tunables  120   60    8 : slabdata "))
        #expect(slabinfoLines(k).last?.hasPrefix("size-32 ") == true)
        #expect(slabinfoLines(k)[slabinfoLines(k).count - 2].hasPrefix("size-32(DMA) "))
        // 64-bit: sizeof(struct slab) is 48 → 112 objects of 32 bytes.
        let k64 = Kernel(layout: AllocMachines.machine64(kernel: .v3_4, allocator: .slab, ramMiB: 512), seed: 3)
        #expect(k64.slabCacheStats().first { $0.name == "size-32" }?.objPerSlab == 112)
    }

    @Test func slabObjectsSitAfterTheManagementArea() throws {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, allocator: .slab, lowMiB: 64), seed: 3)
        let r = try #require(k.kmalloc(20, gfp: gfp("GFP_KERNEL", .v3_4)))
        let slab = k.caches["size-32"]!.slabs[r.slabPfn!]!
        // On-slab management: struct slab (28 bytes) + 113 bufctls, aligned to 32 → 480.
        #expect(slab.firstObject == 480)
        #expect(r.address == 0xC000_0000 + (r.slabPfn! << 12) + 480 + UInt64(r.objectIndex!) * 32)
    }
}
