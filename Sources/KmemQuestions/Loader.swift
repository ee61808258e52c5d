import Foundation
import KmemCore

/// Loads the authored questions of `content/questions/*.yaml` (format: content/questions/README.md).
///
/// Every problem is reported with its file and line, and all of them at once: a broken
/// question is skipped and the next one is still checked.
public enum QuestionLoader {
    /// The folder inside the content folder.
    public static let folderName = "questions"

    /// Loads the questions of a content folder.
    public static func load(from contentDir: URL, topics: Set<String>) throws(DiagnosticList) -> [Question] {
        try load(SourceTree(folder: contentDir), topics: topics)
    }

    /// The question files of a content tree, in the order they are loaded.
    public static func files(in tree: SourceTree) -> [String] {
        tree.children(folderName).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { "\(folderName)/\($0)" }
    }

    /// Loads every `*.yaml` file of `questions/` in `tree`, in file-name order, questions in
    /// the order written. `topics` are the page slugs a question may name as its topic.
    /// Seed ids are checked against `seeds.yaml` when that file exists.
    public static func load(_ tree: SourceTree, topics: Set<String>) throws(DiagnosticList) -> [Question] {
        var c = DiagnosticCollector()
        let dirName = tree.display(folderName)
        guard tree.isDirectory(folderName) else {
            throw DiagnosticList([Diagnostic(.noInput, at: SourceLocation(file: dirName), "the questions folder does not exist",
                                             hint: tree.hint(forAuthor: "create \(dirName)/ with one <topic>.yaml file per topic"))])
        }
        let seeds = loadSeedIds(tree, into: &c)
        let misconceptions = loadMisconceptionIds(tree, into: &c)
        var all: [Question] = []
        var firstSeen: [String: SourceLocation] = [:]
        for rel in files(in: tree) {
            let file = tree.display(rel)
            guard let data = tree.data(rel) else {
                c.report(Diagnostic(.noInput, at: SourceLocation(file: file), "cannot read the file", hint: tree.hint(forAuthor: "check its permissions")))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                c.report(Diagnostic(.data, at: SourceLocation(file: file), "the file is not UTF-8 text", hint: "save it as UTF-8"))
                continue
            }
            let parsed = parse(text, file: file, topics: topics, seeds: seeds, misconceptions: misconceptions)
            c.report(DiagnosticList(parsed.diagnostics))
            for (q, loc) in parsed.questions {
                if let first = firstSeen[q.id] {
                    c.report(Diagnostic(.data, at: loc, "duplicate question id `\(q.id)` (first defined at \(first))",
                                        hint: "give each question its own id"))
                    continue
                }
                firstSeen[q.id] = loc
                all.append(q)
            }
        }
        // The same question twice under two ids (issue 18).
        for (i, first) in Duplicates.find(all) {
            c.report(Diagnostic(.data, at: firstSeen[all[i].id] ?? SourceLocation(file: dirName),
                                "question `\(all[i].id)` asks the same as `\(all[first].id)` (\(firstSeen[all[first].id].map { "\($0)" } ?? "?"))",
                                hint: "delete one of them or make them ask different things"))
        }
        try c.throwIfAny()
        return all
    }

    /// Parses one file's text. Returns the questions that are valid (with the location of their
    /// `id`) and the problems found; duplicates within the file are reported here, across
    /// files by `load`. `seeds` (`misconceptions`) nil: seed (misconception) ids are only
    /// checked for their form.
    public static func parse(_ text: String, file: String, topics: Set<String>, seeds: Set<String>?, misconceptions: Set<String>? = nil)
        -> (questions: [(Question, SourceLocation)], diagnostics: [Diagnostic]) {
        var p = FileParser(file: file, topics: topics, seeds: seeds, misconceptions: misconceptions)
        let root: YAMLValue
        do { root = try YAMLValue.parse(text, file: file) } catch {
            return ([], [error])
        }
        let qs = p.parseRoot(root)
        var out: [(Question, SourceLocation)] = []
        var seen: [String: SourceLocation] = [:]
        for (q, loc) in qs {
            if let first = seen[q.id] {
                p.c.report(Diagnostic(.data, at: loc, "duplicate question id `\(q.id)` (first defined at \(first))",
                                      hint: "give each question its own id"))
                continue
            }
            seen[q.id] = loc
            out.append((q, loc))
        }
        return (out, p.c.diagnostics)
    }

