/// The virtual address-space layout a kernel sets up at boot, computed by its own formulas.
///
/// Conventions: every range is `[start, end)` (end exclusive) unless a field says otherwise.
/// The topmost region of a 64-bit space ends at 2^64, which `UInt64` cannot hold: it is stored
/// as `end == 0` (wrapped), so `size` and `contains` use wrapping arithmetic.
public struct Region: Hashable, Sendable, Codable {
    /// Stable machine name: "user", "lowmem", "vmalloc-hole", "vmalloc", "vmalloc-guard",
    /// "pkmap", "ldt", "cpu-entry-area", "fixmap", "modules", "vectors", "direct-map",
    /// "vmemmap", "kernel-text", "hole", ...
    public var name: String
    public var start: UInt64
    public var end: UInt64
    public init(name: String, start: UInt64, end: UInt64) {
        self.name = name; self.start = start; self.end = end
    }
    public var size: UInt64 { end &- start }
    /// Wrap-aware: also right for the top region of a 64-bit space (`end == 0`).
    public func contains(_ addr: UInt64) -> Bool { addr &- start < end &- start }
    /// The last address inside the region (inclusive), as the kernel documents ranges.
    public var last: UInt64 { end &- 1 }
}

/// Page frames `[startPfn, endPfn)` that hold RAM (the kernel's memblock.memory, node 0).
public struct MemoryRange: Hashable, Sendable, Codable {
    public var startPfn: UInt64
    public var endPfn: UInt64
    public init(startPfn: UInt64, endPfn: UInt64) { self.startPfn = startPfn; self.endPfn = endPfn }
    public var pages: UInt64 { endPfn - startPfn }
}

public struct Zone: Hashable, Sendable, Codable {
    /// "DMA", "DMA32", "Normal", "HighMem"
    public var name: String
    /// `[startPfn, endPfn)`
    public var startPfn: UInt64
    public var endPfn: UInt64
    public init(name: String, startPfn: UInt64, endPfn: UInt64) {
        self.name = name; self.startPfn = startPfn; self.endPfn = endPfn
    }
    public var pages: UInt64 { endPfn - startPfn }
}

/// A line the kernel prints while computing the layout (clamp warnings, highmem notices).
public struct KernelMessage: Hashable, Sendable, Codable {
    public var level: String  // "KERN_WARNING", "KERN_INFO", "KERN_NOTICE"
    public var text: String
    public init(level: String, text: String) { self.level = level; self.text = text }
}

public enum LayoutError: Error, Hashable, Sendable {
    /// RAM below what the kernel can boot with on this arch (message says the minimum).
    case ramTooSmall(minimum: UInt64)
    /// RAM beyond what the arch can address (e.g. > 4 GiB without PAE, > 64 GiB with PAE).
    case ramTooLarge(maximum: UInt64)
    /// A combination this generation cannot build or boot.
    case unsupported(Unsupported)

    /// English, for the command line and diagnostics.
    public var message: String {
        switch self {
        case .ramTooSmall(let m): return "RAM is below the \(ByteSize.format(m)) this kernel needs to boot"
        case .ramTooLarge(let m): return "RAM is above the \(ByteSize.format(m)) this architecture can address"
        case .unsupported(let why): return why.message
        }
    }

    /// True when a real kernel boots but the simulator does not model it (ARM before 3.4,
    /// x86-64 before 6.1): a page must not say "does not boot" then.
    public var isModelLimit: Bool {
        if case .unsupported(let why) = self { return why.isModelLimit }
        return false
    }

    /// The reason as an id and its values, for a page that words it in the reader's language
    /// (ui.yaml `explorer.reason.<id>`, with `{name}` placeholders).
    public var reason: (id: String, values: [String: String]) {
        switch self {
        case .ramTooSmall(let m): return ("ram_too_small", ["size": ByteSize.format(m)])
        case .ramTooLarge(let m): return ("ram_too_large", ["size": ByteSize.format(m)])
        case .unsupported(let why): return why.reason
        }
    }
}

