import KmemCore

/// The teaching order (issue 18): a page may use a glossary term before the page that teaches
/// it (the entry's `page:`) only if it links the term to the glossary or to that page, so that a
/// reader who follows the pages in order never meets an unexplained word.
public enum Prerequisites {
    /// Every use of a term on a page that comes before the term's page in the navigation and
    /// links neither `glossary.md#term-<id>` nor the teaching page. One report per page and term,
    /// at the first use.
    public static func check(pages: [SourcePage], glossary: [GlossaryEntry], glossaryFile: String = "glossary.yaml") -> [Diagnostic] {
        var order: [String: Int] = [:]
        for p in pages where p.lang == .en { order[p.slug] = p.front.order }
        var out: [Diagnostic] = []
        for entry in glossary {
            guard let teacher = entry.page else { continue }
            guard let teacherOrder = order[teacher] else {
                out.append(Diagnostic(.data, at: SourceLocation(file: glossaryFile, line: entry.line),
                                      "glossary entry `\(entry.id)`: `page: \(teacher)` is not a page",
                                      hint: "name the slug of the page that teaches the term (pages: \(order.keys.sorted().joined(separator: ", ")))"))
                continue
            }
            for page in pages where page.front.order < teacherOrder && page.slug != "glossary" {
                guard let term = entry.term[page.lang] else { continue }
                let forms = searchForms(term)
                let body = prose(page.body)
                guard let hit = firstUse(of: forms, in: body) else { continue }
                if links(page.body, to: entry.id, teacher: teacher) { continue }
                out.append(Diagnostic(.data, at: SourceLocation(file: page.file, line: page.bodyLine + hit),
                                      "`\(term)` is used before the page that teaches it (\(teacher), order \(teacherOrder))",
                                      hint: "link its first use to the glossary, [\(forms[0])](glossary.md#term-\(entry.id)), or to [\(teacher)](\(teacher).md), or move this page after it"))
            }
        }
        return out
    }

    /// The term and, for `slab cache (kmem_cache)` / `阶（order）`, the words before the parenthesis.
    static func searchForms(_ term: String) -> [String] {
        var forms = [term]
        for open in [" (", "（", "("] {
            if let r = term.range(of: open) {
                let head = term[..<r.lowerBound].trimmingCharacters(in: " ")
                if !head.isEmpty, !forms.contains(head) { forms.append(head) }
            }
        }
        return forms
    }

    /// The body's lines outside fenced code blocks (code may use any name); fenced lines are blank.
    static func prose(_ body: String) -> [String] {
        var fence: (char: Character, count: Int)? = nil
        var out: [String] = []
        for raw in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if let open = fence {
                if Expander.closesFence(raw, open) { fence = nil }
                out.append("")
                continue
            }
            if let f = Expander.opensFence(raw) { fence = (f.char, f.count); out.append(""); continue }
            out.append(dropLinkDestinations(String(raw)))
        }
        return out
    }

    /// `[text](dest)` → `[text]`: a link's address (`glossary.md#term-zone`) is not prose.
    static func dropLinkDestinations(_ line: String) -> String {
        var out = ""
        var rest = Substring(line)
        while let open = rest.range(of: "](") {
            out += rest[..<open.lowerBound] + "]"
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: ")") else { rest = after; break }
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    /// Index of the first line using one of `forms`. ASCII forms match whole words; lowercase
    /// forms match in any case (a sentence may start with "Softirq").
    static func firstUse(of forms: [String], in lines: [String]) -> Int? {
        // Headings announce a topic; the term is linked in the text below them.
        for (i, line) in lines.enumerated() where !line.hasPrefix("#") {
            for f in forms where contains(line, f) { return i }
        }
        return nil
    }

    static func contains(_ line: String, _ term: String) -> Bool {
        let ascii = term.allSatisfy(\.isASCII)
        guard ascii else { return line.contains(term) }
        let caseless = term == term.lowercased()
        let hay = Array((caseless ? line.lowercased() : line).utf8)
        let needle = Array(term.utf8)
        guard needle.count <= hay.count, !needle.isEmpty else { return false }
        func isWord(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122) || b == 95 }
        var k = 0
        while k + needle.count <= hay.count {
            if hay[k..<(k + needle.count)].elementsEqual(needle) {
                let before = k == 0 || !isWord(hay[k - 1])
                let after = k + needle.count == hay.count || !isWord(hay[k + needle.count])
                if before && after { return true }
            }
            k += 1
        }
        return false
    }

    /// Whether the page links `glossary.md#term-<id>` or the teaching page anywhere.
    static func links(_ body: String, to id: String, teacher: String) -> Bool {
        body.contains("](glossary.md#term-\(id))") || body.contains("](\(teacher).md)") || body.contains("](\(teacher).md#")
    }
}
