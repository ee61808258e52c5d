import Foundation
import KmemCore
import KmemQuestions
import Testing
@testable import KmemQuiz

/// The engine without a terminal: answers, scoring, tallies, mistakes, endings.
@Suite struct SessionTests {
    static func items(_ ids: [String], seed: UInt64 = 1) -> [QuizItem] {
        ids.map { QuizItem(question: Fixture.question($0), seed: seed) }
    }

    @Test func fixtureLoads() {
        #expect(Fixture.questions.count == 8)
        #expect(Set(Fixture.questions.map(\.kind)) == Set(QuestionKind.allCases))
    }

    @Test func rightAndWrongAnswersOfEveryKind() throws {
        for q in Fixture.questions {
            for seed: UInt64 in [1, 2, 7] {
                var s = QuizSession(mode: .practice, items: [QuizItem(question: q, seed: seed)])
                let item = s.items[0]
                let right = try s.answer(Fixture.rightInput(item))
                #expect(right.grade.correct, "\(q.id) seed \(seed): \(Fixture.rightInput(item)) should be right")
                var w = QuizSession(mode: .practice, items: [item])
                let wrong = try w.answer(Fixture.wrongInput(item))
                #expect(!wrong.grade.correct, "\(q.id) seed \(seed): \(Fixture.wrongInput(item)) should be wrong")
            }
        }
    }

    @Test func lettersFollowTheShuffledDisplay() throws {
        let q = Fixture.question("qc-contiguous")
        // Find a seed that moves the right option away from "a".
        let seed = (1...50).map(UInt64.init).first { QuizItem(question: q, seed: $0).presentation.choiceOrder[0] != 0 }!
        let item = QuizItem(question: q, seed: seed)
        var s = QuizSession(mode: .practice, items: [item])
        let r = try s.answer("a")
        #expect(!r.grade.correct, "`a` is no longer kmalloc() once shuffled")
        let letter = Fixture.rightInput(item)
        #expect(letter != "a")
    }

    @Test func answerParsingAcceptsTheUsualForms() throws {
        let hex = QuizItem(question: Fixture.question("qd-page-offset"), seed: 1)
        for typed in ["0xc0000000", "0xC0000000", "c0000000", "0xc000_0000", " 0xc0000000 ", "０ｘｃ０００００００"] {
            var s = QuizSession(mode: .practice, items: [hex])
            #expect(try s.answer(typed).grade.correct, "\(typed)")
        }
        let tf = QuizItem(question: Fixture.question("qd-gfp-kernel-sleeps"), seed: 1)
        for typed in ["t", "T", "true", "y", "对", "是", "はい", "正しい"] {
            var s = QuizSession(mode: .practice, items: [tf])
            #expect(try s.answer(typed).grade.correct, "\(typed)")
        }
        let multi = QuizItem(question: Fixture.question("qc-may-sleep"), seed: 1)
        let right = Fixture.rightInput(multi) // "x y"
        for typed in [right, right.replacingOccurrences(of: " ", with: ","), right.replacingOccurrences(of: " ", with: ""),
                      right.uppercased(), String(right.reversed())] {
            var s = QuizSession(mode: .practice, items: [multi])
            #expect(try s.answer(typed).grade.correct, "\(typed)")
        }
        let short = QuizItem(question: Fixture.question("qd-free-kmalloc"), seed: 1)
        for typed in ["kfree", "KFREE", "kfree()", "`kfree`"] {
            var s = QuizSession(mode: .practice, items: [short])
            #expect(try s.answer(typed).grade.correct, "\(typed)")
        }
        let matching = QuizItem(question: Fixture.question("qc-free-pairs"), seed: 1)
        let letters = Fixture.rightInput(matching).split(separator: " ")
        let explicit = letters.enumerated().map { "\($0.offset + 1)\($0.element)" }.reversed().joined(separator: " ")
        var m = QuizSession(mode: .practice, items: [matching])
        #expect(try m.answer(explicit).grade.correct, "\(explicit)")
    }

    @Test func invalidInputIsRejectedWithoutSideEffects() {
        let single = QuizItem(question: Fixture.question("qc-contiguous"), seed: 1)
        var s = QuizSession(mode: .practice, items: [single])
        for bad in ["", "   ", "z", "e", "a b", "hello", "1 2"] {
            #expect(throws: ResponseParseError.self, "\(bad) should be rejected") { try s.answer(bad) }
        }
        #expect(s.position == 0 && s.records[0] == nil)
        let hex = QuizItem(question: Fixture.question("qd-page-offset"), seed: 1)
        var h = QuizSession(mode: .practice, items: [hex])
        for bad in ["zz", "0xg", "c0000000c0000000c"] {
            #expect(throws: ResponseParseError.self, "\(bad)") { try h.answer(bad) }
        }
        let num = QuizItem(question: Fixture.question("qd-order-pages"), seed: 1)
        var n = QuizSession(mode: .practice, items: [num])
        #expect(throws: ResponseParseError.self) { try n.answer("eight") }
        let tf = QuizItem(question: Fixture.question("qd-gfp-kernel-sleeps"), seed: 1)
        var t = QuizSession(mode: .practice, items: [tf])
        #expect(throws: ResponseParseError.self) { try t.answer("maybe") }
    }

