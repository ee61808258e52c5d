import Foundation
import Testing

/// The one way tests run programs: the built `kmemguide` or any tool, with pipes, an optional
/// standard input and a watchdog, so a hang is a failure and not a stuck suite.
public enum Command {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Both streams, stdout first (for messages that may go to either).
        public var combined: String { stdout + stderr }
    }

    /// The `kmemguide` built beside the test bundle (`.build*/<config>/`), whatever the
    /// scratch path; then the repository's `.build/debug`.
    public static let kmemguide: URL? = {
        var candidates: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("kmemguide"))
                dir = dir.deletingLastPathComponent()
            }
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while dir.path != "/" {
            candidates.append(dir.appendingPathComponent("kmemguide"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(Shared.repository.appendingPathComponent(".build/debug/kmemguide"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `executable` (or `args[0]` looked up on PATH when nil). Standard input is empty
    /// unless `stdin` chunks are given (written `pause` seconds apart). A run still going after
    /// `timeout` seconds is killed and recorded as an issue.
    public static func run(_ executable: URL?, _ args: [String], cwd: URL? = nil, environment: [String: String]? = nil,
                           stdin: [String]? = nil, pause: TimeInterval = 0, timeout: TimeInterval = 300,
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        // A program may exit before all input is written: EPIPE, not a dead test runner.
        signal(SIGPIPE, SIG_IGN)
        let p = Process()
        if let executable {
            p.executableURL = executable
            p.arguments = args
        } else {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = args
        }
        if let cwd { p.currentDirectoryURL = cwd }
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = stdin.map { _ in Pipe() }
        p.standardInput = input ?? FileHandle.nullDevice
        try p.run()
        let watchdog = DispatchWorkItem {
            if p.isRunning {
                Issue.record("`\(([executable?.lastPathComponent ?? ""] + args).joined(separator: " "))` did not finish in \(Int(timeout)) s", sourceLocation: sourceLocation)
                p.terminate()
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        // Read both pipes while writing input, or a chatty program blocks on a full pipe.
        let collected = OutputCollector(out: out, err: err)
        if let input, let chunks = stdin {
            for (i, chunk) in chunks.enumerated() {
                if i > 0 && pause > 0 { usleep(useconds_t(pause * 1_000_000)) }
                try? input.fileHandleForWriting.write(contentsOf: Data(chunk.utf8))
            }
            try? input.fileHandleForWriting.close()
        }
        let (o, e) = collected.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: o, stderr: e)
    }

    /// Whether `name` is an executable on PATH.
    public static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}

/// Drains stdout and stderr on their own threads.
private final class OutputCollector: @unchecked Sendable {  // fields written before `group` is left, read after
    private var out = Data(), err = Data()
    private let group = DispatchGroup()

    init(out: Pipe, err: Pipe) {
        group.enter()
        DispatchQueue.global().async { self.out = out.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
        group.enter()
        DispatchQueue.global().async { self.err = err.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
    }

    func wait() -> (String, String) {
        group.wait()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}

/// Temporary folders for tests, all under one folder per test process that is removed when
/// the process exits; folders left by a killed run are removed by the next one.
public enum TestFolders {
    public static let root: URL = {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory
        let prefix = "kmt-"  // short: some tests print these paths in 80 columns
        for name in (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix(prefix) {
            // Another test process's folder: only when that process is gone.
            if let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH {
                try? fm.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
        let root = tmp.appendingPathComponent(prefix + String(getpid()), isDirectory: true)
        try? fm.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestFolders.root) }
        return root
    }()

    /// A new empty folder named after `tag`.
    public static func make(_ tag: String) -> URL {
        let url = root.appendingPathComponent(tag.filter { $0.isLetter || $0.isNumber || $0 == "-" } + "-" + UUID().uuidString.prefix(8), isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
