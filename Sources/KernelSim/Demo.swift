/// The seeds' demo module (seed 000 / 003), replayed on a simulated machine:
///
///     pagemem    = __get_free_page(GFP_KERNEL);
///     kmallocmem = kmalloc(100, GFP_KERNEL);
///     vmallocmem = vmalloc(1000000);
///
/// The seeds pass 0 as the flags; the corrected module passes GFP_KERNEL, as here.
/// module_exit frees all three, which must leave the buddy allocator as it was before insmod.

public struct DemoPointer: Hashable, Sendable {
    /// The module's variable ("pagemem", "kmallocmem", "vmallocmem").
    public var variable: String
    /// The call, as written in the corrected module.
    public var call: String
    /// The pointer; nil when the allocation failed (NULL).
    public var value: UInt64?
    /// Name of the layout region the pointer lies in ("lowmem", "vmalloc", "direct-map", …).
    public var region: String?
    /// Physical address where the pointer is in the linear map (virt_to_phys is valid).
    public var phys: UInt64?
    /// Frames behind the memory: the page / the slab's page / every vmalloc page in order.
    public var pfns: [UInt64]
    /// vmalloc only: whether those frames happen to be consecutive.
    public var physicallyContiguous: Bool?
    /// kmalloc only: the cache that served it, and ksize().
    public var cache: String?
    public var ksize: UInt64?
    /// vmalloc only: what virt_to_phys() would wrongly return for the pointer.
    public var paWouldGive: UInt64?
    /// Machine-readable reason: "lowmem-linear" / "direct-map-linear",
    /// "slab-object-in-lowmem" / "slab-object-in-direct-map", "large-kmalloc-in-lowmem",
    /// "vmalloc-area", "allocation-failed".
    public var reason: String
}

public struct DemoRun: Sendable {
    public var layout: AddressSpaceLayout
    public var seed: UInt64
    public var pointers: [DemoPointer]
    /// The module's `printk("<1>%s addr=%x", …)` lines as the seed wrote them: `%x` prints an
    /// unsigned int, so on 64-bit kernels only the low 32 bits of the pointer appear.
    public var printkLines: [String]
    /// What the kernel logged while the module ran (empty for a correct module).
    public var events: [KernelEvent]
    /// /proc views right after module_init.
    public var procAfterInit: ProcViews
    /// module_exit (free_page, kfree, vfree) gave the buddy allocator back exactly the free
    /// blocks it had before insmod.
    public var exitRestoredFreeLists: Bool
    /// The invariants held after init and after exit.
    public var invariantProblems: [String]
}

public enum Demo {
    public static func run(layout: AddressSpaceLayout, seed: UInt64) -> DemoRun {
        run(on: Kernel(layout: layout, seed: seed))
    }

    /// The demo on an already booted kernel (which it leaves as it found it, if exit restores
    /// the free lists), so a caller can read the fresh machine first and share one boot.
    public static func run(on k: Kernel) -> DemoRun {
        let layout = k.layout
        let seed = k.seed
        let before = k.freeSet()
        let gfpKernel = GFP.v(.kernel, k.kernel)
        let linearWord = layout.config.arch.is64Bit ? "direct-map" : "lowmem"

        var pointers: [DemoPointer] = []
        let page = k.getFreePage(gfp: gfpKernel)
        pointers.append(linearPointer(k, variable: "pagemem", call: "__get_free_page(GFP_KERNEL)", value: page,
                                      reason: "\(linearWord)-linear", cache: nil, ksize: nil))
        let km = k.kmalloc(100, gfp: gfpKernel)
        pointers.append(linearPointer(k, variable: "kmallocmem", call: "kmalloc(100, GFP_KERNEL)", value: km?.address,
                                      reason: km?.cache == nil ? "large-kmalloc-in-\(linearWord)" : "slab-object-in-\(linearWord)",
                                      cache: km?.cache, ksize: km?.ksize))
        let vm = k.vmalloc(1_000_000, caller: "kmemdemo_init [kmemdemo]")
        if let vm {
            let pa: UInt64?
            if case .vmalloc(_, _, _, let naive) = k.translate(virt: vm.addr) { pa = naive } else { pa = nil }
            pointers.append(DemoPointer(variable: "vmallocmem", call: "vmalloc(1000000)", value: vm.addr,
                                        region: layout.region(containing: vm.addr)?.name, phys: nil, pfns: vm.pfns,
                                        physicallyContiguous: vm.physicallyContiguous, cache: nil, ksize: nil,
                                        paWouldGive: pa, reason: "vmalloc-area"))
        } else {
            pointers.append(DemoPointer(variable: "vmallocmem", call: "vmalloc(1000000)", value: nil, region: nil, phys: nil,
                                        pfns: [], physicallyContiguous: nil, cache: nil, ksize: nil, paWouldGive: nil,
                                        reason: "allocation-failed"))
        }
        let printk = pointers.map { "\($0.variable) addr=\(String(($0.value ?? 0) & 0xffff_ffff, radix: 16))" }
        let views = k.procViews()
        var problems = k.checkInvariants()

        // module_exit
        if let page { k.freePagesAddress(page, order: 0) }
        if let km { k.kfree(km.address) }
        if let vm { k.vfree(vm.addr) }
        problems += k.checkInvariants()

        return DemoRun(layout: layout, seed: seed, pointers: pointers, printkLines: printk, events: k.events,
                       procAfterInit: views, exitRestoredFreeLists: k.freeSet() == before, invariantProblems: problems)
    }

    static func linearPointer(_ k: Kernel, variable: String, call: String, value: UInt64?, reason: String,
                              cache: String?, ksize: UInt64?) -> DemoPointer {
        guard let value else {
            return DemoPointer(variable: variable, call: call, value: nil, region: nil, phys: nil, pfns: [],
                               physicallyContiguous: nil, cache: nil, ksize: nil, paWouldGive: nil, reason: "allocation-failed")
        }
        var phys: UInt64? = nil
        if case .linear(let p) = k.translate(virt: value) { phys = p }
        return DemoPointer(variable: variable, call: call, value: value, region: k.layout.region(containing: value)?.name,
                           phys: phys, pfns: phys.map { [$0 >> UInt64(k.arch.pageShift)] } ?? [],
                           physicallyContiguous: nil, cache: cache, ksize: ksize, paWouldGive: nil, reason: reason)
    }
}
