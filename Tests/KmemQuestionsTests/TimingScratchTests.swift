import Testing
import Foundation
import KernelSim

@Test func timingKernelBoot() throws {
    for (arch, kernel, ram) in [(Arch.x86_32, KernelVersion.v3_4, UInt64(160) << 20), (.x86_32, .v6_1, 1 << 30), (.x86_64, .v6_1, 1 << 30), (.x86_64, .v6_1, 8 << 30)] {
        let l = try AddressSpaceLayout.compute(MachineConfig(arch: arch, kernel: kernel, ramBytes: ram))
        let t0 = Date()
        let k = Kernel(layout: l, seed: 1)
        let a = k.vmalloc(10000, caller: "x")
        print("BOOT", arch, kernel, ram >> 20, Date().timeIntervalSince(t0), a?.size as Any)
        print(k.procVmallocinfo())
    }
}
