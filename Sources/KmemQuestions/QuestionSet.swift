/// Builds the question pool the quiz and the bank draw from.
public enum QuestionSet {
    /// The seed of variant `index` of a family for a base `seed`: consecutive, so the ids
    /// (`family/seed`) of one build are easy to read and to regenerate.
    public static func variantSeed(base seed: UInt64, index: Int) -> UInt64 { seed &+ UInt64(index) }

    /// `authored` (in the order given) followed by `variants` instances of every family (in
    /// `Families.all` order, variants in index order), keeping only the questions that match
    /// every filter given (nil: no filter). The result is a pure function of the arguments.
    public static func build(authored: [Question], variants: Int, seed: UInt64, topics: Set<String>?,
                             kinds: Set<QuestionKind>?, difficulty: ClosedRange<Int>?) -> [Question] {
        func keep(topic: String, kind: QuestionKind, level: Int) -> Bool {
            (topics?.contains(topic) ?? true) && (kinds?.contains(kind) ?? true) && (difficulty?.contains(level) ?? true)
        }
        var out = authored.filter { keep(topic: $0.topic, kind: $0.kind, level: $0.difficulty) }
        guard variants > 0 else { return out }
        for family in Families.all where keep(topic: family.topic, kind: family.kind, level: family.difficulty) {
            for i in 0..<variants {
                out.append(family.generate(seed: variantSeed(base: seed, index: i)))
            }
        }
        return out
    }

    /// A seeded selection of `count` questions from `pool`, in a seeded order (the quiz's
    /// question order). Every question at most once; fewer when the pool is smaller.
    public static func draw(_ pool: [Question], count: Int, seed: UInt64) -> [Question] {
        Array(SeededShuffle.shuffle(pool, seed: seed, salt: "draw").prefix(max(0, count)))
    }
}
