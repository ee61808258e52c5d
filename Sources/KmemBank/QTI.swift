import Foundation
import KmemCore
import KmemQuestions

/// IMS QTI 2.1 content package (`qti21-<lang>.zip`): `imsmanifest.xml` (IMS CP 1.1, one
/// resource of type `imsqti_item_xmlv2p1` per item, with LOM metadata: keywords topic, kind,
/// difficulty, points, family and the LOM difficulty), `items/<id>.xml`, one `assessmentItem`
/// per question, and `assessment-test.xml`, an `assessmentTest` with one section per family
/// (`selection select="1"`: one variant per student) whose items are weighted by their points
/// — all valid against the IMS QTI 2.1.2 XSD. Choice, matching and ordering identifiers
/// follow the written (seeded) order, so none tells the answer.
///
/// | kind          | interaction                          | response                      | scoring       |
/// |---------------|--------------------------------------|-------------------------------|---------------|
/// | single, t/f   | choiceInteraction maxChoices=1       | single identifier             | match_correct |
/// | multiple      | choiceInteraction maxChoices=0       | multiple identifier + mapping | map_response  |
/// | numeric       | textEntryInteraction                 | single float                  | equal, absolute tolerance |
/// | hex, short    | textEntryInteraction                 | single string + mapping (case-insensitive spellings) | map_response |
/// | matching      | matchInteraction                     | multiple directedPair + mapping | map_response |
/// | ordering      | orderInteraction                     | ordered identifier            | share per item in place |
///
/// Response processing is the standard template's rules written out in the item, followed by
/// one rule that sets `FEEDBACK` to `SOLUTION`, so the worked explanation (a `modalFeedback`)
/// is shown after every attempt. (An item that only names the template by URI cannot also
/// set the feedback outcome: a player that knows the template runs it instead of the item's
/// rules.) `SCORE` runs from 0 to 1 (`MAXSCORE`).
final class QTIWriter: FormatWriter {
    private let zip: ZipWriter
    private let manifest: OutputFile
    private var manifestCRC = CRC32()
    private let test: OutputFile
    private var testCRC = CRC32()
    private let lang: Language
    private let words: ExportWords
    private let seed: UInt64
    private let points: Points
    private var section: String?
    private var sections = Set<String>()
    private var itemIdents: [String] = []

    static let testPath = "assessment-test.xml"

    init(_ url: URL, lang: Language, seed: UInt64, points: Points, staging: URL, words: ExportWords) throws(Diagnostic) {
        self.lang = lang
        self.words = words
        self.seed = seed
        self.points = points
        zip = try ZipWriter(url, scratch: staging.appendingPathComponent(".\(url.lastPathComponent).central"))
        manifest = try OutputFile(staging.appendingPathComponent(".\(url.lastPathComponent).manifest"), scratch: true)
        test = try OutputFile(staging.appendingPathComponent(".\(url.lastPathComponent).test"), scratch: true)
        try manifestWrite("""
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
        xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM" \
        identifier="kmemguide-bank-\(lang.rawValue)" \
        xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd">
          <metadata>
            <schema>QTIv2.1 Package</schema>
            <schemaversion>1.0.0</schemaversion>
          </metadata>
          <organizations/>
          <resources>

        """)
        try testWrite("""
        <?xml version="1.0" encoding="UTF-8"?>
        <assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
        xsi:schemaLocation="http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p2.xsd" \
        identifier="kmemguide-test-\(lang.rawValue)" title="kmemguide \(lang.rawValue)" toolName="kmemguide" toolVersion="1">
          <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"><defaultValue><value>0</value></defaultValue></outcomeDeclaration>
          <testPart identifier="part-1" navigationMode="nonlinear" submissionMode="simultaneous">

        """)
    }

    private func manifestWrite(_ s: String) throws(Diagnostic) {
        manifestCRC.update(s.utf8)
        try manifest.write(s)
    }

    private func testWrite(_ s: String) throws(Diagnostic) {
        testCRC.update(s.utf8)
        try test.write(s)
    }

