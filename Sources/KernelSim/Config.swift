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
}

/// Kernel generations, where they differ in the facts we model.
public enum KernelVersion: String, CaseIterable, Sendable, Codable, Comparable {
    case v2_6 = "2.6"
    case v3_4 = "3.4"
    case v6_1 = "6.1"
    case v6_12 = "6.12"

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

public enum SlabAllocatorKind: String, CaseIterable, Sendable, Codable {
    case slub, slab
}

public struct MachineConfig: Hashable, Sendable, Codable {
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

    public init(arch: Arch, kernel: KernelVersion, ramBytes: UInt64, reservedTopBytes: UInt64 = 0,
                nrCpus: Int? = nil, highmem: Bool = true, allocator: SlabAllocatorKind = .slub,
                vmallocParam: UInt64? = nil, paravirt: Bool = false, apeiGhes: Bool = false) {
        self.arch = arch
        self.kernel = kernel
        self.ramBytes = ramBytes
        self.reservedTopBytes = reservedTopBytes
        self.nrCpus = nrCpus
        self.highmem = highmem
        self.allocator = allocator
        self.vmallocParam = vmallocParam
        self.paravirt = paravirt
        self.apeiGhes = apeiGhes
    }

    /// NR_CPUS as the kernel was built: the default is 8 for SMP i386 and ARM, 64 on x86-64.
    public var effectiveNrCpus: Int { nrCpus ?? (arch == .x86_64 ? 64 : 8) }
    /// Physical address of the first byte of RAM: 0 on x86; on ARM the board's PHYS_OFFSET,
    /// modelled as 0x80000000 (common on ARMv7 boards; the layout does not depend on it).
    public var physOffset: UInt64 { arch == .arm32 ? 0x8000_0000 : 0 }
    /// RAM the kernel can use: what is installed less what the firmware keeps.
    public var usableRamBytes: UInt64 { ramBytes > reservedTopBytes ? ramBytes - reservedTopBytes : 0 }
}
