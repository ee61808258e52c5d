/// The "virtual kernel memory layout" block that `mem_init()` printed, rebuilt from a layout.
///
/// Formats are the kernel's printk strings (kernel-facts.md §1.3 for x86-32, §2.3 for ARM):
/// `0x%08lx` addresses, `(%4ld kB)` / `(%4ld MB)` sizes truncated by `>> 10` / `>> 20`.
/// The .text/.init/.data/.bss lines that end the kernel's block describe the kernel image,
/// which the simulator does not model, so they are omitted. Lines carry no log level or
/// timestamp. Lines are joined with "\n" and there is no trailing newline.

extension AddressSpaceLayout {
    /// What the kernel printed about its layout during boot: the messages it printed earlier
    /// while computing it (vmalloc= clamps, highmem/lowmem notices), one per line, then the
    /// layout block. Nil where that kernel printed no layout block: x86 from 4.x on (the
    /// printk was removed before 6.1), ARM from 5.1 on, and x86-64.
    public func bootLog() -> String? {
        let block: [String]
        switch (config.arch, config.kernel) {
        case (.x86_32, .v2_6), (.x86_32, .v3_4), (.x86_32_pae, .v2_6), (.x86_32_pae, .v3_4):
            block = x86_32LayoutBlock()
        case (.arm32, .v2_6), (.arm32, .v3_4):
            block = armLayoutBlock()
        default:
            return nil
        }
        return (messages.map(\.text) + block).joined(separator: "\n")
    }

    /// 3.4.2:arch/x86/mm/init_32.c mem_init(), KERN_INFO.
    private func x86_32LayoutBlock() -> [String] {
        var lines = ["virtual kernel memory layout:"]
        lines.append(layoutLine("fixmap", fixaddrStart, fixaddrTop, shift: 10, unit: "kB"))
        if let pkmapBase, let pkmapEnd {
            lines.append(layoutLine("pkmap", pkmapBase, pkmapEnd, shift: 10, unit: "kB"))
        }
        lines.append(layoutLine("vmalloc", vmallocStart, vmallocEnd, shift: 20, unit: "MB"))
        lines.append(layoutLine("lowmem", pageOffset, highMemory, shift: 20, unit: "MB"))
        return lines
    }

    /// 3.4.2:arch/arm/mm/init.c mem_init(), KERN_NOTICE (no TCM lines: the board has none).
    private func armLayoutBlock() -> [String] {
        let vectorsBase: UInt64 = 0xffff_0000  // CONFIG_VECTORS_BASE
        var lines = ["Virtual kernel memory layout:"]
        lines.append(layoutLine("vector", vectorsBase, vectorsBase + Mem.pageSize, shift: 10, unit: "kB"))
        lines.append(layoutLine("fixmap", fixaddrStart, fixaddrTop, shift: 10, unit: "kB"))
        lines.append(layoutLine("vmalloc", vmallocStart, vmallocEnd, shift: 20, unit: "MB"))
        lines.append(layoutLine("lowmem", pageOffset, highMemory, shift: 20, unit: "MB"))
        if let pkmapBase, let pkmapEnd {
            lines.append(layoutLine("pkmap", pkmapBase, pkmapEnd, shift: 20, unit: "MB"))
        }
        lines.append(layoutLine("modules", modulesStart, modulesEnd, shift: 20, unit: "MB"))
        return lines
    }
}

/// `"    %-7s : 0x%08lx - 0x%08lx   (%4ld <unit>)"`: the name column is the literal text of the
/// kernel's format ("fixmap  ", "vmalloc "), i.e. the name padded to 7 characters.
func layoutLine(_ name: String, _ start: UInt64, _ end: UInt64, shift: UInt64, unit: String) -> String {
    let paddedName = name + String(repeating: " ", count: max(0, 7 - name.count))
    let size = String((end &- start) >> shift)
    let paddedSize = String(repeating: " ", count: max(0, 4 - size.count)) + size
    return "    \(paddedName) : \(hexAddress(start, digits: 8)) - \(hexAddress(end, digits: 8))   (\(paddedSize) \(unit))"
}
