import Foundation
import Testing
@testable import KmemQuiz

/// `StandardTerminal` on pipes: lines read with read(2) and poll(2), a read that gives up at its
/// limit, and the countdown redrawn in place.
@Suite struct TerminalTests {
    /// A pipe for input and a file for output.
    func make(interactive: Bool) throws -> (StandardTerminal, input: Int32, outputURL: URL) {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let url = Fixture.tempDir("term").appendingPathComponent("out.txt")
        let out = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(out >= 0)
        return (StandardTerminal(input: fds[0], output: out, interactive: interactive, colors: false, width: 80), fds[1], url)
    }

    func send(_ fd: Int32, _ s: String) { _ = s.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) } }
    func text(_ url: URL) -> String { String(decoding: FileManager.default.contents(atPath: url.path) ?? Data(), as: UTF8.self) }

    @Test func readsLinesThenEndOfInput() throws {
        let (t, input, url) = try make(interactive: false)
        send(input, "b\r\n０ｘｃ０\nlast")
        close(input)
        #expect(t.readLine(prompt: "? ", timeout: 10, countdown: nil) == .line("b"))
        #expect(t.readLine(prompt: "? ") == "０ｘｃ０")
        #expect(t.readLine(prompt: "? ") == "last", "a last line without a newline still counts")
        #expect(t.readLine(prompt: "? ", timeout: 10, countdown: nil) == .endOfInput)
        #expect(text(url) == "? b\n? ０ｘｃ０\n? last\n? ", "a transcript echoes what was read")
    }

    @Test func anIdleReadGivesUpAtItsLimitWithTheCountdownRedrawnInPlace() throws {
        let (t, input, url) = try make(interactive: true)
        // 2.5 s: drawn as 0:03 at once, redrawn as 0:02 and 0:01 as the seconds pass; then the limit.
        let r = t.readLine(prompt: "answer: ", timeout: 2.5, countdown: { "[\(Renderer.clock($0))] " })
        #expect(r == .timedOut)
        let out = text(url)
        #expect(out.hasPrefix("[0:03] answer: "), "\(out.debugDescription)")
        #expect(out.contains("\u{1B}7\r[0:02] \u{1B}8") || out.contains("\u{1B}7\r[0:01] \u{1B}8"),
                "saved cursor, start of line, new text, cursor back: \(out.debugDescription)")
        #expect(!out.contains("\n"), "nothing scrolls")
        close(input)
    }

    @Test func aStreamWithoutNewlinesEndsTheInputInsteadOfFillingMemory() throws {
        let (t, input, _) = try make(interactive: false)
        let writer = Thread {
            let zeros = [UInt8](repeating: 0, count: 8192)
            // 80 KiB, no newline: more than any answer; what the reader leaves fits the pipe.
            for _ in 0..<10 { if zeros.withUnsafeBytes({ write(input, $0.baseAddress, $0.count) }) < 0 { break } }
            close(input)
        }
        signal(SIGPIPE, SIG_IGN)
        writer.start()
        #expect(t.readLine(prompt: "", timeout: nil, countdown: nil) == .endOfInput)
    }

    @Test func aReadWithoutALimitWaitsForTheLine() throws {
        let (t, input, _) = try make(interactive: false)
        let writer = Thread { usleep(200_000); self.send(input, "late but fine\n") }
        writer.start()
        #expect(t.readLine(prompt: "", timeout: nil, countdown: nil) == .line("late but fine"))
        close(input)
    }
}