    func write(_ q: Question) throws(Diagnostic) {
        let ident = BankText.ncName(q.id)
        let path = "items/\(ident).xml"
        try zip.add(path, Array(QTIItem.xml(q, ident: ident, lang: lang, seed: seed, words: words).utf8))
        itemIdents.append(ident)
        let x = BankText.xml
        let difficulty = ["easy", "medium", "difficult"][min(max(q.difficulty, 1), 3) - 1]
        var keywords = ["topic:\(q.topic)", "kind:\(q.kind.rawValue)", "difficulty:\(q.difficulty)", "points:\(points.of(q))"]
        if let f = q.family { keywords.append("family:\(f)") }
        try manifestWrite("""
            <resource identifier="\(ident)" type="imsqti_item_xmlv2p1" href="\(path)">
              <metadata>
                <imsmd:lom>
                  <imsmd:general>\(keywords.map { "<imsmd:keyword><imsmd:string>\(x($0))</imsmd:string></imsmd:keyword>" }.joined())</imsmd:general>
                  <imsmd:educational><imsmd:difficulty><imsmd:source>LOMv1.0</imsmd:source><imsmd:value>\(difficulty)</imsmd:value></imsmd:difficulty></imsmd:educational>
                </imsmd:lom>
              </metadata>
              <file href="\(path)"/>
            </resource>

        """)
        // One section per family (or per authored question): the player draws one item of
        // each, so every student gets one variant of every family.
        let group = q.topic + "/" + (q.family ?? q.id)
        if group != section {
            if section != nil { try testWrite("    </assessmentSection>\n") }
            section = group
            var sid = BankText.ncName(group).replacingOccurrences(of: "q-", with: "s-", options: .anchored)
            while !sections.insert(sid).inserted { sid += "-2" }
            try testWrite("""
                <assessmentSection identifier="\(sid)" title="\(x(q.topic + " — " + (q.family ?? q.id)))" visible="true">
                  <selection select="1"/>

            """)
        }
        try testWrite("""
              <assessmentItemRef identifier="\(ident)" href="\(path)"><weight identifier="points" value="\(points.of(q))"/></assessmentItemRef>

        """)
    }

    func finish() throws(Diagnostic) {
        if section != nil { try testWrite("    </assessmentSection>\n") }
        try testWrite("""
          </testPart>
          <outcomeProcessing>
            <setOutcomeValue identifier="SCORE"><sum><testVariables variableIdentifier="SCORE" weightIdentifier="points"/></sum></setOutcomeValue>
          </outcomeProcessing>
        </assessmentTest>

        """)
        try manifestWrite("""
            <resource identifier="kmemguide-test-\(lang.rawValue)" type="imsqti_test_xmlv2p1" href="\(Self.testPath)">
              <file href="\(Self.testPath)"/>
        \(itemIdents.map { "      <dependency identifierref=\"\($0)\"/>\n" }.joined())    </resource>
          </resources>
        </manifest>

        """)
        if section != nil { try zip.add(Self.testPath, from: test, crc: testCRC.checksum) }
        test.remove()
        try zip.add("imsmanifest.xml", from: manifest, crc: manifestCRC.checksum)
        manifest.remove()
        try zip.finish()
    }

    func abandon() {
        manifest.remove()
        test.remove()
        zip.abandon()
    }
}

