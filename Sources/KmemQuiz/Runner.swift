import Dispatch
import Foundation
import KmemCore
import KmemQuestions
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public struct QuizConfig: Sendable {
    public var mode: QuizMode
    public var seed: UInt64
    /// Exam: the whole session's time in seconds (nil: none).
    public var timeLimit: TimeInterval?
    /// Review, on a terminal: after a right answer ask again/hard/good/easy (a wrong answer is
    /// always "again"). Without it a right answer is "good".
    public var askRating: Bool
    /// For the header in review mode.
    public var dueCount: Int
    public var newCount: Int
    /// Topic slug → the page's title in the quiz's language (a slug without one shows as is).
    public var topicTitles: [String: String]
    /// Why this session's progress cannot be saved (set when the progress file was left alone).
    public var cannotSaveReason: String?

    public init(mode: QuizMode, seed: UInt64, timeLimit: TimeInterval? = nil, askRating: Bool = false,
                dueCount: Int = 0, newCount: Int = 0, topicTitles: [String: String] = [:]) {
        self.mode = mode; self.seed = seed; self.timeLimit = timeLimit; self.askRating = askRating
        self.dueCount = dueCount; self.newCount = newCount; self.topicTitles = topicTitles
    }
}

/// Drives a `QuizSession` from a `Terminal`, keeps progress, and ends cleanly on EOF,
/// Ctrl-C (`interrupt()`, from the signal handler's thread) and the exam's time limit.
///
/// Everything the interrupt path needs (session, progress, the review waiting for its rating)
/// lives in one `Mutex`, so the handler sees a consistent state and the summary is printed once.
public final class QuizRunner: @unchecked Sendable {
    struct Pending: Sendable {
        var id: String
        var topic: String
        var rating: FSRSRating
        var at: Date
    }

    struct State: Sendable {
        var session: QuizSession
        var book: ProgressBook
        var pending: Pending?
        var finished = false
        var saveError: String?
        var saves = 0
    }

    let terminal: Terminal
    let strings: QuizStrings
    let config: QuizConfig
    let store: ProgressStore?
    let canSave: Bool
    let scheduler: FSRSScheduler
    let now: @Sendable () -> Date
    let state: Mutex<State>
    /// Called once at the end with the final session (the CLI prints `--json` here).
    let onFinish: @Sendable (QuizSession) -> Void
    private let started: Date

    public init(session: QuizSession, book: ProgressBook, terminal: Terminal, strings: QuizStrings, config: QuizConfig,
                store: ProgressStore?, canSave: Bool = true, scheduler: FSRSScheduler = FSRSScheduler(),
                now: @escaping @Sendable () -> Date = { Date() },
                onFinish: @escaping @Sendable (QuizSession) -> Void = { _ in }) {
        self.terminal = terminal; self.strings = strings; self.config = config; self.store = store
        self.canSave = canSave; self.scheduler = scheduler; self.now = now; self.onFinish = onFinish
        state = Mutex(State(session: session, book: book))
        started = now()
    }

    var renderer: Renderer { Renderer(terminal: terminal, t: strings, titles: config.topicTitles) }

    /// The session so far (for tests).
    public var session: QuizSession { state.withLock { $0.session } }
    public var book: ProgressBook { state.withLock { $0.book } }
    public var saveError: String? { state.withLock { $0.saveError } }
    /// Answers were recorded that are not in progress.json (a save failed, or saving was not
    /// allowed): the CLI exits 73.
    public var progressNotSaved: Bool {
        state.withLock { s in
            guard store != nil, s.session.summary.answered > 0 else { return false }
            return !canSave || s.saveError != nil
        }
    }

