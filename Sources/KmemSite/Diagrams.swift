import KmemCore
import KernelSim
import KmemContent

/// SVG pictures drawn from the simulator. Labels come from the page's language; every
/// coordinate is computed, so the same machine always gives the same bytes.
enum Diagrams {
    static func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// The address space as a column, highest address at the top. Heights follow the square
    /// root of each region's size (so a 4 KiB fixmap and a 3 GiB user space both show),
    /// which the caption states.
    static func layout(_ m: NamedMachine, lang: Language, ui: UIStrings) -> String {
        let regions = m.layout.regions.reversed()
        let digits = m.config.arch.addressDigits
        let weights = regions.map { max(Double($0.size).squareRoot(), 1) }
        let total = weights.reduce(0, +)
        let barHeight = 520.0, minH = 16.0
        var heights = weights.map { max(minH, $0 / total * barHeight) }
        let scale = barHeight / heights.reduce(0, +)
        heights = heights.map { $0 * scale }
        let width = digits > 8 ? 760.0 : 640.0
        let barX = 10.0, barW = 150.0, textX = barX + barW + 12
        var y = 30.0
        let w = Wording(ui: ui, lang: lang)
        let title = w.titled(ui("diagram.layout_title", lang), MachineText.describe(m, lang: lang, ui: ui))
        var s = "<figure class=\"diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(fmt(width)) \(fmt(barHeight + 60))\" width=\"100%\" aria-label=\"\(HTML.escape(title))\">"
        s += "<title>\(HTML.escape(title))</title>"
        for (i, r) in regions.enumerated() {
            let h = heights[i]
            let cls = "r-" + r.name.replacingOccurrences(of: "_", with: "-")
            s += "<rect class=\"\(cls)\" x=\"\(fmt(barX))\" y=\"\(fmt(y))\" width=\"\(fmt(barW))\" height=\"\(fmt(h))\"><title>\(HTML.escape(w.region(r.name)))</title></rect>"
            let mid = y + h / 2 + 4
            let label = w.label(w.region(r.name), w.paren(w.range(hexAddress(r.start, digits: digits), hexAddress(r.last, digits: digits)), w.size(r.size)))
            s += "<text x=\"\(fmt(textX))\" y=\"\(fmt(mid))\" class=\"label\">\(HTML.escape(label))</text>"
            y += h
        }
        s += "<text x=\"\(fmt(barX))\" y=\"18\" class=\"axis\">\(HTML.escape(hexAddress(m.config.arch.is64Bit ? UInt64.max : 0xffff_ffff, digits: digits)))</text>"
        s += "<text x=\"\(fmt(barX))\" y=\"\(fmt(y + 16))\" class=\"axis\">\(HTML.escape(hexAddress(0, digits: digits)))</text>"
        s += "</svg><figcaption>\(HTML.escape(w.sentences(title, ui("diagram.not_to_scale", lang))))</figcaption></figure>"
        return s
    }
}

enum MachineText {
    /// "x86_32, Linux 3.4, 160 MiB RAM, vmalloc=200M" / "x86_32、Linux 3.4、160 MiB 内存、vmalloc=200M".
    static func describe(_ m: NamedMachine, lang: Language, ui: UIStrings) -> String {
        Wording(ui: ui, lang: lang).machine(m.config)
    }
}
