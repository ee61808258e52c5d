/// What the simulator models: one machine, as a kernel of one generation sees it at boot.
///
/// Every number kmemguide shows is computed from a `MachineConfig` by the kernel's own
/// formulas (see `../shared/reference/kernel-facts.md`); nothing here is a table of answers.

public enum Arch: String, CaseIterable, Sendable, Codable {
    case x86_32 = "x86_32"
    case x86_32_pae = "x86_32-pae"
    case arm32 = "arm32"
    case x86_64 = "x86_64"

    public var is64Bit: Bool { self == .x86_64 }
    public var isX86_32: Bool { self == .x86_32 || self == .x86_32_pae }
    public var pageShift: Int { 12 }
    public var pageSize: UInt64 { 1 << UInt64(pageShift) }
    /// Width of a printed address (`%08lx` on 32-bit, 16 hex digits on 64-bit).
    public var addressDigits: Int { is64Bit ? 16 : 8 }
    public var bitsPerLong: Int { is64Bit ? 64 : 32 }
    /// PMD_SIZE, what one entry of the level above the page tables maps: 4 MiB on x86-32
    /// with two-level tables (pgtable-2level_types.h: PGDIR_SHIFT 22), 2 MiB with PAE and on
    /// x86-64 (PMD_SHIFT 21), 2 MiB on ARM, whose Linux PMD is a pair of 1 MiB sections
    /// (arch/arm/include/asm/pgtable-2level.h: PMD_SHIFT 21).
    public var pmdSize: UInt64 { self == .x86_32 ? 4 << 20 : 2 << 20 }
}

/// Generic KASAN's shadow: one shadow byte per granule of memory
/// (KASAN_GRANULE_SIZE = 1 << KASAN_SHADOW_SCALE_SHIFT; mm/kasan/kasan.h,
/// arch/x86/include/asm/kasan.h: KASAN_SHADOW_SCALE_SHIFT 3).
public enum Kasan {
    public static let shadowScaleShift = 3
    public static var granuleSize: UInt64 { 1 << UInt64(shadowScaleShift) }
}

/// Kernel generations, where they differ in the facts we model.
public enum KernelVersion: String, CaseIterable, Sendable, Codable, Comparable {
    case v2_6 = "2.6"
    case v3_4 = "3.4"
    case v6_1 = "6.1"
    case v6_12 = "6.12"

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    /// The one release each generation stands for: every rule of the generation is that
    /// release's (kernel-facts.md; for 2.6, `KernelSim/Release26.swift`).
    public var release: String {
        switch self {
        case .v2_6: return "2.6.18"
        case .v3_4: return "3.4.2"
        case .v6_1: return "6.1.192"
        case .v6_12: return "6.12.117"
        }
    }
}

/// What a kernel release could not be built with, as the kernel's history has it.
public enum KernelFeatures {
    /// Why `kernel` cannot be configured with `allocator` on `arch`; nil when it can.
    ///
    /// - SLUB first shipped in 2.6.22 (mm/slub.c added; 2.6.18 has mm/slab.c and mm/slob.c only).
    /// - SLAB was removed in 6.8 (mm/slab.c deleted; 6.5 deprecated it as SLAB_DEPRECATED), so
    ///   6.12 has SLUB only.
    public static func unsupported(kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch) -> Unsupported? {
        if kernel == .v2_6 && allocator == .slub { return .noSlub(kernel) }
        if kernel == .v6_12 && allocator == .slab { return .noSlab(kernel) }
        if kernel == .v2_6 && arch == .arm32 { return .armBoardSpecific(kernel) }
        if kernel == .v2_6 && arch == .x86_64 { return .oldX86_64Map(kernel) }
        return nil
    }
}

public enum SlabAllocatorKind: String, CaseIterable, Sendable, Codable {
    case slub, slab

    /// The allocator a generation is built with when none is asked for: SLAB for 2.6.18 (it
    /// had no SLUB), SLUB from 3.4 on (the default since 2.6.23).
    public static func `default`(for kernel: KernelVersion) -> SlabAllocatorKind { kernel == .v2_6 ? .slab : .slub }
}

public struct MachineConfig: Hashable, Sendable, Codable {
    /// The largest CONFIG_NR_CPUS any Kconfig offers (MAXSMP); the layout refuses more.
    public static let maxNrCpus = Mem.maxNrCpus

