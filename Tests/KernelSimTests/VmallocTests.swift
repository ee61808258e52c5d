import Testing
@testable import KernelSim

@Suite struct VmallocTests {
    let page: UInt64 = 4096

    @Test(arguments: KernelVersion.allCases)
    func areaHasAGuardPageAndScatteredFrames(kernel: KernelVersion) throws {
        let layout = AllocMachines.machine32(kernel: kernel, lowMiB: 48, highMiB: 16)
        let k = Kernel(layout: layout, seed: 12)
        let a = try #require(k.vmalloc(1_000_000))
        #expect(a.addr == layout.vmallocStart)              // lowest address first
        #expect(a.size == 1_003_520 + 4096)                  // PAGE_ALIGN(1000000) + guard
        #expect(a.nrPages == 245 && Set(a.pfns).count == 245)
        // vmalloc asks for __GFP_HIGHMEM: with highmem present, frames come from HighMem.
        #expect(a.pfns.allSatisfy { $0 >= 48 * 256 })
        #expect(k.translate(virt: a.addr + 245 * page) == .vmallocGuard(areaStart: a.addr, paWouldGive: a.addr + 245 * page - 0xC000_0000))
        let b = try #require(k.vmalloc(1))
        #expect(b.addr == a.end && b.size == 8192 && b.nrPages == 1)
        #expect(k.checkInvariants() == [])
    }

