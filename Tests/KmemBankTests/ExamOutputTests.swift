import Foundation
@testable import KmemBank
import KmemCore
import KmemQuestions
import Testing
import TestSupport

extension Tools {
    static let chromium = Chromium.find()
    static let hasCanvasCheckers: Bool = {
        guard which("python3") != nil else { return false }
        return (try? run(["python3", "-c", "import pyslet.qtiv1.xml, text2qti.qti"]))?.status == 0
    }()
}

/// What issue 12 added last: PDFs through headless Chromium, the Canvas (QTI 1.2) export and
/// exam blueprint files.
@Suite struct ExamOutputTests {
    static let familyBank = QuestionSet.build(authored: SampleBank.questions, families: Generated.families, variants: 3, seed: 1, topics: nil, kinds: nil, difficulty: nil)

    // MARK: PDF

    @Test func pdfDatesAreFixedInPlaceAndOffsetsKept() {
        let raw = Array("%PDF-1.4\n1 0 obj\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261203220221+00'00')\n/ModDate (D:20261203220221+09'00')>>\nendobj\ntrailer\n<</Size 3 /ID [<0123456789abcdef0123456789ABCDEF> <fedcba9876543210fedcba9876543210>]>>\nstartxref\n9\n%%EOF\n".utf8)
        let fixed = PDFBytes.normalize(raw)
        let text = String(decoding: fixed, as: UTF8.self)
        #expect(fixed.count == raw.count, "a byte offset moved")
        #expect(text.contains("/CreationDate (D:19800101000000+00'00')"))
        #expect(text.contains("/ModDate (D:19800101000000+00'00')"))
        #expect(!text.contains("2026") && !text.contains("0123456789abcdef"), "the time or the random ID survived")
        #expect(text.contains("/ID [<") && text.contains("> <"))
        // Everything else is untouched.
        let before = { (t: String) in t.components(separatedBy: "/CreationDate")[0] }
        let after = { (t: String) in t.components(separatedBy: "]>>").last ?? "" }
        let rawText = String(decoding: raw, as: UTF8.self)
        #expect(before(text) == before(rawText) && after(text) == after(rawText))
        // The same input gives the same bytes; the ID follows the content.
        #expect(PDFBytes.normalize(raw) == fixed)
        var other = raw
        other[other.firstIndex(of: UInt8(ascii: "S"))!] = UInt8(ascii: "T")
        #expect(PDFBytes.normalize(other) != fixed)
    }

    @Test func withoutChromiumOneMessageSaysWhatToDo() throws {
        #expect(Chromium.find(path: "") == nil)
        #expect(Chromium.find(path: "/nonexistent:/also-not") == nil)
        #expect(Chromium.find(explicit: "/nonexistent/chromium") == nil)
        let d = Chromium.missing()
        #expect(d.kind == .unavailable)
        #expect(d.message.contains("chromium") && d.hint?.contains("apt-get install chromium") == true)
        #expect(d.hint?.contains("--format print") == true)
        // The exporter refuses before writing anything: no output folder appears.
        let s = Scratch(); defer { s.cleanup() }
        var o = BankOptions(formats: [.pdf], languages: [.en], output: s.file("out"), versions: 1, seed: 1, words: Words.content)
        o.chromium = "/nonexistent/chromium"
        do {
            _ = try BankExporter.export(SampleBank.questions, options: o)
            Issue.record("a PDF export without a browser succeeded")
        } catch {
            #expect(error.kind == .unavailable)
            #expect(error.message.contains("/nonexistent/chromium"))
        }
        #expect(!FileManager.default.fileExists(atPath: s.file("out").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.url.path).isEmpty, "a staging folder was left behind")
    }

