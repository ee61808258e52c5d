import Dispatch
import Foundation

/// Runs another program to completion — Chromium, Pagefind, Pygments — the one way the
/// program does it: standard input written on its own thread and both outputs read while the
/// child runs (a full pipe would stall it), with an optional time limit after which the child
/// is terminated.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        /// The time limit passed and the child was terminated.
        public var timedOut: Bool
        /// The last non-empty line of standard error, for a one-line message.
        public var lastErrorLine: String {
            String(decoding: stderr, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        }
    }

    /// The child could not be started (no such program, not executable); the text says why.
    public struct CannotStart: Error, Sendable { public var reason: String }

    /// `executable` is a path; `["/usr/bin/env", "python3", …]` finds a program on PATH.
    public static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil,
                           timeout: TimeInterval? = nil) throws(CannotStart) -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let environment { p.environment = environment }
        let inPipe = stdin.map { _ in Pipe() }
        let outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe ?? FileHandle.nullDevice
        p.standardOutput = outPipe
        p.standardError = errPipe
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        do { try p.run() } catch { throw CannotStart(reason: error.localizedDescription) }

        let io = DispatchGroup()
        let outBox = DataBox(), errBox = DataBox()
        DispatchQueue.global().async(group: io) { outBox.data = outPipe.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: io) { errBox.data = errPipe.fileHandleForReading.readDataToEndOfFile() }
        if let inPipe, let stdin {
            let writer = inPipe.fileHandleForWriting
            DispatchQueue.global().async(group: io) {
                writer.write(stdin)
                try? writer.close()
            }
        }
        var timedOut = false
        if let timeout, exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            // SIGTERM first, so the child can clean up; SIGKILL if it does not go.
            kill(p.processIdentifier, SIGTERM)
            if exited.wait(timeout: .now() + 2) == .timedOut {
                kill(p.processIdentifier, SIGKILL)
                exited.wait()
            }
        } else if timeout == nil {
            exited.wait()
        }
        io.wait()
        return Result(status: p.terminationStatus, stdout: outBox.data, stderr: errBox.data, timedOut: timedOut)
    }

    /// Filled by one reader thread and read after `io.wait()`, which orders the two.
    private final class DataBox: @unchecked Sendable { var data = Data() }
}
