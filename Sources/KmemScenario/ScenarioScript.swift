import KernelSim
import KmemContent
import KmemCore

// The scenario language of `kmemguide sim run`, apart from the command line so that the fuzz
// targets (Fuzz/) can reach it without the CLI, which embeds content/ through a build plugin.

/// A parsed scenario: the machine and the steps, each with its line.
public struct ScenarioScript {
    enum Op { case kmalloc(UInt64, UInt64, zero: Bool), vmalloc(UInt64), pages(Int, UInt64), kfree(String), vfree(String), freePages(String, Int) }
    struct Step { var op: Op; var name: String?; var context: ExecContext; var line: Int }

    var file: String
    var layout: AddressSpaceLayout
    var seed: UInt64
    var steps: [Step]
    var show: [String]

    static let views = ["vmallocinfo", "meminfo", "buddyinfo", "slabinfo", "events"]
    /// The most a scenario may vmalloc in total (1,048,576 pages of 4 KiB).
    public static let maxVmallocTotal: UInt64 = 4 << 30
    /// The most steps a scenario may have.
    public static let maxSteps = 10_000

    public static func parse(_ text: String, file: String) throws(Diagnostic) -> ScenarioScript {
        let root = try YAMLValue.parse(text, file: file)
        let r = YAMLReader(file: file)
        for (k, _, line) in try r.mapping(root, what: "a scenario") where !["machine", "seed", "steps", "show"].contains(k) {
            throw Diagnostic(.data, at: r.at(line), "unknown scenario key `\(k)`", hint: "use machine, seed, steps, show")
        }
        guard let m = root["machine"] else { throw Diagnostic(.data, at: r.at(root.line), "missing `machine:`", hint: "add e.g. `machine: {arch: x86_32, kernel: \"6.1\", ram: 160M}`") }
        let cfg = try ContentLoader.machineConfig(m, file: file)
        let layout: AddressSpaceLayout
        do { layout = try AddressSpaceLayout.compute(cfg) } catch {
            throw Diagnostic(.data, at: r.at(m.line), error.message, hint: "change the machine's RAM or options")
        }
        var seed = Simulation.seed
        if let s = root["seed"] {
            guard let v = s.string.flatMap({ UInt64($0) }) else { throw Diagnostic(.data, at: r.at(s.line), "`seed` must be a whole number", hint: "write e.g. `seed: 1`") }
            seed = v
        }
        var steps: [Step] = []
        var vmallocTotal: UInt64 = 0
        if let list = root["steps"], !list.isNull, list.array == nil {
            throw Diagnostic(.data, at: r.at(list.line), "`steps` must be a list of `- verb: arguments` lines",
                             hint: "e.g. `steps:` then `  - kmalloc: {size: 100, as: a}` on the next line")
        }
        for item in root["steps"]?.array ?? [] {
            // Each step costs the simulator work and output: 40,000 failing kmalloc(4M) steps in
            // a 1 MB file took over 2 s (found by fuzzing); no lesson needs this many.
            guard steps.count < maxSteps else {
                throw Diagnostic(.data, at: r.at(item.line), "a scenario has at most \(maxSteps) steps", hint: "split it into several scenarios")
            }
            guard let entries = item.entries, entries.count == 1, let (verb, args, line) = entries.first else {
                throw Diagnostic(.data, at: r.at(item.line), "each step is one `verb: arguments` line", hint: "e.g. `- kmalloc: {size: 100, as: a}`")
            }
            let s = try step(verb, args, line: line, kernel: cfg.kernel, r: r)
            // vmalloc maps page by page: bound the total so a scenario runs in seconds.
            if case .vmalloc(let size) = s.op {
                let (sum, overflow) = vmallocTotal.addingReportingOverflow(size)
                guard !overflow, sum <= maxVmallocTotal else {
                    throw Diagnostic(.data, at: r.at(line), "the scenario's vmalloc sizes add up to more than \(ByteSize.format(maxVmallocTotal))",
                                     hint: "vmalloc less in total (the simulator maps every page; more would take minutes)")
                }
                vmallocTotal = sum
            }
            steps.append(s)
        }
        let show = try root["show"].map { v throws(Diagnostic) in try r.strings(v, key: "show", in: root) } ?? ["vmallocinfo", "meminfo", "events"]
        for s in show where !views.contains(s) {
            throw Diagnostic(.data, at: r.at(root["show"]?.line ?? root.line), "unknown view `\(s)`", hint: "use \(views.joined(separator: ", "))")
        }
        return ScenarioScript(file: file, layout: layout, seed: seed, steps: steps, show: show)
    }

