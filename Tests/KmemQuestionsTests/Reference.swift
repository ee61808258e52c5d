/// An independent reference for the generated families: the formulas and constants of
/// ../shared/reference/kernel-facts.md written out again, without calling the simulator, so
/// a test can check that the simulator and the families agree with the kernel.
enum Ref {
    static let pageOffset: UInt64 = 0xC000_0000
    static let hole: UInt64 = 8 << 20  // VMALLOC_OFFSET
    static let MiB: UInt64 = 1 << 20

    // MARK: x86-32 (§1.4/§1.5: NR_CPUS = 8, default configuration)

    static func pkmapBase(kernel: String, pae: Bool) -> UInt64 {
        kernel == "3.4" ? (pae ? 0xffc0_0000 : 0xff80_0000) : (pae ? 0xff60_0000 : 0xff00_0000)
    }
    static func pkmapEnd(kernel: String, pae: Bool) -> UInt64 { pkmapBase(kernel: kernel, pae: pae) + (pae ? 2 : 4) * MiB }
    /// VMALLOC_END = PKMAP_BASE − 2 pages.
    static func vmallocEnd(kernel: String, pae: Bool) -> UInt64 { pkmapBase(kernel: kernel, pae: pae) - 8192 }
    static func fixaddrStart(kernel: String) -> UInt64 { kernel == "3.4" ? 0xfff1_7000 : 0xfff3_a000 }
    /// __VMALLOC_RESERVE: 128 MiB, or vmalloc= + VMALLOC_OFFSET.
    static func reserve(_ param: UInt64?) -> UInt64 { param.map { $0 + hole } ?? 128 * MiB }
    static func maxmem(kernel: String, pae: Bool, param: UInt64?) -> UInt64 {
        vmallocEnd(kernel: kernel, pae: pae) - pageOffset - reserve(param)
    }
    static func lowmem(ram: UInt64, kernel: String, pae: Bool, param: UInt64?) -> UInt64 {
        min(ram, maxmem(kernel: kernel, pae: pae, param: param))
    }
    static func highMemory(ram: UInt64, kernel: String, pae: Bool, param: UInt64?) -> UInt64 {
        pageOffset + lowmem(ram: ram, kernel: kernel, pae: pae, param: param)
    }
    /// VMALLOC_START = high_memory + VMALLOC_OFFSET, no rounding (3.4, 6.1).
    static func vmallocStart(ram: UInt64, kernel: String, pae: Bool, param: UInt64?) -> UInt64 {
        highMemory(ram: ram, kernel: kernel, pae: pae, param: param) + hole
    }

    /// The region names of the questions asked about; "other" for regions not asked about.
    static func region(_ a: UInt64, ram: UInt64, kernel: String, pae: Bool) -> String {
        let hm = highMemory(ram: ram, kernel: kernel, pae: pae, param: nil)
        if a < pageOffset { return "user" }
        if a < hm { return "lowmem" }
        if a < hm + hole { return "vmalloc-hole" }
        if a < vmallocEnd(kernel: kernel, pae: pae) { return "vmalloc" }
        if a >= pkmapBase(kernel: kernel, pae: pae) && a < pkmapEnd(kernel: kernel, pae: pae) { return "pkmap" }
        if a >= fixaddrStart(kernel: kernel) && a < 0xffff_f000 { return "fixmap" }
        return "other"
    }

    // MARK: ARM 3.4 (§2.2)

    static func armVmallocSize(ram: UInt64, param: UInt64) -> UInt64 {
        let vmallocEnd: UInt64 = 0xff00_0000
        let reserve = min(max(param, 16 * MiB), vmallocEnd - (pageOffset + 32 * MiB))
        let vmallocMin = vmallocEnd - reserve
        let low = min(ram, vmallocMin - pageOffset)
        let start = (pageOffset + low + hole) & ~(hole - 1)
        return vmallocEnd - start
    }

    // MARK: Page allocator (§4.6, §7.2)

    static func getOrder(_ size: UInt64) -> Int {
        let pages = (size + 4095) / 4096
        var o = 0
        while (UInt64(1) << UInt64(o)) < pages { o += 1 }
        return o
    }
    static let largestOrder = 10  // MAX_ORDER − 1 (3.4, 6.1), MAX_PAGE_ORDER (6.12)

    // MARK: kmalloc (§4.1–4.4, §4.7)

    enum Placement: Equatable { case cache(String, UInt64), pages(Int), null }

    static func kmalloc(_ size: UInt64, kernel: String, allocator: String) -> Placement {
        if kernel == "2.6" || (kernel == "3.4" && allocator == "slab") {
            // SLAB size-N: 32, 64, (no 96 with 64-byte lines), 128, 192, 256, … up to the limit.
            let limit: UInt64 = kernel == "2.6" ? 128 * 1024 : 4 * MiB
            var classes: [UInt64] = [32, 64, 128, 192]
            var s: UInt64 = 256
            while s <= limit { classes.append(s); s <<= 1 }
            if let c = classes.first(where: { $0 >= size }) { return .cache("size-\(c)", c) }
            return .null
        }
        let smallest: UInt64 = kernel == "6.1" && allocator == "slab" ? 32 : 8
        var classes: [UInt64] = [96, 192]
        var s = smallest
        while s <= 8192 { classes.append(s); s <<= 1 }
        classes.sort()
        if size <= 8192 {
            let c = classes.first { $0 >= size }!
            let name: String
            if kernel == "3.4" || c < 1024 { name = "kmalloc-\(c)" } else { name = "kmalloc-\(c / 1024)k" }
            return .cache(name, c)
        }
        if size <= 4 * MiB { return .pages(getOrder(size)) }
        return .null
    }

