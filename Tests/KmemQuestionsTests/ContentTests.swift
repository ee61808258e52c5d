import Foundation
import Testing
import KmemQuestions
import KmemCore
import TestSupport

/// The real authored questions in content/questions.
@Suite struct ContentTests {
    static func loadReal() throws -> [Question] {
        do { return try QuestionLoader.load(from: Paths.content, topics: Paths.topics) } catch {
            Issue.record("content/questions does not load:\n\(error)")
            throw error
        }
    }

    @Test func realQuestionsLoadWithoutErrors() throws {
        let qs = try Self.loadReal()
        #expect(qs.count >= 60, "only \(qs.count) authored questions")
    }

    @Test func everyTopicAndEveryKindIsCovered() throws {
        let qs = try Self.loadReal()
        let topics = Paths.topics
        #expect(topics.count >= 13, "pages found: \(topics.sorted())")
        for t in topics {
            #expect(qs.filter { $0.topic == t }.count >= 3, "topic \(t) has fewer than 3 authored questions")
        }
        for k in QuestionKind.allCases {
            #expect(qs.contains { $0.kind == k }, "no authored \(k.rawValue) question")
        }
        // Generated families add to the kinds and topics, but never replace the authored ones.
        #expect(Set(qs.map(\.difficulty)) == [1, 2, 3])
    }

    @Test func questionsAreCompleteAndInTheRightScript() throws {
        for q in try Self.loadReal() {
            #expect(q.family == nil && q.parameters.isEmpty)
            #expect(!q.sources.isEmpty, "\(q.id)")
            for text in Self.texts(q) {
                #expect(!text.zh.isEmpty && !text.ja.isEmpty && !text.en.isEmpty)
            }
            // Prompt and explanation must really be translated.
            for text in [q.prompt, q.explanation] {
                #expect(Self.has(text.zh, han: true) && !Self.has(text.zh, kana: true), "\(q.id): zh text `\(text.zh)`")
                #expect(Self.has(text.ja, kana: true), "\(q.id): ja text without kana `\(text.ja)`")
                #expect(!Self.has(text.en, han: true, kana: true), "\(q.id): en text with CJK")
                #expect(text.zh != text.en && text.ja != text.en && text.zh != text.ja, "\(q.id): untranslated")
            }
            #expect(!Self.hasTraditionalForms(q.prompt.zh + q.explanation.zh), "\(q.id): zh uses Traditional forms")
            if case .choices(let ids) = q.answer {
                #expect(!ids.isEmpty && ids.isSubset(of: Set(q.choices.map(\.id))))
            }
        }
    }

    /// The seeds give facts, never sentences: no run of 8 English words or 12 CJK characters
    /// may be shared with a seed (the same rule the pages follow).
    @Test(.enabled(if: Shared.shouldRun, Shared.skipReason))
    func noSentenceIsCopiedFromASeed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.seeds.path).filter { $0.hasSuffix(".txt") }
        var englishGrams = Set<String>(), cjkGrams = Set<String>()
        for f in files {
            let text = try String(contentsOf: Paths.seeds.appendingPathComponent(f), encoding: .utf8)
            englishGrams.formUnion(Self.wordGrams(text, n: 8))
            cjkGrams.formUnion(Self.cjkGrams(text, n: 12))
        }
        #expect(!englishGrams.isEmpty && !cjkGrams.isEmpty)
        for q in try Self.loadReal() {
            for t in Self.texts(q) {
                for g in Self.wordGrams(t.en, n: 8) where englishGrams.contains(g) { Issue.record("\(q.id): shares `\(g)` with a seed") }
                for s in [t.zh, t.ja] {
                    for g in Self.cjkGrams(s, n: 12) where cjkGrams.contains(g) { Issue.record("\(q.id): shares `\(g)` with a seed") }
                }
            }
        }
    }

    /// The same rule for the templates of the generated families.
    @Test(.enabled(if: Shared.shouldRun, Shared.skipReason))
    func noGeneratedSentenceIsCopiedFromASeed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.seeds.path).filter { $0.hasSuffix(".txt") }
        var englishGrams = Set<String>(), cjkGrams = Set<String>()
        for f in files {
            let text = try String(contentsOf: Paths.seeds.appendingPathComponent(f), encoding: .utf8)
            englishGrams.formUnion(Self.wordGrams(text, n: 8))
            cjkGrams.formUnion(Self.cjkGrams(text, n: 12))
        }
        for f in Generated.families {
            for seed in 0..<12 as Range<UInt64> {
                let q = f.generate(seed: seed)
                for t in Self.texts(q) + [f.title] {
                    for g in Self.wordGrams(t.en, n: 8) where englishGrams.contains(g) { Issue.record("\(q.id): shares `\(g)` with a seed") }
                    for s in [t.zh, t.ja] {
                        for g in Self.cjkGrams(s, n: 12) where cjkGrams.contains(g) { Issue.record("\(q.id): shares `\(g)` with a seed") }
                    }
                }
            }
        }
    }

    // MARK: Helpers

    static func texts(_ q: Question) -> [Localized] {
        var out = [q.prompt, q.explanation] + q.choices.map(\.text) + q.choices.compactMap(\.feedback) + q.knownWrongAnswers.map(\.text)
        switch q.answer {
        case .text(let a): out += a
        case .matching(let pairs): out += pairs.flatMap { [$0.left, $0.right] }
        case .ordering(let items): out += items
        default: break
        }
        return out
    }

    static func has(_ s: String, han: Bool = false, kana: Bool = false) -> Bool {
        s.unicodeScalars.contains { u in (han && (0x4E00...0x9FFF).contains(u.value)) || (kana && (0x3041...0x30FF).contains(u.value)) }
    }

    /// A few characters whose Simplified forms differ and that kernel texts use often.
    static func hasTraditionalForms(_ s: String) -> Bool {
        "體記憶體們這說對與數據區塊進設備為從發線頁實應當開關經過計會斷執處".contains { s.contains($0) }
    }

    static func wordGrams(_ text: String, n: Int) -> Set<String> {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "'") }.map(String.init)
        guard words.count >= n else { return [] }
        return Set((0...(words.count - n)).map { words[$0..<$0 + n].joined(separator: " ") })
    }

    static func cjkGrams(_ text: String, n: Int) -> Set<String> {
        var grams = Set<String>()
        var run: [Character] = []
        func flush() {
            if run.count >= n { for i in 0...(run.count - n) { grams.insert(String(run[i..<i + n])) } }
            run.removeAll()
        }
        for ch in text {
            if ch.unicodeScalars.allSatisfy({ (0x3041...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }) { run.append(ch) } else { flush() }
        }
        flush()
        return grams
    }
}
