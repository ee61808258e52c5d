import KmemCore

/// Escaping and the small text-to-HTML conversion every format shares.
///
/// Question text is plain text as authored (content/questions/*.yaml) or generated: paragraphs
/// separated by a blank line, `backticks` for code, and ``` fences for code blocks. HTML-based
/// formats (Moodle, GIFT `[html]`, QTI, Anki, print) get it through `BankText.html`; plain
/// formats (JSON, CSV) carry it unchanged.
///
/// Everything here works on UTF-8 bytes (the special characters are all ASCII, and a UTF-8
/// multi-byte sequence never contains an ASCII byte), so non-ASCII text passes through
/// untouched and fast: Foundation's `replacingOccurrences` was most of an export's time.
public enum BankText {
    // MARK: Building blocks

    /// `s` with every occurrence of each `target` replaced (leftmost first; targets tried in
    /// the order given). Returns `s` itself when no target occurs.
    public static func replace(_ s: String, _ pairs: [(target: String, with: String)]) -> String {
        var isFirst = [Bool](repeating: false, count: 256)
        for p in pairs { if let f = p.target.utf8.first { isFirst[Int(f)] = true } }
        guard s.utf8.contains(where: { isFirst[Int($0)] }) else { return s }
        let targets = pairs.map { (Array($0.target.utf8), Array($0.with.utf8)) }
        let src = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(src.count + 16)
        var i = 0
        outer: while i < src.count {
            if isFirst[Int(src[i])] {
                for (t, w) in targets where i + t.count <= src.count && src[i] == t[0] && Array(src[i..<(i + t.count)]) == t {
                    out += w
                    i += t.count
                    continue outer
                }
            }
            out.append(src[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Maps each byte through `f` (nil: keep it) — the core of the escapers.
    @inline(__always)
    private static func mapBytes(_ s: String, _ f: (UInt8, inout [UInt8]) -> Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        for b in s.utf8 where !f(b, &out) { out.append(b) }
        return String(decoding: out, as: UTF8.self)
    }

    private static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8), quot = Array("&quot;".utf8)
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]  // U+FFFD

    /// Appends the XML escape of `b` to `out`, or returns false for a byte that stays.
    @inline(__always)
    private static func escapeXML(_ b: UInt8, _ out: inout [UInt8]) -> Bool {
        switch b {
        case UInt8(ascii: "&"): out += amp
        case UInt8(ascii: "<"): out += lt
        case UInt8(ascii: ">"): out += gt
        case UInt8(ascii: "\""): out += quot
        case 9, 10, 13: return false
        case 0..<0x20: out += replacement
        default: return false
        }
        return true
    }

    // MARK: XML / HTML

    /// Escapes `& < > "` (every attribute is written in double quotes) and replaces characters
    /// XML 1.0 cannot carry (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF) with U+FFFD,
    /// so no text can make a file ill-formed.
    public static func xml(_ s: String) -> String {
        let escaped = mapBytes(s, escapeXML)
        // U+FFFE / U+FFFF are EF BF BE / EF BF BF: rare enough to fix in a second pass.
        guard escaped.utf8.contains(0xBF) else { return escaped }
        return replace(escaped, [("\u{FFFE}", "\u{FFFD}"), ("\u{FFFF}", "\u{FFFD}")])
    }

    /// A CDATA section holding `s`; a `]]>` inside is split across two sections.
    public static func cdata(_ s: String) -> String {
        "<![CDATA[" + replace(s, [("]]>", "]]]]><![CDATA[>")]) + "]]>"
    }

    /// Inline HTML: escaped text with `code` spans; a line break becomes `<br/>`.
    public static func inlineHTML(_ s: String) -> String {
        var inCode = false
        let openCode = Array("<code>".utf8), closeCode = Array("</code>".utf8), br = Array("<br/>".utf8)
        var out = mapBytes(s) { b, out in
            switch b {
            case UInt8(ascii: "`"): out += inCode ? closeCode : openCode; inCode.toggle(); return true
            case 10: out += br; return true
            case 13: return true
            default: return escapeXML(b, &out)
            }
        }
        if inCode { out += "</code>" }
        return xml0xFFFE(out)
    }

    private static func xml0xFFFE(_ s: String) -> String {
        guard s.utf8.contains(0xBF) else { return s }
        return replace(s, [("\u{FFFE}", "\u{FFFD}"), ("\u{FFFF}", "\u{FFFD}")])
    }

    /// Block HTML: `<p>` per paragraph, `<pre><code>` per fenced block. Newlines appear only
    /// inside `<pre>`; everything else is on one line (GIFT needs that).
    public static func html(_ s: String) -> String {
        // One paragraph, no fence: the common case.
        if !s.utf8.contains(10) { return "<p>" + inlineHTML(s) + "</p>" }
        var out = ""
        var para: [Substring] = []
        var code: [Substring]? = nil
        func endPara() {
            if !para.isEmpty { out += "<p>" + inlineHTML(para.joined(separator: "\n")) + "</p>"; para = [] }
        }
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") {
                if let c = code {
                    out += "<pre><code>" + xml(c.joined(separator: "\n")) + "</code></pre>"
                    code = nil
                } else {
                    endPara()
                    code = []
                }
            } else if code != nil {
                code!.append(line)
            } else if trimmed.isEmpty {
                endPara()
            } else {
                para.append(line)
            }
        }
        if let c = code { out += "<pre><code>" + xml(c.joined(separator: "\n")) + "</code></pre>" }
        endPara()
        return out
    }

