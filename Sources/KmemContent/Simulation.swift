import Foundation
import KernelSim
import KmemCore

/// Simulated runs behind facts and blocks, for one build: a value made by the build and
/// passed to what needs it, so no run outlives its build or leaks into another (tests included).
/// A machine boots with the same seed every time, so every page that shows it shows the same run;
/// each result is computed once per build, in a cache typed by what it holds.
public final class Simulation: Sendable {
    /// The boot seed of every simulated machine on the site (documented in content/README.md).
    public static let seed: UInt64 = 2026

    private struct VmallocKey: Hashable, Sendable {
        var machine: MachineConfig
        var size: UInt64
    }
    private let boots = OnceCache<MachineConfig, Fresh>()
    private let vmallocs = OnceCache<VmallocKey, VmallocArea?>()

    public init() {}

    /// The seeds' demo module (corrected flags) on this machine.
    public func demo(_ m: NamedMachine) -> DemoRun { fresh(m).demo }

    /// What a freshly booted machine shows; one boot serves every read-only view.
    struct Fresh: Sendable {
        var views: ProcViews
        var buddy: [(zone: String, counts: [Int])]
        var demo: DemoRun
    }

    private func fresh(_ m: NamedMachine) -> Fresh {
        boots.value(for: m.config) {
            // One boot: read the fresh machine, then run the demo module on it.
            Timings.mark("boot \(m.id) starts")
            defer { Timings.mark("boot \(m.id) done") }
            let k = Kernel(layout: m.layout, seed: Self.seed)
            let views = k.procViews(), buddy = k.freeCounts()
            return Fresh(views: views, buddy: buddy, demo: Demo.run(on: k))
        }
    }

    /// Boots `m` and runs what every page reads from it, ahead of the pages that need it.
    public func boot(_ m: NamedMachine) { _ = fresh(m) }

    /// /proc views of a freshly booted machine, or after the demo module ran on it.
    public func proc(_ m: NamedMachine, afterDemo: Bool) -> ProcViews {
        afterDemo ? demo(m).procAfterInit : fresh(m).views
    }

    /// One `vmalloc(size)` on a freshly booted machine.
    public func vmalloc(_ m: NamedMachine, size: UInt64) -> VmallocArea? {
        vmallocs.value(for: VmallocKey(machine: m.config, size: size)) {
            Kernel(layout: m.layout, seed: Self.seed).vmalloc(size, caller: "demo_init+0x40/0x90")
        }
    }

    /// Free blocks per order and zone on a freshly booted machine.
    public func buddy(_ m: NamedMachine) -> [(zone: String, counts: [Int])] { fresh(m).buddy }

    /// The three pointers of the demo module, or nil when it cannot run on `m`.
    func demoPointers(_ m: NamedMachine) -> (pagemem: UInt64, kmallocmem: UInt64, vmallocmem: UInt64)? {
        let run = demo(m)
        func value(_ name: String) -> UInt64? { run.pointers.first { $0.variable == name }?.value }
        guard let p = value("pagemem"), let k = value("kmallocmem"), let v = value("vmallocmem") else { return nil }
        return (p, k, v)
    }
}
