import KernelSim
import KmemContent
import KmemCore

/// Turns a validated `Block` into HTML in one language.
struct BlockRenderer {
    let site: ContentSite
    var ui: UIStrings { site.ui }

    init(site: ContentSite) { self.site = site }

    func render(_ block: Block, lang: Language) throws(Diagnostic) -> String {
        let t = { (key: String) in site.ui(key, lang) }
        let w = Wording(ui: ui, lang: lang)
        switch block {
        case .invalid:
            return ""
        case .layoutTable(let m):
            let d = m.config.arch.addressDigits
            let rows = m.layout.regions.reversed().map { r -> [HTML.Cell] in
                [.text(w.region(r.name)), .code(hexAddress(r.start, digits: d)), .code(hexAddress(r.last, digits: d)), .text(w.size(r.size))]
            }
            return HTML.table(caption: MachineText.describe(m, lang: lang, ui: ui),
                              header: [t("table.region"), t("table.start"), t("table.end"), t("table.size")], rows: rows, numericColumns: [3])
        case .layoutDiagram(let m):
            return Diagrams.layout(m, lang: lang, ui: ui)
        case .layoutCompare(let ms):
            let header = [t("table.field")] + ms.map { MachineText.describe($0, lang: lang, ui: ui) }
            // Kernel symbols in code font; translated labels as text.
            func row(_ label: String, _ f: (NamedMachine) -> String) -> [HTML.Cell] {
                [.code(label)] + ms.map { .text(f($0)) }
            }
            func row(text label: String, _ f: (NamedMachine) -> String) -> [HTML.Cell] {
                [.text(label)] + ms.map { .text(f($0)) }
            }
            func hex(_ m: NamedMachine, _ v: UInt64?) -> String { v.map { hexAddress($0, digits: m.config.arch.addressDigits) } ?? t("word.none") }
            let rows: [[HTML.Cell]] = [
                row("PAGE_OFFSET") { hex($0, $0.layout.pageOffset) },
                row("high_memory") { hex($0, $0.layout.highMemory) },
                row("VMALLOC_START") { hex($0, $0.layout.vmallocStart) },
                row("VMALLOC_END") { hex($0, $0.layout.vmallocEnd) },
                row(text: t("table.vmalloc_size")) { w.size($0.layout.vmallocSize) },
                row("PKMAP_BASE") { hex($0, $0.layout.pkmapBase) },
                row("FIXADDR_START") { hex($0, $0.layout.fixaddrStart) },
                row(text: t("table.lowmem_size")) { w.size($0.layout.lowmemBytes) },
                row(text: t("table.highmem_size")) { w.size($0.layout.highmemBytes) },
            ]
            return HTML.table(caption: nil, header: header, rows: rows)
        case .bootlog(let m, let text):
            return HTML.pre(text, caption: MachineText.describe(m, lang: lang, ui: ui))
        case .proc(let m, let file, let afterDemo):
            let views = site.simulation.proc(m, afterDemo: afterDemo)
            let text: String
            switch file {
            case .vmallocinfo: text = views.vmallocinfo
            case .meminfo: text = views.meminfoVmalloc
            case .buddyinfo: text = views.buddyinfo
            case .slabinfo: text = views.slabinfo
            }
            return HTML.pre(text, caption: w.titled("/proc/\(file.rawValue)", MachineText.describe(m, lang: lang, ui: ui)))
        case .kmallocTable(let kernel, let allocator, let arch):
            let caches = Kmalloc.caches(kernel: kernel, allocator: allocator, arch: arch)
            var rows: [[HTML.Cell]] = []
            var previous: UInt64 = 0
            for c in caches.sorted(by: { $0.objectSize < $1.objectSize }) {
                rows.append([.code(c.name), .text("\(previous + 1) – \(c.objectSize)"), .text("\(c.objectSize)")])
                previous = c.objectSize
            }
            let caption = w.list([w.kernel(kernel), allocator.rawValue.uppercased(), arch.rawValue])
            return HTML.table(caption: caption, header: [t("table.cache"), t("table.size_served"), t("table.object_size")], rows: rows, numericColumns: [2])
        case .kmallocSizes(let kernel, let allocator, let arch, let sizes):
            let rows = sizes.map { size -> [HTML.Cell] in
                let p = Kmalloc.place(size: size, kernel: kernel, allocator: allocator, arch: arch)
                // One word per outcome in the reader's language; NULL and ZERO_SIZE_PTR are C.
                let where_: HTML.Cell = !p.ok ? .text("—") : (p.cache.map { .code($0) } ?? .text(w.t("fact.page_allocator_order", ["order": String(p.order ?? 0)])))
                let result: HTML.Cell = !p.ok ? .text(t("word.fails")) : (p.zeroSizePtr ? .code("ZERO_SIZE_PTR") : .text(t("l10n.succeeds")))
                return [.text("\(size)"), where_, .text(p.ok ? "\(p.ksize)" : "—"), .text(p.order.map(String.init) ?? "—"), result]
            }
            let caption = w.list([w.kernel(kernel), allocator.rawValue.uppercased(), arch.rawValue])
            return HTML.table(caption: caption, header: [t("table.requested"), t("table.cache"), t("table.ksize"), t("table.order"), t("table.result")],
                              rows: rows, numericColumns: [0, 2, 3])
        case .orderTable(let sizes):
            let a = Arch.x86_32
            let rows = sizes.map { size -> [HTML.Cell] in
                let o = PageAllocator.getOrder(size, pageShift: a.pageShift, bitsPerLong: a.bitsPerLong)
                return [.text("\(size)"), .text("\(o)"), .text("\(1 << o)"), .text("\(a.pageSize << UInt64(o))")]
            }
            return HTML.table(caption: "get_order(), PAGE_SIZE = \(a.pageSize)", header: [t("table.requested"), t("table.order"), t("table.pages"), t("table.allocated")],
                              rows: rows, numericColumns: [0, 1, 2, 3])
        case .gfpTable(let kernels, let names):
            let header = [t("table.flag")] + kernels.map { w.kernel($0) }
            let rows = names.map { name -> [HTML.Cell] in
                [.code(name)] + kernels.map { k -> HTML.Cell in
                    guard let v = GFP.parse(name, kernel: k) else { return .text("—") }
                    let bits = GFP.decode(v, kernel: k)
                    let detail = name.hasPrefix("__") || bits.count <= 1 ? "" : "<br><small>\(HTML.escape(bits.joined(separator: " | ")))</small>"
                    return .raw("<code>\(HTML.escape(hexValue(v)))</code>\(detail)")
                }
            }
            return HTML.table(caption: nil, header: header, rows: rows)
        case .gfpDecode(let kernel, let value):
            let names = GFP.decode(value, kernel: kernel)
            let rows = names.map { n -> [HTML.Cell] in [.code(n), .code(GFP.parse(n, kernel: kernel).map(hexValue) ?? "?")] }
            return HTML.table(caption: w.label(w.kernel(kernel), hexValue(value)), header: [t("table.flag"), t("table.value")], rows: rows)
        case .contextTable(let kernel):
            return ContextTable.render(kernel: kernel, lang: lang, ui: ui)
        case .vmallocDiagram(let m, let size):
            return VmallocDiagram.render(m, size: size, lang: lang, ui: ui, simulation: site.simulation)
        case .buddyDiagram(let m):
            return BuddyDiagram.render(m, lang: lang, ui: ui, simulation: site.simulation)
        case .demo(let m):
            return DemoTable.render(m, lang: lang, ui: ui, simulation: site.simulation)
        case .allocatorCompare(let kernel):
            return AllocatorCompare.render(kernel: kernel, lang: lang, ui: ui)
        case .captures(let list):
            var html = ""
            for c in list {
                let rows = c.rows.map { r -> [HTML.Cell] in
                    [.code(r.field), .code(r.kernel), .code(r.simulator), .text(r.matches ? "✓" : "✗")]
                }
                let caption = w.list([c.release, c.arch.rawValue, "QEMU -m \(Wording.memparseText(c.ramBytes))"])
                html += HTML.table(caption: caption, header: [t("table.field"), t("table.kernel_reports"), t("table.simulator_says"), "="], rows: rows)
            }
            return html
        case .glossary:
            var s = "<dl class=\"glossary\">"
            let sorted = Collation.sorted(site.glossary, lang: lang)
            for e in sorted {
                // The page that teaches the term (glossary `page:`), so a reader can go and learn it.
                var teach = ""
                if let slug = e.page, let t = site.topics.first(where: { $0.slug == slug }), let title = t.pages[lang]?.source.front.title {
                    teach = (lang == .en ? " " : "") + "<a class=\"taught\" href=\"../\(HTML.escape(slug))/index.html\">→ \(HTML.escape(title))</a>"
                }
                s += "<dt id=\"term-\(HTML.escape(e.id))\">\(HTML.escape(e.term[lang] ?? e.id))</dt><dd>\(HTML.escape(e.definition[lang] ?? ""))\(teach)</dd>"
            }
            return s + "</dl>"
        }
    }
}
