import KernelSim
import KmemContent
import KmemCore

/// Blocks drawn from a simulated run (see `Simulation`).
enum VmallocDiagram {
    /// A vmalloc area as a row of virtual pages over the physical frames behind them.
    static func render(_ m: NamedMachine, size: UInt64, lang: Language, ui: UIStrings, simulation: Simulation) -> String {
        guard let area = simulation.vmalloc(m, size: size) else {
            return "<p>\(HTML.escape(ui("word.fails", lang)))</p>"
        }
        let d = m.config.arch.addressDigits
        let width = 720.0, boxW = 44.0, gap = 4.0, top = 40.0, boxH = 30.0, physY = 200.0
        // The guard box is as wide as its label (12px text: CJK characters are about a full
        // em, Latin ones about 0.6 em); the pages shown are as many as fit beside it.
        let guardLabel = ui("diagram.guard_page", lang)
        let labelWidth = guardLabel.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? 12.0 : 7.2) }
        let guardW = max(boxW, (labelWidth + 8).rounded(.up))
        let ellipsisW = 70.0
        let room = Int((width - 20 - guardW - ellipsisW) / (boxW + gap))
        let shown = min(area.pfns.count, max(1, room))
        let maxPfn = m.layout.zones.map(\.endPfn).max() ?? 1
        let w = Wording(ui: ui, lang: lang)
        let title = w.titled(ui("diagram.vmalloc_title", lang), w.list(["vmalloc(\(size))", MachineText.describe(m, lang: lang, ui: ui)]))
        var s = "<figure class=\"diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(Int(width)) 260\" width=\"100%\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
        s += "<text class=\"axis\" x=\"10\" y=\"\(Int(top - 8))\">\(HTML.escape(ui("diagram.virtual", lang))) \(hexAddress(area.addr, digits: d)) – \(hexAddress(area.end, digits: d))</text>"
        for i in 0..<shown {
            let x = 10 + Double(i) * (boxW + gap)
            s += "<rect class=\"page-area\" x=\"\(Diagrams.fmt(x))\" y=\"\(Int(top))\" width=\"\(Int(boxW))\" height=\"\(Int(boxH))\"><title>\(HTML.escape(w.label(w.t("l10n.pfn_page", ["n": String(i)]), "pfn \(area.pfns[i])")))</title></rect>"
            s += "<text class=\"label\" x=\"\(Diagrams.fmt(x + 4))\" y=\"\(Int(top + 19))\">\(i)</text>"
            let px = 10 + Double(area.pfns[i]) / Double(maxPfn) * (width - 20)
            s += "<line class=\"map\" x1=\"\(Diagrams.fmt(x + boxW / 2))\" y1=\"\(Int(top + boxH))\" x2=\"\(Diagrams.fmt(px))\" y2=\"\(Int(physY))\"/>"
            s += "<circle cx=\"\(Diagrams.fmt(px))\" cy=\"\(Int(physY))\" r=\"3\" fill=\"#c0392b\"/>"
        }
        var x = 10 + Double(shown) * (boxW + gap)
        if area.pfns.count > shown {
            s += "<text class=\"label\" x=\"\(Diagrams.fmt(x + 2))\" y=\"\(Int(top + 19))\">… +\(area.pfns.count - shown)</text>"
            x += ellipsisW
        }
        s += "<rect class=\"page-guard\" x=\"\(Diagrams.fmt(x))\" y=\"\(Int(top))\" width=\"\(Int(guardW))\" height=\"\(Int(boxH))\"><title>\(HTML.escape(guardLabel))</title></rect>"
        s += "<text class=\"label\" x=\"\(Diagrams.fmt(x + 4))\" y=\"\(Int(top + 19))\">\(HTML.escape(guardLabel))</text>"
        s += "<line x1=\"10\" y1=\"\(Int(physY))\" x2=\"\(Int(width - 10))\" y2=\"\(Int(physY))\" stroke=\"#888\"/>"
        s += "<text class=\"axis\" x=\"10\" y=\"\(Int(physY + 20))\">\(HTML.escape(ui("diagram.physical", lang))) pfn 0</text>"
        s += "<text class=\"axis\" x=\"\(Int(width - 10))\" y=\"\(Int(physY + 20))\" text-anchor=\"end\">pfn \(maxPfn)</text>"
        s += "</svg><figcaption>\(HTML.escape(w.sentences(title, w.clauses([w.label(ui("table.pages", lang), String(area.pfns.count)), w.label(ui("table.contiguous", lang), ui(area.physicallyContiguous ? "word.yes" : "word.no", lang))]))))</figcaption></figure>"
        return s
    }
}

