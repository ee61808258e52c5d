import ArgumentParser
import Foundation
import KernelSim
import KmemContent
import KmemCore
import KmemQuiz
import KmemScenario

struct Sim: ParsableCommand {
    static var configuration: CommandConfiguration {
        Help.configuration(abstract: "cli.sim.abstract",
                           subcommands: [SimLayout.self, SimKmalloc.self, SimGFP.self, SimOrder.self, SimRun.self, SimDemo.self, SimCompare.self])
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json, bootlog }

/// A size argument (KmemScenario's `SizeArgument`, memparse()); a bad one is a usage error.
extension SizeArgument: ExpressibleByArgument {
    public static var defaultCompletionKind: CompletionKind { .default }
}

extension Arch: ExpressibleByArgument {}
extension KernelVersion: ExpressibleByArgument {}
extension SlabAllocatorKind: ExpressibleByArgument {}

struct MachineOptions: ParsableArguments {
    @Option(help: Help.argument("cli.sim.preset", ["presets": Help.list(MachinePreset.all.map(\.name))]))
    var preset: String?
    @Option(help: Help.argument("cli.sim.arch", ["archs": Help.list(Arch.allCases.map(\.rawValue))])) var arch: Arch?
    @Option(help: Help.argument("cli.sim.kernel", ["kernels": Help.list(KernelVersion.allCases.map(\.rawValue))])) var kernel: KernelVersion?
    @Option(help: Help.argument("cli.sim.ram")) var ram: SizeArgument?
    @Option(name: .customLong("reserved-top"), help: Help.argument("cli.sim.reserved_top")) var reservedTop: SizeArgument?
    @Option(name: .customLong("nr-cpus"), help: Help.argument("cli.sim.nr_cpus")) var nrCpus: Int?
    @Option(help: Help.argument("cli.sim.vmalloc")) var vmalloc: SizeArgument?
    @Flag(name: .customLong("no-highmem"), help: Help.argument("cli.sim.no_highmem")) var noHighmem = false
    @Flag(inversion: .prefixedNo, help: Help.argument("cli.sim.paravirt")) var paravirt: Bool?
    @Flag(name: .customLong("apei-ghes"), inversion: .prefixedNo, help: Help.argument("cli.sim.apei_ghes")) var apeiGhes: Bool?
    @Flag(inversion: .prefixedNo, help: Help.argument("cli.sim.kaslr")) var kaslr: Bool?
    @Flag(help: Help.argument("cli.sim.la57")) var la57 = false
    @Option(help: Help.argument("cli.sim.e820")) var e820: String?
    @Option(help: Help.argument("cli.sim.allocator")) var allocator: SlabAllocatorKind?

    func validate() throws {
        if let n = nrCpus, n < 1 || n > MachineConfig.maxNrCpus { throw ValidationError(Help.text("cli.error.nr_cpus_range", ["max": String(MachineConfig.maxNrCpus)])) }
        if let p = preset, MachinePreset.named(p) == nil {
            throw ValidationError(Help.text("cli.error.unknown_preset", ["name": p, "presets": Help.list(MachinePreset.all.map(\.name))]))
        }
        if let e = e820, case .failure(let err) = E820.parse(e) { throw ValidationError("--e820: `\(err.entry)`: \(err.reason)") }
    }

    var ramBytes: UInt64 { ram?.bytes ?? 160 << 20 }

    var config: MachineConfig {
        var c: MachineConfig
        if let p = preset.flatMap(MachinePreset.named) {
            c = p.config(ram: ramBytes)
            if let a = arch { c.arch = a }
            if let k = kernel { c.kernel = k; c.allocator = .default(for: k) }
        } else {
            c = MachineConfig(arch: arch ?? .x86_32, kernel: kernel ?? .v3_4, ramBytes: ramBytes)
        }
        if let r = reservedTop { c.reservedTopBytes = r.bytes }
        if let n = nrCpus { c.nrCpus = n }
        if noHighmem { c.highmem = false }
        if let a = allocator { c.allocator = a }
        if let v = vmalloc { c.vmallocParam = v.bytes }
        if let p = paravirt { c.paravirt = p }
        if let g = apeiGhes { c.apeiGhes = g }
        if let k = kaslr { c.randomizeBase = k }
        if la57 { c.la57 = true }
        if let e = e820, case .success(let map) = E820.parse(e) { c.e820 = map }
        return c
    }

    func layout() throws(Diagnostic) -> AddressSpaceLayout {
        do { return try AddressSpaceLayout.compute(config) } catch {
            throw Diagnostic(.data, error.message, hint: "choose RAM and options this kernel can boot with")
        }
    }
}

/// Deterministic JSON: sorted keys, two-space indent, a trailing newline.
func printJSON(_ value: Any) {
    let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    print(String(decoding: data, as: UTF8.self))
}

struct SimLayout: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration(commandName: "layout", abstract: "cli.sim.layout.abstract") }
    @OptionGroup var machine: MachineOptions
    @Option(help: Help.argument("cli.sim.layout.format")) var format: OutputFormat = .text
    @OptionGroup var language: SimLanguageOption

    func run() throws {
        try reporting {
            let l = try machine.layout()
            let w = language.wording
            let d = l.config.arch.addressDigits
            let hex = { (v: UInt64) in hexAddress(v, digits: d) }
            switch format {
            case .json:
                printJSON(l.jsonObject())
            case .bootlog:
                guard let log = l.bootLog() else {
                    throw Diagnostic(.data, "Linux \(l.config.kernel.rawValue) on \(l.config.arch.rawValue) does not print a virtual kernel memory layout at boot",
                                     hint: "use --format text or json, or --kernel 3.4 on x86_32/arm32")
                }
                print(log, terminator: log.hasSuffix("\n") ? "" : "\n")
            case .text:
                print(w.t("sim.layout.header", ["arch": l.config.arch.rawValue, "kernel": l.config.kernel.rawValue, "ram": w.size(l.config.ramBytes)]))
                for m in l.messages { print(w.t("sim.layout.kernel_message", ["text": m.text])) }
                // English pads the region's id to 16 characters, as always. zh and ja name the region
                // last, after the sizes padded to one width: padding after a name would put spaces
                // after its full-width closing parenthesis.
                let sizes = l.regions.map { w.size($0.size) }
                let sizeColumns = sizes.map { TextWidth.width(of: $0) }.max() ?? 0
                for (r, size) in zip(l.regions, sizes).reversed() {
                    if w.lang == .en {
                        print("  \(r.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(hex(r.start)) - \(hex(r.end))  \(size)")
                    } else {
                        print("  \(hex(r.start)) - \(hex(r.end))  \(TextWidth.pad(size, to: sizeColumns))  \(w.simRegion(r.name))")
                    }
                }
                print(w.t("sim.layout.split", ["lowmem": w.size(l.lowmemBytes), "highmem": w.size(l.highmemBytes)]))
                for z in l.zones { print(w.t("sim.layout.zone", ["name": z.name, "start": String(z.startPfn), "end": String(z.endPfn)])) }
            }
        }
    }
}
