import KmemCore
import KmemQuestions

/// Moodle's fixed list of answer fractions (percent). Moodle's importers snap any other value
/// to the nearest entry — or reject it — so the exporters use these strings and nothing else.
public enum MoodleFractions {
    public static let allowed: [String] = [
        "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
        "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
    ]
    /// The allowed values and their negatives.
    public static func isAllowed(_ s: String) -> Bool {
        allowed.contains(s.hasPrefix("-") ? String(s.dropFirst()) : s)
    }

    private static let positive: [(text: String, value: Double)] =
        allowed.dropLast().map { ($0, Double($0)!) }

    /// The fractions of `n` correct answers of a multiple-response question: equal shares
    /// when 100/n is in the list (3 → 33.33333 each), otherwise the two neighbouring allowed
    /// values that sum to 100 (12 → eight × 10 and four × 5), largest first. Nil when no split
    /// exists (more than 20 correct answers).
    public static func split(correct n: Int) -> [String]? {
        guard n >= 1 else { return nil }
        let ideal = 100 / Double(n)
        if let equal = positive.first(where: { abs($0.value * Double(n) - 100) < 0.001 }) {
            return Array(repeating: equal.text, count: n)
        }
        var best: (spread: Double, hi: String, lo: String, a: Int)? = nil
        for hi in positive where hi.value > ideal {
            for lo in positive where lo.value < ideal {
                for a in 1..<n {
                    let total = Double(a) * hi.value + Double(n - a) * lo.value
                    guard abs(total - 100) < 0.001 else { continue }
                    let spread = hi.value - lo.value
                    if best == nil || spread < best!.spread { best = (spread, hi.text, lo.text, a) }
                }
            }
        }
        guard let b = best else { return nil }
        return Array(repeating: b.hi, count: b.a) + Array(repeating: b.lo, count: n - b.a)
    }

    /// Minus the allowed value nearest 100/k. The exporters pass the number of *right*
    /// options, so a wrong tick costs what a right tick gives — the quiz's rule (right picks
    /// minus wrong picks, over the right ones, at least 0).
    public static func penalty(wrong k: Int) -> String {
        guard k > 0 else { return "0" }
        let ideal = 100 / Double(k)
        let nearest = positive.min { abs($0.value - ideal) < abs($1.value - ideal) }!
        return "-" + nearest.text
    }
}

