/// Character classes for Chinese and Japanese typography (issue 13): which characters are
/// CJK letters, which are full-width punctuation, and the lints `check` runs on CJK text.
public enum CJKText {
    /// A Han character, kana or the prolonged sound mark: a letter of Chinese or Japanese text.
    public static func isLetter(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        if v >= 0x3040 && v <= 0x30FF { return true }
        if v >= 0x3400 && v <= 0x4DBF { return true }
        if v >= 0x4E00 && v <= 0x9FFF { return true }
        if v >= 0xF900 && v <= 0xFAFF { return true }
        return v >= 0x31F0 && v <= 0x31FF
    }

    /// Full-width punctuation: 。，、；：？！（）「」『』【】“” and the ideographic space.
    public static func isFullWidthPunctuation(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        if v >= 0x3000 && v <= 0x303F { return true }
        if v >= 0xFF01 && v <= 0xFF0F { return true }
        if v >= 0xFF1A && v <= 0xFF20 { return true }
        if v >= 0xFF3B && v <= 0xFF40 { return true }
        if v >= 0xFF5B && v <= 0xFF65 { return true }
        return v == 0x201C || v == 0x201D
    }

    /// A character that takes a full em: a CJK letter or full-width punctuation.
    public static func isWide(_ c: Character) -> Bool { isLetter(c) || isFullWidthPunctuation(c) }

    /// `word` to put between CJK text: a space on the side(s) where it begins or ends with a
    /// Latin letter or digit (所以属于 fixmap。), none where it is CJK itself (所以属于直接映射区。).
    public static func spaced(_ word: String, before: Bool = true, after: Bool = false) -> String {
        guard let first = word.first, let last = word.last else { return word }
        let lead = before && !isWide(first) ? " " : ""
        let trail = (after || !before) && !isWide(last) ? " " : ""
        return lead + word + trail
    }

    /// One typography problem in a line of Chinese or Japanese text.
    public struct Finding: Sendable, Equatable {
        public var column: Int
        public var message: String
        public var hint: String
    }

    /// Layout region ids that are not also words a reader uses (`pkmap`, `vmalloc` and
    /// `fixmap` are): shown in prose, they are an internal id leaking.
    public static let regionIDs: [String] = ["vmalloc-hole", "vmalloc-guard", "direct-map", "cpu-entry-area", "fixmap-boot",
                                             "kernel-text", "guard-hole", "kasan-shadow", "dma-consistent", "non-canonical"]

    /// `word` as a whole id (not part of a longer one).
    public static func containsWord(_ text: String, _ word: String) -> Bool {
        var rest: Substring = text[...]
        while let r = rest.firstRange(of: word) {
            let before: Character? = rest[..<r.lowerBound].last
            let after: Character? = rest[r.upperBound...].first
            if !isIDChar(before) && !isIDChar(after) { return true }
            rest = rest[r.upperBound...]
        }
        return false
    }

    static func isIDChar(_ c: Character?) -> Bool {
        guard let c else { return false }
        return c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_")
    }

