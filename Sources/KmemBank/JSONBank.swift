import Foundation
import KmemCore
import KmemQuestions

/// `bank-<lang>.json`: the bank as data, one file per language, described by
/// `bank.schema.json` (JSON Schema draft 2020-12) written beside it.
///
/// ```json
/// { "format": "kmemguide-bank", "formatVersion": 1, "language": "zh", "seed": 1, "variants": 3,
///   "questionCount": 2,
///   "questions": [
///     { "id": "kmalloc-size-class", "topic": "kmalloc", "kind": "single", "difficulty": 1,
///       "points": 1, "family": null, "prompt": "…", "explanation": "…",
///       "choices": [ { "id": "a", "text": "…", "correct": true, "misconception": null, "feedback": null } ],
///       "answer": { "type": "choices", "correct": ["a"] },
///       "sources": [ { "seed": "s001", "kernelFile": "6.1:mm/slab_common.c" } ] } ] }
/// ```
///
/// Keys are always present and always in this order (`null` when absent); text is as authored
/// (plain text, `backticks` for code). `answer` by `type`: `choices` {correct: [choice id]},
/// `truefalse` {value}, `numeric` {value, tolerance}, `hex` {value: "0x…", accepted: [spelling]},
/// `text` {accepted: [text]}, `matching` {pairs: [{left, right}]}, `ordering` {items: [text]}.
public final class JSONWriter: FormatWriter {
    private let file: OutputFile
    private let lang: Language
    private let points: Points
    private var first = true

    init(_ url: URL, lang: Language, seed: UInt64, variants: Int, count: Int, points: Points) throws(Diagnostic) {
        file = try OutputFile(url)
        self.lang = lang
        self.points = points
        try file.write(Self.header(lang: lang, seed: seed, variants: variants, count: count))
    }

    /// The whole file as text, for a caller that embeds it (the site's browser quiz): the same
    /// bytes the writer streams to `bank-<lang>.json`.
    public static func document<C: RandomAccessCollection>(_ questions: C, lang: Language, seed: UInt64, variants: Int, points: Points) -> String
    where C.Element == Question {
        var s = header(lang: lang, seed: seed, variants: variants, count: questions.count)
        // In the exporter's order (grouped by topic and family) and arrangement (choices
        // placed fairly with the seed).
        for (n, i) in BankExporter.groupedByTopic(questions).enumerated() {
            let q = Fair.arranged(questions[questions.index(questions.startIndex, offsetBy: i)], seed: seed)
            s += entry(q, lang: lang, points: points, first: n == 0)
        }
        return s + footer(empty: questions.isEmpty)
    }

    static func header(lang: Language, seed: UInt64, variants: Int, count: Int) -> String {
        """
        {
          "format": "kmemguide-bank",
          "formatVersion": 1,
          "language": "\(lang.rawValue)",
          "seed": \(seed),
          "variants": \(variants),
          "questionCount": \(count),
          "questions": [
        """
    }

    static func footer(empty: Bool) -> String { empty ? "]\n}\n" : "\n  ]\n}\n" }

    func write(_ q: Question) throws(Diagnostic) {
        try file.write(Self.entry(q, lang: lang, points: points, first: first))
        first = false
    }

