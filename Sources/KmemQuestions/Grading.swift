import Foundation
import KmemCore

/// What a learner answered, in canonical terms (independent of how the question was shown).
public enum Response: Sendable, Hashable {
    /// single, multiple: the ids of the chosen choices.
    case choices(Set<String>)
    case trueFalse(Bool)
    /// numeric: the number as typed ("3", "4.0", "1e3", "4096").
    case number(String)
    /// hex: the address as typed ("0xc0000000", "C0000000", "0xc000_0000").
    case hex(String)
    /// short: free text.
    case text(String)
    /// matching: for each pair (by index into `Answer.matching`), the index of the pair whose
    /// right side was chosen for it; nil where nothing was chosen.
    case pairs([Int?])
    /// ordering: indices into `Answer.ordering`, in the order the learner put them.
    case order([Int])
}

/// The verdict on one response.
public struct Grade: Sendable, Hashable {
    /// Entirely right.
    public var correct: Bool
    /// 0…1: partial credit for multiple (right picks minus wrong picks), matching (share of
    /// right pairs) and ordering (share of items in their place); 0 or 1 for the other kinds.
    public var score: Double
    /// The named misconception behind the wrong answer, when one is known.
    public var misconception: String?
    /// Feedback attached to the chosen wrong option or wrong typed answer, if any.
    public var feedback: Localized?
    /// The response does not fit the question (wrong kind, unknown choice id, not a number…):
    /// graded wrong, with the reason.
    public var problem: String?

    public init(correct: Bool, score: Double, misconception: String? = nil, feedback: Localized? = nil, problem: String? = nil) {
        self.correct = correct; self.score = score; self.misconception = misconception
        self.feedback = feedback; self.problem = problem
    }

    static func wrong(_ problem: String) -> Grade { Grade(correct: false, score: 0, problem: problem) }
}

/// Grades `response` against `q`. Shared by the terminal quiz and the browser quiz.
public func grade(_ q: Question, response: Response) -> Grade {
    switch (q.answer, response) {
    case (.choices(let right), .choices(let picked)):
        let known = Set(q.choices.map(\.id))
        if let unknown = picked.subtracting(known).sorted().first { return .wrong("no choice `\(unknown)` in this question") }
        if q.kind == .singleChoice && picked.count != 1 { return .wrong("choose exactly one option") }
        let isRight = picked == right
        let score: Double
        if q.kind == .multipleResponse {
            let hits = Double(picked.intersection(right).count), misses = Double(picked.subtracting(right).count)
            score = right.isEmpty ? (picked.isEmpty ? 1 : 0) : max(0, (hits - misses) / Double(right.count))
        } else {
            score = isRight ? 1 : 0
        }
        // The first wrong pick in option order names the misconception.
        let wrongPick = q.choices.first { picked.contains($0.id) && !right.contains($0.id) }
        let rightFeedback = isRight ? q.choices.first { picked.contains($0.id) && $0.feedback != nil }?.feedback : nil
        return Grade(correct: isRight, score: score, misconception: wrongPick?.misconception,
                     feedback: wrongPick?.feedback ?? rightFeedback)

    case (.trueFalse(let right), .trueFalse(let said)):
        return Grade(correct: right == said, score: right == said ? 1 : 0)

    case (.numeric(let value, let tolerance), .number(let text)):
        guard let n = ResponseParser.number(text) else { return .wrong("`\(text)` is not a number") }
        if abs(n - value) <= tolerance + 1e-9 * max(1, abs(value)) { return Grade(correct: true, score: 1) }
        let known = q.knownWrongAnswers.first { ResponseParser.number($0.text.en).map { abs($0 - n) <= 1e-9 * max(1, abs(n)) } ?? false }
        return Grade(correct: false, score: 0, misconception: known?.misconception, feedback: known?.feedback)

    case (.hex(let value), .hex(let text)):
        guard let n = ResponseParser.hexValue(text) else { return .wrong("`\(text)` is not a hexadecimal number") }
        if n == value { return Grade(correct: true, score: 1) }
        let known = q.knownWrongAnswers.first { ResponseParser.hexValue($0.text.en) == n }
        return Grade(correct: false, score: 0, misconception: known?.misconception, feedback: known?.feedback)

    case (.text, .text(let text)):
        let said = ResponseParser.normalize(text)
        guard !said.isEmpty else { return .wrong("the answer is empty") }
        // Compared scalar by scalar (not by canonical equivalence), as quiz-core.js compares.
        let same = { (key: String) in key.unicodeScalars.elementsEqual(said.unicodeScalars) }
        if ResponseParser.acceptedKeys(q).contains(where: same) { return Grade(correct: true, score: 1) }
        let known = q.knownWrongAnswers.first { w in ResponseParser.keys(w.text).contains(where: same) }
        return Grade(correct: false, score: 0, misconception: known?.misconception, feedback: known?.feedback)

    case (.matching(let pairs), .pairs(let chosen)):
        guard chosen.count == pairs.count else { return .wrong("expected \(pairs.count) pairs, got \(chosen.count)") }
        if chosen.contains(where: { ($0 ?? 0) < 0 || ($0 ?? 0) >= pairs.count }) { return .wrong("a pair refers to an item that does not exist") }
        let right = chosen.enumerated().filter { $0.element == $0.offset }.count
        return Grade(correct: right == pairs.count, score: Double(right) / Double(pairs.count))

    case (.ordering(let items), .order(let order)):
        guard order.count == items.count, Set(order) == Set(0..<items.count) else {
            return .wrong("put each of the \(items.count) items in the order exactly once")
        }
        let inPlace = order.enumerated().filter { $0.element == $0.offset }.count
        return Grade(correct: inPlace == items.count, score: Double(inPlace) / Double(items.count))

    default:
        return .wrong("a \(responseKind(response)) response does not fit a `\(q.kind.rawValue)` question")
    }
}

