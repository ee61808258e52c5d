import Foundation
import KmemQuestions

/// Which questions a session asks, in which order.
public enum QuizPlanner {
    /// Learning cards due within this many seconds are shown in review now (Anki's "learn
    /// ahead limit", 20 minutes): a card failed a minute ago comes back in the same sitting.
    public static let learnAhead: TimeInterval = 20 * 60

    /// Practice and exam: `count` questions of `pool` in a seeded order (`QuestionSet.draw`,
    /// the same draw as the bank's and the browser quiz's).
    public static func practice(pool: [Question], count: Int, seed: UInt64) -> [Question] {
        QuestionSet.draw(pool, count: count, seed: seed)
    }

    /// `practice` over a pool whose variants are generated only when drawn.
    public static func practice(pool: [PoolEntry], count: Int, seed: UInt64) -> [Question] {
        QuestionSet.draw(pool, count: count, seed: seed)
    }

    public struct ReviewPlan: Sendable {
        public var questions: [Question]
        public var due: Int
        public var new: Int
        /// When nothing is due: the earliest due date among the pool's cards.
        public var nextDue: Date?
    }

    /// Review: the pool's questions whose card is due (by `now + learnAhead`), most overdue
    /// first; then questions never answered, in a seeded order; `count` in all.
    public static func review(pool: [Question], book: ProgressBook, now: Date, count: Int, seed: UInt64) -> ReviewPlan {
        review(pool: pool.map(PoolEntry.authored), book: book, now: now, count: count, seed: seed)
    }

    /// `review` over a pool whose variants are generated only when chosen.
    public static func review(pool: [PoolEntry], book: ProgressBook, now: Date, count: Int, seed: UInt64) -> ReviewPlan {
        let horizon = now.addingTimeInterval(learnAhead)
        var due: [(PoolEntry, String, Date)] = []
        var fresh: [PoolEntry] = []
        for entry in pool {
            let id = entry.id
            if let c = book.cards[id] {
                if c.card.due <= horizon { due.append((entry, id, c.card.due)) }
            } else {
                fresh.append(entry)
            }
        }
        due.sort { ($0.2, $0.1) < ($1.2, $1.1) }
        let takeDue = due.prefix(max(0, count)).map(\.0)
        let takeNew = SeededShuffle.shuffle(fresh, seed: seed, salt: "kmemguide-review").prefix(max(0, count - takeDue.count))
        let ids = Set(pool.map(\.id))
        return ReviewPlan(questions: (takeDue + takeNew).map { $0.question() }, due: takeDue.count, new: takeNew.count,
                          nextDue: book.nextDue(among: ids))
    }
}
