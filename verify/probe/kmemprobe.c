// SPDX-License-Identifier: GPL-2.0
/*
 * kmemprobe: kmemguide's verification probe (our own code).
 *
 * Loaded once in a throw-away QEMU guest by verify/run.sh. It prints the kernel's memory
 * layout constants and the result of a few allocations, one "KMEMPROBE key=value" line
 * each, which verify/parse.py turns into a capture JSON. The allocations are kept until
 * the module is unloaded so that /init can still see them in /proc/vmallocinfo.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>
#include <linux/threads.h>
#include <linux/io.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/fixmap.h>

#define P "KMEMPROBE "

static unsigned long page_addr;
static void *kmalloc_p, *kzalloc_p, *vmalloc_p;

/*
 * fail=1 (off by default): provoke one real "page allocation failure" report for the
 * failure page, then free everything. verify/run.sh sets it with FAILURE=1.
 */
static unsigned int fail;
module_param(fail, uint, 0444);
MODULE_PARM_DESC(fail, "1: kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL | __GFP_NORETRY) until NULL, so warn_alloc() reports the failure; then free all");

static const char *region(unsigned long a)
{
	if (a >= PAGE_OFFSET && a < (unsigned long)high_memory)
		return "lowmem";
	if (a >= VMALLOC_START && a < VMALLOC_END)
		return "vmalloc";
#ifdef CONFIG_HIGHMEM
	if (a >= PKMAP_BASE && a < PKMAP_BASE + LAST_PKMAP * PAGE_SIZE)
		return "pkmap";
#endif
#ifdef CONFIG_X86_64
	if (a >= MODULES_VADDR && a < MODULES_END)
		return "modules";
#endif
	return "other";
}

static void show_ptr(const char *what, const void *p)
{
	unsigned long a = (unsigned long)p;

	if (!p) {
		pr_info(P "%s=null\n", what);
		return;
	}
	pr_info(P "%s=0x%lx\n", what, a);
	pr_info(P "%s.region=%s\n", what, region(a));
	if (virt_addr_valid(p)) {
		pr_info(P "%s.phys=0x%llx\n", what, (unsigned long long)virt_to_phys((void *)p));
		pr_info(P "%s.slab=%d\n", what, PageSlab(virt_to_head_page(p)) ? 1 : 0);
		if (PageSlab(virt_to_head_page(p)))
			pr_info(P "%s.ksize=%zu\n", what, ksize(p));
	}
}

/*
 * Not __init: /proc/vmallocinfo names the caller of vmalloc(), and init text is freed once
 * the module is loaded, so the caller must live in the module's ordinary text to be named.
 */
static noinline void *probe_vmalloc(unsigned long size)
{
	void *p = vmalloc(size);

	barrier();	/* no tail call: vmalloc's caller must be this function */
	return p;
}

/*
 * Takes KMALLOC_MAX_SIZE blocks (order MAX_ORDER - 1, from the page allocator) until one
 * fails. No __GFP_NOWARN, so the failing call prints warn_alloc()'s report; __GFP_NORETRY
 * so the allocator gives up after one reclaim/compaction round and never calls the OOM
 * killer. The blocks are chained through their first word, so the chain needs no memory.
 * Not __init, so that the report's call trace names this function.
 */
static noinline void provoke_failure(void)
{
	void *head = NULL, *p;
	unsigned long n = 0;

	pr_info(P "fail.size=%lu\n", (unsigned long)KMALLOC_MAX_SIZE);
	pr_info(P "fail.order=%d\n", get_order(KMALLOC_MAX_SIZE));
	pr_info(P "fail.begin=1\n");
	for (;;) {
		p = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL | __GFP_NORETRY);
		if (!p)
			break;
		*(void **)p = head;
		head = p;
		n++;
	}
	/* this line also marks the end of the report in the serial log */
	pr_info(P "fail.allocated=%lu\n", n);
	while (head) {
		p = *(void **)head;
		kfree(head);
		head = p;
	}
	pr_info(P "fail.freed=%lu\n", n);
}

