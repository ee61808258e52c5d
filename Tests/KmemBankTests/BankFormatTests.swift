import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import KmemBank
import KmemCore
import KmemQuestions
import Testing
import TestSupport

/// Golden files and the rules of each format, on the sample bank (every kind, en/zh/ja).
@Suite struct BankFormatTests {
    // MARK: Golden files

    @Test func goldenFilesForEveryFormatAndLanguage() throws {
        let s = Scratch(); defer { s.cleanup() }
        let report = try exportSamples(to: s.url)
        let out = s.file("out")
        #expect(report.questions == SampleBank.questions.count)
        for name in report.files {
            if name.hasSuffix(".apkg") {
                continue  // SQLite inside: AnkiTests reads it with Anki's own library
            } else if name.hasSuffix(".zip") {
                // The archive as a listing: each entry's name, then its text.
                let listing = try ZipReader.entries(out.appendingPathComponent(name))
                    .map { "=== \($0.name)\n" + String(decoding: $0.data, as: UTF8.self) }.joined()
                Golden.check(listing, against: Here.golden.appendingPathComponent(name + ".txt"))
            } else {
                Golden.check(read(out.appendingPathComponent(name)), against: Here.golden.appendingPathComponent(name))
            }
        }
        // The words the files say themselves follow Chinese and Japanese typography: no space
        // after a full-width colon, no half-width "(…:" around our own asides.
        for name in report.files where (name.contains("-zh") || name.contains("-ja")) && !name.hasSuffix(".apkg") && !name.hasSuffix(".zip") {
            let text = read(out.appendingPathComponent(name))
            for bad in ["： ", "(别解:", "(也接受:", "(Also accepted", "誤りの理由 A:", "为什么不是 A:"] {
                #expect(!text.contains(bad), "\(name) contains \"\(bad)\"")
            }
        }
        // Names a person understands, and nothing else.
        let expected: Set<String> = [
            "moodle-en.xml", "moodle-zh.xml", "moodle-ja.xml", "kmemguide-en.gift", "kmemguide-zh.gift", "kmemguide-ja.gift",
            "qti21-en.zip", "qti21-zh.zip", "qti21-ja.zip", "canvas-en.zip", "canvas-zh.zip", "canvas-ja.zip", "anki-en.txt", "anki-zh.txt", "anki-ja.txt",
            "anki-en.apkg", "anki-zh.apkg", "anki-ja.apkg",
            "bank-en.json", "bank-zh.json", "bank-ja.json", "bank.schema.json", "bank-en.csv", "bank-zh.csv", "bank-ja.csv",
            "exam-v1-en.html", "exam-v1-en-key.html", "exam-v2-en.html", "exam-v2-en-key.html",
            "exam-v1-zh.html", "exam-v1-zh-key.html", "exam-v2-zh.html", "exam-v2-zh-key.html",
            "exam-v1-ja.html", "exam-v1-ja-key.html", "exam-v2-ja.html", "exam-v2-ja-key.html",
        ]
        #expect(Set(report.files) == expected)
        let onDisk = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        #expect(onDisk == expected.union([BankExporter.marker]))
    }

    @Test func repositorySchemaIsTheOneWritten() {
        Golden.check(BankSchema.text, against: Here.repo.appendingPathComponent("schemas/bank.schema.json"))
    }

    @Test func twoRunsAreByteIdentical() throws {
        let a = Scratch(), b = Scratch()
        defer { a.cleanup(); b.cleanup() }
        let r1 = try exportSamples(to: a.url)
        try exportSamples(to: b.url)
        for name in r1.files + [BankExporter.marker] {
            let x = FileManager.default.contents(atPath: a.file("out/\(name)").path)
            let y = FileManager.default.contents(atPath: b.file("out/\(name)").path)
            #expect(x != nil && x == y, "\(name) differs between two runs")
        }
    }

    // MARK: Moodle

