/// Entry point of the layout computation and the pieces every architecture shares.
///
/// Each architecture lives in its own file (LayoutX86_32.swift, LayoutARM.swift,
/// LayoutX86_64.swift) and follows the kernel's code path step by step; the facts and their
/// citations are in `shared/reference/kernel-facts.md` (§1 x86-32, §2 ARM, §3 x86-64).

extension AddressSpaceLayout {
    /// The layout the configured kernel sets up at boot, by the kernel's own formulas.
    ///
    /// Throws where the kernel could not be built or could not boot with this machine
    /// (too little or too much RAM, a `vmalloc=` that trips the kernel's BUG_ON checks).
    public static func compute(_ config: MachineConfig) throws(LayoutError) -> AddressSpaceLayout {
        if let why = KernelFeatures.unsupported(kernel: config.kernel, allocator: config.allocator, arch: config.arch) {
            throw LayoutError.unsupported(why)
        }
        switch config.arch {
        case .x86_32, .x86_32_pae: return try computeX86_32(config)
        case .arm32: return try computeARM(config)
        case .x86_64: return try computeX86_64(config)
        }
    }
}

/// Constants shared by the three architectures (4 KiB pages everywhere we model).
enum Mem {
    static let pageShift: UInt64 = 12
    static let pageSize: UInt64 = 1 << pageShift
    static let KiB = ByteSize.KiB
    static let MiB = ByteSize.MiB
    static let GiB = ByteSize.GiB
    /// Everything a 32-bit `unsigned long` can hold; the kernel's arithmetic wraps here.
    static let mask32: UInt64 = 0xffff_ffff
    /// The top of a 32-bit address space (exclusive).
    static let top32: UInt64 = 1 << 32
    /// The simulator's floor for RAM: ZONE_DMA alone is 16 MiB on x86, and the x86 kernel image
    /// is loaded at CONFIG_PHYSICAL_START = 16 MiB.
    static let minimumRam: UInt64 = 16 << 20
    /// CONFIG_PAGE_OFFSET with VMSPLIT_3G (x86_32 and ARM): the kernel's 1 GiB starts here.
    static let pageOffset3G: UInt64 = 0xC000_0000
    /// The largest CONFIG_NR_CPUS any Kconfig offers (MAXSMP).
    static let maxNrCpus = 8192
    /// Releases the slab allocators' history turns on, as the kernel's changelogs name them.
    static let slubAdded = "2.6.22"
    static let slabRemoved = "6.8"

    /// `pages_to_mb()`: whole MiB in a page count, truncated, as the kernel prints it.
    static func pagesToMB(_ pages: UInt64) -> UInt64 { pages >> (20 - pageShift) }
}

/// CONFIG_NR_CPUS as a number the fixmap arithmetic can use. The largest value any kernel
/// offers is 8192 (MAXSMP); below 1 nothing can be built.
func validNrCpus(_ config: MachineConfig) throws(LayoutError) -> UInt64 {
    let n = config.effectiveNrCpus
    guard n >= 1, n <= Mem.maxNrCpus else {
        throw LayoutError.unsupported(.nrCpusOutOfRange(n))
    }
    return UInt64(n)
}

/// Lays named ranges out bottom to top and fills every gap with a "hole", so the result tiles
/// `[0, top)` with no overlap and no gap. Empty ranges are dropped. `top == nil` means the
/// 2^64 top of a 64-bit space, stored as a wrapped `end == 0` (see `Region`).
func tileRegions(_ spans: [(name: String, start: UInt64, end: UInt64)], top: UInt64?) throws(LayoutError) -> [Region] {
    var regions: [Region] = []
    var cursor: UInt64 = 0
    var reachedTop = false  // a span ended at 2^64 (stored as 0)
    for span in spans where span.end != span.start {
        let reachesTop = top == nil && span.end == 0
        guard !reachedTop, span.start >= cursor, span.end > span.start || reachesTop else {
            throw LayoutError.unsupported(.internalInconsistency("region \(span.name) [\(hexValue(span.start)), \(hexValue(span.end))) overlaps the one below it"))
        }
        if span.start > cursor { regions.append(Region(name: "hole", start: cursor, end: span.start)) }
        regions.append(Region(name: span.name, start: span.start, end: span.end))
        cursor = span.end
        reachedTop = reachesTop
    }
    if reachedTop { return regions }
    if let top {
        guard cursor <= top else {
            throw LayoutError.unsupported(.internalInconsistency("regions run past the top of the address space"))
        }
        if cursor < top { regions.append(Region(name: "hole", start: cursor, end: top)) }
    } else {
        regions.append(Region(name: "hole", start: cursor, end: 0))
    }
    return regions
}

/// Zones as `[start, end)` page-frame ranges clamped to what exists, so a zone the kernel has
/// configured but no RAM reaches is present and empty (the kernel prints it as "empty").
func clampedZone(_ name: String, from start: UInt64, to end: UInt64, limit: UInt64) -> Zone {
    let s = min(start, limit)
    return Zone(name: name, startPfn: s, endPfn: max(s, min(end, limit)))
}
