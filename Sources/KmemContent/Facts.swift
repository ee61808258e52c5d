import Foundation
import KernelSim
import KmemCore

/// Every fact a page can name (`{{fact NAME …}}`), and the arguments each accepts.
public enum Fact: String, CaseIterable, Sendable {
    case pageOffset = "layout.page_offset"
    case highMemory = "layout.high_memory"
    case vmallocStart = "layout.vmalloc_start"
    case vmallocEnd = "layout.vmalloc_end"
    case vmallocSize = "layout.vmalloc_size"
    case vmallocOffset = "layout.vmalloc_offset"
    case pkmapBase = "layout.pkmap_base"
    case fixaddrStart = "layout.fixaddr_start"
    case modulesStart = "layout.modules_start"
    case modulesEnd = "layout.modules_end"
    case physOffset = "layout.phys_offset"
    case reservedTop = "layout.reserved_top"
    case pmdSize = "layout.pmd_size"
    case taskSize = "layout.task_size"
    case lowmemSize = "layout.lowmem_size"
    case highmemSize = "layout.highmem_size"
    case maxmem = "layout.maxmem"
    case ram = "layout.ram"
    case vmallocParam = "layout.vmalloc_param"
    case vmallocCmdline = "layout.vmalloc_cmdline"
    case regionOf = "layout.region_of"
    case vmallocSizeByKernel = "layout.vmalloc_size_by_kernel"
    case zoneEnd = "layout.zone_end"
    case zoneSize = "layout.zone_size"
    case zeroSizePtr = "kmalloc.zero_size_ptr"
    case kmallocCache = "kmalloc.cache"
    case kmallocKsize = "kmalloc.ksize"
    case kmallocMaxCacheSize = "kmalloc.max_cache_size"
    case kmallocMaxSize = "kmalloc.max_size"
    case kmallocMinSize = "kmalloc.min_size"
    case gfpValue = "gfp.value"
    case gfpFlags = "gfp.flags"
    case pageSize = "page.size"
    case pageOrder = "page.order"
    case pageOrderBytes = "page.order_bytes"
    case maxOrder = "page.max_order"
    case maxBlock = "page.max_block"
    case costlyOrder = "page.costly_order"
    case vmallocFootprint = "vmalloc.footprint"
    case vmallocPages = "vmalloc.pages"
    case kasanGranule = "kasan.granule"
    case kernelRelease = "kernel.release"
    case translatePA = "translate.pa"
    case translateVA = "translate.va"
    case demoPagemem = "demo.pagemem"
    case demoKmallocmem = "demo.kmallocmem"
    case demoVmallocmem = "demo.vmallocmem"

    /// The arguments this fact accepts; any other is an error.
    public var arguments: Set<String> {
        switch self {
        case .pageOffset, .highMemory, .vmallocStart, .vmallocEnd, .pkmapBase, .fixaddrStart, .modulesStart, .modulesEnd, .physOffset, .taskSize, .vmallocCmdline, .demoPagemem, .demoKmallocmem, .demoVmallocmem: return ["machine"]
        case .vmallocSize, .vmallocOffset, .lowmemSize, .highmemSize, .maxmem, .ram, .vmallocParam, .reservedTop: return ["machine", "unit"]
        case .regionOf, .translatePA: return ["machine", "addr"]
        case .vmallocSizeByKernel: return ["machines", "unit"]
        case .zoneEnd, .zoneSize: return ["machine", "name", "unit"]
        case .zeroSizePtr, .costlyOrder: return []
        case .kmallocCache: return ["size", "kernel", "allocator", "arch"]
        case .kmallocKsize: return ["size", "kernel", "allocator", "arch", "unit"]
        case .kmallocMaxCacheSize, .kmallocMaxSize, .kmallocMinSize: return ["kernel", "allocator", "arch", "unit"]
        case .gfpValue, .gfpFlags: return ["name", "kernel"]
        case .pageSize, .pmdSize: return ["arch", "unit"]
        case .kasanGranule: return ["unit"]
        case .pageOrder: return ["size", "arch"]
        case .pageOrderBytes: return ["size", "arch", "unit"]
        case .maxOrder, .kernelRelease: return ["kernel"]
        case .maxBlock: return ["kernel", "unit"]
        case .vmallocFootprint: return ["size", "unit"]
        case .vmallocPages: return ["size"]
        case .translateVA: return ["machine", "phys"]
        }
    }
}

