import Foundation
import KmemCore
import KmemQuestions

/// A few ANSI styles; all empty when colour is off.
public struct Style: Sendable {
    public let on: Bool
    public init(_ on: Bool) { self.on = on }
    private func wrap(_ code: String, _ s: String) -> String { on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    public func bold(_ s: String) -> String { wrap("1", s) }
    public func dim(_ s: String) -> String { wrap("2", s) }
    public func green(_ s: String) -> String { wrap("1;32", s) }
    public func red(_ s: String) -> String { wrap("1;31", s) }
    public func yellow(_ s: String) -> String { wrap("33", s) }
    public func cyan(_ s: String) -> String { wrap("36", s) }

    /// `code` spans shown without their backticks, in cyan when colour is on: a reader of a
    /// pipe or a log should not meet Markdown either. Works line by line, after wrapping; a
    /// span the wrapping cut carries over to the next line through `inCode`.
    public func code(_ line: String, inCode: inout Bool) -> String {
        guard line.contains("`") || inCode else { return line }
        var out = ""
        var pending = ""
        for c in line {
            if c == "`" {
                if inCode { out += cyan(pending); pending = "" }
                inCode.toggle()
                continue
            }
            if inCode { pending.append(c) } else { out.append(c) }
        }
        if inCode { out += cyan(pending) }  // the span goes on on the next line
        return out
    }

    /// One line on its own; an unmatched backtick is left as typed.
    public func code(_ line: String) -> String {
        guard line.filter({ $0 == "`" }).count % 2 == 0 else { return line }
        var inCode = false
        return code(line, inCode: &inCode)
    }
}

/// The right answer of a question as the learner saw it (letters of the displayed order).
public enum AnswerText {
    public static func render(_ item: QuizItem, strings t: QuizStrings) -> [String] {
        let q = item.question, p = item.presentation, lang = t.lang
        switch q.answer {
        case .choices(let right):
            return p.choiceOrder.enumerated().compactMap { pos, idx in
                right.contains(q.choices[idx].id) ? "\(Presentation.label(pos))) \(q.choices[idx].text[lang])" : nil
            }
        case .trueFalse(let b):
            return [b ? t("quiz.true") : t("quiz.false")]
        case .numeric(let value, let tolerance):
            return [number(value) + (tolerance > 0 ? " ± \(number(tolerance))" : "")]
        case .hex(let v):
            return [String(format: "0x%08llx", v)]
        case .text(let accepted):
            return [accepted.first.map { $0[lang] } ?? ""]
        case .matching(let pairs):
            // left i (shown as i+1) goes with the displayed letter of its own right side
            return pairs.enumerated().map { i, pair in
                let pos = p.rightOrder.firstIndex(of: i) ?? i
                return t("l10n.label", ["label": "\(i + 1) → \(Presentation.label(pos))", "value": "\(pair.left[lang]) → \(pair.right[lang])"])
            }
        case .ordering(let items):
            let letters = items.indices.map { k in Presentation.label(p.itemOrder.firstIndex(of: k) ?? k) }
            return [letters.joined(separator: " ")] + items.enumerated().map { k, item in "  \(k + 1). \(item[lang])" }
        }
    }

    /// Integral values without a decimal point.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}

/// Writes a question, feedback and the summary to a terminal, wrapped to its width.
struct Renderer {
    let terminal: Terminal
    let t: QuizStrings
    /// Topic slug → page title in the quiz's language.
    var titles: [String: String] = [:]
    var style: Style { Style(terminal.colors) }
    var lang: Language { t.lang }

    func line(_ s: String = "") { terminal.write(s + "\n") }

    /// Wrapped paragraphs; `indent` for every line, `hanging` extra for continuation lines.
    func text(_ s: String, indent: Int = 0, hanging: Int = 0, decorate: (String) -> String = { $0 }) {
        let pad = String(repeating: " ", count: indent)
        let width = max(20, terminal.width - 1) - indent
        // Backticks pair up over the whole paragraph (a span may be cut by the wrapping);
        // an odd count means a stray backtick, left as typed.
        let paired = s.filter { $0 == "`" }.count % 2 == 0
        var inCode = false
        for wrapped in TextWidth.wrap(s, width: width, indent: hanging) {
            // No-break spaces and word joiners only steer the wrapping; the terminal gets plain spaces.
            let l = wrapped.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{2060}", with: "")
            line(l.isEmpty ? "" : pad + decorate(paired ? style.code(l, inCode: &inCode) : l))
        }
    }

    /// A prompt that may hold fenced code (```c … ```): prose wrapped, code shown as code —
    /// indented, never wrapped, without the fence lines a terminal reader should not see.
    func prose(_ s: String, indent: Int = 0) {
        for part in Self.fencedParts(s) {
            if part.code {
                for l in part.text.split(separator: "\n", omittingEmptySubsequences: false) {
                    line(String(repeating: " ", count: indent + 4) + style.dim(String(l)))
                }
            } else if !part.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                text(part.text.trimmingCharacters(in: .newlines), indent: indent)
            }
        }
    }

