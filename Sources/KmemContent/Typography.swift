import Foundation
import KmemCore
import KmemQuestions

/// The language rules `check` enforces on pages and question files (issue 13): bold that
/// CommonMark would leave as literal `**`, Chinese and Japanese typography (half-width
/// punctuation touching CJK, a space after full-width punctuation, "bytes"), region ids in
/// prose, terms the glossary rejects, and `vmalloc=` values the kernel's memparse() would not read.
public enum ContentLint {
    /// A rejected spelling of a glossary term, in one language.
    public struct Avoid: Sendable {
        public var variant: String
        public var term: String
        public var id: String
    }

    public static var regionIDs: [String] { CJKText.regionIDs }

    /// Avoided variants per language, from the glossary.
    public static func avoidList(_ glossary: [GlossaryEntry]) -> [Language: [Avoid]] {
        var out: [Language: [Avoid]] = [:]
        for e in glossary {
            for (lang, variants) in e.avoid {
                for v in variants { out[lang, default: []].append(Avoid(variant: v, term: e.term[lang] ?? e.id, id: e.id)) }
            }
        }
        return out
    }

    /// Every problem in one expanded page; facts are read with their values in place.
    static func page(_ exp: ExpandedPage, avoid: [Language: [Avoid]]) -> [Diagnostic] {
        let lang = exp.source.lang
        var out: [Diagnostic] = []
        let lines = exp.markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var fence: (char: Character, count: Int)? = nil
        for (i, raw) in lines.enumerated() {
            let loc = SourceLocation(file: exp.source.file, line: exp.source.bodyLine + i)
            if let open = fence {
                if Expander.closesFence(raw, open) { fence = nil }
                continue
            }
            if let f = Expander.opensFence(raw) { fence = (f.char, f.count); continue }
            if raw.hasPrefix("<") || raw.hasPrefix("    ") { continue }
            // libcmark is CommonMark without the GFM table extension: a pipe table would reach
            // the reader as one paragraph of `|` characters.
            if raw.hasPrefix("|"), i + 1 < lines.count, lines[i + 1].hasPrefix("|-") || lines[i + 1].hasPrefix("| -") || lines[i + 1].hasPrefix("|:") {
                out.append(Diagnostic(.data, at: loc, "a Markdown pipe table is not rendered (CommonMark has no tables)",
                                      hint: "write it as a list (`- item → value`), or use a kmem block for generated tables"))
            }
            let line = Placeholder.substitute(String(raw), facts: exp.facts)
            out += lintLine(line, lang: lang, markdown: true, at: loc, avoid: avoid[lang] ?? [])
            // Cites are still placeholders here, so only free-text citations remain to be found.
            if let found = CitationLint.freeText(line) {
                out.append(Diagnostic(.data, at: loc, "citation written as free text: “\(found)”",
                                      hint: "write it as {{cite RELEASE PATH:FIRST-LAST}}, e.g. {{cite 6.1 mm/vmalloc.c:1313-1330}}, so it links to those lines (scripts/convert-citations.py converts the usual forms)"))
            }
        }
        return out
    }

