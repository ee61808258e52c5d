import Foundation
import KmemCore
import KmemQuestions

/// Moodle XML (`moodle-<lang>.xml`), importable under Question bank → Import → Moodle XML.
///
/// - one `<question type="category">` per topic (`$course$/kmemguide/<lang>/<topic>`) and per
///   generated family (`…/<topic>/<family>`, holding the family's variants), so a quiz can draw
///   "a random question" from a family's category: one variant per student; the exporter
///   groups questions by topic and family, so each category is written once;
/// - `<defaultgrade>` is the question's points (by difficulty); `<penalty>` (the share lost
///   per extra try) is 1 for true/false, as Moodle's own form and GIFT importer set it;
/// - tags: topic, kind, `difficulty-N` and `family-<family>`;
/// - single → `multichoice` with `<single>true</single>` (100 / 0); multiple → `multichoice`
///   with `<single>false</single>`, the correct answers sharing 100 in Moodle's fixed fractions
///   and the wrong ones a negative allowed fraction (`MoodleFractions`);
/// - truefalse, numerical (with `<tolerance>`), shortanswer (case-insensitive, `*` escaped);
///   hex addresses → shortanswer accepting every usual spelling;
/// - matching → `matching` (answers are plain text, as Moodle stores them);
/// - ordering → the `ordering` question type (standard in Moodle 4.4+, the qtype_ordering
///   plugin before): there `fraction` is the item's position (1, 2, …), not a grade — this is
///   the type's own XML format, and the only place a fraction outside the fixed list appears;
/// - the worked explanation is `<generalfeedback>`; HTML text sits in CDATA with
///   `format="html"`.
final class MoodleWriter: FormatWriter {
    private let file: OutputFile
    private let lang: Language
    private let points: Points
    private let seed: UInt64
    private var category: String?

    init(_ url: URL, lang: Language, header: String, points: Points, seed: UInt64) throws(Diagnostic) {
        self.seed = seed
        file = try OutputFile(url)
        self.lang = lang
        self.points = points
        try file.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n<!-- \(header.replacingOccurrences(of: "--", with: "- -")) -->\n")
    }

    func write(_ q: Question) throws(Diagnostic) {
        var s = ""
        let path = Self.categoryPath(q, lang)
        if path != category {
            category = path
            s += """
              <question type="category">
                <category><text>\(BankText.xml(path))</text></category>
                <info format="html"><text></text></info>
              </question>

            """
        }
        let type: String
        switch q.kind {
        case .singleChoice, .multipleResponse: type = "multichoice"
        case .trueFalse: type = "truefalse"
        case .numeric: type = "numerical"
        case .hexAddress, .shortAnswer: type = "shortanswer"
        case .matching: type = "matching"
        case .ordering: type = "ordering"
        }
        s += "  <question type=\"\(type)\">\n"
        s += "    <name><text>\(BankText.xml(Self.title(q, lang)))</text></name>\n"
        s += "    <questiontext format=\"html\"><text>\(BankText.cdata(BankText.html(q.prompt[lang])))</text></questiontext>\n"
        s += "    <generalfeedback format=\"html\"><text>\(BankText.cdata(BankText.html(q.explanation[lang])))</text></generalfeedback>\n"
        s += "    <defaultgrade>\(points.of(q))</defaultgrade>\n    <penalty>\(q.kind == .trueFalse ? "1" : "0.3333333")</penalty>\n    <hidden>0</hidden>\n"
        s += "    <idnumber>\(BankText.xml(q.id))</idnumber>\n"
        s += body(q)
        s += "    <tags><tag><text>\(BankText.xml(q.topic))</text></tag><tag><text>\(q.kind.rawValue)</text></tag>"
        s += "<tag><text>difficulty-\(q.difficulty)</text></tag>"
        if let f = q.family { s += "<tag><text>family-\(BankText.xml(f))</text></tag>" }
        s += "</tags>\n"
        s += "  </question>\n\n"
        try file.write(s)
    }

