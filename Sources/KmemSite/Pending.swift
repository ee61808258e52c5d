import KmemCore
// TEMPORARY: stand-ins until the simulated Kernel lands; this file is deleted then.
import KmemContent
import KernelSim
enum SimulatedMachines { static func kernel(for m: NamedMachine, scenario: String?) -> PendingKernel { PendingKernel() } }
struct PendingKernel {
    func procVmallocinfo() -> String { "" }
    func procMeminfoVmalloc() -> String { "" }
    func procBuddyinfo() -> String { "" }
    func procSlabinfo() -> String { "" }
}
enum VmallocDiagram { static func render(_ m: NamedMachine, size: UInt64, lang: Language, ui: UIStrings) -> String { "" } }
enum BuddyDiagram { static func render(_ m: NamedMachine, lang: Language, ui: UIStrings) -> String { "" } }
enum DemoTable { static func render(_ m: NamedMachine, lang: Language, ui: UIStrings) -> String { "" } }