    /// Plain text on one line, without the backticks (titles, CSV, Moodle matching answers).
    public static func plain(_ s: String) -> String {
        mapBytes(s) { b, out in
            switch b {
            case UInt8(ascii: "`"), 13: return true
            case 10: out.append(UInt8(ascii: " ")); return true
            default: return false
            }
        }
    }

    // MARK: GIFT

    /// GIFT's special characters `~ = # { } :` and the backslash, escaped with a backslash.
    /// Newlines become `\n` (a blank line would end the question).
    public static func gift(_ s: String) -> String {
        mapBytes(s) { b, out in
            switch b {
            case UInt8(ascii: "\\"), UInt8(ascii: "~"), UInt8(ascii: "="), UInt8(ascii: "#"), UInt8(ascii: "{"),
                 UInt8(ascii: "}"), UInt8(ascii: ":"):
                out.append(UInt8(ascii: "\\")); out.append(b); return true
            case 10: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]; return true
            case 13: return true
            default: return false
            }
        }
    }

    /// Reverses `gift` (used by the tests to prove the escaping round-trips, and documents the
    /// rule): `\x` is `x` for a special character, `\n` a newline; any other backslash stays.
    public static func ungift(_ s: String) -> String {
        var out = ""
        var it = s.makeIterator()
        while let ch = it.next() {
            guard ch == "\\" else { out.append(ch); continue }
            guard let next = it.next() else { out.append(ch); break }
            switch next {
            case "\\", "~", "=", "#", "{", "}", ":": out.append(next)
            case "n": out.append("\n")
            default: out.append(ch); out.append(next)
            }
        }
        return out
    }

    // MARK: JSON, CSV

    /// A JSON string literal (RFC 8259), non-ASCII kept as UTF-8.
    public static func json(_ s: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        return "\"" + mapBytes(s) { b, out in
            switch b {
            case UInt8(ascii: "\""): out += [92, b]
            case UInt8(ascii: "\\"): out += [92, b]
            case 10: out += [92, UInt8(ascii: "n")]
            case 13: out += [92, UInt8(ascii: "r")]
            case 9: out += [92, UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: return false
            }
            return true
        } + "\""
    }

    /// One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled);
    /// line breaks inside are normalised to CRLF, the record separator of the file.
    ///
    /// Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with `=`, `+`,
    /// `-`, `@`, a tab or CR would be run as a formula by Excel or LibreOffice, so it gets a
    /// leading `'` and is quoted — the cell then shows as text. A plain number (`-12`, `+1.5`)
    /// is left as it is: it cannot be a formula.
    public static func csv(_ s: String) -> String {
        let formula = s.utf8.first.map { [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13].contains($0) } == true
            && !isPlainNumber(s)
        guard formula || s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else { return s }
        return "\"" + (formula ? "'" : "") + mapBytes(s) { b, out in
            switch b {
            case UInt8(ascii: "\""): out += [b, b]
            case 10: out += [13, 10]
            case 13: break  // dropped; LF (always present in CRLF) writes the pair
            default: return false
            }
            return true
        } + "\""
    }

    /// `-12`, `+3`, `-1.5`: an optional sign, digits, at most one decimal point.
    static func isPlainNumber(_ s: String) -> Bool {
        var u = Substring(s).utf8
        if let f = u.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { u = u.dropFirst() }
        let parts = u.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !u.isEmpty && parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= 48 && $0 <= 57 } }
    }

    // MARK: Identifiers

    /// An XML NCName (QTI identifiers, file names) for a question id: letters, digits, `-`,
    /// `_`, `.` kept, anything else replaced by `-`; prefixed with `q-`. When anything was
    /// replaced, a hash of the original id is appended so two ids can never collide.
    public static func ncName(_ id: String) -> String {
        var out = "q-"
        var changed = false
        for u in id.unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "-" || u == "_" || u == "." {
                out.unicodeScalars.append(u)
            } else {
                out += "-"
                changed = true
            }
        }
        if changed { out += "-" + String(fnv1a(id) & 0xFFFF_FFFF, radix: 16) }
        return out
    }

    static func fnv1a(_ s: String) -> UInt64 { FNV1a.hash(s) }
}
