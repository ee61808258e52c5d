import KernelSim
import KmemCore

// The resolve stage: a validated `Block` and a language in, plain data out. Every query of the
// simulator and every kernel rule a block shows happens here, so the renderer (KmemSite) only
// draws strings and numbers and does not import KernelSim.

/// A block resolved for one language: localized strings and numbers, no simulator types.
public enum ResolvedBlock: Sendable, Equatable {
    case table(ResolvedTable)
    /// Several tables one after the other (the captures comparison: one per machine).
    case tables([ResolvedTable])
    case preformatted(text: String, caption: String?)
    case layoutFigure(LayoutFigure)
    case vmallocFigure(VmallocFigure)
    case buddyFigure(BuddyFigure)
    case glossary([GlossaryItem])
    /// A sentence in place of the block (e.g. "fails" when the simulated allocation failed).
    case paragraph(String)
    /// A block that failed to parse (already reported).
    case nothing
}

public struct ResolvedTable: Sendable, Equatable {
    public var caption: String?
    public var header: [String]
    public var rows: [[Cell]]
    /// Columns right-aligned as numbers.
    public var numericColumns: Set<Int>

    public enum Cell: Sendable, Equatable {
        case text(String)
        case code(String)
        /// Mixed runs in one cell (a flag with its value and a note below).
        case runs([Run])
    }

    public enum Run: Sendable, Equatable {
        case text(String)
        case code(String)
        case lineBreak
        case small(String)
    }
}

/// The address space as a column of regions, highest address first.
public struct LayoutFigure: Sendable, Equatable {
    public struct Region: Sendable, Equatable {
        /// Region id (stable across languages; the renderer's CSS class).
        public var id: String
        /// The region's name in the reader's language.
        public var name: String
        /// Name, range and size as one label.
        public var label: String
        public var size: UInt64
    }
    public var title: String
    public var caption: String
    /// 64-bit addresses need a wider picture.
    public var wide: Bool
    public var topAddress: String
    public var bottomAddress: String
    public var regions: [Region]
}

/// A vmalloc area's virtual pages over the physical frames behind them.
public struct VmallocFigure: Sendable, Equatable {
    public var title: String
    public var caption: String
    /// "virtual start – end".
    public var virtualLabel: String
    public var physicalLabel: String
    public var guardLabel: String
    /// The frame behind each page, in page order, and each page's tooltip.
    public var pfns: [UInt64]
    public var tooltips: [String]
    /// One past the highest pfn of the machine (the physical axis).
    public var maxPfn: UInt64
}

/// Free blocks per order, one row per zone (/proc/buddyinfo drawn).
public struct BuddyFigure: Sendable, Equatable {
    public struct Zone: Sendable, Equatable {
        public var name: String
        public var counts: [Int]
        public var tooltips: [String]
    }
    public var title: String
    public var caption: String
    public var zones: [Zone]
}

public struct GlossaryItem: Sendable, Equatable {
    public var id: String
    public var term: String
    /// The English term beside a translated one: what the kernel source, the mailing lists
    /// and the reader's search engine use (issue 13). Nil in English, and when the term
    /// already gives it ("阶（order）") or carries its own parenthesis.
    public var english: String?
    public var definition: String
    /// The page that teaches the term (glossary `page:`) and its title in this language.
    public var taughtOn: String?
    public var taughtOnTitle: String?
    /// Between the definition and the link: a space after Latin text, none after a full-width 。.
    public var linkSeparator: String
}

/// Resolves blocks against one build's simulation.
public struct BlockResolver: Sendable {
    public let site: ContentSite

    public init(site: ContentSite) { self.site = site }

