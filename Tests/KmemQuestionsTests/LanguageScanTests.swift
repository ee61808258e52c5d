import Foundation
import Testing
import TestSupport
@testable import KmemQuestions
import KmemCore

/// Issue 13: every generated family × 20 seeds and every authored question, read in Chinese
/// and Japanese: no "bytes", region id, seed id or file name, literal `**`, or half-width
/// punctuation touching CJK text.
@Suite struct LanguageScanTests {
    static func texts(_ q: Question, _ lang: Language) -> [String] {
        var out = [q.prompt[lang], q.explanation[lang]]
        out += q.choices.map { $0.text[lang] }
        out += q.knownWrongAnswers.map { $0.text[lang] }
        return out
    }

    static func problems(_ text: String) -> [String] {
        var out = CJKText.lint(text).map(\.message)
        if text.range(of: "\\d\\s*bytes?\\b", options: .regularExpression) != nil { out.append("the word bytes") }
        if text.range(of: "\\b\\d{3}_[0-9a-f]{16}\\.txt\\b", options: .regularExpression) != nil { out.append("a seed file name") }
        if text.range(of: "(源文章|元記事|Seed|seed) ?s00\\d|\\bs00\\d\\b", options: .regularExpression) != nil { out.append("a seed id") }
        if text.contains("**") { out.append("a literal **") }
        for id in CJKText.regionIDs where CJKText.containsWord(text, id) { out.append("the region id \(id)") }
        return out
    }

    /// The spellings glossary.yaml rejects (`avoid:`), per language, with the term to use.
    static func rejected() throws -> [Language: [(variant: String, term: String)]] {
        let url = Golden.folder().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content/glossary.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let root = try YAMLValue.parse(text, file: "glossary.yaml")
        var out: [Language: [(variant: String, term: String)]] = [:]
        for e in root["terms"]?.array ?? [] {
            for lang in [Language.zh, .ja] {
                guard let term = e[lang.rawValue]?["term"]?.string else { continue }
                for v in e[lang.rawValue]?["avoid"]?.array ?? [] {
                    if let s = v.string { out[lang, default: []].append((s, term)) }
                }
            }
        }
        return out
    }

    @Test func generatedQuestionsUseTheGlossaryTerms() throws {
        let rejected = try Self.rejected()
        #expect(!(rejected[.ja] ?? []).isEmpty)
        var found: [String] = []
        for f in Generated.families {
            for seed in UInt64(1)...20 {
                let q = f.generate(seed: seed)
                for lang in [Language.zh, .ja] {
                    for t in Self.texts(q, lang) {
                        for r in rejected[lang] ?? [] where t.contains(r.variant) {
                            found.append("\(q.id) \(lang.rawValue): `\(r.variant)` instead of `\(r.term)`")
                        }
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found.prefix(10).joined(separator: "\n"))")
    }

    @Test func everyFamilyReadsCleanInChineseAndJapanese() {
        var found: [String] = []
        for f in Generated.families {
            for seed in UInt64(1)...20 {
                let q = f.generate(seed: seed)
                for lang in [Language.zh, .ja] {
                    for t in Self.texts(q, lang) {
                        for p in Self.problems(t) { found.append("\(q.id) \(lang.rawValue): \(p): \(t.prefix(100))") }
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found.count) problems, first:\n\(found.prefix(15).joined(separator: "\n"))")
    }

    @Test func authoredQuestionsReadClean() throws {
        let content = Golden.folder().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content")
        let topics = Set((try FileManager.default.contentsOfDirectory(atPath: content.appendingPathComponent("pages").path)).filter { !$0.hasPrefix(".") })
        let questions = try QuestionLoader.load(from: content, topics: topics)
        var found: [String] = []
        for q in questions {
            for lang in [Language.zh, .ja] {
                for t in Self.texts(q, lang) {
                    for p in Self.problems(t) { found.append("\(q.id) \(lang.rawValue): \(p): \(t.prefix(100))") }
                }
            }
        }
        #expect(questions.count > 50)
        #expect(found.isEmpty, "\(found.count) problems, first:\n\(found.prefix(15).joined(separator: "\n"))")
    }

    @Test func scannerCatchesEachClass() {
        #expect(!Self.problems("源文章 s001 声称").isEmpty)
        #expect(!Self.problems("它是 256 bytes").isEmpty)
        #expect(!Self.problems("你的答案 (a–d):").isEmpty || !Self.problems("答案:对").isEmpty)
        #expect(Self.problems("答案：对").isEmpty)
    }
}