/// Resolves `{{fact NAME key=value ...}}` to text, by asking the simulator.
public struct FactResolver: Sendable {
    public let machines: [String: NamedMachine]
    /// For the few values that are words, not numbers ("page allocator (order 2)").
    public let ui: UIStrings
    /// The build's simulated runs (the demo module's pointers).
    public let simulation: Simulation

    /// Sorted once: every unknown `{{fact}}` is compared with them (a page of 70,000 unknown
    /// facts took over 2 s sorting them again for each; found by fuzzing).
    public static let factNames: [String] = Fact.allCases.map(\.rawValue).sorted()

    public init(machines: [String: NamedMachine], ui: UIStrings, simulation: Simulation) {
        self.machines = machines; self.ui = ui; self.simulation = simulation
    }

    public func resolve(_ words: [String], at loc: SourceLocation, lang: Language) throws(Diagnostic) -> String {
        guard let name = words.first else {
            throw Diagnostic(.data, at: loc, "`{{fact}}` names no fact", hint: "write {{fact NAME key=value}}")
        }
        guard let fact = Fact(rawValue: name) else {
            throw Diagnostic(.data, at: loc, "unknown fact `\(name)`",
                             hint: Suggest.hint(name, in: Self.factNames, fallback: "see the list in content/README.md"))
        }
        let allowed = fact.arguments
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
        return try FactArgs(fact: fact, args: args, loc: loc, machines: machines, ui: ui, lang: lang, simulation: simulation).value()
    }
}

/// The arguments of one reference, with located errors for each kind of bad value.
struct FactArgs {
    let fact: Fact
    var name: String { fact.rawValue }
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

    /// The vmalloc area of two machines that differ in their kernel, said once when the
    /// simulator gives both the same size ("120 MiB on both 3.4 and 6.1").
    private func vmallocSizeByKernel() throws(Diagnostic) -> String {
        let ids = try require("machines").split(separator: ",").map(String.init)
        guard ids.count == 2 else { throw fail("needs two machines", hint: "write machines=a,b (no spaces)") }
        var ms: [NamedMachine] = []
        for id in ids {
            guard let m = machines[id] else { throw fail("unknown machine `\(id)`", hint: "machines are defined in content/machines.yaml") }
            ms.append(m)
        }
        let a = try bytes(ms[0].layout.vmallocSize), b = try bytes(ms[1].layout.vmallocSize)
        let ka = ms[0].config.kernel.rawValue, kb = ms[1].config.kernel.rawValue
        if a == b { return wording.t("l10n.same_on_kernels", ["value": a, "a": ka, "b": kb]) }
        return wording.t("l10n.per_kernel", ["value_a": a, "a": ka, "value_b": b, "b": kb])
    }