/// One `assessmentItem`.
enum QTIItem {
    static func xml(_ q: Question, ident: String, lang: Language, seed: UInt64, words: ExportWords) -> String {
        let x = BankText.xml
        let labels = words.labels(lang)
        var decl = ""
        var interaction = ""
        var scoring: String
        let matchCorrect = """
            <responseCondition>
              <responseIf>
                <match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>
                <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue>
              </responseIf>
              <responseElse>
                <setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue></setOutcomeValue>
              </responseElse>
            </responseCondition>

        """
        let mapResponse = """
            <responseCondition>
              <responseIf>
                <isNull><variable identifier="RESPONSE"/></isNull>
                <setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue></setOutcomeValue>
              </responseIf>
              <responseElse>
                <setOutcomeValue identifier="SCORE"><mapResponse identifier="RESPONSE"/></setOutcomeValue>
              </responseElse>
            </responseCondition>

        """
        func textEntry(_ label: String, length: Int) -> String {
            "    <p>\(x(labels.lead(label)))<textEntryInteraction responseIdentifier=\"RESPONSE\" expectedLength=\"\(length)\"/></p>\n"
        }

        switch q.answer {
        case .choices(let set):
            let single = q.kind == .singleChoice
            let cid = Fair.choiceID
            let correct = q.choices.indices.filter { set.contains(q.choices[$0].id) }
            decl = "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"\(single ? "single" : "multiple")\" baseType=\"identifier\">\n"
            decl += "    <correctResponse>" + correct.map { "<value>\(cid($0))</value>" }.joined() + "</correctResponse>\n"
            if single {
                scoring = matchCorrect
            } else {
                let rights = MoodleFractions.split(correct: correct.count) ?? []
                let wrong = MoodleFractions.penalty(wrong: correct.count)
                decl += "    <mapping lowerBound=\"0\" upperBound=\"1\" defaultValue=\"0\">\n"
                var r = 0
                for i in q.choices.indices {
                    let percent: String
                    if set.contains(q.choices[i].id) { percent = rights[r]; r += 1 } else { percent = wrong }
                    decl += "      <mapEntry mapKey=\"\(cid(i))\" mappedValue=\"\(unit(percent))\"/>\n"
                }
                decl += "    </mapping>\n"
                scoring = mapResponse
            }
            decl += "  </responseDeclaration>\n"
            interaction = "    <choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"true\" maxChoices=\"\(single ? 1 : 0)\">\n"
            if !single { interaction += "      <prompt>\(x(labels.chooseAll))</prompt>\n" }
            for (i, c) in q.choices.enumerated() {
                interaction += "      <simpleChoice identifier=\"\(cid(i))\">\(BankText.inlineHTML(c.text[lang]))</simpleChoice>\n"
            }
            interaction += "    </choiceInteraction>\n"

        case .trueFalse(let v):
            decl = "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"identifier\">\n"
            decl += "    <correctResponse><value>\(v ? "TRUE" : "FALSE")</value></correctResponse>\n  </responseDeclaration>\n"
            interaction = "    <choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"false\" maxChoices=\"1\">\n"
            interaction += "      <simpleChoice identifier=\"TRUE\">\(x(labels.trueWord))</simpleChoice>\n"
            interaction += "      <simpleChoice identifier=\"FALSE\">\(x(labels.falseWord))</simpleChoice>\n"
            interaction += "    </choiceInteraction>\n"
            scoring = matchCorrect

        case .numeric(let value, let tolerance):
            decl = "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"float\">\n"
            decl += "    <correctResponse><value>\(AnswerText.number(value))</value></correctResponse>\n  </responseDeclaration>\n"
            interaction = textEntry(labels.writeNumber, length: max(8, AnswerText.number(value).count + 2))
            let t = AnswerText.number(tolerance)
            let compare = tolerance == 0
                ? "<equal toleranceMode=\"exact\">"
                : "<equal toleranceMode=\"absolute\" tolerance=\"\(t) \(t)\">"
            scoring = """
                <responseCondition>
                  <responseIf>
                    \(compare)<variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></equal>
                    <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue>
                  </responseIf>
                  <responseElse>
                    <setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue></setOutcomeValue>
                  </responseElse>
                </responseCondition>

            """

        case .hex(let v):
            decl = stringMapping(correct: AnswerText.hex(v), accepted: AnswerText.hexSpellings(v))
            interaction = textEntry(labels.writeAddress, length: AnswerText.hex(v).count + 2)
            scoring = mapResponse

        case .text:
            let accepted = BankCheck.accepted(q, lang)
            decl = stringMapping(correct: accepted[0], accepted: BankCheck.spellings(q, lang))
            interaction = textEntry(labels.writeAnswer, length: max(12, accepted.map(\.count).max()! + 4))
            scoring = mapResponse

        case .matching(let pairs):
            let layout = MatchingLayout(pairs, lang: lang, seed: seed, id: q.id)
            let share = AnswerText.number((1 / Double(pairs.count) * 1e7).rounded() / 1e7)
            decl = "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"multiple\" baseType=\"directedPair\">\n"
            decl += "    <correctResponse>"
            // R ids by written position (the rights are shuffled), L ids by the shuffled pairs.
            let rid = { (i: Int) in "R\((layout.displayOrder.firstIndex(of: layout.rightOfPair[i]) ?? 0) + 1)" }
            decl += pairs.indices.map { "<value>L\($0 + 1) \(rid($0))</value>" }.joined()
            decl += "</correctResponse>\n    <mapping lowerBound=\"0\" upperBound=\"1\" defaultValue=\"0\">\n"
            for i in pairs.indices {
                decl += "      <mapEntry mapKey=\"L\(i + 1) \(rid(i))\" mappedValue=\"\(share)\"/>\n"
            }
            decl += "    </mapping>\n  </responseDeclaration>\n"
            interaction = "    <matchInteraction responseIdentifier=\"RESPONSE\" shuffle=\"true\" maxAssociations=\"\(pairs.count)\">\n"
            interaction += "      <simpleMatchSet>\n"
            for (i, p) in pairs.enumerated() {
                interaction += "        <simpleAssociableChoice identifier=\"L\(i + 1)\" matchMax=\"1\">\(BankText.inlineHTML(p.left[lang]))</simpleAssociableChoice>\n"
            }
            interaction += "      </simpleMatchSet>\n      <simpleMatchSet>\n"
            for (pos, r) in layout.displayOrder.enumerated() {
                interaction += "        <simpleAssociableChoice identifier=\"R\(pos + 1)\" matchMax=\"\(layout.uses[r])\">\(BankText.inlineHTML(layout.rights[r]))</simpleAssociableChoice>\n"
            }
            interaction += "      </simpleMatchSet>\n    </matchInteraction>\n"
            scoring = mapResponse

        case .ordering(let items):
            // I ids by written position (seeded, never solved); the key is the written
            // position of each item in the right order.
            let written = Fair.itemOrder(q, seed: seed)
            let idOf = { (k: Int) in "I\((written.firstIndex(of: k) ?? 0) + 1)" }
            decl = "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"ordered\" baseType=\"identifier\">\n"
            decl += "    <correctResponse>" + items.indices.map { "<value>\(idOf($0))</value>" }.joined() + "</correctResponse>\n"
            decl += "  </responseDeclaration>\n"
            interaction = "    <orderInteraction responseIdentifier=\"RESPONSE\" shuffle=\"true\">\n"
            for (pos, i) in written.enumerated() {
                interaction += "      <simpleChoice identifier=\"I\(pos + 1)\">\(BankText.inlineHTML(items[i][lang]))</simpleChoice>\n"
            }
            interaction += "    </orderInteraction>\n"
            // Partial credit per item in its place, as the quiz, Moodle and GIFT grade it:
            // count the items in place, then divide by their number.
            scoring = "    <setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">0</baseValue></setOutcomeValue>\n"
            for k in items.indices {
                scoring += """
                    <responseCondition>
                      <responseIf>
                        <match><index n="\(k + 1)"><variable identifier="RESPONSE"/></index><baseValue baseType="identifier">\(idOf(k))</baseValue></match>
                        <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">1</baseValue></sum></setOutcomeValue>
                      </responseIf>
                    </responseCondition>

                """
            }
            scoring += "    <setOutcomeValue identifier=\"SCORE\"><divide><variable identifier=\"SCORE\"/><baseValue baseType=\"float\">\(items.count)</baseValue></divide></setOutcomeValue>\n"
        }

        var s = """
        <?xml version="1.0" encoding="UTF-8"?>
        <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
        xsi:schemaLocation="http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p2.xsd" \
        identifier="\(ident)" title="\(x(MoodleWriter.title(q, lang)))" xml:lang="\(lang.htmlLang)" \
        adaptive="false" timeDependent="false" toolName="kmemguide" toolVersion="1">

        """
        s += decl
        s += """
          <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float" normalMaximum="1"><defaultValue><value>0</value></defaultValue></outcomeDeclaration>
          <outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float"><defaultValue><value>1</value></defaultValue></outcomeDeclaration>
          <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>
          <itemBody>
            <div>\(BankText.html(q.prompt[lang]))</div>

        """
        s += interaction
        s += "  </itemBody>\n  <responseProcessing>\n"
        s += scoring
        s += "    <setOutcomeValue identifier=\"FEEDBACK\"><baseValue baseType=\"identifier\">SOLUTION</baseValue></setOutcomeValue>\n"
        s += "  </responseProcessing>\n"
        s += "  <modalFeedback outcomeIdentifier=\"FEEDBACK\" identifier=\"SOLUTION\" showHide=\"show\" title=\"\(x(labels.explanation))\">"
        s += "<div>\(BankText.html(q.explanation[lang]))</div></modalFeedback>\n"
        s += "</assessmentItem>\n"
        return s
    }