enum BuddyDiagram {
    /// Free blocks per order, one row of bars per zone (/proc/buddyinfo drawn).
    static func render(_ m: NamedMachine, lang: Language, ui: UIStrings, simulation: Simulation) -> String {
        let zones = simulation.buddy(m).filter { !$0.counts.isEmpty }
        let orders = zones.map(\.counts.count).max() ?? 0
        let maxCount = max(zones.flatMap(\.counts).max() ?? 1, 1)
        let rowH = 120.0, barW = 40.0, left = 90.0
        let height = Double(zones.count) * rowH + 40
        let w = Wording(ui: ui, lang: lang)
        let title = w.titled(ui("diagram.buddy_title", lang), MachineText.describe(m, lang: lang, ui: ui))
        var s = "<figure class=\"diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(Int(left + Double(orders) * (barW + 8) + 10)) \(Int(height))\" width=\"100%\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
        for (zi, z) in zones.enumerated() {
            let base = 20 + Double(zi + 1) * rowH - 30
            s += "<text class=\"label\" x=\"4\" y=\"\(Int(base - rowH / 2 + 20))\">\(HTML.escape(z.zone))</text>"
            for (o, count) in z.counts.enumerated() {
                // Square-root scale: order-0 counts dwarf the rest otherwise.
                let h = count == 0 ? 0 : max(2, (Double(count) / Double(maxCount)).squareRoot() * (rowH - 50))
                let x = left + Double(o) * (barW + 8)
                s += "<rect class=\"page-used\" x=\"\(Diagrams.fmt(x))\" y=\"\(Diagrams.fmt(base - h))\" width=\"\(Int(barW))\" height=\"\(Diagrams.fmt(h))\"><title>\(HTML.escape(w.label(w.order(o), String(count))))</title></rect>"
                s += "<text class=\"axis\" x=\"\(Diagrams.fmt(x + barW / 2))\" y=\"\(Diagrams.fmt(base - h - 3))\" text-anchor=\"middle\">\(count)</text>"
                s += "<text class=\"axis\" x=\"\(Diagrams.fmt(x + barW / 2))\" y=\"\(Diagrams.fmt(base + 13))\" text-anchor=\"middle\">\(o)</text>"
            }
        }
        s += "</svg><figcaption>\(HTML.escape(w.sentences(title, ui("diagram.buddy_caption", lang))))</figcaption></figure>"
        return s
    }
}

enum DemoTable {
    static func render(_ m: NamedMachine, lang: Language, ui: UIStrings, simulation: Simulation) -> String {
        let run = simulation.demo(m)
        let d = m.config.arch.addressDigits
        let rows = run.pointers.map { p -> [HTML.Cell] in
            [.code(p.call), .code(p.value.map { hexAddress($0, digits: d) } ?? "NULL"),
             .text(p.region.map { Wording(ui: ui, lang: lang).region($0) } ?? "—"),
             .code(p.phys.map { hexAddress($0, digits: d) } ?? "—"),
             .text(ui("demo.reason." + p.reason, lang))]
        }
        return HTML.table(caption: MachineText.describe(m, lang: lang, ui: ui),
                          header: [ui("table.pointer", lang), ui("table.address", lang), ui("table.region", lang), ui("table.physical", lang), ui("table.why", lang)],
                          rows: rows)
    }
}