    /// One exhaustive switch: a new `Fact` case does not compile until it has a value here.
    func value() throws(Diagnostic) -> String {
        switch fact {
        case .pageOffset: return try layoutAddress { $0.layout.pageOffset }
        case .highMemory: return try layoutAddress { $0.layout.highMemory }
        case .vmallocStart: return try layoutAddress { $0.layout.vmallocStart }
        case .vmallocEnd: return try layoutAddress { $0.layout.vmallocEnd }
        case .fixaddrStart: return try layoutAddress { $0.layout.fixaddrStart }
        case .modulesStart: return try layoutAddress { $0.layout.modulesStart }
        case .modulesEnd: return try layoutAddress { $0.layout.modulesEnd }
        case .physOffset: return try layoutAddress { $0.config.physOffset }
        case .taskSize: return try layoutAddress { l in l.layout.regions.first { $0.name == "user" }?.end ?? l.layout.pageOffset }
        case .pkmapBase:
            let m = try machine()
            guard let p = m.layout.pkmapBase else { throw fail("machine `\(m.id)` has no pkmap (no HIGHMEM)", hint: "use a 32-bit machine with highmem") }
            return hexAddress(p, digits: m.config.arch.addressDigits)
        case .vmallocSize: return try bytes(try machine().layout.vmallocSize)
        case .lowmemSize: return try bytes(try machine().layout.lowmemBytes)
        case .highmemSize: return try bytes(try machine().layout.highmemBytes)
        case .ram: return try bytes(try machine().config.ramBytes)
        case .reservedTop: return try bytes(try machine().config.reservedTopBytes)
        case .pmdSize: return try bytes(try arch().pmdSize)
        case .kasanGranule: return try bytes(Kasan.granuleSize)
        case .kernelRelease: return try kernel().release
        case .vmallocOffset:
            guard try !machine().config.arch.is64Bit else { throw fail("x86_64 has no VMALLOC_OFFSET hole", hint: "use an x86-32 or ARM machine") }
            return try bytes(8 * ByteSize.MiB)
        case .maxmem:
            guard let mm = try machine().layout.maxmem else { throw fail("MAXMEM exists only on x86-32", hint: "use an x86_32 machine") }
            return try bytes(mm)
        case .zoneEnd, .zoneSize:
            // A zone's physical end (as an amount of memory: "below 16 MiB") or its size.
            let m = try machine()
            let zname = try require("name")
            let zones = m.layout.zones.filter { $0.pages > 0 }
            guard let z = zones.first(where: { $0.name == zname }) else {
                throw fail("machine `\(m.id)` has no zone `\(zname)`", hint: "use one of \(zones.map(\.name).joined(separator: ", "))")
            }
            let page = m.config.arch.pageSize
            return try bytes(fact == .zoneEnd ? z.endPfn * page : z.pages * page)
        case .vmallocParam:
            let m = try machine()
            guard let v = m.config.vmallocParam else { throw fail("machine `\(m.id)` has no vmalloc= parameter", hint: "use a machine with `vmalloc:` in content/machines.yaml") }
            return try bytes(v)
        case .vmallocCmdline:
            // The parameter as written on the kernel command line: memparse() syntax.
            let m = try machine()
            guard let v = m.config.vmallocParam else { throw fail("machine `\(m.id)` has no vmalloc= parameter", hint: "use a machine with `vmalloc:` in content/machines.yaml") }
            return Wording.bootParameter("vmalloc", v)
        case .regionOf:
            let m = try machine()
            let a = try address("addr")
            guard let r = m.layout.region(containing: a) else { throw fail("address is outside every region", hint: "give an address inside the machine's layout (see its layout-table)") }
            return wording.region(r.name)
        case .vmallocSizeByKernel: return try vmallocSizeByKernel()

        case .zeroSizePtr: return hexValue(Kmalloc.zeroSizePtr)
        case .kmallocCache:
            let p = try placement()
            if !p.ok { return "NULL" }
            if p.zeroSizePtr { return "ZERO_SIZE_PTR" }
            if let c = p.cache { return c }
            return ui("fact.page_allocator_order", lang).replacingOccurrences(of: "{order}", with: String(p.order ?? 0))
        case .kmallocKsize: return try bytes(try placement().ksize)
        case .kmallocMaxCacheSize: return try bytes(Kmalloc.maxCacheSize(kernel: try kernel(), allocator: try allocator(), arch: try arch()))
        case .kmallocMaxSize: return try bytes(Kmalloc.maxSize(kernel: try kernel(), allocator: try allocator(), arch: try arch()))
        case .kmallocMinSize: return try bytes(Kmalloc.minSize(kernel: try kernel(), allocator: try allocator(), arch: try arch()))

        case .gfpValue: return hexValue(try gfpMask())
        case .gfpFlags:
            let names = GFP.decode(try gfpMask(), kernel: try kernel())
            return names.isEmpty ? "0" : names.joined(separator: " | ")

        case .pageSize: return try bytes(try arch().pageSize)
        case .pageOrder: return String(try order())
        case .pageOrderBytes:
            let a = try arch(), order = try order()
            // A shift past bit 63 would silently give 0 bytes.
            guard a.pageShift + order < 64 else {
                throw fail("`size=\(args["size"] ?? "")` is too large: an order-\(order) block does not fit in 64 bits", hint: "give a smaller size, e.g. size=1M")
            }
            return try bytes(a.pageSize << UInt64(order))
        case .maxOrder: return String(PageAllocator.maxOrder(try kernel()))
        case .maxBlock: return try bytes(try arch().pageSize << UInt64(PageAllocator.maxOrder(try kernel())))
        case .costlyOrder: return String(PageAllocator.costlyOrder)

        case .vmallocFootprint: return try bytes(try vmallocArea().footprint)
        case .vmallocPages: return String(try vmallocArea().pages)

        case .translatePA:
            let m = try machine()
            let digits = m.config.arch.addressDigits
            let a = try address("addr")
            guard a >= m.layout.pageOffset, a < m.layout.highMemory else {
                throw fail("\(hexAddress(a, digits: digits)) is not in the direct mapping of `\(m.id)`, so __pa() has no meaning there", hint: "give an address between PAGE_OFFSET and high_memory")
            }
            return hexAddress(a - m.layout.pageOffset + m.config.physOffset, digits: digits)
        case .translateVA:
            let m = try machine()
            let digits = m.config.arch.addressDigits
            let p = try address("phys")
            guard p >= m.config.physOffset, p - m.config.physOffset < m.layout.lowmemBytes else {
                throw fail("\(hexAddress(p, digits: digits)) is not lowmem on `\(m.id)`: it has no linear mapping", hint: "give a physical address below the end of lowmem")
            }
            return hexAddress(p - m.config.physOffset + m.layout.pageOffset, digits: digits)

        case .demoPagemem: return try demoPointer { $0.pagemem }
        case .demoKmallocmem: return try demoPointer { $0.kmallocmem }
        case .demoVmallocmem: return try demoPointer { $0.vmallocmem }
        }
    }

