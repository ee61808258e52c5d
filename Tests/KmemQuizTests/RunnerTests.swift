import Dispatch
import Foundation
import KmemCore
import KmemQuestions
import Synchronization
import Testing
@testable import KmemQuiz

/// A clock the test moves.
final class TestClock: Sendable {
    let t: Mutex<Date>
    init(_ d: Date) { t = Mutex(d) }
    var now: Date { t.withLock { $0 } }
    func advance(_ s: TimeInterval) { t.withLock { $0 = $0.addingTimeInterval(s) } }
}

/// A terminal whose reads can block until the test releases them (for Ctrl-C from another thread).
final class BlockingTerminal: Terminal, @unchecked Sendable {
    let isInteractive = false, colors = false, width = 80
    private let lock = NSLock()
    private var out = ""
    private var answers: [String]
    let reachedEnd = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    init(answers: [String]) { self.answers = answers }
    var output: String { lock.withLock { out } }
    func write(_ text: String) { lock.withLock { out += text } }
    func readLine(prompt: String) -> String? {
        write(prompt)
        if let a = lock.withLock({ answers.isEmpty ? nil : answers.removeFirst() }) { write(a + "\n"); return a }
        reachedEnd.signal()
        release.wait()
        return nil
    }
}

@Suite struct RunnerTests {
    let t0 = Date(timeIntervalSince1970: 1_760_000_000)

    func runner(_ ids: [String], answers: [String], mode: QuizMode = .practice, lang: Language = .en, interactive: Bool = false,
                width: Int = 80, colors: Bool = false, timeLimit: TimeInterval? = nil, store: ProgressStore? = nil,
                clock: TestClock? = nil, secondsPerRead: TimeInterval = 0)
        -> (QuizRunner, ScriptedTerminal) {
        let items = ids.map { QuizItem(question: Fixture.question($0), seed: 1) }
        let term = ScriptedTerminal(answers: answers, interactive: interactive, colors: colors, width: width)
        let clock = clock ?? TestClock(t0)
        term.onRead = { _ in clock.advance(secondsPerRead) }
        let r = QuizRunner(session: QuizSession(mode: mode, items: items), book: ProgressBook(), terminal: term,
                           strings: Fixture.strings(lang),
                           config: QuizConfig(mode: mode, seed: 1, timeLimit: timeLimit, askRating: interactive && mode == .review),
                           store: store, now: { clock.now })
        return (r, term)
    }

    func item(_ id: String) -> QuizItem { QuizItem(question: Fixture.question(id), seed: 1) }

    @Test func practiceGivesFeedbackAndReasksInvalidInput() throws {
        let store = ProgressStore(directory: Fixture.tempDir("runner"))
        let single = item("qc-contiguous")
        let (r, term) = runner(["qc-contiguous", "qd-page-offset"],
                               answers: ["z", "", Fixture.rightInput(single), "nonsense", "0xc0001000"], store: store)
        let ending = r.run()
        #expect(ending == .completed)
        let out = term.output
        #expect(out.contains("Question 1 of 2 · quizchoice · difficulty 1"))
        #expect(out.contains("Answer with a letter a–d."), "invalid input is re-asked with a hint")
        #expect(term.prompts.count == 5, "two invalid answers, one right, one invalid, one wrong")
        #expect(out.contains("✓ Right."))
        #expect(out.contains("✗ Not right."))
        #expect(out.contains("Right answer: 0xc0000000"))
        #expect(out.contains("Why\n  User space gets the low 3 GiB"))
        #expect(out.contains("Score: 1 of 2 (50%)"))
        #expect(out.contains("Mistakes to review\n  1. PAGE_OFFSET"))
        #expect(out.contains("Your answer: 0xc0001000"))
        #expect(out.contains("Progress saved in \(store.url.path)."))
        let saved = store.load(now: t0).book
        #expect(saved.cards.count == 2)
        #expect(saved.cards["qd-page-offset"]?.lastRating == .again && saved.cards["qd-page-offset"]?.lapses == 1)
        #expect(saved.cards["qc-contiguous"]?.lastRating == .good)
        #expect(!out.contains("\u{1B}["), "no colour without a terminal")
    }

