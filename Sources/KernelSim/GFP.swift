/// GFP ("get free pages") flags per kernel generation, as the kernel's headers define them.
///
/// Bit values are the `___GFP_*` constants (3.4.2 include/linux/gfp.h, 6.1.192
/// include/linux/gfp_types.h, 6.12.117 include/linux/gfp_types.h — kernel-facts.md §5.1).
/// Compositions such as `GFP_KERNEL` are stored as the kernel's own *expression*
/// (`__GFP_RECLAIM | __GFP_IO | __GFP_FS`) and evaluated by the same parser users type into, so
/// a composition's value is derived from the bits, never typed in.
///
/// Config-dependent bits (3.4 __GFP_NOTRACK, 6.x __GFP_SKIP_*, __GFP_NOLOCKDEP, 6.12
/// __GFP_NO_OBJ_EXT) are modelled at their default-off value 0: their names resolve to 0 and
/// they are left out of `flags(for:)`. 2.6 uses the 3.4 table (the 2.6 era's values are the
/// same for every flag 3.4 has; 2.6-only history is not modelled).
public enum GFP {
    /// gfp_t is `unsigned int`: 32 bits, so `~` complements within 32 bits.
    static let mask: UInt64 = 0xffff_ffff

    struct Table: Sendable {
        /// Bits that exist in this generation with their default-config value (non-zero).
        var bits: [(String, UInt64)]
        /// Names that exist but are 0 in the default configuration.
        var zeroBits: [String]
        /// Compositions exactly as the kernel source defines them.
        var compositions: [(String, String)]
    }

    static func table(_ kernel: KernelVersion) -> Table {
        switch kernel {
        case .v2_6, .v3_4: return table34
        case .v6_1: return table61
        case .v6_12: return table612
        }
    }

    // 3.4.2 include/linux/gfp.h:13-39 (bits), 99-149 (compositions).
    static let table34 = Table(
        bits: [
            ("__GFP_DMA", 0x01), ("__GFP_HIGHMEM", 0x02), ("__GFP_DMA32", 0x04), ("__GFP_MOVABLE", 0x08),
            ("__GFP_WAIT", 0x10), ("__GFP_HIGH", 0x20), ("__GFP_IO", 0x40), ("__GFP_FS", 0x80),
            ("__GFP_COLD", 0x100), ("__GFP_NOWARN", 0x200), ("__GFP_REPEAT", 0x400), ("__GFP_NOFAIL", 0x800),
            ("__GFP_NORETRY", 0x1000), ("__GFP_COMP", 0x4000), ("__GFP_ZERO", 0x8000),
            ("__GFP_NOMEMALLOC", 0x10000), ("__GFP_HARDWALL", 0x20000), ("__GFP_THISNODE", 0x40000),
            ("__GFP_RECLAIMABLE", 0x80000), ("__GFP_NO_KSWAPD", 0x400000), ("__GFP_OTHER_NODE", 0x800000),
            ("__GFP_WRITE", 0x1000000),
        ],
        zeroBits: ["__GFP_NOTRACK"],  // CONFIG_KMEMCHECK only
        compositions: [
            ("GFP_ATOMIC", "__GFP_HIGH"),
            ("GFP_NOWAIT", "GFP_ATOMIC & ~__GFP_HIGH"),
            ("GFP_NOIO", "__GFP_WAIT"),
            ("GFP_NOFS", "__GFP_WAIT | __GFP_IO"),
            ("GFP_KERNEL", "__GFP_WAIT | __GFP_IO | __GFP_FS"),
            ("GFP_TEMPORARY", "__GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_RECLAIMABLE"),
            ("GFP_USER", "__GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_HARDWALL"),
            ("GFP_HIGHUSER", "__GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_HARDWALL | __GFP_HIGHMEM"),
            ("GFP_HIGHUSER_MOVABLE", "__GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_HARDWALL | __GFP_HIGHMEM | __GFP_MOVABLE"),
            ("GFP_IOFS", "__GFP_IO | __GFP_FS"),
            ("GFP_TRANSHUGE", "GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN | __GFP_NO_KSWAPD"),
            ("GFP_DMA", "__GFP_DMA"),
            ("GFP_DMA32", "__GFP_DMA32"),
        ])

