import KmemCore
// TEMPORARY: stand-in until the simulated Kernel lands; this file is deleted then.
enum DemoCache { static func run(for m: NamedMachine) -> (pagemem: UInt64, kmallocmem: UInt64, vmallocmem: UInt64)? { nil } }