    /// An address of the named machine, in its architecture's width.
    private func layoutAddress(_ pick: (NamedMachine) -> UInt64) throws(Diagnostic) -> String {
        let m = try machine()
        return hexAddress(pick(m), digits: m.config.arch.addressDigits)
    }

    private func placement() throws(Diagnostic) -> KmallocPlacement {
        Kmalloc.place(size: try size(), kernel: try kernel(), allocator: try allocator(), arch: try arch())
    }

    private func gfpMask() throws(Diagnostic) -> UInt64 {
        let k = try kernel()
        let n = try require("name")
        guard let v = GFP.parse(n, kernel: k) else {
            throw fail("`\(n)` is not a GFP flag or mask of Linux \(k.rawValue)", hint: "check the spelling; `kmemguide sim gfp` lists the flags of each kernel")
        }
        return v
    }

    private func order() throws(Diagnostic) -> Int {
        let a = try arch()
        return PageAllocator.getOrder(try size(), pageShift: a.pageShift, bitsPerLong: a.bitsPerLong)
    }

    /// vmalloc's area for `size=`: its pages and its footprint with the guard page.
    private func vmallocArea() throws(Diagnostic) -> (pages: UInt64, footprint: UInt64) {
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
        return (aligned / page, footprint)
    }

    private func demoPointer(_ pick: ((pagemem: UInt64, kmallocmem: UInt64, vmallocmem: UInt64)) -> UInt64) throws(Diagnostic) -> String {
        let m = try machine()
        guard let run = simulation.demoPointers(m) else { throw fail("the demo cannot run on `\(m.id)`", hint: "use a machine the demo runs on, e.g. x86-160m") }
        return hexAddress(pick(run), digits: m.config.arch.addressDigits)
    }
}