    // 6.1.192 include/linux/gfp_types.h:27-65 (bits), 334-348 (compositions).
    static let table61 = Table(
        bits: bits6x(atomicBit: true),
        zeroBits: ["__GFP_SKIP_ZERO", "__GFP_SKIP_KASAN_UNPOISON", "__GFP_SKIP_KASAN_POISON", "__GFP_NOLOCKDEP"],
        compositions: [
            ("__GFP_RECLAIM", "__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM"),
            ("GFP_ATOMIC", "__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM"),
            ("GFP_KERNEL", "__GFP_RECLAIM | __GFP_IO | __GFP_FS"),
            ("GFP_KERNEL_ACCOUNT", "GFP_KERNEL | __GFP_ACCOUNT"),
            ("GFP_NOWAIT", "__GFP_KSWAPD_RECLAIM"),
            ("GFP_NOIO", "__GFP_RECLAIM"),
            ("GFP_NOFS", "__GFP_RECLAIM | __GFP_IO"),
            ("GFP_USER", "__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL"),
            ("GFP_DMA", "__GFP_DMA"),
            ("GFP_DMA32", "__GFP_DMA32"),
            ("GFP_HIGHUSER", "GFP_USER | __GFP_HIGHMEM"),
            ("GFP_HIGHUSER_MOVABLE", "GFP_HIGHUSER | __GFP_MOVABLE | __GFP_SKIP_KASAN_POISON | __GFP_SKIP_KASAN_UNPOISON"),
            ("GFP_TRANSHUGE_LIGHT", "((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM)"),
            ("GFP_TRANSHUGE", "GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM"),
        ])

    // 6.12.117 include/linux/gfp_types.h:24-100 (enum ___GFP_*_BIT), 377-390 (compositions).
    // The enum is positional; with every optional bit off, ___GFP_UNUSED_BIT keeps 0x200 free.
    static let table612 = Table(
        bits: bits6x(atomicBit: false),
        zeroBits: ["__GFP_SKIP_ZERO", "__GFP_SKIP_KASAN", "__GFP_NOLOCKDEP", "__GFP_NO_OBJ_EXT"],
        compositions: [
            ("__GFP_RECLAIM", "__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM"),
            ("GFP_ATOMIC", "__GFP_HIGH | __GFP_KSWAPD_RECLAIM"),
            ("GFP_KERNEL", "__GFP_RECLAIM | __GFP_IO | __GFP_FS"),
            ("GFP_KERNEL_ACCOUNT", "GFP_KERNEL | __GFP_ACCOUNT"),
            ("GFP_NOWAIT", "__GFP_KSWAPD_RECLAIM | __GFP_NOWARN"),
            ("GFP_NOIO", "__GFP_RECLAIM"),
            ("GFP_NOFS", "__GFP_RECLAIM | __GFP_IO"),
            ("GFP_USER", "__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL"),
            ("GFP_DMA", "__GFP_DMA"),
            ("GFP_DMA32", "__GFP_DMA32"),
            ("GFP_HIGHUSER", "GFP_USER | __GFP_HIGHMEM"),
            ("GFP_HIGHUSER_MOVABLE", "GFP_HIGHUSER | __GFP_MOVABLE | __GFP_SKIP_KASAN"),
            ("GFP_TRANSHUGE_LIGHT", "((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM)"),
            ("GFP_TRANSHUGE", "GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM"),
        ])

    /// The 6.x bit layout (6.1 hex constants; 6.12 enum positions give the same values with
    /// the optional bits off). 6.1 has __GFP_ATOMIC at 0x200; 6.12 leaves 0x200 unused.
    static func bits6x(atomicBit: Bool) -> [(String, UInt64)] {
        var b: [(String, UInt64)] = [
            ("__GFP_DMA", 0x01), ("__GFP_HIGHMEM", 0x02), ("__GFP_DMA32", 0x04), ("__GFP_MOVABLE", 0x08),
            ("__GFP_RECLAIMABLE", 0x10), ("__GFP_HIGH", 0x20), ("__GFP_IO", 0x40), ("__GFP_FS", 0x80),
            ("__GFP_ZERO", 0x100),
        ]
        if atomicBit { b.append(("__GFP_ATOMIC", 0x200)) }
        b += [
            ("__GFP_DIRECT_RECLAIM", 0x400), ("__GFP_KSWAPD_RECLAIM", 0x800), ("__GFP_WRITE", 0x1000),
            ("__GFP_NOWARN", 0x2000), ("__GFP_RETRY_MAYFAIL", 0x4000), ("__GFP_NOFAIL", 0x8000),
            ("__GFP_NORETRY", 0x10000), ("__GFP_MEMALLOC", 0x20000), ("__GFP_COMP", 0x40000),
            ("__GFP_NOMEMALLOC", 0x80000), ("__GFP_HARDWALL", 0x100000), ("__GFP_THISNODE", 0x200000),
            ("__GFP_ACCOUNT", 0x400000), ("__GFP_ZEROTAGS", 0x800000),
        ]
        return b
    }