    static func step(_ verb: String, _ args: YAMLValue, line: Int, kernel: KernelVersion, r: YAMLReader) throws(Diagnostic) -> Step {
        func size() throws(Diagnostic) -> UInt64 {
            let s = try r.string(args["size"], key: "size", in: args)
            guard let v = ByteSize.parse(s) else { throw Diagnostic(.data, at: r.at(line), "`size: \(s)` is not a size", hint: "write e.g. 100, 4K, 1M or 0x1000") }
            return v
        }
        func gfp() throws(Diagnostic) -> UInt64 {
            let s = args["gfp"]?.string ?? "GFP_KERNEL"
            guard let v = GFP.parse(s, kernel: kernel) else {
                throw Diagnostic(.data, at: r.at(line), "`gfp: \(s)` is not a GFP mask of Linux \(kernel.rawValue)", hint: "write e.g. GFP_KERNEL, GFP_ATOMIC or GFP_KERNEL|__GFP_ZERO; `kmemguide sim gfp` lists them")
            }
            return v
        }
        func order() throws(Diagnostic) -> Int { try r.int(args["order"], key: "order", in: args) }
        var context = ExecContext.process
        if let c = args["context"]?.string {
            guard let v = ExecContext(rawValue: c) else {
                throw Diagnostic(.data, at: r.at(line), "unknown context `\(c)`", hint: "use \(ExecContext.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            context = v
        }
        let name = args["as"]?.string
        let op: Op
        switch verb {
        case "kmalloc": op = .kmalloc(try size(), try gfp(), zero: false)
        case "kzalloc": op = .kmalloc(try size(), try gfp(), zero: true)
        case "vmalloc": op = .vmalloc(try size())
        case "get_free_pages", "alloc_pages": op = .pages(try order(), try gfp())
        case "kfree", "vfree":
            guard let target = args.string ?? args["ptr"]?.string else {
                throw Diagnostic(.data, at: r.at(line), "`\(verb)` needs the name given with `as:`", hint: "e.g. `- \(verb): a`")
            }
            op = verb == "kfree" ? .kfree(target) : .vfree(target)
        case "free_pages":
            op = .freePages(try r.string(args["ptr"], key: "ptr", in: args), try order())
        default:
            throw Diagnostic(.data, at: r.at(line), "unknown step `\(verb)`",
                             hint: Suggest.hint(verb, in: ["kmalloc", "kzalloc", "vmalloc", "get_free_pages", "kfree", "vfree", "free_pages"],
                                                fallback: "use kmalloc, kzalloc, vmalloc, get_free_pages, kfree, vfree, free_pages"))
        }
        return Step(op: op, name: name, context: context, line: line)
    }

    /// The run's log. Our words around the kernel's come from `wording` (ui.yaml's `sim.run.*`, in
    /// the reader's language); without one, from the English templates here, which are ui.yaml's
    /// English (KmemCLITests holds the two equal). /proc views and kernel messages are as printed.
    public func run(wording: Wording? = nil) throws(Diagnostic) -> String {
        func say(_ key: String, _ english: String, _ subs: [String: String] = [:]) -> String {
            if let w = wording { return w.t(key, subs) }
            var s = english
            for (k, v) in subs { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
            return s
        }
        let k = Kernel(layout: layout, seed: seed)
        let d = layout.config.arch.addressDigits
        var names: [String: UInt64] = [:]
        var out: [String] = []
        func lookup(_ n: String, _ step: Step) throws(Diagnostic) -> UInt64 {
            guard let v = names[n] else {
                throw Diagnostic(.data, at: SourceLocation(file: file, line: step.line), "no pointer named `\(n)`", hint: "name an allocation with `as: \(n)` before freeing it")
            }
            return v
        }
        func outcome(_ call: String, _ ok: Bool, _ notKey: String, _ notEnglish: String) -> String {
            say("sim.run.outcome", "{call}: {outcome}", ["call": call, "outcome": ok ? say("sim.run.freed", "freed") : say(notKey, notEnglish)])
        }
        for s in steps {
            let ctx = s.context == .process ? "" : " [\(s.context.rawValue)]"
            var result: UInt64?
            switch s.op {
            case .kmalloc(let size, let gfp, let zero):
                let r = zero ? k.kzalloc(size, gfp: gfp, context: s.context) : k.kmalloc(size, gfp: gfp, context: s.context)
                result = r?.address
                let shown = r.map {
                    say("sim.run.kmalloc_result", "{address} ({cache}, ksize {ksize})",
                        ["address": hexAddress($0.address, digits: d), "cache": $0.cache ?? say("sim.run.whole_pages", "pages"), "ksize": String($0.ksize)])
                }
                out.append("\(zero ? "kzalloc" : "kmalloc")(\(size), \(GFP.describe(gfp, kernel: layout.config.kernel)))\(ctx) = \(shown ?? "NULL")")
            case .vmalloc(let size):
                let a = k.vmalloc(size, context: s.context, caller: s.name.map { "scenario_\($0)" })
                result = a?.addr
                let shown = a.map { say("sim.run.vmalloc_result", "{address} ({pages} pages)", ["address": hexAddress($0.addr, digits: d), "pages": String($0.nrPages)]) }
                out.append("vmalloc(\(size))\(ctx) = \(shown ?? "NULL")")
            case .pages(let order, let gfp):
                result = k.getFreePages(gfp: gfp, order: order, context: s.context)
                out.append("__get_free_pages(\(GFP.describe(gfp, kernel: layout.config.kernel)), \(order))\(ctx) = \(result.map { hexAddress($0, digits: d) } ?? "0")")
            case .kfree(let n):
                out.append(outcome("kfree(\(n))\(ctx)", k.kfree(try lookup(n, s), context: s.context), "sim.run.not_kmalloc", "not a kmalloc pointer"))
            case .vfree(let n):
                out.append(outcome("vfree(\(n))\(ctx)", k.vfree(try lookup(n, s), context: s.context), "sim.run.not_vmalloc", "not a vmalloc pointer"))
            case .freePages(let n, let order):
                out.append(outcome("free_pages(\(n), \(order))", k.freePagesAddress(try lookup(n, s), order: order), "sim.run.not_page", "not a page address"))
            }
            if let n = s.name, let v = result { names[n] = v }
        }
        func heading(_ file: String) -> String { say("sim.heading", "{name}:", ["name": file]) }
        for view in show {
            out.append("")
            switch view {
            case "vmallocinfo": out.append(heading("/proc/vmallocinfo")); out.append(k.procVmallocinfo())
            case "meminfo": out.append(say("sim.run.meminfo", "/proc/meminfo (Vmalloc lines):")); out.append(k.procMeminfoVmalloc())
            case "buddyinfo": out.append(heading("/proc/buddyinfo")); out.append(k.procBuddyinfo())
            case "slabinfo": out.append(heading("/proc/slabinfo")); out.append(k.procSlabinfo())
            default: out.append(say("sim.run.kernel_log", "kernel log:")); out.append(k.events.isEmpty ? say("sim.run.nothing", "(nothing)") : k.events.map(\.text).joined(separator: "\n"))
            }
        }
        let problems = k.checkInvariants()
        if !problems.isEmpty { throw Diagnostic(.software, at: SourceLocation(file: file), "simulator invariant broken: \(problems[0])", hint: "report this with the scenario file: it is a bug of the simulator") }
        return out.joined(separator: "\n")
    }
}
