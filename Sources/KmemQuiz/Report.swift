import Foundation
import KmemCore
import KmemQuestions

/// `kmemguide quiz --json`: the results as one JSON document (keys sorted, two-space indent).
///
/// ```
/// {"mode", "lang", "seed", "ending": "completed|end-of-input|interrupted|time-up",
///  "total", "answered", "correct", "unanswered", "percent" (of the answered questions),
///  "percent_of_all" (unanswered counting as wrong), "points",
///  "topics": [{"topic", "total", "answered", "correct"}] (topics with an answered question),
///  "questions": [{"id", "topic", "kind", "difficulty", "answered", "input", "correct", "score",
///                 "misconception"}],
///  "mistakes": [{"id", "topic", "prompt", "your_answer", "right_answer", "explanation"}],
///  "progress": "<path of progress.json>" | null}
/// ```
public enum QuizReport {
    public static func json(_ session: QuizSession, strings: QuizStrings, seed: UInt64, progressPath: String?) -> String {
        let s = session.summary
        let questions: [[String: Any]] = session.items.enumerated().map { i, item in
            let r = session.records[i]
            return [
                "id": item.question.id, "topic": item.question.topic, "kind": item.question.kind.rawValue,
                "difficulty": item.question.difficulty, "answered": r != nil,
                "input": r.map { $0.input as Any } ?? NSNull(),
                "correct": r?.grade.correct ?? false, "score": r?.grade.score ?? 0,
                "misconception": r?.grade.misconception.map { $0 as Any } ?? NSNull(),
            ]
        }
        let mistakes: [[String: Any]] = s.mistakes.map { i in
            let item = session.items[i]
            return [
                "id": item.question.id, "topic": item.question.topic, "prompt": item.question.prompt[strings.lang],
                "your_answer": session.records[i]?.input ?? "",
                "right_answer": AnswerText.render(item, strings: strings).joined(separator: "\n"),
                "explanation": item.question.explanation[strings.lang],
            ]
        }
        let doc: [String: Any] = [
            "mode": session.mode.rawValue, "lang": strings.lang.rawValue, "seed": seed,
            "ending": (s.ending ?? .completed).rawValue,
            "total": s.total, "answered": s.answered, "correct": s.correct, "unanswered": s.unanswered.count,
            "percent": s.percent, "percent_of_all": s.percentOfAll, "points": (s.points * 1000).rounded() / 1000,
            "topics": s.topics.map { ["topic": $0.topic, "total": $0.total, "answered": $0.answered, "correct": $0.correct] },
            "questions": questions, "mistakes": mistakes,
            "progress": progressPath.map { $0 as Any } ?? NSNull(),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