private func responseKind(_ r: Response) -> String {
    switch r {
    case .choices: return "choice"
    case .trueFalse: return "true/false"
    case .number: return "number"
    case .hex: return "hex"
    case .text: return "text"
    case .pairs: return "matching"
    case .order: return "ordering"
    }
}

/// Why typed input could not be read as an answer: a message in the three languages, so the
/// quiz can ask again in the learner's language.
/// Why a typed answer cannot be read: a key the quiz words in the learner's language
/// (ui.yaml `quiz.parse.<key>`, required by `check`) and the values it shows.
public struct ResponseParseError: Error, Sendable, Hashable {
    /// Why the input was refused; each reason is worded in ui.yaml as `quiz.parse.<rawValue>`.
    public enum Reason: String, CaseIterable, Sendable, Hashable {
        case empty, one_letter, true_false, number, hex, all_letters, letter_once, not_item, not_option, one_per_item, quiz_over
    }
    public var reason: Reason
    public var values: [String: String]
    public var key: String { reason.rawValue }
    public init(_ reason: Reason, _ values: [String: String] = [:]) { self.reason = reason; self.values = values }

    /// Every key the parser uses.
    public static var keys: [String] { Reason.allCases.map(\.rawValue) }
}

/// Turns what a learner typed into a `Response`.
public enum ResponseParser {
    /// Parses `text` as an answer to `q` shown with `presentation` (letters refer to displayed
    /// positions: "b", "a,c", "a c"; true/false: "t", "true", "y", "是", "对", "はい", "正しい" …;
    /// numbers: "3", "4096", "4 096"; hex: "0xc0000000", "C0000000"; matching: "1b 2a 3c" or
    /// "b a c" (the right-hand letter for each left item in turn); ordering: "3 1 2" or "c a b"
    /// (the displayed items in the right order).
    public static func parse(_ text: String, for q: Question, presentation: Presentation) throws(ResponseParseError) -> Response {
        // NFKC first: Chinese and Japanese keyboards type full-width `ａ`, `Ｂ`, `１`, `０ｘｃ０`.
        let t = trimmed(folded(text))
        guard !t.isEmpty else {
            throw ResponseParseError(.empty)
        }
        switch q.kind {
        case .singleChoice, .multipleResponse:
            let positions = try labels(t, count: q.choices.count)
            if q.kind == .singleChoice && positions.count != 1 {
                throw ResponseParseError(.one_letter)
            }
            let ids = positions.map { q.choices[presentation.choiceOrder.indices.contains($0) ? presentation.choiceOrder[$0] : $0].id }
            return .choices(Set(ids))
        case .trueFalse:
            if let b = bool(t) { return .trueFalse(b) }
            throw ResponseParseError(.true_false)
        case .numeric:
            guard number(t) != nil else {
                throw ResponseParseError(.number)
            }
            return .number(t)
        case .hexAddress:
            guard hexValue(t) != nil else {
                throw ResponseParseError(.hex)
            }
            return .hex(t)
        case .shortAnswer:
            return .text(t)
        case .matching:
            let n = q.pairCount
            let picks = try matchingPicks(t, count: n)
            // picks[i] = displayed right position for left item i.
            let order = presentation.rightOrder.count == n ? presentation.rightOrder : Array(0..<n)
            return .pairs(picks.map { $0.map { order[$0] } })
        case .ordering:
            let n = q.itemCount
            let positions = try labels(t, count: n, numbersToo: true)
            guard positions.count == n, Set(positions).count == n else {
                let example = (0..<n).map { Presentation.label((($0 + 2) % n)) }.joined(separator: " ")
                throw ResponseParseError(.all_letters, ["n": String(n), "example": example])
            }
            let order = presentation.itemOrder.count == n ? presentation.itemOrder : Array(0..<n)
            return .order(positions.map { order[$0] })
        }
    }

