import Foundation
import KmemCore

/// The words the exported files say themselves (headings of the printed exam, the answer labels
/// of true/false and of the Anki back): content/ui.yaml's `export.*` strings, handed to the
/// bank by its caller. Japanese papers speak in the plain imperative throughout (選べ, 書け), as
/// Japanese exams and our question prompts do.
public struct ExportWords: Sendable {
    public var table: [String: [Language: String]]

    /// `table` may hold the whole UI catalog; the bank reads its `export.*` keys and the
    /// punctuation patterns of `l10n.*` (colon, brackets).
    public init(table: [String: [Language: String]]) {
        self.table = table.filter { $0.key.hasPrefix("export.") || $0.key.hasPrefix("l10n.") }
    }

    /// A missing key is a content error `check` reports (ExportUIKeys); shown, never hidden.
    func callAsFunction(_ key: String, _ lang: Language) -> String { table[key]?[lang] ?? "⟦missing \(key)/\(lang.rawValue)⟧" }

    func labels(_ lang: Language) -> Labels { Labels(self, lang) }
}

struct Labels {
    let lang: Language
    private let words: ExportWords
    let trueWord: String
    let falseWord: String
    let answer: String
    let explanation: String
    let examTitle: String
    let keyTitle: String
    let version: String
    let name: String
    let studentID: String
    let date: String
    let instructions: String
    let questionsCount: String
    let chooseOne: String
    let chooseAll: String
    let writeNumber: String
    let writeAddress: String
    let writeAnswer: String
    let matchInstruction: String
    let orderInstruction: String
    let order: String
    let tolerance: String
    let whyNot: String
    let difficulty: String
    let topic: String
    let pointsLine: String
    /// The answer key's column of each question's points (not the score a student earned).
    let pointsHeading: String

    init(_ words: ExportWords, _ lang: Language) {
        self.lang = lang
        self.words = words
        trueWord = words("export.true_word", lang)
        falseWord = words("export.false_word", lang)
        answer = words("export.answer", lang)
        explanation = words("export.explanation", lang)
        examTitle = words("export.exam_title", lang)
        keyTitle = words("export.key_title", lang)
        version = words("export.version", lang)
        name = words("export.name", lang)
        studentID = words("export.student_i_d", lang)
        date = words("export.date", lang)
        instructions = words("export.instructions", lang)
        questionsCount = words("export.questions_count", lang)
        chooseOne = words("export.choose_one", lang)
        chooseAll = words("export.choose_all", lang)
        writeNumber = words("export.write_number", lang)
        writeAddress = words("export.write_address", lang)
        writeAnswer = words("export.write_answer", lang)
        matchInstruction = words("export.match_instruction", lang)
        orderInstruction = words("export.order_instruction", lang)
        order = words("export.order", lang)
        tolerance = words("export.tolerance", lang)
        whyNot = words("export.why_not", lang)
        difficulty = words("export.difficulty", lang)
        topic = words("export.topic", lang)
        pointsLine = words("export.points_line", lang)
        pointsHeading = words("export.points_heading", lang)
    }

    private func format(_ key: String, _ values: [String: String]) -> String {
        var s = words(key, lang)
        for (name, value) in values { s = s.replacingOccurrences(of: "{\(name)}", with: value) }
        return s
    }

    /// "(Also accepted: x, y)" after an answer, with the language's brackets and colon.
    func alsoAccepted(_ list: String) -> String { format("export.also_accepted", ["list": list]) }

    /// "2 points" beside a question.
    func pointsLabel(_ n: Int) -> String { n == 1 ? format("export.points_one", [:]) : format("export.points", ["n": String(n)]) }

    /// "30 points in all" in the header.
    func pointsCount(_ n: Int) -> String { format("export.points_total", ["n": String(n)]) }

    func count(_ n: Int) -> String { questionsCount.replacingOccurrences(of: "{n}", with: String(n)) }

    /// A label ending in a colon before what follows on the line: a space after "Answer:", none
    /// after a full-width "答案：".
    func lead(_ label: String) -> String { lang == .en ? label + " " : label }

    /// An aside after what precedes it: " (x)" in English, "（x）" in Chinese and Japanese.
    func paren(_ inner: String) -> String { format("l10n.paren", ["text": "", "note": inner]) }

    /// The colon between a name and what it names ("b: …", "b：…").
    var colon: String { format("l10n.label", ["label": "", "value": ""]) }

    /// "Answer" as a column heading: the label without its colon.
    var answerHeading: String { answer.trimmingCharacters(in: CharacterSet(charactersIn: ":： ")) }
}