/// Spellings and numbers shared by the formats.
public enum AnswerText {
    /// `0x` and lower-case hex digits, padded to 8 digits (16 beyond 32 bits) as the kernel
    /// prints addresses.
    public static func hex(_ v: UInt64) -> String {
        let digits = String(v, radix: 16)
        let width = v > 0xFFFF_FFFF ? 16 : 8
        return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Every spelling an answer box accepts for an address, compared without case:
    /// padded and minimal, with and without `0x`.
    public static func hexSpellings(_ v: UInt64) -> [String] {
        let padded = hex(v)
        let minimal = String(v, radix: 16)
        var out: [String] = []
        for s in [padded, "0x" + minimal, String(padded.dropFirst(2)), minimal] where !out.contains(s) { out.append(s) }
        return out
    }

    /// A number without exponent for whole values (8388608, not 8.388608e6), Swift's shortest
    /// round-trip form otherwise.
    public static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}

/// What the exporters require of a question; checked item by item while streaming, so a bad
/// question stops the export (and nothing is written) with its id.
enum BankCheck {
    static func validate(_ q: Question) throws(Diagnostic) {
        func bad(_ what: String, _ hint: String? = nil) -> Diagnostic {
            Diagnostic(.data, "question `\(q.id)`: \(what)", hint: hint ?? "fix the question in content/questions or its generator family")
        }
        var ids = Set<String>()
        for c in q.choices where !ids.insert(c.id).inserted { throw bad("choice id `\(c.id)` appears twice") }
        for lang in Language.allCases {
            if q.prompt[lang].isEmpty { throw bad("the \(lang.rawValue) prompt is empty") }
            if q.explanation[lang].isEmpty { throw bad("the \(lang.rawValue) explanation is empty", "every question needs a worked explanation") }
            for c in q.choices where c.text[lang].isEmpty { throw bad("choice `\(c.id)` is empty in \(lang.rawValue)") }
        }
        switch (q.kind, q.answer) {
        case (.singleChoice, .choices(let set)):
            guard q.choices.count >= 2 else { throw bad("a single-choice question needs at least two choices") }
            guard set.count == 1 else { throw bad("a single-choice question needs exactly one correct choice, not \(set.count)") }
            guard set.isSubset(of: ids) else { throw bad("the correct choice is not one of the choices") }
        case (.multipleResponse, .choices(let set)):
            guard q.choices.count >= 2 else { throw bad("a multiple-response question needs at least two choices") }
            guard !set.isEmpty, set.isSubset(of: ids) else { throw bad("the correct choices are not among the choices") }
            guard MoodleFractions.split(correct: set.count) != nil else {
                throw bad("\(set.count) correct choices cannot be weighted with Moodle's fractions", "keep at most 20 correct choices")
            }
        case (.trueFalse, .trueFalse): break
        case (.numeric, .numeric(let value, let tolerance)):
            guard value.isFinite, tolerance.isFinite, tolerance >= 0 else { throw bad("the numeric answer must be a finite number with a tolerance ≥ 0") }
        case (.hexAddress, .hex): break
        case (.shortAnswer, .text(let accepted)):
            guard !accepted.isEmpty else { throw bad("a short-answer question needs at least one accepted answer") }
            for a in accepted { for lang in Language.allCases where a[lang].isEmpty { throw bad("an accepted answer is empty in \(lang.rawValue)") } }
        case (.matching, .matching(let pairs)):
            guard pairs.count >= 2 else { throw bad("a matching question needs at least two pairs") }
        case (.ordering, .ordering(let items)):
            guard items.count >= 2 else { throw bad("an ordering question needs at least two items") }
        default:
            throw bad("its answer does not fit its kind `\(q.kind.rawValue)`", "this is a bug in the generator or the loader")
        }
    }

    /// The correct choice ids in the order the choices are listed.
    static func correctIDs(_ q: Question) -> [String] {
        guard case .choices(let set) = q.answer else { return [] }
        return q.choices.map(\.id).filter { set.contains($0) }
    }

    /// The spellings of a short answer an export lists so that it accepts what the quiz's
    /// grader (`ResponseParser.normalize`) accepts: the accepted texts of this language first,
    /// then those of the other languages (the grader takes any of them); each with and without
    /// surrounding backticks and, for an identifier, a trailing `()`; and in full-width
    /// letters. Case needs no spelling: every export compares without case.
    static func spellings(_ q: Question, _ lang: Language) -> [String] {
        guard case .text(let list) = q.answer else { return [] }
        var out: [String] = []
        func add(_ s: String) { if !s.isEmpty, !out.contains(s) { out.append(s) } }
        let bases = accepted(q, lang) + Language.allCases.flatMap { l in list.map { $0[l].trimmingCharacters(in: .whitespaces) } }
        for a in bases {
            var core = a
            if core.count >= 2, core.hasPrefix("`"), core.hasSuffix("`") { core = String(core.dropFirst().dropLast()) }
            if core.hasSuffix("()") { core.removeLast(2) }
            add(a)
            add(core)
            let identifier = core.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                && core.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if identifier {
                add(core + "()"); add("`" + core + "`"); add("`" + core + "()`")
            }
            let wide = fullWidth(core)
            if wide != core { add(wide); if identifier { add(fullWidth(core + "()")) } }
        }
        return out
    }

    /// ASCII letters, digits and punctuation as their full-width forms (Ａ, ０, ＿).
    static func fullWidth(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { u in
            (0x21...0x7E).contains(u.value) ? UnicodeScalar(u.value + 0xFEE0)! : u
        }))
    }

    /// Accepted texts of a short answer in one language, trimmed and without duplicates.
    static func accepted(_ q: Question, _ lang: Language) -> [String] {
        guard case .text(let list) = q.answer else { return [] }
        var out: [String] = []
        for a in list {
            let s = a[lang].trimmingCharacters(in: .whitespaces)
            if !out.contains(s) { out.append(s) }
        }
        return out
    }
}
