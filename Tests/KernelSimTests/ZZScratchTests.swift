import Testing
@testable import KernelSim

@Suite struct ZZScratch {
    @Test func explore() throws {
        let t = KernelTests()
        for s in 0..<UInt64(6) { t.runRandomOperations(seed: s, steps: 500) }
    }
}
