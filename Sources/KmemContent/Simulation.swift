import Foundation
import KernelSim
import KmemCore

/// Simulated runs behind facts and blocks. A machine boots with the same seed every time, so
/// every page that shows it shows the same run; results are cached per machine for one build.
public enum Simulation {
    /// The boot seed of every simulated machine on the site (documented in content/README.md).
    public static let seed: UInt64 = 2026

    /// One slot per (what, machine): its own lock, so different machines boot in parallel
    /// while pages that need the same run wait for the one computation.
    private final class Slot: @unchecked Sendable {
        let lock = NSLock()
        var computed = false
        var value: Any?
    }
    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var slots: [String: Slot] = [:]
        func slot(_ key: String) -> Slot {
            lock.lock(); defer { lock.unlock() }
            if let s = slots[key] { return s }
            let s = Slot()
            slots[key] = s
            return s
        }
    }
    private static let cache = Cache()

    private static func cached<T>(_ key: String, _ make: () -> T) -> T {
        let slot = cache.slot(key)
        slot.lock.lock(); defer { slot.lock.unlock() }
        // `computed`, not `value != nil`: a run's result may itself be nil (a failed vmalloc).
        if slot.computed, let v = slot.value as? T { return v }
        let v = make()
        slot.value = v
        slot.computed = true
        return v
    }

    private static func key(_ what: String, _ m: NamedMachine) -> String { "\(what)|\(m.config)" }

    /// The seeds' demo module (corrected flags) on this machine.
    public static func demo(_ m: NamedMachine) -> DemoRun {
        fresh(m).demo
    }

    /// What a freshly booted machine shows; one boot serves every read-only view.
    struct Fresh {
        var views: ProcViews
        var buddy: [(zone: String, counts: [Int])]
        var demo: DemoRun
    }

    private static func fresh(_ m: NamedMachine) -> Fresh {
        cached(key("fresh", m)) {
            // One boot: read the fresh machine, then run the demo module on it.
            Timings.mark("boot \(m.id) starts")
            defer { Timings.mark("boot \(m.id) done") }
            let k = Kernel(layout: m.layout, seed: seed)
            let views = k.procViews(), buddy = k.freeCounts()
            return Fresh(views: views, buddy: buddy, demo: Demo.run(on: k))
        }
    }

    /// Boots `m` and runs what every page reads from it, ahead of the pages that need it.
    public static func boot(_ m: NamedMachine) { _ = fresh(m) }

    /// /proc views of a freshly booted machine, or after `scenario` ran.
    public static func proc(_ m: NamedMachine, scenario: String?) -> ProcViews {
        if scenario == "demo" { return demo(m).procAfterInit }
        return fresh(m).views
    }

    /// One `vmalloc(size)` on a freshly booted machine.
    public static func vmalloc(_ m: NamedMachine, size: UInt64) -> VmallocArea? {
        return cached(key("vmalloc \(size)", m)) {
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