    @Test func endOfInputEndsCleanlyWithProgressSaved() throws {
        let store = ProgressStore(directory: Fixture.tempDir("eof"))
        let first = item("qd-order-pages")
        let (r, term) = runner(["qd-order-pages", "qd-page-offset", "qc-contiguous"], answers: [Fixture.rightInput(first)], store: store)
        #expect(r.run() == .endOfInput)
        #expect(term.output.contains("No more input."))
        #expect(term.output.contains("Score: 1 of 1 answered (100%)"), "\(term.output)")
        #expect(!term.output.contains("33%"), "unanswered questions do not count as wrong")
        #expect(term.output.contains("Unanswered: 2"))
        let summary = try #require(term.output.components(separatedBy: "━━ Results ━━").last)
        #expect(summary.contains("quizdemo") && !summary.contains("quizchoice"), "a topic never answered is not listed")
        #expect(r.session.summary.unanswered == [1, 2])
        #expect(store.load(now: t0).book.cards.keys.sorted() == ["qd-order-pages"])
    }

    @Test func examGivesNoFeedbackUntilTheEndAndALateAnswerIsNotScored() throws {
        let ids = ["qd-page-offset", "qd-order-pages", "qd-gfp-kernel-sleeps"]
        // 90 s for the exam; each answer takes 50 s: the second comes at 100 s, too late.
        let (r, term) = runner(ids, answers: ["0xc0001000", "8", "t"], mode: .exam, timeLimit: 90, secondsPerRead: 50)
        #expect(r.run() == .timeUp)
        let out = term.output
        #expect(!out.contains("✓") && !out.contains("✗"), "no feedback during an exam")
        #expect(out.contains("Time is up"))
        #expect(out.contains("1:30 left") && out.contains("0:40 left"))
        #expect(term.prompts.count == 2)
        #expect(term.timeouts == [90, 40], "each read waits only for the time left")
        let s = r.session.summary
        #expect(s.answered == 1 && s.correct == 0 && s.unanswered == [1, 2], "the late (right) answer is not scored")
        #expect(out.contains("Right answer: 0xc0000000"))
        #expect(out.contains("User space gets the low 3 GiB"), "an exam explains its mistakes at the end")
        #expect(out.contains("Exam mark, unanswered questions counting as wrong: 0 of 3 (0%)"))
    }

    @Test func anIdleExamEndsWhenItsTimeIsUp() throws {
        let ids = ["qd-page-offset", "qd-order-pages", "qd-gfp-kernel-sleeps"]
        let clock = TestClock(t0)
        let (r, term) = runner(ids, answers: ["0xc0000000"], mode: .exam, timeLimit: 90, clock: clock, secondsPerRead: 10)
        term.idleWhenDone = true
        term.onIdle = { clock.advance($0) }
        #expect(r.run() == .timeUp)
        #expect(term.timeouts == [90, 80])
        #expect(term.output.contains("Time is up"))
        let s = r.session.summary
        #expect(s.answered == 1 && s.correct == 1 && s.unanswered == [1, 2])
        #expect(term.output.contains("Score: 1 of 1 answered (100%)"))
        #expect(term.output.contains("Exam mark, unanswered questions counting as wrong: 1 of 3 (33%)"))
    }

    @Test func theCountdownKeepsItsWidthAndIsInThePromptOnATerminal() throws {
        let (r, _) = runner(["qd-page-offset"], answers: [], mode: .exam, timeLimit: 600)
        let text = try #require(r.countdown())
        #expect(text(600) == "[10:00 left] ")
        #expect(text(59.2) == "[ 1:00 left] ")
        #expect(text(0) == "[ 0:00 left] ")
        let (zh, _) = runner(["qd-page-offset"], answers: [], mode: .exam, lang: .zh, timeLimit: 30)
        let zhText = try #require(zh.countdown())
        #expect(zhText(30) == "［剩余 0:30］ ")
        #expect(runner(["qd-page-offset"], answers: [], mode: .practice).0.countdown() == nil)
        // On a terminal the countdown leads the prompt and the header has no static time.
        let (ri, term) = runner(["qd-page-offset"], answers: ["0xc0000000"], mode: .exam, interactive: true, timeLimit: 45)
        ri.run()
        #expect(term.prompts.first?.hasPrefix("[0:45 left] Your answer:") == true, "\(term.prompts)")
        #expect(!term.output.contains("· 0:45 left"))
    }