    /// The text outside fenced code blocks only (the mistakes list names the question, the
    /// code is on the question above).
    static func withoutCode(_ s: String) -> String {
        fencedParts(s).filter { !$0.code }.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// `s` cut at lines that open or close a ``` fence.
    static func fencedParts(_ s: String) -> [(code: Bool, text: String)] {
        var parts: [(code: Bool, text: String)] = []
        var current: [Substring] = [], inCode = false
        for l in s.split(separator: "\n", omittingEmptySubsequences: false) {
            if l.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                parts.append((inCode, current.joined(separator: "\n")))
                current = []
                inCode.toggle()
                continue
            }
            current.append(l)
        }
        parts.append((inCode, current.joined(separator: "\n")))
        return parts.filter { !$0.text.isEmpty }
    }

    /// `a) text` with continuation lines under the text.
    func option(_ label: String, _ s: String, indent: Int = 2) {
        let head = "\(label)) "
        text(head + s, indent: indent, hanging: TextWidth.width(of: head))
    }

    func header(_ item: QuizItem, number: Int, total: Int, timeLeft: TimeInterval?) {
        // A short part ("难度 2", "Question 3/10") never breaks across lines: no-break spaces.
        let keep = { (s: String) in s.replacingOccurrences(of: " ", with: "\u{00A0}").map(String.init).joined(separator: "\u{2060}") }
        var parts = [keep(t("quiz.question", ["n": "\(number)", "total": "\(total)"])), title(item.question.topic),
                     keep(t("quiz.difficulty", ["d": "\(item.question.difficulty)"]))]
        if let timeLeft { parts.append(keep(t("quiz.time_left", ["time": Self.clock(timeLeft)]))) }
        line()
        // "·" stays with the part after it, so a line never ends on the separator.
        text(parts.joined(separator: " ·\u{00A0}")) { style.bold(style.cyan($0)) }
    }

    /// The page title of a topic, or its slug when there is none.
    func title(_ topic: String) -> String { titles[topic].flatMap { $0.isEmpty ? nil : $0 } ?? topic }

    func question(_ item: QuizItem) {
        let q = item.question, p = item.presentation
        prose(q.prompt[lang])
        switch q.kind {
        case .singleChoice, .multipleResponse:
            if q.kind == .multipleResponse { text(t("quiz.choose_all")) { style.dim($0) } }
            line()
            for (pos, idx) in p.choiceOrder.enumerated() { option(Presentation.label(pos), q.choices[idx].text[lang]) }
        case .trueFalse:
            line()
            option("t", t("quiz.true"))
            option("f", t("quiz.false"))
        case .matching:
            guard case .matching(let pairs) = q.answer else { break }
            text(t("quiz.matching_intro")) { style.dim($0) }
            line()
            for (i, pair) in pairs.enumerated() { option("\(i + 1)", pair.left[lang]) }
            line()
            for (pos, idx) in p.rightOrder.enumerated() where idx < pairs.count { option(Presentation.label(pos), pairs[idx].right[lang]) }
        case .ordering:
            guard case .ordering(let items) = q.answer else { break }
            text(t("quiz.ordering_intro")) { style.dim($0) }
            line()
            for (pos, idx) in p.itemOrder.enumerated() where idx < items.count { option(Presentation.label(pos), items[idx][lang]) }
        default:
            break
        }
    }

    /// The range shown in the prompt: "a–d", "t/f", "1–3 → a–c".
    func range(_ item: QuizItem) -> String? {
        let q = item.question
        func letters(_ n: Int) -> String { n <= 1 ? "a" : "a–\(Presentation.label(n - 1))" }
        switch q.kind {
        case .singleChoice, .multipleResponse: return letters(q.choices.count)
        case .trueFalse: return "t/f"
        case .matching: return "1–\(q.pairCount) → \(letters(q.pairCount))"
        case .ordering: return letters(q.itemCount)
        default: return nil
        }
    }

    func prompt(_ item: QuizItem) -> String {
        // Whole sentences from ui.yaml: Chinese and Japanese take full-width brackets and colon.
        let text = range(item).map { t("quiz.prompt_range", ["range": $0]) } ?? t("quiz.prompt")
        return style.bold(text) + " "
    }

    /// The hint printed when an answer cannot be read.
    func hint(_ item: QuizItem) -> String {
        let q = item.question
        let last = { (n: Int) in Presentation.label(max(0, n - 1)) }
        switch q.kind {
        case .singleChoice: return t("quiz.hint.single", ["first": "a", "last": last(q.choices.count)])
        case .multipleResponse: return t("quiz.hint.multiple", ["first": "a", "last": last(q.choices.count)])
        case .trueFalse: return t("quiz.hint.truefalse")
        case .numeric: return t("quiz.hint.numeric")
        case .hexAddress: return t("quiz.hint.hex")
        case .shortAnswer: return t("quiz.hint.short")
        case .matching: return t("quiz.hint.matching", ["n": "\(q.pairCount)"])
        case .ordering: return t("quiz.hint.ordering")
        }
    }

