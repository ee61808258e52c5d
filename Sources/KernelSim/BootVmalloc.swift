/// Boot-time users of the vmalloc area, as Debian 12's 6.1 kernels show them in
/// /proc/vmallocinfo before any module is loaded (verify/captures/*.json `bootVmallocinfo`,
/// booted in QEMU by verify/run.sh): early ACPI and HPET ioremaps, per-CPU IRQ stacks and
/// chunks, kernel-thread stacks (kernel_clone), BPF and crypto buffers, and areas freed lazily
/// but not yet purged ("unpurged vm_area"). They hold the bottom of the area, so a driver's
/// first vmalloc() lands above them, never at VMALLOC_START.
///
/// Modelled as the captured areas below the probe module's vmalloc(1000000), at the same
/// offsets from VMALLOC_START (they do not depend on RAM size: the 686 captures at 256 MiB,
/// 768 MiB and 2 GiB have the same offsets). Only 6.1/6.12 (the captured kernels); 2.6/3.4 have
/// no capture and get none. The areas hold address space only: their pages are not taken
/// from the buddy allocator (their `pages=` count still shows in VmallocUsed).

enum BootVmalloc {
    struct Area { let offset: UInt64; let size: UInt64; let text: String }

    /// The areas for a configuration; `{top}` in a text is the top of low RAM less what the
    /// firmware keeps (the ACPI tables SeaBIOS puts there), filled in per machine.
    static func areas(_ config: MachineConfig) -> [Area] {
        guard config.kernel >= .v6_1 else { return [] }
        switch config.arch {
        case .x86_32: return x86_32
        case .x86_32_pae: return x86_32Pae
        case .x86_64: return x86_64
        case .arm32: return arm32
        }
    }

