import Testing
@testable import KernelSim

@Suite struct SizeTests {
    @Test(arguments: [("4096", 4096 as UInt64), ("4K", 4096), ("4k", 4096), ("160M", 160 << 20),
                      ("2G", 2 << 30), ("0x1000", 4096), ("128KB", 128 << 10), ("4KiB", 4096)])
    func parsesKernelSizes(text: String, bytes: UInt64) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test(arguments: ["", "M", "12Q", "-4K", "4 K", "99999999999999999999", "0x", "1.5M", "16777216T"])
    func rejectsMalformed(text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test func formatsExactUnits() {
        #expect(ByteSize.format(8 << 20) == "8 MiB")
        #expect(ByteSize.format(4096) == "4 KiB")
        #expect(ByteSize.format(1_000_000) == "976.56 KiB")
        #expect(ByteSize.format(4097) == "4097 bytes")
        #expect(ByteSize.format(0x377fe000) == "887.99 MiB")
        #expect(ByteSize.format(0) == "0 bytes")
        #expect(ByteSize.format(1) == "1 byte")
        #expect(hexAddress(0xc0000000, digits: 8) == "0xc0000000")
        #expect(hexAddress(0x1000, digits: 8) == "0x00001000")
    }
}

/// Sizes past a few TiB (x86-64's non-canonical hole) in PiB and EiB, and a size that only
/// rounds to a whole unit marked as approximate instead of looking exact.
@Suite struct SizeFormatTests {
    @Test func largeUnitsAndApproximations() {
        #expect(ByteSize.format(1 << 60) == "1 EiB")
        #expect(ByteSize.format(3 << 50) == "3 PiB")
        #expect(ByteSize.format(UInt64.max - (1 << 49) + 1) == "≈16 EiB", "the 4-level non-canonical hole")
        #expect(ByteSize.format((1 << 20) + 4096) == "≈1 MiB")
        #expect(ByteSize.format(1_007_616 * 1024) == "984 MiB")
        #expect(ByteSize.format(931_127_296) == "887.99 MiB")
    }
}
