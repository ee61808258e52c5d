import Foundation
import KmemCore
import KmemQuestions
import Testing
import TestSupport
@testable import KmemQuiz

/// The built `kmemguide` binary, driven through pipes as a script would drive it.
enum Binary {
    static let url: URL? = Command.kmemguide

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ args: [String], stdin: String, env: [String: String] = [:]) throws -> Result {
        try run(args, stdinChunks: [stdin], pause: 0, env: env)
    }

    /// Writes the chunks of standard input with `pause` seconds between them.
    static func run(_ args: [String], stdinChunks: [String], pause: TimeInterval, env: [String: String] = [:]) throws -> Result {
        var environment = ["PATH": "/usr/bin:/bin", "HOME": Fixture.tempDir("home").path, "LANG": "C.UTF-8"]
        environment.merge(env) { $1 }
        let r = try Command.run(try #require(url), args, environment: environment, stdin: stdinChunks, pause: pause)
        return Result(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }
}

@Suite(.enabled(if: Binary.url != nil, "the kmemguide binary is not built: run `swift build` first"))
struct CLIPipeTests {
    let content = Fixture.content()

    func args(_ extra: [String], state: URL) -> [String] {
        ["quiz", "--content", content.path, "--topic", "quizdemo", "--topic", "quizchoice", "--state-dir", state.path] + extra
    }

    /// The questions the CLI asks for `seed` and `count`, as the CLI computes them.
    func plan(seed: UInt64, count: Int) -> [QuizItem] {
        let pool = QuestionSet.build(authored: Fixture.questions, families: Generated.families, variants: 1, seed: seed, topics: Fixture.topics, kinds: nil, difficulty: 1...3)
        return QuestionSet.draw(pool, count: count, seed: seed).map { QuizItem(question: $0, seed: seed) }
    }

    func progress(_ state: URL) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: state.appendingPathComponent("progress.json").path))
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(obj["cards"] as? [String: Any])
    }

    @Test func chineseQuizThroughAPipe() throws {
        let state = Fixture.tempDir("pipe")
        let items = plan(seed: 1, count: 3)
        #expect(items.count == 3)
        // right, an empty line (asked again), wrong, right
        let answers = [Fixture.rightInput(items[0]), "", Fixture.wrongInput(items[1]), Fixture.rightInput(items[2])]
        let r = try Binary.run(args(["--lang", "zh", "--count", "3", "--seed", "1"], state: state),
                               stdin: answers.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("练习：共 3 题"))
        #expect(out.contains("第 1 题 / 共 3 题 · \(items[0].question.topic)"))
        #expect(out.contains("第 3 题 / 共 3 题"))
        #expect(out.contains(items[1].question.prompt.zh.prefix(6)))
        #expect(out.contains("✓ 回答正确。"))
        #expect(out.contains("✗ 回答错误。"))
        #expect(out.contains("请按正确顺序列出字母"), "the empty line is answered with the kind's hint alone")
        #expect(!out.contains("请输入答案。"), "not with a generic line before it")
        #expect(out.contains("解析"))
        #expect(out.contains("得分：3 题中答对 2 题（67%）"))
        #expect(out.contains("需要复习的错题"))
        #expect(out.contains("进度已保存到"))
        #expect(!out.contains("\u{1B}["), "no colour in a pipe")
        let cards = try progress(state)
        #expect(Set(cards.keys) == Set(items.map(\.question.id)))
        let wrong = try #require(cards[items[1].question.id] as? [String: Any])
        #expect(wrong["lapses"] as? Int == 1 && wrong["last_rating"] as? Int == 1)
        let right = try #require(cards[items[0].question.id] as? [String: Any])
        #expect(right["last_rating"] as? Int == 3)

        // Review now: the question answered wrong (due in a minute) comes first.
        let review = try Binary.run(args(["--lang", "zh", "--mode", "review", "--count", "1", "--seed", "1"], state: state),
                                    stdin: Fixture.rightInput(QuizItem(question: items[1].question, seed: 1)) + "\n")
        #expect(review.status == 0, "\(review.stderr)")
        #expect(review.stdout.contains("复习：到期 1 题，新题 0 题。"))
        #expect(review.stdout.contains(items[1].question.prompt.zh.prefix(6)))
        #expect(review.stdout.contains("下次复习："))
        #expect(review.stdout.contains("回答正确。"))
    }

    @Test func corruptProgressIsMovedAsideAndTheQuizGoesOn() throws {
        let state = Fixture.tempDir("corrupt-cli")
        let garbage = Data("{\"version\": 1, \"cards\": {\"x\": tru".utf8)
        try garbage.write(to: state.appendingPathComponent("progress.json"))
        let item = plan(seed: 4, count: 1)[0]
        let r = try Binary.run(args(["--count", "1", "--seed", "4"], state: state), stdin: Fixture.rightInput(item) + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "reported in one line: \(r.stderr)")
        #expect(r.stderr.contains("cannot be used (it is not valid JSON"))
        #expect(r.stderr.contains("progress.json.corrupt-"))
        let names = try FileManager.default.contentsOfDirectory(atPath: state.path).sorted()
        #expect(names.count == 2 && names[0] == "progress.json" && names[1].hasPrefix("progress.json.corrupt-"))
        #expect(FileManager.default.contents(atPath: state.appendingPathComponent(names[1]).path) == garbage)
        #expect(try progress(state).count == 1)
    }

    @Test func theContentCacheFollowsEdits() throws {
        let content = Fixture.content() // a private copy: this test edits it
        let home = Fixture.tempDir("cache-home")
        let run = { (stdin: String) throws -> Binary.Result in
            try Binary.run(["quiz", "--content", content.path, "--topic", "quizdemo", "--count", "4", "--state-dir",
                            Fixture.tempDir("cache-state").path], stdin: stdin, env: ["HOME": home.path])
        }
        // "1" is a valid answer to each quizdemo question (a number, an address, true, a word).
        let ones = String(repeating: "1\n", count: 4)
        let first = try run(ones)
        #expect(first.stdout.contains("SLEEP:"))
        let cache = home.appendingPathComponent(".cache/kmemguide/quiz-content.json")
        #expect(FileManager.default.fileExists(atPath: cache.path), "a clean load writes the cache")
        // An edited question misses the cache and shows the edit.
        let file = content.appendingPathComponent("questions/quiz-fixture.yaml")
        let text = String(decoding: FileManager.default.contents(atPath: file.path)!, as: UTF8.self)
        try Data(text.replacingOccurrences(of: "SLEEP:", with: "SNOOZE:").utf8).write(to: file)
        let second = try run(ones)
        #expect(second.stdout.contains("SNOOZE:") && !second.stdout.contains("SLEEP:"))
        // A broken question is reported with its file and line, cache or not.
        try Data(text.replacingOccurrences(of: "    kind: truefalse", with: "    kind: yesno").utf8).write(to: file)
        let third = try run(ones)
        #expect(third.status == 65, "\(third.stderr)")
        #expect(third.stderr.contains("quiz-fixture.yaml:") && third.stderr.contains("unknown kind `yesno`"))
        // A damaged cache is ignored.
        try Data(text.utf8).write(to: file)
        try Data("not json".utf8).write(to: cache)
        let fourth = try run(ones)
        #expect(fourth.stdout.contains("SLEEP:"))
    }

    @Test func jsonGoesToStandardOutputAlone() throws {
        let state = Fixture.tempDir("json")
        let items = plan(seed: 2, count: 2)
        let r = try Binary.run(args(["--count", "2", "--seed", "2", "--json", "--lang", "ja"], state: state),
                               stdin: Fixture.wrongInput(items[0]) + "\n" + Fixture.rightInput(items[1]) + "\n")
        #expect(r.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["correct"] as? Int == 1 && obj["total"] as? Int == 2 && obj["ending"] as? String == "completed")
        #expect(obj["lang"] as? String == "ja" && obj["seed"] as? Int == 2)
        let mistakes = try #require(obj["mistakes"] as? [[String: Any]])
        #expect(mistakes.first?["id"] as? String == items[0].question.id)
        #expect(r.stderr.contains("第 1 問 / 全 2 問"), "the questions went to standard error")
    }

    @Test func endOfInputBeforeAnyAnswerIsAnError() throws {
        let state = Fixture.tempDir("eof")
        let r = try Binary.run(args(["--count", "2", "--seed", "1"], state: state), stdin: "")
        #expect(r.status == 66)
        #expect(r.stderr.contains("standard input ended before any answer"))
        #expect(r.stdout.contains("No question was answered (of 2)."))
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("progress.json").path))
        // After one answer, end of input is a normal end.
        let item = plan(seed: 1, count: 2)[0]
        let r2 = try Binary.run(args(["--count", "2", "--seed", "1"], state: state), stdin: Fixture.rightInput(item) + "\n")
        #expect(r2.status == 0)
        #expect(r2.stdout.contains("No more input.") && r2.stdout.contains("Unanswered: 1"))
    }

    @Test func examStopsAtTheTimeLimitAndALateAnswerIsNotScored() throws {
        let state = Fixture.tempDir("exam")
        let items = plan(seed: 3, count: 3)
        // 0.4 s per question, 1.2 s in all: the first answer is there at once; the others are
        // written 1.5 s after the second question is on screen — past the limit, so the exam
        // ended while waiting and they are not scored. (Waiting for the screen, not for a fixed
        // time, keeps a slow start-up on a loaded machine from changing the outcome.)
        let answers = items.map { Fixture.rightInput($0) + "\n" }
        let outFile = Fixture.tempDir("exam-out").appendingPathComponent("out.txt")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        signal(SIGPIPE, SIG_IGN)
        let p = Process()
        p.executableURL = try #require(Binary.url)
        p.arguments = args(["--count", "3", "--seed", "3", "--mode", "exam", "--time-limit", "0.4"], state: state)
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": state.path, "LANG": "C.UTF-8"]
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = try FileHandle(forWritingTo: outFile)
        p.standardError = FileHandle.nullDevice
        try p.run()
        try? input.fileHandleForWriting.write(contentsOf: Data(answers[0].utf8))
        func output() -> String { String(decoding: FileManager.default.contents(atPath: outFile.path) ?? Data(), as: UTF8.self) }
        let deadline = Date().addingTimeInterval(30)
        while !output().contains("Question 2 of 3"), p.isRunning, Date() < deadline { usleep(20_000) }
        usleep(1_500_000)
        try? input.fileHandleForWriting.write(contentsOf: Data((answers[1] + answers[2]).utf8))
        try? input.fileHandleForWriting.close()
        while p.isRunning, Date() < deadline { usleep(20_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL); Issue.record("the exam did not end") }
        p.waitUntilExit()
        let out = output()
        #expect(p.terminationStatus == 0)
        #expect(out.contains("Exam: 3 questions in 0:02"))
        #expect(out.contains("Time is up"))
        #expect(out.contains("Score: 1 of 1 answered (100%)"), "\(out)")
        #expect(out.contains("Unanswered: 2"))
        #expect(!out.contains("Question 3 of 3"))
        #expect(!out.contains("✓ Right."), "no feedback during the exam")
    }

    @Test func anIdleExamEndsByItselfWithoutATerminal() throws {
        let state = Fixture.tempDir("idle")
        let items = plan(seed: 5, count: 2)
        let p = Process()
        p.executableURL = try #require(Binary.url)
        p.arguments = args(["--count", "2", "--seed", "5", "--mode", "exam", "--time-limit", "1"], state: state)
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": state.path, "LANG": "C.UTF-8"]
        let input = Pipe(), out = Pipe()
        p.standardInput = input; p.standardOutput = out; p.standardError = FileHandle.nullDevice
        try p.run()
        // One answer, then silence — standard input stays open, as for a learner who walked away.
        input.fileHandleForWriting.write(Data((Fixture.rightInput(items[0]) + "\n").utf8))
        let stopBy = Date().addingTimeInterval(30) // a backstop only: the limit is 2 s
        while p.isRunning, Date() < stopBy { usleep(50_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL); Issue.record("the idle exam did not end by itself") }
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try? input.fileHandleForWriting.close()
        #expect(p.terminationStatus == 0)
        #expect(text.contains("Time is up"))
        #expect(text.contains("Score: 1 of 1 answered (100%)"), "\(text)")
        #expect(try progress(state).keys.sorted() == [items[0].question.id])
    }

    @Test(arguments: ["inf", "1e20", "99999999999999999999s", "25h", "infinity"])
    func outOfRangeTimeLimitsAreRefused(limit: String) throws {
        let r = try Binary.run(args(["--mode", "exam", "--time-limit", limit], state: Fixture.tempDir("limit")), stdin: "")
        #expect(r.status == 64, "\(limit): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains("invalid for '--time-limit") && r.stderr.contains("at most 24h"), "\(r.stderr)")
    }

    @Test func withoutASeedTheHeaderPrintsOneThatRepeatsTheRun() throws {
        let first = try Binary.run(args(["--count", "3"], state: Fixture.tempDir("seed1")), stdin: "")
        let line = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("Seed ") }, "\(first.stdout)")
        let number = try #require(line.split(separator: " ").dropFirst().first.map(String.init))
        #expect(line == "Seed \(number) — repeat this quiz with --seed \(number)")
        let again = try Binary.run(args(["--count", "3", "--seed", number], state: Fixture.tempDir("seed2")), stdin: "")
        #expect(again.stdout == first.stdout, "the printed seed asks the same questions in the same order")
    }

    @Test func progressThatCannotBeSavedIsReportedInTheQuizLanguageAndExits73() throws {
        // The state folder's parent is a file: nothing can be written there.
        let blocker = Fixture.tempDir("blocked").appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let state = blocker.appendingPathComponent("state")
        let item = plan(seed: 1, count: 1)[0]
        let r = try Binary.run(args(["--count", "1", "--seed", "1", "--lang", "zh"], state: state), stdin: Fixture.rightInput(item) + "\n")
        #expect(r.status == 73, "\(r.status) \(r.stderr)")
        #expect(r.stdout.contains("无法保存进度："), "\(r.stdout)")
        #expect(r.stdout.replacingOccurrences(of: "\n", with: " ").contains("is a file, not a folder"), "\(r.stdout)")
    }

    @Test func aFIFOAsProgressIsNamedAndTheQuizExits73() throws {
        let state = Fixture.tempDir("fifo-cli")
        #expect(mkfifo(state.appendingPathComponent("progress.json").path, 0o644) == 0)
        let item = plan(seed: 1, count: 1)[0]
        let r = try Binary.run(args(["--count", "1", "--seed", "1", "--lang", "ja"], state: state), stdin: Fixture.rightInput(item) + "\n")
        #expect(r.status == 73, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("名前付きパイプ（FIFO）"), "\(r.stderr)")
        #expect(!r.stderr.contains("Permission denied"))
        let unwrapped = r.stdout.replacingOccurrences(of: "\n", with: "")
        #expect(unwrapped.contains("今回の進捗は") && unwrapped.contains("保存されていません"), "\(r.stdout)")
        var st = stat()
        #expect(stat(state.appendingPathComponent("progress.json").path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO, "left alone")
    }

    @Test func aDamagedCardIsRepairedOnceAndTheQuizRuns() throws {
        let state = Fixture.tempDir("repair-cli")
        let item = plan(seed: 1, count: 1)[0]
        let card = "{\"state\": 3, \"step\": 0, \"difficulty\": 5.0, \"due\": \"2025-01-01T00:00:00Z\"}"
        let text = "{\"version\": 1, \"scheduler\": \"x\", \"cards\": {\"\(item.question.id)\": {\"topic\": \"\(item.question.topic)\", \"reviews\": 1, \"lapses\": 0, \"card\": \(card)}}}"
        try Data(text.utf8).write(to: state.appendingPathComponent("progress.json"))
        for mode in ["review", "practice"] {
            let r = try Binary.run(args(["--count", "1", "--seed", "1", "--mode", mode], state: state), stdin: Fixture.rightInput(item) + "\n")
            #expect(r.status == 0, "\(mode): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("impossible values") == (mode == "review"), "said once: \(r.stderr)")
        }
        #expect(try progress(state).count == 1)
    }

    @Test func unknownTopicAndNoInputSpeakTheQuizLanguage() throws {
        let r = try Binary.run(["quiz", "--content", content.path, "--state-dir", Fixture.tempDir("t").path, "--lang", "zh", "--topic", "nope"], stdin: "")
        #expect(r.status == 64)
        #expect(r.stderr.contains("没有名为“nope”的主题") && r.stderr.contains("可选主题："), "\(r.stderr)")
        let e = try Binary.run(args(["--count", "1", "--lang", "ja"], state: Fixture.tempDir("t2")), stdin: "")
        #expect(e.status == 66)
        #expect(e.stderr.contains("1 問も回答しないうちに標準入力が終わりました"), "\(e.stderr)")
    }

    @Test func fullWidthAnswersCountLikeASCII() throws {
        let items = plan(seed: 1, count: 3)
        // Full-width forms of the right answers, as a Chinese or Japanese keyboard types them.
        let wide = items.map { item in
            String(String.UnicodeScalarView(Fixture.rightInput(item).unicodeScalars.map { u in
                (0x21...0x7E).contains(u.value) ? UnicodeScalar(u.value + 0xFEE0)! : u
            }))
        }
        let r = try Binary.run(args(["--count", "3", "--seed", "1", "--lang", "zh"], state: Fixture.tempDir("wide")),
                               stdin: wide.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("得分：3 题中答对 3 题（100%）"), "\(wide) \(r.stdout)")
    }

    @Test func topicsAreShownByTheirPageTitles() throws {
        let content = Fixture.content() // a private copy: pages get front matter
        for (slug, title) in [("quizdemo", "地址与页"), ("quizchoice", "选择分配器")] {
            let page = "---\ntitle: \"\(title)\"\nsummary: \"s\"\norder: 1\nseeds: []\nkernels: [\"6.1\"]\n---\n\nBody.\n"
            try Data(page.utf8).write(to: content.appendingPathComponent("pages/\(slug)/zh.md"))
        }
        let r = try Binary.run(["quiz", "--content", content.path, "--state-dir", Fixture.tempDir("titles").path,
                                "--lang", "zh", "--count", "2", "--seed", "1", "--topic", "quizdemo"], stdin: "")
        #expect(r.stdout.contains("第 1 题 / 共 2 题 · 地址与页 · 难度"), "\(r.stdout) \(r.stderr)")
        #expect(!r.stdout.contains("quizdemo"))
    }

    @Test func languageFromTheEnvironment() throws {
        let state = Fixture.tempDir("env")
        let r = try Binary.run(args(["--count", "1"], state: state), stdin: "", env: ["LANG": "ja_JP.UTF-8"])
        #expect(r.stdout.contains("練習：全 1 問"))
        let r2 = try Binary.run(args(["--count", "1"], state: state), stdin: "", env: ["LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"])
        #expect(r2.stdout.contains("练习：共 1 题"))
    }

    @Test(arguments: [
        (["--lang", "fr"], "--lang"), (["--difficulty", "5"], "--difficulty"), (["--count", "0"], "--count"),
        (["--topic", "nope"], "unknown topic"), (["--mode", "cram"], "mode"), (["--time-limit", "soon", "--mode", "exam"], "--time-limit"),
    ])
    func badOptionsAreUsageErrors(extra: [String], mentions: String) throws {
        let r = try Binary.run(["quiz", "--content", content.path, "--state-dir", Fixture.tempDir("bad").path] + extra, stdin: "")
        #expect(r.status == 64, "\(extra): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains(mentions), "\(r.stderr)")
    }

    @Test func ctrlCSavesProgressPrintsTheSummaryAndExits130() throws {
        let state = Fixture.tempDir("sigint-cli")
        let items = plan(seed: 1, count: 3)
        let outFile = Fixture.tempDir("sigint-out").appendingPathComponent("out.txt")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        let p = Process()
        p.executableURL = try #require(Binary.url)
        p.arguments = args(["--count", "3", "--seed", "1"], state: state)
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": state.path, "LANG": "C.UTF-8"]
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = try FileHandle(forWritingTo: outFile)
        p.standardError = FileHandle.nullDevice
        try p.run()
        input.fileHandleForWriting.write(Data((Fixture.rightInput(items[0]) + "\n").utf8))
        let deadline = Date().addingTimeInterval(20)
        func output() -> String { String(decoding: FileManager.default.contents(atPath: outFile.path) ?? Data(), as: UTF8.self) }
        while !output().contains("Question 2 of 3"), Date() < deadline { usleep(20_000) }
        usleep(100_000)
        p.interrupt()
        let stopBy = Date().addingTimeInterval(10)
        while p.isRunning, Date() < stopBy { usleep(20_000) }
        if p.isRunning {
            // SIGKILL: a test runner may start children with SIGTERM blocked.
            kill(p.processIdentifier, SIGKILL)
            Issue.record("the quiz did not stop on SIGINT")
        }
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 130)
        let out = output()
        #expect(out.contains("Interrupted."))
        #expect(out.contains("Score: 1 of 1 answered (100%)"), "only the answered question counts: \(out)")
        #expect(out.contains("Unanswered: 2"))
        #expect(out.contains("Progress saved in"))
        #expect(try progress(state).keys.sorted() == [items[0].question.id])
        try? input.fileHandleForWriting.close()
    }
}