    /// verify/captures/debian12-6.1.0-57-686-256M.json: the first vmalloc(1000000) lands at VMALLOC_START + 0x97000.
    static let x86_32: [Area] = [
        Area(offset: 0x0, size: 8192, text: "acpi_os_map_iomem+0x211/0x240 phys={top+0x1000} ioremap"),
        Area(offset: 0x2000, size: 12288, text: "acpi_os_map_iomem+0x211/0x240 phys={top+0x0} ioremap"),
        Area(offset: 0x5000, size: 8192, text: "hpet_enable+0xc5/0x3da phys=0xfed00000 ioremap"),
        Area(offset: 0x7000, size: 8192, text: "gen_pool_add_owner+0x2d/0xa0 pages=1 vmalloc"),
        Area(offset: 0x9000, size: 8192, text: "bpf_prog_alloc_no_stats+0x2b/0x1d0 pages=1 vmalloc"),
        Area(offset: 0xb000, size: 8192, text: "acpi_os_map_iomem+0x211/0x240 phys=0xfed00000 ioremap"),
        Area(offset: 0xd000, size: 8192, text: "memremap+0xa9/0x170 phys=0x000f5000 ioremap"),
        Area(offset: 0x55000, size: 135168, text: "crypto_scomp_init_tfm+0x65/0xb0 pages=32 vmalloc"),
        Area(offset: 0x76000, size: 135168, text: "crypto_scomp_init_tfm+0x78/0xb0 pages=32 vmalloc"),
    ]
    /// verify/captures/debian12-6.1.0-57-686-pae-2G.json: the first vmalloc(1000000) lands at VMALLOC_START + 0x97000.
    static let x86_32Pae: [Area] = [
        Area(offset: 0x0, size: 8192, text: "acpi_os_map_iomem+0x215/0x240 phys={top+0x1000} ioremap"),
        Area(offset: 0x2000, size: 12288, text: "acpi_os_map_iomem+0x215/0x240 phys={top+0x0} ioremap"),
        Area(offset: 0x5000, size: 8192, text: "hpet_enable+0xc7/0x3dc phys=0x00000000fed00000 ioremap"),
        Area(offset: 0x7000, size: 8192, text: "gen_pool_add_owner+0x2a/0xb0 pages=1 vmalloc"),
        Area(offset: 0x9000, size: 8192, text: "bpf_prog_alloc_no_stats+0x2b/0x1d0 pages=1 vmalloc"),
        Area(offset: 0xb000, size: 8192, text: "acpi_os_map_iomem+0x215/0x240 phys=0x00000000fed00000 ioremap"),
        Area(offset: 0xd000, size: 8192, text: "memremap+0xc4/0x1a0 phys=0x00000000000f5000 ioremap"),
        Area(offset: 0x55000, size: 135168, text: "crypto_scomp_init_tfm+0x65/0xb0 pages=32 vmalloc"),
        Area(offset: 0x76000, size: 135168, text: "crypto_scomp_init_tfm+0x78/0xb0 pages=32 vmalloc"),
    ]
    /// verify/captures/debian12-6.1.0-57-amd64-2G.json: the first vmalloc(1000000) lands at VMALLOC_START + 0x641000.
    static let x86_64: [Area] = [
        Area(offset: 0x0, size: 20480, text: "irq_init_percpu_irqstack+0xf0/0x120 vmap"),
        Area(offset: 0x5000, size: 8192, text: "acpi_os_map_iomem+0x1b6/0x1d0 phys={top+0x1000} ioremap"),
        Area(offset: 0x8000, size: 12288, text: "acpi_os_map_iomem+0x1b6/0x1d0 phys={top+0x0} ioremap"),
        Area(offset: 0xb000, size: 8192, text: "hpet_enable+0xef/0x46d phys=0x00000000fed00000 ioremap"),
        Area(offset: 0xd000, size: 8192, text: "gen_pool_add_owner+0x3a/0xc0 pages=1 vmalloc N0=1"),
        Area(offset: 0x10000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x15000, size: 8192, text: "bpf_prog_alloc_no_stats+0x31/0x1f0 pages=1 vmalloc N0=1"),
        Area(offset: 0x18000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x1d000, size: 8192, text: "gen_pool_add_owner+0x3a/0xc0 pages=1 vmalloc N0=1"),
        Area(offset: 0x20000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x25000, size: 8192, text: "gen_pool_add_owner+0x3a/0xc0 pages=1 vmalloc N0=1"),
        Area(offset: 0x28000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x2d000, size: 8192, text: "gen_pool_add_owner+0x3a/0xc0 pages=1 vmalloc N0=1"),
        Area(offset: 0x30000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x35000, size: 8192, text: "acpi_os_map_iomem+0x1b6/0x1d0 phys=0x00000000fed00000 ioremap"),
        Area(offset: 0x38000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x3d000, size: 8192, text: "memremap+0x159/0x210 phys=0x00000000000f5000 ioremap"),
        Area(offset: 0x40000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x45000, size: 12288, text: "pcpu_create_chunk+0x167/0x1b0 pages=2 vmalloc N0=2"),
        Area(offset: 0x48000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x50000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x58000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x60000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x68000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x70000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x78000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x80000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x88000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x90000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x98000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xa0000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xa8000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xb0000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xb8000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xc0000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xc8000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xd0000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xd8000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xe0000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xe8000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xf0000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0xf8000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x100000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x108000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x110000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x118000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x120000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x128000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x12d000, size: 69632, text: "pcpu_create_chunk+0x4e/0x1b0 pages=16 vmalloc N0=16"),
        Area(offset: 0x13e000, size: 73728, text: "pcpu_create_chunk+0x75/0x1b0 pages=17 vmalloc N0=17"),
        Area(offset: 0x150000, size: 20480, text: "pcpu_create_chunk+0x92/0x1b0 pages=4 vmalloc N0=4"),
        Area(offset: 0x155000, size: 4198400, text: "pcpu_create_chunk+0x167/0x1b0 pages=1024 vmalloc vpages N0=1024"),
        Area(offset: 0x558000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x560000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x568000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x570000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x578000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x580000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x588000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x590000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x598000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x5a0000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x5ef000, size: 135168, text: "crypto_scomp_init_tfm+0x75/0xe0 pages=32 vmalloc N0=32"),
        Area(offset: 0x610000, size: 135168, text: "crypto_scomp_init_tfm+0x93/0xe0 pages=32 vmalloc N0=32"),
        Area(offset: 0x634000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
        Area(offset: 0x63c000, size: 20480, text: "kernel_clone+0xbf/0x430 pages=4 vmalloc N0=4"),
    ]
    /// verify/captures/debian12-6.1.0-57-armmp-1G.json: the first vmalloc(1000000) lands at VMALLOC_START + 0x1ff000.
    static let arm32: [Area] = [
        Area(offset: 0x0, size: 12288, text: "start_kernel+0x540/0x71c pages=2 vmalloc"),
        Area(offset: 0x3000, size: 8192, text: "gicv2m_init+0x198/0x4c4 phys=0x08020000 ioremap"),
        Area(offset: 0x9000, size: 8192, text: "bpf_prog_alloc_no_stats+0x34/0x1cc pages=1 vmalloc"),
        Area(offset: 0xc000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x10000, size: 69632, text: "gic_of_setup+0x38/0xf8 phys=0x08000000 ioremap"),
        Area(offset: 0x21000, size: 8192, text: "gen_pool_add_owner+0x34/0xbc pages=1 vmalloc"),
        Area(offset: 0x24000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x28000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x30000, size: 69632, text: "gic_of_setup+0x50/0xf8 phys=0x08010000 ioremap"),
        Area(offset: 0x44000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x48000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x4c000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x50000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x54000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x58000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x5c000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x60000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x64000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x68000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x6c000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x70000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x74000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x78000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x7c000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x80000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x83000, size: 266240, text: "dma_common_contiguous_remap+0x74/0x90 dma-coherent"),
        Area(offset: 0xc4000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xc7000, size: 8192, text: "__devm_ioremap_resource+0x168/0x1dc phys=0x09000000 ioremap"),
        Area(offset: 0xc9000, size: 8192, text: "__devm_ioremap_resource+0x168/0x1dc phys=0x09030000 ioremap"),
        Area(offset: 0xcc000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xd0000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xd4000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xd8000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xdc000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xe0000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xe4000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xe8000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xec000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xf0000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xf4000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xf8000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xfc000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0xff000, size: 77824, text: "pcpu_create_chunk+0x16c/0x1ac pages=18 vmalloc"),
        Area(offset: 0x112000, size: 8192, text: "devm_ioremap+0x4c/0x88 phys=0x09010000 ioremap"),
        Area(offset: 0x114000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x118000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x11c000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x120000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x124000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x128000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x12c000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x130000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x134000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x138000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x181000, size: 135168, text: "crypto_scomp_init_tfm+0xb4/0xd8 pages=32 vmalloc"),
        Area(offset: 0x1a2000, size: 135168, text: "crypto_scomp_init_tfm+0x70/0xd8 pages=32 vmalloc"),
        Area(offset: 0x1c4000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x1c8000, size: 12288, text: "kernel_clone+0xac/0x3c4 pages=2 vmalloc"),
        Area(offset: 0x1cf000, size: 16384, text: "n_tty_open+0x18/0xa4 pages=3 vmalloc"),
        Area(offset: 0x5000, size: 16384, text: "unpurged vm_area"),
        Area(offset: 0x2b000, size: 16384, text: "unpurged vm_area"),
        Area(offset: 0x41000, size: 8192, text: "unpurged vm_area"),
        Area(offset: 0x13c000, size: 282624, text: "unpurged vm_area"),
        Area(offset: 0x1cc000, size: 12288, text: "unpurged vm_area"),
    ]
}
