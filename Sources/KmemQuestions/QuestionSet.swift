/// Builds the question pool the quiz and the bank draw from.
public enum QuestionSet {
    /// The seed of variant `index` of a family for a base `seed`: consecutive, so the ids
    /// (`family/v<version>/seed`) of one build are easy to read and to regenerate.
    public static func variantSeed(base seed: UInt64, index: Int) -> UInt64 { seed &+ UInt64(index) }

    /// `authored` (in the order given) followed by `variants` instances of every family of
    /// `families` (in that order, variants in index order), keeping only the questions that match
    /// every filter given (nil: no filter). The result is a pure function of the arguments.
    public static func build(authored: [Question], families: [QuestionFamily], variants: Int, seed: UInt64, topics: Set<String>?,
                             kinds: Set<QuestionKind>?, difficulty: ClosedRange<Int>?) -> [Question] {
        // A family can draw the same inputs for two seeds: keep the first of equal questions.
        Duplicates.removing(from: entries(authored: authored, families: families, variants: variants, seed: seed, topics: topics, kinds: kinds, difficulty: difficulty)
            .map { $0.question() })
    }

    /// The same pool as `build`, in the same order, with the families' variants not generated
    /// yet: a quiz that asks ten questions need not run the simulator for all the others.
    public static func entries(authored: [Question], families: [QuestionFamily], variants: Int, seed: UInt64, topics: Set<String>?,
                               kinds: Set<QuestionKind>?, difficulty: ClosedRange<Int>?) -> [PoolEntry] {
        func keep(topic: String, kind: QuestionKind, level: Int) -> Bool {
            (topics?.contains(topic) ?? true) && (kinds?.contains(kind) ?? true) && (difficulty?.contains(level) ?? true)
        }
        var out = authored.filter { keep(topic: $0.topic, kind: $0.kind, level: $0.difficulty) }.map(PoolEntry.authored)
        guard variants > 0 else { return out }
        for family in families where keep(topic: family.topic, kind: family.kind, level: family.difficulty) {
            for i in 0..<variants {
                out.append(.variant(family, seed: variantSeed(base: seed, index: i)))
            }
        }
        return out
    }

    /// A seeded selection of `count` questions from `pool`, in a seeded order (the quiz's
    /// question order). Every question at most once; fewer when the pool is smaller.
    public static func draw(_ pool: [Question], count: Int, seed: UInt64) -> [Question] {
        Array(SeededShuffle.shuffle(pool, seed: seed, salt: "draw").prefix(max(0, count)))
    }

    /// `draw` over a pool of entries: the same questions in the same order, and only those
    /// are generated.
    public static func draw(_ pool: [PoolEntry], count: Int, seed: UInt64) -> [Question] {
        SeededShuffle.shuffle(pool, seed: seed, salt: "draw").prefix(max(0, count)).map { $0.question() }
    }
}

/// One question of a pool: an authored question, or a family's variant that is generated when
/// it is asked for. What filters and plans need (id, topic, kind, difficulty) is known either way.
public enum PoolEntry: Sendable {
    case authored(Question)
    case variant(QuestionFamily, seed: UInt64)

    public var id: String {
        switch self {
        case .authored(let q): return q.id
        case .variant(let f, let seed): return f.questionID(seed: seed)
        }
    }
    public var topic: String {
        switch self {
        case .authored(let q): return q.topic
        case .variant(let f, _): return f.topic
        }
    }
    public var difficulty: Int {
        switch self {
        case .authored(let q): return q.difficulty
        case .variant(let f, _): return f.difficulty
        }
    }
    public func question() -> Question {
        switch self {
        case .authored(let q): return q
        case .variant(let f, let seed): return f.generate(seed: seed)
        }
    }
}