    static func entry(_ q: Question, lang: Language, points: Points, first: Bool) -> String {
        let j = BankText.json
        func opt(_ s: String?) -> String { s.map(j) ?? "null" }
        var s = first ? "\n" : ",\n"
        s += "    {\"id\": \(j(q.id)), \"topic\": \(j(q.topic)), \"kind\": \(j(q.kind.rawValue)), \"difficulty\": \(q.difficulty),"
        s += " \"points\": \(points.of(q)), \"family\": \(opt(q.family)),\n"
        s += "     \"prompt\": \(j(q.prompt[lang])),\n"
        s += "     \"explanation\": \(j(q.explanation[lang])),\n"
        s += "     \"choices\": ["
        s += q.choices.map { c in
            "{\"id\": \(j(c.id)), \"text\": \(j(c.text[lang])), \"correct\": \(Self.isCorrect(c, q)), \"misconception\": \(opt(c.misconception)), \"feedback\": \(opt(c.feedback?[lang]))}"
        }.joined(separator: ", ")
        s += "],\n     \"answer\": "
        switch q.answer {
        case .choices:
            s += "{\"type\": \"choices\", \"correct\": [\(BankCheck.correctIDs(q).map(j).joined(separator: ", "))]}"
        case .trueFalse(let v):
            s += "{\"type\": \"truefalse\", \"value\": \(v)}"
        case .numeric(let value, let tolerance):
            s += "{\"type\": \"numeric\", \"value\": \(AnswerText.number(value)), \"tolerance\": \(AnswerText.number(tolerance))}"
        case .hex(let v):
            s += "{\"type\": \"hex\", \"value\": \(j(AnswerText.hex(v))), \"accepted\": [\(AnswerText.hexSpellings(v).map(j).joined(separator: ", "))]}"
        case .text:
            s += "{\"type\": \"text\", \"accepted\": [\(BankCheck.accepted(q, lang).map(j).joined(separator: ", "))]}"
        case .matching(let pairs):
            s += "{\"type\": \"matching\", \"pairs\": [" + pairs.map { "{\"left\": \(j($0.left[lang])), \"right\": \(j($0.right[lang]))}" }.joined(separator: ", ") + "]}"
        case .ordering(let items):
            s += "{\"type\": \"ordering\", \"items\": [" + items.map { j($0[lang]) }.joined(separator: ", ") + "]}"
        }
        s += ",\n     \"sources\": ["
        s += q.sources.map { "{\"seed\": \(opt($0.seed)), \"kernelFile\": \(opt($0.kernelFile))}" }.joined(separator: ", ")
        s += "]}"
        return s
    }

    static func isCorrect(_ c: Choice, _ q: Question) -> Bool {
        if case .choices(let set) = q.answer { return set.contains(c.id) }
        return c.correct
    }

    func finish() throws(Diagnostic) {
        try file.write(Self.footer(empty: first))
        try file.commit()
    }
}

/// `bank-<lang>.csv`: one row per question for spreadsheets and mail merges.
///
/// RFC 4180: CRLF between records, a header row, fields quoted when they hold a comma, quote
/// or line break (quotes doubled). UTF-8 **with a byte-order mark**: Excel reads a CSV without
/// one in the system's legacy code page and turns Chinese and Japanese into mojibake;
/// LibreOffice, Google Sheets, Python (`utf-8-sig`) and pandas skip the mark.
///
/// Columns: `id, topic, kind, difficulty, points, prompt, options, answer, explanation, family,
/// sources`. `options` lists the choices as `A. text` lines; `answer` states the answer
/// (`B. text` lines for choices, `left → right` lines for matching, numbered lines for
/// ordering, the value and `(± tolerance)` for numbers, accepted texts separated by ` | `).
final class CSVWriter: FormatWriter {
    private let file: OutputFile
    private let lang: Language
    private let words: ExportWords
    static let columns = ["id", "topic", "kind", "difficulty", "points", "prompt", "options", "answer", "explanation", "family", "sources"]

    private let points: Points

    init(_ url: URL, lang: Language, points: Points, words: ExportWords) throws(Diagnostic) {
        file = try OutputFile(url)
        self.lang = lang
        self.words = words
       
        self.points = points
        try file.write("\u{FEFF}" + Self.columns.joined(separator: ",") + "\r\n")
    }

    func write(_ q: Question) throws(Diagnostic) {
        let sources = q.sources.map { [$0.seed, $0.kernelFile].compactMap { $0 }.joined(separator: " ") }.joined(separator: "; ")
        let row = [q.id, q.topic, q.kind.rawValue, String(q.difficulty), String(points.of(q)), q.prompt[lang], AnswerDisplay.options(q, lang),
                   AnswerDisplay.plain(q, lang, words), q.explanation[lang], q.family ?? "", sources]
        try file.write(row.map(BankText.csv).joined(separator: ",") + "\r\n")
    }

    func finish() throws(Diagnostic) { try file.commit() }
}
