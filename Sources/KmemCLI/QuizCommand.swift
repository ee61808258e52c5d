import ArgumentParser
import Foundation
import KmemContent
import KmemCore
import KmemQuestions
import KmemQuiz

extension QuizMode: ExpressibleByArgument {}

/// `kmemguide quiz`: questions in the terminal, with feedback, exams and spaced repetition.
///
/// Exit status: 0 when the quiz ran to its end, ran out of exam time, or standard input ended
/// after at least one answer; 66 (EX_NOINPUT) when standard input ended before any answer;
/// 73 (EX_CANTCREAT) when answers were given but the progress could not be saved;
/// 130 on Ctrl-C (progress saved, summary printed); 64/65/66 for bad options and content.
struct QuizCommand: ParsableCommand {
    static let defaultCount = 10
    static let defaultSecondsPerQuestion = 60
    /// The longest time per question `--time-limit` accepts (24 h): beyond it is a typo, and
    /// `inf` or 1e20 s would overflow the clock.
    static let maxSecondsPerQuestion: TimeInterval = 86_400
    /// Generated variants of each question family in the pool.
    static let variants = 1

    static var configuration: CommandConfiguration {
        Help.configuration(commandName: "quiz", abstract: "cli.quiz.abstract", discussion: Help.text("cli.quiz.discussion"))
    }

    @Option(help: Help.argument("cli.quiz.lang"))
    var lang: Language?

    @Option(name: .customLong("topic"), help: Help.argument("cli.quiz.topic"))
    var topics: [String] = []

    @Option(help: Help.argument("cli.quiz.count"))
    var count: Int = QuizCommand.defaultCount

    @Option(help: Help.argument("cli.quiz.difficulty"), transform: DifficultyRange.parse)
    var difficulty: DifficultyRange?

    @Option(help: Help.argument("cli.quiz.seed"))
    var seed: String?

    @Option(help: Help.argument("cli.quiz.mode"))
    var mode: QuizMode = .practice

    @Option(name: .customLong("time-limit"), help: Help.argument("cli.quiz.time_limit", ["seconds": String(QuizCommand.defaultSecondsPerQuestion)]),
            transform: TimeLimit.parse)
    var timeLimit: TimeLimit?

    @OptionGroup var library: LibraryOptions

    @Flag(help: Help.argument("cli.quiz.json"))
    var json = false

    @Option(name: .customLong("state-dir"), help: Help.argument("cli.quiz.state_dir"))
    var stateDir: String?

    func validate() throws {
        if count < 1 { throw ValidationError(Help.text("cli.error.count_min")) }
        if timeLimit != nil && mode != .exam { throw ValidationError(Help.text("cli.error.time_limit_exam")) }
    }

    func run() throws {
        try reporting {
            let env = ProcessInfo.processInfo.environment
            let language = lang ?? Self.language(from: env)
            let lib = try library.library()
            var systemRandom = SystemRandomNumberGenerator()
            let seedValue = QuizSeed.resolve(seed, using: &systemRandom)
            let range = difficulty?.range ?? 1...3
            let slugs = lib.topicSlugs()
            let loaded = try Self.loadContent(lib, topics: slugs, env: env)
            let table = loaded.ui
            let strings = QuizStrings(lang: language) { key, l in table[key]?[l] ?? "⟦missing ui string \(key)/\(l.rawValue)⟧" }

            // The question pool: authored questions and generated variants of every family.
            for t in topics where !slugs.contains(t) {
                throw Self.error(.usage, strings("quiz.unknown_topic", ["topic": t]),
                                 hint: strings("quiz.topic_hint", ["topics": slugs.sorted().joined(separator: strings("l10n.list_sep"))]), strings)
            }
            let wanted: Set<String>? = topics.isEmpty ? nil : Set(topics)
            let keep = { (q: Question) in (wanted?.contains(q.topic) ?? true) && range.contains(q.difficulty) }
            let teaching = try lib.loadTeachingText()
            let pool = QuestionSet.entries(authored: loaded.questions, families: teaching.families, variants: Self.variants,
                                         seed: seedValue, topics: wanted, kinds: nil, difficulty: range)

            // Progress.
            let store = ProgressStore(directory: stateDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
                                      ?? ProgressStore.defaultDirectory(environment: env))
            let now = Date()
            let progress = store.load(now: now)
            var cannotSave: String?
            switch progress.issue {
            case .movedAside(let reason, let aside):
                Self.warn(strings("quiz.progress_corrupt", ["path": store.url.path, "reason": reason, "aside": aside.path]))
            case .leftInPlace(let reason):
                Self.warn(strings("quiz.progress_unusable", ["path": store.url.path, "reason": reason]))
                cannotSave = reason
            case .notAFile(let kind):
                let what = strings("quiz.file_kind.\(kind.rawValue)")
                Self.warn(strings("quiz.progress_not_a_file", ["path": store.url.path, "what": what]))
                cannotSave = what
            case .repaired(let cards, let aside):
                Self.warn(strings("quiz.progress_repaired", ["path": store.url.path, "n": "\(cards.count)",
                                                             "example": cards.first ?? "", "aside": aside.path]))
            case nil: break
            }

            // The questions of this session.
            var config = QuizConfig(mode: mode, seed: seedValue)
            config.cannotSaveReason = cannotSave
            let questions: [Question]
            switch mode {
            case .practice, .exam:
                questions = QuizPlanner.practice(pool: pool, count: count, seed: seedValue)
                if mode == .exam {
                    let per = timeLimit?.seconds ?? TimeInterval(Self.defaultSecondsPerQuestion)
                    config.timeLimit = per > 0 ? per * Double(questions.count) : nil
                }
            case .review:
                // Generated questions answered before come back by their id, whatever the seed;
                // those saved under another generator version are retired (`question(id:)` is nil).
                var reviewPool = pool
                let have = Set(pool.map(\.id))
                for id in progress.book.cards.keys.sorted() where !have.contains(id) {
                    if let q = teaching.question(id: id), keep(q) { reviewPool.append(.authored(q)) }
                }
                let plan = QuizPlanner.review(pool: reviewPool, book: progress.book, now: now, count: count, seed: seedValue)
                questions = plan.questions
                config.dueCount = plan.due; config.newCount = plan.new
                if questions.isEmpty {
                    let when = plan.nextDue.map { Self.relative($0.timeIntervalSince(now), strings) } ?? "—"
                    print(strings("quiz.nothing_due", ["when": when]))
                    return
                }
            }
            guard !questions.isEmpty else {
                throw Self.error(.usage, strings("quiz.no_questions"),
                                 hint: strings("quiz.no_questions_hint", ["topics": slugs.sorted().joined(separator: strings("l10n.list_sep"))]), strings)
            }
            config.topicTitles = lib.topicTitles(language, slugs: Set(questions.map(\.topic)))

            let terminal = StandardTerminal(textToStandardError: json, environment: env)
            config.askRating = mode == .review && terminal.isInteractive
            let items = questions.map { QuizItem(question: $0, seed: seedValue) }
            let asJSON = json
            let runner = QuizRunner(
                session: QuizSession(mode: mode, items: items), book: progress.book, terminal: terminal, strings: strings,
                config: config, store: store, canSave: progress.canSave,
                onFinish: { session in
                    if asJSON {
                        FileHandle.standardOutput.write(Data(QuizReport.json(session, strings: strings, seed: seedValue,
                                                                             progressPath: progress.canSave ? store.url.path : nil).utf8))
                    }
                })
            InterruptHandler.install { runner.interrupt() }
            let ending = runner.run()
            if ending == .endOfInput && runner.session.summary.answered == 0 {
                throw Self.error(.noInput, strings("quiz.no_input"), hint: strings("quiz.no_input_hint"), strings)
            }
            // The summary said so in the quiz's language; the status tells a script.
            if runner.progressNotSaved { throw ExitCode(ExitCodes.code(for: .cantCreate)) }
        }
    }

