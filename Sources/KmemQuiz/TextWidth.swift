/// Display width in terminal columns, and wrapping that counts it.
///
/// East Asian Wide and Fullwidth characters (CJK ideographs, Hiragana, Katakana, Hangul,
/// CJK punctuation, fullwidth forms, wide emoji) take two columns; combining marks, zero-width
/// characters and other format characters take none; ANSI escape sequences take none.
public enum TextWidth {
    /// Columns taken by one Unicode scalar.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 } // fast path: Latin
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) { return 0 } // Hangul medial vowels and final consonants
        if (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// East Asian Width W or F (Unicode 15, the ranges that matter for text).
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F,      // Hangul Jamo initial consonants
             0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1,
             0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA,
             0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C,
             0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C,
             0x2B50, 0x2B55,
             0x2E80...0x303E,      // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
             0x3041...0x33FF,      // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed, compatibility
             0x3400...0x4DBF,      // CJK Extension A
             0x4E00...0x9FFF,      // CJK Unified Ideographs
             0xA000...0xA4CF,      // Yi
             0xA960...0xA97F,      // Hangul Jamo Extended-A
             0xAC00...0xD7A3,      // Hangul syllables
             0xF900...0xFAFF,      // CJK compatibility ideographs
             0xFE10...0xFE19,      // vertical forms
             0xFE30...0xFE6F,      // CJK compatibility forms, small form variants
             0xFF00...0xFF60,      // fullwidth forms
             0xFFE0...0xFFE6,      // fullwidth signs
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, // Tangut, Kana supplement
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251,
             0x1F300...0x1F64F,    // pictographs, emoticons
             0x1F680...0x1F6FF,    // transport and map
             0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD,    // CJK Extension B…F, compatibility supplement
             0x30000...0x3FFFD:    // CJK Extension G…
            return true
        default:
            return false
        }
    }

    /// Columns taken by one grapheme cluster (at most 2: a base and its marks, an emoji sequence).
    public static func width(of c: Character) -> Int {
        var w = 0
        for s in c.unicodeScalars { w += width(of: s) }
        return min(w, 2)
    }

    /// Columns taken by `s`, ignoring ANSI escape sequences (`ESC [ … letter`).
    public static func width(of s: String) -> Int {
        var w = 0
        var inEscape = false
        var sawBracket = false
        for c in s {
            if inEscape {
                if !sawBracket { sawBracket = (c == "["); if !sawBracket { inEscape = false }; continue }
                if let a = c.asciiValue, (0x40...0x7E).contains(a) { inEscape = false }
                continue
            }
            if c == "\u{1B}" { inEscape = true; sawBracket = false; continue }
            w += width(of: c)
        }
        return w
    }

    // MARK: wrapping

    /// Characters a line must not start with (closing brackets and punctuation, in the manner
    /// of Japanese kinsoku and Chinese line breaking).
    static let noLineStart: Set<Character> = Set("、。，．・：；？！）」』】〉》〕］｝〟’”ー…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々,.;:!?)]}%")
    /// Characters a line must not end with (opening brackets).
    static let noLineEnd: Set<Character> = Set("（「『【〈《〔［｛〝‘“([{")

    private enum AtomKind { case space, word, wide }

    /// Katakana letters and the prolonged sound mark (not ・, which separates words).
    static func isKatakana(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1 else { return false }
        return (0x30A1...0x30FA).contains(v) || v == 0x30FC
    }

    /// Splits a paragraph into unbreakable pieces: runs of spaces, Latin words, single wide
    /// characters — with closing punctuation glued to what precedes it and opening brackets
    /// glued to what follows.
    private static func atoms(_ text: String) -> [(String, AtomKind)] {
        var out: [(String, AtomKind)] = []
        var current = ""
        var kind: AtomKind? = nil
        var pendingOpen = ""
        var glued = false  // the previous character was a glue: this one joins the same piece
        func flush() {
            if let k = kind, !current.isEmpty { out.append((current, k)) }
            current = ""; kind = nil
        }
        for c in text {
            // A no-break space or a word joiner glues what is on both sides into one piece ("难度 2").
            if c == "\u{00A0}" || c == "\u{2060}" {
                if kind == nil, let last = out.popLast() { current = last.0; kind = .word }
                if kind == .space { flush() }
                if kind == nil { kind = .word }
                current.append(c)
                glued = true
                continue
            }
            if glued {
                glued = false
                current.append(c)
                continue
            }
            if c == " " || c == "\t" {
                if kind != .space { flush(); kind = .space }
                current.append(" ")
                continue
            }
            let previousIsText = kind == .word || (kind == nil && !(out.last.map { $0.1 == .space } ?? true))
            if width(of: c) == 2 {
                if noLineStart.contains(c) && previousIsText && pendingOpen.isEmpty {
                    // Closing punctuation stays with what precedes it; what follows starts a new
                    // piece ("print、pdf" may break after "、", never inside "print").
                    if kind == .word { current.append(c); flush() } else { out[out.count - 1].0.append(c) }
                } else if noLineEnd.contains(c) {
                    flush()
                    pendingOpen.append(c)
                } else if isKatakana(c), kind == nil, pendingOpen.isEmpty, let last = out.last, last.1 == .wide,
                          let before = last.0.last, isKatakana(before) {
                    // A katakana word (バディアロケータ) is one piece, as a Latin word is: Japanese
                    // lets a line break inside one, but a reader stumbles on it in a heading.
                    out[out.count - 1].0.append(c)
                } else {
                    flush()
                    out.append((pendingOpen + String(c), .wide))
                    pendingOpen = ""
                }
            } else if kind == .word {
                current.append(c)
            } else if kind == nil && noLineStart.contains(c) && previousIsText && pendingOpen.isEmpty {
                out[out.count - 1].0.append(c) // "内核." keeps its period
            } else {
                flush()
                kind = .word
                current = pendingOpen + String(c)
                pendingOpen = ""
            }
        }
        flush()
        if !pendingOpen.isEmpty { out.append((pendingOpen, .word)) }
        return out
    }

    /// Wraps one paragraph (no newlines) to `width` columns. Continuation lines start with
    /// `indent` spaces (a hanging indent for "a) …" choices). Breaks between words, between
    /// wide characters, and inside a word only when the word alone is wider than a line.
    public static func wrapParagraph(_ text: String, width: Int, indent: Int = 0) -> [String] {
        let width = max(width, indent + 8, 10)
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        let pad = String(repeating: " ", count: indent)
        var atLineStart = true

        func newLine() {
            // trailing spaces are dropped
            while line.last == " " { line.removeLast(); lineWidth -= 1 }
            lines.append(line)
            line = pad; lineWidth = indent; atLineStart = true
        }

        for (piece, kind) in atoms(text) {
            let w = Self.width(of: piece)
            if kind == .space {
                if atLineStart && !lines.isEmpty { continue }
                if lineWidth + w <= width { line += piece; lineWidth += w }
                continue
            }
            if lineWidth + w <= width {
                line += piece; lineWidth += w; atLineStart = false
                continue
            }
            if !atLineStart { newLine() }
            if lineWidth + w <= width {
                line += piece; lineWidth += w; atLineStart = false
                continue
            }
            // A piece wider than a whole line: break it by characters.
            for c in piece {
                let cw = Self.width(of: c)
                if lineWidth + cw > width && !atLineStart { newLine() }
                line.append(c); lineWidth += cw; atLineStart = false
            }
        }
        while line.last == " " { line.removeLast() }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Wraps text that may hold several paragraphs. Lines that start with a space or sit inside a
    /// ``` fence are preformatted (code) and kept as they are.
    public static func wrap(_ text: String, width: Int, indent: Int = 0) -> [String] {
        var out: [String] = []
        var inFence = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("```") { inFence.toggle(); out.append(line); continue }
            if inFence || line.hasPrefix("    ") || line.hasPrefix("\t") || line.isEmpty {
                out.append(line)
                continue
            }
            out += wrapParagraph(line, width: width, indent: indent)
        }
        return out
    }

    /// `s` padded with spaces to `columns` display columns.
    public static func pad(_ s: String, to columns: Int) -> String {
        let w = width(of: s)
        return w >= columns ? s : s + String(repeating: " ", count: columns - w)
    }
}
