#if canImport(Glibc)
import Glibc
#endif
import CCmark
import KmemCore
import Foundation

/// CommonMark to HTML through libcmark. This is the only place in kmemguide that talks to
/// libcmark; its C types never leave this file.
public struct RenderedMarkdown: Sendable {
    public struct Heading: Sendable, Hashable {
        public var level: Int
        public var text: String
        /// The anchor the heading gets in the HTML (`id="..."`).
        public var id: String
    }
    public struct Link: Sendable, Hashable {
        public var destination: String
        /// Line of the block that holds the link (libcmark does not track inline positions).
        public var line: Int
    }

    public var html: String
    public var headings: [Heading]
    public var links: [Link]
}

public enum Markdown {
    /// Renders `source`. `rewriteLink` maps each link destination to the one written to HTML
    /// (return the input unchanged to keep it). Raw HTML is always omitted: content is not trusted
    /// to carry script, and there is no switch to allow it.
    /// `headingText` maps a heading's plain text before its anchor is made (the content stage
    /// puts computed values back into placeholders there).
    public static func render(_ source: String,
                              rewriteLink: (String) -> String = { $0 },
                              headingText: (String) -> String = { $0 }) -> RenderedMarkdown {
        let options = CMARK_OPT_DEFAULT
        let bytes = Array(source.utf8)
        guard let doc = bytes.withUnsafeBufferPointer({ buf in
            buf.baseAddress.map { cmark_parse_document($0, buf.count, options) } ?? cmark_parse_document("", 0, options)
        }) else {
            return RenderedMarkdown(html: "", headings: [], links: [])
        }
        defer { cmark_node_free(doc) }

        var headings: [RenderedMarkdown.Heading] = []
        var links: [RenderedMarkdown.Link] = []
        var usedIDs: [String: Int] = [:]

        if let iter = cmark_iter_new(doc) {
            defer { cmark_iter_free(iter) }
            var ev = cmark_iter_next(iter)
            while ev != CMARK_EVENT_DONE {
                if ev == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) {
                    switch cmark_node_get_type(node) {
                    case CMARK_NODE_HEADING:
                        let text = headingText(plainText(of: node))
                        var id = slugify(text)
                        if let n = usedIDs[id] { usedIDs[id] = n + 1; id += "-\(n + 1)" } else { usedIDs[id] = 1 }
                        headings.append(.init(level: Int(cmark_node_get_heading_level(node)), text: text, id: id))
                    case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                        links.append(.init(destination: url, line: blockLine(of: node)))
                        let rewritten = rewriteLink(url)
                        if rewritten != url { _ = cmark_node_set_url(node, rewritten) }
                    default:
                        break
                    }
                }
                ev = cmark_iter_next(iter)
            }
        }

        guard let raw = cmark_render_html(doc, options) else {
            return RenderedMarkdown(html: "", headings: headings, links: links)
        }
        var html = String(cString: raw)
        free(raw)
        html = addHeadingIDs(html, headings)
        return RenderedMarkdown(html: html, headings: headings, links: links)
    }

    /// Heading anchors: lowercase words joined by '-', CJK kept as is (browsers accept any
    /// non-space characters in an id).
    public static func slugify(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "_" {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.append(ch)
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "section" : out
    }

    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iter = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iter) }
        var ev = cmark_iter_next(iter)
        while ev != CMARK_EVENT_DONE {
            if ev == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(iter) {
                let t = cmark_node_get_type(n)
                if t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE, let lit = cmark_node_get_literal(n) {
                    text += String(cString: lit)
                } else if t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK {
                    text += " "
                }
            }
            ev = cmark_iter_next(iter)
        }
        return text
    }

    private static func blockLine(of node: OpaquePointer) -> Int {
        var current: OpaquePointer? = node
        while let n = current {
            let line = Int(cmark_node_get_start_line(n))
            if line > 0 { return line }
            current = cmark_node_parent(n)
        }
        return 0
    }

    /// libcmark writes `<h2>`; give each heading, in document order, its id.
    private static func addHeadingIDs(_ html: String, _ headings: [RenderedMarkdown.Heading]) -> String {
        guard !headings.isEmpty else { return html }
        var result = ""
        result.reserveCapacity(html.utf8.count + headings.count * 24)
        var rest = Substring(html)
        for h in headings {
            let open = "<h\(h.level)>"
            guard let r = rest.utf8Range(of: open) else { break }
            result += rest[..<r.lowerBound]
            result += "<h\(h.level) id=\"\(escapeAttribute(h.id))\">"
            rest = rest[r.upperBound...]
        }
        result += rest
        return result
    }

    /// Escapes `& < > " '` for HTML text and attribute values. Works on UTF-8 bytes (all five
    /// are ASCII) and returns the string itself when there is nothing to escape, the usual case.
    public static func escapeAttribute(_ s: String) -> String {
        func special(_ b: UInt8) -> Bool {
            b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
        }
        guard s.utf8.contains(where: special) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case UInt8(ascii: "'"): out += Array("&#39;".utf8)
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
