import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the quiz reads answers and writes text. The engine never touches stdin or stdout
/// itself, so tests drive it with `ScriptedTerminal`.
public protocol Terminal: AnyObject {
    /// A person at a terminal (stdin and stdout are TTYs): prompts for ratings, start hints.
    var isInteractive: Bool { get }
    /// Colour allowed (stdout is a TTY and NO_COLOR is unset).
    var colors: Bool { get }
    /// Columns to wrap to.
    var width: Int { get }
    /// Writes text as is (the caller adds newlines).
    func write(_ text: String)
    /// Shows `prompt` (no newline) and reads one line without its newline; nil at end of input.
    func readLine(prompt: String) -> String?
    /// As `readLine(prompt:)`, but gives up after `timeout` seconds (nil: waits for ever). While
    /// waiting on a terminal, `countdown(secondsLeft)` is redrawn in place at the start of the
    /// prompt's line every second; it must keep its width.
    func readLine(prompt: String, timeout: TimeInterval?, countdown: ((TimeInterval) -> String)?) -> TerminalRead
}

/// What a read with a time limit gave.
public enum TerminalRead: Sendable, Hashable {
    case line(String)
    case endOfInput
    case timedOut
}

extension Terminal {
    /// For terminals that cannot wait with a limit: a plain read (the caller checks the clock).
    public func readLine(prompt: String, timeout: TimeInterval?, countdown: ((TimeInterval) -> String)?) -> TerminalRead {
        readLine(prompt: prompt).map(TerminalRead.line) ?? .endOfInput
    }
}

/// Standard input and output (or standard error, for `--json`, whose stdout is the JSON).
///
/// Input is read with read(2) into our own buffer, never through stdio: an exam's time limit
/// needs poll(2) with a timeout, and poll cannot see lines stdio has already buffered.
// Sendable because the two threads that use it touch disjoint state: `write` (the quiz and the
// Ctrl-C handler's queue) reads only `fd`, a constant, and write(2) is thread-safe; `buffer` and
// `atEnd` belong to the one thread that reads input.
public final class StandardTerminal: Terminal, @unchecked Sendable {
    public let isInteractive: Bool
    public let colors: Bool
    private let fd: Int32
    private let inputFD: Int32
    private let fixedWidth: Int?
    private var buffer: [UInt8] = []
    private var atEnd = false

    /// `textToStandardError`: questions and feedback go to stderr (stdout is kept for JSON).
    public convenience init(textToStandardError: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let fd = textToStandardError ? STDERR_FILENO : STDOUT_FILENO
        let outTTY = isatty(fd) == 1
        self.init(input: STDIN_FILENO, output: fd, interactive: outTTY && isatty(STDIN_FILENO) == 1,
                  colors: outTTY && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb",
                  width: outTTY ? nil : 80)
    }

    /// Any pair of descriptors (tests use pipes); `width` nil asks the terminal.
    init(input: Int32, output: Int32, interactive: Bool, colors: Bool, width: Int?) {
        inputFD = input; fd = output; isInteractive = interactive; self.colors = colors; fixedWidth = width
    }