    // MARK: - Lookups

    /// The single-bit flags of a generation, lowest bit first (zero-valued config bits omitted).
    public static func flags(for kernel: KernelVersion) -> [(name: String, value: UInt64)] {
        table(kernel).bits.map { (name: $0.0, value: $0.1) }
    }

    /// The named compositions of a generation with the kernel's definition and its value.
    public static func compositions(for kernel: KernelVersion) -> [(name: String, definition: String, value: UInt64)] {
        table(kernel).compositions.compactMap { entry in
            guard let v = value(of: entry.0, kernel: kernel) else { return nil }
            return (name: entry.0, definition: entry.1, value: v)
        }
    }

    /// Value of a bit (`__GFP_IO`, also spelled `___GFP_IO`) or a composition (`GFP_KERNEL`).
    /// Names are matched case-insensitively; nil if the generation has no such name.
    public static func value(of name: String, kernel: KernelVersion) -> UInt64? {
        resolved[kernel]?[normalize(name)]
    }

    /// Every name of every generation, evaluated once.
    static let resolved: [KernelVersion: [String: UInt64]] = {
        var all: [KernelVersion: [String: UInt64]] = [:]
        for k in KernelVersion.allCases {
            let t = table(k)
            var d: [String: UInt64] = [:]
            for name in t.bits.map(\.0) + t.zeroBits + t.compositions.map(\.0) {
                d[name] = resolve(name, kernel: k, depth: 0)
            }
            all[k] = d
        }
        return all
    }()

    static func normalize(_ rawName: String) -> String {
        var name = rawName.uppercased()
        if name.hasPrefix("___GFP_") { name.removeFirst() }
        return name
    }

    /// Evaluates a name from the tables (used to build `resolved`).
    static func resolve(_ rawName: String, kernel: KernelVersion, depth: Int) -> UInt64? {
        guard depth < 16 else { return nil }  // definitions nest at most a few levels
        let name = normalize(rawName)
        let t = table(kernel)
        if let bit = t.bits.first(where: { $0.0 == name }) { return bit.1 }
        if t.zeroBits.contains(name) { return 0 }
        if let comp = t.compositions.first(where: { $0.0 == name }) {
            var parser = Parser(text: comp.1, kernel: kernel, depth: depth + 1, fromTables: true)
            return parser.parseAll()
        }
        return nil
    }

    /// Bit names set in `value`, lowest first; bits this generation does not define are
    /// reported as hex (`0x200` on 6.12).
    public static func decode(_ value: UInt64, kernel: KernelVersion) -> [String] {
        var names: [String] = []
        var rest = value
        for bit in 0..<64 {
            let v = UInt64(1) << UInt64(bit)
            guard value & v != 0 else { continue }
            if let b = table(kernel).bits.first(where: { $0.1 == v }) {
                names.append(b.0)
                rest &= ~v
            }
        }
        for bit in 0..<64 {
            let v = UInt64(1) << UInt64(bit)
            if rest & v != 0 { names.append(hexValue(v)) }
        }
        return names
    }

    /// A readable `A|B` spelling that uses the largest compositions first, then single bits,
    /// then hex for unknown bits (in the spirit of the kernel's `%pGg`; 0 prints as "0").
    public static func describe(_ value: UInt64, kernel: KernelVersion) -> String {
        if value == 0 { return "0" }
        let comps = compositions(for: kernel)
            .filter { $0.value != 0 && !$0.name.hasPrefix("__") }
            .enumerated()
            .sorted { a, b in
                let pa = a.element.value.nonzeroBitCount, pb = b.element.value.nonzeroBitCount
                return pa != pb ? pa > pb : a.offset < b.offset
            }
            .map(\.element)
        var rest = value
        var parts: [String] = []
        for c in comps where rest & c.value == c.value {
            parts.append(c.name)
            rest &= ~c.value
        }
        parts += decode(rest, kernel: kernel)
        return parts.joined(separator: "|")
    }

    /// Parses a flag expression: a name, a number (decimal or 0x hex), or any combination with
    /// `|`, `&`, `~` and parentheses (`GFP_KERNEL|__GFP_ZERO`, `GFP_KERNEL & ~__GFP_IO`).
    /// Returns nil on anything malformed, on unknown names and on values above 32 bits.
    public static func parse(_ text: String, kernel: KernelVersion) -> UInt64? {
        var parser = Parser(text: text, kernel: kernel, depth: 0, fromTables: false)
        return parser.parseAll()
    }