    public func resolve(_ block: Block, lang: Language) -> ResolvedBlock {
        let ui = site.ui
        let t = { (key: String) in ui(key, lang) }
        let w = Wording(ui: ui, lang: lang)
        switch block {
        case .invalid:
            return .nothing
        case .layoutTable(let m):
            let d = m.config.arch.addressDigits
            let rows = m.layout.regions.reversed().map { r -> [ResolvedTable.Cell] in
                [.text(w.region(r.name)), .code(hexAddress(r.start, digits: d)), .code(hexAddress(r.last, digits: d)), .text(w.size(r.size))]
            }
            return .table(ResolvedTable(caption: w.machine(m.config),
                                        header: [t("table.region"), t("table.start"), t("table.end"), t("table.size")], rows: rows, numericColumns: [3]))
        case .layoutDiagram(let m):
            return .layoutFigure(layoutFigure(m, w: w))
        case .layoutCompare(let ms):
            let header = [t("table.field")] + ms.map { w.machine($0.config) }
            // Kernel symbols in code font; translated labels as text.
            func row(_ label: String, _ f: (NamedMachine) -> String) -> [ResolvedTable.Cell] {
                [.code(label)] + ms.map { .text(f($0)) }
            }
            func row(text label: String, _ f: (NamedMachine) -> String) -> [ResolvedTable.Cell] {
                [.text(label)] + ms.map { .text(f($0)) }
            }
            func hex(_ m: NamedMachine, _ v: UInt64?) -> String { v.map { hexAddress($0, digits: m.config.arch.addressDigits) } ?? t("word.none") }
            let rows: [[ResolvedTable.Cell]] = [
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
            return .table(ResolvedTable(caption: nil, header: header, rows: rows, numericColumns: []))
        case .bootlog(let m, let text):
            return .preformatted(text: text, caption: w.machine(m.config))
        case .proc(let m, let file, let afterDemo):
            let views = site.simulation.proc(m, afterDemo: afterDemo)
            let text: String
            switch file {
            case .vmallocinfo: text = views.vmallocinfo
            case .meminfo: text = views.meminfoVmalloc
            case .buddyinfo: text = views.buddyinfo
            case .slabinfo: text = views.slabinfo
            }
            return .preformatted(text: text, caption: w.titled("/proc/\(file.rawValue)", w.machine(m.config, allocator: file.rawValue == "slabinfo")))
        case .kmallocTable(let kernel, let allocator, let arch):
            var rows: [[ResolvedTable.Cell]] = []
            var previous: UInt64 = 0
            for c in Kmalloc.caches(kernel: kernel, allocator: allocator, arch: arch).sorted(by: { $0.objectSize < $1.objectSize }) {
                rows.append([.code(c.name), .text("\(previous + 1) – \(c.objectSize)"), .text("\(c.objectSize)")])
                previous = c.objectSize
            }
            return .table(ResolvedTable(caption: w.list([w.kernel(kernel), allocator.rawValue.uppercased(), arch.rawValue]),
                                        header: [t("table.cache"), t("table.size_served"), t("table.object_size")], rows: rows, numericColumns: [2]))
        case .kmallocSizes(let kernel, let allocator, let arch, let sizes):
            let rows = sizes.map { size -> [ResolvedTable.Cell] in
                let p = Kmalloc.place(size: size, kernel: kernel, allocator: allocator, arch: arch)
                // One word per outcome in the reader's language; NULL and ZERO_SIZE_PTR are C.
                let servedBy: ResolvedTable.Cell = !p.ok ? .text("—") : (p.cache.map { .code($0) } ?? .text(w.t("fact.page_allocator_order", ["order": String(p.order ?? 0)])))
                let result: ResolvedTable.Cell = !p.ok ? .text(t("word.fails")) : (p.zeroSizePtr ? .code("ZERO_SIZE_PTR") : .text(t("l10n.succeeds")))
                return [.text("\(size)"), servedBy, .text(p.ok ? "\(p.ksize)" : "—"), .text(p.order.map(String.init) ?? "—"), result]
            }
            return .table(ResolvedTable(caption: w.list([w.kernel(kernel), allocator.rawValue.uppercased(), arch.rawValue]),
                                        header: [t("table.requested"), t("table.cache"), t("table.ksize"), t("table.order"), t("table.result")],
                                        rows: rows, numericColumns: [0, 2, 3]))
        case .orderTable(let sizes):
            let a = Arch.x86_32
            let rows = sizes.map { size -> [ResolvedTable.Cell] in
                let o = PageAllocator.getOrder(size, pageShift: a.pageShift, bitsPerLong: a.bitsPerLong)
                return [.text("\(size)"), .text("\(o)"), .text("\(1 << o)"), .text("\(a.pageSize << UInt64(o))")]
            }
            return .table(ResolvedTable(caption: w.list(["get_order()", "PAGE_SIZE = \(a.pageSize)"]),
                                        header: [t("table.requested"), t("table.order"), t("table.pages"), t("table.allocated")],
                                        rows: rows, numericColumns: [0, 1, 2, 3]))
        case .gfpTable(let kernels, let names):
            let header = [t("table.flag")] + kernels.map { w.kernel($0) }
            let rows = names.map { name -> [ResolvedTable.Cell] in
                [.code(name)] + kernels.map { k -> ResolvedTable.Cell in
                    guard let v = GFP.parse(name, kernel: k) else { return .text("—") }
                    let bits = GFP.decode(v, kernel: k)
                    // A composite mask shows the bits it is made of below its value.
                    if name.hasPrefix("__") || bits.count <= 1 { return .runs([.code(hexValue(v))]) }
                    return .runs([.code(hexValue(v)), .lineBreak, .small(bits.joined(separator: " | "))])
                }
            }
            return .table(ResolvedTable(caption: nil, header: header, rows: rows, numericColumns: []))
        case .gfpDecode(let kernel, let value):
            let rows = GFP.decode(value, kernel: kernel).map { n -> [ResolvedTable.Cell] in
                [.code(n), .code(GFP.parse(n, kernel: kernel).map(hexValue) ?? "?")]
            }
            return .table(ResolvedTable(caption: w.label(w.kernel(kernel), hexValue(value)), header: [t("table.flag"), t("table.value")],
                                        rows: rows, numericColumns: []))
        case .contextTable(let kernel):
            return .table(contextTable(kernel: kernel, w: w))
        case .vmallocDiagram(let m, let size):
            guard let figure = vmallocFigure(m, size: size, w: w) else { return .paragraph(t("word.fails")) }
            return .vmallocFigure(figure)
        case .buddyDiagram(let m):
            return .buddyFigure(buddyFigure(m, w: w))
        case .demo(let m):
            return .table(demoTable(m, w: w))
        case .allocatorCompare(let kernel):
            return .table(allocatorCompare(kernel: kernel, w: w))
        case .captures(let list):
            return .tables(list.map { c in
                let rows = c.rows.map { r -> [ResolvedTable.Cell] in
                    [.code(r.field), .code(r.kernel), .code(r.simulator), .text(r.matches ? "✓" : "✗")]
                }
                return ResolvedTable(caption: w.list([c.release, c.arch.rawValue, "QEMU -m \(Wording.memparseText(c.ramBytes))" + (c.qemuCpu.map { " -cpu \($0)" } ?? "")]
                                                     + (c.vmallocParam.map { [Wording.bootParameter("vmalloc", $0)] } ?? [])),
                                     header: [t("table.field"), t("table.kernel_reports"), t("table.simulator_says"), "="], rows: rows, numericColumns: [])
            })
        case .glossary:
            return .glossary(Collation.sorted(site.glossary, lang: lang).map { e in
                let term = e.term[lang] ?? e.id
                let english = lang == .en ? nil : e.term[.en].flatMap { en in
                    term.lowercased().contains(en.lowercased()) || term.contains("（") ? nil : en
                }
                let teacher = e.page.flatMap { slug in site.topics.first { $0.slug == slug } }
                let title = teacher?.pages[lang]?.source.front.title
                let definition = e.definition[lang] ?? ""
                // Typography, not language: no space after a full-width 。, one after a Latin period.
                let separator = definition.last.map(CJKText.isWide) == true ? "" : " "
                return GlossaryItem(id: e.id, term: term, english: english, definition: definition,
                                    taughtOn: title == nil ? nil : teacher?.slug, taughtOnTitle: title, linkSeparator: separator)
            })
        }
    }

    func layoutFigure(_ m: NamedMachine, w: Wording) -> LayoutFigure {
        let digits = m.config.arch.addressDigits
        let regions = m.layout.regions.reversed().map { r in
            LayoutFigure.Region(id: r.name, name: w.region(r.name),
                                label: w.label(w.region(r.name), w.paren(w.range(hexAddress(r.start, digits: digits), hexAddress(r.last, digits: digits)), w.size(r.size))),
                                size: r.size)
        }
        let title = w.titled(w.t("diagram.layout_title"), w.machine(m.config))
        return LayoutFigure(title: title, caption: w.sentences(title, w.t("diagram.not_to_scale")), wide: digits > 8,
                            topAddress: hexAddress(m.config.arch.is64Bit ? UInt64.max : 0xffff_ffff, digits: digits),
                            bottomAddress: hexAddress(0, digits: digits), regions: Array(regions))
    }

    func vmallocFigure(_ m: NamedMachine, size: UInt64, w: Wording) -> VmallocFigure? {
        guard let area = site.simulation.vmalloc(m, size: size) else { return nil }
        let d = m.config.arch.addressDigits
        let title = w.titled(w.t("diagram.vmalloc_title"), w.list(["vmalloc(\(size))", w.machine(m.config)]))
        let caption = w.sentences(title, w.clauses([w.label(w.t("table.pages"), String(area.pfns.count)),
                                                    w.label(w.t("table.contiguous"), w.t(area.physicallyContiguous ? "word.yes" : "word.no"))]))
        return VmallocFigure(title: title, caption: caption,
                             virtualLabel: "\(w.t("diagram.virtual")) \(hexAddress(area.addr, digits: d)) – \(hexAddress(area.end, digits: d))",
                             physicalLabel: w.t("diagram.physical"), guardLabel: w.t("diagram.guard_page"),
                             pfns: area.pfns,
                             tooltips: area.pfns.indices.map { w.label(w.t("l10n.pfn_page", ["n": String($0)]), "pfn \(area.pfns[$0])") },
                             maxPfn: m.layout.zones.map(\.endPfn).max() ?? 1)
    }

    func buddyFigure(_ m: NamedMachine, w: Wording) -> BuddyFigure {
        let zones = site.simulation.buddy(m).filter { !$0.counts.isEmpty }.map { z in
            BuddyFigure.Zone(name: z.zone, counts: z.counts, tooltips: z.counts.enumerated().map { w.label(w.order($0.offset), String($0.element)) })
        }
        let title = w.titled(w.t("diagram.buddy_title"), w.machine(m.config))
        return BuddyFigure(title: title, caption: w.sentences(title, w.t("diagram.buddy_caption")), zones: zones)
    }

    func demoTable(_ m: NamedMachine, w: Wording) -> ResolvedTable {
        let run = site.simulation.demo(m)
        let d = m.config.arch.addressDigits
        let rows = run.pointers.map { p -> [ResolvedTable.Cell] in
            [.code(p.call), .code(p.value.map { hexAddress($0, digits: d) } ?? "NULL"),
             .text(p.region.map { w.region($0) } ?? "—"),
             .code(p.phys.map { hexAddress($0, digits: d) } ?? "—"),
             .text(w.t("demo.reason." + p.reason))]
        }
        return ResolvedTable(caption: w.machine(m.config),
                             header: [w.t("table.pointer"), w.t("table.address"), w.t("table.region"), w.t("table.physical"), w.t("table.why")],
                             rows: rows, numericColumns: [])
    }

    /// The simulator's calling situations and the masks each one needs; the words come from
    /// ui.yaml (`context.*`).
    func contextTable(kernel: KernelVersion, w: Wording) -> ResolvedTable {
        let body = CallingSituation.all.map { row -> [ResolvedTable.Cell] in
            var runs: [ResolvedTable.Run] = []
            for name in row.masks {
                guard let v = GFP.parse(name, kernel: kernel) else { continue }
                if !runs.isEmpty { runs.append(.text(w.t("l10n.list_sep"))) }
                let (before, after) = w.parenParts(hexValue(v))
                runs += [.text(before), .code(name), .text(after)]
            }
            if runs.isEmpty { runs = [.text(w.t("word.none"))] }
            runs += [.lineBreak, .small(w.t("context.\(row.id).note"))]
            return [.text(w.t("context.\(row.id)")), .text(w.t(row.maySleep ? "word.yes" : "word.no")), .runs(runs)]
        }
        return ResolvedTable(caption: w.kernel(kernel), header: [w.t("table.context"), w.t("table.may_sleep"), w.t("table.use")], rows: body, numericColumns: [])
    }

    /// kmalloc, kzalloc, vmalloc, __get_free_pages, kvmalloc and malloc side by side.
    func allocatorCompare(kernel: KernelVersion, w: Wording) -> ResolvedTable {
        let a = Arch.x86_32
        let t = { (key: String) in w.t(key) }
        let kmax = w.size(Kmalloc.maxSize(kernel: kernel, allocator: .slub, arch: a))
        let pmax = w.size(a.pageSize << UInt64(PageAllocator.maxOrder(kernel)))
        let yes = t("word.yes"), no = t("word.no")
        let rows: [[ResolvedTable.Cell]] = [
            [.code("kmalloc()"), .text(yes), .text(kmax), .text(t("compare.atomic_with_flag")), .text(no), .code("kfree()")],
            [.code("kzalloc()"), .text(yes), .text(kmax), .text(t("compare.atomic_with_flag")), .text(yes), .code("kfree()")],
            [.code("__get_free_pages()"), .text(yes), .text(pmax), .text(t("compare.atomic_with_flag")), .text(t("compare.zero_variant")), .code("free_pages()")],
            [.code("vmalloc()"), .text(no), .text(t("compare.vmalloc_limit")), .text(no), .text(t("compare.vzalloc")), .code("vfree()")],
            [.code("kvmalloc()"), .text(t("compare.maybe")), .text(t("compare.kvmalloc_limit")), .text(no), .text(t("compare.kvzalloc")), .code("kvfree()")],
            [.code("malloc()"), .text(no), .text(t("compare.malloc_limit")), .text(t("compare.user_space")), .text(no), .code("free()")],
        ]
        return ResolvedTable(caption: w.list([w.kernel(kernel), a.rawValue]),
                             header: [t("table.allocator"), t("table.contiguous"), t("table.max_size"),
                                      t("table.context_ok"), t("table.zeroed"), t("table.free_with")], rows: rows, numericColumns: [])
    }
}
