import Testing
@testable import KernelSim

/// The expected values are typed from kernel-facts.md §5.1/§5.2 (the kernel's own values);
/// the simulator derives compositions from the bits, so equality is a real check.
@Suite struct GFPTests {
    // (name, 3.4, 6.1, 6.12); nil = the flag does not exist in that generation.
    static let bits: [(String, UInt64?, UInt64?, UInt64?)] = [
        ("__GFP_DMA", 0x01, 0x01, 0x01),
        ("__GFP_HIGHMEM", 0x02, 0x02, 0x02),
        ("__GFP_DMA32", 0x04, 0x04, 0x04),
        ("__GFP_MOVABLE", 0x08, 0x08, 0x08),
        ("__GFP_WAIT", 0x10, nil, nil),
        ("__GFP_RECLAIMABLE", 0x80000, 0x10, 0x10),
        ("__GFP_HIGH", 0x20, 0x20, 0x20),
        ("__GFP_IO", 0x40, 0x40, 0x40),
        ("__GFP_FS", 0x80, 0x80, 0x80),
        ("__GFP_COLD", 0x100, nil, nil),
        ("__GFP_ZERO", 0x8000, 0x100, 0x100),
        ("__GFP_ATOMIC", nil, 0x200, nil),
        ("__GFP_DIRECT_RECLAIM", nil, 0x400, 0x400),
        ("__GFP_KSWAPD_RECLAIM", nil, 0x800, 0x800),
        ("__GFP_RECLAIM", nil, 0xc00, 0xc00),
        ("__GFP_WRITE", 0x100_0000, 0x1000, 0x1000),
        ("__GFP_NOWARN", 0x200, 0x2000, 0x2000),
        ("__GFP_REPEAT", 0x400, nil, nil),
        ("__GFP_RETRY_MAYFAIL", nil, 0x4000, 0x4000),
        ("__GFP_NOFAIL", 0x800, 0x8000, 0x8000),
        ("__GFP_NORETRY", 0x1000, 0x10000, 0x10000),
        ("__GFP_MEMALLOC", nil, 0x20000, 0x20000),
        ("__GFP_COMP", 0x4000, 0x40000, 0x40000),
        ("__GFP_NOMEMALLOC", 0x10000, 0x80000, 0x80000),
        ("__GFP_HARDWALL", 0x20000, 0x100000, 0x100000),
        ("__GFP_THISNODE", 0x40000, 0x200000, 0x200000),
        ("__GFP_ACCOUNT", nil, 0x400000, 0x400000),
        ("__GFP_ZEROTAGS", nil, 0x800000, 0x800000),
        ("__GFP_NO_KSWAPD", 0x400000, nil, nil),
        ("__GFP_OTHER_NODE", 0x800000, nil, nil),
        // Config-dependent bits at their default-off value.
        ("__GFP_NOTRACK", 0, nil, nil),
        ("__GFP_SKIP_ZERO", nil, 0, 0),
        ("__GFP_SKIP_KASAN_UNPOISON", nil, 0, nil),
        ("__GFP_SKIP_KASAN_POISON", nil, 0, nil),
        ("__GFP_SKIP_KASAN", nil, nil, 0),
        ("__GFP_NOLOCKDEP", nil, 0, 0),
        ("__GFP_NO_OBJ_EXT", nil, nil, 0),
    ]

    static let compositions: [(String, UInt64?, UInt64?, UInt64?)] = [
        ("GFP_KERNEL", 0xd0, 0xcc0, 0xcc0),
        ("GFP_ATOMIC", 0x20, 0xa20, 0x820),
        ("GFP_NOWAIT", 0, 0x800, 0x2800),
        ("GFP_NOIO", 0x10, 0xc00, 0xc00),
        ("GFP_NOFS", 0x50, 0xc40, 0xc40),
        ("GFP_USER", 0x200d0, 0x100cc0, 0x100cc0),
        ("GFP_DMA", 0x01, 0x01, 0x01),
        ("GFP_DMA32", 0x04, 0x04, 0x04),
        ("GFP_HIGHUSER", 0x200d2, 0x100cc2, 0x100cc2),
        ("GFP_HIGHUSER_MOVABLE", 0x200da, 0x100cca, 0x100cca),
        ("GFP_KERNEL_ACCOUNT", nil, 0x400cc0, 0x400cc0),
        ("GFP_TEMPORARY", 0x800d0, nil, nil),
        ("GFP_IOFS", 0xc0, nil, nil),
        ("GFP_TRANSHUGE", 0x4352da, 0x1c24ca, 0x1c24ca),
        ("GFP_TRANSHUGE_LIGHT", nil, 0x1c20ca, 0x1c20ca),
    ]

