import KmemCore
import KmemQuestions

/// Fair keys: what a format lists first must say nothing about what is right.
///
/// Authored questions usually list the right option first and store matching pairs and
/// ordering items in their correct order. Every format therefore writes a question through
/// `arranged(_:seed:)`, which puts its choices and its matching pairs in a seeded order (ids
/// unchanged, so the key and the grading are unaffected); ordering items are written in
/// `itemOrder` (seeded, never already solved). Identifiers in QTI are given by the written
/// position (`A`, `B`, … / `L1`, `R1`, `I1`), which is itself shuffled, so an identifier never
/// tells the right answer.
enum Fair {
    /// The question with its choices and matching pairs in a seeded order.
    static func arranged(_ q: Question, seed: UInt64) -> Question {
        var a = q
        if q.choices.count > 1 {
            a.choices = SeededShuffle.shuffle(q.choices, seed: seed, salt: q.id + "#choices")
        }
        if case .matching(let pairs) = q.answer, pairs.count > 1 {
            a.answer = .matching(SeededShuffle.shuffle(pairs, seed: seed, salt: q.id + "#pairs"))
        }
        return a
    }

    /// Ordering: written position → index into the correct order (never the identity).
    static func itemOrder(_ q: Question, seed: UInt64) -> [Int] {
        unsolved(count: q.itemCount, seed: seed, salt: q.id + "#items")
    }

    /// A seeded permutation that is not the identity (for two or more elements), uniform over
    /// all the others: drawn again, with another salt, until it is not the identity. (Turning
    /// the identity into one fixed rotation would make that rotation twice as likely: the
    /// first item would sit last in 7 of 24 orders of four, a leak a test measures.)
    static func unsolved(count: Int, seed: UInt64, salt: String) -> [Int] {
        var attempt = 0
        while true {
            let p = SeededShuffle.permutation(count: count, seed: seed, salt: attempt == 0 ? salt : salt + "#\(attempt)")
            if count < 2 || p != Array(0..<count) { return p }
            attempt += 1
        }
    }

    /// A neutral QTI identifier for the choice written at `position` (A, B, …, Z, A1 …).
    static func choiceID(_ position: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return position < 26 ? String(letters[position]) : "A\(position)"
    }
}
