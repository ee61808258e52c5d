import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import KmemBank
import KmemCore
import KmemQuestions
import Testing
import TestSupport

/// Fair keys, grading that agrees with the quiz, the structure an LMS needs, exam assembly
/// and the printed exam.
@Suite struct ExamTests {
    // MARK: Fair keys

    /// `n` single-choice questions with four options, the right one always listed first (as
    /// authors tend to write them).
    static func rightFirst(_ n: Int) -> [Question] {
        (0..<n).map { i in
            Question(id: "fair-\(i)", topic: "t\(i % 3)", difficulty: 1, kind: .singleChoice, prompt: Localized(all: "Q\(i)?"),
                     choices: (0..<4).map { Choice(id: "c\($0)", text: Localized(all: "option \($0) of \(i)"), correct: $0 == 0) },
                     answer: .choices(["c0"]), explanation: Localized(all: "because"), sources: [])
        }
    }

    /// Pearson's chi-square of `counts` against a uniform spread.
    static func chiSquare(_ counts: [Int]) -> Double {
        let total = Double(counts.reduce(0, +)), expected = total / Double(counts.count)
        return counts.reduce(0) { $0 + pow(Double($1) - expected, 2) / expected }
    }

    /// Critical values at p = 0.001 for 1…5 degrees of freedom: a fair shuffle exceeds them
    /// once in a thousand seeds; "right first" exceeds them by orders of magnitude.
    static let critical = [10.83, 13.82, 16.27, 18.47, 20.52]

    @Test func theRightOptionIsSpreadEvenlyInQTIAndMoodle() throws {
        let qs = Self.rightFirst(800)
        // QTI: the position of the identifier named by correctResponse among the written choices.
        var qti = [0, 0, 0, 0]
        var ids = [String: Int]()
        for q in qs {
            let xml = QTIItem.xml(Fair.arranged(q, seed: 1), ident: "x", lang: .en, seed: 1, words: Words.content)
            let right = xml.components(separatedBy: "<correctResponse><value>")[1].components(separatedBy: "<")[0]
            let written = xml.components(separatedBy: "<simpleChoice identifier=\"").dropFirst().map { $0.components(separatedBy: "\"")[0] }
            qti[try #require(written.firstIndex(of: right))] += 1
            ids[right, default: 0] += 1
        }
        #expect(Self.chiSquare(qti) < Self.critical[2], "right option by position in QTI: \(qti)")
        #expect(Self.chiSquare(ids.keys.sorted().map { ids[$0]! }) < Self.critical[2], "right identifier: \(ids)")
        #expect(Self.chiSquare([800, 0, 0, 0]) > Self.critical[2], "the bound would not catch right-first")

        // Moodle XML, as written to disk: the position of the 100 % answer.
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.moodle, .anki], languages: [.en], questions: qs)
        let doc = try XMLDocument(contentsOf: s.file("out/moodle-en.xml"))
        var moodle = [0, 0, 0, 0]
        for case let q as XMLElement in try doc.nodes(forXPath: "/quiz/question[@type='multichoice']") {
            let fractions = try q.nodes(forXPath: "answer/@fraction").compactMap(\.stringValue)
            moodle[try #require(fractions.firstIndex(of: "100"))] += 1
        }
        #expect(moodle.reduce(0, +) == 800)
        #expect(Self.chiSquare(moodle) < Self.critical[2], "right option by position in Moodle: \(moodle)")
        // Anki: the letter on the back is the position on the front.
        var anki = [0, 0, 0, 0]
        for row in read(s.file("out/anki-en.txt")).split(separator: "\n") where !row.hasPrefix("#") {
            let back = row.split(separator: "\t")[1]
            let letter = back.components(separatedBy: "<li><b>")[1].prefix(1)
            anki[Int(letter.unicodeScalars.first!.value) - 65] += 1
        }
        #expect(Self.chiSquare(anki) < Self.critical[2], "right letter on Anki cards: \(anki)")
    }

