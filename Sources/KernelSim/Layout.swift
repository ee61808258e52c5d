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
    /// A combination this generation cannot build (e.g. `x86_32-pae` without HIGHMEM).
    case unsupported(String)

    public var message: String {
        switch self {
        case .ramTooSmall(let m): return "RAM is below the \(ByteSize.format(m)) this kernel needs to boot"
        case .ramTooLarge(let m): return "RAM is above the \(ByteSize.format(m)) this architecture can address"
        case .unsupported(let why): return why
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
