import Foundation
import KmemCore
import KmemQuestions

/// Canvas Classic Quizzes (`canvas-<lang>.zip`): IMS QTI 1.2 in the flavour Canvas writes and
/// imports (the layout text2qti and R/exams' `exams2canvas` produce): `imsmanifest.xml`, the
/// quiz `kmemguide-<lang>/kmemguide-<lang>.xml` (a `questestinterop` with one `assessment`) and
/// Canvas's quiz settings `kmemguide-<lang>/assessment_meta.xml`. Import it in Canvas with
/// *Settings → Import Course Content → QTI .zip file*; it becomes a quiz and a question bank.
///
/// | kind       | Canvas `question_type`        | graded by Canvas as            |
/// |------------|-------------------------------|--------------------------------|
/// | single     | multiple_choice_question      | right or wrong                 |
/// | multiple   | multiple_answers_question     | share per right tick, minus the same per wrong tick |
/// | true/false | true_false_question           | right or wrong                 |
/// | numeric    | numerical_question            | exact answer with margin       |
/// | hex, short | short_answer_question         | any listed spelling (case-insensitive) |
/// | matching   | matching_question             | share per right pair           |
/// | ordering   | matching_question: each item to its position (1, 2, …), as in GIFT; share per item in place |
///
/// Canvas Classic has no ordering question; matching each item to its position grades the
/// same way as the quiz, Moodle, GIFT and QTI 2.1 (credit per item in its place).
///
/// Each generated family's variants form a question group (`section` with
/// `selection_number` 1 and `points_per_item`), so Canvas gives every student one variant.
/// Points are each item's `points_possible`. Choice and match identifiers are numbers by
/// written (seeded, shuffled) position, so none tells the answer.
final class CanvasWriter: FormatWriter {
    private let zip: ZipWriter
    private let body: OutputFile
    private var bodyCRC = CRC32()
    private let lang: Language
    private let words: ExportWords
    private let seed: UInt64
    private let points: Points
    /// The open question group (topic/family) and its identifier.
    private var group: String?
    private var groups = Set<String>()
    private var total = 0

    var quizIdent: String { "kmemguide-\(lang.rawValue)" }

    init(_ url: URL, lang: Language, seed: UInt64, points: Points, staging: URL, words: ExportWords) throws(Diagnostic) {
        self.lang = lang
        self.words = words
        self.seed = seed
        self.points = points
        zip = try ZipWriter(url, scratch: staging.appendingPathComponent(".\(url.lastPathComponent).central"))
        body = try OutputFile(staging.appendingPathComponent(".\(url.lastPathComponent).quiz"), scratch: true)
        try bodyWrite("""
        <?xml version="1.0" encoding="UTF-8"?>
        <questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
        xsi:schemaLocation="http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd">
          <assessment ident="\(quizIdent)" title="\(BankText.xml(title))">
            <qtimetadata>
              <qtimetadatafield><fieldlabel>cc_maxattempts</fieldlabel><fieldentry>1</fieldentry></qtimetadatafield>
            </qtimetadata>
            <section ident="root_section">

        """)
    }

    var title: String { "kmemguide — \(lang.nativeName)" }

    private func bodyWrite(_ s: String) throws(Diagnostic) {
        bodyCRC.update(s.utf8)
        try body.write(s)
    }

    func write(_ q: Question) throws(Diagnostic) {
        let pts = points.of(q)
        // Generated families become a group that draws one variant; authored questions stand alone.
        let key = q.family.map { q.topic + "/" + $0 }
        if key != group {
            if group != nil { try bodyWrite("      </section>\n") }
            group = key
            if let key, let family = q.family {
                var gid = "g-" + BankText.ncName(key)
                while !groups.insert(gid).inserted { gid += "-2" }
                try bodyWrite("""
                      <section ident="\(gid)" title="\(BankText.xml(q.topic + " — " + family))">
                        <selection_ordering>
                          <selection>
                            <selection_number>1</selection_number>
                            <selection_extension><points_per_item>\(pts)</points_per_item></selection_extension>
                          </selection>
                        </selection_ordering>

                """)
                total += pts
            }
        }
        if group == nil { total += pts }
        try bodyWrite(CanvasItem.xml(q, ident: BankText.ncName(q.id), lang: lang, seed: seed, words: words, points: pts, indent: group == nil ? 6 : 8))
    }

