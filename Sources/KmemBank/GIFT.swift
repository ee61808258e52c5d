import Foundation
import KmemCore
import KmemQuestions

/// GIFT (`kmemguide-<lang>.gift`), Moodle's one-question-per-paragraph text format.
///
/// Every text goes through `BankText.gift`, which escapes `~ = # { } :` and `\` with a
/// backslash and writes newlines as `\n` (a blank line would end the question). Question text
/// and choices are `[html]`; short answers and matching right-hand sides are plain text.
///
/// - `$CATEGORY: $course$/kmemguide/<lang>/<topic>[/<family>]` when the topic or the family
///   changes (a category per family: Moodle can draw one random variant of it). GIFT has no
///   points: Moodle gives each question its default mark;
/// - `::title::` is the question id and the first words of the prompt;
/// - single `{=right ~wrong}`; multiple `{~%50%a ~%50%b ~%-100%c}` with Moodle's fractions;
///   true/false `{TRUE}` / `{FALSE}`; numeric `{#value:tolerance}`; short answer and hex
///   `{=spelling =spelling}`; matching `{=left -> right}`;
/// - ordering has no GIFT type: it is written as matching each item to its position
///   (`=item -> 1`), which Moodle grades the same way;
/// - the worked explanation is the general feedback `####…`.
final class GIFTWriter: FormatWriter {
    private let file: OutputFile
    private let lang: Language
    private let seed: UInt64
    private var category: String?

    init(_ url: URL, lang: Language, header: String, seed: UInt64) throws(Diagnostic) {
        file = try OutputFile(url)
        self.lang = lang
        self.seed = seed
        try file.write("// \(header.replacingOccurrences(of: "\n", with: " "))\n\n")
    }

    func write(_ q: Question) throws(Diagnostic) {
        var s = ""
        let path = MoodleWriter.categoryPath(q, lang)
        if path != category {
            category = path
            s += "$CATEGORY: \(path)\n\n"
        }
        let g = BankText.gift
        s += "::\(g(MoodleWriter.title(q, lang)))::[html]\(g(BankText.html(q.prompt[lang]))){\n"
        func feedback(_ f: Localized?) -> String { f.map { "#" + g(BankText.html($0[lang])) } ?? "" }
        switch q.answer {
        case .choices(let set):
            if q.kind == .singleChoice {
                for c in q.choices {
                    s += "\t\(set.contains(c.id) ? "=" : "~")\(g(BankText.inlineHTML(c.text[lang])))\(feedback(c.feedback))\n"
                }
            } else {
                let rights = MoodleFractions.split(correct: set.count) ?? []
                let wrong = MoodleFractions.penalty(wrong: set.count)
                var r = 0
                for c in q.choices {
                    let w: String
                    if set.contains(c.id) { w = rights[r]; r += 1 } else { w = wrong }
                    s += "\t~%\(w)%\(g(BankText.inlineHTML(c.text[lang])))\(feedback(c.feedback))\n"
                }
            }
        case .trueFalse(let v):
            s += "\t\(v ? "TRUE" : "FALSE")\n"
        case .numeric(let value, let tolerance):
            s += "\t#\(AnswerText.number(value)):\(AnswerText.number(tolerance))\n"
        case .hex(let v):
            for spelling in AnswerText.hexSpellings(v) { s += "\t=\(spelling)\n" }
        case .text:
            for a in BankCheck.spellings(q, lang) { s += "\t=\(g(BankText.replace(a, [("*", "\\*")])))\n" }
        case .matching(let pairs):
            for p in pairs {
                s += "\t=\(g(BankText.inlineHTML(p.left[lang]))) -> \(g(BankText.plain(p.right[lang])))\n"
            }
        case .ordering(let items):
            for i in Fair.itemOrder(q, seed: seed) { s += "\t=\(g(BankText.inlineHTML(items[i][lang]))) -> \(i + 1)\n" }
        }
        s += "\t####\(g(BankText.html(q.explanation[lang])))\n}\n\n"
        try file.write(s)
    }

    func finish() throws(Diagnostic) { try file.commit() }
}
