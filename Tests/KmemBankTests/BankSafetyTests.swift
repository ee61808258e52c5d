import Foundation
@testable import KmemBank
import KmemCore
import KmemQuestions
import Testing
import TestSupport

/// An export that fails leaves nothing half-written; bad input is refused with one clear error.
@Suite struct BankSafetyTests {
    /// The folder's files and their contents.
    func snapshot(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
            out[name] = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path)
        }
        return out
    }

    func leftovers(in dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(".") }
    }

    @Test(arguments: [0, 3, SampleBank.questions.count - 1])
    func aFailureHalfWayKeepsThePreviousOutputWhole(after: Int) throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.gift, .json])
        let before = snapshot(s.file("out"))
        #expect(before["bank-en.json"] != nil)
        #expect(throws: Diagnostic.self) { try exportSamples(to: s.url, failAfter: after) }
        #expect(snapshot(s.file("out")) == before, "the previous output changed")
        #expect(leftovers(in: s.url).isEmpty, "staging left behind: \(leftovers(in: s.url))")
        #expect(!snapshot(s.file("out")).keys.contains { $0.hasSuffix(".partial") })
    }

    @Test func aFailureInThePrintedVersionsKeepsThePreviousOutputWhole() throws {
        // Streaming formats all finish; the failure comes while writing version 1 of the exam.
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.csv])
        let before = snapshot(s.file("out"))
        #expect(throws: Diagnostic.self) {
            try exportSamples(to: s.url, formats: [.csv, .print], failAfter: SampleBank.questions.count)
        }
        #expect(snapshot(s.file("out")) == before)
        #expect(leftovers(in: s.url).isEmpty)
    }

    @Test func aFailedFirstExportCreatesNothing() throws {
        let s = Scratch(); defer { s.cleanup() }
        #expect(throws: Diagnostic.self) { try exportSamples(to: s.url, failAfter: 2) }
        #expect(snapshot(s.url).isEmpty)
    }

    @Test func anUnwritableOutputIsACantCreateError() throws {
        let s = Scratch(); defer { s.cleanup() }
        let file = s.file("plain-file")
        try Data("x".utf8).write(to: file)
        let options = BankOptions(output: file.appendingPathComponent("banks"), words: Words.content)
        do {
            _ = try BankExporter.export(SampleBank.questions, options: options)
            Issue.record("exported under a file")
        } catch {
            #expect(error.kind == .cantCreate)
            #expect(!error.description.contains("\n"))
        }
        // An output that is itself a file.
        do {
            _ = try BankExporter.export(SampleBank.questions, options: BankOptions(output: file, words: Words.content))
            Issue.record("replaced a file")
        } catch {
            #expect(error.kind == .cantCreate)
        }
        #expect(read(file) == "x")
    }

    @Test func aFolderNotWrittenByTheBankIsNeverReplaced() throws {
        let s = Scratch(); defer { s.cleanup() }
        let out = s.file("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: out.appendingPathComponent("thesis.tex"))
        #expect(throws: Diagnostic.self) { try exportSamples(to: s.url) }
        #expect(read(out.appendingPathComponent("thesis.tex")) == "precious")
        // An empty folder is fine.
        try FileManager.default.removeItem(at: out.appendingPathComponent("thesis.tex"))
        try exportSamples(to: s.url, formats: [.csv])
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("bank-en.csv").path))
    }

    @Test func aRerunReplacesTheWholeFolder() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.gift])
        try exportSamples(to: s.url, formats: [.csv], languages: [.ja])
        #expect(Set(snapshot(s.file("out")).keys) == ["bank-ja.csv", BankExporter.marker])
    }

    @Test func badQuestionsAreDataErrorsNamingTheQuestion() throws {
        let s = Scratch(); defer { s.cleanup() }
        let q = SampleBank.questions[0]
        var wrongKind = q; wrongKind.kind = .numeric
        var twoRight = q; twoRight.answer = .choices(["a", "b"])
        var noExplanation = q; noExplanation.explanation.ja = ""
        var unknownChoice = q; unknownChoice.answer = .choices(["z"])
        let tooMany = Question(id: "too-many", topic: "gfp", difficulty: 1, kind: .multipleResponse, prompt: Localized(all: "?"),
                               choices: (0..<22).map { Choice(id: "c\($0)", text: Localized(all: "\($0)"), correct: true) },
                               answer: .choices(Set((0..<21).map { "c\($0)" })), explanation: Localized(all: "."))
        for bad in [wrongKind, twoRight, noExplanation, unknownChoice, tooMany] {
            do {
                try exportSamples(to: s.url, questions: [SampleBank.questions[1], bad])
                Issue.record("accepted \(bad.id)")
            } catch {
                #expect(error.kind == .data)
                #expect(error.message.contains("`\(bad.id)`"), "\(error.message)")
            }
        }
        do {
            try exportSamples(to: s.url, questions: [q, q])
            Issue.record("accepted a duplicate id")
        } catch {
            #expect(error.kind == .data && error.message.contains("twice"))
        }
        #expect(snapshot(s.url).isEmpty)
    }

    @Test func versionsMustBeAtLeastOne() {
        let s = Scratch(); defer { s.cleanup() }
        var o = BankOptions(output: s.file("out"), words: Words.content)
        o.versions = 0
        #expect(throws: Diagnostic.self) { _ = try BankExporter.export(SampleBank.questions, options: o) }
    }

    @Test func syntheticBankStreamsManyQuestions() throws {
        let s = Scratch(); defer { s.cleanup() }
        let bank = SyntheticBank(count: 2_000)
        #expect(bank.count == 2_000)
        #expect(Set(bank.map(\.id)).count == 2_000)
        var o = BankOptions(formats: [.moodle, .qti21, .json], languages: [.zh], output: s.file("out"), words: Words.content)
        o.versions = 1
        let report = try BankExporter.export(bank, options: o)
        #expect(report.questions == 2_000)
        let entries = try ZipReader.entries(s.file("out/qti21-zh.zip"))
        #expect(entries.count == 2_002)  // items, the assessmentTest, the manifest
        // One category per topic even in a large bank.
        let moodle = read(s.file("out/moodle-zh.xml"))
        #expect(moodle.components(separatedBy: "type=\"category\"").count - 1 == Set(SampleBank.questions.map(\.topic)).count)
    }
}

/// Issue 14: a spreadsheet must never run a cell of ours as a formula (OWASP CSV injection).
@Suite struct CSVInjectionTests {
    @Test(arguments: ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\r=1", "=HYPERLINK(\"http://x\")"])
    func formulaCellsBecomeText(_ cell: String) {
        let out = BankText.csv(cell)
        #expect(out.hasPrefix("\"'"), "\(out)")
        #expect(out.hasSuffix("\""))
    }

    @Test(arguments: ["-12", "+3", "-1.5", "0x1000", "kmalloc(100)", "a=b", ""])
    func otherCellsAreUnchanged(_ cell: String) {
        #expect(BankText.csv(cell) == cell)
    }

    @Test func neutralisedCellsStillQuoteTheirQuotes() {
        #expect(BankText.csv("=\"a\",b") == "\"'=\"\"a\"\",b\"")
        #expect(BankText.csv("a,b") == "\"a,b\"")
    }
}