    // MARK: GFP (§5.1, §5.2)

    static let bits34: [(String, UInt64)] = [
        ("__GFP_DMA", 0x1), ("__GFP_HIGHMEM", 0x2), ("__GFP_DMA32", 0x4), ("__GFP_MOVABLE", 0x8), ("__GFP_WAIT", 0x10),
        ("__GFP_HIGH", 0x20), ("__GFP_IO", 0x40), ("__GFP_FS", 0x80), ("__GFP_COLD", 0x100), ("__GFP_NOWARN", 0x200),
        ("__GFP_REPEAT", 0x400), ("__GFP_NOFAIL", 0x800), ("__GFP_NORETRY", 0x1000), ("__GFP_COMP", 0x4000),
        ("__GFP_ZERO", 0x8000), ("__GFP_NOMEMALLOC", 0x10000), ("__GFP_HARDWALL", 0x20000), ("__GFP_THISNODE", 0x40000),
        ("__GFP_RECLAIMABLE", 0x80000), ("__GFP_NO_KSWAPD", 0x400000), ("__GFP_OTHER_NODE", 0x800000), ("__GFP_WRITE", 0x1000000),
    ]
    static func bits6(_ kernel: String) -> [(String, UInt64)] {
        var b: [(String, UInt64)] = [
            ("__GFP_DMA", 0x1), ("__GFP_HIGHMEM", 0x2), ("__GFP_DMA32", 0x4), ("__GFP_MOVABLE", 0x8), ("__GFP_RECLAIMABLE", 0x10),
            ("__GFP_HIGH", 0x20), ("__GFP_IO", 0x40), ("__GFP_FS", 0x80), ("__GFP_ZERO", 0x100),
        ]
        if kernel == "6.1" { b.append(("__GFP_ATOMIC", 0x200)) }
        b += [
            ("__GFP_DIRECT_RECLAIM", 0x400), ("__GFP_KSWAPD_RECLAIM", 0x800), ("__GFP_WRITE", 0x1000), ("__GFP_NOWARN", 0x2000),
            ("__GFP_RETRY_MAYFAIL", 0x4000), ("__GFP_NOFAIL", 0x8000), ("__GFP_NORETRY", 0x10000), ("__GFP_MEMALLOC", 0x20000),
            ("__GFP_COMP", 0x40000), ("__GFP_NOMEMALLOC", 0x80000), ("__GFP_HARDWALL", 0x100000), ("__GFP_THISNODE", 0x200000),
            ("__GFP_ACCOUNT", 0x400000), ("__GFP_ZEROTAGS", 0x800000),
        ]
        return b
    }
    static func bits(_ kernel: String) -> [(String, UInt64)] { kernel == "3.4" ? bits34 : bits6(kernel) }

    static func compositions(_ kernel: String) -> [String: UInt64] {
        if kernel == "3.4" {
            return ["GFP_KERNEL": 0xd0, "GFP_ATOMIC": 0x20, "GFP_NOWAIT": 0, "GFP_NOIO": 0x10, "GFP_NOFS": 0x50,
                    "GFP_USER": 0x200d0, "GFP_HIGHUSER": 0x200d2, "GFP_DMA": 0x1, "GFP_TEMPORARY": 0x800d0]
        }
        return ["GFP_KERNEL": 0xcc0, "GFP_ATOMIC": kernel == "6.1" ? 0xa20 : 0x820, "GFP_NOWAIT": kernel == "6.1" ? 0x800 : 0x2800,
                "GFP_NOIO": 0xc00, "GFP_NOFS": 0xc40, "GFP_USER": 0x100cc0, "GFP_HIGHUSER": 0x100cc2, "GFP_DMA": 0x1,
                "GFP_KERNEL_ACCOUNT": 0x400cc0, "__GFP_RECLAIM": 0xc00]
    }

    /// Evaluates `A | B | …` and `A & ~B` over the tables above.
    static func gfp(_ expr: String, kernel: String) -> UInt64? {
        func name(_ n: String) -> UInt64? {
            let t = n.trimmingCharacters(in: .whitespaces)
            return compositions(kernel)[t] ?? bits(kernel).first { $0.0 == t }?.1
        }
        if let amp = expr.range(of: "& ~") {
            guard let a = name(String(expr[..<amp.lowerBound])), let b = name(String(expr[amp.upperBound...])) else { return nil }
            return a & ~b
        }
        var v: UInt64 = 0
        for part in expr.split(separator: "|") {
            guard let x = name(String(part)) else { return nil }
            v |= x
        }
        return v
    }

    static func decode(_ v: UInt64, kernel: String) -> String {
        var names: [String] = []
        var rest = v
        for bit in 0..<32 {
            let b = UInt64(1) << UInt64(bit)
            guard v & b != 0 else { continue }
            if let n = bits(kernel).first(where: { $0.1 == b }) { names.append(n.0); rest &= ~b }
        }
        for bit in 0..<32 where rest & (UInt64(1) << UInt64(bit)) != 0 { names.append("0x" + String(UInt64(1) << UInt64(bit), radix: 16)) }
        return names.isEmpty ? "0" : names.joined(separator: " | ")
    }

    /// The bit that lets an allocation sleep: __GFP_WAIT (3.4), __GFP_DIRECT_RECLAIM (6.x).
    static func blocking(_ kernel: String) -> (String, UInt64) { kernel == "3.4" ? ("__GFP_WAIT", 0x10) : ("__GFP_DIRECT_RECLAIM", 0x400) }

    // MARK: Formatting

    static func hex8(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
    static func exactSize(_ bytes: UInt64) -> String {
        if bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}

import Foundation
