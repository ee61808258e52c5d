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
        // Plain system calls: a site writes thousands of these, and FileManager's
        // createDirectory and Data.write cost several times more per file here.
        let path = url.path
        func fail(_ what: String) -> Diagnostic {
            Diagnostic(.cantCreate, at: SourceLocation(file: path), "cannot write the file: \(what): \(String(cString: strerror(errno)))",
                       hint: "check that there is space and the folder is writable")
        }
        guard makeFolders(url.deletingLastPathComponent().path) else { throw fail("cannot create its folder") }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail("cannot open it") }
        defer { close(fd) }
        let ok = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard ok else { throw fail("cannot write it") }
    }

    /// `mkdir -p`: true when `path` is a folder afterwards.
    public static func makeFolders(_ path: String) -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        if errno == EEXIST { return isFolder(path) }
        guard errno == ENOENT else { return false }
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty, parent != path, makeFolders(parent) else { return false }
        return mkdir(path, 0o755) == 0 || (errno == EEXIST && isFolder(path))
    }

    private static func isFolder(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// `rm -rf path` with plain system calls (FileManager.removeItem takes about 0.1 ms a file
    /// here, which is most of a small site's swap). Symbolic links are removed, not followed.
    public static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { unlink(path); return }
        if let dir = opendir(path) {
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(dir)
            for name in names { removeTree(path + "/" + name) }
        }
        rmdir(path)
    }

    /// A fresh temporary folder beside `target` (same file system, so rename works).
    public static func stagingFolder(beside target: URL, tag: String) throws(Diagnostic) -> URL {
        let parent = target.deletingLastPathComponent()
        let name = ".\(target.lastPathComponent).\(tag)-\(getpid())"
        let url = parent.appendingPathComponent(name, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            removeTree(url.path)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw Diagnostic(.cantCreate, at: SourceLocation(file: parent.path),
                             "cannot create a temporary folder: \(error.localizedDescription)",
                             hint: "check that the output folder's parent is writable")
        }
        return url
    }

    /// Replaces `target` by `staged` (both folders on one file system). The old `target`
    /// stays whole until the new one is in place: one `renameat2(RENAME_EXCHANGE)` where the
    /// file system offers it (there is no moment without an output), else two renames — a run
    /// killed between them leaves the old output aside, and `OutputFolder` moves it back.
    public static func swapIn(_ staged: URL, as target: URL) throws(Diagnostic) {
        var st = stat()
        guard lstat(staged.path, &st) == 0 else {
            throw Diagnostic(.software, at: SourceLocation(file: staged.path), "the new output folder is missing",
                             hint: "report this: the staging folder vanished before the swap")
        }
        let hadOld = lstat(target.path, &st) == 0
        if hadOld, exchange(staged.path, target.path) {
            removeTree(staged.path)  // now the old output
            return
        }
        let aside = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())", isDirectory: true)
        if hadOld {
            removeTree(aside.path)
            guard rename(target.path, aside.path) == 0 else {
                throw Diagnostic(.cantCreate, at: SourceLocation(file: target.path),
                                 "cannot move the previous output aside: \(String(cString: strerror(errno)))",
                                 hint: "check that the output's parent folder is writable")
            }
        }
        guard rename(staged.path, target.path) == 0 else {
            let why = String(cString: strerror(errno))
            if hadOld { _ = rename(aside.path, target.path) }
            throw Diagnostic(.cantCreate, at: SourceLocation(file: target.path), "cannot move the new output in place: \(why)",
                             hint: "check that the output's parent folder is writable")
        }
        if hadOld { removeTree(aside.path) }
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32
    /// glibc's renameat2, looked up at run time: Swift's Glibc module does not declare it
    /// (it sits behind _GNU_SOURCE). Nil on a C library without it.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(nil, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    /// Swaps two paths atomically; false when the file system or kernel cannot (then nothing moved).
    static func exchange(_ a: String, _ b: String) -> Bool {
        guard let renameat2 else { return false }
        let RENAME_EXCHANGE: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0
    }

    public static func discard(_ url: URL) { removeTree(url.path) }
}
