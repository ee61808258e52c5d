import ArgumentParser
import Foundation
import KernelSim
import KmemCore

struct Sim: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the kernel memory simulator directly.",
        subcommands: [SimLayout.self, SimKmalloc.self, SimGFP.self, SimOrder.self, SimRun.self, SimDemo.self])
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json, bootlog }

/// Parses a size argument the way the kernel's memparse() does; a bad one is a usage error.
struct SizeArgument: ExpressibleByArgument {
    var bytes: UInt64
    init?(argument: String) {
        guard let b = ByteSize.parse(argument) else { return nil }
        bytes = b
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

extension Arch: ExpressibleByArgument {}
extension KernelVersion: ExpressibleByArgument {}
extension SlabAllocatorKind: ExpressibleByArgument {}

struct MachineOptions: ParsableArguments {
    @Option(help: "Architecture: \(Arch.allCases.map(\.rawValue).joined(separator: ", ")).") var arch: Arch
    @Option(help: "Kernel generation: \(KernelVersion.allCases.map(\.rawValue).joined(separator: ", ")).") var kernel: KernelVersion
    @Option(help: "Installed RAM, e.g. 160M, 1G.") var ram: SizeArgument
    @Option(name: .customLong("reserved-top"), help: "RAM the firmware keeps at the top, e.g. 128K for QEMU.") var reservedTop: SizeArgument?
    @Option(name: .customLong("nr-cpus"), help: "CONFIG_NR_CPUS.") var nrCpus: Int?
    @Option(help: "The vmalloc= boot parameter, e.g. 200M.") var vmalloc: SizeArgument?
    @Flag(name: .customLong("no-highmem"), help: "Build without CONFIG_HIGHMEM.") var noHighmem = false
    @Flag(help: "CONFIG_PARAVIRT (as distro kernels).") var paravirt = false
    @Option(help: "slub or slab.") var allocator: SlabAllocatorKind = .slub

    func validate() throws {
        if let n = nrCpus, n < 1 || n > 8192 { throw ValidationError("--nr-cpus must be between 1 and 8192") }
    }

    var config: MachineConfig {
        MachineConfig(arch: arch, kernel: kernel, ramBytes: ram.bytes, reservedTopBytes: reservedTop?.bytes ?? 0,
                      nrCpus: nrCpus, highmem: !noHighmem, allocator: allocator, vmallocParam: vmalloc?.bytes, paravirt: paravirt)
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
    static let configuration = CommandConfiguration(commandName: "layout", abstract: "The virtual address-space layout a kernel sets up at boot.")
    @OptionGroup var machine: MachineOptions
    @Option(help: "text, json or bootlog.") var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let l = try machine.layout()
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
                print("\(l.config.arch.rawValue), Linux \(l.config.kernel.rawValue), RAM \(ByteSize.format(l.config.ramBytes))")
                for m in l.messages { print("kernel: \(m.text)") }
                for r in l.regions.reversed() {
                    let name = r.name.padding(toLength: 16, withPad: " ", startingAt: 0)
                    print("  \(name) \(hex(r.start)) - \(hex(r.end))  \(ByteSize.format(r.size))")
                }
                print("lowmem \(ByteSize.format(l.lowmemBytes)), highmem \(ByteSize.format(l.highmemBytes))")
                for z in l.zones { print("zone \(z.name): pfn [\(z.startPfn), \(z.endPfn))") }
            }
        }
    }
}