    /// A string response scored by a case-insensitive mapping of every accepted spelling.
    private static func stringMapping(correct: String, accepted: [String]) -> String {
        var s = "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"string\">\n"
        s += "    <correctResponse><value>\(BankText.xml(correct))</value></correctResponse>\n"
        s += "    <mapping defaultValue=\"0\">\n"
        var keys = Set<String>()
        for a in accepted where keys.insert(a.lowercased()).inserted {
            s += "      <mapEntry mapKey=\"\(BankText.xml(a))\" mappedValue=\"1\" caseSensitive=\"false\"/>\n"
        }
        return s + "    </mapping>\n  </responseDeclaration>\n"
    }

    /// A Moodle percentage as a 0…1 score (33.33333 → 0.3333333).
    private static func unit(_ percent: String) -> String {
        let neg = percent.hasPrefix("-")
        let digits = neg ? String(percent.dropFirst()) : percent
        let v = (Double(digits)! * 100_000).rounded() / 10_000_000
        return (neg ? "-" : "") + AnswerText.number(v)
    }
}

/// The right-hand side of a matching question: distinct texts (two left items may share one
/// answer), which distinct text each pair points to, and a seeded display order that is not
/// the order of the pairs (that would show the question solved).
struct MatchingLayout {
    var rights: [String] = []
    var uses: [Int] = []
    var rightOfPair: [Int] = []
    var displayOrder: [Int]

    init(_ pairs: [MatchPair], lang: Language, seed: UInt64, id: String) {
        for p in pairs {
            let t = p.right[lang]
            if let i = rights.firstIndex(of: t) {
                rightOfPair.append(i); uses[i] += 1
            } else {
                rightOfPair.append(rights.count); rights.append(t); uses.append(1)
            }
        }
        displayOrder = Fair.unsolved(count: rights.count, seed: seed, salt: id + "#right")
    }
}
