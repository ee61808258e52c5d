import Yams

/// A YAML value that remembers where it was written, so every content error can name its line.
///
/// Parsed with `Yams.compose` (the Node API): Yams 6.2.2 traps when constructing values for a
/// mapping whose key is not a plain string, so non-scalar keys are rejected here first.
public indirect enum YAMLValue: Sendable, Hashable {
    case scalar(String, line: Int)
    case sequence([YAMLValue], line: Int)
    case mapping([(key: String, value: YAMLValue, line: Int)], line: Int)
    case null(line: Int)

    public static func == (a: YAMLValue, b: YAMLValue) -> Bool { a.hashKey == b.hashKey }
    public func hash(into h: inout Hasher) { h.combine(hashKey) }
    private var hashKey: String {
        switch self {
        case .scalar(let s, _): return "s:" + s
        case .sequence(let a, _): return "[" + a.map(\.hashKey).joined(separator: ",") + "]"
        case .mapping(let m, _): return "{" + m.map { $0.key + ":" + $0.value.hashKey }.joined(separator: ",") + "}"
        case .null: return "~"
        }
    }

    public var line: Int {
        switch self {
        case .scalar(_, let l), .sequence(_, let l), .mapping(_, let l), .null(let l): return l
        }
    }

    public var string: String? { if case .scalar(let s, _) = self { return s }; return nil }
    public var array: [YAMLValue]? { if case .sequence(let a, _) = self { return a }; return nil }
    public var entries: [(key: String, value: YAMLValue, line: Int)]? {
        if case .mapping(let m, _) = self { return m }; return nil
    }
    public subscript(key: String) -> YAMLValue? { entries?.first { $0.key == key }?.value }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// Parses one YAML document. `lineOffset` shifts reported lines (front matter starts
    /// after the opening `---`).
    public static func parse(_ text: String, file: String, lineOffset: Int = 0) throws(Diagnostic) -> YAMLValue {
        let node: Node?
        do {
            // The basic resolver: every scalar stays a string (nulls are recognised below), which
            // spares the default resolver's regular-expression match on every scalar.
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            throw Diagnostic(.data, at: location(of: error, file: file, lineOffset: lineOffset),
                             "YAML does not parse: \(problem(of: error))",
                             hint: "fix the YAML syntax at that line")
        } catch {
            throw Diagnostic(.data, at: SourceLocation(file: file), "YAML does not parse: \(error)")
        }
        guard let node else { return .null(line: lineOffset + 1) }
        return try convert(node, file: file, lineOffset: lineOffset)
    }

    private static func convert(_ node: Node, file: String, lineOffset: Int) throws(Diagnostic) -> YAMLValue {
        let line = (node.mark?.line ?? 1) + lineOffset
        switch node {
        case .scalar(let s):
            if s.tag == Tag(.null) || (s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)) {
                return .null(line: line)
            }
            return .scalar(s.string, line: line)
        case .sequence(let seq):
            var items: [YAMLValue] = []
            for child in seq { items.append(try convert(child, file: file, lineOffset: lineOffset)) }
            return .sequence(items, line: line)
        case .mapping(let map):
            var entries: [(key: String, value: YAMLValue, line: Int)] = []
            var seen = Set<String>()
            for (k, v) in map {
                let keyLine = (k.mark?.line ?? 1) + lineOffset
                guard case .scalar(let ks) = k else {
                    throw Diagnostic(.data, at: SourceLocation(file: file, line: keyLine),
                                     "a mapping key must be a plain word, not a list or a mapping",
                                     hint: "write the key as text, e.g. `title:`")
                }
                guard seen.insert(ks.string).inserted else {
                    throw Diagnostic(.data, at: SourceLocation(file: file, line: keyLine),
                                     "key `\(ks.string)` appears twice", hint: "keep one of them")
                }
                entries.append((ks.string, try convert(v, file: file, lineOffset: lineOffset), keyLine))
            }
            return .mapping(entries, line: line)
        case .alias:
            throw Diagnostic(.data, at: SourceLocation(file: file, line: line),
                             "YAML aliases are not supported here", hint: "write the value out")
        }
    }

    private static func location(of error: YamlError, file: String, lineOffset: Int) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
        default:
            return SourceLocation(file: file)
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let p, _, _), .parser(_, let p, _, _), .composer(_, let p, _, _): return p
        case .reader(let p, _, _, _): return p
        default: return "\(error)"
        }
    }
}

/// Typed access that reports a located error for a missing or mistyped key.
public struct YAMLReader {
    public let file: String
    public init(file: String) { self.file = file }

    public func at(_ line: Int) -> SourceLocation { SourceLocation(file: file, line: line) }

    public func mapping(_ v: YAMLValue, what: String) throws(Diagnostic) -> [(key: String, value: YAMLValue, line: Int)] {
        guard let m = v.entries else {
            throw Diagnostic(.data, at: at(v.line), "\(what) must be a mapping of `key: value` lines")
        }
        return m
    }

    public func string(_ v: YAMLValue?, key: String, in parent: YAMLValue) throws(Diagnostic) -> String {
        guard let v, !v.isNull else {
            throw Diagnostic(.data, at: at(parent.line), "missing `\(key)`", hint: "add `\(key):`")
        }
        guard let s = v.string else {
            throw Diagnostic(.data, at: at(v.line), "`\(key)` must be text, not a list or a mapping")
        }
        return s
    }

    public func int(_ v: YAMLValue?, key: String, in parent: YAMLValue) throws(Diagnostic) -> Int {
        let s = try string(v, key: key, in: parent)
        guard let i = Int(s) else {
            throw Diagnostic(.data, at: at(v?.line ?? parent.line), "`\(key)` must be a whole number, not `\(s)`")
        }
        return i
    }

    public func strings(_ v: YAMLValue?, key: String, in parent: YAMLValue) throws(Diagnostic) -> [String] {
        guard let v, !v.isNull else {
            throw Diagnostic(.data, at: at(parent.line), "missing `\(key)`", hint: "add `\(key): [...]`")
        }
        guard let a = v.array else {
            throw Diagnostic(.data, at: at(v.line), "`\(key)` must be a list, e.g. `[a, b]`")
        }
        var out: [String] = []
        for item in a {
            guard let s = item.string else {
                throw Diagnostic(.data, at: at(item.line), "every item of `\(key)` must be text")
            }
            out.append(s)
        }
        return out
    }
}
