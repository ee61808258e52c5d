import Foundation
import KmemCore
import KmemQuestions

/// A cache of what the quiz loads before its first question: the UI strings and the authored
/// questions, as they were after a load that passed every check.
///
/// Parsing and checking ~200 KB of question YAML takes most of the quiz's start-up; the cache
/// brings the time to the first question well under 50 ms. It is keyed by a hash of the bytes
/// of every input file and of the running executable's identity, so an edited question, a new
/// file or a rebuilt kmemguide misses the cache, loads normally (reporting any error with its
/// file and line) and writes a fresh cache. A cache that cannot be read is ignored, never
/// trusted: it is only a copy.
///
/// `$XDG_CACHE_HOME/kmemguide/quiz-content.json`, or `~/.cache/kmemguide/quiz-content.json`.
public enum QuizContentCache {
    /// Bump when `Question`'s Codable form changes (a new field, a renamed one): an old cache
    /// then fails to match and is rebuilt. `CacheTests` round-trips real and generated questions.
    public static let formatVersion = 2

    public struct Contents: Sendable, Hashable {
        public var ui: [String: [Language: String]]
        public var questions: [Question]
        public init(ui: [String: [Language: String]], questions: [Question]) { self.ui = ui; self.questions = questions }
    }

    public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let dir: URL
        if let x = environment["XDG_CACHE_HOME"], x.hasPrefix("/") {
            dir = URL(fileURLWithPath: x, isDirectory: true)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
            dir = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache", isDirectory: true)
        }
        return dir.appendingPathComponent("kmemguide/quiz-content.json")
    }

    /// The cache format, `salt` and a fingerprint of the inputs (`SourceTree.fingerprint`).
    public static func key(fingerprint: UInt64, salt: String) -> String {
        var h = FNV1a()
        h.mix("v\(formatVersion)|\(salt)|\(fingerprint)")
        return String(h.value, radix: 16)
    }

    /// The running executable: path, size and modification time.
    public static func executableIdentity() -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let attrs = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attrs?[.size] as? NSNumber)?.int64Value ?? -1
        let mtime = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path)|\(size)|\(mtime)"
    }

    public static func load(from url: URL, key: String) -> Contents? {
        guard let data = FileManager.default.contents(atPath: url.path),
              let file = try? JSONDecoder().decode(CacheFile.self, from: data),
              file.version == formatVersion, file.key == key else { return nil }
        var ui: [String: [Language: String]] = [:]
        for (k, row) in file.ui {
            var r: [Language: String] = [:]
            for (l, s) in row { if let lang = Language(rawValue: l) { r[lang] = s } }
            ui[k] = r
        }
        return Contents(ui: ui, questions: file.questions)
    }

    /// Best effort: a cache that cannot be written only costs time on the next start.
    public static func save(_ contents: Contents, key: String, to url: URL) {
        let file = CacheFile(version: formatVersion, key: key,
                             ui: contents.ui.mapValues { row in Dictionary(uniqueKeysWithValues: row.map { ($0.key.rawValue, $0.value) }) },
                             questions: contents.questions)
        guard let data = try? JSONEncoder().encode(file) else { return }
        try? SafeFiles.write(data, to: url)
    }

    struct CacheFile: Codable {
        var version: Int
        var key: String
        var ui: [String: [String: String]]
        var questions: [Question]
    }
}
