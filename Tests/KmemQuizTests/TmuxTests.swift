import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs scripts/quiz-tmux-test.sh — the quiz in a real terminal under tmux: a right answer, a
/// wrong one, invalid input asked again, Ctrl-C with progress saved, a resumed review, NO_COLOR
/// and Ctrl-D, and an idle exam whose countdown moves and which ends by itself. Skipped, with a message, when tmux or the binary is missing.
enum Tmux {
    static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// posix_spawn with every signal unblocked and at its default: the test runner's threads block
/// signals, and a tmux server (and the quiz under it) inheriting that mask would never see
/// SIGCHLD, SIGHUP or SIGINT. Output goes to a file (a pipe would be held open by the tmux
/// server). Returns the exit status, or nil when `timeout` passed (the child is then killed).
enum CleanSpawn {
    static func run(_ path: String, _ args: [String], output: URL, timeout: TimeInterval) -> Int32? {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, &attr, argv, envp) == 0 else { return -1 }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            usleep(50_000)
        }
        kill(-pid, SIGKILL)
        waitpid(pid, &status, 0)
        return nil
    }
}

@Suite struct TmuxTests {
    @Test(.enabled(if: Tmux.path != nil, "tmux is not installed: the terminal test is skipped (apt-get install tmux)"),
          .enabled(if: Binary.url != nil, "the kmemguide binary is not built"))
    func quizInARealTerminal() throws {
        let script = Fixture.repoRoot.appendingPathComponent("scripts/quiz-tmux-test.sh")
        let log = Fixture.tempDir("tmux-log").appendingPathComponent("out.txt")
        // Every wait inside the script has its own timeout; this is the backstop.
        let status = CleanSpawn.run("/bin/bash", [script.path, try #require(Binary.url).path], output: log, timeout: 240)
        let text = String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self)
        #expect(status == 0, "exit \(String(describing: status)):\n\(text)")
        #expect(text.contains(" passed, 0 failed"), "\(text)")
    }
}
