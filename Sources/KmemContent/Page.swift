import KernelSim
import KmemCore

public struct FrontMatter: Sendable {
    public var title: String
    public var summary: String
    public var order: Int
    public var seeds: [String]
    public var kernels: [KernelVersion]
    /// Content may opt in to raw HTML; by default libcmark omits it.
    public var rawHTML: Bool
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
    static let keys: Set = ["title", "summary", "order", "seeds", "kernels", "raw_html"]

    /// Splits `---\nyaml\n---\nbody`. Reports the front matter's own line numbers.
    static func split(_ text: String, file: String) throws(Diagnostic) -> (yaml: String, yamlLine: Int, body: String, bodyLine: Int) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0] = lines[0].dropFirst() }
        guard lines.first.map({ $0.trimmingCharacters(in: " \r") }) == "---" else {
            throw Diagnostic(.data, at: SourceLocation(file: file, line: 1), "page has no front matter",
                             hint: "start the file with a `---` line, the YAML keys title/summary/order/seeds/kernels, and another `---`")
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: " \r") == "---" }) else {
            throw Diagnostic(.data, at: SourceLocation(file: file, line: 1), "front matter is not closed",
                             hint: "add a `---` line after the front matter")
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n")
        return (yaml, 1, body, close + 2)
    }

    static func parse(_ text: String, file: String) throws(Diagnostic) -> (FrontMatter, String, Int) {
        let parts = try split(text, file: file)
        let root = try YAMLValue.parse(parts.yaml, file: file, lineOffset: parts.yamlLine)
        let r = YAMLReader(file: file)
        guard let entries = root.entries else {
            throw Diagnostic(.data, at: r.at(2), "front matter must be `key: value` lines")
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
        var raw = false
        if let v = root["raw_html"] { raw = try CatalogLoader.bool(v, key: "raw_html", r: r) }
        var front = FrontMatter(title: title, summary: summary, order: order, seeds: seeds, kernels: kernels, rawHTML: raw)
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
