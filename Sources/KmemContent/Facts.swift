import Foundation
import KernelSim
import KmemCore

/// Resolves `{{fact NAME key=value ...}}` to text, by asking the simulator.
public struct FactResolver: Sendable {
    public let machines: [String: NamedMachine]
    /// For the few values that are words, not numbers ("page allocator (order 2)").
    public let ui: UIStrings
    /// The build's simulated runs (the demo module's pointers).
    public let simulation: Simulation

    /// Every fact name with the arguments it accepts (the rest are errors).
    static let catalogue: [String: Set<String>] = {
        var c: [String: Set<String>] = [:]
        for n in ["page_offset", "high_memory", "vmalloc_start", "vmalloc_end", "pkmap_base", "fixaddr_start",
                  "modules_start", "modules_end", "task_size"] { c["layout." + n] = ["machine"] }
        for n in ["vmalloc_size", "vmalloc_offset", "lowmem_size", "highmem_size", "maxmem", "ram", "vmalloc_param"] {
            c["layout." + n] = ["machine", "unit"]
        }
        c["layout.region_of"] = ["machine", "addr"]
        c["layout.vmalloc_cmdline"] = ["machine"]
        c["kmalloc.cache"] = ["size", "kernel", "allocator", "arch"]
        c["kmalloc.ksize"] = ["size", "kernel", "allocator", "arch", "unit"]
        c["kmalloc.max_cache_size"] = ["kernel", "allocator", "arch", "unit"]
        c["kmalloc.max_size"] = ["kernel", "allocator", "arch", "unit"]
        c["kmalloc.min_size"] = ["kernel", "allocator", "arch", "unit"]
        c["kmalloc.zero_size_ptr"] = []
        c["gfp.value"] = ["name", "kernel"]
        c["gfp.flags"] = ["name", "kernel"]
        c["page.size"] = ["arch", "unit"]
        c["page.order"] = ["size", "arch"]
        c["page.order_bytes"] = ["size", "arch", "unit"]
        c["page.max_order"] = ["kernel"]
        c["page.max_block"] = ["kernel", "unit"]
        c["page.costly_order"] = []
        c["vmalloc.footprint"] = ["size", "unit"]
        c["vmalloc.pages"] = ["size"]
        c["translate.pa"] = ["machine", "addr"]
        c["translate.va"] = ["machine", "phys"]
        for n in ["pagemem", "kmallocmem", "vmallocmem"] { c["demo." + n] = ["machine"] }
        return c
    }()

    public static var factNames: [String] { catalogue.keys.sorted() }

    public init(machines: [String: NamedMachine], ui: UIStrings, simulation: Simulation) {
        self.machines = machines; self.ui = ui; self.simulation = simulation
    }

    public func resolve(_ words: [String], at loc: SourceLocation, lang: Language) throws(Diagnostic) -> String {
        guard let name = words.first else {
            throw Diagnostic(.data, at: loc, "`{{fact}}` names no fact", hint: "write {{fact NAME key=value}}")
        }
        guard let allowed = Self.catalogue[name] else {
            throw Diagnostic(.data, at: loc, "unknown fact `\(name)`",
                             hint: Suggest.hint(name, in: Self.catalogue.keys, fallback: "see the list in content/README.md"))
        }
        var args: [String: String] = [:]
        for w in words.dropFirst() {
            let parts = w.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw Diagnostic(.data, at: loc, "argument `\(w)` of fact `\(name)` is not key=value", hint: "write arguments as key=value with no spaces around `=`, e.g. size=4K")
            }
            guard allowed.contains(parts[0]) else {
                throw Diagnostic(.data, at: loc, "fact `\(name)` takes no argument `\(parts[0])`",
                                 hint: allowed.isEmpty ? "it takes no arguments" : "it takes \(allowed.sorted().joined(separator: ", "))")
            }
            args[parts[0]] = parts[1]
        }
        return try FactArgs(name: name, args: args, loc: loc, machines: machines, ui: ui, lang: lang, simulation: simulation).value()
    }
}