    static func expected(_ row: (String, UInt64?, UInt64?, UInt64?), _ k: KernelVersion) -> UInt64? {
        switch k {
        case .v2_6, .v3_4: return row.1
        case .v6_1: return row.2
        case .v6_12: return row.3
        }
    }

    @Test(arguments: KernelVersion.allCases)
    func everyBitMatchesTheKernel(kernel: KernelVersion) {
        for row in Self.bits {
            #expect(GFP.value(of: row.0, kernel: kernel) == Self.expected(row, kernel), "\(row.0) on \(kernel)")
        }
    }

    @Test(arguments: KernelVersion.allCases)
    func everyCompositionMatchesTheKernel(kernel: KernelVersion) {
        for row in Self.compositions {
            #expect(GFP.value(of: row.0, kernel: kernel) == Self.expected(row, kernel), "\(row.0) on \(kernel)")
        }
    }

    @Test(arguments: KernelVersion.allCases)
    func flagListIsExactlyTheNonZeroBits(kernel: KernelVersion) {
        let flags = GFP.flags(for: kernel)
        let expected = Self.bits.compactMap { row -> (String, UInt64)? in
            guard let v = Self.expected(row, kernel), v != 0, v.nonzeroBitCount == 1 else { return nil }
            return (row.0, v)
        }
        #expect(Set(flags.map(\.name)) == Set(expected.map(\.0)))
        #expect(flags.allSatisfy { $0.value.nonzeroBitCount == 1 })
        #expect(Set(flags.map(\.value)).count == flags.count)
        #expect(flags.map(\.value) == flags.map(\.value).sorted())
    }

    @Test func compositionsKeepTheKernelsDefinitionText() {
        let c61 = GFP.compositions(for: .v6_1)
        #expect(c61.first { $0.name == "GFP_KERNEL" }?.definition == "__GFP_RECLAIM | __GFP_IO | __GFP_FS")
        #expect(GFP.compositions(for: .v3_4).first { $0.name == "GFP_NOWAIT" }?.definition == "GFP_ATOMIC & ~__GFP_HIGH")
        #expect(c61.allSatisfy { GFP.parse($0.definition, kernel: .v6_1) == $0.value })
    }

    @Test(arguments: KernelVersion.allCases)
    func decodeRoundTrips(kernel: KernelVersion) {
        var rng = AllocTestRandom(UInt64(kernel.rawValue.count) &+ 99)
        let known = GFP.flags(for: kernel).reduce(UInt64(0)) { $0 | $1.value }
        for _ in 0..<500 {
            let v = rng.next() & known
            let names = GFP.decode(v, kernel: kernel)
            #expect(names.reduce(UInt64(0)) { $0 | GFP.value(of: $1, kernel: kernel)! } == v)
            #expect(GFP.parse(names.isEmpty ? "0" : names.joined(separator: "|"), kernel: kernel) == v)
            #expect(GFP.parse(GFP.describe(v, kernel: kernel), kernel: kernel) == v)
        }
        for c in Self.compositions {
            guard let v = Self.expected(c, kernel) else { continue }
            #expect(GFP.parse(GFP.decode(v, kernel: kernel).joined(separator: "|").isEmpty ? "0" : GFP.decode(v, kernel: kernel).joined(separator: "|"), kernel: kernel) == v)
        }
    }

    @Test func decodeReportsUnknownBitsAsHex() {
        #expect(GFP.decode(0x200, kernel: .v6_12) == ["0x200"])  // unused in 6.12
        #expect(GFP.decode(0x200, kernel: .v6_1) == ["__GFP_ATOMIC"])
        #expect(GFP.decode(0x2040, kernel: .v3_4) == ["__GFP_IO", "0x2000"])  // 0x2000 is unused in 3.4
        #expect(GFP.decode(0xcc0, kernel: .v6_1) == ["__GFP_IO", "__GFP_FS", "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM"])
        #expect(GFP.decode(0xd0, kernel: .v3_4) == ["__GFP_WAIT", "__GFP_IO", "__GFP_FS"])
        #expect(GFP.decode(0, kernel: .v6_1) == [])
    }

    @Test func describeUsesCompositions() {
        #expect(GFP.describe(0xcc0, kernel: .v6_1) == "GFP_KERNEL")
        #expect(GFP.describe(0xdc0, kernel: .v6_1) == "GFP_KERNEL|__GFP_ZERO")
        #expect(GFP.describe(0x400cc0, kernel: .v6_12) == "GFP_KERNEL_ACCOUNT")
        #expect(GFP.describe(0xd0, kernel: .v3_4) == "GFP_KERNEL")
        #expect(GFP.describe(0, kernel: .v3_4) == "0")
    }