    func feedback(_ item: QuizItem, _ r: QuizRecord, explain: Bool) {
        if r.grade.correct {
            text("✓ " + t("quiz.correct"), hanging: 2) { style.green($0) }
        } else if r.grade.score > 0 {
            text("◐ " + t("quiz.partial", ["percent": "\(Int((r.grade.score * 100).rounded()))"]), hanging: 2) { style.yellow($0) }
        } else {
            text("✗ " + t("quiz.wrong"), hanging: 2) { style.red($0) }
        }
        if let fb = r.grade.feedback { text(fb[lang], indent: 2) }
        if !r.grade.correct { rightAnswer(item, indent: 2) }
        if explain {
            line(style.bold(t("quiz.explanation")))
            text(item.question.explanation[lang], indent: 2)
        }
    }

    func rightAnswer(_ item: QuizItem, indent: Int) {
        let lines = AnswerText.render(item, strings: t)
        if lines.count == 1 {
            text(t("quiz.right_answer", ["answer": lines[0]]), indent: indent, hanging: 2)
        } else {
            text(t("quiz.right_answer", ["answer": ""]).trimmingCharacters(in: .whitespaces), indent: indent)
            for l in lines { text(l, indent: indent + 2, hanging: 4) }
        }
    }

    /// Figures over the questions answered only: a quiz ended early (Ctrl-C, end of input, time
    /// up) does not count the rest as wrong, and lists only the topics of what was answered.
    func summary(_ session: QuizSession, explainMistakes: Bool) {
        let s = session.summary
        line()
        line(style.bold("━━ " + t("quiz.results") + " ━━"))
        let allRight = s.answered > 0 && s.correct == s.answered
        if s.answered == 0 {
            text(t("quiz.none_answered", ["total": "\(s.total)"])) { style.bold($0) }
        } else if s.unanswered.isEmpty {
            let score = t("quiz.score", ["right": "\(s.correct)", "total": "\(s.total)", "percent": "\(s.percent)"])
            text(score) { allRight ? style.green($0) : style.bold($0) }
        } else {
            let score = t("quiz.score_answered", ["right": "\(s.correct)", "answered": "\(s.answered)", "percent": "\(s.percent)"])
            text(score) { allRight ? style.green($0) : style.bold($0) }
        }
        if !s.unanswered.isEmpty { line(t("quiz.unanswered", ["n": "\(s.unanswered.count)"])) }
        if session.mode == .exam, !s.unanswered.isEmpty, s.answered > 0 {
            // An exam is marked over all its questions; said separately so neither figure misleads.
            text(t("quiz.score_exam", ["right": "\(s.correct)", "total": "\(s.total)", "percent": "\(s.percentOfAll)"]))
        }
        if s.topics.count > 0 {
            line()
            line(style.bold(t("quiz.by_topic")))
            let names = s.topics.map { title($0.topic) }
            let w = names.map { TextWidth.width(of: $0) }.max() ?? 0
            for (tt, name) in zip(s.topics, names) {
                let bar = String(repeating: "■", count: tt.correct) + String(repeating: "□", count: tt.answered - tt.correct)
                line("  " + TextWidth.pad(name, to: w) + "  \(tt.correct)/\(tt.answered)  " + style.dim(bar))
            }
        }
        guard s.answered > 0 else { return }
        line()
        line(style.bold(t("quiz.mistakes")))
        if s.mistakes.isEmpty { line("  " + t("quiz.no_mistakes")); return }
        for (n, i) in s.mistakes.enumerated() {
            let item = session.items[i]
            let num = "\(n + 1). "
            text(num + Self.withoutCode(item.question.prompt[lang]), indent: 2, hanging: TextWidth.width(of: num))
            let pad = 2 + TextWidth.width(of: num)
            if let r = session.records[i] {
                // True/false is shown in words, as the right answer below it is ("f" → "错").
                var typed = r.input.trimmingCharacters(in: .whitespaces)
                if case .trueFalse(let v) = r.response { typed = t(v ? "quiz.true" : "quiz.false") }
                text(t("quiz.your_answer", ["answer": typed]), indent: pad)
            }
            rightAnswer(item, indent: pad)
            if explainMistakes {
                text(item.question.explanation[lang], indent: pad) { style.dim($0) }
            }
        }
    }

    static func clock(_ seconds: TimeInterval) -> String {
        // Clamped before `Int(...)`: no limit of `inf` or 1e20 s may trap here.
        let s = seconds.isFinite ? Int(min(max(0, seconds.rounded(.up)), 9e15)) : (seconds > 0 ? 9_000_000_000_000_000 : 0)
        return String(format: "%d:%02d", s / 60, s % 60)
    }

    /// "in 10 min", "in 3 h", "in 4 days".
    func relative(_ interval: TimeInterval) -> String {
        if interval < 3600 { return t("quiz.in_minutes", ["n": "\(max(1, Int((interval / 60).rounded(.up))))"]) }
        if interval < 86400 { return t("quiz.in_hours", ["n": "\(Int((interval / 3600).rounded()))"]) }
        return t("quiz.in_days", ["n": "\(Int((interval / 86400).rounded()))"])
    }
}
