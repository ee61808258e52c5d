import Testing
@testable import KernelSim

/// The calling situations the pages' context table shows come from the simulator's own
/// model: whether one may sleep is its context's in_atomic(), and every mask recommended for
/// it allocates there without the kernel's "sleeping function called from invalid context".
@Suite struct ContextTests {
    @Test(arguments: [KernelVersion.v3_4, .v6_1, .v6_12])
    func everyRecommendedMaskIsSafeInItsContext(kernel: KernelVersion) throws {
        for situation in CallingSituation.all {
            for name in situation.masks {
                // GFP_KERNEL_ACCOUNT arrived in 4.5; the table shows what each kernel has.
                guard let gfp = GFP.parse(name, kernel: kernel) else {
                    #expect(name == "GFP_KERNEL_ACCOUNT" && kernel == .v3_4, "\(name) is not a mask of \(kernel.rawValue)")
                    continue
                }
                if !situation.maySleep { #expect(!GFP.mayBlock(gfp, kernel: kernel), "\(name) may sleep, in \(situation.id)") }
                let k = Kernel(layout: AllocMachines.machine32(kernel: kernel, lowMiB: 40, highMiB: 0), seed: 1)
                #expect(k.kmalloc(100, gfp: gfp, context: situation.context) != nil, "kmalloc(100, \(name)) in \(situation.id)")
                #expect(!k.events.contains { $0.kind == .sleepInAtomic }, "\(name) in \(situation.id): \(k.events.map(\.text))")
            }
        }
    }

    @Test func aSleepingMaskInAnAtomicSituationIsReported() throws {
        let atomic = try #require(CallingSituation.all.first { !$0.maySleep })
        let k = Kernel(layout: AllocMachines.machine32(kernel: .v6_1, lowMiB: 40, highMiB: 0), seed: 1)
        _ = k.kmalloc(100, gfp: try #require(GFP.parse("GFP_KERNEL", kernel: .v6_1)), context: atomic.context)
        #expect(k.events.contains { $0.kind == .sleepInAtomic })
    }

    @Test func situationsHaveDistinctIdsAndCoverEveryContext() {
        #expect(Set(CallingSituation.all.map(\.id)).count == CallingSituation.all.count)
        #expect(Set(CallingSituation.all.map(\.context)) == Set(ExecContext.allCases))
    }
}
