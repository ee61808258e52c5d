import KernelSim
import KmemScenario

/// Size strings as the command line and content take them (memparse()), and what is computed
/// from a size: its order, its human form.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let b = ByteSize.parse(text) {
        _ = ByteSize.format(b)
        for arch in Arch.allCases { _ = PageAllocator.getOrder(b, pageShift: arch.pageShift, bitsPerLong: arch.bitsPerLong) }
        for k in KernelVersion.allCases {
            _ = Kmalloc.place(size: b, kernel: k, allocator: .slub, arch: .x86_64)
            _ = Kmalloc.place(size: b, kernel: k, allocator: .slab, arch: .x86_32)
        }
    }
    _ = SizeArgument(argument: text)
    return 0
}
