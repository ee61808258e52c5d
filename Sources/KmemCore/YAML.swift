import CYaml

/// A YAML value that remembers where it was written, so every content error can name its line.
///
/// Composed here from libyaml's parser events (the C library inside Yams), not with
/// `Yams.compose`: Yams resolves aliases while composing and hashes whole subtrees to find
/// duplicate keys, so a nine-level alias bomb ("billion laughs") never finished, and a
/// duplicate key was reported at line 1. Reading events ourselves lets us refuse anchors and
/// aliases the moment they appear (nothing is ever expanded), name the line of a duplicate
/// key, and refuse non-scalar keys (Yams 6.2.2 traps constructing them) — in one linear pass.
public indirect enum YAMLValue: Sendable, Hashable {
    case scalar(String, line: Int)
    case sequence([YAMLValue], line: Int)
    case mapping([(key: String, value: YAMLValue, line: Int)], line: Int)
    case null(line: Int)

    /// Equal when the documents say the same, mapping keys in the same order, wherever they were
    /// written (lines are ignored).
    /// Compared structurally: a flattened key would make `["a,s:b"]` equal `["a", "b"]`.
    public static func == (a: YAMLValue, b: YAMLValue) -> Bool {
        switch (a, b) {
        case (.scalar(let x, _), .scalar(let y, _)): return x == y
        case (.sequence(let x, _), .sequence(let y, _)): return x == y
        case (.mapping(let x, _), .mapping(let y, _)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.null, .null): return true
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .scalar(let s, _): h.combine(0); h.combine(s)
        case .sequence(let a, _): h.combine(1); h.combine(a.count); for v in a { v.hash(into: &h) }
        case .mapping(let m, _): h.combine(2); h.combine(m.count); for e in m { h.combine(e.key); e.value.hash(into: &h) }
        case .null: h.combine(3)
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

    /// Nesting deeper than this is refused: no content needs it, and composing (and freeing)
    /// a value is recursive, so a megabyte of `[` must not reach the stack's end.
    public static let maxDepth = 64

    /// Parses one YAML document. `lineOffset` shifts reported lines (front matter starts
    /// after the opening `---`).
    public static func parse(_ text: String, file: String, lineOffset: Int = 0) throws(Diagnostic) -> YAMLValue {
        var text = text
        let result: Result<YAMLValue, Diagnostic> = text.withUTF8 { bytes in
            var composer = EventComposer(bytes: bytes, file: file, lineOffset: lineOffset)
            defer { composer.close() }
            do throws(Diagnostic) { return .success(try composer.document()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// Builds a `YAMLValue` from libyaml's event stream, one event at a time.
///
/// The parser and the event live at fixed heap addresses: libyaml keeps a pointer to its own
/// parser (the string reader's handler data), so it must never move the way a Swift value can.
private struct EventComposer {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let lineOffset: Int
    let parserPointer = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    let eventPointer = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
    var hasEvent = false

    var parser: yaml_parser_t { parserPointer.pointee }
    var event: yaml_event_t { eventPointer.pointee }

    init(bytes: UnsafeBufferPointer<UInt8>, file: String, lineOffset: Int) {
        self.bytes = bytes; self.file = file; self.lineOffset = lineOffset
        yaml_parser_initialize(parserPointer)
        yaml_parser_set_encoding(parserPointer, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parserPointer, bytes.baseAddress, bytes.count)
    }

    mutating func close() {
        if hasEvent { yaml_event_delete(eventPointer); hasEvent = false }
        yaml_parser_delete(parserPointer)
        parserPointer.deallocate()
        eventPointer.deallocate()
    }

    /// Reads the next event (freeing the previous one).
    mutating func next() throws(Diagnostic) {
        if hasEvent { yaml_event_delete(eventPointer); hasEvent = false }
        guard yaml_parser_parse(parserPointer, eventPointer) == 1 else { throw parserError() }
        hasEvent = true
    }

    var line: Int { Int(event.start_mark.line) + 1 + lineOffset }
    var location: SourceLocation { SourceLocation(file: file, line: line, column: Int(event.start_mark.column) + 1) }

    mutating func document() throws(Diagnostic) -> YAMLValue {
        try next()  // STREAM-START
        try next()
        if event.type == YAML_STREAM_END_EVENT { return .null(line: lineOffset + 1) }
        try next()  // past DOCUMENT-START
        let root = try node(depth: 0)
        try next()  // DOCUMENT-END
        try next()
        guard event.type == YAML_STREAM_END_EVENT else {
            throw Diagnostic(.data, at: location, "YAML does not parse: a second document starts here",
                             hint: "remove the `---` line, or everything after it")
        }
        return root
    }

    /// The node whose first event is the current one; leaves its last event current.
    mutating func node(depth: Int) throws(Diagnostic) -> YAMLValue {
        let line = self.line
        switch event.type {
        case YAML_ALIAS_EVENT:
            throw Diagnostic(.data, at: location, "YAML aliases (`*\(text(event.data.alias.anchor))`) are not supported",
                             hint: "write the value out where it is used")
        case YAML_SCALAR_EVENT:
            try refuseAnchor(event.data.scalar.anchor)
            let s = event.data.scalar
            let value = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
            let tag = text(s.tag)
            // Every scalar stays text (the basic resolver); only nulls are told apart.
            if tag == "tag:yaml.org,2002:null"
                || (s.style == YAML_PLAIN_SCALAR_STYLE && ["", "~", "null", "Null", "NULL"].contains(value)) {
                return .null(line: line)
            }
            return .scalar(value, line: line)
        case YAML_SEQUENCE_START_EVENT:
            try refuseAnchor(event.data.sequence_start.anchor)
            try checkDepth(depth)
            var items: [YAMLValue] = []
            while true {
                try next()
                if event.type == YAML_SEQUENCE_END_EVENT { break }
                items.append(try node(depth: depth + 1))
            }
            return .sequence(items, line: line)
        case YAML_MAPPING_START_EVENT:
            try refuseAnchor(event.data.mapping_start.anchor)
            try checkDepth(depth)
            var entries: [(key: String, value: YAMLValue, line: Int)] = []
            var seen = Set<String>()
            while true {
                try next()
                if event.type == YAML_MAPPING_END_EVENT { break }
                let keyLine = self.line
                guard event.type == YAML_SCALAR_EVENT else {
                    if event.type == YAML_ALIAS_EVENT { _ = try node(depth: depth + 1) }
                    throw Diagnostic(.data, at: SourceLocation(file: file, line: keyLine),
                                     "a mapping key must be a plain word, not a list or a mapping",
                                     hint: "write the key as text, e.g. `title:`")
                }
                let key = try node(depth: depth + 1)
                let name: String
                switch key {
                case .scalar(let k, _): name = k
                default: name = text(event.data.scalar.value)  // `null:`, `~:` are words here
                }
                guard seen.insert(name).inserted else {
                    throw Diagnostic(.data, at: SourceLocation(file: file, line: keyLine),
                                     "key `\(name)` appears twice in this mapping", hint: "keep one of them")
                }
                try next()
                entries.append((name, try node(depth: depth + 1), keyLine))
            }
            return .mapping(entries, line: line)
        default:
            throw Diagnostic(.software, at: location, "YAML event \(event.type.rawValue) was not expected here",
                             hint: "report this with the file")
        }
    }

    func refuseAnchor(_ anchor: UnsafeMutablePointer<yaml_char_t>?) throws(Diagnostic) {
        guard let anchor else { return }
        throw Diagnostic(.data, at: location, "YAML anchors (`&\(text(anchor))`) are not supported",
                         hint: "remove the anchor and write each value out where it is used")
    }

    func checkDepth(_ depth: Int) throws(Diagnostic) {
        guard depth < YAMLValue.maxDepth else {
            throw Diagnostic(.data, at: location, "YAML is nested more than \(YAMLValue.maxDepth) levels deep",
                             hint: "flatten the lists and mappings")
        }
    }

    func text(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let p else { return "" }
        return String(cString: UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
    }

    /// libyaml's own error, at the line it names (the reader's by its byte offset).
    func parserError() -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        var loc = SourceLocation(file: file)
        switch parser.error {
        case YAML_READER_ERROR:
            let offset = min(parser.problem_offset, bytes.count)
            let line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            loc = SourceLocation(file: file, line: line + lineOffset)
            let what = parser.problem_value >= 0 && problem.contains("control")
                ? "\(problem) (byte 0x\(String(parser.problem_value, radix: 16, uppercase: true)))" : problem
            return Diagnostic(.data, at: loc, "YAML does not parse: \(what)",
                              hint: "remove the character at that line; save the file as UTF-8 text")
        case YAML_MEMORY_ERROR:
            return Diagnostic(.software, at: loc, "YAML parser ran out of memory", hint: "make the file smaller")
        default:
            let m = parser.problem_mark
            loc = SourceLocation(file: file, line: Int(m.line) + 1 + lineOffset, column: Int(m.column) + 1)
            return Diagnostic(.data, at: loc, "YAML does not parse: \(problem)", hint: "fix the YAML syntax at that line")
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
            throw Diagnostic(.data, at: at(v.line), "\(what) must be a mapping of `key: value` lines", hint: "write one `key: value` per line")
        }
        return m
    }

    public func string(_ v: YAMLValue?, key: String, in parent: YAMLValue) throws(Diagnostic) -> String {
        guard let v, !v.isNull else {
            throw Diagnostic(.data, at: at(parent.line), "missing `\(key)`", hint: "add `\(key):`")
        }
        guard let s = v.string else {
            throw Diagnostic(.data, at: at(v.line), "`\(key)` must be text, not a list or a mapping", hint: "write `\(key): text` on one line")
        }
        return s
    }

    public func int(_ v: YAMLValue?, key: String, in parent: YAMLValue) throws(Diagnostic) -> Int {
        let s = try string(v, key: key, in: parent)
        guard let i = Int(s) else {
            throw Diagnostic(.data, at: at(v?.line ?? parent.line), "`\(key)` must be a whole number, not `\(s)`", hint: "write digits only, e.g. `\(key): 3`")
        }
        return i
    }

    public func strings(_ v: YAMLValue?, key: String, in parent: YAMLValue) throws(Diagnostic) -> [String] {
        guard let v, !v.isNull else {
            throw Diagnostic(.data, at: at(parent.line), "missing `\(key)`", hint: "add `\(key): [...]`")
        }
        guard let a = v.array else {
            throw Diagnostic(.data, at: at(v.line), "`\(key)` must be a list, e.g. `[a, b]`", hint: "write `\(key): [a, b]` or one `- item` line per item")
        }
        var out: [String] = []
        for item in a {
            guard let s = item.string else {
                throw Diagnostic(.data, at: at(item.line), "every item of `\(key)` must be text", hint: "write each item as a word or quoted text, not a list or a mapping")
            }
            out.append(s)
        }
        return out
    }
}
