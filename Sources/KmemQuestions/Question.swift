import KmemCore

/// Text in the three equal languages. A missing language is a content error, caught when the
/// question is loaded or generated — never a fallback at display time.
public struct Localized: Sendable, Hashable, Codable {
    public var en: String
    public var zh: String
    public var ja: String

    public init(en: String, zh: String, ja: String) { self.en = en; self.zh = zh; self.ja = ja }
    /// The same text in every language (code, numbers, kernel names).
    public init(all: String) { self.init(en: all, zh: all, ja: all) }

    public subscript(_ lang: Language) -> String {
        switch lang {
        case .en: return en
        case .zh: return zh
        case .ja: return ja
        }
    }

    public func map(_ f: (String) -> String) -> Localized { Localized(en: f(en), zh: f(zh), ja: f(ja)) }
}

public enum QuestionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case singleChoice = "single"
    case multipleResponse = "multiple"
    case trueFalse = "truefalse"
    case numeric
    case hexAddress = "hex"
    case shortAnswer = "short"
    case matching
    case ordering
}

public struct Choice: Sendable, Hashable, Codable {
    /// Stable within the question ("a", "b", … or a misconception id).
    public var id: String
    public var text: Localized
    public var correct: Bool
    /// For a wrong option: the misconception it stands for (`forgot-8mib-hole`), so feedback
    /// and statistics can name it.
    public var misconception: String?
    public var feedback: Localized?

    public init(id: String, text: Localized, correct: Bool, misconception: String? = nil, feedback: Localized? = nil) {
        self.id = id; self.text = text; self.correct = correct; self.misconception = misconception; self.feedback = feedback
    }
}

public struct MatchPair: Sendable, Hashable, Codable {
    public var left: Localized
    public var right: Localized
    public init(left: Localized, right: Localized) { self.left = left; self.right = right }
}

/// What counts as right, by kind.
public enum Answer: Sendable, Hashable {
    /// single and multiple: the ids of the correct choices (exactly one for single).
    case choices(Set<String>)
    case trueFalse(Bool)
    /// A number, right within `tolerance` (absolute).
    case numeric(value: Double, tolerance: Double)
    /// An address, compared as a number (`0xC0000000`, `c0000000` and `0xc0000000` all match).
    case hex(UInt64)
    /// Accepted answers, compared after trimming and case folding, per language.
    case text([Localized])
    /// The pairs in their right matching; shown with the right-hand side shuffled.
    case matching([MatchPair])
    /// The items in their right order; shown shuffled.
    case ordering([Localized])
}

public struct QuestionSource: Sendable, Hashable, Codable {
    /// A seed id from content/seeds.yaml, if the question comes from a seed's claim.
    public var seed: String?
    /// A kernel file with version, e.g. "6.1:mm/slab_common.c".
    public var kernelFile: String?
    public init(seed: String? = nil, kernelFile: String? = nil) { self.seed = seed; self.kernelFile = kernelFile }
}

/// Codable: the one serialization of a question (the quiz's content cache stores it as is;
/// the exports write their own formats from it).
public struct Question: Sendable, Hashable, Codable {
    /// Stable: authored ids are written in the YAML; generated ones are `family/v<version>/seed`.
    public var id: String
    /// A page slug of content/pages (kmalloc, vmalloc, gfp, layouts, …).
    public var topic: String
    /// 1 (recall) … 3 (compute or reason in several steps).
    public var difficulty: Int
    public var kind: QuestionKind
    public var prompt: Localized
    /// single, multiple, truefalse: the options (for truefalse: none; the answer says).
    public var choices: [Choice]
    public var answer: Answer
    /// The worked explanation shown after answering.
    public var explanation: Localized
    public var sources: [QuestionSource]
    /// The generator family for generated questions; nil for authored ones.
    public var family: String?
    /// numeric, hex, short: typed answers known to be wrong, each standing for a named
    /// misconception (`Choice.correct` is always false; `Choice.text` is the wrong answer as
    /// written, e.g. `0x0c123000`). Never shown as options: `grade()` names the misconception
    /// when a response equals one of them, and exporters may turn them into wrong-answer
    /// feedback (Moodle numerical answers with fraction 0, GIFT `=%0%`…). Empty for other kinds.
    public var knownWrongAnswers: [Choice] = []
    /// Generated questions: the inputs the simulator computed the answer from (`kernel`,
    /// `arch`, `ram`, `size`, `addr`, …, as text), so a test, an exporter or a "show me the
    /// machine" view can recompute or display them. Empty for authored questions.
    public var parameters: [String: String] = [:]

    public init(id: String, topic: String, difficulty: Int, kind: QuestionKind, prompt: Localized, choices: [Choice] = [],
                answer: Answer, explanation: Localized, sources: [QuestionSource] = [], family: String? = nil,
                knownWrongAnswers: [Choice] = []) {
        self.id = id; self.topic = topic; self.difficulty = difficulty; self.kind = kind; self.prompt = prompt
        self.choices = choices; self.answer = answer; self.explanation = explanation; self.sources = sources; self.family = family
        self.knownWrongAnswers = knownWrongAnswers
    }
}

/// Encoded deterministically: choice ids sorted (a Set has no order), addresses as hex
/// digits (JSON numbers lose precision above 2^53).
extension Answer: Codable {
    private enum Wire: Codable {
        case choices([String])
        case trueFalse(Bool)
        case numeric(value: Double, tolerance: Double)
        case hex(String)
        case text([Localized])
        case matching([MatchPair])
        case ordering([Localized])
    }

    public func encode(to encoder: any Encoder) throws {
        let wire: Wire
        switch self {
        case .choices(let s): wire = .choices(s.sorted())
        case .trueFalse(let b): wire = .trueFalse(b)
        case .numeric(let v, let t): wire = .numeric(value: v, tolerance: t)
        case .hex(let v): wire = .hex(String(v, radix: 16))
        case .text(let t): wire = .text(t)
        case .matching(let p): wire = .matching(p)
        case .ordering(let o): wire = .ordering(o)
        }
        try wire.encode(to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        switch try Wire(from: decoder) {
        case .choices(let s): self = .choices(Set(s))
        case .trueFalse(let b): self = .trueFalse(b)
        case .numeric(let v, let t): self = .numeric(value: v, tolerance: t)
        case .hex(let s):
            guard let v = UInt64(s, radix: 16) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "`\(s)` is not hex digits"))
            }
            self = .hex(v)
        case .text(let t): self = .text(t)
        case .matching(let p): self = .matching(p)
        case .ordering(let o): self = .ordering(o)
        }
    }
}