static int __init kmemprobe_init(void)
{
	static const size_t sizes[] = { 1, 8, 9, 96, 100, 129, 192, 193, 4096, 4097, 8192, 8193 };
	unsigned long i, n, first_pfn = 0, prev_pfn = 0, contiguous = 1;
	size_t sz, largest = 0;
	int order, largest_order = -1, max_order;

	pr_info(P "begin=1\n");
	pr_info(P "bits=%d\n", BITS_PER_LONG);
	pr_info(P "PAGE_SIZE=0x%lx\n", PAGE_SIZE);
	pr_info(P "PAGE_OFFSET=0x%lx\n", (unsigned long)PAGE_OFFSET);
	pr_info(P "high_memory=0x%lx\n", (unsigned long)high_memory);
	pr_info(P "VMALLOC_START=0x%lx\n", (unsigned long)VMALLOC_START);
	pr_info(P "VMALLOC_END=0x%lx\n", (unsigned long)VMALLOC_END);
#ifdef CONFIG_HIGHMEM
	pr_info(P "PKMAP_BASE=0x%lx\n", (unsigned long)PKMAP_BASE);
	pr_info(P "LAST_PKMAP=%d\n", LAST_PKMAP);
#endif
	pr_info(P "FIXADDR_START=0x%lx\n", (unsigned long)FIXADDR_START);
	pr_info(P "FIXADDR_TOP=0x%lx\n", (unsigned long)FIXADDR_TOP);
#ifdef CONFIG_X86_32
	pr_info(P "FIXADDR_TOT_START=0x%lx\n", (unsigned long)FIXADDR_TOT_START);
	pr_info(P "CPU_ENTRY_AREA_BASE=0x%lx\n", (unsigned long)CPU_ENTRY_AREA_BASE);
	pr_info(P "LDT_BASE_ADDR=0x%lx\n", (unsigned long)LDT_BASE_ADDR);
#endif
	pr_info(P "MODULES_VADDR=0x%lx\n", (unsigned long)MODULES_VADDR);
	pr_info(P "MODULES_END=0x%lx\n", (unsigned long)MODULES_END);
	pr_info(P "fixmap_permanent=%d\n", (int)__end_of_permanent_fixed_addresses);
	pr_info(P "fixmap_total=%d\n", (int)__end_of_fixed_addresses);
#ifdef MAX_PAGE_ORDER
	max_order = MAX_PAGE_ORDER;
	pr_info(P "MAX_PAGE_ORDER=%d\n", MAX_PAGE_ORDER);
#else
	max_order = MAX_ORDER;
	pr_info(P "MAX_ORDER=%d\n", MAX_ORDER);
#endif
	pr_info(P "KMALLOC_MAX_SIZE=%lu\n", (unsigned long)KMALLOC_MAX_SIZE);
	pr_info(P "KMALLOC_MAX_CACHE_SIZE=%lu\n", (unsigned long)KMALLOC_MAX_CACHE_SIZE);
	pr_info(P "config.NR_CPUS=%d\n", NR_CPUS);
	pr_info(P "config.X86_PAE=%d\n", IS_ENABLED(CONFIG_X86_PAE));
	pr_info(P "config.HIGHMEM=%d\n", IS_ENABLED(CONFIG_HIGHMEM));
	pr_info(P "config.SLUB=%d\n", IS_ENABLED(CONFIG_SLUB));
	pr_info(P "config.PARAVIRT=%d\n", IS_ENABLED(CONFIG_PARAVIRT));
	pr_info(P "config.PARAVIRT_XXL=%d\n", IS_ENABLED(CONFIG_PARAVIRT_XXL));
	pr_info(P "config.ACPI_APEI_GHES=%d\n", IS_ENABLED(CONFIG_ACPI_APEI_GHES));
	pr_info(P "config.RANDOMIZE_MEMORY=%d\n", IS_ENABLED(CONFIG_RANDOMIZE_MEMORY));
	pr_info(P "config.RANDOMIZE_BASE=%d\n", IS_ENABLED(CONFIG_RANDOMIZE_BASE));
#ifdef CONFIG_ARM
	pr_info(P "config.ARM_LPAE=%d\n", IS_ENABLED(CONFIG_ARM_LPAE));
	pr_info(P "config.VMSPLIT_3G=%d\n", IS_ENABLED(CONFIG_VMSPLIT_3G));
	pr_info(P "PHYS_OFFSET=0x%llx\n", (unsigned long long)PHYS_OFFSET);
	pr_info(P "ARCH_KMALLOC_MINALIGN=%d\n", (int)ARCH_KMALLOC_MINALIGN);
#endif
	pr_info(P "totalram_pages=%lu\n", totalram_pages());
	pr_info(P "totalhigh_pages=%lu\n", totalhigh_pages());

	page_addr = __get_free_page(GFP_KERNEL);
	show_ptr("get_free_page", (void *)page_addr);
	kmalloc_p = kmalloc(100, GFP_KERNEL);
	show_ptr("kmalloc100", kmalloc_p);
	kzalloc_p = kzalloc(100, GFP_KERNEL);
	show_ptr("kzalloc100", kzalloc_p);

	vmalloc_p = probe_vmalloc(1000000);
	show_ptr("vmalloc1000000", vmalloc_p);
	if (vmalloc_p) {
		n = PAGE_ALIGN(1000000) >> PAGE_SHIFT;
		for (i = 0; i < n; i++) {
			unsigned long pfn = vmalloc_to_pfn((char *)vmalloc_p + i * PAGE_SIZE);

			if (i == 0)
				first_pfn = pfn;
			else if (pfn != prev_pfn + 1)
				contiguous = 0;
			prev_pfn = pfn;
			if (i < 4 || i == n - 1)
				pr_info(P "vmalloc1000000.pfn%lu=0x%lx\n", i, pfn);
		}
		pr_info(P "vmalloc1000000.pages=%lu\n", n);
		pr_info(P "vmalloc1000000.pfns_contiguous=%lu\n", contiguous);
		pr_info(P "vmalloc1000000.first_pfn=0x%lx\n", first_pfn);
	}

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		void *p = kmalloc(sizes[i], GFP_KERNEL);

		if (p) {
			pr_info(P "ksize.%zu=%zu\n", sizes[i], ksize(p));
			kfree(p);
		} else {
			pr_info(P "ksize.%zu=null\n", sizes[i]);
		}
	}

	for (sz = PAGE_SIZE; sz <= (size_t)64 << 20; sz <<= 1) {
		void *p = kmalloc(sz, GFP_KERNEL | __GFP_NOWARN);

		if (!p)
			break;
		largest = sz;
		kfree(p);
	}
	pr_info(P "kmalloc_largest_pow2=%zu\n", largest);
	{
		void *p = kmalloc(largest + 1, GFP_KERNEL | __GFP_NOWARN);

		pr_info(P "kmalloc_largest_plus1=%s\n", p ? "ok" : "null");
		kfree(p);
	}

	for (order = 0; order <= max_order + 2; order++) {
		struct page *pg = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);

		if (!pg)
			break;
		largest_order = order;
		__free_pages(pg, order);
	}
	pr_info(P "largest_page_order=%d\n", largest_order);
	if (fail)
		provoke_failure();
	pr_info(P "end=1\n");
	return 0;
}

static void __exit kmemprobe_exit(void)
{
	vfree(vmalloc_p);
	kfree(kzalloc_p);
	kfree(kmalloc_p);
	free_page(page_addr);
}

module_init(kmemprobe_init);
module_exit(kmemprobe_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmemguide verification probe: prints the memory layout and allocation results");
