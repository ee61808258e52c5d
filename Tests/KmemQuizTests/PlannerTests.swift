import Foundation
import KmemQuestions
import Testing
@testable import KmemQuiz

@Suite struct PlannerTests {
    let now = Date(timeIntervalSince1970: 1_760_000_000)

    @Test func practiceIsSeeded() {
        let pool = Fixture.questions
        let a = QuizPlanner.practice(pool: pool, count: 5, seed: 1).map(\.id)
        #expect(a.count == 5 && Set(a).count == 5)
        #expect(a == QuizPlanner.practice(pool: pool, count: 5, seed: 1).map(\.id), "same seed, same quiz")
        let others = (2...6).map { QuizPlanner.practice(pool: pool, count: 5, seed: UInt64($0)).map(\.id) }
        #expect(others.contains { $0 != a }, "another seed gives another quiz")
        #expect(QuizPlanner.practice(pool: pool, count: 100, seed: 1).count == pool.count)
    }

    @Test func withoutASeedEachRunDrawsAnotherQuizAndTheSeedRepeatsIt() {
        // The system's randomness, replaced by a fixed generator: two runs in a row.
        var randomness = SplitMix64(seed: 20261203)
        let first = QuizSeed.resolve(nil, using: &randomness)
        let second = QuizSeed.resolve(nil, using: &randomness)
        #expect(first != second)
        #expect(QuizSeed.drawnRange.contains(first) && QuizSeed.drawnRange.contains(second), "six digits, easy to retype")
        let pool = Fixture.questions
        let run1 = QuizPlanner.practice(pool: pool, count: 4, seed: first).map(\.id)
        let run2 = QuizPlanner.practice(pool: pool, count: 4, seed: second).map(\.id)
        #expect(run1 != run2, "two runs without --seed ask different questions")
        // `--seed <printed number>` repeats the run; a given seed ignores the randomness.
        var unused = SplitMix64(seed: 1)
        let repeated = QuizSeed.resolve("\(first)", using: &unused)
        #expect(repeated == first)
        #expect(QuizPlanner.practice(pool: pool, count: 4, seed: repeated).map(\.id) == run1)
        #expect(QuizSeed.resolve("week3", using: &unused) == QuizSeed.value("week3"))
    }

    @Test func reviewAsksDueCardsFirstThenNewOnes() {
        let s = FSRSScheduler(enableFuzzing: false)
        var book = ProgressBook()
        let day: TimeInterval = 86400
        // Failed a minute ago: due in a few seconds, within the learn-ahead limit.
        book.review(id: "qd-page-offset", topic: "quizdemo", rating: .again, at: now.addingTimeInterval(-30), scheduler: s)
        // Reviewed long ago: overdue.
        book.review(id: "qd-order-pages", topic: "quizdemo", rating: .easy, at: now.addingTimeInterval(-60 * day), scheduler: s)
        // Learned well just now: due in days.
        book.review(id: "qc-contiguous", topic: "quizchoice", rating: .easy, at: now, scheduler: s)
        let plan = QuizPlanner.review(pool: Fixture.questions, book: book, now: now, count: 4, seed: 1)
        #expect(plan.due == 2 && plan.new == 2)
        #expect(Array(plan.questions.prefix(2).map(\.id)) == ["qd-order-pages", "qd-page-offset"], "most overdue first")
        #expect(!plan.questions.contains { $0.id == "qc-contiguous" })
        let onlyDue = QuizPlanner.review(pool: Fixture.questions, book: book, now: now, count: 1, seed: 1)
        #expect(onlyDue.questions.map(\.id) == ["qd-order-pages"])
    }

    @Test func reviewOverEntriesPlansWhatReviewOverQuestionsPlans() {
        let s = FSRSScheduler(enableFuzzing: false)
        let entries = QuestionSet.entries(authored: Fixture.questions, families: Generated.families, variants: 2, seed: 3, topics: nil, kinds: nil, difficulty: nil)
        let pool = entries.map { $0.question() }
        var book = ProgressBook()
        for (i, q) in pool.enumerated() where i % 3 == 0 {
            book.review(id: q.id, topic: q.topic, rating: i % 2 == 0 ? .again : .easy, at: now.addingTimeInterval(-Double(i) * 86400), scheduler: s)
        }
        for count in [1, 5, 40] {
            let a = QuizPlanner.review(pool: entries, book: book, now: now, count: count, seed: 9)
            let b = QuizPlanner.review(pool: pool, book: book, now: now, count: count, seed: 9)
            #expect(a.questions == b.questions && a.due == b.due && a.new == b.new && a.nextDue == b.nextDue, "count \(count)")
        }
        #expect(QuizPlanner.practice(pool: entries, count: 7, seed: 4) == QuizPlanner.practice(pool: pool, count: 7, seed: 4))
    }

    @Test func nothingDueReportsTheNextDate() {
        let s = FSRSScheduler(enableFuzzing: false)
        var book = ProgressBook()
        for q in Fixture.questions { book.review(id: q.id, topic: q.topic, rating: .easy, at: now, scheduler: s) }
        let plan = QuizPlanner.review(pool: Fixture.questions, book: book, now: now, count: 10, seed: 1)
        #expect(plan.questions.isEmpty)
        #expect(plan.nextDue == now.addingTimeInterval(8 * 86400))
    }
}