    // MARK: - Helpers

    static func warn(_ s: String) {
        FileHandle.standardError.write(Data(("kmemguide: " + s + "\n").utf8))
    }

    /// zh or ja from the locale variables, in POSIX precedence; en otherwise.
    static func language(from env: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let v = env[key], !v.isEmpty else { continue }
            let l = v.lowercased()
            if l.hasPrefix("zh") { return .zh }
            if l.hasPrefix("ja") { return .ja }
            return .en
        }
        return .en
    }

    /// The UI strings and the authored questions: from the cache when no input file and not the
    /// executable changed since a load that passed every check, else loaded (and checked) anew.
    static func loadContent(_ lib: Library, topics: Set<String>, env: [String: String]) throws(DiagnosticList) -> QuizContentCache.Contents {
        let cacheURL = QuizContentCache.defaultURL(environment: env)
        let fingerprint = lib.content.fingerprint(lib.quizInputs)
        let key = QuizContentCache.key(fingerprint: fingerprint, salt: QuizContentCache.executableIdentity() + "|" + topics.sorted().joined(separator: ","))
        if env["KMEMGUIDE_NO_CACHE"] == nil, let hit = QuizContentCache.load(from: cacheURL, key: key) { return hit }
        let ui = try lib.loadUI()
        let contents = QuizContentCache.Contents(ui: ui.table, questions: try authored(lib, topics: topics))
        if env["KMEMGUIDE_NO_CACHE"] == nil { QuizContentCache.save(contents, key: key, to: cacheURL) }
        return contents
    }

    /// The authored questions; none when the content has no questions/ folder yet.
    static func authored(_ lib: Library, topics: Set<String>) throws(DiagnosticList) -> [Question] {
        guard lib.content.isDirectory(QuestionLoader.folderName) else { return [] }
        return try lib.loadQuestions(topics: topics)
    }

    /// An error in the quiz's language: its label and the joint between message and hint are the
    /// language's ("错误：…。…。"), not the English " — ".
    static func error(_ kind: Diagnostic.Kind, _ message: String, hint: String, _ t: QuizStrings) -> Diagnostic {
        var d = Diagnostic(kind, message, hint: hint)
        d.localizedText = t("quiz.error", ["message": message, "hint": hint])
        return d
    }

    static func relative(_ interval: TimeInterval, _ t: QuizStrings) -> String {
        if interval < 3600 { return t("quiz.in_minutes", ["n": "\(max(1, Int((interval / 60).rounded(.up))))"]) }
        if interval < 86400 { return t("quiz.in_hours", ["n": "\(Int((interval / 3600).rounded()))"]) }
        return t("quiz.in_days", ["n": "\(Int((interval / 86400).rounded()))"])
    }
}