    public var arch: Arch
    public var kernel: KernelVersion
    /// Installed RAM in bytes, starting at physical address 0 (x86) or PHYS_OFFSET (ARM).
    public var ramBytes: UInt64
    /// RAM the firmware keeps at the top (e820-reserved), e.g. QEMU's BIOS keeps 128 KiB.
    public var reservedTopBytes: UInt64
    /// CONFIG_NR_CPUS; nil means the generation's default for the arch.
    public var nrCpus: Int?
    /// CONFIG_HIGHMEM (32-bit only).
    public var highmem: Bool
    public var allocator: SlabAllocatorKind
    /// The `vmalloc=` boot parameter in bytes, if given.
    public var vmallocParam: UInt64?
    /// CONFIG_PARAVIRT (adds fixmap slots on x86-32; distro kernels have it).
    public var paravirt: Bool
    /// CONFIG_ACPI_APEI_GHES: in 6.x it adds FIX_APEI_GHES_IRQ and FIX_APEI_GHES_NMI to the
    /// permanent fixmap (x86-32 and x86-64). Debian's 6.1 kernels have it (verify/captures).
    public var apeiGhes: Bool
    /// The BIOS-e820 map (x86 only). nil: the map a QEMU `pc` machine with `ramBytes` gets
    /// (`E820.pc`): RAM from 0 with the 640 KiB–1 MiB hole, `reservedTopBytes` kept at the top
    /// of low RAM, and RAM beyond 3.5 GiB moved above 4 GiB past the PCI hole.
    public var e820: [E820Entry]? = nil
    /// x86-64 CONFIG_RANDOMIZE_BASE (KASLR): KERNEL_IMAGE_SIZE is 1 GiB with it, 512 MiB without,
    /// so the modules area starts at 0xffffffffc0000000 or 0xffffffffa0000000. Every distribution
    /// kernel has it (also when booted with `nokaslr`: the constant is set at build time).
    public var randomizeBase: Bool = true
    /// x86-64 5-level paging (CONFIG_X86_5LEVEL on a CPU with LA57): another map.
    public var la57: Bool = false
    /// Boot-time vmalloc users (BootVmalloc: early ioremaps, IRQ stacks, per-CPU chunks, BPF and
    /// crypto buffers, as the captured 6.1 kernels have them) hold the bottom of the vmalloc
    /// area when a module runs. false: an empty area (what the unit tests of vmalloc() use).
    public var bootVmallocAreas: Bool = true
    /// ARM: the board's PHYS_OFFSET (where RAM starts); nil: 0x80000000. QEMU's `virt` board
    /// has RAM at 0x40000000 (the captures' PHYS_OFFSET). The virtual layout does not depend on it.
    public var armPhysOffset: UInt64? = nil
    /// ARM CONFIG_ZONE_DMA (Debian's armmp kernels have it): with no board DMA limit
    /// (arm_dma_pfn_limit covers all lowmem) ZONE_DMA holds all lowmem and ZONE_NORMAL is empty,
    /// as the captures' "DMA [mem 0x40000000-…] / Normal empty" show.
    public var armZoneDMA: Bool = false

    public init(arch: Arch, kernel: KernelVersion, ramBytes: UInt64, reservedTopBytes: UInt64 = 0,
                nrCpus: Int? = nil, highmem: Bool = true, allocator: SlabAllocatorKind? = nil,
                vmallocParam: UInt64? = nil, paravirt: Bool = false, apeiGhes: Bool = false) {
        self.arch = arch
        self.kernel = kernel
        self.ramBytes = ramBytes
        self.reservedTopBytes = reservedTopBytes
        self.nrCpus = nrCpus
        self.highmem = highmem
        self.allocator = allocator ?? .default(for: kernel)
        self.vmallocParam = vmallocParam
        self.paravirt = paravirt
        self.apeiGhes = apeiGhes
    }

    /// NR_CPUS as the kernel was built: the default is 8 for SMP i386 and ARM, 64 on x86-64.
    public var effectiveNrCpus: Int { nrCpus ?? (arch == .x86_64 ? 64 : 8) }
    /// Physical address of the first byte of RAM: 0 on x86; on ARM the board's PHYS_OFFSET,
    /// modelled as 0x80000000 (common on ARMv7 boards; the layout does not depend on it).
    public var physOffset: UInt64 { arch == .arm32 ? armPhysOffset ?? 0x8000_0000 : 0 }
    /// RAM the kernel can use: what is installed less what the firmware keeps.
    public var usableRamBytes: UInt64 { ramBytes > reservedTopBytes ? ramBytes - reservedTopBytes : 0 }
    /// The e820 map the machine boots with (x86): `e820`, or QEMU `pc`'s for `ramBytes`.
    public var effectiveE820: [E820Entry] { e820 ?? E820.pc(ram: ramBytes, reservedTop: reservedTopBytes) }
}
