import Foundation
import KernelSim

/// Simulated runs behind facts and blocks. A machine boots with the same seed every time, so
/// every page that shows it shows the same run; results are cached per machine for one build.
public enum Simulation {
    /// The boot seed of every simulated machine on the site (documented in content/README.md).
    public static let seed: UInt64 = 2026

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var demo: [MachineConfig: DemoRun] = [:]
        var fresh: [MachineConfig: Fresh] = [:]
        var vmalloc: [String: VmallocArea?] = [:]
    }
    private static let cache = Cache()

    /// Computes under the lock, so pages rendered in parallel never boot the same machine twice.
    private static func cached<T>(_ get: (Cache) -> T?, _ put: (Cache, T) -> Void, _ make: () -> T) -> T {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let v = get(cache) { return v }
        let v = make()
        put(cache, v)
        return v
    }

    /// The seeds' demo module (corrected flags) on this machine.
    public static func demo(_ m: NamedMachine) -> DemoRun {
        cached({ $0.demo[m.config] }, { $0.demo[m.config] = $1 }) { Demo.run(layout: m.layout, seed: seed) }
    }

    /// What a freshly booted machine shows; one boot serves every read-only view.
    struct Fresh {
        var views: ProcViews
        var buddy: [(zone: String, counts: [Int])]
    }

    private static func fresh(_ m: NamedMachine) -> Fresh {
        cached({ $0.fresh[m.config] }, { $0.fresh[m.config] = $1 }) {
            let k = Kernel(layout: m.layout, seed: seed)
            return Fresh(views: k.procViews(), buddy: k.freeCounts())
        }
    }

    /// /proc views of a freshly booted machine, or after `scenario` ran.
    public static func proc(_ m: NamedMachine, scenario: String?) -> ProcViews {
        if scenario == "demo" { return demo(m).procAfterInit }
        return fresh(m).views
    }

    /// One `vmalloc(size)` on a freshly booted machine.
    public static func vmalloc(_ m: NamedMachine, size: UInt64) -> VmallocArea? {
        let key = "\(m.id)/\(size)"
        return cached({ $0.vmalloc[key] }, { $0.vmalloc[key] = $1 }) {
            Kernel(layout: m.layout, seed: seed).vmalloc(size, caller: "demo_init+0x40/0x90")
        }
    }

    /// Free blocks per order and zone on a freshly booted machine.
    public static func buddy(_ m: NamedMachine) -> [(zone: String, counts: [Int])] { fresh(m).buddy }
}

enum DemoCache {
    static func run(for m: NamedMachine) -> (pagemem: UInt64, kmallocmem: UInt64, vmallocmem: UInt64)? {
        let run = Simulation.demo(m)
        func value(_ name: String) -> UInt64? { run.pointers.first { $0.variable == name }?.value }
        guard let p = value("pagemem"), let k = value("kmallocmem"), let v = value("vmallocmem") else { return nil }
        return (p, k, v)
    }
}