    /// `gfpflags_allow_blocking()`: 6.x tests __GFP_DIRECT_RECLAIM; 3.4 (and 2.6) test
    /// __GFP_WAIT (the 3.4 `might_sleep_if(gfp_mask & __GFP_WAIT)` in the allocators).
    public static func mayBlock(_ gfp: UInt64, kernel: KernelVersion) -> Bool {
        gfp & blockingBit(kernel) != 0
    }

    /// The bit that allows an allocation to sleep in this generation, and its name.
    public static func blockingBit(_ kernel: KernelVersion) -> UInt64 {
        kernel >= .v6_1 ? 0x400 : 0x10
    }
    public static func blockingBitName(_ kernel: KernelVersion) -> String {
        kernel >= .v6_1 ? "__GFP_DIRECT_RECLAIM" : "__GFP_WAIT"
    }

    /// The flags the simulator itself passes, as names the compiler checks (a misspelled
    /// string once silently meant 0). `GFPTests` checks each against the kernel's tables.
    enum Name: String, CaseIterable {
        case kernel = "GFP_KERNEL", highuserMovable = "GFP_HIGHUSER_MOVABLE", dma = "GFP_DMA"
        case highmem = "__GFP_HIGHMEM", zero = "__GFP_ZERO", nowarn = "__GFP_NOWARN", comp = "__GFP_COMP"
        case reclaimable = "__GFP_RECLAIMABLE", account = "__GFP_ACCOUNT"
    }

    /// The value of `name` in `kernel`; 0 where that generation has no such flag
    /// (`__GFP_ACCOUNT` before 4.x).
    static func v(_ name: Name, _ kernel: KernelVersion) -> UInt64 { resolved[kernel]?[name.rawValue] ?? 0 }

    /// Whether `kernel` defines `name` (tests).
    static func defines(_ name: Name, _ kernel: KernelVersion) -> Bool { resolved[kernel]?[name.rawValue] != nil }

    // MARK: - Expression parser (recursive descent; `|` binds loosest, then `&`, then `~`)

    struct Parser {
        let chars: [Character]
        var pos = 0
        let kernel: KernelVersion
        let depth: Int
        /// true while `resolved` is being built (names are evaluated from the tables).
        let fromTables: Bool

        init(text: String, kernel: KernelVersion, depth: Int, fromTables: Bool) {
            self.chars = Array(text); self.kernel = kernel; self.depth = depth; self.fromTables = fromTables
        }

        mutating func parseAll() -> UInt64? {
            guard let v = parseOr() else { return nil }
            skipSpace()
            return pos == chars.count ? v : nil
        }

        mutating func skipSpace() {
            while pos < chars.count, chars[pos] == " " || chars[pos] == "\t" || chars[pos] == "\n" { pos += 1 }
        }

        mutating func parseOr() -> UInt64? {
            guard var v = parseAnd() else { return nil }
            while true {
                skipSpace()
                guard pos < chars.count, chars[pos] == "|" else { return v }
                pos += 1
                guard let r = parseAnd() else { return nil }
                v |= r
            }
        }

        mutating func parseAnd() -> UInt64? {
            guard var v = parseUnary() else { return nil }
            while true {
                skipSpace()
                guard pos < chars.count, chars[pos] == "&" else { return v }
                pos += 1
                guard let r = parseUnary() else { return nil }
                v &= r
            }
        }

        mutating func parseUnary() -> UInt64? {
            skipSpace()
            guard pos < chars.count else { return nil }
            if chars[pos] == "~" {
                pos += 1
                guard let v = parseUnary() else { return nil }
                return ~v & GFP.mask
            }
            if chars[pos] == "(" {
                pos += 1
                guard let v = parseOr() else { return nil }
                skipSpace()
                guard pos < chars.count, chars[pos] == ")" else { return nil }
                pos += 1
                return v
            }
            return parsePrimary()
        }

        mutating func parsePrimary() -> UInt64? {
            let start = pos
            while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" { pos += 1 }
            guard pos > start else { return nil }
            let token = String(chars[start..<pos])
            if let first = token.first, first.isNumber {
                let lower = token.lowercased()
                let v: UInt64? = lower.hasPrefix("0x") ? UInt64(lower.dropFirst(2), radix: 16) : UInt64(lower, radix: 10)
                guard let v, v <= GFP.mask else { return nil }
                return v
            }
            return fromTables ? GFP.resolve(token, kernel: kernel, depth: depth) : GFP.value(of: token, kernel: kernel)
        }
    }
}