    /// Runs the quiz to its end and returns how it ended. The summary has been printed and the
    /// progress saved when it returns.
    @discardableResult
    public func run() -> QuizEnding {
        let r = renderer
        let items = state.withLock { $0.session.items }
        printHeader(count: items.count)
        for (n, item) in items.enumerated() {
            if state.withLock({ $0.finished }) { break }
            if let left = timeLeft(), left <= 0 { return timeUp() }
            // On a terminal the countdown in the prompt moves; a transcript gets it in the header.
            r.header(item, number: n + 1, total: items.count, timeLeft: terminal.isInteractive ? nil : timeLeft())
            r.question(item)
            r.line()
            // Ask until the answer can be read.
            var response: Response?
            var input = ""
            while response == nil {
                switch terminal.readLine(prompt: r.prompt(item), timeout: timeLeft(), countdown: countdown()) {
                case .endOfInput:
                    return finish(.endOfInput)
                case .timedOut:
                    return timeUp()
                case .line(let line):
                    // An answer typed after the limit is not scored.
                    if let left = timeLeft(), left <= 0 { return timeUp() }
                    do {
                        response = try ResponseParser.parse(line, for: item.question, presentation: item.presentation)
                        input = line
                    } catch {
                        // The parser's reason names the problem ("x is not an option: use a–d"); an
                        // empty line gets the kind's hint alone, which says what to type.
                        let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
                        r.text(blank ? r.hint(item) : strings("quiz.parse.\(error.key)", error.values), indent: 2) { r.style.yellow($0) }
                    }
                }
            }
            let at = now()
            let recorded: QuizRecord? = state.withLock { s in
                // Ctrl-C may have ended the session while this answer was being typed.
                guard !s.finished else { return nil }
                let rec = s.session.record(response!, input: input, at: at)
                s.pending = Pending(id: item.question.id, topic: item.question.topic,
                                    rating: rec.grade.correct ? .good : .again, at: at)
                return rec
            }
            guard let record = recorded else { return state.withLock { $0.session.ending ?? .interrupted } }
            if config.mode != .exam {
                r.feedback(item, record, explain: true)
            }
            if config.mode == .review && config.askRating && record.grade.correct {
                guard let rating = askRating() else {
                    commitPending()
                    return finish(.endOfInput)
                }
                state.withLock { $0.pending?.rating = rating }
            }
            let card = commitPending()
            if config.mode == .review, let card {
                r.text(strings("quiz.next_review", ["when": r.relative(card.due.timeIntervalSince(at))])) { r.style.dim($0) }
            }
            if let left = timeLeft(), left <= 0, n + 1 < items.count { return timeUp() }
        }
        return finish(.completed)
    }

    /// The exam's time ran out (while waiting or after an answer): says so and ends.
    private func timeUp() -> QuizEnding {
        let r = renderer
        r.line()
        r.text(strings("quiz.time_up")) { r.style.yellow($0) }
        return finish(.timeUp)
    }

    /// The text redrawn at the start of the prompt while an exam waits: "[0:45 left] ", its
    /// clock padded to the width of the whole limit's so the prompt never shifts.
    func countdown() -> ((TimeInterval) -> String)? {
        guard config.mode == .exam, let limit = config.timeLimit else { return nil }
        let width = Renderer.clock(limit).count
        let t = strings
        return { left in
            let clock = Renderer.clock(left)
            let padded = String(repeating: " ", count: max(0, width - clock.count)) + clock
            return t("quiz.countdown", ["time": padded]) + " "
        }
    }

    /// Ctrl-C: records what was answered, saves, prints the summary. Safe from any thread.
    public func interrupt() {
        terminal.write("\n")
        _ = finish(.interrupted)
    }

    func timeLeft() -> TimeInterval? {
        guard config.mode == .exam, let limit = config.timeLimit else { return nil }
        return limit - now().timeIntervalSince(started)
    }