    @Test func scoringTalliesAndMistakes() throws {
        let its = Self.items(["qd-page-offset", "qc-contiguous", "qd-order-pages", "qc-may-sleep"])
        var s = QuizSession(mode: .practice, items: its)
        try s.answer(Fixture.rightInput(its[0]))
        try s.answer(Fixture.wrongInput(its[1]))
        try s.answer(Fixture.rightInput(its[2]))
        #expect(!s.isFinished)
        try s.answer(Fixture.wrongInput(its[3]))
        #expect(s.isFinished && s.ending == .completed)
        let sum = s.summary
        #expect(sum.total == 4 && sum.answered == 4 && sum.correct == 2 && sum.percent == 50)
        #expect(sum.mistakes == [1, 3])
        #expect(sum.unanswered.isEmpty)
        #expect(sum.topics.map(\.topic) == ["quizdemo", "quizchoice"])
        #expect(sum.topics[0].correct == 2 && sum.topics[0].total == 2)
        #expect(sum.topics[1].correct == 0 && sum.topics[1].answered == 2)
    }

    @Test func endingEarlyLeavesTheRestUnanswered() throws {
        let its = Self.items(["qd-page-offset", "qc-contiguous", "qd-order-pages"])
        var s = QuizSession(mode: .exam, items: its)
        try s.answer(Fixture.rightInput(its[0]))
        s.end(.timeUp)
        #expect(s.isFinished && s.ending == .timeUp)
        let sum = s.summary
        // Figures over what was answered; the exam's mark over all its questions is separate.
        #expect(sum.answered == 1 && sum.correct == 1 && sum.unanswered == [1, 2])
        #expect(sum.percent == 100 && sum.percentOfAll == 33)
        #expect(sum.mistakes.isEmpty)
        #expect(sum.topics.map(\.topic) == ["quizdemo"], "a topic never answered is not listed")
        #expect(sum.topics[0].answered == 1 && sum.topics[0].correct == 1)
    }

    @Test func partialCreditIsCountedAsPoints() throws {
        let multi = QuizItem(question: Fixture.question("qc-may-sleep"), seed: 1)
        var s = QuizSession(mode: .practice, items: [multi])
        let one = String(Fixture.rightInput(multi).prefix(1)) // one of the two right options
        let r = try s.answer(one)
        #expect(!r.grade.correct && r.grade.score == 0.5)
        #expect(s.summary.points == 0.5 && s.summary.correct == 0)
    }

    @Test func answerTextShowsTheDisplayedLetters() {
        let t = Fixture.strings(.en)
        let item = QuizItem(question: Fixture.question("qc-contiguous"), seed: 3)
        let lines = AnswerText.render(item, strings: t)
        #expect(lines == ["\(Fixture.rightInput(item))) kmalloc()"])
        let hex = AnswerText.render(QuizItem(question: Fixture.question("qd-page-offset"), seed: 1), strings: t)
        #expect(hex == ["0xc0000000"])
        let tf = AnswerText.render(QuizItem(question: Fixture.question("qd-gfp-kernel-sleeps"), seed: 1), strings: Fixture.strings(.zh))
        #expect(tf == ["正确"])
        let order = QuizItem(question: Fixture.question("qc-size-order"), seed: 1)
        #expect(AnswerText.render(order, strings: t).first == Fixture.rightInput(order))
    }

    @Test func reportIsValidJSON() throws {
        let its = Self.items(["qd-page-offset", "qc-contiguous"])
        var s = QuizSession(mode: .practice, items: its)
        try s.answer(Fixture.wrongInput(its[0]))
        s.end(.endOfInput)
        let json = QuizReport.json(s, strings: Fixture.strings(.ja), seed: 5, progressPath: "/x/progress.json")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(obj["ending"] as? String == "end-of-input")
        #expect(obj["answered"] as? Int == 1 && obj["unanswered"] as? Int == 1 && obj["lang"] as? String == "ja")
        let mistakes = try #require(obj["mistakes"] as? [[String: Any]])
        #expect(mistakes.first?["right_answer"] as? String == "0xc0000000")
        #expect((mistakes.first?["prompt"] as? String)?.contains("ストレートマッピング") == true)
    }
}
