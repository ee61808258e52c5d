import KmemCore
import KmemQuestions

/// What a teacher asks for: how many questions, from which topics, kinds and difficulties,
/// in how many versions, with which seed.
public struct ExamSpec: Sendable {
    public var count: Int
    public var topics: Set<String>?
    public var kinds: Set<QuestionKind>?
    public var difficulties: Set<Int>?
    public var versions: Int
    public var seed: UInt64
    /// Blueprint: this many questions from every topic that has matching ones (`count` is
    /// then their total).
    public var perTopic: Int?
    /// Blueprint: the share in percent of difficulty 1, 2 and 3 (summing to 100), e.g. 40/40/20.
    public var mix: [Int]?

    public init(count: Int, topics: Set<String>? = nil, kinds: Set<QuestionKind>? = nil, difficulties: Set<Int>? = nil,
                versions: Int = 2, seed: UInt64 = 1, perTopic: Int? = nil, mix: [Int]? = nil) {
        self.count = count; self.topics = topics; self.kinds = kinds; self.difficulties = difficulties
        self.versions = versions; self.seed = seed; self.perTopic = perTopic; self.mix = mix
    }
}

/// An assembled exam: `count` slots, each an authored question or a generated family (at most
/// one of each family), drawn with the seed. Every version has the same slots, each family
/// instantiated with its own numbers in each version, in the version's own order.
public struct Exam: Sendable {
    /// Per version (1…), its questions in the order printed.
    public var versions: [[Question]]
    /// For the LMS formats: every slot's questions (a family's variants of all versions),
    /// slot by slot, so each family becomes a group an LMS draws one variant from.
    public var pool: [Question]
}

public enum ExamAssembler {
    /// A slot of the exam.
    enum Slot {
        case authored(Question)
        case family(QuestionFamily)

        var topic: String { switch self { case .authored(let q): return q.topic; case .family(let f): return f.topic } }
        var kind: QuestionKind { switch self { case .authored(let q): return q.kind; case .family(let f): return f.kind } }
        var difficulty: Int { switch self { case .authored(let q): return q.difficulty; case .family(let f): return f.difficulty } }
    }

    /// Tries per version to find a variant whose text differs from the other versions'.
    static let attempts = 12

    public static func assemble(authored: [Question], families: [QuestionFamily],
                                spec: ExamSpec) throws(Diagnostic) -> Exam {
        guard spec.count >= 1 || spec.perTopic != nil else {
            throw Diagnostic(.usage, "--count must be at least 1, not \(spec.count)", hint: "give the number of questions, e.g. --count 20")
        }
        guard spec.versions >= 1 else {
            throw Diagnostic(.usage, "--versions must be at least 1, not \(spec.versions)", hint: "give the number of versions, e.g. --versions 2")
        }
        func keep(_ s: Slot) -> Bool {
            (spec.topics?.contains(s.topic) ?? true) && (spec.kinds?.contains(s.kind) ?? true)
                && (spec.difficulties?.contains(s.difficulty) ?? true)
        }
        let candidates = SeededShuffle.shuffle((authored.map(Slot.authored) + families.map(Slot.family)).filter(keep),
                                               seed: spec.seed, salt: "exam-select")
        func tooFew(_ have: Int, _ want: Int, _ what: String) -> Diagnostic {
            Diagnostic(.usage, "only \(have) question\(have == 1 ? "" : "s") and famil\(have == 1 ? "y" : "ies") match \(what), fewer than \(want)",
                       hint: "an exam holds at most one variant of each family: ask for fewer or widen the selection (--topic, --kind, --difficulty)")
        }
        var slots: [Slot] = []
        if let per = spec.perTopic {
            guard per >= 1, spec.mix == nil else {
                throw Diagnostic(.usage, "--per-topic must be at least 1 and cannot be combined with --mix", hint: "e.g. --per-topic 3")
            }
            var topicOrder: [String] = []
            for c in candidates where !topicOrder.contains(c.topic) { topicOrder.append(c.topic) }
            for t in topicOrder.sorted() {
                let inTopic = candidates.filter { $0.topic == t }
                guard inTopic.count >= per else { throw tooFew(inTopic.count, per, "topic `\(t)`") }
                slots += inTopic.prefix(per)
            }
            guard !slots.isEmpty else { throw tooFew(0, per, "the selection") }
        } else if let mix = spec.mix {
            guard mix.count == 3, mix.allSatisfy({ $0 >= 0 }), mix.reduce(0, +) == 100 else {
                throw Diagnostic(.usage, "--mix needs three percentages for difficulty 1, 2, 3 that sum to 100", hint: "e.g. --mix 40/40/20")
            }
            // Largest remainder: the counts sum to `count` and follow the percentages.
            var want = mix.map { spec.count * $0 / 100 }
            let rest = mix.indices.sorted { (spec.count * mix[$0]) % 100 > (spec.count * mix[$1]) % 100 }
            for i in rest.prefix(spec.count - want.reduce(0, +)) { want[i] += 1 }
            for (d, n) in want.enumerated() where n > 0 {
                let level = candidates.filter { $0.difficulty == d + 1 }
                guard level.count >= n else { throw tooFew(level.count, n, "difficulty \(d + 1)") }
                slots += level.prefix(n)
            }
            // Mixed levels, not all easy ones first: the versions' orders are drawn from this.
            slots = SeededShuffle.shuffle(slots, seed: spec.seed, salt: "exam-mix")
        } else {
            guard candidates.count >= spec.count else { throw tooFew(candidates.count, spec.count, "the --topic, --kind and --difficulty given") }
            slots = Array(candidates.prefix(spec.count))
        }

        // Each slot's question in each version.
        var perSlot: [[Question]] = []
        for slot in slots {
            switch slot {
            case .authored(let q):
                perSlot.append(Array(repeating: q, count: spec.versions))
            case .family(let f):
                var chosen: [Question] = []
                var prompts = Set<String>()
                var next = 0
                for _ in 0..<spec.versions {
                    var pick: Question? = nil
                    for _ in 0..<attempts {
                        let q = f.generate(seed: QuestionSet.variantSeed(base: spec.seed, index: next))
                        next += 1
                        if !prompts.contains(q.prompt.en) { pick = q; break }
                        if pick == nil { pick = q }  // the family has fewer distinct variants: repeat one
                    }
                    prompts.insert(pick!.prompt.en)
                    chosen.append(pick!)
                }
                perSlot.append(chosen)
            }
        }
        var versions: [[Question]] = []
        for v in 1...spec.versions {
            let order = PrintExam.order(count: slots.count, seed: spec.seed, version: v)
            versions.append(order.map { perSlot[$0][v - 1] })
        }
        var pool: [Question] = []
        for qs in perSlot {
            var ids = Set<String>()
            for q in qs where ids.insert(q.id).inserted { pool.append(q) }
        }
        return Exam(versions: versions, pool: pool)
    }
}