    @Test func moodleFractionsSplitAndSum() {
        for n in 1...20 {
            let f = MoodleFractions.split(correct: n)
            #expect(f?.count == n, "no split for \(n)")
            #expect(f?.allSatisfy(MoodleFractions.isAllowed) == true)
            let sum = f?.compactMap(Double.init).reduce(0, +) ?? 0
            #expect(abs(sum - 100) < 0.0001, "\(n) correct: \(f ?? []) sums to \(sum)")
        }
        #expect(MoodleFractions.split(correct: 3) == ["33.33333", "33.33333", "33.33333"])
        #expect(MoodleFractions.split(correct: 12)?.sorted() == (Array(repeating: "10", count: 8) + Array(repeating: "5", count: 4)).sorted())
        #expect(MoodleFractions.split(correct: 21) == nil)
        for k in 1...30 { #expect(MoodleFractions.isAllowed(MoodleFractions.penalty(wrong: k))) }
        #expect(MoodleFractions.penalty(wrong: 1) == "-100")
        #expect(MoodleFractions.penalty(wrong: 3) == "-33.33333")
    }

    @Test(arguments: Language.allCases)
    func moodleUsesOnlyAllowedFractions(lang: Language) throws {
        let s = Scratch(); defer { s.cleanup() }
        // Every kind, and multiple-response questions with 1…7 correct answers.
        let many = (1...7).map { n in multiple(correct: n, wrong: 8 - n) }
        try exportSamples(to: s.url, formats: [.moodle], languages: [lang], questions: SampleBank.questions + many)
        let xml = try XMLDocument(contentsOf: s.file("out/moodle-\(lang.rawValue).xml"))
        let questions = try xml.nodes(forXPath: "/quiz/question")
        #expect(questions.count == SampleBank.questions.count + many.count + 6) // 6 topic categories
        var multipleSeen = 0
        for case let q as XMLElement in questions {
            let type = q.attribute(forName: "type")?.stringValue ?? ""
            if type == "category" {
                let path = try q.nodes(forXPath: "category/text").first?.stringValue ?? ""
                #expect(path.hasPrefix("$course$/kmemguide/\(lang.rawValue)/"))
                continue
            }
            #expect(try q.nodes(forXPath: "generalfeedback[@format='html']/text").first?.stringValue?.isEmpty == false)
            guard type != "ordering" else { continue } // there `fraction` is the position (qtype_ordering's format)
            let fractions = try q.nodes(forXPath: "answer/@fraction").compactMap(\.stringValue)
            for f in fractions { #expect(MoodleFractions.isAllowed(f), "fraction \(f) is not one of Moodle's") }
            if type == "multichoice", try q.nodes(forXPath: "single").first?.stringValue == "false" {
                multipleSeen += 1
                let positive = fractions.compactMap(Double.init).filter { $0 > 0 }
                #expect(abs(positive.reduce(0, +) - 100) < 0.0001, "positive fractions \(positive) do not sum to 100")
                // Wrong options cost marks (GIFT and Moodle: a negative allowed fraction), never a bare 0.
                #expect(fractions.filter { (Double($0) ?? 0) <= 0 }.allSatisfy { $0.hasPrefix("-") })
            }
        }
        #expect(multipleSeen == 8)
    }

    @Test func moodleOrderingUsesPositionsAndCDATASurvivesSplitting() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.moodle], languages: [.en])
        let xml = try XMLDocument(contentsOf: s.file("out/moodle-en.xml"))
        let ordering = try xml.nodes(forXPath: "/quiz/question[@type='ordering']/answer/@fraction").compactMap(\.stringValue)
        // Every position once, written in a seeded order that is not the solved one.
        #expect(ordering.sorted() == ["1", "2", "3", "4"] && ordering != ["1", "2", "3", "4"])
        // `a[i[0]]> 0` holds "]]>": the CDATA section must have been split and still read back whole.
        let text = try xml.nodes(forXPath: "/quiz/question[idnumber='sample-atomic-flag']/questiontext/text").first?.stringValue ?? ""
        #expect(text.contains("a[i[0]]&gt; 0"))
        let hex = try xml.nodes(forXPath: "/quiz/question[idnumber='sample-page-offset']/answer/text").compactMap(\.stringValue)
        #expect(hex == ["0xc0000000", "c0000000"])
    }

    // MARK: GIFT

    @Test func giftEscapingRoundTrips() {
        let samples = ["~ = # { } : \\", "a\\b", "::title::", "{=x}", "#### fb", "100%", "多行\n文本", "\\n literal", "end\\"]
        for t in samples {
            let e = BankText.gift(t)
            #expect(BankText.ungift(e) == t, "round trip of \(t.debugDescription) gave \(BankText.ungift(e).debugDescription)")
            #expect(!e.contains("\n"))
            #expect(unescaped(e, in: "~=#{}:").isEmpty, "unescaped special character in \(e)")
        }
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("~=#{}:\\n \tabc日本語\n")
        for _ in 0..<2000 {
            let t = String((0..<rng.below(20)).map { _ in alphabet[rng.below(alphabet.count)] })
            #expect(BankText.ungift(BankText.gift(t)) == t.replacingOccurrences(of: "\r", with: ""))
        }
    }

    @Test(arguments: Language.allCases)
    func giftFileParsesBack(lang: Language) throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.gift], languages: [lang])
        let text = read(s.file("out/kmemguide-\(lang.rawValue).gift"))
        let blocks = text.components(separatedBy: "\n\n").filter { $0.hasPrefix("::") }
        #expect(blocks.count == SampleBank.questions.count)
        for (block, q) in zip(blocks, SampleBank.questions) {
            // Exactly one unescaped `{` … `}`: everything else in the text was escaped.
            let braces = unescaped(block, in: "{}")
            #expect(braces == ["{", "}"], "\(q.id): unescaped braces \(braces)")
            // The title between the first two unescaped `::`.
            let colons = unescapedIndices(block, of: ":")
            try #require(colons.count >= 4)
            let title = String(block[block.index(after: colons[1])..<colons[2]])
            #expect(BankText.ungift(title) == MoodleWriter.title(q, lang))
            // Question text and general feedback read back to the HTML written.
            let afterTitle = block[block.index(after: colons[3])...]
            let open = unescapedIndices(String(afterTitle), of: "{")[0]
            let qtext = String(String(afterTitle)[..<open])
            #expect(BankText.ungift(qtext) == "[html]" + BankText.html(q.prompt[lang]))
            let fb = block.components(separatedBy: "\t####").last!.dropLast(2)  // "\n}"
            #expect(BankText.ungift(String(fb)) == BankText.html(q.explanation[lang]))
        }
        #expect(text.contains("$CATEGORY: $course$/kmemguide/\(lang.rawValue)/kmalloc"))
        #expect(text.contains("\t#8388608:0\n"))
        #expect(text.contains("\t~%33.33333%"))
        // A wrong tick costs what a right one gives (3 right: 33.33333), as the quiz grades.
        #expect(text.contains("\t~%-33.33333%"))
        #expect(text.contains(" -> 1\n"))
    }

    // MARK: QTI

    @Test(.enabled(if: Tools.hasXmllint || Tools.isCI, "xmllint is not installed (apt-get install libxml2-utils); QTI schema validation skipped"),
          .enabled(if: Shared.shouldRun, Shared.skipReason))
    func qtiItemsValidateAgainstTheIMSSchema() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.qti21])
        try #require(FileManager.default.isExecutableFile(atPath: Here.qtiValidator.path),
                     "the QTI validator is missing at \(Here.qtiValidator.path): clone shared/ beside the repository")
        var itemFiles: [String] = []
        for lang in Language.allCases {
            let entries = try ZipReader.entries(s.file("out/qti21-\(lang.rawValue).zip"))
            #expect(entries.allSatisfy { $0.crcOK })
            #expect(entries.count == SampleBank.questions.count + 2)  // items, the assessmentTest, the manifest
            let manifest = try #require(entries.first { $0.name == "imsmanifest.xml" })
            let m = String(decoding: manifest.data, as: UTF8.self)
            #expect(m.components(separatedBy: "type=\"imsqti_item_xmlv2p1\"").count - 1 == SampleBank.questions.count)
            let dir = s.file("items-\(lang.rawValue)")
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("items"), withIntermediateDirectories: true)
            for e in entries {
                let url = dir.appendingPathComponent(e.name)
                try Data(e.data).write(to: url)
                if e.name.hasPrefix("items/") {
                    itemFiles.append(url.path)
                    #expect(m.contains("href=\"\(e.name)\""), "\(e.name) is not in the manifest")
                }
            }
            let wf = try Tools.run(["xmllint", "--noout", dir.appendingPathComponent("imsmanifest.xml").path])
            #expect(wf.status == 0, "imsmanifest.xml is not well-formed: \(wf.output)")
        }
        let result = try Tools.run(["sh", Here.qtiValidator.path] + itemFiles)
        #expect(result.status == 0, "QTI items do not validate:\n\(result.output)")
        // Every interaction kind is there.
        let all = itemFiles.map { read(URL(fileURLWithPath: $0)) }.joined()
        for tag in ["choiceInteraction", "textEntryInteraction", "matchInteraction", "orderInteraction", "modalFeedback", "mapResponse"] {
            #expect(all.contains("<\(tag)"), "no \(tag)")
        }
    }

    @Test func zipWithMoreThan65535EntriesUsesZip64() throws {
        let s = Scratch(); defer { s.cleanup() }
        let zip = try ZipWriter(s.file("big.zip"), scratch: s.file(".central"))
        for i in 0..<70_000 { try zip.add("f\(i).txt", Array("\(i)\n".utf8)) }
        try zip.finish()
        let entries = try ZipReader.entries(s.file("big.zip"))
        #expect(entries.count == 70_000)
        #expect(entries.last?.name == "f69999.txt" && entries.last?.data == Array("69999\n".utf8))
        #expect(entries.allSatisfy { $0.crcOK })
        #expect(!FileManager.default.fileExists(atPath: s.file(".central").path))
        if Tools.which("python3") != nil {
            let py = try Tools.run(["python3", "-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))", s.file("big.zip").path])
            #expect(py.status == 0 && py.output.hasPrefix("70000"), "python's zipfile: \(py.output)")
        }
    }

    // MARK: JSON

    @Test(.enabled(if: Tools.hasJsonschema || Tools.isCI, "python3 with jsonschema is not installed (pip install jsonschema); JSON Schema validation skipped"))
    func jsonValidatesAgainstTheSchema() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.json])
        let out = s.file("out")
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        v = jsonschema.Draft202012Validator(schema)
        bad = 0
        for f in sys.argv[2:]:
            for e in v.iter_errors(json.load(open(f, encoding="utf-8"))):
                bad += 1; print(f, list(e.absolute_path), e.message)
        sys.exit(1 if bad else 0)
        """
        let files = Language.allCases.map { out.appendingPathComponent("bank-\($0.rawValue).json").path }
        let r = try Tools.run(["python3", "-c", script, out.appendingPathComponent("bank.schema.json").path] + files)
        #expect(r.status == 0, "JSON does not validate:\n\(r.output)")
        // And the schema rejects what it should: a kind whose answer does not fit.
        let broken = s.file("broken.json")
        let text = read(out.appendingPathComponent("bank-en.json"))
            .replacingOccurrences(of: "\"kind\": \"truefalse\"", with: "\"kind\": \"numeric\"")
        try Data(text.utf8).write(to: broken)
        let r2 = try Tools.run(["python3", "-c", script, out.appendingPathComponent("bank.schema.json").path, broken.path])
        #expect(r2.status != 0, "the schema accepted a truefalse answer on a numeric question")
    }

    @Test(arguments: Language.allCases)
    func jsonReadsBackWithTheAuthoredText(lang: Language) throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.json], languages: [lang])
        let data = try #require(FileManager.default.contents(atPath: s.file("out/bank-\(lang.rawValue).json").path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["language"] as? String == lang.rawValue)
        let qs = try #require(root["questions"] as? [[String: Any]])
        #expect(qs.count == SampleBank.questions.count)
        #expect(root["questionCount"] as? Int == qs.count)
        for (j, q) in zip(qs, SampleBank.questions) {
            #expect(j["id"] as? String == q.id)
            #expect(j["prompt"] as? String == q.prompt[lang])
            #expect(j["explanation"] as? String == q.explanation[lang])
        }
    }

    /// The site embeds the JSON bank from memory: it must be the very bytes of the file.
    @Test(arguments: Language.allCases)
    func jsonInMemoryIsTheFileWritten(lang: Language) throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.json], languages: [lang])
        let file = read(s.file("out/bank-\(lang.rawValue).json"))
        #expect(!file.isEmpty)
        #expect(JSONWriter.document(SampleBank.questions, lang: lang, seed: 1, variants: 3, points: .standard) == file)
        #expect(JSONWriter.document([Question](), lang: lang, seed: 1, variants: 3, points: .standard).hasSuffix("[]\n}\n"))
    }

    /// Writing into a folder the caller owns (the site's staging downloads/) leaves no marker.
    @Test func writingIntoACallersFolderLeavesNoMarker() throws {
        let s = Scratch(); defer { s.cleanup() }
        let folder = s.file("downloads")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let report = try BankExporter.write(SampleBank.questions, options: BankOptions(formats: [.json, .csv], languages: [.en], output: folder, versions: 1, seed: 1, variants: 1, words: Words.content), into: folder)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == Set(report.files))
        #expect(!report.files.contains(BankExporter.marker))
    }

    @Test func jsonOfAnEmptyBankIsValid() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.json], languages: [.en], questions: [])
        let data = try #require(FileManager.default.contents(atPath: s.file("out/bank-en.json").path))
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect((root?["questions"] as? [Any])?.isEmpty == true)
    }

    // MARK: CSV, Anki

    @Test(arguments: Language.allCases)
    func csvParsesBack(lang: Language) throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.csv], languages: [lang])
        let data = try #require(FileManager.default.contents(atPath: s.file("out/bank-\(lang.rawValue).csv").path))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF], "no UTF-8 byte-order mark")
        let rows = parseCSV(String(decoding: data, as: UTF8.self))
        #expect(rows.first == CSVWriter.columns)
        #expect(rows.count == SampleBank.questions.count + 1)
        for (row, q) in zip(rows.dropFirst(), SampleBank.questions) {
            #expect(row.count == CSVWriter.columns.count)
            let crlf = { (s: String) in s.replacingOccurrences(of: "\r\n", with: "\n") }
            #expect(row[0] == q.id)
            #expect(row[4] == String(Points.standard.of(q)))
            #expect(crlf(row[5]) == q.prompt[lang])
            #expect(crlf(row[8]) == q.explanation[lang])
            // Options as written: in the seeded order every format uses.
            #expect(crlf(row[7]) == AnswerDisplay.plain(Fair.arranged(q, seed: 1), lang, Words.content))
        }
        if Tools.which("python3") != nil {
            let py = try Tools.run(["python3", "-c", "import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''))); print(len(r), len(r[0]))",
                                    s.file("out/bank-\(lang.rawValue).csv").path])
            #expect(py.output.hasPrefix("\(SampleBank.questions.count + 1) \(CSVWriter.columns.count)"), "python's csv: \(py.output)")
        }
    }

    @Test(arguments: Language.allCases)
    func ankiRowsHaveFiveCleanFields(lang: Language) throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.anki], languages: [lang])
        let lines = read(s.file("out/anki-\(lang.rawValue).txt")).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let headers = lines.prefix { $0.hasPrefix("#") }
        for h in ["#separator:tab", "#html:true", "#deck column:3", "#tags column:4"] { #expect(headers.contains(Substring(h))) }
        let rows = lines.dropFirst(headers.count)
        #expect(rows.count == SampleBank.questions.count)
        for (row, q) in zip(rows, SampleBank.questions) {
            let f = row.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(f.count == 5)
            #expect(!row.contains("\""))
            #expect(f[2] == "kmemguide::\(lang.rawValue)::\(q.topic)")
            #expect(f[3].split(separator: " ").contains("kind::\(q.kind.rawValue)"))
            #expect(f[1].contains(BankText.html(q.explanation[lang]).replacingOccurrences(of: "\n", with: "<br>")))
        }
    }

    // MARK: Print

    @Test func printVersionsDifferAndEachKeyMatchesItsVersion() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.print], languages: [.en])
        let v1 = read(s.file("out/exam-v1-en.html")), v2 = read(s.file("out/exam-v2-en.html"))
        #expect(v1 != v2)
        #expect(questionOrder(v1) != questionOrder(v2), "versions 1 and 2 have the same question order")
        for v in 1...2 {
            let exam = read(s.file("out/exam-v\(v)-en.html")), key = read(s.file("out/exam-v\(v)-en-key.html"))
            #expect(exam.contains("size: A4;"))
            #expect(questionOrder(exam) == questionOrder(key), "version \(v): the key is in another order")
            // The single-choice sample: the letter of `kmalloc-128` on this paper is the key's letter.
            let item = try #require(items(exam).first { $0.contains("kmalloc(100, GFP_KERNEL)") })
            let options = item.components(separatedBy: "<li><span class=\"mark\">").dropFirst()
            let pos = try #require(options.firstIndex { $0.contains("kmalloc-128") }) - 1
            let letter = AnswerDisplay.letter(pos)
            let keyItem = try #require(items(key).first { $0.contains("kmalloc(100, GFP_KERNEL)") })
            #expect(keyItem.contains("Answer: <b>\(letter).</b> <code>kmalloc-128</code>"), "version \(v): key does not say \(letter)")
            // The ordering sample: the key's letters spell the right order on this paper.
            let ord = try #require(items(exam).first { $0.contains("Put the steps of") })
            let shown = ord.components(separatedBy: "<ol class=\"options\">")[1].components(separatedBy: "</ol>")[0]
                .components(separatedBy: "<li>").dropFirst().map { $0.replacingOccurrences(of: "</li>", with: "") }
            let keyOrd = try #require(items(key).first { $0.contains("Put the steps of") })
            let letters = keyOrd.components(separatedBy: "Answer: <b>")[1].components(separatedBy: "</b>")[0].components(separatedBy: " → ")
            guard case .ordering(let correct) = SampleBank.questions.last!.answer else { Issue.record("sample changed"); return }
            let spelled = letters.map { shown[Int($0.unicodeScalars.first!.value) - 65] }
            #expect(spelled == correct.map { BankText.inlineHTML($0.en) })
        }
    }

    // MARK: Languages

    @Test func chineseAndJapaneseSurviveEveryFormat() throws {
        let s = Scratch(); defer { s.cleanup() }
        let report = try exportSamples(to: s.url)
        // A run of CJK text from every sample, as each format writes it (CJK is never escaped).
        for lang in [Language.zh, .ja] {
            let needles = SampleBank.questions.map { cjkRun($0.prompt[lang]) }
            for name in report.files where name.contains("-\(lang.rawValue)") {
                var text = read(s.file("out/\(name)"))
                if name.hasSuffix(".apkg") {
                continue  // SQLite inside: AnkiTests reads it with Anki's own library
            } else if name.hasSuffix(".zip") {
                    text = try ZipReader.entries(s.file("out/\(name)")).map { String(decoding: $0.data, as: UTF8.self) }.joined()
                }
                for n in needles { #expect(text.contains(n), "\(name) lost \(n)") }
            }
        }
    }

    // MARK: helpers

    func multiple(correct: Int, wrong: Int) -> Question {
        let choices = (0..<(correct + wrong)).map { Choice(id: "c\($0)", text: Localized(en: "option \($0)", zh: "选项 \($0)", ja: "選択肢 \($0)"), correct: $0 < correct) }
        return Question(id: "multi-\(correct)", topic: "gfp", difficulty: 1, kind: .multipleResponse,
                        prompt: Localized(en: "Pick \(correct).", zh: "选 \(correct) 个。", ja: "\(correct) 個選べ。"),
                        choices: choices, answer: .choices(Set(choices.prefix(correct).map(\.id))),
                        explanation: Localized(en: "Because.", zh: "因为。", ja: "なぜなら。"))
    }

    /// The special characters of `set` that are not preceded by an escaping backslash.
    func unescaped(_ s: String, in set: String) -> [Character] {
        var out: [Character] = []
        var escape = false
        for ch in s {
            if escape { escape = false; continue }
            if ch == "\\" { escape = true; continue }
            if set.contains(ch) { out.append(ch) }
        }
        return out
    }

    func unescapedIndices(_ s: String, of c: Character) -> [String.Index] {
        var out: [String.Index] = []
        var escape = false
        var i = s.startIndex
        while i < s.endIndex {
            let ch = s[i]
            if escape { escape = false } else if ch == "\\" { escape = true } else if ch == c { out.append(i) }
            i = s.index(after: i)
        }
        return out
    }

    func items(_ html: String) -> [String] {
        html.components(separatedBy: "<ol class=\"questions\">")[1].components(separatedBy: "\n<li>").dropFirst().map { $0 }
    }

    /// The first words of each question, in order.
    func questionOrder(_ html: String) -> [String] { items(html).map { String($0.prefix(40)) } }

    func cjkRun(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let start = scalars.firstIndex(where: { $0.value >= 0x3000 }) else { return s }
        let run = scalars[start...].prefix { $0.value >= 0x3000 }
        return String(String.UnicodeScalarView(run))
    }
}
