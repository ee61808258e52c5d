import Foundation
import KmemCore

/// What the browser quiz grades with (`#quiz-grading` on the quiz page, read by
/// templates/assets/quiz-core.js): for every question, its answer as `grade()` sees it, with
/// everything that is decided by rules already applied here — short answers as the normalised
/// keys of every accepted spelling in every language, known wrong answers as numbers, hex
/// digits or keys, addresses as their hex digits. The script then only reads the learner's
/// input with the same normalisation and compares, so what counts as right is decided once.
///
/// ```json
/// {"format": "kmemguide-grading", "formatVersion": 1, "language": "en",
///  "questions": {"<id>": {"kind": "single", "answer": {...}, "choices": [{"id", "misconception", "feedback"}]}}}
/// ```
/// `answer` by `type`: `choices` {correct}, `truefalse` {value}, `numeric` {value, tolerance,
/// wrong: [{value, misconception, feedback}]}, `hex` {value: digits, wrong: [{value: digits, …}]},
/// `text` {accepted: [key], wrong: [{keys, …}]}, `matching` {count}, `ordering` {count}.
public enum BrowserGrading {
    public static let formatVersion = 1

    struct Known: Encodable {
        var value: Value?
        var keys: [String]?
        var misconception: String?
        var feedback: String?

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encodeIfPresent(value, forKey: .value)
            try c.encodeIfPresent(keys, forKey: .keys)
            try c.encode(misconception, forKey: .misconception)
            try c.encode(feedback, forKey: .feedback)
        }
    }

    enum Value: Encodable {
        case number(Double), text(String), bool(Bool)
        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .number(let d): try c.encode(d)
            case .text(let s): try c.encode(s)
            case .bool(let b): try c.encode(b)
            }
        }
    }

    enum Key: String, CodingKey {
        case type, correct, value, tolerance, wrong, accepted, count, keys, misconception, feedback, id, kind, answer, choices
    }

    struct AnswerSpec: Encodable {
        var type: String
        var correct: [String]?
        var value: Value?
        var tolerance: Double?
        var accepted: [String]?
        var wrong: [Known]?
        var count: Int?
    }

    struct ChoiceSpec: Encodable {
        var id: String
        var misconception: String?
        var feedback: String?
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(id, forKey: .id)
            try c.encode(misconception, forKey: .misconception)
            try c.encode(feedback, forKey: .feedback)
        }
    }

    struct Spec: Encodable {
        var kind: String
        var answer: AnswerSpec
        var choices: [ChoiceSpec]
    }

    struct Document: Encodable {
        var format = "kmemguide-grading"
        var formatVersion = BrowserGrading.formatVersion
        var language: String
        var questions: [String: Spec]
    }

    static func spec(_ q: Question, lang: Language) -> Spec {
        let known = { (w: Choice, value: Value?, keys: [String]?) in
            Known(value: value, keys: keys, misconception: w.misconception, feedback: w.feedback?[lang])
        }
        let answer: AnswerSpec
        switch q.answer {
        case .choices(let right):
            // In option order, so the script's output is independent of Set order.
            answer = AnswerSpec(type: "choices", correct: q.choices.map(\.id).filter(right.contains))
        case .trueFalse(let v):
            answer = AnswerSpec(type: "truefalse", value: .bool(v))
        case .numeric(let value, let tolerance):
            let wrong = q.knownWrongAnswers.compactMap { w in ResponseParser.number(w.text.en).map { known(w, .number($0), nil) } }
            answer = AnswerSpec(type: "numeric", value: .number(value), tolerance: tolerance, wrong: wrong)
        case .hex(let v):
            let wrong = q.knownWrongAnswers.compactMap { w in ResponseParser.hexValue(w.text.en).map { known(w, .text(String($0, radix: 16)), nil) } }
            answer = AnswerSpec(type: "hex", value: .text(String(v, radix: 16)), wrong: wrong)
        case .text:
            answer = AnswerSpec(type: "text", accepted: ResponseParser.acceptedKeys(q),
                                wrong: q.knownWrongAnswers.map { known($0, nil, ResponseParser.keys($0.text)) })
        case .matching(let pairs):
            answer = AnswerSpec(type: "matching", count: pairs.count)
        case .ordering(let items):
            answer = AnswerSpec(type: "ordering", count: items.count)
        }
        return Spec(kind: q.kind.rawValue, answer: answer,
                    choices: q.choices.map { ChoiceSpec(id: $0.id, misconception: $0.misconception, feedback: $0.feedback?[lang]) })
    }

    /// The grading data of `questions` in `lang` (feedback texts are in that language; the keys
    /// are the same in every language), as JSON with sorted keys: the same questions give the
    /// same bytes.
    public static func json(_ questions: [Question], lang: Language) -> String {
        var map: [String: Spec] = [:]
        for q in questions { map[q.id] = spec(q, lang: lang) }
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? e.encode(Document(language: lang.rawValue, questions: map))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