    /// The terminal's width now (it may be resized between questions): TIOCGWINSZ, else 80.
    public var width: Int {
        if let fixedWidth { return fixedWidth }
        var ws = winsize()
        #if canImport(Glibc)
        let r = ioctl(fd, UInt(TIOCGWINSZ), &ws)
        #else
        let r = ioctl(fd, TIOCGWINSZ, &ws)
        #endif
        if r == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return 80
    }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }

    public func readLine(prompt: String) -> String? {
        switch readLine(prompt: prompt, timeout: nil, countdown: nil) {
        case .line(let l): return l
        case .endOfInput, .timedOut: return nil
        }
    }

    public func readLine(prompt: String, timeout: TimeInterval?, countdown: ((TimeInterval) -> String)?) -> TerminalRead {
        let draw = isInteractive ? countdown : nil
        let start = Self.monotonic()
        func left() -> TimeInterval? { timeout.map { $0 - (Self.monotonic() - start) } }
        write((draw.map { $0(max(0, left() ?? 0)) } ?? "") + prompt)
        var shown = left().map { Int($0.rounded(.up)) }
        while true {
            if let line = takeLine() {
                if !isInteractive { write(line + "\n") } // echo scripted answers: a transcript reads like a session
                return .line(line)
            }
            if atEnd {
                atEnd = false // a terminal can be read again after Ctrl-D
                if buffer.isEmpty { return .endOfInput }
                let line = String(decoding: buffer, as: UTF8.self); buffer = []
                if !isInteractive { write(line + "\n") }
                return .line(line)
            }
            // Wait for input, waking at each whole second to move the countdown.
            var wait: Int32 = -1
            if let l = left() {
                if l <= 0 {
                    if isInteractive { tcflush(inputFD, TCIFLUSH) } // drop a half-typed late answer
                    return .timedOut
                }
                let toNextSecond = l - l.rounded(.down)
                let ms = (draw != nil ? (toNextSecond > 0.001 ? toNextSecond : 1) : l) * 1000
                wait = Int32(min(max(ms.rounded(.up), 1), 3_600_000))
            }
            var p = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, wait)
            if r < 0 {
                if errno == EINTR { continue }
                atEnd = true; continue
            }
            if r > 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = chunk.withUnsafeMutableBytes { posixRead(inputFD, $0.baseAddress, $0.count) }
                if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                if n <= 0 { atEnd = true; continue }
                buffer.append(contentsOf: chunk[0..<n])
                // No answer is 64 KiB long: a stream without newlines (`< /dev/zero`) ends the
                // input instead of filling memory.
                if buffer.count > Self.longestLine && !buffer.contains(0x0A) { buffer = []; return .endOfInput }
                continue
            }
            if let draw, let l = left() {
                let now = Int(max(0, l).rounded(.up))
                if now != shown {
                    shown = now
                    // Save the cursor, rewrite the start of the prompt's line, restore: the
                    // learner's typing stays where it was and nothing scrolls.
                    write("\u{1B}7\r" + draw(max(0, l)) + "\u{1B}8")
                }
            }
        }
    }

    /// The next whole line in the buffer, without its newline (or CR LF).
    private func takeLine() -> String? {
        guard let nl = buffer.firstIndex(of: 0x0A) else { return nil }
        var end = nl
        if end > 0 && buffer[end - 1] == 0x0D { end -= 1 }
        let line = String(decoding: buffer[0..<end], as: UTF8.self)
        buffer.removeFirst(nl + 1)
        return line
    }

    static let longestLine = 65_536

    static func monotonic() -> TimeInterval {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return TimeInterval(ts.tv_sec) + TimeInterval(ts.tv_nsec) / 1e9
    }
}

// write(2) and read(2) by other names: inside the class `write` is the method.
private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { write(fd, p, n) }
private func posixRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int { read(fd, p, n) }

/// Answers from a list, output collected: for tests.
// Sendable for the interrupt tests, which write from another thread: `output` is only
// changed under `lock`; the rest is set up before the run and read by the quiz's thread.
public final class ScriptedTerminal: Terminal, @unchecked Sendable {
    private let lock = NSLock()
    public var isInteractive: Bool
    public var colors: Bool
    public var width: Int
    public var output: String { lock.withLock { collected } }
    private var collected = ""
    public private(set) var prompts: [String] = []
    private var answers: [String]
    /// Called before each read with the number of reads so far (tests advance a clock here).
    public var onRead: ((Int) -> Void)?
    /// With no answers left, a read with a time limit waits it out (`.timedOut`) instead of
    /// ending the input: a learner who stopped typing.
    public var idleWhenDone = false
    /// The time limits reads were given (nil: none).
    public private(set) var timeouts: [TimeInterval?] = []
    /// Called when an idle read times out, with its limit (tests advance a clock here).
    public var onIdle: ((TimeInterval) -> Void)?

    public init(answers: [String], interactive: Bool = false, colors: Bool = false, width: Int = 80) {
        self.answers = answers; self.isInteractive = interactive; self.colors = colors; self.width = width
    }

    public func write(_ text: String) { lock.withLock { collected += text } }

    public func readLine(prompt: String) -> String? {
        onRead?(prompts.count)
        prompts.append(prompt)
        write(prompt)
        guard !answers.isEmpty else { return nil }
        let a = answers.removeFirst()
        write(a + "\n")
        return a
    }

    public func readLine(prompt: String, timeout: TimeInterval?, countdown: ((TimeInterval) -> String)?) -> TerminalRead {
        timeouts.append(timeout)
        if answers.isEmpty, idleWhenDone, let timeout {
            onRead?(prompts.count)
            prompts.append(prompt)
            write(prompt)
            onIdle?(timeout)
            return .timedOut
        }
        let shown = isInteractive ? (countdown.map { $0(timeout ?? 0) } ?? "") : ""
        return readLine(prompt: shown + prompt).map(TerminalRead.line) ?? .endOfInput
    }
}