    @Test func generatedFamiliesSpreadTheRightOptionToo() {
        let qs = QuestionSet.build(authored: [], families: Generated.families, variants: 6, seed: 3, topics: nil, kinds: [.singleChoice], difficulty: nil)
        var byCount: [Int: [Int]] = [:]
        for q in qs {
            let a = Fair.arranged(q, seed: 1)
            guard case .choices(let set) = a.answer, let pos = a.choices.firstIndex(where: { set.contains($0.id) }) else { continue }
            byCount[a.choices.count, default: Array(repeating: 0, count: a.choices.count)][pos] += 1
        }
        for (n, counts) in byCount where counts.reduce(0, +) >= 10 * n {
            #expect(Self.chiSquare(counts) < Self.critical[n - 2], "\(n) options: right option by position \(counts)")
        }
    }

    @Test func matchingAndOrderingIdentifiersSayNothing() throws {
        // Matching with the pairs stored in order: the right side of L1 is spread over R1…R4.
        var pairOf = [0, 0, 0, 0], firstItem = [0, 0, 0, 0], multiple = [0, 0, 0, 0]
        for i in 0..<600 {
            let pairs = (0..<4).map { MatchPair(left: Localized(all: "l\($0)-\(i)"), right: Localized(all: "r\($0)-\(i)")) }
            let m = Question(id: "m\(i)", topic: "t", difficulty: 1, kind: .matching, prompt: Localized(all: "match"), answer: .matching(pairs),
                             explanation: Localized(all: "e"), sources: [])
            let xml = QTIItem.xml(Fair.arranged(m, seed: 1), ident: "x", lang: .en, seed: 1, words: Words.content)
            let first = xml.components(separatedBy: "<value>L1 R")[1].prefix(1)
            pairOf[Int(String(first))! - 1] += 1

            let items = (0..<4).map { Localized(all: "step \($0) of \(i)") }
            let o = Question(id: "o\(i)", topic: "t", difficulty: 1, kind: .ordering, prompt: Localized(all: "order"), answer: .ordering(items),
                             explanation: Localized(all: "e"), sources: [])
            let oxml = QTIItem.xml(Fair.arranged(o, seed: 1), ident: "x", lang: .en, seed: 1, words: Words.content)
            let firstID = oxml.components(separatedBy: "<correctResponse><value>I")[1].prefix(1)
            firstItem[Int(String(firstID))! - 1] += 1
            // Partial credit per item in place: one condition per item, then the division.
            #expect(oxml.components(separatedBy: "<index n=").count - 1 == 4)
            #expect(oxml.contains("<divide>"))

            let choices = (0..<4).map { Choice(id: "c\($0)", text: Localized(all: "opt \($0) \(i)"), correct: $0 < 2) }
            let mr = Question(id: "mr\(i)", topic: "t", difficulty: 1, kind: .multipleResponse, prompt: Localized(all: "which?"),
                              choices: choices, answer: .choices(["c0", "c1"]), explanation: Localized(all: "e"), sources: [])
            let mxml = QTIItem.xml(Fair.arranged(mr, seed: 1), ident: "x", lang: .en, seed: 1, words: Words.content)
            let written = mxml.components(separatedBy: "<simpleChoice identifier=\"").dropFirst().map { $0.components(separatedBy: "\"")[0] }
            let right = mxml.components(separatedBy: "<correctResponse>")[1].components(separatedBy: "</correctResponse>")[0]
                .components(separatedBy: "<value>").dropFirst().map { $0.components(separatedBy: "<")[0] }
            for r in right { multiple[try #require(written.firstIndex(of: r))] += 1 }
        }
        #expect(Self.chiSquare(pairOf) < Self.critical[2], "matching: L1's answer by R id \(pairOf)")
        #expect(Self.chiSquare(firstItem) < Self.critical[2], "ordering: first item by I id \(firstItem)")
        #expect(Self.chiSquare(multiple) < Self.critical[2], "multiple response: right options by position \(multiple)")
    }

    // MARK: Grading as the quiz grades

    static let kvfree = Question(id: "short-kvfree", topic: "vmalloc", difficulty: 1, kind: .shortAnswer,
                                 prompt: Localized(all: "Which call frees memory from kvmalloc?"),
                                 answer: .text([Localized(all: "kvfree()")]), explanation: Localized(all: "kvfree"), sources: [])

    @Test func shortAnswerSpellingsAreWhatTheQuizAccepts() throws {
        for q in [Self.kvfree] + SampleBank.questions where q.kind == .shortAnswer {
            for lang in Language.allCases {
                let spellings = BankCheck.spellings(q, lang)
                for s in spellings { #expect(grade(q, response: .text(s)).correct, "\(q.id): the export accepts `\(s)`, the quiz does not") }
            }
        }
        let s = BankCheck.spellings(Self.kvfree, .en)
        for needed in ["kvfree()", "kvfree", "`kvfree`", "`kvfree()`", "ｋｖｆｒｅｅ"] { #expect(s.contains(needed), "missing \(needed): \(s)") }
        // And every format lists them.
        let dir = Scratch(); defer { dir.cleanup() }
        try exportSamples(to: dir.url, formats: [.moodle, .gift, .qti21], languages: [.en], questions: [Self.kvfree])
        #expect(read(dir.file("out/moodle-en.xml")).contains("<text>`kvfree`</text>"))
        #expect(read(dir.file("out/kmemguide-en.gift")).contains("=kvfree\n"))
        let item = try ZipReader.entries(dir.file("out/qti21-en.zip")).first { $0.name.hasPrefix("items/") }
        #expect(String(decoding: try #require(item).data, as: UTF8.self).contains("mapKey=\"`kvfree()`\""))
    }

    @Test func moodleTrueFalsePenaltyIsOneAndPointsFollowDifficulty() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.moodle], languages: [.en])
        let doc = try XMLDocument(contentsOf: s.file("out/moodle-en.xml"))
        for case let q as XMLElement in try doc.nodes(forXPath: "/quiz/question[@type!='category']") {
            let id = try q.nodes(forXPath: "idnumber").first?.stringValue ?? ""
            let sample = try #require(SampleBank.questions.first { $0.id == id })
            let penalty = try q.nodes(forXPath: "penalty").first?.stringValue
            #expect(penalty == (sample.kind == .trueFalse ? "1" : "0.3333333"), "\(id): penalty \(penalty ?? "none")")
            #expect(try q.nodes(forXPath: "defaultgrade").first?.stringValue == String(Points.standard.of(sample)))
        }
    }

    // MARK: LMS structure

    static let familyBank = QuestionSet.build(authored: SampleBank.questions, families: Generated.families, variants: 3, seed: 1, topics: nil, kinds: nil, difficulty: nil)

    @Test func moodleAndGIFTHaveACategoryPerFamily() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.moodle, .gift], languages: [.en], questions: Self.familyBank)
        let doc = try XMLDocument(contentsOf: s.file("out/moodle-en.xml"))
        var category = ""
        var seen: [String: Set<String>] = [:]  // category → families in it
        for case let q as XMLElement in try doc.nodes(forXPath: "/quiz/question") {
            if q.attribute(forName: "type")?.stringValue == "category" {
                category = try q.nodes(forXPath: "category/text").first?.stringValue ?? ""
                continue
            }
            let id = try q.nodes(forXPath: "idnumber").first?.stringValue ?? ""
            let family = try #require(Self.familyBank.first { $0.id == id }).family
            seen[category, default: []].insert(family ?? "")
            if let family { #expect(category.hasSuffix("/" + family), "\(id) is in \(category)") }
        }
        let families = Set(Self.familyBank.compactMap(\.family))
        #expect(seen.count >= families.count, "not a category per family")
        for (c, f) in seen { #expect(f.count == 1, "\(c) mixes \(f)") }
        let gift = read(s.file("out/kmemguide-en.gift"))
        for f in families { #expect(gift.components(separatedBy: "$CATEGORY: ").filter { $0.hasPrefix("$course$/kmemguide/en/") && $0.contains("/\(f)\n") }.count == 1) }
    }

    @Test(.enabled(if: Tools.hasXmllint || Tools.requireTools, "xmllint is not installed (apt-get install libxml2-utils); the assessmentTest is not validated"),
          .enabled(if: Shared.shouldRun, Shared.skipReason))
    func qtiTestHasASectionPerFamilyAndValidates() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.qti21], languages: [.zh], questions: Self.familyBank)
        let entries = try ZipReader.entries(s.file("out/qti21-zh.zip"))
        let test = String(decoding: try #require(entries.first { $0.name == QTIWriter.testPath }).data, as: UTF8.self)
        let groups = Set(Self.familyBank.map { $0.topic + "/" + ($0.family ?? $0.id) })
        #expect(test.components(separatedBy: "<assessmentSection ").count - 1 == groups.count)
        #expect(test.components(separatedBy: "<selection select=\"1\"/>").count - 1 == groups.count)
        #expect(test.components(separatedBy: "<assessmentItemRef ").count - 1 == Self.familyBank.count)
        for q in Self.familyBank.prefix(12) {
            #expect(test.contains("<assessmentItemRef identifier=\"\(BankText.ncName(q.id))\" href=\"items/\(BankText.ncName(q.id)).xml\"><weight identifier=\"points\" value=\"\(Points.standard.of(q))\"/>"))
        }
        let manifest = String(decoding: try #require(entries.first { $0.name == "imsmanifest.xml" }).data, as: UTF8.self)
        #expect(manifest.contains("type=\"imsqti_test_xmlv2p1\""))
        #expect(manifest.contains("<imsmd:string>family:"))
        let file = s.file("test.xml")
        try Data(test.utf8).write(to: file)
        try #require(FileManager.default.isExecutableFile(atPath: Here.qtiValidator.path), "the QTI validator is missing at \(Here.qtiValidator.path)")
        let r = try Tools.run(["sh", Here.qtiValidator.path, file.path])
        #expect(r.status == 0, "assessmentTest does not validate:\n\(r.output)")
        try Data(manifest.utf8).write(to: s.file("m.xml"))
        let wf = try Tools.run(["xmllint", "--noout", s.file("m.xml").path])
        #expect(wf.status == 0, "manifest is not well-formed: \(wf.output)")
    }

    // MARK: Exam assembly

    static let spec = ExamSpec(count: 20, versions: 3, seed: 7)

    @Test func anExamHoldsOneVariantPerFamilyWithOtherNumbersPerVersion() throws {
        let exam = try ExamAssembler.assemble(authored: SampleBank.questions, families: Generated.families, spec: Self.spec)
        #expect(exam.versions.count == 3)
        for v in exam.versions {
            #expect(v.count == 20)
            let families = v.compactMap(\.family)
            #expect(Set(families).count == families.count, "a family twice in a version")
            #expect(Set(v.map(\.id)).count == 20)
        }
        // The same slots in every version, each family with its own numbers per version.
        let slots = exam.versions.map { Set($0.map { $0.family ?? $0.id }) }
        #expect(slots[0] == slots[1] && slots[1] == slots[2])
        var same = 0, families = 0
        for f in slots[0] where Generated.family(f) != nil {
            families += 1
            let prompts = exam.versions.map { v in v.first { $0.family == f }!.prompt.en }
            if Set(prompts).count < 3 { same += 1 }
        }
        #expect(families > 0)
        #expect(same == 0, "\(same) of \(families) families repeat their numbers across versions")
        // Own order per version; same seed, same exam; another seed, another exam.
        #expect(exam.versions[0].map { $0.family ?? $0.id } != exam.versions[1].map { $0.family ?? $0.id })
        let again = try ExamAssembler.assemble(authored: SampleBank.questions, families: Generated.families, spec: Self.spec)
        #expect(again.versions.map { $0.map(\.id) } == exam.versions.map { $0.map(\.id) })
        var other = Self.spec; other.seed = 8
        #expect(try ExamAssembler.assemble(authored: SampleBank.questions, families: Generated.families, spec: other).versions[0].map(\.id) != exam.versions[0].map(\.id))
    }

    @Test func filtersAndTooFewCandidates() throws {
        let exam = try ExamAssembler.assemble(authored: SampleBank.questions, families: Generated.families,
                                              spec: ExamSpec(count: 3, kinds: [.singleChoice, .numeric], difficulties: [1, 2], versions: 2, seed: 1))
        for q in exam.versions.flatMap({ $0 }) {
            #expect([.singleChoice, .numeric].contains(q.kind) && [1, 2].contains(q.difficulty))
        }
        do {
            _ = try ExamAssembler.assemble(authored: [], families: Generated.families, spec: ExamSpec(count: 10_000))
            Issue.record("10,000 questions from fewer candidates did not fail")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message.contains("fewer than 10000"))
        }
    }

    @Test func blueprintsPerTopicAndDifficultyMix() throws {
        // Two per topic from the topics that have two or more; a topic with fewer is named.
        let all = Generated.families.map(\.topic) + SampleBank.questions.map(\.topic)
        let topics = Set(all.filter { t in all.filter { $0 == t }.count >= 2 })
        let per = try ExamAssembler.assemble(authored: SampleBank.questions, families: Generated.families, spec: ExamSpec(count: 0, topics: topics, versions: 1, seed: 2, perTopic: 2))
        var byTopic: [String: Int] = [:]
        for q in per.versions[0] { byTopic[q.topic, default: 0] += 1 }
        #expect(Set(byTopic.keys) == topics)
        #expect(byTopic.values.allSatisfy { $0 == 2 }, "\(byTopic)")
        do {
            _ = try ExamAssembler.assemble(authored: SampleBank.questions, families: Generated.families, spec: ExamSpec(count: 0, versions: 1, seed: 2, perTopic: 2))
            if Set(all) != topics { Issue.record("a topic with one candidate gave two questions") }
        } catch {
            #expect(error.message.contains("match topic `"))
        }

        let mixed = try ExamAssembler.assemble(authored: SampleBank.questions, families: Generated.families, spec: ExamSpec(count: 10, versions: 2, seed: 2, mix: [40, 40, 20]))
        for v in mixed.versions {
            #expect([1, 2, 3].map { d in v.filter { $0.difficulty == d }.count } == [4, 4, 2])
        }
        #expect(throws: Diagnostic.self) { try ExamAssembler.assemble(authored: [], families: Generated.families, spec: ExamSpec(count: 10, mix: [50, 50, 10])) }
    }

    @Test func anExamExportPrintsItsVersionsAndGroupsTheFamiliesForTheLMS() throws {
        let exam = try ExamAssembler.assemble(authored: SampleBank.questions, families: Generated.families, spec: Self.spec)
        let s = Scratch(); defer { s.cleanup() }
        var o = BankOptions(formats: [.print, .moodle, .qti21, .gift], languages: [.ja], output: s.file("out"), versions: 3, seed: 7, words: Words.content)
        o.exam = exam
        let report = try BankExporter.export(exam.pool, options: o)
        #expect(report.files.contains("exam-v3-ja-key.html"))
        for v in 1...3 {
            let paper = read(s.file("out/exam-v\(v)-ja.html"))
            let items = paper.components(separatedBy: "<li><span class=\"points\">").count - 1
            #expect(items == 20, "version \(v) prints \(items) questions")
            // The first question printed is this version's first.
            #expect(paper.contains(BankText.html(exam.versions[v - 1][0].prompt.ja)))
            let key = read(s.file("out/exam-v\(v)-ja-key.html"))
            #expect(key.components(separatedBy: "<tr><td>").count - 1 == 20, "the grid of version \(v)")
        }
        let moodle = read(s.file("out/moodle-ja.xml"))
        #expect(moodle.components(separatedBy: "<question type=\"category\">").count - 1 >= 20 - SampleBank.questions.count)
        #expect(moodle.components(separatedBy: "<defaultgrade>").count - 1 == exam.pool.count)
    }

    // MARK: Print

    @Test(arguments: Language.allCases)
    func everyPrintedPageCarriesVersionNamePageNumberAndPoints(lang: Language) throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.print], languages: [lang])
        let l = Words.content.labels(lang)
        let exam = read(s.file("out/exam-v2-\(lang.rawValue).html"))
        #expect(exam.contains("@top-left { content: \"\(l.version) 2\""))
        #expect(exam.contains("@top-right { content: \"\(l.name)\(lang == .en ? ": " : "：")"))
        #expect(exam.contains("@bottom-center { content: counter(page) \" / \" counter(pages)"))
        #expect(exam.contains(l.pointsLabel(2)))
        let key = read(s.file("out/exam-v2-\(lang.rawValue)-key.html"))
        #expect(key.components(separatedBy: "<tr><td>").count - 1 == SampleBank.questions.count)
        #expect(key.contains("page-break-after: always"))
        if lang != .en {
            #expect(!exam.contains("italic"), "\(lang) text set in italic")
            #expect(!key.contains("italic"))
        }
    }
}
