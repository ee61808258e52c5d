import Foundation
import KernelSim
import KmemCore

/// A generated block, validated: everything the site needs to draw it.
public enum Block: Sendable {
    case layoutTable(NamedMachine)
    case layoutDiagram(NamedMachine)
    case layoutCompare([NamedMachine])
    case bootlog(NamedMachine, text: String)
    /// `afterDemo`: the view after the seeds' demo module ran (`scenario: demo`), else at boot.
    case proc(NamedMachine, file: ProcFile, afterDemo: Bool)
    case kmallocTable(kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch)
    case kmallocSizes(kernel: KernelVersion, allocator: SlabAllocatorKind, arch: Arch, sizes: [UInt64])
    case orderTable(sizes: [UInt64])
    case gfpTable(kernels: [KernelVersion], names: [String])
    case gfpDecode(kernel: KernelVersion, value: UInt64)
    case contextTable(kernel: KernelVersion)
    case vmallocDiagram(NamedMachine, size: UInt64)
    case buddyDiagram(NamedMachine)
    case demo(NamedMachine)
    case allocatorCompare(kernel: KernelVersion)
    case glossary
    case captures([CaptureComparison])
    /// A block that failed to parse (already reported); renders as nothing.
    case invalid
}

public enum ProcFile: String, CaseIterable, Sendable {
    case vmallocinfo, meminfo, buddyinfo, slabinfo
}

public struct BlockParser: Sendable {
    public let machines: [String: NamedMachine]
    /// verify/captures: what real kernels reported (nil: the `captures` block is an error).
    public var captures: SourceTree?

    public init(machines: [String: NamedMachine], captures: SourceTree? = nil) {
        self.machines = machines; self.captures = captures
    }

    static let parameters: [String: (required: Set<String>, optional: Set<String>)] = [
        "layout-table": (["machine"], []),
        "layout-diagram": (["machine"], []),
        "layout-compare": (["machines"], []),
        "bootlog": (["machine"], []),
        "proc": (["machine", "file"], ["scenario"]),
        "kmalloc-table": (["kernel"], ["allocator", "arch"]),
        "kmalloc-sizes": (["kernel", "sizes"], ["allocator", "arch"]),
        "order-table": (["sizes"], []),
        "gfp-table": (["kernels"], ["names"]),
        "gfp-decode": (["kernel", "value"], []),
        "context-table": (["kernel"], []),
        "vmalloc-diagram": (["machine", "size"], []),
        "buddy-diagram": (["machine"], []),
        "demo": (["machine"], []),
        "allocator-compare": (["kernel"], []),
        "glossary": ([], []),
        "captures": ([], ["arch"]),
    ]

    public static var blockNames: [String] { parameters.keys.sorted() }

    /// The GFP masks a `gfp-table` shows when it names none.
    public static let defaultGFPNames = ["GFP_KERNEL", "GFP_ATOMIC", "GFP_NOWAIT", "GFP_NOIO", "GFP_NOFS",
                                         "GFP_USER", "GFP_HIGHUSER", "GFP_DMA", "GFP_KERNEL_ACCOUNT",
                                         "__GFP_ZERO", "__GFP_HIGHMEM", "__GFP_NOWARN", "__GFP_NORETRY", "__GFP_NOFAIL"]

