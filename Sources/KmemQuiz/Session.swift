import Foundation
import KmemCore
import KmemQuestions

public enum QuizMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Feedback and the worked explanation after each answer.
    case practice
    /// No feedback until the end; a time limit.
    case exam
    /// The questions due under FSRS, then new ones.
    case review
}

/// How a session ended.
public enum QuizEnding: String, Sendable, Hashable, Codable {
    /// Every question was answered.
    case completed
    /// Standard input ended (Ctrl-D, or the end of a script).
    case endOfInput = "end-of-input"
    /// Ctrl-C.
    case interrupted
    /// The exam's time ran out.
    case timeUp = "time-up"
}

/// One question as asked: the question and how its options are shown.
public struct QuizItem: Sendable, Hashable {
    public var question: Question
    public var presentation: Presentation

    public init(question: Question, presentation: Presentation) {
        self.question = question; self.presentation = presentation
    }

    /// Choices and the right-hand side of matching are shown in a seeded order; authored
    /// single and multiple choice questions are shuffled too (their right answer is often "a").
    public init(question: Question, seed: UInt64) {
        self.init(question: question, presentation: Presentation.make(for: question, seed: seed, shuffleChoices: true))
    }
}

public struct QuizRecord: Sendable, Hashable {
    /// What was typed.
    public var input: String
    public var response: Response
    public var grade: Grade
    public var at: Date
}

/// The pure quiz engine: the items, the answers given, scoring, tallies by topic and the
/// mistakes. No I/O; `QuizRunner` drives it from a terminal.
public struct QuizSession: Sendable {
    public let mode: QuizMode
    public let items: [QuizItem]
    /// One per item: nil while not answered (and, once the session ended, unanswered).
    public private(set) var records: [QuizRecord?]
    /// The next item to ask.
    public private(set) var position = 0
    public private(set) var ending: QuizEnding?

    public init(mode: QuizMode, items: [QuizItem]) {
        self.mode = mode; self.items = items
        records = Array(repeating: nil, count: items.count)
    }

    public var isFinished: Bool { ending != nil || position >= items.count }
    public var current: QuizItem? { isFinished ? nil : items[position] }

    /// Parses `text` as the answer to the current question. A parse error leaves the session
    /// unchanged (the caller asks again).
    public func parse(_ text: String) throws(ResponseParseError) -> Response {
        guard let item = current else {
            throw ResponseParseError(.quiz_over)
        }
        return try ResponseParser.parse(text, for: item.question, presentation: item.presentation)
    }

    /// Parses, grades and records an answer to the current question, then moves on.
    @discardableResult
    public mutating func answer(_ text: String, at date: Date = Date()) throws(ResponseParseError) -> QuizRecord {
        let response = try parse(text)
        return record(response, input: text, at: date)
    }

    /// Records an already parsed response to the current question and moves on.
    @discardableResult
    public mutating func record(_ response: Response, input: String, at date: Date = Date()) -> QuizRecord {
        precondition(!isFinished, "no question to answer")
        let g = grade(items[position].question, response: response)
        let r = QuizRecord(input: input, response: response, grade: g, at: date)
        records[position] = r
        position += 1
        if position >= items.count && ending == nil { ending = .completed }
        return r
    }

    /// Ends the session: the questions not answered stay unanswered.
    public mutating func end(_ why: QuizEnding) {
        if ending == nil { ending = position >= items.count && why != .timeUp ? .completed : why }
    }

    public var summary: QuizSummary { QuizSummary(self) }
}

/// Counts for one topic.
public struct TopicTally: Sendable, Hashable, Codable {
    public var topic: String
    public var total = 0
    public var answered = 0
    public var correct = 0
    public init(topic: String) { self.topic = topic }
}

/// The result of a session, for the closing summary and `--json`.
public struct QuizSummary: Sendable {
    public var mode: QuizMode
    public var ending: QuizEnding?
    public var total: Int
    public var answered: Int
    public var correct: Int
    /// Sum of partial credit (multiple response, matching, ordering).
    public var points: Double
    /// Topics in the order they were first asked.
    public var topics: [TopicTally]
    /// Indices into the session's items: answered wrong, in the order asked.
    public var mistakes: [Int]
    /// Indices of the questions left unanswered.
    public var unanswered: [Int]

    public init(_ s: QuizSession) {
        mode = s.mode; ending = s.ending; total = s.items.count
        var topics: [TopicTally] = []
        var index: [String: Int] = [:]
        answered = 0; correct = 0; points = 0; mistakes = []; unanswered = []
        for (i, item) in s.items.enumerated() {
            let t = item.question.topic
            if index[t] == nil { index[t] = topics.count; topics.append(TopicTally(topic: t)) }
            topics[index[t]!].total += 1
            guard let r = s.records[i] else { unanswered.append(i); continue }
            answered += 1
            topics[index[t]!].answered += 1
            points += r.grade.score
            if r.grade.correct { correct += 1; topics[index[t]!].correct += 1 } else { mistakes.append(i) }
        }
        // Only topics of answered questions: one that was never answered was not tested.
        self.topics = topics.filter { $0.answered > 0 }
    }

    /// Whole percent of the questions answered, rounded half up (0 when none was).
    public var percent: Int { answered == 0 ? 0 : Int((Double(correct) * 100 / Double(answered)).rounded()) }
    /// Whole percent of all the session's questions, unanswered counting as wrong (an exam's mark).
    public var percentOfAll: Int { total == 0 ? 0 : Int((Double(correct) * 100 / Double(total)).rounded()) }
}
