import Foundation
import KmemCore
import KmemQuestions

/// The printable exam: `exam-v<N>-<lang>.html` and its answer key `exam-v<N>-<lang>-key.html`
/// for each of `--versions` versions. A version is a seeded shuffle of the question order and
/// of each question's options (matching answers and ordering items too); its key uses the
/// same shuffle, so letters in the key are the letters on that version's paper. Every language
/// of one version has the same order.
///
/// A4 print CSS, CJK font stacks per language, numbered questions, lettered options, ruled
/// space to answer; the key repeats each question briefly with its answer and worked solution.
/// Questions are read by index from the collection (no copy), so memory stays flat apart from
/// one permutation (an `Int` per question).
enum PrintExam {
    static func versionSeed(_ seed: UInt64, _ version: Int) -> UInt64 {
        var g = SplitMix64(name: "exam-v\(version)", seed: seed)
        return g.next()
    }

    /// The question order of one version: indices into the collection.
    static func order(count: Int, seed: UInt64, version: Int) -> [Int] {
        SeededShuffle.permutation(count: count, seed: versionSeed(seed, version), salt: "exam-order")
    }

    /// Writes every version: `question(v, i)` is the i-th question (0-based) printed in
    /// version v (1-based); each version has `count` questions.
    static func write(count: Int, languages: [Language], versions: Int, seed: UInt64, points: Points, words: ExportWords,
                      into folder: URL, check: () throws(Diagnostic) -> Void,
                      question: (Int, Int) -> Question) throws(Diagnostic) {
        for v in 1...versions {
            let vseed = versionSeed(seed, v)
            // Per language: the exam, the key, and two scratch files (the grid and the worked
            // solutions) copied into the key at the end: the grid comes first on paper but is
            // known only at the end, and memory stays flat.
            var files: [(lang: Language, exam: OutputFile, key: OutputFile, grid: OutputFile, body: OutputFile)] = []
            var ok = false
            defer { if !ok { for f in files { f.exam.remove(); f.key.remove(); f.grid.remove(); f.body.remove() } } }
            // The total first: the header states it.
            var total = 0
            for i in 0..<count { total += points.of(question(v, i)) }
            for lang in languages {
                let l = words.labels(lang)
                let exam = try OutputFile(folder.appendingPathComponent(examName(v, lang)))
                let key = try OutputFile(folder.appendingPathComponent(keyName(v, lang)))
                let grid = try OutputFile(folder.appendingPathComponent(".\(keyName(v, lang)).grid"), scratch: true)
                let body = try OutputFile(folder.appendingPathComponent(".\(keyName(v, lang)).body"), scratch: true)
                files.append((lang, exam, key, grid, body))
                try exam.write(head(lang, words, title: "\(l.examTitle) · \(l.version) \(v)", version: v, key: false)
                               + examHeader(lang, words, version: v, count: count, total: total))
                try key.write(head(lang, words, title: "\(l.keyTitle) · \(l.version) \(v)", version: v, key: true)
                              + keyHeader(lang, words, version: v, count: count, total: total))
            }
            for i in 0..<count {
                try check()
                // Matching pairs (and options) in this version's own seeded order too.
                let q = Fair.arranged(question(v, i), seed: vseed)
                var p = Presentation.make(for: q, seed: vseed, shuffleChoices: true)
                p.itemOrder = Fair.itemOrder(q, seed: vseed)  // uniform over the unsolved orders
                let pts = points.of(q)
                for f in files {
                    try f.exam.write(examItem(q, p, f.lang, words, seed: vseed, points: pts))
                    try f.grid.write("<tr><td>\(i + 1)</td><td>\(gridAnswer(q, p, f.lang, words, seed: vseed))</td><td>\(pts)</td></tr>\n")
                    try f.body.write(keyItem(q, p, f.lang, words, seed: vseed, points: pts))
                }
            }
            for f in files {
                try f.exam.write("</ol>\n</body>\n</html>\n")
                try f.key.append(contentsOf: f.grid)
                try f.key.write("</tbody></table>\n<ol class=\"questions\">\n")
                try f.key.append(contentsOf: f.body)
                try f.key.write("</ol>\n</body>\n</html>\n")
                f.grid.remove()
                f.body.remove()
                try f.exam.commit()
                try f.key.commit()
            }
            ok = true
        }
    }

