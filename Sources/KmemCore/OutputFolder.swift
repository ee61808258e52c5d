import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one rule for every folder kmemguide writes as a whole (the site, the banks): it replaces
/// only a folder that is missing, empty, or carries its own marker file — one kmemguide wrote.
/// Anything else is refused (EX_CANTCREAT), so `--out .` or `--out ~/Documents` can never wipe
/// a folder.
///
/// Writing: stage beside the target, swap in. Before that, leftovers of runs that died are
/// cleaned: their staging folders are removed, and an old output that was moved aside but never
/// replaced (a run killed between two renames) is moved back.
public struct OutputFolder: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case site, bank

        /// The marker file every output of this kind holds (kept in the committed site).
        public var marker: String { ".kmemguide-\(rawValue)" }
        public var command: String { self == .site ? "kmemguide build" : "kmemguide bank" }
        var markerText: String {
            "Written by `\(command)`. The whole folder is replaced the next time it runs with this --out.\n"
        }
    }

    public let url: URL
    public let kind: Kind

    public init(_ url: URL, kind: Kind) {
        self.url = url.standardizedFileURL
        self.kind = kind
    }

    /// The folder an `--out` value names; an empty value would mean the current folder.
    public static func path(_ value: String, option: String = "--out") throws(Diagnostic) -> URL {
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Diagnostic(.usage, "\(option) is empty", hint: "name the output folder, e.g. \(option) site")
        }
        return URL(fileURLWithPath: value).standardizedFileURL
    }

    var parent: URL { url.deletingLastPathComponent() }
    var name: String { url.lastPathComponent }

    /// Cleans up after runs that died, then checks that the folder may be replaced. Call it
    /// before any slow work, so a refusal comes at once.
    public func prepare() throws(Diagnostic) {
        recoverLeftovers()
        try checkReplaceable()
    }

    /// Refuses a file, and a folder that holds anything and lacks this kind's marker.
    public func checkReplaceable() throws(Diagnostic) {
        var st = stat()
        guard stat(url.path, &st) == 0 else { return }  // missing: fine
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw Diagnostic(.cantCreate, at: SourceLocation(file: url.path), "the output is a file, not a folder",
                             hint: "choose a new or empty folder with --out")
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: url.path) } catch {
            throw Diagnostic(.cantCreate, at: SourceLocation(file: url.path), "the output folder cannot be read: \(error.localizedDescription)",
                             hint: "check its permissions, or choose another folder with --out")
        }
        if entries.isEmpty || entries.contains(kind.marker) { return }
        if let other = Kind.allCases.first(where: { $0 != kind && entries.contains($0.marker) }) {
            throw Diagnostic(.cantCreate, at: SourceLocation(file: url.path),
                             "refusing to replace this folder: `\(other.command)` wrote it, not `\(kind.command)`",
                             hint: "give `\(kind.command)` its own folder with --out")
        }
        throw Diagnostic(.cantCreate, at: SourceLocation(file: url.path),
                         "refusing to replace this folder: `\(kind.command)` did not write it (it holds \(entries.count) entr\(entries.count == 1 ? "y" : "ies") and no \(kind.marker) file)",
                         hint: "choose a new or empty folder with --out (the whole folder is replaced on every run), or move its files away first")
    }

    /// A fresh staging folder beside the output (same file system, so the swap is a rename).
    public func stage(tag: String) throws(Diagnostic) -> URL {
        try SafeFiles.stagingFolder(beside: url, tag: tag)
    }

    /// Writes the marker into the staging folder, checks the target once more (something may
    /// have been put there during a long build) and swaps the staging folder in.
    public func swapIn(_ staged: URL) throws(Diagnostic) {
        try SafeFiles.write(Data(kind.markerText.utf8), to: staged.appendingPathComponent(kind.marker))
        try checkReplaceable()
        try SafeFiles.swapIn(staged, as: url)
    }

    /// Names of staging and aside folders: `.<name>.<tag>-<pid>`.
    static let tags = ["build", "bank", "old"]

    /// Removes the staging folders of runs that are no longer alive, and moves an old output
    /// that a dead run had moved aside back in place when the output itself is missing.
    public func recoverLeftovers() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        let prefix = ".\(name)."
        for entry in names.sorted() where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let dash = rest.lastIndex(of: "-"), Self.tags.contains(String(rest[..<dash])),
                  let pid = Int32(rest[rest.index(after: dash)...]), pid > 0, pid != getpid(), !Self.isAlive(pid) else { continue }
            let path = parent.appendingPathComponent(entry).path
            if rest[..<dash] == "old" {
                var st = stat()
                if lstat(url.path, &st) != 0 && errno == ENOENT, rename(path, url.path) == 0 { continue }
            }
            SafeFiles.removeTree(path)
        }
    }

    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
