import KmemCore
import KmemQuestions

/// How an answer is stated to a person (Anki backs, CSV, answer keys), choices named by their
/// letter in the order they are listed (A, B, C …).
enum AnswerDisplay {
    static func letter(_ i: Int) -> String { Presentation.label(i).uppercased() }

    /// Plain text, one line per part.
    static func plain(_ q: Question, _ lang: Language, _ words: ExportWords) -> String {
        let labels = words.labels(lang)
        switch q.answer {
        case .choices(let set):
            return q.choices.enumerated().filter { set.contains($0.element.id) }
                .map { "\(letter($0.offset)). \($0.element.text[lang])" }.joined(separator: "\n")
        case .trueFalse(let v):
            return v ? labels.trueWord : labels.falseWord
        case .numeric(let value, let tolerance):
            return AnswerText.number(value) + (tolerance > 0 ? " (± \(AnswerText.number(tolerance)))" : "")
        case .hex(let v):
            return AnswerText.hex(v)
        case .text:
            return BankCheck.accepted(q, lang).joined(separator: " | ")
        case .matching(let pairs):
            return pairs.map { "\($0.left[lang]) → \($0.right[lang])" }.joined(separator: "\n")
        case .ordering(let items):
            return items.enumerated().map { "\($0.offset + 1). \($0.element[lang])" }.joined(separator: "\n")
        }
    }

    /// The options as listed, lettered (single, multiple); empty for other kinds.
    static func options(_ q: Question, _ lang: Language) -> String {
        q.choices.enumerated().map { "\(letter($0.offset)). \($0.element.text[lang])" }.joined(separator: "\n")
    }

    /// HTML for the back of a card or an answer key: the answer in canonical order.
    static func html(_ q: Question, _ lang: Language, _ words: ExportWords) -> String {
        let labels = words.labels(lang)
        switch q.answer {
        case .choices(let set):
            return "<ul>" + q.choices.enumerated().filter { set.contains($0.element.id) }
                .map { "<li><b>\(letter($0.offset)).</b> \(BankText.inlineHTML($0.element.text[lang]))</li>" }.joined() + "</ul>"
        case .trueFalse(let v):
            return "<p><b>\(BankText.xml(v ? labels.trueWord : labels.falseWord))</b></p>"
        case .numeric:
            return "<p><b>\(BankText.xml(plain(q, lang, words)))</b></p>"
        case .hex(let v):
            let others = AnswerText.hexSpellings(v).dropFirst().map { "<code>\($0)</code>" }.joined(separator: ", ")
            // `others` is HTML already; the label is one of our fixed words, with no markup characters.
            return "<p><b><code>\(AnswerText.hex(v))</code></b>\(labels.alsoAccepted(others))</p>"
        case .text:
            return "<p>" + BankCheck.accepted(q, lang).map { "<b>\(BankText.xml($0))</b>" }.joined(separator: " | ") + "</p>"
        case .matching(let pairs):
            return "<ul>" + pairs.map { "<li>\(BankText.inlineHTML($0.left[lang])) → \(BankText.inlineHTML($0.right[lang]))</li>" }.joined() + "</ul>"
        case .ordering(let items):
            return "<ol>" + items.map { "<li>\(BankText.inlineHTML($0[lang]))</li>" }.joined() + "</ol>"
        }
    }
}
