import MarkdownRender

/// Small helpers for writing HTML and SVG by hand, always escaped.
enum HTML {
    /// The one escaper for text and attributes (`& < > " '`), shared with the Markdown stage.
    static func escape(_ s: String) -> String { Markdown.escapeAttribute(s) }

    /// JSON made safe to place inside `<script type="application/json">`: `<`, `>` and `&`
    /// become `\u003c`, `\u003e`, `\u0026`, so no `</script`, `<!--` or `<script` can occur
    /// in the script data (the HTML spec's restrictions on script content), and U+2028/U+2029
    /// become escapes too (line terminators in older JavaScript). In valid JSON these
    /// characters only occur inside strings, where the escapes mean the same characters.
    static func scriptJSON(_ json: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(json.utf8.count + 64)
        let bytes = Array(json.utf8)
        var i = 0
        func escape(_ code: String) { out += Array("\\u".utf8) + Array(code.utf8) }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "<"): escape("003c")
            case UInt8(ascii: ">"): escape("003e")
            case UInt8(ascii: "&"): escape("0026")
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                escape(bytes[i + 2] == 0xA8 ? "2028" : "2029")
                i += 3
                continue
            default: out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

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
