import Foundation
import KernelSim
import KmemCore

/// A machine named in `machines.yaml`, with its layout computed once.
public struct NamedMachine: Sendable {
    public var id: String
    public var config: MachineConfig
    public var layout: AddressSpaceLayout
    public var location: SourceLocation
}

public struct Seed: Sendable, Hashable {
    public var id: String
    public var file: String
    public var lang: String
    public var title: String
    public var url: String?
}

public struct GlossaryEntry: Sendable {
    public var id: String
    public var term: [Language: String]
    public var definition: [Language: String]
    public var line: Int
    /// Spellings the glossary rejects for this term (`avoid:`), which `check` reports.
    public var avoid: [Language: [String]] = [:]
    /// How the term reads, for sorting (`reading:`, Japanese kana), when collation cannot tell.
    public var reading: [Language: String] = [:]
    /// The page that teaches the term (`page:`): an earlier page must link the term to the
    /// glossary (or to that page) to use it (see `Prerequisites`).
    public var page: String? = nil
}

/// Strings of the site and the quiz, keyed, in every language.
public struct UIStrings: Sendable {
    public var table: [String: [Language: String]]
    public var lines: [String: Int]
    public var file: String

    public init(table: [String: [Language: String]], lines: [String: Int] = [:], file: String = "ui.yaml") {
        self.table = table; self.lines = lines; self.file = file
    }

    /// The string for `key`; a missing key or language is a content error found by `check`,
    /// so here it can only be a programming error — shown loudly rather than hidden.
    public func callAsFunction(_ key: String, _ lang: Language) -> String {
        table[key]?[lang] ?? "⟦missing ui string \(key)/\(lang.rawValue)⟧"
    }

    public func has(_ key: String) -> Bool { table[key] != nil }
}

extension ContentLoader {
    /// A machine written as in machines.yaml (`{arch: x86_32, kernel: "6.1", ram: 160M}`).
    public static func machineConfig(_ v: YAMLValue, file: String) throws(Diagnostic) -> MachineConfig {
        try CatalogLoader.machineConfig(v, r: YAMLReader(file: file))
    }
}

enum CatalogLoader {
    static func machines(_ root: YAMLValue, file: String, into c: inout DiagnosticCollector) -> [String: NamedMachine] {
        let r = YAMLReader(file: file)
        var out: [String: NamedMachine] = [:]
        guard let list = root["machines"], let entries = list.entries else {
            c.report(Diagnostic(.data, at: r.at(root.line), "expected a `machines:` mapping", hint: "start the file with `machines:` and one `id: {arch: …, kernel: …, ram: …}` line per machine"))
            return out
        }
        for (id, value, line) in entries {
            do {
                let cfg = try machineConfig(value, r: r)
                do {
                    let layout = try AddressSpaceLayout.compute(cfg)
                    out[id] = NamedMachine(id: id, config: cfg, layout: layout, location: r.at(line))
                } catch {
                    c.report(Diagnostic(.data, at: r.at(line), "machine `\(id)`: \(error.message)",
                                        hint: "change its RAM or options"))
                }
            } catch {
                c.report(error)
            }
        }
        return out
    }

