import MarkdownRender

/// Small helpers for writing HTML and SVG by hand, always escaped.
enum HTML {
    /// The one escaper for text and attributes (`& < > " '`), shared with the Markdown stage.
    static func escape(_ s: String) -> String { Markdown.escapeAttribute(s) }

    /// A table with a header row; cells are escaped text unless wrapped in `Cell.html`.
    static func table(caption: String?, header: [String], rows: [[Cell]], numericColumns: Set<Int> = []) -> String {
        var s = "<div class=\"table-wrap\"><table>"
        if let caption { s += "<caption>\(escape(caption))</caption>" }
        s += "<thead><tr>" + header.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            s += "<tr>"
            for (i, cell) in row.enumerated() {
                let cls = numericColumns.contains(i) ? " class=\"num\"" : ""
                s += "<td\(cls)>\(cell.html)</td>"
            }
            s += "</tr>"
        }
        return s + "</tbody></table></div>"
    }

    enum Cell {
        case text(String)
        case code(String)
        case raw(String)
        var html: String {
            switch self {
            case .text(let t): return HTML.escape(t)
            case .code(let t): return "<code>\(HTML.escape(t))</code>"
            case .raw(let h): return h
            }
        }
    }

    static func pre(_ text: String, caption: String? = nil) -> String {
        var s = "<figure class=\"generated\">"
        if let caption { s += "<figcaption>\(escape(caption))</figcaption>" }
        return s + "<pre><code>\(escape(text))</code></pre></figure>"
    }
}
