import KmemContent

/// SVG pictures of resolved figures. Labels arrive in the page's language; every coordinate is
/// computed here, so the same figure always gives the same bytes.
enum Diagrams {
    static func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// The address space as a column, highest address at the top. Heights follow the square
    /// root of each region's size (so a 4 KiB fixmap and a 3 GiB user space both show),
    /// which the caption states.
    static func layout(_ f: LayoutFigure) -> String {
        let weights = f.regions.map { max(Double($0.size).squareRoot(), 1) }
        let total = weights.reduce(0, +)
        let barHeight = 520.0, minH = 16.0
        var heights = weights.map { max(minH, $0 / total * barHeight) }
        let scale = barHeight / heights.reduce(0, +)
        heights = heights.map { $0 * scale }
        let width = f.wide ? 760.0 : 640.0
        let barX = 10.0, barW = 150.0, textX = barX + barW + 12
        var y = 30.0
        var s = "<figure class=\"diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(fmt(width)) \(fmt(barHeight + 60))\" width=\"100%\" aria-label=\"\(HTML.escape(f.title))\">"
        s += "<title>\(HTML.escape(f.title))</title>"
        for (i, r) in f.regions.enumerated() {
            let h = heights[i]
            let cls = "r-" + r.id.replacingOccurrences(of: "_", with: "-")
            s += "<rect class=\"\(cls)\" x=\"\(fmt(barX))\" y=\"\(fmt(y))\" width=\"\(fmt(barW))\" height=\"\(fmt(h))\"><title>\(HTML.escape(r.name))</title></rect>"
            let mid = y + h / 2 + 4
            s += "<text x=\"\(fmt(textX))\" y=\"\(fmt(mid))\" class=\"label\">\(HTML.escape(r.label))</text>"
            y += h
        }
        s += "<text x=\"\(fmt(barX))\" y=\"18\" class=\"axis\">\(HTML.escape(f.topAddress))</text>"
        s += "<text x=\"\(fmt(barX))\" y=\"\(fmt(y + 16))\" class=\"axis\">\(HTML.escape(f.bottomAddress))</text>"
        s += "</svg><figcaption>\(HTML.escape(f.caption))</figcaption></figure>"
        return s
    }

    /// A vmalloc area as a row of virtual pages over the physical frames behind them.
    static func vmalloc(_ f: VmallocFigure) -> String {
        let width = 720.0, boxW = 44.0, gap = 4.0, top = 40.0, boxH = 30.0, physY = 200.0
        // The guard box is as wide as its label (12px text: CJK characters are about a full
        // em, Latin ones about 0.6 em); the pages shown are as many as fit beside it.
        let labelWidth = f.guardLabel.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? 12.0 : 7.2) }
        let guardW = max(boxW, (labelWidth + 8).rounded(.up))
        let ellipsisW = 70.0
        let room = Int((width - 20 - guardW - ellipsisW) / (boxW + gap))
        let shown = min(f.pfns.count, max(1, room))
        var s = "<figure class=\"diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(Int(width)) 260\" width=\"100%\" aria-label=\"\(HTML.escape(f.title))\"><title>\(HTML.escape(f.title))</title>"
        s += "<text class=\"axis\" x=\"10\" y=\"\(Int(top - 8))\">\(HTML.escape(f.virtualLabel))</text>"
        for i in 0..<shown {
            let x = 10 + Double(i) * (boxW + gap)
            s += "<rect class=\"page-area\" x=\"\(fmt(x))\" y=\"\(Int(top))\" width=\"\(Int(boxW))\" height=\"\(Int(boxH))\"><title>\(HTML.escape(f.tooltips[i]))</title></rect>"
            s += "<text class=\"label\" x=\"\(fmt(x + 4))\" y=\"\(Int(top + 19))\">\(i)</text>"
            let px = 10 + Double(f.pfns[i]) / Double(f.maxPfn) * (width - 20)
            s += "<line class=\"map\" x1=\"\(fmt(x + boxW / 2))\" y1=\"\(Int(top + boxH))\" x2=\"\(fmt(px))\" y2=\"\(Int(physY))\"/>"
            s += "<circle cx=\"\(fmt(px))\" cy=\"\(Int(physY))\" r=\"3\" fill=\"#c0392b\"/>"
        }
        var x = 10 + Double(shown) * (boxW + gap)
        if f.pfns.count > shown {
            s += "<text class=\"label\" x=\"\(fmt(x + 2))\" y=\"\(Int(top + 19))\">… +\(f.pfns.count - shown)</text>"
            x += ellipsisW
        }
        s += "<rect class=\"page-guard\" x=\"\(fmt(x))\" y=\"\(Int(top))\" width=\"\(Int(guardW))\" height=\"\(Int(boxH))\"><title>\(HTML.escape(f.guardLabel))</title></rect>"
        s += "<text class=\"label\" x=\"\(fmt(x + 4))\" y=\"\(Int(top + 19))\">\(HTML.escape(f.guardLabel))</text>"
        s += "<line x1=\"10\" y1=\"\(Int(physY))\" x2=\"\(Int(width - 10))\" y2=\"\(Int(physY))\" stroke=\"#888\"/>"
        s += "<text class=\"axis\" x=\"10\" y=\"\(Int(physY + 20))\">\(HTML.escape(f.physicalLabel)) pfn 0</text>"
        s += "<text class=\"axis\" x=\"\(Int(width - 10))\" y=\"\(Int(physY + 20))\" text-anchor=\"end\">pfn \(f.maxPfn)</text>"
        s += "</svg><figcaption>\(HTML.escape(f.caption))</figcaption></figure>"
        return s
    }

    /// Free blocks per order, one row of bars per zone.
    static func buddy(_ f: BuddyFigure) -> String {
        let orders = f.zones.map(\.counts.count).max() ?? 0
        let maxCount = max(f.zones.flatMap(\.counts).max() ?? 1, 1)
        let rowH = 120.0, barW = 40.0, left = 90.0
        let height = Double(f.zones.count) * rowH + 40
        var s = "<figure class=\"diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(Int(left + Double(orders) * (barW + 8) + 10)) \(Int(height))\" width=\"100%\" aria-label=\"\(HTML.escape(f.title))\"><title>\(HTML.escape(f.title))</title>"
        for (zi, z) in f.zones.enumerated() {
            let base = 20 + Double(zi + 1) * rowH - 30
            s += "<text class=\"label\" x=\"4\" y=\"\(Int(base - rowH / 2 + 20))\">\(HTML.escape(z.name))</text>"
            for (o, count) in z.counts.enumerated() {
                // Square-root scale: order-0 counts dwarf the rest otherwise.
                let h = count == 0 ? 0 : max(2, (Double(count) / Double(maxCount)).squareRoot() * (rowH - 50))
                let x = left + Double(o) * (barW + 8)
                s += "<rect class=\"page-used\" x=\"\(fmt(x))\" y=\"\(fmt(base - h))\" width=\"\(Int(barW))\" height=\"\(fmt(h))\"><title>\(HTML.escape(z.tooltips[o]))</title></rect>"
                s += "<text class=\"axis\" x=\"\(fmt(x + barW / 2))\" y=\"\(fmt(base - h - 3))\" text-anchor=\"middle\">\(count)</text>"
                s += "<text class=\"axis\" x=\"\(fmt(x + barW / 2))\" y=\"\(fmt(base + 13))\" text-anchor=\"middle\">\(o)</text>"
            }
        }
        s += "</svg><figcaption>\(HTML.escape(f.caption))</figcaption></figure>"
        return s
    }
}