    @Test func parsesNamesNumbersAndExpressions() {
        #expect(GFP.parse("GFP_KERNEL", kernel: .v6_1) == 0xcc0)
        #expect(GFP.parse("gfp_kernel", kernel: .v6_1) == 0xcc0)
        #expect(GFP.parse("0xcc0", kernel: .v6_1) == 0xcc0)
        #expect(GFP.parse("3264", kernel: .v6_1) == 0xcc0)
        #expect(GFP.parse("GFP_KERNEL|__GFP_ZERO", kernel: .v6_1) == 0xdc0)
        #expect(GFP.parse(" GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN ", kernel: .v6_1) == 0x2dc0)
        #expect(GFP.parse("GFP_KERNEL|__GFP_ZERO", kernel: .v3_4) == 0x80d0)
        #expect(GFP.parse("GFP_KERNEL & ~__GFP_DIRECT_RECLAIM", kernel: .v6_1) == 0x8c0)
        #expect(GFP.parse("(GFP_KERNEL | __GFP_HIGH) & ~__GFP_DIRECT_RECLAIM", kernel: .v6_1) == 0x8e0)
        #expect(GFP.parse("___GFP_IO", kernel: .v6_12) == 0x40)
        #expect(GFP.parse("GFP_ATOMIC|0x100", kernel: .v6_12) == 0x920)
    }

    @Test(arguments: ["", "GFP_FOO", "GFP_KERNEL |", "| GFP_KERNEL", "0x1ffffffff", "0xzz", "(GFP_KERNEL",
                      "GFP_KERNEL)", "~", "GFP_KERNEL GFP_ATOMIC", "GFP_KERNEL||GFP_ATOMIC", "99999999999999999999"])
    func rejectsMalformed(text: String) {
        #expect(GFP.parse(text, kernel: .v6_1) == nil)
    }

    @Test func namesBelongToTheirGeneration() {
        #expect(GFP.parse("GFP_KERNEL_ACCOUNT", kernel: .v3_4) == nil)
        #expect(GFP.parse("__GFP_WAIT", kernel: .v6_1) == nil)
        #expect(GFP.parse("GFP_TEMPORARY", kernel: .v6_12) == nil)
        #expect(GFP.parse("__GFP_ATOMIC", kernel: .v6_12) == nil)
        #expect(GFP.value(of: "GFP_KERNEL", kernel: .v2_6) == GFP.value(of: "GFP_KERNEL", kernel: .v3_4))
    }

    @Test(arguments: KernelVersion.allCases)
    func mayBlockIsGfpflagsAllowBlocking(kernel: KernelVersion) {
        func blocks(_ n: String) -> Bool { GFP.mayBlock(GFP.parse(n, kernel: kernel)!, kernel: kernel) }
        #expect(blocks("GFP_KERNEL"))
        #expect(blocks("GFP_NOIO"))
        #expect(blocks("GFP_NOFS"))
        #expect(blocks("GFP_USER"))
        #expect(!blocks("GFP_ATOMIC"))
        #expect(!blocks("GFP_NOWAIT"))
        #expect(!blocks("GFP_DMA"))
        if kernel >= .v6_1 {
            #expect(!blocks("__GFP_KSWAPD_RECLAIM"))
            #expect(blocks("__GFP_DIRECT_RECLAIM"))
            #expect(!blocks("GFP_TRANSHUGE_LIGHT"))
            #expect(GFP.blockingBitName(kernel) == "__GFP_DIRECT_RECLAIM")
        } else {
            #expect(blocks("__GFP_WAIT"))
            #expect(GFP.blockingBitName(kernel) == "__GFP_WAIT")
        }
    }
}

/// The names the simulator passes internally exist where it relies on them.
@Suite struct GFPInternalNameTests {
    @Test func everyInternalNameIsAKernelFlag() {
        for name in GFP.Name.allCases {
            #expect(KernelVersion.allCases.contains { GFP.defines(name, $0) }, "\(name.rawValue) is in no generation's table")
        }
        // Flags every generation has: a zero here would silently change every allocation.
        for name in [GFP.Name.kernel, .highmem, .zero, .nowarn, .comp, .dma] {
            for k in KernelVersion.allCases { #expect(GFP.defines(name, k) && GFP.v(name, k) != 0, "\(name.rawValue) in \(k)") }
        }
    }
}