    func printHeader(count: Int) {
        let r = renderer
        let key: String
        var vars = ["count": "\(count)", "seed": "\(config.seed)"]
        switch config.mode {
        case .practice: key = "quiz.header.practice"
        case .exam:
            key = "quiz.header.exam"
            vars["time"] = config.timeLimit.map { Renderer.clock($0) } ?? "∞"
        case .review:
            key = "quiz.header.review"
            vars["due"] = "\(config.dueCount)"; vars["new"] = "\(config.newCount)"
        }
        r.text(strings(key, vars)) { r.style.bold($0) }
        if config.mode != .review {
            r.text(strings("quiz.seed", ["seed": "\(config.seed)"])) { r.style.dim($0) }
        }
        if terminal.isInteractive { r.text(strings("quiz.keys_hint")) { r.style.dim($0) } }
    }

    /// h / g / e, Enter = good; nil at end of input.
    func askRating() -> FSRSRating? {
        let r = renderer
        while true {
            guard let line = terminal.readLine(prompt: r.style.dim(strings("quiz.rate")) + " ") else { return nil }
            switch line.trimmingCharacters(in: .whitespaces).lowercased() {
            case "", "g", "good", "3": return .good
            case "h", "hard", "2": return .hard
            case "e", "easy", "4": return .easy
            case "a", "again", "1": return .again
            default: r.text(strings("quiz.rate_hint"), indent: 2) { r.style.yellow($0) }
            }
        }
    }

    /// Applies the review waiting for its rating, and saves.
    @discardableResult
    func commitPending() -> FSRSCard? {
        state.withLock { s in commit(&s) }
    }

    private func commit(_ s: inout State) -> FSRSCard? {
        guard let p = s.pending else { return nil }
        s.pending = nil
        let card = s.book.review(id: p.id, topic: p.topic, rating: p.rating, at: p.at, scheduler: scheduler,
                                 random: ProgressBook.fuzzRandom(id: p.id, at: p.at))
        save(&s)
        return card
    }

    private func save(_ s: inout State) {
        guard let store, canSave, s.book.cards.count > 0 else { return }
        do {
            try store.save(s.book)
            s.saves += 1
            s.saveError = nil
        } catch {
            s.saveError = error.message
        }
    }

    /// Ends the session once: commits a pending review, saves, prints the summary.
    func finish(_ ending: QuizEnding) -> QuizEnding {
        let done: QuizSession? = state.withLock { s in
            if s.finished { return nil }
            s.finished = true
            _ = commit(&s)
            s.session.end(ending)
            let r = renderer
            if ending == .endOfInput { r.line(); r.text(strings("quiz.input_ended")) { r.style.dim($0) } }
            if ending == .interrupted { r.text(strings("quiz.interrupted")) { r.style.dim($0) } }
            r.summary(s.session, explainMistakes: config.mode == .exam)
            if let store {
                if canSave, let e = s.saveError {
                    r.line()
                    r.text(strings("quiz.save_failed", ["reason": e])) { r.style.red($0) }
                } else if canSave, s.saves > 0 {
                    r.line()
                    r.text(strings("quiz.progress_saved", ["path": store.url.path])) { r.style.dim($0) }
                } else if !canSave, s.session.summary.answered > 0 {
                    r.line()
                    r.text(strings("quiz.not_saved", ["path": store.url.path, "reason": config.cannotSaveReason ?? "—"])) { r.style.red($0) }
                }
            }
            return s.session
        }
        guard let done else { return state.withLock { $0.session.ending ?? ending } }
        onFinish(done)
        return done.ending ?? ending
    }
}

/// Ctrl-C ends the quiz cleanly: the handler runs on a dispatch queue (a `sigaction` handler
/// plus a flag would leave `readLine()` blocked), saves and prints through the runner, exits 130.
///
/// It ends with `_exit`, not `exit`: the main thread is blocked in `readLine()` holding stdin's
/// stdio lock, and `exit()` (like `fflush(nil)`) flushes every stdio stream, waits for that lock
/// and hangs. Nothing needs flushing: the quiz writes with write(2) and saves synchronously.
public enum InterruptHandler {
    nonisolated(unsafe) private static var source: DispatchSourceSignal?

    public static func install(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        s.setEventHandler {
            onInterrupt()
            _exit(130)
        }
        s.resume()
        source = s
    }
}