    func finish() throws(Diagnostic) {
        if group != nil { try bodyWrite("      </section>\n") }
        try bodyWrite("    </section>\n  </assessment>\n</questestinterop>\n")
        let x = BankText.xml
        let manifest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="\(quizIdent)-manifest" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" \
        xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_v1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
        xsi:schemaLocation="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd http://www.imsglobal.org/xsd/imsmd_v1p2 http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd">
          <metadata>
            <schema>IMS Content</schema>
            <schemaversion>1.1.3</schemaversion>
            <imsmd:lom><imsmd:general><imsmd:title><imsmd:string>\(x(title))</imsmd:string></imsmd:title></imsmd:general></imsmd:lom>
          </metadata>
          <organizations/>
          <resources>
            <resource identifier="\(quizIdent)" type="imsqti_xmlv1p2">
              <file href="\(quizIdent)/\(quizIdent).xml"/>
              <dependency identifierref="\(quizIdent)-meta"/>
            </resource>
            <resource identifier="\(quizIdent)-meta" type="associatedcontent/imscc_xmlv1p1/learning-application-resource" href="\(quizIdent)/assessment_meta.xml">
              <file href="\(quizIdent)/assessment_meta.xml"/>
            </resource>
          </resources>
        </manifest>

        """
        // Canvas's own quiz settings: unpublished, answers shuffled by Canvas per student on
        // top of ours, results with the worked explanations after the attempt.
        let meta = """
        <?xml version="1.0" encoding="UTF-8"?>
        <quiz identifier="\(quizIdent)" xmlns="http://canvas.instructure.com/xsd/cccv1p0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
        xsi:schemaLocation="http://canvas.instructure.com/xsd/cccv1p0 https://canvas.instructure.com/xsd/cccv1p0.xsd">
          <title>\(x(title))</title>
          <description></description>
          <shuffle_answers>true</shuffle_answers>
          <scoring_policy>keep_highest</scoring_policy>
          <hide_results></hide_results>
          <quiz_type>assignment</quiz_type>
          <points_possible>\(total).0</points_possible>
          <show_correct_answers>true</show_correct_answers>
          <allowed_attempts>1</allowed_attempts>
          <one_question_at_a_time>false</one_question_at_a_time>
          <cant_go_back>false</cant_go_back>
          <available>false</available>
          <assignment identifier="\(quizIdent)-assignment">
            <title>\(x(title))</title>
            <workflow_state>unpublished</workflow_state>
            <quiz_identifierref>\(quizIdent)</quiz_identifierref>
            <points_possible>\(total).0</points_possible>
            <grading_type>points</grading_type>
            <submission_types>online_quiz</submission_types>
          </assignment>
        </quiz>

        """
        try zip.add("imsmanifest.xml", Array(manifest.utf8))
        try zip.add("non_cc_assessments/", [])
        try zip.add("\(quizIdent)/assessment_meta.xml", Array(meta.utf8))
        try zip.add("\(quizIdent)/\(quizIdent).xml", from: body, crc: bodyCRC.checksum)
        body.remove()
        try zip.finish()
    }

    func abandon() {
        body.remove()
        zip.abandon()
    }
}

/// One QTI 1.2 `item` as Canvas writes it.
enum CanvasItem {
    static func xml(_ q: Question, ident: String, lang: Language, seed: UInt64, words: ExportWords, points: Int, indent: Int) -> String {
        let x = BankText.xml
        let labels = words.labels(lang)
        /// HTML shown to the student, as escaped text of a `mattext` (how Canvas stores it).
        func material(_ html: String) -> String { "<material><mattext texttype=\"text/html\">\(x(html))</mattext></material>" }
        func label(_ id: String, _ html: String) -> String { "        <response_label ident=\"\(id)\">\(material(html))</response_label>\n" }
        let prompt = "<div lang=\"\(lang.htmlLang)\">\(BankText.html(q.prompt[lang]))</div>"
        let type: String
        var presentation = "      <presentation>\n        \(material(prompt))\n"
        var conditions = ""
        /// Full marks when `condition` holds (Canvas's scale is 0–100).
        func full(_ condition: String) -> String {
            "        <respcondition continue=\"No\"><conditionvar>\(condition)</conditionvar><setvar action=\"Set\" varname=\"SCORE\">100</setvar></respcondition>\n"
        }
        // As text2qti writes them: numbers without rshuffle, text with rshuffle="No".
        func fib(_ fibtype: String?) -> String {
            "        <response_str ident=\"response1\" rcardinality=\"Single\"><render_fib\(fibtype.map { " fibtype=\"\($0)\"" } ?? "")><response_label ident=\"answer1\"\(fibtype == nil ? " rshuffle=\"No\"" : "")/></render_fib></response_str>\n"
        }
        // Choice identifiers: a number by written position (the position is seeded).
        let choiceID = { (pos: Int) in "\(1001 + pos)" }

        switch q.answer {
        case .choices(let set):
            let single = q.kind == .singleChoice
            type = single ? "multiple_choice_question" : "multiple_answers_question"
            presentation += "        <response_lid ident=\"response1\" rcardinality=\"\(single ? "Single" : "Multiple")\"><render_choice>\n"
            for (i, c) in q.choices.enumerated() { presentation += label(choiceID(i), BankText.inlineHTML(c.text[lang])) }
            presentation += "        </render_choice></response_lid>\n"
            let right = q.choices.indices.filter { set.contains(q.choices[$0].id) }
            if single {
                conditions += full(right.map { "<varequal respident=\"response1\">\(choiceID($0))</varequal>" }.joined())
            } else {
                let parts = q.choices.indices.map { i in
                    right.contains(i) ? "<varequal respident=\"response1\">\(choiceID(i))</varequal>"
                        : "<not><varequal respident=\"response1\">\(choiceID(i))</varequal></not>"
                }
                conditions += full("<and>" + parts.joined() + "</and>")
            }

        case .trueFalse(let v):
            type = "true_false_question"
            presentation += "        <response_lid ident=\"response1\" rcardinality=\"Single\"><render_choice>\n"
            presentation += label(choiceID(0), x(labels.trueWord)) + label(choiceID(1), x(labels.falseWord))
            presentation += "        </render_choice></response_lid>\n"
            conditions += full("<varequal respident=\"response1\">\(choiceID(v ? 0 : 1))</varequal>")

        case .numeric(let value, let tolerance):
            type = "numerical_question"
            presentation += fib("Decimal")
            let n = AnswerText.number
            conditions += full("<or><varequal respident=\"response1\">\(n(value))</varequal><and>"
                               + "<vargte respident=\"response1\">\(n(value - tolerance))</vargte>"
                               + "<varlte respident=\"response1\">\(n(value + tolerance))</varlte></and></or>")

        case .hex(let v):
            type = "short_answer_question"
            presentation += fib(nil)
            conditions += full(spellings(AnswerText.hexSpellings(v)))

        case .text:
            type = "short_answer_question"
            presentation += fib(nil)
            conditions += full(spellings(BankCheck.spellings(q, lang)))

        case .matching(let pairs):
            type = "matching_question"
            let layout = MatchingLayout(pairs, lang: lang, seed: seed, id: q.id)
            let rights = layout.displayOrder.map { BankText.inlineHTML(layout.rights[$0]) }
            let rightOf = pairs.indices.map { layout.displayOrder.firstIndex(of: layout.rightOfPair[$0]) ?? 0 }
            presentation += matching(lefts: pairs.map { BankText.inlineHTML($0.left[lang]) }, rights: rights)
            conditions += shares(rightOf)

        case .ordering(let items):
            type = "matching_question"
            // Each item (in its seeded written order) to its position in the right order.
            let written = Fair.itemOrder(q, seed: seed)
            presentation += matching(lefts: written.map { BankText.inlineHTML(items[$0][lang]) }, rights: items.indices.map { "\($0 + 1)" })
            conditions += shares(written)
        }
        presentation += "      </presentation>\n"

        var s = "    <item ident=\"\(ident)\" title=\"\(x(MoodleWriter.title(q, lang)))\">\n"
        s += "      <itemmetadata><qtimetadata>\n"
        for (k, v) in [("question_type", type), ("points_possible", "\(points).0"), ("original_answer_ids", ""),
                       ("assessment_question_identifierref", "\(ident)-ref")] {
            s += "        <qtimetadatafield><fieldlabel>\(k)</fieldlabel><fieldentry>\(v)</fieldentry></qtimetadatafield>\n"
        }
        s += "      </qtimetadata></itemmetadata>\n"
        s += presentation
        s += "      <resprocessing>\n        <outcomes><decvar maxvalue=\"100\" minvalue=\"0\" varname=\"SCORE\" vartype=\"Decimal\"/></outcomes>\n"
        s += "        <respcondition continue=\"Yes\"><conditionvar><other/></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>\n"
        s += conditions
        s += "      </resprocessing>\n"
        s += "      <itemfeedback ident=\"general_fb\"><flow_mat>\(material("<div lang=\"\(lang.htmlLang)\">\(BankText.html(q.explanation[lang]))</div>"))</flow_mat></itemfeedback>\n"
        s += "    </item>\n"
        // The templates above indent an item's children as if the item sat at column 4.
        let pad = String(repeating: " ", count: max(0, indent - 4))
        return pad + s.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n").dropFirst(pad.count)
    }

    /// Any of the spellings (case-insensitive in Canvas), each once.
    static func spellings(_ all: [String]) -> String {
        var seen = Set<String>()
        return all.filter { seen.insert($0.lowercased()).inserted }
            .map { "<varequal respident=\"response1\">\(BankText.xml($0))</varequal>" }.joined()
    }

    /// Canvas's matching layout: one `response_lid` per left item (`response_<n>`), each
    /// offering every right answer (match identifiers by written position).
    static func matching(lefts: [String], rights: [String]) -> String {
        var s = ""
        for (i, left) in lefts.enumerated() {
            s += "        <response_lid ident=\"response_\(i + 1)\"><material><mattext texttype=\"text/html\">\(BankText.xml(left))</mattext></material><render_choice>\n"
            for (pos, r) in rights.enumerated() {
                s += "          <response_label ident=\"\(2001 + pos)\"><material><mattext texttype=\"text/html\">\(BankText.xml(r))</mattext></material></response_label>\n"
            }
            s += "        </render_choice></response_lid>\n"
        }
        return s
    }

    /// A share of 100 for each left item matched to its right answer (`rightOf[i]`: written
    /// position of the right answer of left item i).
    static func shares(_ rightOf: [Int]) -> String {
        let share = AnswerText.number((100 / Double(rightOf.count) * 100).rounded() / 100)
        return rightOf.enumerated().map { i, r in
            "        <respcondition><conditionvar><varequal respident=\"response_\(i + 1)\">\(2001 + r)</varequal></conditionvar>"
                + "<setvar varname=\"SCORE\" action=\"Add\">\(share)</setvar></respcondition>\n"
        }.joined()
    }
}