    // MARK: - Pieces

    /// "a", "a,c", "a c", "A/C" → displayed positions; "1 3" too when `numbersToo` (ordering,
    /// whose items are numbered). Options shown as a–d refuse digits: reading "1" as "a" would
    /// grade a guess the learner did not make.
    static func labels(_ t: String, count: Int, numbersToo: Bool = false) throws(ResponseParseError) -> [Int] {
        let tokens = split(t)
        var out: [Int] = []
        for tok in tokens {
            if numbersToo, let n = Int(tok) {
                guard n >= 1, n <= count else { throw outOfRange(tok, count: count, numbers: true) }
                out.append(n - 1)
            } else if tok.count == 1, let ch = tok.lowercased().unicodeScalars.first, ("a"..."z").contains(ch) {
                let n = Int(ch.value - UnicodeScalar("a").value)
                guard n < count else { throw outOfRange(tok, count: count, numbers: false) }
                out.append(n)
            } else if tokens.count == 1, tok.count > 1, tok.allSatisfy({ $0.isLetter && $0.isASCII }) {
                // "ac" for a multiple-response answer
                for ch in tok.lowercased().unicodeScalars {
                    let n = Int(ch.value) - Int(UnicodeScalar("a").value)
                    guard n >= 0, n < count else { throw outOfRange(String(ch), count: count, numbers: false) }
                    out.append(n)
                }
            } else {
                throw outOfRange(tok, count: count, numbers: numbersToo)
            }
        }
        if Set(out).count != out.count {
            throw ResponseParseError(.letter_once)
        }
        return out
    }

    static func outOfRange(_ tok: String, count: Int, numbers: Bool) -> ResponseParseError {
        let last = numbers ? String(count) : Presentation.label(max(0, count - 1))
        let first = numbers ? "1" : "a"
        // "use 1–5" read as an instruction to type a range: say what one answer looks like.
        if numbers {
            return ResponseParseError(.not_item, ["token": tok, "first": first, "last": last])
        }
        return ResponseParseError(.not_option, ["token": tok, "first": first, "last": last])
    }

