import ArgumentParser
import Foundation
import KernelSim
import KmemContent
import KmemCore
import KmemScenario

/// `kmemguide sim run FILE`: allocations and frees in calling contexts, then /proc views.
///
/// ```yaml
/// machine: {arch: x86_32, kernel: "6.1", ram: 160M}   # as in content/machines.yaml
/// seed: 1                                              # optional boot seed
/// steps:
///   - kmalloc: {size: 100, gfp: GFP_KERNEL, as: a}
///   - vmalloc: {size: 1M, as: v, context: process}
///   - get_free_pages: {order: 2, gfp: GFP_ATOMIC, context: hardirq, as: p}
///   - kfree: a
///   - free_pages: {ptr: p, order: 2}
///   - vfree: v
/// show: [vmallocinfo, meminfo, buddyinfo, slabinfo, events]
/// ```
struct SimRun: ParsableCommand {
    static var configuration: CommandConfiguration {
        Help.configuration(commandName: "run", abstract: "cli.sim.run.abstract",
                           discussion: Help.text("cli.sim.run.discussion", ["max_ram": ByteSize.format(Kernel.maxBootRAM),
                                                                           "max_vmalloc": ByteSize.format(ScenarioScript.maxVmallocTotal),
                                                                           "max_steps": String(ScenarioScript.maxSteps)]))
    }
    @Argument(help: Help.argument("cli.sim.run.scenario")) var scenario: String

    func run() throws {
        try reporting {
            let text: String
            guard let data = FileManager.default.contents(atPath: scenario) else {
                throw Diagnostic(.noInput, at: SourceLocation(file: scenario), "cannot read the scenario file", hint: "check the path")
            }
            text = try TextFile.utf8(data, file: scenario)
            let script = try ScenarioScript.parse(text, file: scenario)
            print(try script.run())
        }
    }
}

struct SimDemo: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration(commandName: "demo", abstract: "cli.sim.demo.abstract") }
    @OptionGroup var machine: MachineOptions
    @Option(help: Help.argument("cli.sim.demo.seed")) var seed: UInt64 = Simulation.seed

    func run() throws {
        try reporting {
            let ram = SizeArgument(bytes: machine.ramBytes)
            guard ram.bytes <= Kernel.maxBootRAM else {
                throw Diagnostic(.usage, "--ram \(ByteSize.format(ram.bytes)) is more than the simulator boots (at most \(ByteSize.format(Kernel.maxBootRAM)))",
                                 hint: "give --ram 1T or less; `kmemguide sim layout` computes the layout for any size")
            }
            let cfg = machine.config
            let (arch, kernel) = (cfg.arch, cfg.kernel)
            let layout: AddressSpaceLayout
            do throws(LayoutError) { layout = try AddressSpaceLayout.compute(cfg) } catch {
                throw Diagnostic(.data, error.message, hint: "choose another --arch, --kernel or --ram (see `kmemguide sim demo --help`)")
            }
            let run = Demo.run(layout: layout, seed: seed)
            let d = arch.addressDigits
            print("The seeds' demo module on \(arch.rawValue), Linux \(kernel.rawValue), \(ByteSize.format(ram.bytes)) RAM (boot seed \(seed))")
            print("lowmem \(hexAddress(layout.pageOffset, digits: d))-\(hexAddress(layout.highMemory, digits: d)), vmalloc \(hexAddress(layout.vmallocStart, digits: d))-\(hexAddress(layout.vmallocEnd, digits: d))")
            print("")
            for p in run.pointers {
                print("\(p.variable) = \(p.call)")
                print("    = \(p.value.map { hexAddress($0, digits: d) } ?? "NULL")  in \(p.region ?? "?")  (\(p.reason))")
                if let phys = p.phys { print("    virt_to_phys() = \(hexAddress(phys, digits: d))") }
                if let c = p.cache { print("    cache \(c), ksize \(p.ksize ?? 0)") }
                if let wrong = p.paWouldGive {
                    print("    \(p.pfns.count) pages, physically contiguous: \(p.physicallyContiguous == true ? "yes" : "no"); virt_to_phys() would wrongly give \(hexAddress(wrong, digits: d))")
                }
            }
            // Why the vmalloc pointer is not VMALLOC_START: boot-time users hold the bottom.
            let boot = run.procAfterInit.vmallocinfo.split(separator: "\n").filter { !$0.contains("kmemdemo_init") }
            if let v = run.pointers.first(where: { $0.variable == "vmallocmem" })?.value, v > layout.vmallocStart {
                print("    VMALLOC_START + \(hexValue(v - layout.vmallocStart)): \(boot.count) areas that boot-time code (ACPI/HPET ioremaps, IRQ stacks, BPF, crypto) vmalloc'ed or ioremapped before any module hold the bottom of the area (see /proc/vmallocinfo below)")
            } else if kernel < .v6_1 {
                print("    at VMALLOC_START: the simulator has boot-time vmalloc areas only for the captured 6.1 kernels; a real \(kernel.release) kernel would also have some")
            }
            if !run.events.isEmpty { print(""); for e in run.events { print(e.text) } }
            print("\n/proc/vmallocinfo:\n\(run.procAfterInit.vmallocinfo)")
            print("module_exit restored the free lists: \(run.exitRestoredFreeLists ? "yes" : "no")")
        }
    }
}
