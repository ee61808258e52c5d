import Foundation
import Testing

/// Runs scripts/quiz-tmux-test.sh — the quiz in a real terminal under tmux: a right answer, a
/// wrong one, invalid input asked again, Ctrl-C with progress saved, a resumed review, NO_COLOR
/// and Ctrl-D. Skipped, with a message, when tmux or the binary is missing.
enum Tmux {
    static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

@Suite struct TmuxTests {
    @Test(.enabled(if: Tmux.path != nil, "tmux is not installed: the terminal test is skipped (apt-get install tmux)"),
          .enabled(if: Binary.url != nil, "the kmemguide binary is not built"))
    func quizInARealTerminal() throws {
        let script = Fixture.repoRoot.appendingPathComponent("scripts/quiz-tmux-test.sh")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script.path, try #require(Binary.url).path]
        p.currentDirectoryURL = Fixture.repoRoot
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Every wait inside the script has its own timeout; this is the backstop.
        let deadline = Date().addingTimeInterval(240)
        let collected = Mutex2()
        let reader = Thread { collected.append(out.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        while p.isRunning, Date() < deadline { usleep(50_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL); Issue.record("the tmux test did not finish in 240 s") }
        p.waitUntilExit()
        let until = Date().addingTimeInterval(10)
        while !collected.done, Date() < until { usleep(20_000) }
        let text = collected.text
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains(" passed, 0 failed"), "\(text)")
    }
}

final class Mutex2: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var finished = false
    func append(_ d: Data) { lock.withLock { data.append(d); finished = true } }
    var done: Bool { lock.withLock { finished } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
