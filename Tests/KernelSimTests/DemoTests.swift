import Testing
@testable import KernelSim

@Suite struct DemoTests {
    /// The seed's machine: 160 MB (the article's VMware guest), x86-32, a 2.6/3.4-era kernel.
    @Test(arguments: [SlabAllocatorKind.slab, .slub])
    func seedMachine(allocator: SlabAllocatorKind) throws {
        let layout = try AllocMachines.computed(.x86_32, .v3_4, ramMiB: 160, allocator: allocator)
        let run = Demo.run(layout: layout, seed: 2011)
        #expect(run.events == [])
        #expect(run.invariantProblems == [])
        #expect(run.exitRestoredFreeLists)
        let (page, km, vm) = (run.pointers[0], run.pointers[1], run.pointers[2])
        #expect(page.variable == "pagemem" && page.reason == "lowmem-linear" && page.region == "lowmem")
        let pv = try #require(page.value)
        #expect(page.phys == pv - 0xC000_0000 && pv % 4096 == 0)
        #expect(pv >= 0xC000_0000 && pv < layout.highMemory)
        #expect(km.reason == "slab-object-in-lowmem" && km.region == "lowmem")
        #expect(km.cache == (allocator == .slab ? "size-128" : "kmalloc-128") && km.ksize == 128)
        #expect(km.phys == (try #require(km.value)) - 0xC000_0000)
        // The first vmalloc area of a kernel without boot-time areas starts at VMALLOC_START,
        // 8 MB above the end of lowmem (160 MB + 8 MB = 0xca800000).
        #expect(vm.value == layout.vmallocStart && vm.value == 0xCA80_0000)
        #expect(vm.reason == "vmalloc-area" && vm.region == "vmalloc" && vm.phys == nil)
        #expect(vm.pfns.count == 245 && vm.physicallyContiguous != nil)
        #expect(vm.paWouldGive == 0x0A80_0000)  // what virt_to_phys() would wrongly say
        #expect(run.printkLines == ["pagemem addr=\(String(pv, radix: 16))", "kmallocmem addr=\(String(km.value!, radix: 16))", "vmallocmem addr=ca800000"])
        #expect(run.procAfterInit.vmallocinfo == "0xca800000-0xca8f6000 1007616 kmemdemo_init [kmemdemo] pages=245 vmalloc\n")
        #expect(run.procAfterInit.meminfoVmalloc.contains("VmallocUsed:         984 kB"))
    }

    @Test func sixtyFourBitKernel() throws {
        let layout = try AllocMachines.computed(.x86_64, .v6_12, ramMiB: 2048)
        let run = Demo.run(layout: layout, seed: 1)
        #expect(run.pointers.map(\.reason) == ["direct-map-linear", "slab-object-in-direct-map", "vmalloc-area"])
        #expect(run.pointers[1].cache == "kmalloc-128")
        // printk("%x") keeps the low 32 bits of a 64-bit pointer.
        #expect(run.printkLines[2] == "vmallocmem addr=0")
        #expect(run.procAfterInit.meminfoVmalloc.contains("VmallocUsed:         980 kB"))
        #expect(run.exitRestoredFreeLists && run.invariantProblems == [] && run.events == [])
    }

    @Test(arguments: [Arch.x86_32, .x86_32_pae, .arm32, .x86_64])
    func everyArchAndGeneration(arch: Arch) throws {
        for kernel in KernelVersion.allCases where !(arch == .arm32 && kernel == .v2_6) {  // refused: see LayoutARMTests
            // The layout computation models x86-64 for 6.x only; older kernels get the 3.x map.
            let layout = arch == .x86_64 && kernel < .v6_1
                ? AllocMachines.machine64(kernel: kernel, ramMiB: 1024)
                : try AllocMachines.computed(arch, kernel, ramMiB: 1024)
            let run = Demo.run(layout: layout, seed: 77)
            #expect(run.pointers.allSatisfy { $0.value != nil }, "\(arch) \(kernel)")
            #expect(run.exitRestoredFreeLists && run.invariantProblems == [] && run.events == [], "\(arch) \(kernel)")
            #expect(run.pointers[2].pfns.count == 245)
            #expect(run.pointers[0].phys.map { $0 >> 12 } == run.pointers[0].pfns.first)
        }
    }

    @Test func deterministic() throws {
        let layout = try AllocMachines.computed(.x86_32, .v6_1, ramMiB: 512)
        let a = Demo.run(layout: layout, seed: 5), b = Demo.run(layout: layout, seed: 5), c = Demo.run(layout: layout, seed: 6)
        #expect(a.pointers == b.pointers && a.procAfterInit == b.procAfterInit)
        #expect(a.pointers != c.pointers || a.procAfterInit != c.procAfterInit)
    }
}
