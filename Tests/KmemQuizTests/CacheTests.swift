import Foundation
import KmemCore
import KmemQuestions
import Testing
@testable import KmemQuiz

@Suite struct CacheTests {
    /// Every field of every question survives the cache: fixture questions and generated ones
    /// (choices with misconceptions and feedback, numbers, 64-bit addresses).
    @Test func questionsRoundTripExactly() throws {
        var questions = Fixture.questions
        for f in Generated.families { for seed: UInt64 in [1, 2, 3] { questions.append(f.generate(seed: seed)) } }
        questions.append(Question(id: "top-bit", topic: "quizdemo", difficulty: 3, kind: .hexAddress, prompt: Localized(all: "p"),
                                  answer: .hex(0xffff_ffff_ffff_f000), explanation: Localized(all: "e")))
        let ui: [String: [Language: String]] = ["quiz.correct": [.en: "Right.", .zh: "回答正确。", .ja: "正解です。"]]
        let url = Fixture.tempDir("cache").appendingPathComponent("kmemguide/quiz-content.json")
        QuizContentCache.save(.init(ui: ui, questions: questions), key: "k1", to: url)
        let back = try #require(QuizContentCache.load(from: url, key: "k1"))
        #expect(back.ui == ui)
        #expect(back.questions.count == questions.count)
        for (a, b) in zip(back.questions, questions) { #expect(a == b, "\(b.id) differs after the cache") }
        #expect(QuizContentCache.load(from: url, key: "k2") == nil, "another key misses")
    }

    @Test func keyChangesWithAnyByte() throws {
        let dir = Fixture.tempDir("key")
        let a = dir.appendingPathComponent("a.yaml"), b = dir.appendingPathComponent("b.yaml")
        try Data("one".utf8).write(to: a)
        try Data("two".utf8).write(to: b)
        let tree = SourceTree(folder: dir)
        func key(_ files: [String], _ salt: String) -> String { QuizContentCache.key(fingerprint: tree.fingerprint(files), salt: salt) }
        _ = (a, b)
        let k1 = key(["a.yaml", "b.yaml"], "exe")
        #expect(k1 == key(["a.yaml", "b.yaml"], "exe"))
        #expect(k1 != key(["a.yaml", "b.yaml"], "other exe"))
        try Data("twO".utf8).write(to: b)
        #expect(k1 != key(["a.yaml", "b.yaml"], "exe"))
        #expect(key(["a.yaml"], "exe") != key(["a.yaml", "gone.yaml"], "exe"))
    }

    @Test func aBrokenCacheIsIgnored() throws {
        let url = Fixture.tempDir("broken").appendingPathComponent("quiz-content.json")
        try Data("{\"version\": 1, \"key\": \"k\", \"ui\": {}, \"questions\": [{\"id\": 3}]}".utf8).write(to: url)
        #expect(QuizContentCache.load(from: url, key: "k") == nil)
        try Data("garbage".utf8).write(to: url)
        #expect(QuizContentCache.load(from: url, key: "k") == nil)
    }

    @Test func cacheLocationFollowsXDG() {
        #expect(QuizContentCache.defaultURL(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]).path == "/c/kmemguide/quiz-content.json")
        #expect(QuizContentCache.defaultURL(environment: ["HOME": "/h"]).path == "/h/.cache/kmemguide/quiz-content.json")
    }
}
