import KmemCore

/// Deterministic randomness for question generation and shuffling.
///
/// KernelSim's generator is internal to the simulator, so this target has its own SplitMix64
/// (same constants). Everything seeded here is a pure function of its inputs: the same family
/// id and seed give the same question, options and order on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one (name, seed) pair: the name is hashed with FNV-1a so that two
    /// families with the same numeric seed draw unrelated streams.
    public init(name: String, seed: UInt64) {
        let h = FNV1a.hash(name)
        var mixer = SplitMix64(seed: h ^ seed)
        state = mixer.next() ^ seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<n` (n > 0). Plain modulo: the bias is irrelevant for n ≪ 2^64 and,
    /// unlike the standard library's helpers, the result is fixed by this file alone.
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below(0)")
        return Int(next() % UInt64(n))
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Fisher–Yates with this generator.
    public mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, below(i + 1))
        }
    }

    public mutating func shuffled<T>(_ a: [T]) -> [T] {
        var c = a
        shuffle(&c)
        return c
    }
}

/// The seeded shuffles the quiz and the bank use, in one place.
public enum SeededShuffle {
    /// A permutation of `0..<count` for `seed` (and a salt naming what is shuffled).
    public static func permutation(count: Int, seed: UInt64, salt: String) -> [Int] {
        var rng = SplitMix64(name: salt, seed: seed)
        return rng.shuffled(Array(0..<count))
    }

    /// Like `permutation` but never the identity when `count >= 2`: a shuffled ordering or
    /// matching question must not be shown already solved.
    public static func derangedPermutation(count: Int, seed: UInt64, salt: String) -> [Int] {
        var p = permutation(count: count, seed: seed, salt: salt)
        if count >= 2, p == Array(0..<count) { p = Array(p.dropFirst()) + [p[0]] }
        return p
    }

    /// The elements of `items` in a seeded order.
    public static func shuffle<T>(_ items: [T], seed: UInt64, salt: String) -> [T] {
        permutation(count: items.count, seed: seed, salt: salt).map { items[$0] }
    }
}

/// How one question is shown: which choice, right-hand item or ordering item sits at each
/// displayed position. Responses are always stored in canonical terms (choice ids, indices
/// into `Answer.matching` / `Answer.ordering`), so grading never depends on the display.
public struct Presentation: Sendable, Hashable {
    /// Displayed position → index into `question.choices` (single, multiple).
    public var choiceOrder: [Int]
    /// Matching: displayed right-hand position → index of the pair whose right side it is.
    public var rightOrder: [Int]
    /// Ordering: displayed position → index into the correct order.
    public var itemOrder: [Int]

    public init(choiceOrder: [Int], rightOrder: [Int], itemOrder: [Int]) {
        self.choiceOrder = choiceOrder; self.rightOrder = rightOrder; self.itemOrder = itemOrder
    }

    /// Everything in its stored order (ordering and matching items in their *correct* order:
    /// for reference output such as an answer key, not for asking).
    public static func canonical(_ q: Question) -> Presentation {
        Presentation(choiceOrder: Array(q.choices.indices), rightOrder: Array(0..<q.pairCount),
                     itemOrder: Array(0..<q.itemCount))
    }

    /// The display for asking: choices in their stored order unless `shuffleChoices` (generated
    /// questions are already in a seeded order; authored ones list the right answer wherever
    /// the author put it), matching right sides and ordering items always shuffled and never
    /// left solved.
    public static func make(for q: Question, seed: UInt64, shuffleChoices: Bool = true) -> Presentation {
        let choices = shuffleChoices
            ? SeededShuffle.permutation(count: q.choices.count, seed: seed, salt: q.id + "#choices")
            : Array(q.choices.indices)
        return Presentation(
            choiceOrder: choices,
            rightOrder: SeededShuffle.derangedPermutation(count: q.pairCount, seed: seed, salt: q.id + "#right"),
            itemOrder: SeededShuffle.derangedPermutation(count: q.itemCount, seed: seed, salt: q.id + "#items"))
    }

    /// The label shown for a displayed position: a, b, c, …
    public static func label(_ position: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return position < letters.count ? String(letters[position]) : String(position + 1)
    }
}

extension Question {
    /// Number of pairs of a matching question (0 for other kinds).
    public var pairCount: Int { if case .matching(let p) = answer { return p.count }; return 0 }
    /// Number of items of an ordering question (0 for other kinds).
    public var itemCount: Int { if case .ordering(let i) = answer { return i.count }; return 0 }

    /// The same question with its choices in a seeded order (ids unchanged, so answers and
    /// grading are unaffected): for "shuffled versions" of a printed exam.
    public func withShuffledChoices(seed: UInt64) -> Question {
        var q = self
        q.choices = SeededShuffle.shuffle(choices, seed: seed, salt: id + "#choices")
        return q
    }
}
