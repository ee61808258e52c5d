/// Machines as distributions build their kernels, one per kernel captured in verify/captures:
/// `sim layout --preset debian-686-pae --ram 2G` is the captured machine.

public struct MachinePreset: Sendable, Hashable {
    public var name: String
    public var summary: String
    public var arch: Arch
    public var kernel: KernelVersion
    public var nrCpus: Int
    public var highmem: Bool
    public var paravirt: Bool
    public var apeiGhes: Bool
    public var randomizeBase: Bool
    /// What QEMU's firmware keeps at the top of low RAM (SeaBIOS: 128 KiB; none on ARM virt).
    public var reservedTop: UInt64

    /// The configuration for `ram` bytes booted as verify/run.sh boots it.
    public func config(ram: UInt64) -> MachineConfig {
        var c = MachineConfig(arch: arch, kernel: kernel, ramBytes: ram, reservedTopBytes: reservedTop, nrCpus: nrCpus,
                              highmem: highmem, allocator: .slub, paravirt: paravirt, apeiGhes: apeiGhes)
        c.randomizeBase = randomizeBase
        if arch == .arm32 { c.armPhysOffset = 0x4000_0000; c.armZoneDMA = true }  // QEMU virt; CONFIG_ZONE_DMA
        return c
    }

    /// Debian 12's kernels (linux-image-6.1.0-*: config-6.1.0-*-{686,686-pae,amd64,armmp}, the
    /// values the probe printed in verify/captures): NR_CPUS 32 (i386), 8192 (amd64), 8 (armmp);
    /// PARAVIRT (and PARAVIRT_XXL on amd64), ACPI_APEI_GHES on x86, RANDOMIZE_BASE on amd64.
    public static let all: [MachinePreset] = [
        MachinePreset(name: "debian-686", summary: "Debian 12 linux-image-686 (6.1, i386, no PAE) on QEMU pc",
                      arch: .x86_32, kernel: .v6_1, nrCpus: 32, highmem: true, paravirt: true, apeiGhes: true,
                      randomizeBase: false, reservedTop: 128 << 10),
        MachinePreset(name: "debian-686-pae", summary: "Debian 12 linux-image-686-pae (6.1, i386, PAE) on QEMU pc",
                      arch: .x86_32_pae, kernel: .v6_1, nrCpus: 32, highmem: true, paravirt: true, apeiGhes: true,
                      randomizeBase: false, reservedTop: 128 << 10),
        MachinePreset(name: "debian-amd64", summary: "Debian 12 linux-image-amd64 (6.1, x86-64, KASLR built in) on QEMU pc",
                      arch: .x86_64, kernel: .v6_1, nrCpus: 8192, highmem: false, paravirt: true, apeiGhes: true,
                      randomizeBase: true, reservedTop: 128 << 10),
        MachinePreset(name: "debian-armmp", summary: "Debian 12 linux-image-armmp (6.1, armhf, no LPAE) on QEMU virt",
                      arch: .arm32, kernel: .v6_1, nrCpus: 8, highmem: true, paravirt: false, apeiGhes: false,
                      randomizeBase: false, reservedTop: 0),
        // LPAE changes the page-table format (3 levels, 64-bit PTEs) but not the constants the
        // layout is made of (PAGE_OFFSET, VMALLOC_END, PKMAP_BASE, the fixmap window, 2 MiB PMDs
        // either way): the classic ARM model, compared with the LPAE capture value by value.
        MachinePreset(name: "debian-armmp-lpae", summary: "Debian 12 linux-image-armmp-lpae (6.1, armhf, LPAE) on QEMU virt",
                      arch: .arm32, kernel: .v6_1, nrCpus: 8, highmem: true, paravirt: false, apeiGhes: false,
                      randomizeBase: false, reservedTop: 0),
    ]

    public static func named(_ name: String) -> MachinePreset? { all.first { $0.name == name } }
}
