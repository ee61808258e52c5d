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
    @OptionGroup var language: SimLanguageOption

    func run() throws {
        try reporting {
            let text: String
            guard let data = FileManager.default.contents(atPath: scenario) else {
                throw Diagnostic(.noInput, at: SourceLocation(file: scenario), "cannot read the scenario file", hint: "check the path")
            }
            text = try TextFile.utf8(data, file: scenario)
            let script = try ScenarioScript.parse(text, file: scenario)
            print(try script.run(wording: language.wording))
        }
    }
}

struct SimDemo: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration(commandName: "demo", abstract: "cli.sim.demo.abstract") }
    @OptionGroup var machine: MachineOptions
    @Option(help: Help.argument("cli.sim.demo.seed")) var seed: UInt64 = Simulation.seed
    @OptionGroup var language: SimLanguageOption

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
            let w = language.wording
            let hex = { (v: UInt64) in hexAddress(v, digits: d) }
            print(w.t("sim.demo.header", ["arch": arch.rawValue, "kernel": kernel.rawValue, "ram": w.size(ram.bytes), "seed": String(seed)]))
            print(w.t("sim.demo.ranges", ["lowmem": "\(hex(layout.pageOffset))-\(hex(layout.highMemory))", "vmalloc": "\(hex(layout.vmallocStart))-\(hex(layout.vmallocEnd))"]))
            print("")
            for p in run.pointers {
                print("\(p.variable) = \(p.call)")
                print(w.t("sim.demo.pointer", ["value": p.value.map(hex) ?? "NULL", "region": p.region.map(w.simRegion) ?? "?", "reason": w.simReason(p.reason)]))
                if let phys = p.phys { print("    virt_to_phys() = \(hex(phys))") }
                if let c = p.cache { print(w.t("sim.demo.cache", ["cache": c, "ksize": String(p.ksize ?? 0)])) }
                if let wrong = p.paWouldGive {
                    print(w.t("sim.demo.scattered", ["pages": String(p.pfns.count), "contiguous": w.yesNo(p.physicallyContiguous == true), "wrong": hex(wrong)]))
                }
            }
            // Why the vmalloc pointer is not VMALLOC_START: boot-time users hold the bottom.
            let boot = run.procAfterInit.vmallocinfo.split(separator: "\n").filter { !$0.contains("kmemdemo_init") }
            if let v = run.pointers.first(where: { $0.variable == "vmallocmem" })?.value, v > layout.vmallocStart {
                print(w.t("sim.demo.boot_areas", ["offset": hexValue(v - layout.vmallocStart), "count": String(boot.count)]))
            } else if kernel < .v6_1 {
                print(w.t("sim.demo.no_boot_areas", ["release": kernel.release]))
            }
            if !run.events.isEmpty { print(""); for e in run.events { print(e.text) } }
            print("\n\(w.t("sim.heading", ["name": "/proc/vmallocinfo"]))\n\(run.procAfterInit.vmallocinfo)")
            print(w.t("sim.demo.restored", ["answer": w.yesNo(run.exitRestoredFreeLists)]))
        }
    }
}
