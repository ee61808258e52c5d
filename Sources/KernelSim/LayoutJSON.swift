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
            "vmalloc_start": hex(vmallocStart), "vmalloc_end": hex(vmallocEnd),
            "pkmap_base": pkmapBase.map { hex($0) as Any } ?? NSNull(),
            "fixaddr_start": hex(fixaddrStart),
            "lowmem_bytes": lowmemBytes, "highmem_bytes": highmemBytes,
            "regions": regions.map { ["name": $0.name, "start": hex($0.start), "end": hex($0.end)] },
            "zones": zones.map { ["name": $0.name, "start_pfn": $0.startPfn, "end_pfn": $0.endPfn] },
            "messages": messages.map(\.text),
        ]
    }
}
