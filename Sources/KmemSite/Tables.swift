import KmemCore
import KernelSim
import KmemContent

/// Calling contexts and the allocation flag each one needs.
enum ContextTable {
    /// (context key, may sleep, what to use); the words come from ui.yaml (`context.*`).
    static let rows: [(key: String, maySleep: Bool, use: [String])] = [
        ("process", true, ["GFP_KERNEL"]),
        ("process_lock", false, ["GFP_NOWAIT", "GFP_ATOMIC"]),
        ("hardirq", false, ["GFP_ATOMIC", "GFP_NOWAIT"]),
        ("softirq", false, ["GFP_ATOMIC", "GFP_NOWAIT"]),
        ("fs_io", true, ["GFP_NOFS", "GFP_NOIO"]),
        ("user_triggered", true, ["GFP_KERNEL_ACCOUNT"]),
    ]

    static func render(kernel: KernelVersion, lang: Language, ui: UIStrings) -> String {
        let w = Wording(ui: ui, lang: lang)
        let body = rows.map { row -> [HTML.Cell] in
            let flags = row.use.compactMap { name -> String? in
                guard let v = GFP.parse(name, kernel: kernel) else { return nil }
                return w.paren("<code>\(HTML.escape(name))</code>", HTML.escape(hexValue(v)))
            }
            let use = flags.isEmpty ? HTML.escape(ui("word.none", lang)) : w.list(flags)
            return [.text(ui("context.\(row.key)", lang)), .text(ui(row.maySleep ? "word.yes" : "word.no", lang)),
                    .raw(use + "<br><small>\(HTML.escape(ui("context.\(row.key).note", lang)))</small>")]
        }
        return HTML.table(caption: w.kernel(kernel), header: [ui("table.context", lang), ui("table.may_sleep", lang), ui("table.use", lang)], rows: body)
    }
}

/// kmalloc, kzalloc, vmalloc, __get_free_pages, kvmalloc and malloc side by side.
enum AllocatorCompare {
    static func render(kernel: KernelVersion, lang: Language, ui: UIStrings) -> String {
        let a = Arch.x86_32
        let w = Wording(ui: ui, lang: lang)
        let kmax = w.size(Kmalloc.maxSize(kernel: kernel, allocator: .slub, arch: a))
        let pmax = w.size(a.pageSize << UInt64(PageAllocator.maxOrder(kernel)))
        let yes = ui("word.yes", lang), no = ui("word.no", lang)
        let rows: [[HTML.Cell]] = [
            [.code("kmalloc()"), .text(yes), .text(kmax), .text(ui("compare.atomic_with_flag", lang)), .text(no), .code("kfree()")],
            [.code("kzalloc()"), .text(yes), .text(kmax), .text(ui("compare.atomic_with_flag", lang)), .text(yes), .code("kfree()")],
            [.code("__get_free_pages()"), .text(yes), .text(pmax), .text(ui("compare.atomic_with_flag", lang)), .text(ui("compare.zero_variant", lang)), .code("free_pages()")],
            [.code("vmalloc()"), .text(no), .text(ui("compare.vmalloc_limit", lang)), .text(no), .text(ui("compare.vzalloc", lang)), .code("vfree()")],
            [.code("kvmalloc()"), .text(ui("compare.maybe", lang)), .text(ui("compare.kvmalloc_limit", lang)), .text(no), .text(ui("compare.kvzalloc", lang)), .code("kvfree()")],
            [.code("malloc()"), .text(no), .text(ui("compare.malloc_limit", lang)), .text(ui("compare.user_space", lang)), .text(no), .code("free()")],
        ]
        return HTML.table(caption: w.list([w.kernel(kernel), a.rawValue]),
                          header: [ui("table.allocator", lang), ui("table.contiguous", lang), ui("table.max_size", lang),
                                   ui("table.context_ok", lang), ui("table.zeroed", lang), ui("table.free_with", lang)], rows: rows)
    }
}
