import KernelSim

/// A size as the `sim` commands take it, parsed the way the kernel's memparse() does. KmemCLI
/// makes it an ArgumentParser argument (a bad one is a usage error there); it lives here so the
/// fuzz targets reach the same parsing without the command line.
public struct SizeArgument: Sendable {
    public var bytes: UInt64
    public init(bytes: UInt64) { self.bytes = bytes }
    public init?(argument: String) {
        guard let b = ByteSize.parse(argument) else { return nil }
        bytes = b
    }
}
