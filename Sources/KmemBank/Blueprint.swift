import Foundation
import KmemCore
import KmemQuestions

/// An exam blueprint file (`bank --blueprint exam.yaml`): the exam options of `bank` in a small
/// YAML file a teacher keeps beside the course. Every key is optional; options given on the
/// command line win over the file.
///
/// ```yaml
/// count: 20            # or per-topic: 3
/// mix: 40/40/20        # percent of difficulty 1/2/3 (or [40, 40, 20])
/// topics: [gfp, vmalloc]
/// kinds: [single, multiple, numeric]
/// difficulty: [1, 2, 3]
/// points: 1,2,3        # by difficulty, or one number for all
/// versions: 3
/// seed: 7
/// ```
///
/// Read with the project's YAML loader (libyaml events; anchors and aliases refused), and every
/// mistake is reported at its file and line as bad data (exit 65).
public struct ExamBlueprint: Sendable, Equatable {
    public var count: Int?
    public var perTopic: Int?
    public var mix: [Int]?
    public var topics: [String]?
    public var kinds: [QuestionKind]?
    public var difficulty: [Int]?
    public var points: Points?
    public var versions: Int?
    public var seed: UInt64?

    public init() {}

    public static let keys = ["count", "per-topic", "mix", "topics", "kinds", "difficulty", "points", "versions", "seed"]

    /// Reads and checks a blueprint file; `knownTopics` are the page slugs questions belong to.
    public static func load(_ url: URL, knownTopics: Set<String>) throws(Diagnostic) -> ExamBlueprint {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue,
              let data = FileManager.default.contents(atPath: url.path) else {
            throw Diagnostic(.noInput, at: SourceLocation(file: url.path), "cannot read the blueprint file",
                             hint: "give the path of a YAML file such as exam.yaml (see `kmemguide bank --help`)")
        }
        return try parse(try TextFile.utf8(data, file: url.path), file: url.path, knownTopics: knownTopics)
    }

    public static func parse(_ text: String, file: String, knownTopics: Set<String>) throws(Diagnostic) -> ExamBlueprint {
        let root = try YAMLValue.parse(text, file: file)
        let r = YAMLReader(file: file)
        var b = ExamBlueprint()
        if root.isNull { return b }  // an empty file: the command line decides everything
        func bad(_ line: Int, _ message: String, _ hint: String) -> Diagnostic { Diagnostic(.data, at: r.at(line), message, hint: hint) }
        /// A scalar or a list, as a list of texts (`[1, 2]`, `1,2`, `1`).
        func list(_ v: YAMLValue, _ key: String) throws(Diagnostic) -> [(String, Int)] {
            if let s = v.string {
                return s.split(separator: ",").map { ($0.trimmingCharacters(in: .whitespaces), v.line) }.filter { !$0.0.isEmpty }
            }
            guard let a = v.array else { throw bad(v.line, "`\(key)` must be a list such as `[a, b]`, not a mapping", "write `\(key): [a, b]`") }
            var out: [(String, Int)] = []
            for item in a {
                guard let s = item.string else { throw bad(item.line, "every item of `\(key)` must be a single value", "write `\(key): [a, b]`") }
                out.append((s.trimmingCharacters(in: .whitespaces), item.line))
            }
            return out
        }
        func whole(_ v: YAMLValue, _ key: String, min: Int, max: Int) throws(Diagnostic) -> Int {
            guard let s = v.string, let n = Int(s), (min...max).contains(n) else {
                throw bad(v.line, "`\(key)` must be a whole number from \(min) to \(max), not \(v.string.map { "`\($0)`" } ?? "a list or mapping")",
                          "e.g. `\(key): \(Swift.max(min, 3))`")
            }
            return n
        }
        var seen = Set<String>()
        for (key, value, line) in try r.mapping(root, what: "an exam blueprint") {
            guard keys.contains(key) else {
                throw bad(line, "unknown key `\(key)` in the exam blueprint", "the keys are \(keys.joined(separator: ", "))")
            }
            seen.insert(key)
            if value.isNull { throw bad(line, "`\(key)` has no value", "give a value or remove the line") }
            switch key {
            case "count": b.count = try whole(value, key, min: 1, max: 10_000)
            case "per-topic": b.perTopic = try whole(value, key, min: 1, max: 10_000)
            case "versions": b.versions = try whole(value, key, min: 1, max: BankOptions.maxVersions)
            case "seed":
                guard let s = value.string, let n = UInt64(s) else {
                    throw bad(value.line, "`seed` must be a whole number ≥ 0, not \(value.string.map { "`\($0)`" } ?? "a list or mapping")", "e.g. `seed: 7`")
                }
                b.seed = n
            case "mix":
                let parts: [(String, Int)]
                if let text = value.string {
                    parts = text.split(separator: "/").map { ($0.trimmingCharacters(in: .whitespaces), value.line) }
                } else {
                    parts = try list(value, key)
                }
                let shares = parts.compactMap { Int($0.0) }
                guard parts.count == 3, shares.count == 3, shares.allSatisfy({ $0 >= 0 }), shares.reduce(0, +) == 100 else {
                    throw bad(value.line, "`mix` must be three percentages for difficulty 1, 2, 3 that sum to 100",
                              "e.g. `mix: 40/40/20` or `mix: [40, 40, 20]`")
                }
                b.mix = shares
            case "topics":
                var t: [String] = []
                for (name, l) in try list(value, key) {
                    guard knownTopics.contains(name) else {
                        throw bad(l, "unknown topic `\(name)`", "the topics are \(knownTopics.sorted().joined(separator: ", "))")
                    }
                    t.append(name)
                }
                b.topics = t
            case "kinds":
                var k: [QuestionKind] = []
                for (name, l) in try list(value, key) {
                    guard let kind = QuestionKind(rawValue: name.lowercased()) else {
                        throw bad(l, "unknown kind `\(name)`", "the kinds are \(QuestionKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    k.append(kind)
                }
                b.kinds = k
            case "difficulty":
                var d: [Int] = []
                for (name, l) in try list(value, key) {
                    guard let n = Int(name), (1...3).contains(n) else { throw bad(l, "unknown difficulty `\(name)`", "the difficulties are 1, 2, 3") }
                    d.append(n)
                }
                b.difficulty = d
            case "points":
                let parts = try list(value, key)
                let values = parts.compactMap { Int($0.0) }.filter { $0 >= 1 }
                guard values.count == parts.count, [1, 3].contains(values.count) else {
                    throw bad(value.line, "`points` must be one whole number ≥ 1 or three (for difficulty 1, 2, 3)", "e.g. `points: 1,2,3` or `points: 1`")
                }
                b.points = Points(byDifficulty: values.count == 1 ? Array(repeating: values[0], count: 3) : values)
            default: break
            }
        }
        if seen.contains("count") && seen.contains("per-topic") {
            throw bad(root.line, "the blueprint gives both `count` and `per-topic`", "keep one: `count` with an optional `mix`, or `per-topic`")
        }
        if seen.contains("mix") && seen.contains("per-topic") {
            throw bad(root.line, "`mix` cannot be combined with `per-topic`", "use `count` with `mix`, or `per-topic` alone")
        }
        return b
    }
}