    static func loadSeedIds(_ tree: SourceTree, into c: inout DiagnosticCollector) -> Set<String>? {
        let display = tree.display("seeds.yaml")
        guard let data = tree.data("seeds.yaml") else { return nil }
        do {
            let root = try YAMLValue.parse(String(decoding: data, as: UTF8.self), file: display)
            guard let entries = root["seeds"]?.entries else {
                c.report(Diagnostic(.data, at: SourceLocation(file: display, line: root.line), "expected a `seeds:` mapping", hint: "start the file with `seeds:` and one entry per source (see content/README.md)"))
                return nil
            }
            return Set(entries.map(\.key))
        } catch {
            c.report(error)
            return nil
        }
    }

    /// The ids of misconceptions.yaml; nil when it is missing or broken (`TeachingText.load`
    /// reports that, once).
    static func loadMisconceptionIds(_ tree: SourceTree, into c: inout DiagnosticCollector) -> Set<String>? {
        let rel = TeachingText.misconceptionsFile
        guard let data = tree.data(rel),
              let root = try? YAMLValue.parse(String(decoding: data, as: UTF8.self), file: tree.display(rel)),
              let entries = root["misconceptions"]?.entries else { return nil }
        return Set(entries.map(\.key))
    }
}

/// The keys of the format, in one place (README and error hints list them from here).
enum QuestionKeys {
    static let root = ["questions"]
    static let common = ["id", "topic", "kind", "difficulty", "prompt", "explanation", "sources"]
    /// How a prompt would say "choose all that apply" (the presentations say it instead).
    static let chooseAll: [Language: [String]] = [.en: ["all that apply"], .zh: ["选出所有"], .ja: ["すべて選"]]
    static func specific(_ kind: QuestionKind) -> [String] {
        switch kind {
        case .singleChoice, .multipleResponse: return ["options"]
        case .trueFalse: return ["answer"]
        case .numeric: return ["answer", "tolerance", "wrong"]
        case .hexAddress, .shortAnswer: return ["answer", "wrong"]
        case .matching: return ["pairs"]
        case .ordering: return ["items"]
        }
    }
    static let allSpecific = ["options", "answer", "tolerance", "wrong", "pairs", "items"]
    static let option = ["text", "correct", "misconception", "feedback"]
    static let wrong = ["answer", "misconception", "feedback"]
    static let pair = ["left", "right"]
    static let languages = Language.allCases.map(\.rawValue)
}

private struct FileParser {
    let file: String
    let topics: Set<String>
    let seeds: Set<String>?
    let misconceptions: Set<String>?
    var c = DiagnosticCollector()

    init(file: String, topics: Set<String>, seeds: Set<String>?, misconceptions: Set<String>?) {
        self.file = file; self.topics = topics; self.seeds = seeds; self.misconceptions = misconceptions
    }

    func at(_ line: Int) -> SourceLocation { SourceLocation(file: file, line: line) }

    mutating func error(_ line: Int, _ message: String, hint: String? = nil) {
        // Every message says what to do; where no specific advice fits, where the format is.
        c.report(Diagnostic(.data, at: at(line), message, hint: hint ?? "see the question format in content/questions/README.md"))
    }

    mutating func parseRoot(_ root: YAMLValue) -> [(Question, SourceLocation)] {
        guard let entries = root.entries else {
            error(root.line, "a questions file must be a mapping with a `questions:` list", hint: "start the file with `questions:`")
            return []
        }
        for e in entries where !QuestionKeys.root.contains(e.key) {
            error(e.line, "unknown key `\(e.key)` at the top of the file", hint: "the file has one key, `questions:`")
        }
        guard let list = root["questions"] else {
            error(root.line, "missing `questions:`", hint: "start the file with `questions:`")
            return []
        }
        if list.isNull { return [] }
        guard let items = list.array else {
            error(list.line, "`questions` must be a list, one `- id: …` entry per question")
            return []
        }
        var out: [(Question, SourceLocation)] = []
        for item in items {
            if let q = parseQuestion(item) { out.append(q) }
        }
        return out
    }

    // MARK: - One question

