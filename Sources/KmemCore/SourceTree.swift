import Foundation

/// A read-only tree of input files addressed by relative paths (`pages/kmalloc/en.md`): a folder
/// on disk, or the copy compiled into kmemguide. Every stage reads its inputs through one, so a
/// single installed binary works from any folder and an author's checkout still wins when given.
public struct SourceTree: Sendable {
    public enum Origin: Sendable, Equatable {
        case folder(URL)
        /// Compiled into the executable by the EmbedFiles build plugin.
        case builtIn
    }

    public let origin: Origin
    /// How files are named in messages: `content` → `content/ui.yaml`.
    public let displayName: String
    /// Built-in trees: relative path → the file's bytes, base64 (see the EmbedFiles plugin).
    private let embedded: [String: StaticString]
    /// Built-in trees: a digest of every file, computed when the program was built.
    private let digest: String?

    /// A folder on disk. Nothing is read until a file is asked for.
    public init(folder: URL, displayName: String? = nil) {
        origin = .folder(folder)
        self.displayName = displayName ?? folder.lastPathComponent
        embedded = [:]
        digest = nil
    }

    /// Files compiled into the program: `files` maps relative paths to base64 text.
    public init(builtIn files: [String: StaticString], displayName: String, digest: String) {
        origin = .builtIn
        self.displayName = displayName
        embedded = files
        self.digest = digest
    }

    /// Opens the folder an option names, refusing what is not a folder with one clear message.
    public static func openFolder(_ path: String, option: String, displayName: String? = nil) throws(Diagnostic) -> SourceTree {
        guard !path.isEmpty else {
            throw Diagnostic(.usage, "\(option) is empty", hint: "give a folder, e.g. \(option) \(option.dropFirst(2))")
        }
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            throw Diagnostic(.noInput, at: SourceLocation(file: path), "the folder given to \(option) does not exist",
                             hint: "check the path, or leave out \(option) to use the files built into kmemguide")
        }
        guard isDir.boolValue else {
            throw Diagnostic(.noInput, at: SourceLocation(file: path), "\(option) names a file, not a folder",
                             hint: "give the folder that holds the files, e.g. \(option) \(option.dropFirst(2))")
        }
        let last = url.standardizedFileURL.lastPathComponent
        return SourceTree(folder: url, displayName: displayName ?? (last.isEmpty || last == "/" ? path : last))
    }

    public var isBuiltIn: Bool { origin == .builtIn }

    /// Where the files came from, for `--help` and summaries.
    public var summary: String {
        switch origin {
        case .folder(let url): return "\(url.path) (folder)"
        case .builtIn: return "the \(displayName) built into kmemguide"
        }
    }

    /// `content/ui.yaml`: how a file of this tree is named in messages.
    public func display(_ rel: String) -> String { rel.isEmpty ? displayName : "\(displayName)/\(rel)" }

    /// The advice for a file that is missing or broken: an author can fix a folder; the user
    /// of an installed program cannot fix what was compiled into it.
    public func hint(forAuthor author: String) -> String {
        isBuiltIn ? "the files built into this kmemguide are incomplete: rebuild it from a complete checkout (swift build -c release)"
                  : author
    }

    /// The bytes of a file; nil when it is missing, a folder or unreadable.
    public func data(_ rel: String) -> Data? {
        switch origin {
        case .builtIn:
            guard let b64 = embedded[rel] else { return nil }
            return b64.withUTF8Buffer { Data(base64Encoded: Data($0)) }
        case .folder(let root):
            let url = rel.isEmpty ? root : root.appendingPathComponent(rel)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else { return nil }
            return FileManager.default.contents(atPath: url.path)
        }
    }

    /// A file as UTF-8 text, or a located error saying what to do.
    public func text(_ rel: String, missingHint: String = "create it (see content/README.md)") throws(Diagnostic) -> String {
        guard let data = data(rel) else {
            throw Diagnostic(.noInput, at: SourceLocation(file: display(rel)), "file is missing or unreadable", hint: hint(forAuthor: missingHint))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(.data, at: SourceLocation(file: display(rel)), "file is not valid UTF-8", hint: hint(forAuthor: "save it as UTF-8"))
        }
        return text
    }

    /// True when `rel` is a file of the tree.
    public func isFile(_ rel: String) -> Bool {
        switch origin {
        case .builtIn: return embedded[rel] != nil
        case .folder(let root):
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(rel).path, isDirectory: &isDir) && !isDir.boolValue
        }
    }

    /// True when `rel` is a folder of the tree (`""` is the root).
    public func isDirectory(_ rel: String) -> Bool {
        switch origin {
        case .builtIn:
            let prefix = rel.isEmpty ? "" : rel + "/"
            return embedded.keys.contains { $0.hasPrefix(prefix) }
        case .folder(let root):
            var isDir: ObjCBool = false
            let url = rel.isEmpty ? root : root.appendingPathComponent(rel)
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
        }
    }

    /// The names directly inside folder `rel`, sorted, without hidden ones.
    public func children(_ rel: String) -> [String] {
        switch origin {
        case .builtIn:
            let prefix = rel.isEmpty ? "" : rel + "/"
            var names = Set<String>()
            for key in embedded.keys where key.hasPrefix(prefix) {
                if let first = key.dropFirst(prefix.count).split(separator: "/", maxSplits: 1).first { names.insert(String(first)) }
            }
            return names.filter { !$0.hasPrefix(".") }.sorted()
        case .folder(let root):
            let url = rel.isEmpty ? root : root.appendingPathComponent(rel)
            return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }
    }

    /// Every file below folder `rel` (relative to the tree's root), sorted; hidden files and
    /// folders are left out. Symlinked folders are followed.
    public func files(under rel: String) -> [String] {
        switch origin {
        case .builtIn:
            let prefix = rel.isEmpty ? "" : rel + "/"
            return embedded.keys.filter { $0.hasPrefix(prefix) && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }.sorted()
        case .folder:
            var out: [String] = []
            func walk(_ dir: String, depth: Int) {
                guard depth < 32 else { return }  // a symlink loop ends here
                for name in children(dir) {
                    let path = dir.isEmpty ? name : "\(dir)/\(name)"
                    if isDirectory(path) { walk(path, depth: depth + 1) } else if isFile(path) { out.append(path) }
                }
            }
            walk(rel, depth: 0)
            return out.sorted()
        }
    }

    /// FNV-1a over the names and bytes of `rels` (missing ones count as such): a cache key that
    /// changes when any of those files does.
    public func fingerprint(_ rels: [String]) -> UInt64 {
        var h = FNV1a()
        // Built-in files cannot change under a running program: its build digest will do.
        if let digest { h.mix("builtin|\(digest)|"); rels.forEach { h.mix($0) }; return h.value }
        for rel in rels {
            h.mix(rel)
            if let d = data(rel) { h.mix("|\(d.count)|"); h.mix(d) } else { h.mix("|missing|") }
        }
        return h.value
    }
}

/// FNV-1a, 64 bits: the one non-cryptographic hash the project uses for cache keys and seeds.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    public init() {}
    public mutating func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes { value = (value ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    }
    public mutating func mix(_ s: String) { mix(s.utf8) }
    public mutating func mix(_ d: Data) { d.withUnsafeBytes { mix($0) } }
    public static func hash(_ s: String) -> UInt64 { var h = FNV1a(); h.mix(s); return h.value }
}