    public func parse(_ yaml: YAMLValue, at loc: SourceLocation) throws(Diagnostic) -> Block {
        let r = YAMLReader(file: loc.file)
        guard let entries = yaml.entries else {
            throw Diagnostic(.data, at: loc, "a kmem block's body must be `key: value` lines starting with `block:`", hint: "write e.g. `block: layout-table` and `machine: x86-160m` on lines of their own")
        }
        guard let kind = yaml["block"]?.string else {
            throw Diagnostic(.data, at: loc, "kmem block has no `block:` kind", hint: "add e.g. `block: layout-table`")
        }
        guard let spec = Self.parameters[kind] else {
            throw Diagnostic(.data, at: loc, "unknown block `\(kind)`", hint: Suggest.hint(kind, in: Self.blockNames, fallback: "use one of: \(Self.blockNames.joined(separator: ", "))"))
        }
        for (k, _, line) in entries where k != "block" && !spec.required.contains(k) && !spec.optional.contains(k) {
            throw Diagnostic(.data, at: r.at(line), "block `\(kind)` takes no parameter `\(k)`",
                             hint: "it takes \(spec.required.union(spec.optional).sorted().joined(separator: ", "))")
        }
        for k in spec.required.sorted() where yaml[k] == nil || yaml[k]!.isNull {
            throw Diagnostic(.data, at: loc, "block `\(kind)` needs `\(k):`", hint: "add a `\(k):` line to the block")
        }
        let p = Params(yaml: yaml, r: r, loc: loc, kind: kind, machines: machines)
        switch kind {
        case "layout-table": return .layoutTable(try p.machine())
        case "layout-diagram": return .layoutDiagram(try p.machine())
        case "layout-compare":
            var ms: [NamedMachine] = []
            for id in try r.strings(yaml["machines"], key: "machines", in: yaml) { ms.append(try p.machine(id)) }
            if ms.isEmpty { throw Diagnostic(.data, at: loc, "`machines` is empty", hint: "list at least one machine id from content/machines.yaml") }
            return .layoutCompare(ms)
        case "bootlog":
            let m = try p.machine()
            guard let text = m.layout.bootLog() else {
                throw Diagnostic(.data, at: loc, "Linux \(m.config.kernel.rawValue) on \(m.config.arch.rawValue) prints no \"virtual kernel memory layout\" at boot",
                                 hint: "use a machine with a kernel that printed it (x86-32 3.4, ARM 3.4), or a layout-table")
            }
            return .bootlog(m, text: text)
        case "proc":
            let fileName = try r.string(yaml["file"], key: "file", in: yaml)
            guard let file = ProcFile(rawValue: fileName) else {
                throw Diagnostic(.data, at: r.at(yaml["file"]?.line ?? loc.line ?? 0), "unknown /proc file `\(fileName)`",
                                 hint: "use \(ProcFile.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let scenario = yaml["scenario"]?.string
            if let s = scenario, s != "demo" {
                throw Diagnostic(.data, at: loc, "unknown scenario `\(s)`", hint: "the only scenario is `demo`")
            }
            return .proc(try p.machine(), file: file, afterDemo: scenario == "demo")
        case "kmalloc-table":
            return .kmallocTable(kernel: try p.kernel(), allocator: try p.allocator(), arch: try p.arch())
        case "kmalloc-sizes":
            return .kmallocSizes(kernel: try p.kernel(), allocator: try p.allocator(), arch: try p.arch(), sizes: try p.sizes())
        case "order-table": return .orderTable(sizes: try p.sizes())
        case "gfp-table":
            var kernels: [KernelVersion] = []
            for k in try r.strings(yaml["kernels"], key: "kernels", in: yaml) { kernels.append(try p.kernel(k)) }
            let names = yaml["names"] == nil ? Self.defaultGFPNames : try r.strings(yaml["names"], key: "names", in: yaml)
            for n in names where !kernels.contains(where: { GFP.parse(n, kernel: $0) != nil }) {
                throw Diagnostic(.data, at: loc, "`\(n)` is not a GFP flag or mask in any of the kernels named", hint: "check the spelling, or add a kernel that has it to `kernels`")
            }
            return .gfpTable(kernels: kernels, names: names)
        case "gfp-decode":
            let k = try p.kernel()
            let text = try r.string(yaml["value"], key: "value", in: yaml)
            guard let v = GFP.parse(text, kernel: k) else {
                throw Diagnostic(.data, at: loc, "`\(text)` is not a GFP value for Linux \(k.rawValue)", hint: "write a flag name (GFP_KERNEL) or a hex value (0xcc0)")
            }
            return .gfpDecode(kernel: k, value: v)
        case "context-table": return .contextTable(kernel: try p.kernel())
        case "vmalloc-diagram":
            let size = try p.size("size")
            guard size > 0 else { throw Diagnostic(.data, at: loc, "vmalloc(0) maps nothing", hint: "give a size above 0") }
            return .vmallocDiagram(try p.machine(), size: size)
        case "buddy-diagram": return .buddyDiagram(try p.machine())
        case "demo": return .demo(try p.machine())
        case "allocator-compare": return .allocatorCompare(kernel: try p.kernel())
        case "glossary": return .glossary
        case "captures":
            guard let captures else {
                throw Diagnostic(.data, at: loc, "no kernel captures are available to this build",
                                 hint: "build from the repository, where verify/captures/ sits beside content/")
            }
            var all = try CaptureLoader.load(captures, at: loc)
            if let a = yaml["arch"]?.string {
                guard let arch = Arch(rawValue: a) else { throw Diagnostic(.data, at: loc, "unknown arch `\(a)`", hint: "use \(Arch.allCases.map(\.rawValue).joined(separator: ", "))") }
                all = all.filter { $0.arch == arch }
            }
            return .captures(all)
        default:
            throw Diagnostic(.software, at: loc, "block `\(kind)` is listed but not parsed", hint: "report this: it is a bug of kmemguide")
        }
    }

    struct Params {
        let yaml: YAMLValue
        let r: YAMLReader
        let loc: SourceLocation
        let kind: String
        let machines: [String: NamedMachine]

        func machine(_ given: String? = nil) throws(Diagnostic) -> NamedMachine {
            let id: String
            if let given { id = given } else { id = try r.string(yaml["machine"], key: "machine", in: yaml) }
            guard let m = machines[id] else {
                throw Diagnostic(.data, at: loc, "unknown machine `\(id)` in block `\(kind)`", hint: "machines are defined in content/machines.yaml")
            }
            return m
        }

        func kernel(_ given: String? = nil) throws(Diagnostic) -> KernelVersion {
            let k: String
            if let given { k = given } else { k = try r.string(yaml["kernel"], key: "kernel", in: yaml) }
            guard let v = KernelVersion(rawValue: k) else {
                throw Diagnostic(.data, at: loc, "unknown kernel `\(k)` in block `\(kind)`",
                                 hint: "use \(KernelVersion.allCases.map(\.rawValue).joined(separator: ", ")), quoted")
            }
            return v
        }

        func allocator() throws(Diagnostic) -> SlabAllocatorKind {
            guard let a = yaml["allocator"]?.string else { return .default(for: try kernel()) }
            guard let k = SlabAllocatorKind(rawValue: a) else { throw Diagnostic(.data, at: loc, "unknown allocator `\(a)`", hint: "use slub or slab") }
            return k
        }

        func arch() throws(Diagnostic) -> Arch {
            guard let a = yaml["arch"]?.string else { return .x86_32 }
            guard let v = Arch(rawValue: a) else { throw Diagnostic(.data, at: loc, "unknown arch `\(a)`", hint: "use \(Arch.allCases.map(\.rawValue).joined(separator: ", "))") }
            return v
        }

        func size(_ key: String) throws(Diagnostic) -> UInt64 {
            let s = try r.string(yaml[key], key: key, in: yaml)
            guard let v = ByteSize.parse(s) else { throw Diagnostic(.data, at: loc, "`\(key): \(s)` is not a size", hint: "write e.g. 4096, 4K, 1M") }
            return v
        }

        func sizes() throws(Diagnostic) -> [UInt64] {
            var out: [UInt64] = []
            for s in try r.strings(yaml["sizes"], key: "sizes", in: yaml) {
                guard let v = ByteSize.parse(s) else { throw Diagnostic(.data, at: loc, "`\(s)` in `sizes` is not a size", hint: "write e.g. 100, 4K, 1M or 0x1000") }
                out.append(v)
            }
            if out.isEmpty { throw Diagnostic(.data, at: loc, "`sizes` is empty", hint: "list at least one size, e.g. `sizes: [8, 100, 4096]`") }
            return out
        }
    }
}