    @Test func topicsShowAsPageTitles() throws {
        let items = ["qc-contiguous", "qd-page-offset"].map(item)
        let term = ScriptedTerminal(answers: [Fixture.wrongInput(items[0]), Fixture.rightInput(items[1])])
        var config = QuizConfig(mode: .practice, seed: 1)
        config.topicTitles = ["quizchoice": "选择分配器", "quizdemo": "地址空间"]
        let r = QuizRunner(session: QuizSession(mode: .practice, items: items), book: ProgressBook(), terminal: term,
                           strings: Fixture.strings(.zh), config: config, store: nil)
        r.run()
        #expect(term.output.contains("第 1 题 / 共 2 题 · 选择分配器 · 难度 1"))
        #expect(term.output.contains("第 2 题 / 共 2 题 · 地址空间 · 难度"))
        #expect(term.output.contains("  选择分配器  0/1"), "\(term.output)")
        #expect(term.output.contains("  地址空间    1/1"))
        #expect(!term.output.contains("quizchoice") && !term.output.contains("quizdemo"))
    }

    @Test func reviewEndedEarlyDoesNotSayFortyPercentAndNoMistakes() throws {
        let ids = ["qd-page-offset", "qd-order-pages", "qd-gfp-kernel-sleeps", "qd-free-kmalloc", "qc-contiguous"]
        let answers = ids.prefix(2).map { Fixture.rightInput(item($0)) }
        let (r, term) = runner(ids, answers: Array(answers), mode: .review)
        #expect(r.run() == .endOfInput)
        let out = term.output
        #expect(out.contains("Score: 2 of 2 answered (100%)"), "\(out)")
        #expect(out.contains("No mistakes."))
        #expect(!out.contains("40%"))
        #expect(out.contains("Unanswered: 3"))
    }

    @Test func theHeaderPrintsTheSeedToRepeatTheRun() throws {
        let items = ["qd-page-offset"].map(item)
        let term = ScriptedTerminal(answers: ["0xc0000000"])
        let r = QuizRunner(session: QuizSession(mode: .practice, items: items), book: ProgressBook(), terminal: term,
                           strings: Fixture.strings(.ja), config: QuizConfig(mode: .practice, seed: 482913), store: nil)
        r.run()
        #expect(term.output.contains("シード 482913：--seed 482913 を付けると同じ問題をもう一度解けます"))
    }

    @Test func reviewAsksForARatingAfterARightAnswerOnATerminal() throws {
        let store = ProgressStore(directory: Fixture.tempDir("review"))
        let (r, term) = runner(["qd-gfp-kernel-sleeps", "qd-order-pages"], answers: ["t", "x", "e", "7"],
                               mode: .review, interactive: true, store: store)
        #expect(r.run() == .completed)
        let out = term.output
        #expect(out.contains("How did it feel?"))
        #expect(out.contains("Type h, g or e"), "a bad rating is asked again")
        #expect(term.prompts.count == 4, "no rating after a wrong answer")
        #expect((6...11).contains { out.contains("Next review: in \($0) days") }, "easy on a new card: 8 days, fuzzed (the reference can round up to max + 1)\n\(out)")
        #expect(out.contains("Next review: in 1 min"))
        let book = store.load(now: t0).book
        #expect(book.cards["qd-gfp-kernel-sleeps"]?.lastRating == .easy)
        #expect(book.cards["qd-gfp-kernel-sleeps"]?.card.state == .review)
        #expect(book.cards["qd-order-pages"]?.lastRating == .again)
        #expect(book.cards["qd-order-pages"]?.card.state == .learning)
    }