/// What a configuration asks that the modelled kernel cannot do: each case is one check of
/// the kernel's (or of its Kconfig), named so a page can explain it in any language.
public enum Unsupported: Hashable, Sendable {
    /// Every id `reason` gives (with LayoutError's own), so content can be checked for a
    /// wording of each.
    public static let reasonIds = ["ram_too_small", "ram_too_large", "no_slub", "no_slab", "arm_board_specific", "old_x86_64_map",
                                   "nr_cpus_range", "fixmap_too_large", "cpu_entry_area_too_large", "lowmem_below_kernel",
                                   "pkmap_overlaps_fixmap", "no_vmalloc_area", "high_memory_above_vmalloc", "internal"]

    /// 2.6.18 with SLUB (added in 2.6.22).
    case noSlub(KernelVersion)
    /// 6.12 with SLAB (removed in 6.8).
    case noSlab(KernelVersion)
    /// ARM before 3.4: each board set its own VMALLOC_END.
    case armBoardSpecific(KernelVersion)
    /// x86-64 before 6.1: an older map the simulator does not model.
    case oldX86_64Map(KernelVersion)
    case nrCpusOutOfRange(Int)
    case fixmapTooLarge(nrCpus: UInt64, pages: UInt64)
    case cpuEntryAreaTooLarge(nrCpus: UInt64)
    /// vmalloc= so large that lowmem would end below the kernel image.
    case lowmemBelowKernel(lowmem: UInt64, maxmem: UInt64)
    case pkmapOverlapsFixmap
    case noVmallocArea(start: UInt64, end: UInt64)
    case highMemoryAboveVmalloc
    /// The simulator's own consistency checks (a bug in the model, not the machine).
    case internalInconsistency(String)

    public var message: String {
        switch self {
        case .noSlub(let k):
            return "Linux \(k.release) has no SLUB: SLUB was added in Linux \(Mem.slubAdded); use --allocator slab (or --kernel 3.4 for SLUB)"
        case .noSlab(let k):
            return "Linux \(k.rawValue) has no SLAB: SLAB was removed in Linux \(Mem.slabRemoved) (SLUB is the only slab allocator since); use --allocator slub, or --kernel 6.1 for SLAB"
        case .armBoardSpecific(let k):
            return "ARM is modelled from Linux 3.4 on: in \(k.release) each ARM board set its own VMALLOC_END (arch/arm/mach-*/include/mach/vmalloc.h) and there was no vmalloc= boot parameter for ARM; use --kernel 3.4"
        case .oldX86_64Map(let k):
            return k == .v2_6
                ? "the x86_64 layout is modelled for 6.1 and 6.12 only: \(k.release) used an older map (direct mapping at 0xffff810000000000); use --kernel 6.1"
                : "the x86_64 layout is modelled for 6.1 and 6.12 only: \(k.rawValue) used an older map (direct mapping at 0xffff880000000000, no LDT remap or CPU entry area)"
        case .nrCpusOutOfRange(let n): return "NR_CPUS=\(n) is outside 1...\(Mem.maxNrCpus), the range the kernel's Kconfig allows"
        case .fixmapTooLarge(let n, let pages): return "the fixmap for NR_CPUS=\(n) (\(pages) pages) does not fit in the kernel's 1 GiB"
        case .cpuEntryAreaTooLarge(let n): return "the CPU entry area for NR_CPUS=\(n) does not fit in the kernel's 1 GiB"
        case .lowmemBelowKernel(let lowmem, let maxmem):
            return "lowmem would end at \(ByteSize.format(lowmem)) (MAXMEM = \(hexValue(maxmem))), below the 16 MiB where the kernel image is loaded: this kernel cannot boot; use a smaller vmalloc="
        case .pkmapOverlapsFixmap: return "the kernel would hit BUG_ON(PKMAP_BASE + LAST_PKMAP*PAGE_SIZE > FIXADDR_START) in mem_init()"
        case .noVmallocArea(let start, let end):
            return "the kernel would hit BUG_ON(VMALLOC_START >= VMALLOC_END) in mem_init(): VMALLOC_START \(hexAddress(start, digits: 8)) is not below VMALLOC_END \(hexAddress(end, digits: 8)): this vmalloc= leaves no vmalloc area"
        case .highMemoryAboveVmalloc: return "the kernel would hit BUG_ON(high_memory > VMALLOC_START) in mem_init()"
        case .internalInconsistency(let what): return "internal error: \(what)"
        }
    }

