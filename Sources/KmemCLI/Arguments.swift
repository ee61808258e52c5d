import ArgumentParser
import Foundation
import KmemBank
import KmemCore
import KmemQuestions

// Typed option values: each is parsed once, when the command line is parsed, and a bad value
// is reported by ArgumentParser in one style — "The value 'x' is invalid for '--opt <v>': why"
// — with exit 64, before any work starts.

/// Why an option's value is not valid; ArgumentParser prints `description` after its own
/// "The value … is invalid for …".
struct ArgumentProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Language: ExpressibleByArgument {}

/// `--difficulty 2` or a range, `1-2` (also `1..2`, `1–2`), within 1...3.
struct DifficultyRange: Equatable, Sendable {
    let range: ClosedRange<Int>

    static func parse(_ text: String) throws(ArgumentProblem) -> DifficultyRange {
        let parts = text.replacingOccurrences(of: "..", with: "-").replacingOccurrences(of: "–", with: "-")
            .split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let nums = parts.compactMap { Int($0) }
        guard nums.count == parts.count, (1...2).contains(nums.count), nums.allSatisfy({ (1...3).contains($0) }),
              let lo = nums.first, let hi = nums.last, lo <= hi else {
            throw ArgumentProblem(Help.text("cli.problem.difficulty_range"))
        }
        return DifficultyRange(range: lo...hi)
    }
}

/// `--time-limit`: seconds (`60`), or with units (`90s`, `2m`, `1m30s`); 0 for none; at most a day.
struct TimeLimit: Equatable, Sendable {
    static let maxSeconds: TimeInterval = 24 * 3600
    let seconds: TimeInterval

    static func parse(_ text: String) throws(ArgumentProblem) -> TimeLimit {
        guard let s = seconds(text) else { throw ArgumentProblem(Help.text("cli.problem.seconds")) }
        // A time that does not fit a day (inf, 1e20) would overflow the exam's clock.
        guard s.isFinite, s <= maxSeconds else { throw ArgumentProblem(Help.text("cli.problem.max_time")) }
        return TimeLimit(seconds: s)
    }

    private static func seconds(_ s: String) -> TimeInterval? {
        let t = s.trimmingCharacters(in: .whitespaces).lowercased()
        if let n = Double(t), n >= 0 { return n }
        var total = 0.0, digits = ""
        for c in t {
            if c.isNumber || c == "." { digits.append(c); continue }
            guard let n = Double(digits), n >= 0 else { return nil }
            switch c {
            case "s": total += n
            case "m": total += n * 60
            case "h": total += n * 3600
            default: return nil
            }
            digits = ""
        }
        return digits.isEmpty && !t.isEmpty ? total : nil
    }
}

/// A comma-separated choice among a fixed set (`--format moodle,gift`, `--lang zh,ja`), or
/// `all` when allowed; kept in the set's own order, whatever order it was typed in.
struct ChoiceList<T: CaseIterable & RawRepresentable & Sendable>: Sendable where T.RawValue == String {
    let values: [T]
    /// The names as typed (lowercased): `all,pdf` differs from `all` for --format.
    let named: Set<String>

    static func parse(_ text: String, what: String, allowAll: Bool = true) throws(ArgumentProblem) -> ChoiceList {
        let all = Array(T.allCases)
        let listed = Help.list(all.map(\.rawValue))
        let choices = allowAll ? Help.text("cli.problem.or_all", ["choices": listed]) : listed
        let what = Help.text("cli.what.\(what)")
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ArgumentProblem(Help.text("cli.problem.none_given", ["what": what, "choices": choices])) }
        if allowAll && names.contains("all") { return ChoiceList(values: all, named: Set(names)) }
        var wanted = Set<String>()
        for n in names {
            guard T(rawValue: n) != nil else { throw ArgumentProblem(Help.text("cli.problem.unknown", ["what": what, "name": n, "choices": choices])) }
            wanted.insert(n)
        }
        return ChoiceList(values: all.filter { wanted.contains($0.rawValue) }, named: Set(names))
    }
}

/// `--difficulty 1,3` for the bank (repeatable): a set of levels.
struct DifficultyLevels: Sendable {
    let levels: Set<Int>
    static func parse(_ text: String) throws(ArgumentProblem) -> DifficultyLevels {
        var out = Set<Int>()
        for n in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !n.isEmpty {
            guard let d = Int(n), (1...3).contains(d) else { throw ArgumentProblem(Help.text("cli.problem.unknown", ["what": Help.text("cli.what.difficulty"), "name": n, "choices": Help.list(["1", "2", "3"])])) }
            out.insert(d)
        }
        guard !out.isEmpty else { throw ArgumentProblem(Help.text("cli.problem.none_given", ["what": Help.text("cli.what.difficulty"), "choices": Help.list(["1", "2", "3"])])) }
        return DifficultyLevels(levels: out)
    }
}

/// `--mix 40/40/20`: the percent of difficulty 1, 2 and 3 among an exam's questions.
struct DifficultyMix: Sendable {
    let shares: [Int]
    static func parse(_ text: String) throws(ArgumentProblem) -> DifficultyMix {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        let shares = parts.compactMap { $0 }
        guard parts.count == 3, shares.count == 3 else {
            throw ArgumentProblem(Help.text("cli.problem.mix"))
        }
        return DifficultyMix(shares: shares)
    }
}

/// `--points 1,2,3` (points of difficulty 1, 2, 3) or one number for all.
extension Points {
    static func parse(_ text: String) throws(ArgumentProblem) -> Points {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard [1, 3].contains(parts.count), parts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ArgumentProblem(Help.text("cli.problem.points"))
        }
        let values = parts.compactMap { $0 }
        return Points(byDifficulty: values.count == 1 ? Array(repeating: values[0], count: 3) : values)
    }
}

extension ChoiceList where T == BankFormat {
    /// `--format all` without PDF, the default.
    static var everyFormatButPDF: ChoiceList<BankFormat> { ChoiceList(values: BankFormat.allCases, named: ["all"]) }
}