    @Test(.enabled(if: Tools.chromium != nil || Tools.requireTools,
                   "headless Chromium is not installed (apt-get install chromium fonts-noto-cjk); --format pdf is not checked"))
    func twoRunsPrintByteIdenticalPDFs() throws {
        try #require(Tools.chromium != nil, "no chromium, chromium-browser or google-chrome on PATH")
        let exam = try ExamAssembler.assemble(authored: SampleBank.questions, families: Generated.families, spec: ExamSpec(count: 4, versions: 1, seed: 3))
        var runs: [[String: Data]] = []
        for _ in 0..<2 {
            let s = Scratch(); defer { s.cleanup() }
            var o = BankOptions(formats: [.pdf], languages: [.en, .ja], output: s.file("out"), versions: 1, seed: 3, words: Words.content)
            o.exam = exam
            let report = try BankExporter.export(exam.pool, options: o)
            #expect(report.files == ["exam-v1-en-key.pdf", "exam-v1-en.pdf", "exam-v1-ja-key.pdf", "exam-v1-ja.pdf"])
            // Only the PDFs: the HTML they were printed from is not left behind.
            let onDisk = Set(try FileManager.default.contentsOfDirectory(atPath: s.file("out").path))
            #expect(onDisk == Set(report.files + [BankExporter.marker]))
            var files: [String: Data] = [:]
            for f in report.files { files[f] = FileManager.default.contents(atPath: s.file("out/" + f).path) }
            runs.append(files)
        }
        for (name, data) in runs[0] {
            #expect(data.prefix(5) == Data("%PDF-".utf8), "\(name) is not a PDF")
            #expect(data == runs[1][name], "\(name) differs between two runs")
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains("/CreationDate (D:19800101000000"), "\(name) keeps the time it was printed")
            #expect(text.contains("/Type /Page") || text.contains("/Type/Page"), "\(name) has no page")
        }
        #expect(runs[0]["exam-v1-ja.pdf"] != runs[0]["exam-v1-en.pdf"])
    }

    // MARK: Canvas (QTI 1.2)

    static func canvasQuiz(_ zip: URL, _ lang: Language) throws -> String {
        let entries = try ZipReader.entries(zip)
        let crcOK = entries.allSatisfy { $0.crcOK }
        let names = Set(entries.map { $0.name })
        #expect(crcOK)
        #expect(names == ["imsmanifest.xml", "non_cc_assessments/", "kmemguide-\(lang.rawValue)/assessment_meta.xml",
                                              "kmemguide-\(lang.rawValue)/kmemguide-\(lang.rawValue).xml"])
        return String(decoding: try #require(entries.first { $0.name.hasSuffix("kmemguide-\(lang.rawValue).xml") }).data, as: UTF8.self)
    }

    @Test func canvasGroupsEachFamilyAndCarriesPoints() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.canvas], languages: [.ja], questions: Self.familyBank)
        let quiz = try Self.canvasQuiz(s.file("out/canvas-ja.zip"), .ja)
        let families = Set(Self.familyBank.compactMap { q in q.family.map { "\(q.topic)/\($0)" } })
        #expect(quiz.components(separatedBy: "<selection_number>1</selection_number>").count - 1 == families.count)
        #expect(quiz.components(separatedBy: "<item ident=").count - 1 == Self.familyBank.count)
        for q in Self.familyBank {
            let item = try #require(quiz.components(separatedBy: "<item ident=\"\(BankText.ncName(q.id))\"").dropFirst().first)
            #expect(item.contains("<fieldlabel>points_possible</fieldlabel><fieldentry>\(Points.standard.of(q)).0</fieldentry>"), "\(q.id)")
        }
        // Every kind becomes a Canvas type; ordering becomes matching to positions.
        for type in ["multiple_choice_question", "multiple_answers_question", "true_false_question", "numerical_question",
                     "short_answer_question", "matching_question"] {
            #expect(quiz.contains("<fieldentry>\(type)</fieldentry>"), "no \(type)")
        }
        #expect(quiz.contains("lang=&quot;ja&quot;"))
    }

    @Test func canvasIdentifiersSayNothingAboutTheKey() throws {
        // Right first in every authored question: the right identifier must still be spread.
        let qs = ExamTests.rightFirst(400)
        var right = [String: Int]()
        for q in qs {
            let xml = CanvasItem.xml(Fair.arranged(q, seed: 1), ident: "x", lang: .en, seed: 1, words: Words.content, points: 1, indent: 6)
            let id = xml.components(separatedBy: "<varequal respident=\"response1\">")[1].components(separatedBy: "<")[0]
            right[id, default: 0] += 1
        }
        #expect(Set(right.keys) == ["1001", "1002", "1003", "1004"])
        #expect(ExamTests.chiSquare(right.keys.sorted().map { right[$0]! }) < ExamTests.critical[2], "right identifier: \(right)")
    }

    @Test(.enabled(if: Tools.hasCanvasCheckers || Tools.requireTools,
                   "python3 with pyslet and text2qti is not installed (python3 -m pip install pyslet text2qti); the Canvas export is not checked"))
    func canvasExportReadsAsQTI12AndHasText2qtisShapes() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.canvas], questions: Self.familyBank)
        let script = Here.repo.appendingPathComponent("scripts/canvas-check.py").path
        let zips = Language.allCases.map { s.file("out/canvas-\($0.rawValue).zip").path }
        let r = try Tools.run(["python3", script] + zips)
        #expect(r.status == 0, "the Canvas checks failed:\n\(r.output)")
        #expect(r.output.components(separatedBy: "\(Self.familyBank.count) items OK").count - 1 == 3, "\(r.output)")
        // The checker can fail: an answer the item does not offer is caught.
        let quiz = try Self.canvasQuiz(URL(fileURLWithPath: zips[0]), .en)
        let broken = quiz.replacingOccurrences(of: "<varequal respident=\"response1\">1001</varequal>", with: "<varequal respident=\"response1\">1099</varequal>")
        #expect(broken != quiz)
        let entries = try ZipReader.entries(URL(fileURLWithPath: zips[0]))
        let bad = s.file("bad.zip")
        let z = try ZipWriter(bad, scratch: s.file(".bad.central"))
        for e in entries { try z.add(e.name, e.name.hasSuffix("kmemguide-en.xml") ? Array(broken.utf8) : e.data) }
        try z.finish()
        let r2 = try Tools.run(["python3", script, bad.path])
        #expect(r2.status != 0 && r2.output.contains("which response1 does not offer"), "\(r2.output)")
    }

    // MARK: Blueprint

    static let topics: Set<String> = ["gfp", "vmalloc", "kmalloc"]

    static func blueprintError(_ text: String) -> Diagnostic? {
        do { _ = try ExamBlueprint.parse(text, file: "exam.yaml", knownTopics: topics); return nil } catch { return error }
    }

    @Test func aGoodBlueprintGivesEveryValue() throws {
        let b = try ExamBlueprint.parse("""
        # midterm
        count: 20
        mix: 40/40/20
        topics: [gfp, vmalloc]
        kinds:
          - single
          - numeric
        difficulty: 1,2
        points: [1, 2, 4]
        versions: 3
        seed: 7
        """, file: "exam.yaml", knownTopics: Self.topics)
        #expect(b.count == 20 && b.perTopic == nil)
        #expect(b.mix == [40, 40, 20])
        #expect(b.topics == ["gfp", "vmalloc"])
        #expect(b.kinds == [.singleChoice, .numeric])
        #expect(b.difficulty == [1, 2])
        #expect(b.points == Points(byDifficulty: [1, 2, 4]))
        #expect(b.versions == 3 && b.seed == 7)
        let perTopic = try ExamBlueprint.parse("per-topic: 2\npoints: 1\n", file: "e.yaml", knownTopics: [])
        #expect(perTopic.perTopic == 2 && perTopic.count == nil && perTopic.points == Points(byDifficulty: [1, 1, 1]))
        #expect(try ExamBlueprint.parse("", file: "e.yaml", knownTopics: []) == ExamBlueprint())
    }

    @Test(arguments: [
        ("count: 20\nsections: 3\n", 2, "unknown key `sections`"),
        ("count: 20\nversions: 0\n", 2, "`versions` must be a whole number from 1 to 100"),
        ("count: twenty\n", 1, "`count` must be a whole number"),
        ("count: 20\nmix: 40/40/40\n", 2, "sum to 100"),
        ("count: 20\ntopics:\n  - gfp\n  - slab\n", 4, "unknown topic `slab`"),
        ("count: 20\nkinds: [single, essay]\n", 2, "unknown kind `essay`"),
        ("count: 20\ndifficulty: [1, 4]\n", 2, "unknown difficulty `4`"),
        ("count: 20\npoints: 1,2\n", 2, "`points` must be one whole number"),
        ("seed: -1\ncount: 3\n", 1, "`seed` must be a whole number"),
        ("count: 20\nseed:\n", 2, "`seed` has no value"),
        ("count: &n 20\nversions: *n\n", 1, "anchors"),
        ("count: 3\nper-topic: 2\n", 1, "both `count` and `per-topic`"),
        ("- count: 3\n", 1, "mapping"),
    ])
    func aBadBlueprintNamesItsLine(text: String, line: Int, message: String) throws {
        let e = try #require(Self.blueprintError(text), "`\(text)` was accepted")
        #expect(e.kind == .data)
        #expect(e.location?.file == "exam.yaml")
        #expect(e.location?.line == line, "\(e)")
        #expect(e.description.contains(message), "\(e)")
    }

    @Test func aMissingBlueprintIsNoInput() {
        do {
            _ = try ExamBlueprint.load(URL(fileURLWithPath: "/nonexistent/exam.yaml"), knownTopics: [])
            Issue.record("a missing file was read")
        } catch {
            #expect(error.kind == .noInput)
            #expect(error.location?.file == "/nonexistent/exam.yaml")
        }
    }
}