    public var isModelLimit: Bool {
        switch self {
        case .armBoardSpecific, .oldX86_64Map, .internalInconsistency: return true
        default: return false
        }
    }

    /// "2.6.18" (the one 2.6 release modelled), otherwise the generation as the site names it.
    private static func name(_ k: KernelVersion) -> String { k == .v2_6 ? k.release : k.rawValue }

    public var reason: (id: String, values: [String: String]) {
        switch self {
        case .noSlub(let k): return ("no_slub", ["release": Self.name(k), "added": Mem.slubAdded])
        case .noSlab(let k): return ("no_slab", ["release": Self.name(k), "removed": Mem.slabRemoved])
        case .armBoardSpecific(let k): return ("arm_board_specific", ["release": Self.name(k), "from": KernelVersion.v3_4.rawValue])
        case .oldX86_64Map(let k): return ("old_x86_64_map", ["release": Self.name(k), "from": KernelVersion.v6_1.rawValue])
        case .nrCpusOutOfRange(let n): return ("nr_cpus_range", ["nr_cpus": String(n), "max": String(Mem.maxNrCpus)])
        case .fixmapTooLarge(let n, let pages):
            return ("fixmap_too_large", ["nr_cpus": String(n), "pages": String(pages), "kernel_space": ByteSize.format(Mem.top32 - Mem.pageOffset3G)])
        case .cpuEntryAreaTooLarge(let n): return ("cpu_entry_area_too_large", ["nr_cpus": String(n), "kernel_space": ByteSize.format(Mem.top32 - Mem.pageOffset3G)])
        case .lowmemBelowKernel(let lowmem, let maxmem):
            return ("lowmem_below_kernel", ["lowmem": ByteSize.format(lowmem), "maxmem": hexValue(maxmem), "kernel_load": ByteSize.format(Mem.minimumRam)])
        case .pkmapOverlapsFixmap: return ("pkmap_overlaps_fixmap", [:])
        case .noVmallocArea(let start, let end): return ("no_vmalloc_area", ["start": hexAddress(start, digits: 8), "end": hexAddress(end, digits: 8)])
        case .highMemoryAboveVmalloc: return ("high_memory_above_vmalloc", [:])
        case .internalInconsistency(let what): return ("internal", ["what": what])
        }
    }
}

/// The computed layout. Field names follow the kernel's symbols.
public struct AddressSpaceLayout: Sendable, Hashable {
    public var config: MachineConfig
    public var pageOffset: UInt64
    /// `high_memory`: end of the direct (linear) mapping of lowmem.
    public var highMemory: UInt64
    public var vmallocStart: UInt64
    /// VMALLOC_END as an exclusive bound (x86-64's inclusive constant + 1).
    public var vmallocEnd: UInt64
    public var pkmapBase: UInt64?
    public var pkmapEnd: UInt64?
    public var fixaddrStart: UInt64
    public var fixaddrTop: UInt64
    public var modulesStart: UInt64
    public var modulesEnd: UInt64
    /// x86-32 MAXMEM (largest possible lowmem); nil elsewhere.
    public var maxmem: UInt64?
    public var lowmemBytes: UInt64
    public var highmemBytes: UInt64
    /// RAM the kernel ignores (no HIGHMEM, or above what the arch addresses).
    public var discardedBytes: UInt64
    /// Every region from the bottom of the address space to the top, user space included.
    public var regions: [Region]
    public var zones: [Zone]
    /// What the kernel printed while setting this up (vmalloc= clamps, "Warning only ...").
    public var messages: [KernelMessage]

