import Foundation
import KmemCore
import KmemQuestions

/// Anki text import (`anki-<lang>.txt`, File → Import in Anki 2.1.55 or later), note type
/// Basic: Front, Back, then the deck (`kmemguide::<lang>::<topic>`), the tags and a stable
/// GUID (`kmemguide/<lang>/<id>`, so importing a newer bank updates the notes instead of
/// duplicating them) — named by the `#… column:N` headers.
///
/// Fields are HTML (`#html:true`) and never contain a tab, a line break or a double quote
/// (text is escaped to `&quot;`, line breaks are `<br>`), so no field needs quoting.
final class AnkiWriter: FormatWriter {
    private let file: OutputFile
    private let lang: Language
    private let seed: UInt64

    init(_ url: URL, lang: Language, seed: UInt64) throws(Diagnostic) {
        file = try OutputFile(url)
        self.lang = lang
        self.seed = seed
        try file.write("#separator:tab\n#html:true\n#notetype:Basic\n#columns:Front\tBack\tDeck\tTags\tGUID\n#deck column:3\n#tags column:4\n#guid column:5\n")
    }

    func write(_ q: Question) throws(Diagnostic) {
        let labels = Labels.of(lang)
        var front = BankText.html(q.prompt[lang])
        switch q.answer {
        case .choices:
            if q.kind == .multipleResponse { front += "<p><i>\(BankText.xml(labels.chooseAll))</i></p>" }
            front += "<ol type=A>" + q.choices.map { "<li>\(BankText.inlineHTML($0.text[lang]))</li>" }.joined() + "</ol>"
        case .trueFalse:
            front += "<p>\(BankText.xml(labels.trueWord)) / \(BankText.xml(labels.falseWord))</p>"
        case .matching(let pairs):
            let layout = MatchingLayout(pairs, lang: lang, seed: seed, id: q.id)
            front += "<ol>" + pairs.map { "<li>\(BankText.inlineHTML($0.left[lang]))</li>" }.joined() + "</ol>"
            front += "<ol type=A>" + layout.displayOrder.map { "<li>\(BankText.inlineHTML(layout.rights[$0]))</li>" }.joined() + "</ol>"
        case .ordering(let items):
            front += "<p><i>\(BankText.xml(labels.orderInstruction))</i></p><ol type=A>"
            for i in SeededShuffle.derangedPermutation(count: items.count, seed: seed, salt: q.id + "#items") {
                front += "<li>\(BankText.inlineHTML(items[i][lang]))</li>"
            }
            front += "</ol>"
        case .numeric, .hex, .text:
            break
        }
        let back = AnswerDisplay.html(q, lang) + "<hr>" + BankText.html(q.explanation[lang])
        let deck = "kmemguide::\(lang.rawValue)::\(Self.clean(q.topic))"
        var tags = ["kmemguide", "topic::\(Self.clean(q.topic))", "kind::\(q.kind.rawValue)", "difficulty::\(q.difficulty)"]
        if let f = q.family { tags.append("family::\(Self.clean(f))") }
        let row = [Self.field(front), Self.field(back), deck, tags.joined(separator: " "), "kmemguide/\(lang.rawValue)/\(Self.clean(q.id))"]
        try file.write(row.joined(separator: "\t") + "\n")
    }

    static func field(_ html: String) -> String {
        BankText.replace(html, [("\r", ""), ("\n", "<br>"), ("\t", "    "), ("\"", "&quot;")])
    }

    /// Deck names, tags and GUIDs: no whitespace, no quotes.
    static func clean(_ s: String) -> String {
        String(s.map { $0.isWhitespace || $0 == "\"" ? "_" : $0 })
    }

    func finish() throws(Diagnostic) { try file.commit() }
}