    /// The zh and ja strings of question files (`content/questions/*.yaml`) and of the
    /// generated questions' texts and misconceptions (`families/*.yaml`, `misconceptions.yaml`),
    /// line by line.
    static func questionFiles(in tree: SourceTree, avoid: [Language: [Avoid]]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for rel in QuestionLoader.files(in: tree) + TeachingText.files(in: tree) {
            guard let data = tree.data(rel) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let t = raw.drop(while: { $0 == " " || $0 == "-" })
                let lang: Language
                if t.hasPrefix("zh:") { lang = .zh } else if t.hasPrefix("ja:") { lang = .ja } else if t.hasPrefix("en:") { lang = .en } else { continue }
                var value = t.dropFirst(3).drop(while: { $0 == " " })
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
                let loc = SourceLocation(file: tree.display(rel), line: i + 1)
                out += lintLine(String(value), lang: lang, markdown: false, at: loc, avoid: avoid[lang] ?? [])
            }
        }
        return out
    }

    /// One line of text: rules for every language first, then the CJK ones.
    public static func lintLine(_ line: String, lang: Language, markdown: Bool, at loc: SourceLocation, avoid: [Avoid]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // Only runs beside Chinese or Japanese punctuation: an English bold may span two lines.
        let literalRuns = CJKText.unrenderedStrong(line).filter { col in
            let chars = Array(line)
            let before: Character? = col >= 2 ? chars[col - 2] : nil
            var k = col - 1
            while k < chars.count && chars[k] == "*" { k += 1 }
            let after: Character? = k < chars.count ? chars[k] : nil
            return (before.map(CJKText.isWide) ?? false) || (after.map(CJKText.isWide) ?? false)
        }
        if markdown, !literalRuns.isEmpty {
            out.append(Diagnostic(.data, at: loc, "`**` will not render as bold here (CommonMark's flanking rule)",
                                  hint: lang == .en ? "put a space or punctuation outside the `**`" : "move the full-width punctuation outside the bold: `**…**。`"))
        }
        for problem in vmallocParameters(line) {
            out.append(Diagnostic(.data, at: loc, problem, hint: "write the parameter as the kernel reads it, e.g. `vmalloc=256M`"))
        }
        guard lang != .en else { return out }
        let prose = proseText(line, markdown: markdown)
        for f in CJKText.lint(prose) {
            out.append(Diagnostic(.data, at: loc, f.message, hint: f.hint))
        }
        for id in regionIDs where containsWord(prose, id) {
            out.append(Diagnostic(.data, at: loc, "the region id `\(id)` in \(lang == .zh ? "Chinese" : "Japanese") text",
                                  hint: "use the region's name from ui.yaml (`region.\(id)`)"))
        }
        // The term itself may contain a rejected spelling ("VMALLOC_OFFSET の穴" contains the
        // term "VMALLOC_OFFSET"): strip the term first only when the variant does not hold it.
        for a in avoid where (a.variant.contains(a.term) ? prose : prose.replacingOccurrences(of: a.term, with: "")).contains(a.variant) {
            out.append(Diagnostic(.data, at: loc, "`\(a.variant)` is a rejected variant of the glossary term `\(a.term)`",
                                  hint: "write `\(a.term)` (glossary.yaml, entry `\(a.id)`)"))
        }
        return out
    }

    /// Text as the reader sees it: code spans become a neutral letter, link targets and
    /// emphasis marks go, so the typography rules see only prose.
    static func proseText(_ line: String, markdown: Bool) -> String {
        var out = ""
        var inCode = false
        var chars = Array(line)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "`" {
                if !inCode { out.append("C") }
                inCode.toggle()
                continue
            }
            if inCode { continue }
            if markdown, c == "]", chars.first == "(" {
                // Skip the link destination.
                if let close = chars.firstIndex(of: ")") { chars = chars[(close + 1)...] }
                continue
            }
            if markdown, c == "[" || c == "*" || c == "_" && (out.last.map(CJKText.isWide) ?? true) { continue }
            out.append(c)
        }
        // A list or quote marker at the start is Markdown, not a stray space.
        return out
    }

    static func containsWord(_ text: String, _ word: String) -> Bool { CJKText.containsWord(text, word) }

    /// `vmalloc=` followed by a value memparse() would not read as written: a decimal point,
    /// a unit word after a space ("vmalloc=256 MiB"), or the value outside the code span.
    public static func vmallocParameters(_ line: String) -> [String] {
        var out: [String] = []
        var rest = line[...]
        while let r = rest.range(of: "vmalloc=") {
            var after = rest[r.upperBound...]
            if after.first == "`", after.dropFirst().first?.isNumber == true {
                out.append("`vmalloc=` is split from its value by the end of a code span")
                rest = after
                continue
            }
            if after.first == " ", after.dropFirst().first?.isNumber == true { after = after.dropFirst() }
            let token = after.prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") })
            if let first = token.first, first.isNumber {
                let tail = after.dropFirst(token.count)
                let unitWord = ["KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "字节", "バイト"].first { tail.hasPrefix(" " + $0) || tail.hasPrefix($0) }
                if !isMemparse(String(token)) {
                    out.append("`vmalloc=\(token)` is not a value the kernel's memparse() reads")
                } else if let u = unitWord {
                    out.append("`vmalloc=\(token) \(u)` mixes the parameter with a size in prose")
                }
            }
            rest = rest[r.upperBound...]
        }
        return out
    }

    /// memparse(): decimal or 0x-hex digits, then at most one of K M G T P E (either case).
    static func isMemparse(_ s: String) -> Bool {
        var body = Substring(s)
        if let l = body.last, "KMGTPEkmgtpe".contains(l) { body = body.dropLast() }
        if body.hasPrefix("0x") || body.hasPrefix("0X") { return body.count > 2 && UInt64(body.dropFirst(2), radix: 16) != nil }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

extension ContentLint {
    /// ui.yaml's zh/ja strings and the glossary's zh/ja terms and definitions.
    static func catalogs(ui: UIStrings, glossary: [GlossaryEntry], glossaryFile: String, avoid: [Language: [Avoid]]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for key in ui.table.keys.sorted() {
            for lang in [Language.zh, .ja] {
                guard let s = ui.table[key]?[lang] else { continue }
                let loc = SourceLocation(file: ui.file, line: ui.lines[key])
                out += lintLine(s, lang: lang, markdown: true, at: loc, avoid: avoid[lang] ?? [])
            }
        }
        for e in glossary {
            for lang in [Language.zh, .ja] {
                let loc = SourceLocation(file: glossaryFile, line: e.line)
                // An entry's own definition may name the variant it rejects; only its other text is checked.
                let others = (avoid[lang] ?? []).filter { $0.id != e.id }
                for s in [e.term[lang], e.definition[lang]].compactMap({ $0 }) {
                    out += lintLine(s, lang: lang, markdown: false, at: loc, avoid: others)
                }
            }
        }
        return out
    }
}
