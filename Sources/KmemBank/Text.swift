/// Escaping and the small text-to-HTML conversion every format shares.
///
/// Question text is plain text as authored (content/questions/*.yaml) or generated: paragraphs
/// separated by a blank line, `backticks` for code, and ``` fences for code blocks. HTML-based
/// formats (Moodle, GIFT `[html]`, QTI, Anki, print) get it through `BankText.html`; plain
/// formats (JSON, CSV) carry it unchanged.
public enum BankText {
    // MARK: XML / HTML

    /// Escapes `& < > "` (every attribute is written in double quotes) and replaces characters XML 1.0 cannot carry (C0 controls other
    /// than tab, LF, CR) with U+FFFD, so no text can make a file ill-formed.
    public static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// A CDATA section holding `s`; a `]]>` inside is split across two sections.
    public static func cdata(_ s: String) -> String {
        "<![CDATA[" + s.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    /// Inline HTML: escaped text with `code` spans; a line break becomes `<br/>` unless
    /// `keepNewlines` (inside `<pre>`).
    public static func inlineHTML(_ s: String) -> String {
        var out = ""
        var inCode = false
        var segment = ""
        func flush() {
            if !segment.isEmpty { out += xml(segment); segment = "" }
        }
        for ch in s {
            if ch == "`" {
                flush()
                out += inCode ? "</code>" : "<code>"
                inCode.toggle()
            } else if ch == "\n" {
                flush()
                out += "<br/>"
            } else {
                segment.append(ch)
            }
        }
        flush()
        if inCode { out += "</code>" }
        return out
    }

    /// Block HTML: `<p>` per paragraph, `<pre><code>` per fenced block. Newlines appear only
    /// inside `<pre>`; everything else is on one line (GIFT needs that).
    public static func html(_ s: String) -> String {
        var blocks: [String] = []
        var para: [Substring] = []
        var code: [Substring]? = nil
        func endPara() {
            if !para.isEmpty { blocks.append("<p>" + inlineHTML(para.joined(separator: "\n")) + "</p>"); para = [] }
        }
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") {
                if let c = code {
                    blocks.append("<pre><code>" + xml(c.joined(separator: "\n")) + "</code></pre>")
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
        if let c = code { blocks.append("<pre><code>" + xml(c.joined(separator: "\n")) + "</code></pre>") }
        endPara()
        return blocks.joined()
    }

    /// Plain text without the backticks (for titles, CSV answer columns, Moodle matching answers).
    public static func plain(_ s: String) -> String {
        s.replacingOccurrences(of: "```", with: "").replacingOccurrences(of: "`", with: "")
    }

    // MARK: GIFT

    /// GIFT's special characters `~ = # { } :` and the backslash, escaped with a backslash.
    /// Newlines become `\n` (a blank line would end the question).
    public static func gift(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for ch in s {
            switch ch {
            case "\\", "~", "=", "#", "{", "}", ":": out.append("\\"); out.append(ch)
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(ch)
            }
        }
        return out
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
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled);
    /// line breaks inside are normalised to CRLF, the record separator of the file.
    public static func csv(_ s: String) -> String {
        let needs = s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needs else { return s }
        var body = s.replacingOccurrences(of: "\"", with: "\"\"")
        body = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return "\"" + body + "\""
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

    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
