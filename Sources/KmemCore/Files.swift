import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes that never leave a half-written file or folder behind.
///
/// `FileManager.replaceItemAt` loses data on this platform, so folders are swapped with
/// rename(2): build beside, move the old one aside, move the new one in, delete the old one.
public enum SafeFiles {
    /// Writes `data` to a temporary file beside `url`, fsyncs, then renames it over `url`.
    public static func write(_ data: Data, to url: URL) throws(Diagnostic) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw Diagnostic(.cantCreate, at: SourceLocation(file: url.path), "cannot write the file: \(error.localizedDescription)",
                             hint: "check that the folder exists and is writable")
        }
    }

    public static func write(_ text: String, to url: URL) throws(Diagnostic) {
        try write(Data(text.utf8), to: url)
    }

    /// A plain write, for files inside a staging folder: the folder's swap is what makes the
    /// output appear at once, so each file needs no rename or fsync of its own.
    public static func writeStaged(_ data: Data, to url: URL) throws(Diagnostic) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        } catch {
            throw Diagnostic(.cantCreate, at: SourceLocation(file: url.path), "cannot write the file: \(error.localizedDescription)",
                             hint: "check that there is space and the folder is writable")
        }
    }

    /// A fresh temporary folder beside `target` (same file system, so rename works).
    public static func stagingFolder(beside target: URL, tag: String) throws(Diagnostic) -> URL {
        let parent = target.deletingLastPathComponent()
        let name = ".\(target.lastPathComponent).\(tag)-\(getpid())"
        let url = parent.appendingPathComponent(name, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw Diagnostic(.cantCreate, at: SourceLocation(file: parent.path),
                             "cannot create a temporary folder: \(error.localizedDescription)",
                             hint: "check that the output folder's parent is writable")
        }
        return url
    }

    /// Replaces `target` by `staged` (both folders on one file system). The old `target`
    /// stays whole until the new one is in place.
    public static func swapIn(_ staged: URL, as target: URL) throws(Diagnostic) {
        let fm = FileManager.default
        let aside = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())", isDirectory: true)
        let hadOld = fm.fileExists(atPath: target.path)
        if hadOld {
            try? fm.removeItem(at: aside)
            guard rename(target.path, aside.path) == 0 else {
                throw Diagnostic(.cantCreate, at: SourceLocation(file: target.path),
                                 "cannot move the previous output aside: \(String(cString: strerror(errno)))")
            }
        }
        guard rename(staged.path, target.path) == 0 else {
            let why = String(cString: strerror(errno))
            if hadOld { _ = rename(aside.path, target.path) }
            throw Diagnostic(.cantCreate, at: SourceLocation(file: target.path), "cannot move the new output in place: \(why)")
        }
        if hadOld { try? fm.removeItem(at: aside) }
    }

    public static func discard(_ url: URL) { try? FileManager.default.removeItem(at: url) }
}