    /// Matching input: "1b 2a 3c" (any order) or "b a c" (one letter per left item, in turn).
    static func matchingPicks(_ t: String, count: Int) throws(ResponseParseError) -> [Int?] {
        let tokens = split(t)
        var picks = [Int?](repeating: nil, count: count)
        let explicit = tokens.allSatisfy { tok in tok.count >= 2 && Int(String(tok.dropLast())) != nil && tok.last?.isLetter == true }
        if explicit {
            for tok in tokens {
                // Range-checked before subtracting: `-9223372036854775808a` must not overflow.
                guard let number = Int(String(tok.dropLast())), number >= 1, number <= count,
                      let rightScalar = tok.lowercased().unicodeScalars.last else {
                    throw outOfRange(String(tok.dropLast()), count: count, numbers: true)
                }
                let left = number - 1
                let right = Int(rightScalar.value) - Int(UnicodeScalar("a").value)
                guard right >= 0, right < count else { throw outOfRange(String(tok.last!), count: count, numbers: false) }
                picks[left] = right
            }
        } else {
            let rights = try labels(t, count: count)
            guard rights.count == count else {
                throw ResponseParseError(.one_per_item, ["n": String(count)])
            }
            for (i, r) in rights.enumerated() { picks[i] = r }
        }
        return picks
    }

    static func split(_ t: String) -> [String] {
        t.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" || $0 == "、" || $0 == "/" || $0 == ";" || $0 == "\t" || $0 == "　" })
            .map(String.init)
    }

    static let trueWords: Set<String> = ["t", "true", "y", "yes", "1", "right", "correct", "是", "对", "對", "正确", "真", "はい", "正しい", "正", "○", "o"]
    static let falseWords: Set<String> = ["f", "false", "n", "no", "0", "wrong", "incorrect", "否", "错", "錯", "错误", "假", "不对", "いいえ", "誤り", "間違い", "誤", "×", "x"]

    /// true/false in any of the three languages.
    public static func bool(_ t: String) -> Bool? {
        let s = normalize(t)
        if trueWords.contains(s) { return true }
        if falseWords.contains(s) { return false }
        return nil
    }

    /// A decimal number (`[+-]digits[.digits][e[+-]digits]`, or `.5`); spaces, underscores,
    /// commas and thin spaces are ignored, full-width digits are accepted. A `0x` number is read
    /// as hex. Nil when it is neither, or not finite.
    public static func number(_ t: String) -> Double? {
        let s = scalars(halfWidth(t).unicodeScalars.filter { !" _,\u{2009}\u{202F}".unicodeScalars.contains($0) })
        guard !s.isEmpty else { return nil }
        if s.lowercased().unicodeScalars.starts(with: "0x".unicodeScalars) { return hexValue(s).map { Double($0) } }
        // The grammar quiz-core.js checks too: Double(_:) alone would also read "-0x10", "inf", "nan".
        guard isDecimal(s), let d = Double(s), d.isFinite else { return nil }
        return d
    }

