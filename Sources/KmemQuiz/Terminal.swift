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
}

/// Standard input and output (or standard error, for `--json`, whose stdout is the JSON).
public final class StandardTerminal: Terminal, @unchecked Sendable {
    public let isInteractive: Bool
    public let colors: Bool
    private let fd: Int32
    private let fixedWidth: Int?

    /// `textToStandardError`: questions and feedback go to stderr (stdout is kept for JSON).
    public init(textToStandardError: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) {
        fd = textToStandardError ? STDERR_FILENO : STDOUT_FILENO
        let outTTY = isatty(fd) == 1
        isInteractive = outTTY && isatty(STDIN_FILENO) == 1
        colors = outTTY && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        fixedWidth = outTTY ? nil : 80
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
        (fd == STDERR_FILENO ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
    }

    public func readLine(prompt: String) -> String? {
        write(prompt)
        fflush(nil)
        guard let line = Swift.readLine(strippingNewline: true) else { return nil }
        if !isInteractive {
            // Echo scripted answers so a transcript reads like a session.
            write(line + "\n")
        }
        return line
    }
}

/// Answers from a list, output collected: for tests.
public final class ScriptedTerminal: Terminal, @unchecked Sendable {
    public var isInteractive: Bool
    public var colors: Bool
    public var width: Int
    public private(set) var output = ""
    public private(set) var prompts: [String] = []
    private var answers: [String]
    /// Called before each read with the number of reads so far (tests advance a clock here).
    public var onRead: ((Int) -> Void)?

    public init(answers: [String], interactive: Bool = false, colors: Bool = false, width: Int = 80) {
        self.answers = answers; self.isInteractive = interactive; self.colors = colors; self.width = width
    }

    public func write(_ text: String) { output += text }

    public func readLine(prompt: String) -> String? {
        onRead?(prompts.count)
        prompts.append(prompt)
        output += prompt
        guard !answers.isEmpty else { return nil }
        let a = answers.removeFirst()
        output += a + "\n"
        return a
    }
}