    mutating func parseQuestion(_ v: YAMLValue) -> (Question, SourceLocation)? {
        guard let entries = v.entries else {
            error(v.line, "each question must be a mapping of `key: value` lines")
            return nil
        }
        let before = c.diagnostics.count
        func value(_ key: String) -> YAMLValue? { v[key] }
        func line(_ key: String) -> Int { entries.first { $0.key == key }?.line ?? v.line }

        // kind first: it decides which other keys belong.
        var kind: QuestionKind?
        if let k = scalar(value("kind"), key: "kind", parent: v) {
            if let kk = QuestionKind(rawValue: k) { kind = kk } else {
                error(line("kind"), "unknown kind `\(k)`",
                      hint: "use one of " + QuestionKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        for e in entries {
            if QuestionKeys.common.contains(e.key) { continue }
            if QuestionKeys.allSpecific.contains(e.key) {
                if let kind, !QuestionKeys.specific(kind).contains(e.key) {
                    error(e.line, "key `\(e.key)` does not apply to a `\(kind.rawValue)` question",
                          hint: "a `\(kind.rawValue)` question takes " + QuestionKeys.specific(kind).map { "`\($0)`" }.joined(separator: ", "))
                }
                continue
            }
            error(e.line, "unknown key `\(e.key)` in a question",
                  hint: "expected " + (QuestionKeys.common + QuestionKeys.allSpecific).map { "`\($0)`" }.joined(separator: ", "))
        }

        var id = ""
        if let s = scalar(value("id"), key: "id", parent: v) {
            if isSlug(s) { id = s } else {
                error(line("id"), "question id `\(s)` must be lowercase words joined by hyphens", hint: "e.g. `kmalloc-contiguous`")
            }
        }
        var topic = ""
        if let t = scalar(value("topic"), key: "topic", parent: v) {
            if topics.contains(t) { topic = t } else {
                error(line("topic"), "unknown topic `\(t)`", hint: "use a page slug: " + topics.sorted().joined(separator: ", "))
            }
        }
        var difficulty = 1
        if let d = scalar(value("difficulty"), key: "difficulty", parent: v) {
            if let n = Int(d), (1...3).contains(n) { difficulty = n } else {
                error(line("difficulty"), "`difficulty` must be 1, 2 or 3, not `\(d)`")
            }
        }
        let prompt = localized(value("prompt"), key: "prompt", parent: v, allowPlain: false)
        // Every presentation says "choose all that apply" for a `multiple` question (the quizzes,
        // print, Anki, QTI, Moodle's own): a prompt that says it too is read twice.
        if kind == .multipleResponse, let prompt {
            for lang in Language.allCases {
                if let phrase = (QuestionKeys.chooseAll[lang] ?? []).first(where: { prompt[lang].contains($0) }) {
                    error(line("prompt"), "the \(lang.rawValue) prompt of a `multiple` question says “\(phrase)”, which every quiz and export already adds",
                          hint: "end the prompt with the question itself")
                }
            }
        }
        let explanation = localized(value("explanation"), key: "explanation", parent: v, allowPlain: false)
        let sources = parseSources(value("sources"), parent: v)

        var choices: [Choice] = []
        var answer: Answer?
        var wrong: [Choice] = []
        if let kind {
            switch kind {
            case .singleChoice, .multipleResponse:
                (choices, answer) = parseOptions(value("options"), kind: kind, parent: v)
            case .trueFalse:
                if let s = scalar(value("answer"), key: "answer", parent: v) {
                    switch s.lowercased() {
                    case "true": answer = .trueFalse(true)
                    case "false": answer = .trueFalse(false)
                    default: error(line("answer"), "a `truefalse` answer must be `true` or `false`, not `\(s)`")
                    }
                }
            case .numeric:
                if let s = scalar(value("answer"), key: "answer", parent: v) {
                    var tol = 0.0
                    if let t = value("tolerance"), let ts = scalar(t, key: "tolerance", parent: v) {
                        if let d = Double(ts), d.isFinite, d >= 0 { tol = d } else {
                            error(t.line, "`tolerance` must be a number ≥ 0, not `\(ts)`")
                        }
                    }
                    if let d = Double(s), d.isFinite { answer = .numeric(value: d, tolerance: tol) } else {
                        error(line("answer"), "a `numeric` answer must be a number, not `\(s)`")
                    }
                }
                wrong = parseWrong(value("wrong"), kind: kind)
            case .hexAddress:
                if let s = scalar(value("answer"), key: "answer", parent: v) {
                    if let h = ResponseParser.hexValue(s) { answer = .hex(h) } else {
                        error(line("answer"), "a `hex` answer must be a hexadecimal number such as `0x0`, not `\(s)`")
                    }
                }
                wrong = parseWrong(value("wrong"), kind: kind)
            case .shortAnswer:
                answer = parseShortAnswers(value("answer"), parent: v)
                wrong = parseWrong(value("wrong"), kind: kind)
            case .matching:
                answer = parsePairs(value("pairs"), parent: v)
            case .ordering:
                answer = parseItems(value("items"), parent: v)
            }
        }
        guard c.diagnostics.count == before, let kind, let answer, let prompt, let explanation else { return nil }
        if case .numeric(let right, let tol) = answer {
            for w in wrong where abs((Double(w.text.en) ?? .nan) - right) <= tol {
                error(v.line, "wrong answer `\(w.text.en)` of question `\(id)` would be graded right")
            }
        }
        if case .hex(let right) = answer {
            for w in wrong where ResponseParser.hexValue(w.text.en) == right {
                error(v.line, "wrong answer `\(w.text.en)` of question `\(id)` equals the right answer")
            }
        }
        if case .text(let accepted) = answer {
            for w in wrong where accepted.contains(where: { a in Language.allCases.contains { ResponseParser.normalize(a[$0]) == ResponseParser.normalize(w.text[$0]) } }) {
                error(v.line, "wrong answer `\(w.text.en)` of question `\(id)` is also an accepted answer")
            }
        }
        guard c.diagnostics.count == before else { return nil }
        let q = Question(id: id, topic: topic, difficulty: difficulty, kind: kind, prompt: prompt, choices: choices,
                         answer: answer, explanation: explanation, sources: sources, family: nil, knownWrongAnswers: wrong)
        return (q, at(line("id")))
    }

    // MARK: - Kind-specific parts

    mutating func parseOptions(_ v: YAMLValue?, kind: QuestionKind, parent: YAMLValue) -> ([Choice], Answer?) {
        guard let v, !v.isNull else {
            error(parent.line, "missing `options`", hint: "a `\(kind.rawValue)` question lists its options under `options:`")
            return ([], nil)
        }
        guard let list = v.array else {
            error(v.line, "`options` must be a list of `- text: …` entries")
            return ([], nil)
        }
        let before = c.diagnostics.count
        var choices: [Choice] = []
        for (i, o) in list.enumerated() {
            guard let entries = o.entries else {
                error(o.line, "each option must be a mapping with `text:` and, for a right option, `correct: true`")
                continue
            }
            for e in entries where !QuestionKeys.option.contains(e.key) {
                error(e.line, "unknown key `\(e.key)` in an option", hint: "an option takes " + QuestionKeys.option.map { "`\($0)`" }.joined(separator: ", "))
            }
            let text = localized(o["text"], key: "text", parent: o, allowPlain: true)
            var correct = false
            if let cv = o["correct"], let s = scalar(cv, key: "correct", parent: o) {
                switch s.lowercased() {
                case "true": correct = true
                case "false": correct = false
                default: error(cv.line, "`correct` must be `true` or `false`, not `\(s)`")
                }
            }
            var misconception: String?
            if let mv = o["misconception"], let m = scalar(mv, key: "misconception", parent: o) {
                if correct {
                    error(mv.line, "a right option cannot stand for a misconception", hint: "remove `misconception:` or `correct: true`")
                } else if checkMisconception(m, line: mv.line) {
                    misconception = m
                }
            }
            let feedback = o["feedback"].flatMap { localized($0, key: "feedback", parent: o, allowPlain: false) }
            if let text {
                choices.append(Choice(id: Presentation.label(i), text: text, correct: correct, misconception: misconception, feedback: feedback))
            }
        }
        guard c.diagnostics.count == before else { return ([], nil) }
        if choices.count < 2 {
            error(v.line, "a `\(kind.rawValue)` question needs at least 2 options, found \(choices.count)")
            return ([], nil)
        }
        var seenText: Set<String> = []
        for (i, ch) in choices.enumerated() where !seenText.insert(ResponseParser.normalize(ch.text.en)).inserted {
            error(list[i].line, "two options have the same text `\(ch.text.en)`")
        }
        let right = choices.filter(\.correct)
        if kind == .singleChoice && right.count != 1 {
            error(v.line, "a `single` question needs exactly one correct option, found \(right.count)",
                  hint: right.isEmpty ? "mark the right option with `correct: true`" : "use kind `multiple` for several right options")
        }
        if kind == .multipleResponse && right.isEmpty {
            error(v.line, "a `multiple` question needs at least one correct option, found 0", hint: "mark the right options with `correct: true`")
        }
        guard c.diagnostics.count == before else { return ([], nil) }
        return (choices, .choices(Set(right.map(\.id))))
    }

    mutating func parseWrong(_ v: YAMLValue?, kind: QuestionKind) -> [Choice] {
        guard let v, !v.isNull else { return [] }
        guard let list = v.array else {
            error(v.line, "`wrong` must be a list of `- answer: …` entries with a `misconception:`")
            return []
        }
        var out: [Choice] = []
        for (i, w) in list.enumerated() {
            guard let entries = w.entries else {
                error(w.line, "each wrong answer must be a mapping with `answer:` and `misconception:`")
                continue
            }
            for e in entries where !QuestionKeys.wrong.contains(e.key) {
                error(e.line, "unknown key `\(e.key)` in a wrong answer", hint: "a wrong answer takes " + QuestionKeys.wrong.map { "`\($0)`" }.joined(separator: ", "))
            }
            let text: Localized?
            if kind == .shortAnswer {
                text = localized(w["answer"], key: "answer", parent: w, allowPlain: true)
            } else if let s = scalar(w["answer"], key: "answer", parent: w) {
                if kind == .numeric, Double(s) == nil {
                    error(w["answer"]?.line ?? w.line, "a wrong `numeric` answer must be a number, not `\(s)`"); text = nil
                } else if kind == .hexAddress, ResponseParser.hexValue(s) == nil {
                    error(w["answer"]?.line ?? w.line, "a wrong `hex` answer must be a hexadecimal number, not `\(s)`"); text = nil
                } else { text = Localized(all: s) }
            } else { text = nil }
            var misconception: String?
            if let m = scalar(w["misconception"], key: "misconception", parent: w), checkMisconception(m, line: w["misconception"]?.line ?? w.line) {
                misconception = m
            }
            let feedback = w["feedback"].flatMap { localized($0, key: "feedback", parent: w, allowPlain: false) }
            if let text, let misconception {
                out.append(Choice(id: "w\(i + 1)", text: text, correct: false, misconception: misconception, feedback: feedback))
            }
        }
        return out
    }

    mutating func parseShortAnswers(_ v: YAMLValue?, parent: YAMLValue) -> Answer? {
        guard let v, !v.isNull else {
            error(parent.line, "missing `answer`", hint: "list the accepted answers: `answer: [kfree]`")
            return nil
        }
        let items = v.array ?? [v]
        var out: [Localized] = []
        for item in items {
            if let l = localized(item, key: "answer", parent: parent, allowPlain: true) { out.append(l) }
        }
        if items.isEmpty { error(v.line, "a `short` question needs at least one accepted answer") }
        return out.count == items.count && !out.isEmpty ? .text(out) : nil
    }

    mutating func parsePairs(_ v: YAMLValue?, parent: YAMLValue) -> Answer? {
        guard let v, !v.isNull else {
            error(parent.line, "missing `pairs`", hint: "a `matching` question lists `- left: …` / `right: …` pairs")
            return nil
        }
        guard let list = v.array else {
            error(v.line, "`pairs` must be a list of `- left: …` / `right: …` entries")
            return nil
        }
        let before = c.diagnostics.count
        var pairs: [MatchPair] = []
        for p in list {
            guard let entries = p.entries else {
                error(p.line, "each pair must be a mapping with `left:` and `right:`")
                continue
            }
            for e in entries where !QuestionKeys.pair.contains(e.key) {
                error(e.line, "unknown key `\(e.key)` in a pair", hint: "a pair takes `left` and `right`")
            }
            let l = localized(p["left"], key: "left", parent: p, allowPlain: true)
            let r = localized(p["right"], key: "right", parent: p, allowPlain: true)
            if let l, let r { pairs.append(MatchPair(left: l, right: r)) }
        }
        guard c.diagnostics.count == before else { return nil }
        if pairs.count < 2 {
            error(v.line, "a `matching` question needs at least 2 pairs, found \(pairs.count)")
            return nil
        }
        for lang in Language.allCases {
            if Set(pairs.map { ResponseParser.normalize($0.left[lang]) }).count != pairs.count {
                error(v.line, "two pairs have the same left side (\(lang.rawValue))"); break
            }
            if Set(pairs.map { ResponseParser.normalize($0.right[lang]) }).count != pairs.count {
                error(v.line, "two pairs have the same right side (\(lang.rawValue))", hint: "each right side must match exactly one left side"); break
            }
        }
        return c.diagnostics.count == before ? .matching(pairs) : nil
    }

    mutating func parseItems(_ v: YAMLValue?, parent: YAMLValue) -> Answer? {
        guard let v, !v.isNull else {
            error(parent.line, "missing `items`", hint: "an `ordering` question lists its items in the right order")
            return nil
        }
        guard let list = v.array else {
            error(v.line, "`items` must be a list, in the right order")
            return nil
        }
        let before = c.diagnostics.count
        var items: [Localized] = []
        for i in list {
            if let l = localized(i, key: "items", parent: v, allowPlain: true) { items.append(l) }
        }
        guard c.diagnostics.count == before else { return nil }
        if items.count < 2 {
            error(v.line, "an `ordering` question needs at least 2 items, found \(items.count)")
            return nil
        }
        for lang in Language.allCases where Set(items.map { ResponseParser.normalize($0[lang]) }).count != items.count {
            error(v.line, "two items have the same text (\(lang.rawValue))", hint: "every item must have one place in the order")
            return nil
        }
        return .ordering(items)
    }

    mutating func parseSources(_ v: YAMLValue?, parent: YAMLValue) -> [QuestionSource] {
        guard let v, !v.isNull else {
            error(parent.line, "missing `sources`", hint: "name a seed (`s001`) and/or a kernel file (`6.1:mm/slab_common.c`)")
            return []
        }
        guard let list = v.array else {
            error(v.line, "`sources` must be a list, e.g. `[s001, \"6.1:mm/slab_common.c\"]`")
            return []
        }
        if list.isEmpty { error(v.line, "`sources` is empty", hint: "name at least one seed or kernel file") }
        var out: [QuestionSource] = []
        for item in list {
            guard let s = item.string else {
                error(item.line, "every source must be text: a seed id or `version:path`")
                continue
            }
            if let colon = s.firstIndex(of: ":") {
                let version = String(s[..<colon]), path = String(s[s.index(after: colon)...])
                let versionOK = !version.isEmpty && version.allSatisfy { $0.isNumber || $0 == "." } && version.first!.isNumber
                if versionOK && !path.isEmpty && !path.hasPrefix("/") && !path.contains(" ") {
                    out.append(QuestionSource(kernelFile: s))
                } else {
                    error(item.line, "source `\(s)` is not a kernel file", hint: "write `version:path`, e.g. `6.1:mm/vmalloc.c`")
                }
            } else if let seeds {
                if seeds.contains(s) { out.append(QuestionSource(seed: s)) } else {
                    error(item.line, "unknown seed `\(s)`", hint: "use an id of seeds.yaml: " + seeds.sorted().joined(separator: ", "))
                }
            } else if s.hasPrefix("s"), s.dropFirst().allSatisfy(\.isNumber), s.count > 1 {
                out.append(QuestionSource(seed: s))
            } else {
                error(item.line, "source `\(s)` is neither a seed id nor a kernel file")
            }
        }
        return out
    }

    // MARK: - Values

    mutating func scalar(_ v: YAMLValue?, key: String, parent: YAMLValue) -> String? {
        guard let v, !v.isNull else {
            error(parent.line, "missing `\(key)`", hint: "add `\(key):`")
            return nil
        }
        guard let s = v.string else {
            error(v.line, "`\(key)` must be a single value, not a list or a mapping")
            return nil
        }
        return s
    }

    /// Text in the three languages: a mapping `{en: …, zh: …, ja: …}`, or (where `allowPlain`)
    /// one plain value that reads the same in every language (code, names, numbers).
    mutating func localized(_ v: YAMLValue?, key: String, parent: YAMLValue, allowPlain: Bool) -> Localized? {
        guard let v, !v.isNull else {
            error(parent.line, "missing `\(key)`", hint: "give it in en, zh and ja")
            return nil
        }
        if let s = v.string {
            guard allowPlain else {
                error(v.line, "`\(key)` must give the text in en, zh and ja", hint: "write `\(key):` then `en: …`, `zh: …`, `ja: …` on their own lines")
                return nil
            }
            guard !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                error(v.line, "`\(key)` is empty")
                return nil
            }
            checkComputedNumbers(s, line: v.line, key: key)
            return Localized(all: s)
        }
        guard let entries = v.entries else {
            error(v.line, "`\(key)` must be text or a mapping of `en`, `zh`, `ja`")
            return nil
        }
        var ok = true
        for e in entries where !QuestionKeys.languages.contains(e.key) {
            error(e.line, "unknown language `\(e.key)` in `\(key)`", hint: "the languages are en, zh and ja")
            ok = false
        }
        var texts: [Language: String] = [:]
        for lang in Language.allCases {
            guard let t = v[lang.rawValue], !t.isNull else {
                error(v.line, "`\(key)` has no \(lang.rawValue) text", hint: "every text exists in en, zh and ja")
                ok = false
                continue
            }
            guard let s = t.string, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                error(t.line, "the \(lang.rawValue) text of `\(key)` is empty or not text")
                ok = false
                continue
            }
            checkComputedNumbers(s, line: t.line, key: key)
            texts[lang] = s.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard ok, let en = texts[.en], let zh = texts[.zh], let ja = texts[.ja] else { return nil }
        return Localized(en: en, zh: zh, ja: ja)
    }

    /// Authored questions must not type a number the simulator computes: an address or flag
    /// value (hex with two or more digits) or the name of a size class (`kmalloc-128`,
    /// `size-4096`). Such questions belong in a generated family.
    mutating func checkComputedNumbers(_ s: String, line: Int, key: String) {
        if let m = ComputedNumbers.first(in: s) {
            error(line, "`\(key)` contains `\(m)`, a value the simulator computes",
                  hint: "authored questions name things; numbers come from generated families (content/families)")
        }
    }

    mutating func checkMisconception(_ m: String, line: Int) -> Bool {
        guard isSlug(m) else {
            error(line, "misconception `\(m)` must be lowercase words joined by hyphens")
            return false
        }
        if let misconceptions, !misconceptions.contains(m) {
            error(line, "unknown misconception `\(m)`",
                  hint: Suggest.hint(m, in: misconceptions, fallback: "add it to content/misconceptions.yaml with a description in en, zh and ja"))
            return false
        }
        return true
    }

    func isSlug(_ s: String) -> Bool {
        guard !s.isEmpty, !s.hasPrefix("-"), !s.hasSuffix("-"), !s.contains("--") else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
    }
}

/// Recognises numbers that only the simulator may produce.
enum ComputedNumbers {
    static func first(in s: String) -> String? {
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            // 0x followed by two or more hex digits, not inside a word.
            if chars[i] == "0", i + 1 < chars.count, chars[i + 1] == "x" || chars[i + 1] == "X",
               i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_") {
                var j = i + 2
                while j < chars.count, chars[j].isHexDigit { j += 1 }
                if j - (i + 2) >= 2 { return String(chars[i..<j]) }
            }
            i += 1
        }
        for prefix in ["kmalloc-", "size-", "kmalloc-cg-", "kmalloc-rcl-", "dma-kmalloc-"] {
            var rest = Substring(s)
            while let r = rest.range(of: prefix) {
                let after = rest[r.upperBound...]
                let digits = after.prefix { $0.isNumber }
                if !digits.isEmpty {
                    let unit = after.dropFirst(digits.count).prefix { $0 == "k" || $0 == "M" }
                    return prefix + digits + unit
                }
                rest = after
            }
        }
        return nil
    }
}