    /// `[+-]?(digits(.digits?)?|.digits)([eE][+-]?digits)?`, ASCII digits only.
    static func isDecimal(_ s: String) -> Bool {
        var u = Array(s.unicodeScalars)[...]
        func digits() -> Int { var n = 0; while let c = u.first, ("0"..."9").contains(c) { u.removeFirst(); n += 1 }; return n }
        if let c = u.first, c == "+" || c == "-" { u.removeFirst() }
        var mantissa = digits()
        if u.first == "." { u.removeFirst(); mantissa += digits() }
        guard mantissa > 0 else { return false }
        if let c = u.first, c == "e" || c == "E" {
            u.removeFirst()
            if let c = u.first, c == "+" || c == "-" { u.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return u.isEmpty
    }

    /// A hexadecimal number with or without `0x`; `_`, `'` and spaces between digit groups are
    /// ignored, case does not matter, full-width characters are accepted. 1–16 digits.
    public static func hexValue(_ t: String) -> UInt64? {
        var u = Array(trimmed(halfWidth(t)).lowercased().unicodeScalars)
        if u.starts(with: "0x".unicodeScalars) { u.removeFirst(2) }
        u = u.filter { !"_ '".unicodeScalars.contains($0) }
        guard !u.isEmpty, u.count <= 16, u.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else { return nil }
        return UInt64(scalars(u), radix: 16)
    }

    /// The key a short answer is compared by, in this order: NFKC and full-width to half-width;
    /// White_Space trimmed; lower case (per scalar); inner White_Space runs to one space;
    /// trailing `.` `。` `!` `！` `?` `？` dropped; one pair of surrounding backticks dropped;
    /// a trailing `()` dropped. So `kfree()`, "KFREE", " `kfree` " and "ｋｆｒｅｅ。" compare
    /// equal. Scalar by scalar, so quiz-core.js's port gives the same key for any input.
    public static func normalize(_ t: String) -> String {
        let s = trimmed(halfWidth(t)).lowercased()
        var words: [String] = [], word = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u.properties.isWhitespace {
                if !word.isEmpty { words.append(String(word)); word = String.UnicodeScalarView() }
            } else {
                word.append(u)
            }
        }
        if !word.isEmpty { words.append(String(word)) }
        var a = Array(words.joined(separator: " ").unicodeScalars)
        while let l = a.last, ".。!！?？".unicodeScalars.contains(l) { a.removeLast() }
        if a.count >= 2, a.first == "`", a.last == "`" { a = Array(a.dropFirst().dropLast()) }
        if a.count >= 2, a[a.count - 2] == "(", a[a.count - 1] == ")" { a.removeLast(2) }
        return String(String.UnicodeScalarView(a))
    }

    static func scalars<S: Sequence>(_ u: S) -> String where S.Element == Unicode.Scalar {
        String(String.UnicodeScalarView(u))
    }

    /// White_Space (the Unicode property) off both ends, scalar by scalar.
    public static func trimmed(_ t: String) -> String {
        let u = Array(t.unicodeScalars)
        var i = 0, j = u.count
        while i < j && u[i].properties.isWhitespace { i += 1 }
        while j > i && u[j - 1].properties.isWhitespace { j -= 1 }
        return String(String.UnicodeScalarView(u[i..<j]))
    }

    /// The keys of one localized answer: its normalised spelling in each language, without repeats.
    public static func keys(_ l: Localized) -> [String] {
        var out: [String] = []
        for lang in Language.allCases {
            let k = normalize(l[lang])
            if !out.contains(where: { $0.unicodeScalars.elementsEqual(k.unicodeScalars) }) { out.append(k) }
        }
        return out
    }

    /// Every key a short answer accepts: an accepted answer counts in any of the three languages.
    public static func acceptedKeys(_ q: Question) -> [String] {
        guard case .text(let accepted) = q.answer else { return [] }
        var out: [String] = []
        for k in accepted.flatMap(keys) where !out.contains(where: { $0.unicodeScalars.elementsEqual(k.unicodeScalars) }) { out.append(k) }
        return out
    }

    /// NFKC (compatibility composition): full-width Latin letters and digits become ASCII,
    /// `①` becomes `1`, the ideographic space a space; CJK text is otherwise unchanged.
    public static func folded(_ t: String) -> String {
        t.precomposedStringWithCompatibilityMapping
    }

    /// Full-width ASCII (Ｆ, ０, ｘ) to half-width, after NFKC.
    static func halfWidth(_ t: String) -> String {
        String(String.UnicodeScalarView(folded(t).unicodeScalars.map { u in
            (0xFF01...0xFF5E).contains(u.value) ? UnicodeScalar(u.value - 0xFEE0)! : (u.value == 0x3000 ? " " : u)
        }))
    }
}