    private func body(_ q: Question) -> String {
        var s = ""
        func answer(_ fraction: String, _ textXML: String, feedback: Localized? = nil, extra: String = "") {
            s += "    <answer fraction=\"\(fraction)\" format=\"html\">\n      <text>\(textXML)</text>\n"
            s += extra
            s += "      <feedback format=\"html\"><text>\(feedback.map { BankText.cdata(BankText.html($0[lang])) } ?? "")</text></feedback>\n"
            s += "    </answer>\n"
        }
        switch q.answer {
        case .choices(let set):
            let single = q.kind == .singleChoice
            s += "    <single>\(single)</single>\n    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n"
            s += "    <showstandardinstruction>1</showstandardinstruction>\n"
            s += Self.combinedFeedback
            let rights = MoodleFractions.split(correct: set.count) ?? []
            // A wrong tick costs what a right one gives, as the quiz grades it.
            let wrong = single ? "0" : MoodleFractions.penalty(wrong: set.count)
            var r = 0
            for c in q.choices {
                let fraction: String
                if set.contains(c.id) { fraction = single ? "100" : rights[r]; r += 1 } else { fraction = wrong }
                answer(fraction, BankText.cdata(BankText.inlineHTML(c.text[lang])), feedback: c.feedback)
            }
        case .trueFalse(let value):
            s += "    <answer fraction=\"\(value ? "100" : "0")\" format=\"moodle_auto_format\"><text>true</text><feedback format=\"html\"><text></text></feedback></answer>\n"
            s += "    <answer fraction=\"\(value ? "0" : "100")\" format=\"moodle_auto_format\"><text>false</text><feedback format=\"html\"><text></text></feedback></answer>\n"
        case .numeric(let value, let tolerance):
            s += "    <answer fraction=\"100\" format=\"moodle_auto_format\">\n      <text>\(AnswerText.number(value))</text>\n"
            s += "      <tolerance>\(AnswerText.number(tolerance))</tolerance>\n      <feedback format=\"html\"><text></text></feedback>\n    </answer>\n"
            s += "    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0.1000000</unitpenalty>\n    <showunits>3</showunits>\n    <unitsleft>0</unitsleft>\n"
        case .hex(let v):
            s += "    <usecase>0</usecase>\n"
            for spelling in AnswerText.hexSpellings(v) {
                s += "    <answer fraction=\"100\" format=\"moodle_auto_format\"><text>\(spelling)</text><feedback format=\"html\"><text></text></feedback></answer>\n"
            }
        case .text:
            s += "    <usecase>0</usecase>\n"
            for a in BankCheck.spellings(q, lang) {
                // `*` is Moodle's wildcard in short answers: a literal one is `\*`.
                let text = BankText.xml(BankText.replace(a, [("*", "\\*")]))
                s += "    <answer fraction=\"100\" format=\"moodle_auto_format\"><text>\(text)</text><feedback format=\"html\"><text></text></feedback></answer>\n"
            }
        case .matching(let pairs):
            s += "    <shuffleanswers>true</shuffleanswers>\n"
            s += Self.combinedFeedback
            for p in pairs {
                s += "    <subquestion format=\"html\">\n      <text>\(BankText.cdata(BankText.inlineHTML(p.left[lang])))</text>\n"
                s += "      <answer><text>\(BankText.xml(BankText.plain(p.right[lang])))</text></answer>\n    </subquestion>\n"
            }
        case .ordering(let items):
            s += "    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n    <selectcount>0</selectcount>\n"
            s += "    <gradingtype>ABSOLUTE_POSITION</gradingtype>\n    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n"
            s += Self.combinedFeedback
            // qtype_ordering: `fraction` is the position in the right order; the answers are
            // written in a seeded order so the file does not list them solved.
            for i in Fair.itemOrder(q, seed: seed) {
                s += "    <answer fraction=\"\(i + 1)\" format=\"html\"><text>\(BankText.cdata(BankText.inlineHTML(items[i][lang])))</text><feedback format=\"html\"><text></text></feedback></answer>\n"
            }
        }
        return s
    }

    private static let combinedFeedback = """
        <correctfeedback format="html"><text></text></correctfeedback>
        <partiallycorrectfeedback format="html"><text></text></partiallycorrectfeedback>
        <incorrectfeedback format="html"><text></text></incorrectfeedback>
        <shownumcorrect/>

    """

    /// `$course$/kmemguide/<lang>/<topic>[/<family>]` (GIFT uses the same paths).
    static func categoryPath(_ q: Question, _ lang: Language) -> String {
        "$course$/kmemguide/\(lang.rawValue)/\(q.topic)" + (q.family.map { "/" + $0 } ?? "")
    }

    /// `id — first words of the prompt`: what a teacher sees in the question bank list.
    static func title(_ q: Question, _ lang: Language) -> String {
        let plain = BankText.plain(q.prompt[lang])
        let words = plain.count > 60 ? String(plain.prefix(60)) + "…" : plain
        return q.id + " — " + words
    }

    func finish() throws(Diagnostic) {
        try file.write("</quiz>\n")
        try file.commit()
    }
}