    @Test func lowestHoleIsReused() throws {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 48), seed: 12)
        let a = try #require(k.vmalloc(40000)), b = try #require(k.vmalloc(40000)), c = try #require(k.vmalloc(5000))
        #expect(b.addr == a.end && c.addr == b.end)
        #expect(k.vfree(b.addr))
        let d = try #require(k.vmalloc(4096))   // fits the hole b left
        #expect(d.addr == a.end)
        let e = try #require(k.vmalloc(100_000)) // does not: goes after c
        #expect(e.addr == c.end)
        #expect(k.checkInvariants() == [])
    }

    @Test func vmallocZeroAndTooBig() {
        let k61 = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 48), seed: 1, task: (pid: 3, comm: "insmod"))
        #expect(k61.vmalloc(0) == nil)
        #expect(k61.events.map(\.lines) == [["WARNING: CPU: 0 PID: 3 at mm/vmalloc.c:3227 __vmalloc_node_range"]])
        #expect(k61.vmalloc(0) == nil)
        #expect(k61.events.count == 1)  // WARN_ON_ONCE
        let big = (k61.totalramPages + 1) * 4096
        #expect(k61.vmalloc(big) == nil)
        #expect(k61.events.last?.lines == ["insmod: vmalloc error: size \(big), exceeds total pages, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0"])
        let k34 = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, lowMiB: 48), seed: 1, task: (pid: 3, comm: "insmod"))
        #expect(k34.vmalloc(0) == nil)
        #expect(k34.events.last?.lines == ["vmalloc: allocation failure: 0 bytes", "insmod: page allocation failure: order:0, mode:0xd2"])
        #expect(k34.vmalloc(big) == nil)
        #expect(k34.events.last?.lines.first == "vmalloc: allocation failure: \(big) bytes")
    }

    @Test func noHoleLeft() throws {
        for kernel in [KernelVersion.v3_4, .v6_1] {
            let k = Kernel(layout: AllocMachines.machine32(kernel: kernel, lowMiB: 48, vmallocBytes: 1 << 20), seed: 1)
            let a = try #require(k.vmalloc(600_000))
            #expect(k.vmalloc(600_000) == nil)
            let want = kernel >= .v6_1
                ? "vmap allocation for size \(602_112 + 4096) failed: use vmalloc=<size> to increase size"
                : "vmap allocation for size \(602_112 + 4096) failed: use vmalloc=<size> to increase size."
            #expect(k.events.last?.lines.first == want)
            if kernel >= .v6_1 { #expect(k.events.last?.lines.last?.contains("vmalloc error: size 600000, vm_struct allocation failed") == true) }
            #expect(k.vfree(a.addr))
            #expect(k.vmalloc(600_000) != nil)
        }
    }

    @Test func vmallocOfOneGiBOnX86_64() throws {
        let layout = try AllocMachines.computed(.x86_64, .v6_1, ramMiB: 2048)
        let k = Kernel(layout: layout, seed: 4)
        let before = k.freeBlocks()
        let a = try #require(k.vmalloc(1 << 30))
        #expect(a.size == (1 << 30) + 4096)
        #expect(a.nrPages == 262_144)
        #expect(a.addr == layout.vmallocStart)
        // 262144 page pointers (2 MiB) do not fit a kmalloc: the array is vmalloc'ed too.
        #expect(a.pagesArrayInVmalloc)
        let inner = try #require(k.vmallocAreas().first { $0.addr == a.pagesArray })
        #expect(inner.addr == a.end && inner.size == (2 << 20) + 4096)
        #expect(k.procVmallocinfo().split(separator: "\n").first?.hasSuffix(" pages=262144 vmalloc vpages N0=262144") == true)
        #expect(k.checkInvariants() == [])
        #expect(k.vfree(a.addr))
        #expect(k.vmallocAreas().isEmpty)
        #expect(k.freeBlocks() == before)
    }

    @Test func vmallocinfoLines() throws {
        let k34 = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, lowMiB: 48), seed: 1)
        let a = try #require(k34.vmalloc(10000, caller: "foo+0x10/0x20"))
        #expect(k34.procVmallocinfo() == "\(hexAddress(a.addr, digits: 8))-\(hexAddress(a.end, digits: 8))   16384 foo+0x10/0x20 pages=3 vmalloc\n")
        // The reference's 6.1 example line, on x86-64 with NUMA.
        let k61 = Kernel(layout: try AllocMachines.computed(.x86_64, .v6_1, ramMiB: 1024), seed: 1)
        _ = try #require(k61.vmalloc(10000, caller: "foo+0x10/0x20"))
        #expect(k61.procVmallocinfo() == "0xffffc90000000000-0xffffc90000004000   16384 foo+0x10/0x20 pages=3 vmalloc N0=3\n")
    }

    @Test func meminfoPerGeneration() throws {
        let k34 = Kernel(layout: AllocMachines.machine32(kernel: .v3_4, lowMiB: 48, vmallocBytes: 64 << 20), seed: 1)
        let a = try #require(k34.vmalloc(10000)), b = try #require(k34.vmalloc(1 << 20)), c = try #require(k34.vmalloc(5000))
        #expect(k34.vfree(b.addr))
        // 3.4: used counts address space incl. guard pages; chunk = the largest gap.
        let m = k34.meminfoVmalloc()
        #expect(m.total == 65536)
        #expect(m.used == (a.size + c.size) >> 10)
        #expect(m.chunk == (k34.layout.vmallocEnd - c.end) >> 10)
        #expect(k34.procMeminfoVmalloc() == "VmallocTotal:      65536 kB\nVmallocUsed:          28 kB\nVmallocChunk:      64480 kB\n")
        // 6.1: used = pages backing vmalloc(), chunk 0.
        let k61 = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 48, vmallocBytes: 64 << 20), seed: 1)
        _ = k61.vmalloc(10000); _ = k61.vmalloc(5000)
        #expect(k61.procMeminfoVmalloc() == "VmallocTotal:      65536 kB\nVmallocUsed:          20 kB\nVmallocChunk:          0 kB\n")
    }

    @Test func vmallocTotalFromRealLayouts() throws {
        // kernel-facts.md §6.5: x86-64 4-level 34359738367 kB; 3.4 x86-32 non-PAE 1 GiB 122880 kB.
        let k64 = Kernel(layout: try AllocMachines.computed(.x86_64, .v6_1, ramMiB: 1024), seed: 1)
        #expect(k64.meminfoVmalloc().total == 34_359_738_367)
        let k32 = Kernel(layout: try AllocMachines.computed(.x86_32, .v3_4, ramMiB: 1024), seed: 1)
        #expect(k32.meminfoVmalloc().total == 122_880)
    }

    @Test func contexts() throws {
        for kernel in [KernelVersion.v3_4, .v6_1] {
            let k = Kernel(layout: AllocMachines.machine32(kernel: kernel, lowMiB: 48), seed: 1)
            #expect(k.vmalloc(5000, context: .hardirq) == nil)
            #expect(k.vmalloc(5000, context: .softirq) == nil)
            #expect(k.events.map(\.lines.first) == Array(repeating: kernel == .v3_4 ? "kernel BUG at mm/vmalloc.c:1322!" : "kernel BUG at mm/vmalloc.c:2554!", count: 2))
            let a = try #require(k.vmalloc(5000, context: .atomic))  // complains, then works
            #expect(k.events.last?.kind == .sleepInAtomic)
            let n = k.events.count
            if kernel == .v3_4 {
                #expect(!k.vfree(a.addr, context: .hardirq))         // BUG_ON(in_interrupt())
                #expect(k.events.last?.kind == .bug)
                #expect(k.vfree(a.addr))
            } else {
                #expect(k.vfree(a.addr, context: .hardirq))          // deferred, no complaint
                #expect(k.events.count == n)
                let b = try #require(k.vmalloc(5000))
                #expect(k.vfree(b.addr, context: .atomic))           // might_sleep_if(!in_interrupt())
                #expect(k.events.last?.kind == .sleepInAtomic)
            }
            #expect(k.vmallocAreas().isEmpty)
            #expect(k.checkInvariants() == [])
        }
    }

    @Test func vfreeOfUnknownAddress() {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 48), seed: 1)
        #expect(!k.vfree(0xd000_1000))
        #expect(k.events.last?.lines == ["Trying to vfree() nonexistent vm area (d0001000)"])
        #expect(k.vfree(0))
    }

    @Test func pagesRunOutMidway() throws {
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 24, vmallocBytes: 64 << 20), seed: 1)
        let before = k.freeBlocks()
        let free = k.zoneUsage().reduce(UInt64(0)) { $0 + $1.free }
        try #require(free + 64 <= k.totalramPages)
        // Fewer frames are free than the area needs, but totalram allows the size.
        #expect(k.vmalloc((free + 64) * 4096) == nil)
        #expect(k.events.last?.lines.first?.contains("vmalloc error: size ") == true)
        #expect(k.events.last?.lines.first?.contains("page order 0, failed to allocate pages") == true)
        #expect(k.vmallocAreas().isEmpty)
        #expect(k.freeBlocks() == before)
        #expect(k.checkInvariants() == [])
    }
}
