/// "2.6" in kmemguide is one release: **Linux 2.6.18** (September 2006; the kernel of RHEL 5 /
/// CentOS 5 and Debian 4.0). Why this one: the seeds' 128 KiB kmalloc limit is the SLAB
/// `size-131072` ceiling of include/linux/kmalloc_sizes.h on MMU kernels, which lasted until
/// SLUB's 2.6.22/2.6.23 rework (`#if KMALLOC_MAX_SIZE >= …`); 2.6.18 is the most deployed
/// release of that era and still has the whole include/asm-i386 layout the seeds describe.
///
/// Every rule the simulator applies for 2.6, with where it was read. Sources: the 2.6.12-rc2
/// tree (torvalds/linux @1da177e4, the first git commit) and the 2.6.18-based CentOS 5 tree
/// (spacex/kernel-centos5, Red Hat's 2.6.18 with backports), both read with the project's search
/// tools; a line marked *inferred* was not found verbatim in a 2.6.18 tree.
///
/// | Rule | Value in the model | Source |
/// |---|---|---|
/// | MAXMEM | `(-__PAGE_OFFSET - __VMALLOC_RESERVE)`: 896 MiB lowmem by default | 2.6.18 include/asm-i386/page.h (`#define MAXMEM (-__PAGE_OFFSET-__VMALLOC_RESERVE)`); 2.6-era boot logs "896MB LOWMEM available" |
/// | `vmalloc=` | `__VMALLOC_RESERVE = memparse(arg)` (no + VMALLOC_OFFSET; that came in 2.6.28) | 2.6.18 arch/i386/kernel/setup.c parse_vmalloc() — *inferred* from the 2.6.18-era setup.c text; the +VMALLOC_OFFSET form is 3.4.2:arch/x86/mm/pgtable_32.c:105-114 |
/// | VMALLOC_START | `(high_memory + vmalloc_earlyreserve + 2*VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1)`, vmalloc_earlyreserve = 0 (it is only set for NUMA KVA remapping) | 2.6.18 include/asm-i386/pgtable.h (kernel-facts.md §1.1 "Historical") |
/// | VMALLOC_END | `PKMAP_BASE - 2*PAGE_SIZE` (HIGHMEM) / `FIXADDR_START - 2*PAGE_SIZE` | 2.6.18 include/asm-i386/pgtable.h, same as 3.4 |
/// | PKMAP_BASE | `(FIXADDR_BOOT_START - PAGE_SIZE*(LAST_PKMAP + 1)) & PMD_MASK`, LAST_PKMAP 1024 / 512 (PAE) | 2.6.18 include/asm-i386/highmem.h, same formula as 3.4.2 pgtable_32_types.h:40 |
/// | fixmap | FIX_HOLE, FIX_VDSO, FIX_APIC_BASE, FIX_IO_APIC_BASE_0..63, FIX_KMAP (13 × NR_CPUS), FIX_ACPI (4), FIX_PCIE_MCFG; then 16 btmaps and FIX_WP_TEST | spacex/kernel-centos5 include/asm-i386/fixmap.h enum fixed_addresses; KM_TYPE_NR 13 from include/asm-i386/kmap_types.h (KM_BOUNCE_READ … KM_SOFTIRQ1) — *inferred* for upstream 2.6.18 |
/// | RAM | from page 0 (no trim_bios_range(), added in 2.6.28); non-PAE RAM above 4 GiB: "Warning only 4GB will be used." / "Use a PAE enabled kernel." | 2.6.18 arch/i386/kernel/setup.c find_max_low_pfn(); 2.6.14/2.6.20-era boot logs show both lines and "DMA 0 -> 4096" |
/// | kmalloc | SLAB only; size-32 … size-131072 (no size-96 with 64-byte cache lines, size-192 present) | 2.6.12 include/linux/kmalloc_sizes.h (kernel-facts.md §4.7); the 2.6.18 CentOS 5 copy adds size-262144 only for NR_CPUS > 512 / MAX_NUMNODES > 256 / 64K pages / !MMU |
/// | kmalloc(0) | a size-32 object (no ZERO_SIZE_PTR, added in 2.6.22) | 2.6.12 mm/slab.c __find_general_cachep() `while (size > csizep->cs_size)` |
/// | GFP flags | the 3.4 values (__GFP_WAIT 0x10, GFP_KERNEL 0xd0, GFP_ATOMIC 0x20) | 2.6.12 include/linux/gfp.h has the same bits for the flags modelled |
///
/// What 2.6.18 did not have, refused with the release that added it (KernelFeatures): SLUB
/// (2.6.22); an x86-64 map like 6.x's and ARM's `vmalloc=` with a common VMALLOC_END (ARM boards
/// set VMALLOC_END per machine in 2.6.18), so 2.6 is modelled on x86-32 only.
enum Release26 {}
