import KernelSim
import KmemCore

public struct FrontMatter: Sendable {
    public var title: String
    public var summary: String
    public var order: Int
    public var seeds: [String]
    public var kernels: [KernelVersion]
    /// What the page assumes the reader knows (`assumes:`, one line of Markdown), and what the
    /// reader can do after it (`outcomes:`, a list): shown above the page as its prerequisites.
    public var assumes: String? = nil
    public var outcomes: [String] = []
    /// Line of each key in the file, for messages about it.
    public var lines: [String: Int] = [:]
}

/// One page in one language, as written.
public struct SourcePage: Sendable {
    public var slug: String
    public var lang: Language
    /// Path shown in messages, relative to the content folder's parent (`content/pages/x/en.md`).
    public var file: String
    public var front: FrontMatter
    /// The Markdown after the front matter.
    public var body: String
    /// Line number (1-based) in the file where `body` starts.
    public var bodyLine: Int
}

enum FrontMatterParser {
    static let keys: Set = ["title", "summary", "order", "seeds", "kernels", "assumes", "outcomes"]

    /// Splits `---\nyaml\n---\nbody`. Reports the front matter's own line numbers.
    static func split(_ text: String, file: String) throws(Diagnostic) -> (yaml: String, yamlLine: Int, body: String, bodyLine: Int) {
        // Walks the bytes line by line and stops at the closing `---`: the body is sliced, not
        // split into lines and joined again.
        let bytes = Array(text.utf8)
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // a byte-order mark
        func isFence(_ from: Int, _ to: Int) -> Bool {
            var a = from, b = to
            while a < b, bytes[a] == 0x20 || bytes[a] == 0x0D { a += 1 }
            while b > a, bytes[b - 1] == 0x20 || bytes[b - 1] == 0x0D { b -= 1 }
            return b - a == 3 && bytes[a] == 0x2D && bytes[a + 1] == 0x2D && bytes[a + 2] == 0x2D
        }
        func lineEnd(_ from: Int) -> Int { bytes[from...].firstIndex(of: 0x0A) ?? bytes.count }
        var end = lineEnd(start)
        guard isFence(start, end) else {
            throw Diagnostic(.data, at: SourceLocation(file: file, line: 1), "page has no front matter",
                             hint: "start the file with a `---` line, the YAML keys title/summary/order/seeds/kernels, and another `---`")
        }
        let yamlStart = min(end + 1, bytes.count)
        var line = 1
        while end < bytes.count {
            start = end + 1
            end = lineEnd(start)
            line += 1
            if isFence(start, end) {
                let yaml = String(decoding: bytes[yamlStart..<max(yamlStart, start - 1)], as: UTF8.self)
                let body = String(decoding: bytes[min(end + 1, bytes.count)...], as: UTF8.self)
                return (yaml, 1, body, line + 1)
            }
        }
        throw Diagnostic(.data, at: SourceLocation(file: file, line: 1), "front matter is not closed",
                         hint: "add a `---` line after the front matter")
    }

    static func parse(_ text: String, file: String) throws(Diagnostic) -> (FrontMatter, String, Int) {
        let parts = try split(text, file: file)
        let root = try YAMLValue.parse(parts.yaml, file: file, lineOffset: parts.yamlLine)
        let r = YAMLReader(file: file)
        guard let entries = root.entries else {
            throw Diagnostic(.data, at: r.at(2), "front matter must be `key: value` lines", hint: "write title, summary, order, seeds and kernels as `key: value` lines between the `---` lines")
        }
        for (k, _, line) in entries where !keys.contains(k) {
            throw Diagnostic(.data, at: r.at(line), "unknown front matter key `\(k)`",
                             hint: "use \(keys.sorted().joined(separator: ", "))")
        }
        let title = try r.string(root["title"], key: "title", in: root)
        let summary = try r.string(root["summary"], key: "summary", in: root)
        let order = try r.int(root["order"], key: "order", in: root)
        let seeds = try r.strings(root["seeds"], key: "seeds", in: root)
        let kernelNames = try r.strings(root["kernels"], key: "kernels", in: root)
        var kernels: [KernelVersion] = []
        for k in kernelNames {
            guard let v = KernelVersion(rawValue: k) else {
                throw Diagnostic(.data, at: r.at(root["kernels"]?.line ?? root.line), "unknown kernel `\(k)` in `kernels`",
                                 hint: "use \(KernelVersion.allCases.map(\.rawValue).joined(separator: ", ")), quoted")
            }
            kernels.append(v)
        }
        // Raw HTML is never passed through (content/README.md): there is no key to allow it.
        var front = FrontMatter(title: title, summary: summary, order: order, seeds: seeds, kernels: kernels)
        if let a = root["assumes"], !a.isNull { front.assumes = try r.string(a, key: "assumes", in: root) }
        if let o = root["outcomes"], !o.isNull { front.outcomes = try r.strings(o, key: "outcomes", in: root) }
        for (k, _, line) in entries { front.lines[k] = line }
        return (front, parts.body, parts.bodyLine)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