    static func machineConfig(_ v: YAMLValue, r: YAMLReader) throws(Diagnostic) -> MachineConfig {
        let allowed: Set = ["preset", "arch", "kernel", "ram", "reserved_top", "nr_cpus", "vmalloc", "highmem", "allocator", "paravirt", "apei_ghes", "la57", "kaslr", "title"]
        for (k, _, line) in try r.mapping(v, what: "a machine") where !allowed.contains(k) {
            throw Diagnostic(.data, at: r.at(line), "unknown machine key `\(k)`",
                             hint: "use one of \(allowed.sorted().joined(separator: ", "))")
        }
        func size(_ key: String) throws(Diagnostic) -> UInt64? {
            guard let node = v[key], !node.isNull else { return nil }
            let s = try r.string(node, key: key, in: v)
            guard let b = ByteSize.parse(s) else {
                throw Diagnostic(.data, at: r.at(node.line), "`\(key)` is not a size: `\(s)`", hint: "write e.g. 160M, 1G, 4096")
            }
            return b
        }
        guard let ram = try size("ram") else {
            throw Diagnostic(.data, at: r.at(v.line), "missing `ram`", hint: "add e.g. `ram: 1G`")
        }
        guard ram <= Kernel.maxBootRAM else {
            throw Diagnostic(.data, at: r.at(v["ram"]?.line ?? v.line),
                             "`ram: \(ByteSize.format(ram))` is more than the simulator boots (at most \(ByteSize.format(Kernel.maxBootRAM)))",
                             hint: "give 1T or less")
        }
        var cfg: MachineConfig
        if let node = v["preset"] {
            // A captured distribution machine (KernelSim's presets): arch, kernel and the
            // board's facts (PHYS_OFFSET, zones, NR_CPUS) come with it.
            let name = try r.string(node, key: "preset", in: v)
            guard let preset = MachinePreset.named(name) else {
                throw Diagnostic(.data, at: r.at(node.line), "unknown preset `\(name)`",
                                 hint: "use \(MachinePreset.all.map(\.name).joined(separator: ", "))")
            }
            for key in ["arch", "kernel"] where v[key] != nil {
                throw Diagnostic(.data, at: r.at(v[key]?.line ?? v.line), "`\(key)` comes with `preset: \(name)`",
                                 hint: "remove `\(key)`, or remove `preset` and give every key")
            }
            cfg = preset.config(ram: ram)
        } else {
            let archText = try r.string(v["arch"], key: "arch", in: v)
            guard let arch = Arch(rawValue: archText) else {
                throw Diagnostic(.data, at: r.at(v["arch"]?.line ?? v.line), "unknown arch `\(archText)`",
                                 hint: "use \(Arch.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let kernelText = try r.string(v["kernel"], key: "kernel", in: v)
            guard let kernel = KernelVersion(rawValue: kernelText) else {
                throw Diagnostic(.data, at: r.at(v["kernel"]?.line ?? v.line), "unknown kernel `\(kernelText)`",
                                 hint: "use \(KernelVersion.allCases.map(\.rawValue).joined(separator: ", ")) (quote it: \"6.1\")")
            }
            cfg = MachineConfig(arch: arch, kernel: kernel, ramBytes: ram)
        }
        if let top = try size("reserved_top") { cfg.reservedTopBytes = top }
        cfg.vmallocParam = try size("vmalloc")
        if let n = v["nr_cpus"] { cfg.nrCpus = try r.int(n, key: "nr_cpus", in: v) }
        if let h = v["highmem"] { cfg.highmem = try bool(h, key: "highmem", r: r) }
        if let p = v["paravirt"] { cfg.paravirt = try bool(p, key: "paravirt", r: r) }
        if let g = v["apei_ghes"] { cfg.apeiGhes = try bool(g, key: "apei_ghes", r: r) }
        if let g = v["la57"] { cfg.la57 = try bool(g, key: "la57", r: r) }
        if let g = v["kaslr"] { cfg.randomizeBase = try bool(g, key: "kaslr", r: r) }
        if let a = v["allocator"] {
            let s = try r.string(a, key: "allocator", in: v)
            guard let k = SlabAllocatorKind(rawValue: s) else {
                throw Diagnostic(.data, at: r.at(a.line), "unknown allocator `\(s)`", hint: "use slub or slab")
            }
            cfg.allocator = k
        }
        return cfg
    }

    static func bool(_ v: YAMLValue, key: String, r: YAMLReader) throws(Diagnostic) -> Bool {
        switch v.string {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw Diagnostic(.data, at: r.at(v.line), "`\(key)` must be true or false", hint: "write `\(key): true` or `\(key): false`")
        }
    }

    static func seeds(_ root: YAMLValue, file: String, into c: inout DiagnosticCollector) -> [String: Seed] {
        let r = YAMLReader(file: file)
        var out: [String: Seed] = [:]
        guard let entries = root["seeds"]?.entries else {
            c.report(Diagnostic(.data, at: r.at(root.line), "expected a `seeds:` mapping", hint: "start the file with `seeds:` and one entry per source (see content/README.md)"))
            return out
        }
        for (id, v, _) in entries {
            do {
                out[id] = Seed(id: id, file: try r.string(v["file"], key: "file", in: v),
                               lang: try r.string(v["lang"], key: "lang", in: v),
                               title: try r.string(v["title"], key: "title", in: v),
                               url: try seedURL(v["url"], r: r))
            } catch { c.report(error) }
        }
        return out
    }

    /// A seed's `url:` becomes a link on every page citing it: only a plain http(s) address
    /// may (a `javascript:` or `data:` URL would run in the reader's browser).
    static func seedURL(_ v: YAMLValue?, r: YAMLReader) throws(Diagnostic) -> String? {
        guard let v, !v.isNull else { return nil }
        guard let s = v.string else {
            throw Diagnostic(.data, at: r.at(v.line), "`url` must be text, not a list or a mapping", hint: "write e.g. `url: https://lwn.net/…`")
        }
        let lower = s.lowercased()
        let scheme = lower.hasPrefix("https://") ? "https://" : lower.hasPrefix("http://") ? "http://" : nil
        let host = scheme.map { s.dropFirst($0.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" } } ?? ""
        guard scheme != nil, !host.isEmpty,
              !s.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F || "\"<>\\`".unicodeScalars.contains($0) }) else {
            throw Diagnostic(.data, at: r.at(v.line), "`url: \(s)` is not an http(s) address",
                             hint: "only http:// and https:// links are allowed; write the full address, e.g. https://lwn.net/Articles/…")
        }
        return s
    }

    /// `key: {en: ..., zh: ..., ja: ...}`; every language is required.
    static func ui(_ root: YAMLValue, file: String, into c: inout DiagnosticCollector) -> UIStrings {
        let r = YAMLReader(file: file)
        var table: [String: [Language: String]] = [:]
        var lines: [String: Int] = [:]
        guard let entries = root["strings"]?.entries else {
            c.report(Diagnostic(.data, at: r.at(root.line), "expected a `strings:` mapping", hint: "start the file with `strings:` and one `key: {en: …, zh: …, ja: …}` entry per string"))
            return UIStrings(table: [:], file: file)
        }
        for (key, v, line) in entries {
            lines[key] = line
            var row: [Language: String] = [:]
            for lang in Language.allCases {
                if let s = v[lang.rawValue]?.string, !s.isEmpty { row[lang] = s } else {
                    c.report(Diagnostic(.data, at: r.at(line), "UI string `\(key)` has no \(lang.rawValue) text",
                                        hint: "add `\(lang.rawValue): ...` to it"))
                }
            }
            table[key] = row
        }
        return UIStrings(table: table, lines: lines, file: file)
    }

    static func glossary(_ root: YAMLValue, file: String, into c: inout DiagnosticCollector) -> [GlossaryEntry] {
        let r = YAMLReader(file: file)
        guard let list = root["terms"]?.array else {
            c.report(Diagnostic(.data, at: r.at(root.line), "expected a `terms:` list", hint: "start the file with `terms:` and one `- id: …` entry per term"))
            return []
        }
        var out: [GlossaryEntry] = []
        var ids = Set<String>()
        for v in list {
            guard let id = v["id"]?.string else {
                c.report(Diagnostic(.data, at: r.at(v.line), "glossary entry has no `id`", hint: "add `id:` with a short name, e.g. `id: gfp-mask`"))
                continue
            }
            if !ids.insert(id).inserted {
                c.report(Diagnostic(.data, at: r.at(v.line), "glossary id `\(id)` appears twice", hint: "give each entry its own id, or merge the two"))
            }
            var e = GlossaryEntry(id: id, term: [:], definition: [:], line: v.line)
            e.page = v["page"]?.string
            for lang in Language.allCases {
                guard let t = v[lang.rawValue]?["term"]?.string, let d = v[lang.rawValue]?["definition"]?.string,
                      !t.isEmpty, !d.isEmpty else {
                    c.report(Diagnostic(.data, at: r.at(v.line), "glossary entry `\(id)` has no \(lang.rawValue) term and definition",
                                        hint: "add `\(lang.rawValue): {term: ..., definition: ...}`"))
                    continue
                }
                e.term[lang] = t
                e.definition[lang] = d
                if let list = v[lang.rawValue]?["avoid"]?.array {
                    e.avoid[lang] = list.compactMap(\.string)
                    for bad in e.avoid[lang]! where t.contains(bad) {
                        c.report(Diagnostic(.data, at: r.at(v.line), "glossary entry `\(id)` avoids `\(bad)`, which is part of its own term",
                                            hint: "list only spellings that are not in the term"))
                    }
                }
                if let reading = v[lang.rawValue]?["reading"]?.string { e.reading[lang] = reading }
                if lang == .ja, e.reading[lang] == nil, Collation.needsReading(t) {
                    c.report(Diagnostic(.data, at: r.at(v.line), "glossary entry `\(id)`: the ja term `\(t)` has kanji but no `reading:`",
                                        hint: "add `reading:` in kana so the glossary sorts in 五十音順"))
                }
            }
            out.append(e)
        }
        return out
    }
}