    static func examName(_ v: Int, _ lang: Language) -> String { "exam-v\(v)-\(lang.rawValue).html" }
    static func keyName(_ v: Int, _ lang: Language) -> String { "exam-v\(v)-\(lang.rawValue)-key.html" }

    // MARK: Page

    /// CSS paged media: every printed page carries the version (top left), a name line (top
    /// right; the key says it is the key) and "page n / m" (bottom), from the `@page` margin
    /// boxes Chromium prints. Chinese and Japanese are never set in italic (there is no italic
    /// Han or kana: browsers slant them artificially); they are set in bold where English
    /// uses italic.
    static func head(_ lang: Language, _ words: ExportWords, title: String, version: Int, key: Bool) -> String {
        let l = words.labels(lang)
        let css = { (s: String) in "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let topLeft = css("\(l.version) \(version)" + (key ? " · \(l.keyTitle)" : ""))
        let topRight = key ? css(l.keyTitle) : css(l.name + l.colon + "______________________")
        let how = lang == .en ? "font-style: italic;" : "font-style: normal; font-weight: bold;"
        let cjk: String
        switch lang {
        case .en: cjk = ""
        case .zh: cjk = "\"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Songti SC\", \"SimSun\", "
        case .ja: cjk = "\"Noto Serif CJK JP\", \"Source Han Serif JP\", \"Hiragino Mincho ProN\", \"Yu Mincho\", "
        }
        let mono: String
        switch lang {
        case .en: mono = ""
        case .zh: mono = "\"Noto Sans Mono CJK SC\", "
        case .ja: mono = "\"Noto Sans Mono CJK JP\", "
        }
        return """
        <!DOCTYPE html>
        <html lang="\(lang.htmlLang)">
        <head>
        <meta charset="utf-8">
        <meta name="generator" content="kmemguide bank">
        <title>\(BankText.xml(title))</title>
        <style>
        @page {
          size: A4; margin: 20mm 16mm 20mm 16mm;
          @top-left { content: \(topLeft); font-size: 9pt; }
          @top-right { content: \(topRight); font-size: 9pt; }
          @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; }
        }
        html { font-family: \(cjk)"Noto Serif", "DejaVu Serif", Georgia, serif; font-size: 11pt; line-height: 1.5; color: #000; }
        body { max-width: 178mm; margin: 0 auto; }
        code, pre { font-family: "DejaVu Sans Mono", "Noto Sans Mono", \(mono)monospace; font-size: 0.92em; }
        pre { white-space: pre-wrap; border-left: 2px solid #999; padding-left: 3mm; margin: 2mm 0; }
        h1 { font-size: 15pt; margin: 0 0 2mm; }
        .meta { margin: 0 0 4mm; }
        table.student { width: 100%; border-collapse: collapse; margin-bottom: 4mm; }
        table.student th { text-align: left; font-weight: normal; white-space: nowrap; padding-right: 2mm; width: 1%; }
        table.student td { border-bottom: 1px solid #000; height: 8mm; }
        .instructions { font-size: 10pt; border: 1px solid #000; padding: 2mm 3mm; }
        ol.questions { padding-left: 8mm; }
        ol.questions > li { margin: 0 0 6mm; padding-left: 1mm; break-inside: avoid; page-break-inside: avoid; }
        ol.questions > li > p:first-child { margin-top: 0; }
        ol.options { list-style-type: upper-alpha; padding-left: 8mm; }
        ol.options li { margin: 1mm 0; }
        .mark { display: inline-block; width: 1.1em; }
        .how { \(how) font-size: 10pt; margin: 1mm 0; }
        .points { float: right; font-size: 9pt; margin-left: 3mm; }
        table.grid { border-collapse: collapse; width: 100%; font-size: 10pt; break-after: page; page-break-after: always; }
        table.grid th, table.grid td { border: 1px solid #000; padding: 0.6mm 2mm; text-align: left; vertical-align: top; }
        table.grid th { white-space: nowrap; }
        table.grid td:first-child, table.grid td:last-child { width: 1%; white-space: nowrap; }
        .line { border-bottom: 1px solid #000; height: 9mm; }
        .blank { display: inline-block; border-bottom: 1px solid #000; min-width: 14mm; }
        table.match { border-collapse: collapse; width: 100%; }
        table.match td { vertical-align: top; padding: 1mm 3mm 1mm 0; width: 50%; }
        .answer { margin: 1mm 0; }
        .solution { border-left: 3px solid #555; padding-left: 3mm; margin: 1mm 0 0; }
        .why { font-size: 10pt; }
        @media screen { body { padding: 10mm; } }
        </style>
        </head>
        <body>

        """
    }

    static func examHeader(_ lang: Language, _ words: ExportWords, version: Int, count: Int, total: Int) -> String {
        let l = words.labels(lang)
        let x = BankText.xml
        return """
        <header>
        <h1>\(x(l.examTitle))</h1>
        <p class="meta">\(x(l.version)) \(version) · \(x(l.count(count))) · \(x(l.pointsCount(total)))</p>
        <table class="student"><tr><th>\(x(l.name))</th><td></td><th>\(x(l.studentID))</th><td></td><th>\(x(l.date))</th><td></td><th>\(x(l.pointsLine))</th><td></td></tr></table>
        <p class="instructions">\(x(l.instructions))</p>
        </header>
        <ol class="questions">

        """
    }

    /// The key: a one-page answer grid (number, answer, points), then the worked solutions.
    static func keyHeader(_ lang: Language, _ words: ExportWords, version: Int, count: Int, total: Int) -> String {
        let l = words.labels(lang)
        let x = BankText.xml
        return """
        <header>
        <h1>\(x(l.keyTitle)) — \(x(l.examTitle))</h1>
        <p class="meta">\(x(l.version)) \(version) · \(x(l.count(count))) · \(x(l.pointsCount(total)))</p>
        </header>
        <table class="grid"><thead><tr><th>#</th><th>\(x(l.answerHeading))</th><th>\(x(l.pointsHeading))</th></tr></thead><tbody>

        """
    }

    // MARK: Exam

    static func examItem(_ q: Question, _ p: Presentation, _ lang: Language, _ words: ExportWords, seed: UInt64, points: Int) -> String {
        let l = words.labels(lang)
        let x = BankText.xml
        var s = "<li><span class=\"points\">\(x(l.pointsLabel(points)))</span>" + BankText.html(q.prompt[lang]) + "\n"
        switch q.answer {
        case .choices:
            let single = q.kind == .singleChoice
            s += "<p class=\"how\">\(x(single ? l.chooseOne : l.chooseAll))</p>\n<ol class=\"options\">"
            for i in p.choiceOrder {
                s += "<li><span class=\"mark\">\(single ? "○" : "☐")</span> \(BankText.inlineHTML(q.choices[i].text[lang]))</li>"
            }
            s += "</ol>\n"
        case .trueFalse:
            s += "<p class=\"answer\"><span class=\"mark\">○</span> \(x(l.trueWord)) &#160;&#160;&#160; <span class=\"mark\">○</span> \(x(l.falseWord))</p>\n"
        case .numeric:
            s += "<p class=\"how\">\(x(l.writeNumber))</p><div class=\"line\"></div>\n"
        case .hex:
            s += "<p class=\"how\">\(x(l.writeAddress))</p><div class=\"line\"></div>\n"
        case .text:
            s += "<p class=\"how\">\(x(l.writeAnswer))</p><div class=\"line\"></div>\n"
        case .matching(let pairs):
            let layout = MatchingLayout(pairs, lang: lang, seed: seed, id: q.id)
            s += "<p class=\"how\">\(x(l.matchInstruction))</p>\n<table class=\"match\"><tr><td><ol>"
            for pair in pairs { s += "<li>\(BankText.inlineHTML(pair.left[lang])) <span class=\"blank\"></span></li>" }
            s += "</ol></td><td><ol class=\"options\">"
            for r in layout.displayOrder { s += "<li>\(BankText.inlineHTML(layout.rights[r]))</li>" }
            s += "</ol></td></tr></table>\n"
        case .ordering(let items):
            s += "<p class=\"how\">\(x(l.orderInstruction))</p>\n<ol class=\"options\">"
            for i in p.itemOrder { s += "<li>\(BankText.inlineHTML(items[i][lang]))</li>" }
            s += "</ol>\n<p class=\"answer\">\(x(l.lead(l.order)))" + Array(repeating: "<span class=\"blank\"></span>", count: items.count).joined(separator: " → ") + "</p>\n"
        }
        return s + "</li>\n"
    }

    // MARK: Key

    /// The answer as printed on this version: letters of this version's options.
    static func keyAnswer(_ q: Question, _ p: Presentation, _ lang: Language, _ words: ExportWords, seed: UInt64) -> String {
        let l = words.labels(lang)
        switch q.answer {
        case .choices(let set):
            return p.choiceOrder.enumerated().filter { set.contains(q.choices[$0.element].id) }
                .map { "<b>\(AnswerDisplay.letter($0.offset)).</b> \(BankText.inlineHTML(q.choices[$0.element].text[lang]))" }
                .joined(separator: "<br/>")
        case .matching(let pairs):
            let layout = MatchingLayout(pairs, lang: lang, seed: seed, id: q.id)
            return pairs.indices.map { i in
                let letter = AnswerDisplay.letter(layout.displayOrder.firstIndex(of: layout.rightOfPair[i])!)
                return "<b>\(i + 1) → \(letter)</b>" + words.labels(lang).paren("\(BankText.inlineHTML(pairs[i].left[lang])) → \(BankText.inlineHTML(pairs[i].right[lang]))")
            }.joined(separator: "<br/>")
        case .ordering(let items):
            // Letter of each item in the right order: position of correct index k in the display.
            let letters = items.indices.map { k in AnswerDisplay.letter(p.itemOrder.firstIndex(of: k)!) }
            return "<b>" + letters.joined(separator: " → ") + "</b><br/>" + items.map { BankText.inlineHTML($0[lang]) }.joined(separator: " → ")
        case .hex(let v):
            let others = AnswerText.hexSpellings(v).dropFirst().map { "<code>\($0)</code>" }.joined(separator: ", ")
            return "<b><code>\(AnswerText.hex(v))</code></b>" + l.alsoAccepted(others)
        case .trueFalse, .numeric, .text:
            return "<b>" + BankText.replace(BankText.xml(AnswerDisplay.plain(q, lang, words)), [("\n", "<br/>")]) + "</b>"
        }
    }

    /// The answer in the grid: letters and values only, one line.
    static func gridAnswer(_ q: Question, _ p: Presentation, _ lang: Language, _ words: ExportWords, seed: UInt64) -> String {
        let l = words.labels(lang)
        switch q.answer {
        case .choices(let set):
            return p.choiceOrder.enumerated().filter { set.contains(q.choices[$0.element].id) }.map { AnswerDisplay.letter($0.offset) }.joined(separator: ", ")
        case .trueFalse(let v):
            return BankText.xml(v ? l.trueWord : l.falseWord)
        case .numeric, .text:
            return BankText.xml(AnswerDisplay.plain(q, lang, words).replacingOccurrences(of: "\n", with: " "))
        case .hex(let v):
            return "<code>\(AnswerText.hex(v))</code>"
        case .matching(let pairs):
            let layout = MatchingLayout(pairs, lang: lang, seed: seed, id: q.id)
            return pairs.indices.map { "\($0 + 1)→\(AnswerDisplay.letter(layout.displayOrder.firstIndex(of: layout.rightOfPair[$0]) ?? 0))" }.joined(separator: " ")
        case .ordering(let items):
            return items.indices.map { k in AnswerDisplay.letter(p.itemOrder.firstIndex(of: k) ?? 0) }.joined(separator: " → ")
        }
    }

    static func keyItem(_ q: Question, _ p: Presentation, _ lang: Language, _ words: ExportWords, seed: UInt64, points: Int) -> String {
        let l = words.labels(lang)
        let x = BankText.xml
        var s = "<li><span class=\"points\">\(x(l.pointsLabel(points)))</span>" + BankText.html(q.prompt[lang]) + "\n"
        s += "<p class=\"answer\">\(x(l.lead(l.answer)))\(keyAnswer(q, p, lang, words, seed: seed))</p>\n"
        s += "<div class=\"solution\"><p><b>\(x(l.explanation))</b></p>\(BankText.html(q.explanation[lang]))</div>\n"
        if case .choices(let set) = q.answer {
            for (pos, i) in p.choiceOrder.enumerated() where !set.contains(q.choices[i].id) {
                guard let fb = q.choices[i].feedback else { continue }
                s += "<p class=\"why\">\(x(l.whyNot)) \(AnswerDisplay.letter(pos))\(l.colon)\(BankText.inlineHTML(fb[lang]))</p>\n"
            }
        }
        return s + "</li>\n"
    }
}
