import Foundation
@testable import KmemBank
import KmemCore
import KmemQuestions
import Testing

/// The Anki exports as Anki itself reads them (python's `anki`, the official library), and
/// the pieces of the package checked without it.
@Suite struct AnkiTests {
    /// Samples and one variant of every generated family: every kind, real numbers.
    static let questions = QuestionSet.build(authored: SampleBank.questions, families: Generated.families, variants: 1, seed: 1, topics: nil, kinds: nil, difficulty: nil)

    @Test(.enabled(if: Tools.hasAnki || Tools.requireTools,
                   "python3 with anki is not installed (python3 -m pip install anki); the import into Anki is not checked"))
    func ankiImportsThePackageAndTheTextInEveryInterfaceLanguage() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.anki, .apkg], questions: Self.questions)
        let script = Here.repo.appendingPathComponent("scripts/anki-check.py").path
        let r = try Tools.run(["python3", script, s.file("out").path, String(Self.questions.count)])
        #expect(r.status == 0, "Anki's import checks failed:\n\(r.output)")
        #expect(r.output.contains("all checks passed"))
    }

    @Test func textExportNamesNoFieldAndEveryStockNoteTypeName() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.anki], languages: [.zh])
        let header = read(s.file("out/anki-zh.txt")).split(separator: "\n").prefix { $0.hasPrefix("#") }
        #expect(!header.contains { $0.hasPrefix("#columns") }, "a #columns line makes Anki map fields by their (localized) names")
        for name in ["Basic", "问答题", "基本"] { #expect(header.contains(Substring("#notetype:\(name)"))) }
    }

    @Test func packageIsAZipWithACollectionAndAMediaMap() throws {
        let s = Scratch(); defer { s.cleanup() }
        try exportSamples(to: s.url, formats: [.apkg], languages: [.ja])
        let entries = try ZipReader.entries(s.file("out/anki-ja.apkg"))
        #expect(entries.map(\.name) == ["collection.anki2", "media"])
        #expect(entries.allSatisfy { $0.crcOK })
        #expect(Array(entries[0].data.prefix(16)) == Array("SQLite format 3\u{0}".utf8))
        #expect(entries[1].data == Array("{}".utf8))
        // No scratch file is left beside the output.
        let left = try FileManager.default.contentsOfDirectory(atPath: s.file("out").path).filter { $0.hasPrefix(".") && $0 != BankExporter.marker }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func sha1MatchesTheStandardVectors() {
        #expect(SHA1.hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }
}