    @Test func ctrlCFromAnotherThreadSavesAndSummarisesOnce() throws {
        let store = ProgressStore(directory: Fixture.tempDir("sigint"))
        // Ctrl-C at question 4 of 5: three answered (one right).
        let items = ["qd-page-offset", "qd-order-pages", "qd-free-kmalloc", "qc-contiguous", "qd-gfp-kernel-sleeps"].map(item)
        let term = BlockingTerminal(answers: ["0xc0000000", "9", "vfree"])
        let finished = Mutex(0)
        let r = QuizRunner(session: QuizSession(mode: .practice, items: items), book: ProgressBook(), terminal: term,
                           strings: Fixture.strings(.ja), config: QuizConfig(mode: .practice, seed: 1), store: store,
                           onFinish: { _ in finished.withLock { $0 += 1 } })
        let done = DispatchSemaphore(value: 0)
        let ending = Mutex<QuizEnding?>(nil)
        Thread.detachNewThread {
            let e = r.run()
            ending.withLock { $0 = e }
            done.signal()
        }
        #expect(term.reachedEnd.wait(timeout: .now() + 10) == .success)
        r.interrupt() // what the SIGINT handler does before exit(130)
        #expect(r.session.ending == .interrupted)
        #expect(term.output.contains("中断しました。"))
        #expect(term.output.contains("得点：回答した 3 問中 1 問正解（33%）"), "\(term.output)")
        #expect(term.output.contains("未回答：2 問"))
        let summary = try #require(term.output.components(separatedBy: "━━ 結果 ━━").last)
        #expect(summary.contains("quizdemo") && !summary.contains("quizchoice"), "the topic of question 4, never answered, is not listed")
        #expect(!term.output.contains("20%"), "not 1 of 5")
        #expect(store.load(now: t0).book.cards.keys.sorted() == ["qd-free-kmalloc", "qd-order-pages", "qd-page-offset"])
        // The blocked read now returns; the runner must not print a second summary.
        term.release.signal()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(ending.withLock { $0 } == .interrupted)
        #expect(finished.withLock { $0 } == 1)
        #expect(term.output.components(separatedBy: "━━ 結果 ━━").count == 2)
    }

    @Test func chineseOutputFitsTheWidth() throws {
        let ids = ["qc-contiguous", "qc-free-pairs", "qc-size-order", "qd-page-offset"]
        let answers = ids.map { Fixture.wrongInput(item($0)) }
        let (r, term) = runner(ids, answers: answers, lang: .zh, width: 40)
        r.run()
        for line in term.output.split(separator: "\n") {
            #expect(TextWidth.width(of: String(line)) <= 40 || line.hasPrefix("    "), "too wide: \(line)")
        }
        #expect(term.output.contains("第 1 题 / 共 4 题"))
        #expect(term.output.contains("回答错误。"))
        #expect(term.output.contains("需要复习的错题"))
        #expect(term.output.contains("请把每个带编号的项"))
    }

    @Test func colourOnlyWhenAllowed() {
        let (r, term) = runner(["qd-gfp-kernel-sleeps"], answers: ["t"], colors: true)
        r.run()
        #expect(term.output.contains("\u{1B}[1;32m✓"))
        let (r2, term2) = runner(["qd-gfp-kernel-sleeps"], answers: ["t"], colors: false)
        r2.run()
        #expect(!term2.output.contains("\u{1B}"))
    }

    @Test func everyKindCanBeAnsweredThroughTheRunner() {
        let ids = Fixture.questions.map(\.id)
        let answers = ids.map { Fixture.rightInput(item($0)) }
        let (r, term) = runner(ids, answers: answers, lang: .ja)
        #expect(r.run() == .completed)
        #expect(r.session.summary.correct == ids.count, "\(term.output)")
        #expect(term.output.contains("間違えた問題はありません。"))
    }
}