    // Added by the layout computation (defaults keep the memberwise `init` below unchanged).
    /// PHYS_OFFSET: physical address of the first RAM byte (0 on x86; assumed 0x80000000 on ARM).
    public var physOffset: UInt64 = 0
    /// `max_pfn` after the kernel's clamps: one past the last page frame the kernel uses.
    public var maxPfn: UInt64 = 0
    /// `max_low_pfn`: one past the last lowmem (directly mapped) page frame.
    public var maxLowPfn: UInt64 = 0
    /// x86-32 `__VMALLOC_RESERVE` (128 MiB, or `vmalloc=` + VMALLOC_OFFSET); nil elsewhere.
    public var vmallocReserve: UInt64?
    /// ARM `vmalloc_min`: the virtual address lowmem may not reach; nil elsewhere.
    public var vmallocMin: UInt64?
    /// x86-32 start of the boot-time fixmap (FIXADDR_BOOT_START, 6.x FIXADDR_TOT_START).
    public var fixaddrBootStart: UInt64?
    /// x86-32 `__end_of_permanent_fixed_addresses` and `__end_of_fixed_addresses` (slots = pages).
    public var fixmapPermanentSlots: Int?
    public var fixmapTotalSlots: Int?
    /// x86-32 6.x CPU_ENTRY_AREA_BASE and LDT_BASE_ADDR; x86-64 fixed bases; nil elsewhere.
    public var cpuEntryAreaBase: UInt64?
    public var ldtBase: UInt64?
    /// x86-64 MODULES_VADDR with CONFIG_RANDOMIZE_BASE (distro kernels): KERNEL_IMAGE_SIZE is
    /// 1 GiB there, so modules start at 0xffffffffc0000000 instead of `modulesStart`.
    public var modulesStartWithKASLR: UInt64?
    /// RAM page frames the kernel uses, in order; zones span the holes between them (the
    /// 640 KiB–1 MiB BIOS window, the PCI hole below 4 GiB). Empty only for layouts built by hand.
    public var memory: [MemoryRange] = []
    /// x86: the e820 map the layout was computed from.
    public var e820: [E820Entry] = []

    public init(config: MachineConfig, pageOffset: UInt64, highMemory: UInt64, vmallocStart: UInt64,
                vmallocEnd: UInt64, pkmapBase: UInt64?, pkmapEnd: UInt64?, fixaddrStart: UInt64,
                fixaddrTop: UInt64, modulesStart: UInt64, modulesEnd: UInt64, maxmem: UInt64?,
                lowmemBytes: UInt64, highmemBytes: UInt64, discardedBytes: UInt64,
                regions: [Region], zones: [Zone], messages: [KernelMessage]) {
        self.config = config; self.pageOffset = pageOffset; self.highMemory = highMemory
        self.vmallocStart = vmallocStart; self.vmallocEnd = vmallocEnd; self.pkmapBase = pkmapBase
        self.pkmapEnd = pkmapEnd; self.fixaddrStart = fixaddrStart; self.fixaddrTop = fixaddrTop
        self.modulesStart = modulesStart; self.modulesEnd = modulesEnd; self.maxmem = maxmem
        self.lowmemBytes = lowmemBytes; self.highmemBytes = highmemBytes
        self.discardedBytes = discardedBytes; self.regions = regions; self.zones = zones
        self.messages = messages
    }

    public var vmallocSize: UInt64 { vmallocEnd - vmallocStart }
    /// VMALLOC_END as the kernel's headers define it: inclusive on x86-64
    /// (`VMALLOC_START + (VMALLOC_SIZE_TB << 40) - 1`), exclusive on x86-32 and ARM.
    public var kernelVmallocEnd: UInt64 { config.arch == .x86_64 ? vmallocEnd - 1 : vmallocEnd }
    public func region(containing addr: UInt64) -> Region? { regions.first { $0.contains(addr) } }
}