    /// Half-width `: , . ( )` touching a CJK letter, a space after full-width punctuation or
    /// between two CJK letters, and
    /// the English word "byte(s)" after a number, in text that holds CJK. `text` is prose.
    public static func lint(_ text: String) -> [Finding] {
        let chars: [Character] = Array(text)
        var hasCJK = false
        for c in chars where isLetter(c) { hasCJK = true; break }
        guard hasCJK else { return [] }
        var out: [Finding] = []
        let n = chars.count
        for i in 0..<n {
            let c: Character = chars[i]
            let prevLetter: Bool = i > 0 && isLetter(chars[i - 1])
            let nextLetter: Bool = i + 1 < n && isLetter(chars[i + 1])
            if c == ":" || c == "," || c == "(" || c == ")" {
                // "x86_32, Linux" is Latin text; only a mark touching a CJK letter is wrong.
                var touches: Bool = prevLetter
                if c != ")" && nextLetter { touches = true }
                if touches {
                    out.append(Finding(column: i + 1, message: "half-width `\(c)` next to Chinese or Japanese text",
                                       hint: "write the full-width `\(fullWidth(c))`"))
                }
            } else if c == "." {
                // "3.4" and "vmalloc.c" are fine; a full stop after a CJK letter is not.
                let endsWord: Bool = i + 1 == n || chars[i + 1] == " "
                if prevLetter && endsWord {
                    out.append(Finding(column: i + 1, message: "half-width `.` ends a Chinese or Japanese sentence", hint: "write `。`"))
                }
            } else if c == " " && i > 0 {
                let p: Character = chars[i - 1]
                if p != "\u{3000}" && isFullWidthPunctuation(p) {
                    out.append(Finding(column: i + 1, message: "a space after the full-width `\(p)`",
                                       hint: "full-width punctuation carries its own space: remove it"))
                } else if isLetter(p) && nextLetter {
                    out.append(Finding(column: i + 1, message: "a space between two Chinese or Japanese characters",
                                       hint: "remove it: words in Chinese and Japanese are not separated by spaces"))
                }
            }
        }
        // A number followed by the English word "byte" or "bytes".
        var i = 0
        while i < n {
            if chars[i] == "b" && i >= 2 && chars[i - 1] == " " && chars[i - 2].isNumber {
                var j = i
                var word = ""
                while j < n && chars[j].isASCII && chars[j].isLetter { word.append(chars[j]); j += 1 }
                if word == "byte" || word == "bytes" {
                    out.append(Finding(column: i + 1, message: "the English unit `\(word)` in Chinese or Japanese text",
                                       hint: "write 字节 (zh) or バイト (ja)"))
                }
                i = j
                continue
            }
            i += 1
        }
        out.sort { $0.column < $1.column }
        return out
    }

    static func fullWidth(_ c: Character) -> String {
        switch c {
        case ":": return "："
        case ",": return "，"
        case "(": return "（"
        case ")": return "）"
        default: return String(c)
        }
    }

    /// Bold that CommonMark will not render: `**…。**` followed by a letter (the closing run is
    /// not right-flanking). Returns the 1-based columns of `**` runs left literal. `line` is
    /// Markdown source; code spans are skipped.
    public static func unrenderedStrong(_ line: String) -> [Int] {
        let chars: [Character] = Array(line)
        let n = chars.count
        var out: [Int] = []
        var inCode = false
        var open: Int? = nil
        var i = 0
        while i < n {
            let c: Character = chars[i]
            if c == "`" { inCode.toggle(); i += 1; continue }
            if inCode || c != "*" || i + 1 >= n || chars[i + 1] != "*" { i += 1; continue }
            var j = i
            while j < n && chars[j] == "*" { j += 1 }
            let beforeSpace: Bool = i == 0 || chars[i - 1].isWhitespace
            let afterSpace: Bool = j == n || chars[j].isWhitespace
            let beforePunct: Bool = i > 0 && isMarkdownPunctuation(chars[i - 1])
            let afterPunct: Bool = j < n && isMarkdownPunctuation(chars[j])
            // CommonMark's flanking rules.
            let left: Bool = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
            let right: Bool = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
            if let o = open {
                if right {
                    open = nil
                } else {
                    out.append(o + 1)
                    if left { open = i } else { open = nil; out.append(i + 1) }
                }
            } else if left {
                open = i
            } else {
                out.append(i + 1)
            }
            i = j
        }
        if let o = open { out.append(o + 1) }
        return out
    }

    /// Unicode punctuation as CommonMark counts it (P* and S* categories).
    static func isMarkdownPunctuation(_ c: Character) -> Bool {
        if isFullWidthPunctuation(c) { return true }
        return c.isPunctuation || c.isSymbol
    }
}
