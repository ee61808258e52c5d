import Foundation
import KmemCore
import KmemQuestions

/// Anki text import (`anki-<lang>.txt`, File → Import in Anki 2.1.55 or later), note type
/// Basic: front, back, then the deck (`kmemguide::<lang>::<topic>`), the tags and a stable
/// GUID (`kmemguide/<lang>/<id>`, so importing a newer bank updates the notes instead of
/// duplicating them) — named by the `#… column:N` headers.
///
/// Anki names its stock note type and fields in the language of its interface (问答题 with
/// 正面/背面, 基本 with 表面/裏面, …). So the file names no field (`#columns` absent: Anki then
/// maps the columns that are not deck, tags or GUID to the fields by position), and it names
/// the note type once per known spelling: Anki takes each `#notetype:` line whose name exists
/// in the collection and ignores the others (and with none, uses the current note type).
///
/// Fields are HTML (`#html:true`) and never contain a tab, a line break or a double quote
/// (text is escaped to `&quot;`, line breaks are `<br>`), so no field needs quoting.
final class AnkiWriter: FormatWriter {
    private let file: OutputFile
    private let lang: Language
    private let words: ExportWords
    private let seed: UInt64

    init(_ url: URL, lang: Language, seed: UInt64, words: ExportWords) throws(Diagnostic) {
        file = try OutputFile(url)
        self.lang = lang
        self.words = words
        self.seed = seed
        try file.write("#separator:tab\n#html:true\n" + Self.basicNames.map { "#notetype:\($0)\n" }.joined()
                       + "#deck column:3\n#tags column:4\n#guid column:5\n")
    }

    func write(_ q: Question) throws(Diagnostic) {
        // Single quotes: a double quote would need quoting in the tab-separated file.
        let wrap = { (html: String) in "<div lang='\(self.lang.htmlLang)' style='text-align: left'>\(html)</div>" }
        let front = wrap(Self.front(q, lang: lang, seed: seed, words: words))
        let back = wrap(Self.answer(q, lang: lang, seed: seed, words: words) + "<hr>" + BankText.html(q.explanation[lang]))
        let deck = "kmemguide::\(lang.rawValue)::\(Self.clean(q.topic))"
        var tags = ["kmemguide", "topic::\(Self.clean(q.topic))", "kind::\(q.kind.rawValue)", "difficulty::\(q.difficulty)"]
        if let f = q.family { tags.append("family::\(Self.clean(f))") }
        let row = [Self.field(front), Self.field(back), deck, tags.joined(separator: " "), "kmemguide/\(lang.rawValue)/\(Self.clean(q.id))"]
        try file.write(row.joined(separator: "\t") + "\n")
    }

    /// The front of a card: the prompt and what to choose from, in the written (seeded) order.
    static func front(_ q: Question, lang: Language, seed: UInt64, words: ExportWords) -> String {
        let labels = words.labels(lang)
        var front = BankText.html(q.prompt[lang])
        switch q.answer {
        case .choices:
            if q.kind == .multipleResponse { front += "<p>\(BankText.xml(labels.chooseAll))</p>" }
            front += "<ol type=A>" + q.choices.map { "<li>\(BankText.inlineHTML($0.text[lang]))</li>" }.joined() + "</ol>"
        case .trueFalse:
            front += "<p>\(BankText.xml(labels.trueWord)) / \(BankText.xml(labels.falseWord))</p>"
        case .matching(let pairs):
            let layout = MatchingLayout(pairs, lang: lang, seed: seed, id: q.id)
            front += "<ol>" + pairs.map { "<li>\(BankText.inlineHTML($0.left[lang]))</li>" }.joined() + "</ol>"
            front += "<ol type=A>" + layout.displayOrder.map { "<li>\(BankText.inlineHTML(layout.rights[$0]))</li>" }.joined() + "</ol>"
        case .ordering(let items):
            front += "<p>\(BankText.xml(labels.orderInstruction))</p><ol type=A>"
            for i in Fair.itemOrder(q, seed: seed) { front += "<li>\(BankText.inlineHTML(items[i][lang]))</li>" }
            front += "</ol>"
        case .numeric, .hex, .text:
            break
        }
        return front
    }

    /// The back's answer, naming choices, matching answers and ordering items by the letters
    /// the front shows.
    static func answer(_ q: Question, lang: Language, seed: UInt64, words: ExportWords) -> String {
        switch q.answer {
        case .matching(let pairs):
            let layout = MatchingLayout(pairs, lang: lang, seed: seed, id: q.id)
            return "<ul>" + pairs.indices.map { i in
                let letter = AnswerDisplay.letter(layout.displayOrder.firstIndex(of: layout.rightOfPair[i]) ?? 0)
                return "<li>\(i + 1) → <b>\(letter)</b>" + words.labels(lang).paren("\(BankText.inlineHTML(pairs[i].left[lang])) → \(BankText.inlineHTML(pairs[i].right[lang]))") + "</li>"
            }.joined() + "</ul>"
        case .ordering(let items):
            let order = Fair.itemOrder(q, seed: seed)
            let letters = items.indices.map { k in AnswerDisplay.letter(order.firstIndex(of: k) ?? 0) }
            return "<p><b>" + letters.joined(separator: " → ") + "</b></p><ol>" + items.map { "<li>\(BankText.inlineHTML($0[lang]))</li>" }.joined() + "</ol>"
        default:
            return AnswerDisplay.html(q, lang, words)
        }
    }

    /// The stock Basic note type as Anki names it in English, Simplified and Traditional
    /// Chinese, Japanese, German and French; English last, so it wins when several exist.
    static let basicNames = ["问答题", "基本型", "基本", "Einfach", "Basique", "Basic"]

    static func field(_ html: String) -> String {
        BankText.replace(html, [("\r", ""), ("\n", "<br>"), ("\t", "    "), ("\"", "&quot;")])
    }

    /// Deck names, tags and GUIDs: no whitespace, no quotes.
    static func clean(_ s: String) -> String {
        String(s.map { $0.isWhitespace || $0 == "\"" ? "_" : $0 })
    }

    func finish() throws(Diagnostic) { try file.commit() }
}
