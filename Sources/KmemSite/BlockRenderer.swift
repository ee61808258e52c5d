import KmemContent
import KmemCore

/// Draws a resolved block as HTML. Pure: everything it shows was computed by the resolve
/// stage (`BlockResolver`), so the same resolved block always gives the same bytes.
enum BlockRenderer {
    static func render(_ block: ResolvedBlock) -> String {
        switch block {
        case .nothing:
            return ""
        case .table(let table):
            return render(table)
        case .tables(let tables):
            return tables.map(render).joined()
        case .preformatted(let text, let caption):
            return HTML.pre(text, caption: caption)
        case .layoutFigure(let f):
            return Diagrams.layout(f)
        case .vmallocFigure(let f):
            return Diagrams.vmalloc(f)
        case .buddyFigure(let f):
            return Diagrams.buddy(f)
        case .paragraph(let text):
            return "<p>\(HTML.escape(text))</p>"
        case .glossary(let items):
            var s = "<dl class=\"glossary\">"
            for e in items {
                let en = e.english.map { "<span class=\"term-en\">（<span lang=\"en\">\(HTML.escape($0))</span>）</span>" } ?? ""
                // The page that teaches the term, so a reader can go and learn it.
                var teach = ""
                if let slug = e.taughtOn, let title = e.taughtOnTitle {
                    teach = e.linkSeparator + "<a class=\"taught\" href=\"../\(HTML.escape(slug))/index.html\">→ \(HTML.escape(title))</a>"
                }
                s += "<dt id=\"term-\(HTML.escape(e.id))\">\(HTML.escape(e.term))\(en)</dt><dd>\(HTML.escape(e.definition))\(teach)</dd>"
            }
            return s + "</dl>"
        }
    }

    static func render(_ table: ResolvedTable) -> String {
        HTML.table(caption: table.caption, header: table.header, rows: table.rows.map { $0.map(cell) }, numericColumns: table.numericColumns)
    }

    static func cell(_ c: ResolvedTable.Cell) -> HTML.Cell {
        switch c {
        case .text(let t): return .text(t)
        case .code(let t): return .code(t)
        case .runs(let runs):
            return .raw(runs.map { run -> String in
                switch run {
                case .text(let t): return HTML.escape(t)
                case .code(let t): return "<code>\(HTML.escape(t))</code>"
                case .lineBreak: return "<br>"
                case .small(let t): return "<small>\(HTML.escape(t))</small>"
                }
            }.joined())
        }
    }
}
