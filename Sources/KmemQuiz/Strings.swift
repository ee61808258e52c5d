import Foundation
import KmemCore

/// The quiz's UI strings in one language: `quiz.*` keys of content/ui.yaml, with `{name}`
/// placeholders. The CLI passes `UIStrings` from KmemContent (this target does not depend on it).
public struct QuizStrings: Sendable {
    public let lang: Language
    private let lookup: @Sendable (String, Language) -> String

    public init(lang: Language, lookup: @escaping @Sendable (String, Language) -> String) {
        self.lang = lang; self.lookup = lookup
    }

    /// The string for `key` with `{name}` replaced by `vars[name]`.
    public func callAsFunction(_ key: String, _ vars: [String: String] = [:]) -> String {
        var s = lookup(key, lang)
        for (k, v) in vars { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return s
    }

    /// Every key the quiz uses; `UIKeys.required` lists them too, so `kmemguide check` finds a gap.
    public static let keys: [String] = [
        "quiz.header.practice", "quiz.header.exam", "quiz.header.review", "quiz.keys_hint",
        "quiz.question", "quiz.difficulty", "quiz.time_left",
        "quiz.hint.single", "quiz.hint.multiple", "quiz.hint.truefalse", "quiz.hint.numeric", "quiz.hint.hex",
        "quiz.hint.short", "quiz.hint.matching", "quiz.hint.ordering",
        "quiz.choose_all", "quiz.matching_intro", "quiz.ordering_intro", "quiz.true", "quiz.false",
        "quiz.answer_prompt", "quiz.correct", "quiz.wrong", "quiz.partial", "quiz.right_answer", "quiz.your_answer",
        "quiz.explanation", "quiz.rate", "quiz.rate_hint", "quiz.next_review", "quiz.in_minutes", "quiz.in_hours",
        "quiz.in_days", "quiz.time_up", "quiz.interrupted", "quiz.input_ended", "quiz.results", "quiz.score",
        "quiz.unanswered", "quiz.by_topic", "quiz.mistakes", "quiz.no_mistakes", "quiz.progress_saved",
        "quiz.nothing_due", "quiz.progress_corrupt", "quiz.progress_unusable",
        "quiz.save_failed",
    ] + QuizStrings.addedKeys

    /// Keys added for issues 11 and 14 (seed, countdown, scores over the answered questions,
    /// progress that cannot be saved, messages that were English only).
    public static let addedKeys: [String] = [
        "quiz.seed", "quiz.prompt", "quiz.prompt_range", "quiz.countdown", "quiz.score_answered", "quiz.score_exam", "quiz.none_answered",
        "quiz.not_saved", "quiz.progress_repaired", "quiz.progress_not_a_file",
        "quiz.file_kind.fifo", "quiz.file_kind.character-device", "quiz.file_kind.block-device",
        "quiz.file_kind.socket", "quiz.file_kind.other",
        "quiz.no_input", "quiz.no_input_hint", "quiz.unknown_topic", "quiz.topic_hint",
        "quiz.no_questions", "quiz.no_questions_hint",
    ]
}
