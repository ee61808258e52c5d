import Foundation

extension AddressSpaceLayout {
    /// What `kmemguide sim layout --format json` prints, as a JSON object. The layout explorer
    /// of the site is checked against this (one definition for both).
    public func jsonObject() -> [String: Any] {
        let d = config.arch.addressDigits
        let hex = { (v: UInt64) in hexAddress(v, digits: d) }
        return [
            "arch": config.arch.rawValue, "kernel": config.kernel.rawValue,
            "page_offset": hex(pageOffset), "high_memory": hex(highMemory),
            // Every arch: the kernel's VMALLOC_END as its headers define it (inclusive on
            // x86-64, exclusive elsewhere) and the exclusive bound, both named.
            "vmalloc_start": hex(vmallocStart), "vmalloc_end": hex(vmallocEnd),
            "vmalloc_end_exclusive": hex(vmallocEnd), "VMALLOC_END": hex(kernelVmallocEnd),
            "modules_vaddr": hex(modulesStart), "modules_end": hex(modulesEnd),
            "fixaddr_top": hex(fixaddrTop),
            "max_pfn": maxPfn, "max_low_pfn": maxLowPfn,
            "e820": e820.map { ["start": hexAddress($0.start, digits: 16), "end": hexAddress($0.end, digits: 16), "type": $0.type.rawValue] },
            "pkmap_base": pkmapBase.map { hex($0) as Any } ?? NSNull(),
            "fixaddr_start": hex(fixaddrStart),
            "lowmem_bytes": lowmemBytes, "highmem_bytes": highmemBytes,
            "regions": regions.map { ["name": $0.name, "start": hex($0.start), "end": hex($0.end)] },
            "zones": zones.map { ["name": $0.name, "start_pfn": $0.startPfn, "end_pfn": $0.endPfn] },
            "messages": messages.map(\.text),
        ]
    }
}
