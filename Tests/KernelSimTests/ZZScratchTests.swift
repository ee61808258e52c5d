import Testing
@testable import KernelSim

@Suite struct ZZScratch {
    @Test func explore() throws {
        let layout = AllocMachines.machine32(kernel: .v6_1, lowMiB: 24, highMiB: 8, vmallocBytes: 4 << 20)
        let k = Kernel(layout: layout, seed: 3)
        let clock = ContinuousClock()
        var t0 = clock.now
        for _ in 0..<200 { _ = k.checkInvariants() }
        print("full", (clock.now - t0) / 200)
        t0 = clock.now
        for _ in 0..<200 {
            var usedByZone: [String: UInt64] = [:]
            for a in k.allocations.values { usedByZone[a.zone, default: 0] += UInt64(1) << UInt64(a.order) }
        }
        print("used", (clock.now - t0) / 200)
        t0 = clock.now
        for _ in 0..<200 {
            var intervals: [(start: UInt64, end: UInt64, kind: Int)] = []
            for z in k.zones { for o in 0...10 { for p in z.free[o] { intervals.append((p, p + 1, 0)) } } }
            for a in k.allocations.values { intervals.append((a.pfn, a.pfn+1, 2)) }
            intervals.sort { $0.start < $1.start }
        }
        print("intervals", (clock.now - t0) / 200)
    }
}
