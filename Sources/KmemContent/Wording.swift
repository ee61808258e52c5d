import KernelSim
import KmemCore

/// Generated text in the reader's language: units, region names, lists, labels, parentheses
/// and captions. Every word and every piece of punctuation comes from ui.yaml (`l10n.*`), so
/// a Chinese or Japanese page never shows "bytes", a region id or a half-width colon that
/// Swift typed (issue 13).
public struct Wording: Sendable {
    public let ui: UIStrings
    public let lang: Language

    public init(ui: UIStrings, lang: Language) { self.ui = ui; self.lang = lang }

    /// `key` with `{name}` placeholders filled.
    public func t(_ key: String, _ subs: [String: String] = [:]) -> String {
        var s = ui(key, lang)
        for (k, v) in subs { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return s
    }

    /// "8 MiB", "887.99 MiB", and below a whole KiB "4097 bytes" / "4097 字节" / "4097 バイト".
    public func size(_ bytes: UInt64) -> String {
        let s = ByteSize.format(bytes)
        if s == "1 byte" || s.hasSuffix(" bytes") { return self.bytes(bytes) }
        return s
    }

    /// A count of bytes in that unit, whatever its size ("1007616 字节").
    public func bytes(_ n: UInt64) -> String { n == 1 ? t("l10n.byte") : t("l10n.bytes", ["n": String(n)]) }

    /// Items of one kind: "a, b, c" / "a、b、c".
    public func list(_ items: [String]) -> String { items.joined(separator: t("l10n.list_sep")) }

    /// Clauses of a caption: "Pages: 245, Physically contiguous: no" / "页数：245，物理上连续：否".
    public func clauses(_ items: [String]) -> String { items.joined(separator: t("l10n.clause_sep")) }

    public func paren(_ text: String, _ note: String) -> String { t("l10n.paren", ["text": text, "note": note]) }
    /// What `paren` puts before and after the text, for a text drawn in another style (code).
    public func parenParts(_ note: String) -> (before: String, after: String) {
        let marker = "\u{1}"
        let whole = paren(marker, note)
        guard let r = whole.range(of: marker) else { return ("", whole) }
        return (String(whole[..<r.lowerBound]), String(whole[r.upperBound...]))
    }
    public func label(_ label: String, _ value: String) -> String { t("l10n.label", ["label": label, "value": value]) }
    /// Two sentences of a caption; the second keeps its own final stop.
    public func sentences(_ first: String, _ second: String) -> String { t("l10n.sentences", ["first": first, "second": second]) }
    public func titled(_ title: String, _ detail: String) -> String { t("l10n.titled", ["title": title, "detail": detail]) }
    public func order(_ n: Int) -> String { t("l10n.order", ["n": String(n)]) }
    public func range(_ start: String, _ end: String) -> String { t("l10n.range", ["start": start, "end": end]) }

    /// The reader's name of a layout region (`region.*`), never its id.
    public func region(_ id: String) -> String { ui.has("region." + id) ? ui("region." + id, lang) : id }

    public func kernel(_ k: KernelVersion) -> String { "Linux \(k.rawValue)" }
    public func kernels(_ ks: [KernelVersion]) -> String { list(ks.map(kernel)) }

    /// "x86_32, Linux 3.4, 160 MiB RAM, vmalloc=200M" / "x86_32、Linux 3.4、160 MiB 内存、vmalloc=200M".
    /// A machine as a caption names it: what tells it apart from another machine on the same
    /// page — the config options a distribution build sets (NR_CPUS, PARAVIRT, APEI GHES, LA57)
    /// as well as the arch, kernel, RAM and boot parameter; `allocator` where the slab
    /// allocator shows (slabinfo: SLAB and SLUB name their caches differently).
    public func machine(_ c: MachineConfig, allocator: Bool = false) -> String {
        var parts = [c.arch.rawValue, kernel(c.kernel)]
        if allocator { parts.append(c.allocator.rawValue.uppercased()) }
        parts.append(t("l10n.ram", ["size": size(c.ramBytes)]))
        if let v = c.vmallocParam { parts.append(Self.bootParameter("vmalloc", v)) }
        if !c.highmem && !c.arch.is64Bit { parts.append(t("machine.no_highmem")) }
        if let n = c.nrCpus { parts.append("NR_CPUS=\(n)") }
        if c.paravirt { parts.append("PARAVIRT") }
        if c.apeiGhes { parts.append("APEI_GHES") }
        if c.la57 { parts.append("LA57") }
        return list(parts)
    }

    /// A size parameter as the kernel's memparse() reads it: "vmalloc=256M", "vmalloc=2000M",
    /// plain bytes when no suffix divides it ("vmalloc=1000000"). Never a decimal point.
    public static func bootParameter(_ name: String, _ bytes: UInt64) -> String { "\(name)=\(memparseText(bytes))" }

    public static func memparseText(_ bytes: UInt64) -> String {
        guard bytes > 0 else { return "0" }
        for (shift, suffix) in [(40, "T"), (30, "G"), (20, "M"), (10, "K")] where bytes % (UInt64(1) << UInt64(shift)) == 0 {
            return "\(bytes >> UInt64(shift))\(suffix)"
        }
        return String(bytes)
    }
}