/// The arguments of one reference, with located errors for each kind of bad value.
struct FactArgs {
    let name: String
    let args: [String: String]
    let loc: SourceLocation
    let machines: [String: NamedMachine]
    let ui: UIStrings
    let lang: Language
    let simulation: Simulation

    var wording: Wording { Wording(ui: ui, lang: lang) }

    func fail(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.data, at: loc, "fact `\(name)`: \(message)",
                   hint: hint ?? "see the list of facts and their arguments in content/README.md")
    }

    func require(_ key: String) throws(Diagnostic) -> String {
        guard let v = args[key] else { throw fail("needs `\(key)=`", hint: "add `\(key)=…` to the reference") }
        return v
    }

    func machine() throws(Diagnostic) -> NamedMachine {
        let id = try require("machine")
        guard let m = machines[id] else {
            throw fail("unknown machine `\(id)`", hint: "machines are defined in content/machines.yaml")
        }
        return m
    }

    func kernel() throws(Diagnostic) -> KernelVersion {
        let k = try require("kernel")
        guard let v = KernelVersion(rawValue: k) else {
            throw fail("unknown kernel `\(k)`", hint: "use \(KernelVersion.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }

    func allocator() throws(Diagnostic) -> SlabAllocatorKind {
        guard let a = args["allocator"] else { return args["kernel"].flatMap(KernelVersion.init(rawValue:)).map(SlabAllocatorKind.default(for:)) ?? .slub }
        guard let k = SlabAllocatorKind(rawValue: a) else { throw fail("unknown allocator `\(a)`", hint: "use slub or slab") }
        return k
    }

    func arch() throws(Diagnostic) -> Arch {
        guard let a = args["arch"] else { return .x86_32 }
        guard let v = Arch(rawValue: a) else {
            throw fail("unknown arch `\(a)`", hint: "use \(Arch.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }

    func size(_ key: String = "size") throws(Diagnostic) -> UInt64 {
        let s = try require(key)
        guard let v = ByteSize.parse(s) else { throw fail("`\(key)=\(s)` is not a size", hint: "write e.g. 100, 4K, 1M") }
        return v
    }

    func address(_ key: String) throws(Diagnostic) -> UInt64 {
        let s = try require(key)
        guard let v = ByteSize.parse(s) else { throw fail("`\(key)=\(s)` is not an address", hint: "write it in hex, e.g. 0xc1000000") }
        return v
    }

    func bytes(_ v: UInt64) throws(Diagnostic) -> String {
        switch args["unit"] ?? "auto" {
        case "auto": return wording.size(v)
        case "bytes": return wording.bytes(v)
        case "KiB": return "\(v >> 10) KiB"
        case "MiB": return "\(v >> 20) MiB"
        case "GiB": return "\(v >> 30) GiB"
        case "TiB": return "\(v >> 40) TiB"
        case let u: throw fail("unknown unit `\(u)`", hint: "use bytes, KiB, MiB, GiB, TiB or auto")
        }
    }

    func value() throws(Diagnostic) -> String {
        let family = name.split(separator: ".").first.map(String.init) ?? ""
        switch family {
        case "layout": return try layoutFact()
        case "kmalloc": return try kmallocFact()
        case "gfp": return try gfpFact()
        case "page": return try pageFact()
        case "vmalloc": return try vmallocFact()
        case "translate": return try translateFact()
        case "demo": return try demoFact()
        default: throw fail("has no resolver")
        }
    }

    private func layoutFact() throws(Diagnostic) -> String {
        let m = try machine()
        let l = m.layout
        let hex = { (v: UInt64) in hexAddress(v, digits: m.config.arch.addressDigits) }
        switch name {
        case "layout.page_offset": return hex(l.pageOffset)
        case "layout.high_memory": return hex(l.highMemory)
        case "layout.vmalloc_start": return hex(l.vmallocStart)
        case "layout.vmalloc_end": return hex(l.vmallocEnd)
        case "layout.vmalloc_size": return try bytes(l.vmallocSize)
        case "layout.vmalloc_offset":
            guard !m.config.arch.is64Bit else { throw fail("x86_64 has no VMALLOC_OFFSET hole", hint: "use an x86-32 or ARM machine") }
            return try bytes(8 * ByteSize.MiB)
        case "layout.pkmap_base":
            guard let p = l.pkmapBase else { throw fail("machine `\(m.id)` has no pkmap (no HIGHMEM)", hint: "use a 32-bit machine with highmem") }
            return hex(p)
        case "layout.fixaddr_start": return hex(l.fixaddrStart)
        case "layout.modules_start": return hex(l.modulesStart)
        case "layout.modules_end": return hex(l.modulesEnd)
        case "layout.task_size": return hex(l.regions.first { $0.name == "user" }?.end ?? l.pageOffset)
        case "layout.lowmem_size": return try bytes(l.lowmemBytes)
        case "layout.highmem_size": return try bytes(l.highmemBytes)
        case "layout.maxmem":
            guard let mm = l.maxmem else { throw fail("MAXMEM exists only on x86-32", hint: "use an x86_32 machine") }
            return try bytes(mm)
        case "layout.ram": return try bytes(m.config.ramBytes)
        case "layout.vmalloc_param":
            guard let v = m.config.vmallocParam else { throw fail("machine `\(m.id)` has no vmalloc= parameter", hint: "use a machine with `vmalloc:` in content/machines.yaml") }
            return try bytes(v)
        case "layout.vmalloc_cmdline":
            // The parameter as written on the kernel command line: memparse() syntax.
            guard let v = m.config.vmallocParam else { throw fail("machine `\(m.id)` has no vmalloc= parameter") }
            return Wording.bootParameter("vmalloc", v)
        case "layout.region_of":
            let a = try address("addr")
            guard let r = l.region(containing: a) else { throw fail("address is outside every region", hint: "give an address inside the machine's layout (see its layout-table)") }
            return wording.region(r.name)
        default: throw fail("has no resolver")
        }
    }

    private func kmallocFact() throws(Diagnostic) -> String {
        switch name {
        case "kmalloc.zero_size_ptr": return hexValue(Kmalloc.zeroSizePtr)
        case "kmalloc.cache", "kmalloc.ksize":
            let p = Kmalloc.place(size: try size(), kernel: try kernel(), allocator: try allocator(), arch: try arch())
            if name == "kmalloc.ksize" { return try bytes(p.ksize) }
            if !p.ok { return "NULL" }
            if p.zeroSizePtr { return "ZERO_SIZE_PTR" }
            if let c = p.cache { return c }
            return ui("fact.page_allocator_order", lang).replacingOccurrences(of: "{order}", with: String(p.order ?? 0))
        case "kmalloc.max_cache_size":
            return try bytes(Kmalloc.maxCacheSize(kernel: try kernel(), allocator: try allocator(), arch: try arch()))
        case "kmalloc.max_size":
            return try bytes(Kmalloc.maxSize(kernel: try kernel(), allocator: try allocator(), arch: try arch()))
        case "kmalloc.min_size":
            return try bytes(Kmalloc.minSize(kernel: try kernel(), allocator: try allocator(), arch: try arch()))
        default: throw fail("has no resolver")
        }
    }

    private func gfpFact() throws(Diagnostic) -> String {
        let k = try kernel()
        let n = try require("name")
        guard let v = GFP.parse(n, kernel: k) else {
            throw fail("`\(n)` is not a GFP flag or mask of Linux \(k.rawValue)", hint: "check the spelling; `kmemguide sim gfp` lists the flags of each kernel")
        }
        if name == "gfp.value" { return hexValue(v) }
        let names = GFP.decode(v, kernel: k)
        return names.isEmpty ? "0" : names.joined(separator: " | ")
    }

    private func pageFact() throws(Diagnostic) -> String {
        let a = try arch()
        switch name {
        case "page.size": return try bytes(a.pageSize)
        case "page.order": return String(PageAllocator.getOrder(try size(), pageShift: a.pageShift, bitsPerLong: a.bitsPerLong))
        case "page.order_bytes":
            let order = PageAllocator.getOrder(try size(), pageShift: a.pageShift, bitsPerLong: a.bitsPerLong)
            // A shift past bit 63 would silently give 0 bytes.
            guard a.pageShift + order < 64 else {
                throw fail("`size=\(args["size"] ?? "")` is too large: an order-\(order) block does not fit in 64 bits", hint: "give a smaller size, e.g. size=1M")
            }
            return try bytes(a.pageSize << UInt64(order))
        case "page.max_order": return String(PageAllocator.maxOrder(try kernel()))
        case "page.max_block": return try bytes(a.pageSize << UInt64(PageAllocator.maxOrder(try kernel())))
        case "page.costly_order": return String(PageAllocator.costlyOrder)
        default: throw fail("has no resolver")
        }
    }

    private func vmallocFact() throws(Diagnostic) -> String {
        let s = try size()
        let page = Arch.x86_32.pageSize
        guard s > 0 else { throw fail("vmalloc(0) returns NULL: there is no footprint", hint: "give a size of at least 1 byte") }
        // Checked arithmetic: a size near 2^64 must be an error, not a trap.
        let (rounded, o1) = s.addingReportingOverflow(page - 1)
        let aligned = rounded / page * page
        let (footprint, o2) = aligned.addingReportingOverflow(page)
        guard !o1, !o2 else {
            throw fail("`size=\(args["size"] ?? "")` is too large: with its guard page the area does not fit in 64 bits",
                       hint: "give a size below 16 EiB, e.g. size=1M")
        }
        switch name {
        case "vmalloc.footprint": return try bytes(footprint)
        case "vmalloc.pages": return String(aligned / page)
        default: throw fail("has no resolver")
        }
    }

    private func translateFact() throws(Diagnostic) -> String {
        let m = try machine()
        let digits = m.config.arch.addressDigits
        switch name {
        case "translate.pa":
            let a = try address("addr")
            guard a >= m.layout.pageOffset, a < m.layout.highMemory else {
                throw fail("\(hexAddress(a, digits: digits)) is not in the direct mapping of `\(m.id)`, so __pa() has no meaning there", hint: "give an address between PAGE_OFFSET and high_memory")
            }
            return hexAddress(a - m.layout.pageOffset + m.config.physOffset, digits: digits)
        case "translate.va":
            let p = try address("phys")
            guard p >= m.config.physOffset, p - m.config.physOffset < m.layout.lowmemBytes else {
                throw fail("\(hexAddress(p, digits: digits)) is not lowmem on `\(m.id)`: it has no linear mapping", hint: "give a physical address below the end of lowmem")
            }
            return hexAddress(p - m.config.physOffset + m.layout.pageOffset, digits: digits)
        default: throw fail("has no resolver")
        }
    }

    private func demoFact() throws(Diagnostic) -> String {
        let m = try machine()
        guard let run = simulation.demoPointers(m) else { throw fail("the demo cannot run on `\(m.id)`", hint: "use a machine the demo runs on, e.g. x86-160m") }
        let digits = m.config.arch.addressDigits
        switch name {
        case "demo.pagemem": return hexAddress(run.pagemem, digits: digits)
        case "demo.kmallocmem": return hexAddress(run.kmallocmem, digits: digits)
        case "demo.vmallocmem": return hexAddress(run.vmallocmem, digits: digits)
        default: throw fail("has no resolver")
        }
    }
}

