/// The BIOS-e820 physical memory map an x86 kernel boots with, and what the kernel makes of it
/// (arch/x86/kernel/e820.c, setup.c).
///
/// RAM on a PC is not one block from address 0: the BIOS keeps the 640 KiB–1 MiB window, the
/// firmware keeps a little at the top of low RAM, and a machine with more than about 3 GiB has
/// the rest of its RAM above 4 GiB, past the PCI hole.

public enum E820Type: String, Hashable, Sendable, Codable, CaseIterable {
    case usable, reserved
    case acpi = "ACPI data"
    case nvs = "ACPI NVS"
    case unusable
}

/// One entry, `[start, end)` in bytes (the kernel prints the inclusive end).
public struct E820Entry: Hashable, Sendable, Codable {
    public var start: UInt64
    public var end: UInt64
    public var type: E820Type
    public init(start: UInt64, end: UInt64, type: E820Type) { self.start = start; self.end = end; self.type = type }
    public var size: UInt64 { end - start }
}

public enum E820 {
    /// QEMU's `pc` (i440fx) machine splits RAM at 3.5 GiB (`max_ram_below_4g` 0xe0000000) and,
    /// when RAM reaches that, gigabyte-aligns the split to 3 GiB and puts the rest above 4 GiB
    /// (QEMU 7.2 hw/i386/pc_piix.c pc_init1). `q35` would split at 2 GiB from 2.75 GiB
    /// (hw/i386/pc_q35.c: lowmem 0x80000000 when ram_size >= 0xb0000000); verify/run.sh boots `pc`.
    public static let pcMaxRamBelow4G: UInt64 = 0xe000_0000
    public static let pcGigabyteAlignedSplit: UInt64 = 0xc000_0000
    static let fourGiB: UInt64 = 1 << 32

    /// The map SeaBIOS gives a QEMU `pc` guest with `ram` bytes, as the captures in
    /// verify/captures show it: RAM to 0x9fc00 (the EBDA above it), the BIOS ROM at 0xf0000,
    /// RAM from 1 MiB to the top of low RAM less `reservedTop` (SeaBIOS keeps 128 KiB), the BIOS
    /// flash below 4 GiB, and the rest of RAM above 4 GiB.
    public static func pc(ram: UInt64, reservedTop: UInt64 = 0) -> [E820Entry] {
        let low = ram >= pcMaxRamBelow4G ? pcGigabyteAlignedSplit : ram
        let high = ram - low
        var map: [E820Entry] = [
            E820Entry(start: 0, end: 0x9_fc00, type: .usable),
            E820Entry(start: 0x9_fc00, end: 0xa_0000, type: .reserved),
            E820Entry(start: 0xf_0000, end: 0x10_0000, type: .reserved),
        ]
        let lowTop = low > reservedTop ? low - reservedTop : 0
        if lowTop > 0x10_0000 { map.append(E820Entry(start: 0x10_0000, end: lowTop, type: .usable)) }
        if reservedTop > 0, low > reservedTop { map.append(E820Entry(start: lowTop, end: low, type: .reserved)) }
        map.append(E820Entry(start: 0xfffc_0000, end: fourGiB, type: .reserved))
        if high > 0 { map.append(E820Entry(start: fourGiB, end: fourGiB + high, type: .usable)) }
        return map
    }

    /// Parses `--e820`: entries `START-END[:TYPE]` separated by commas, END exclusive, numbers in
    /// hex (0x…) or with K/M/G suffixes; TYPE usable (default), reserved, acpi, nvs, unusable.
    /// Returns nil with a reason on a malformed or overlapping map.
    public static func parse(_ text: String) -> Result<[E820Entry], E820ParseError> {
        var out: [E820Entry] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = String(part.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
            let typeSplit = item.split(separator: ":", maxSplits: 1).map(String.init)
            let range = typeSplit.first ?? ""
            var type = E820Type.usable
            if typeSplit.count == 2 {
                switch typeSplit[1].lowercased() {
                case "usable", "ram": type = .usable
                case "reserved": type = .reserved
                case "acpi": type = .acpi
                case "nvs": type = .nvs
                case "unusable": type = .unusable
                default: return .failure(E820ParseError(entry: item, reason: "unknown type `\(typeSplit[1])` (use usable, reserved, acpi, nvs, unusable)"))
                }
            }
            let bounds = range.split(separator: "-", maxSplits: 1).map(String.init)
            guard bounds.count == 2, let s = ByteSize.parse(bounds[0]), let e = ByteSize.parse(bounds[1]) else {
                return .failure(E820ParseError(entry: item, reason: "write START-END, e.g. 0x100000-0x7ffe0000"))
            }
            guard e > s else { return .failure(E820ParseError(entry: item, reason: "END must be above START (END is exclusive)")) }
            out.append(E820Entry(start: s, end: e, type: type))
        }
        out.sort { $0.start < $1.start }
        for (a, b) in zip(out, out.dropFirst()) where b.start < a.end {
            return .failure(E820ParseError(entry: "\(hexValue(b.start))-\(hexValue(b.end))", reason: "overlaps the entry before it"))
        }
        guard out.contains(where: { $0.type == .usable }) else {
            return .failure(E820ParseError(entry: text, reason: "the map has no usable RAM"))
        }
        return .success(out)
    }

    /// RAM page frames the kernel uses: whole pages inside usable entries (PFN_UP(start) to
    /// PFN_DOWN(end)), less the first page when `trimFirstPage` — trim_bios_range() makes page
    /// 0 reserved ("BIOS data page") and removes 640 KiB–1 MiB from RAM (arch/x86/kernel/setup.c,
    /// 3.4.2:1000-1020; 6.1: the same function) — merged, sorted.
    static func ramPfns(_ map: [E820Entry], trimBios: Bool) -> [(start: UInt64, end: UInt64)] {
        var out: [(start: UInt64, end: UInt64)] = []
        for e in map where e.type == .usable {
            var s = (e.start + Mem.pageSize - 1) >> Mem.pageShift
            let end = e.end >> Mem.pageShift
            if trimBios {
                if s == 0 { s = 1 }
                // BIOS_BEGIN 0xa0000 .. BIOS_END 0x100000 is never RAM.
                if s < 0x100 && end > 0xa0 {
                    if s < 0xa0 { out.append((s, 0xa0)) }
                    s = 0x100
                }
            }
            if end > s {
                if let last = out.last, last.end == s { out[out.count - 1].end = end } else { out.append((s, end)) }
            }
        }
        return out
    }
}

public struct E820ParseError: Error, Hashable, Sendable {
    public var entry: String
    public var reason: String
}
