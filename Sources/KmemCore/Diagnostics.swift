/// Errors are values with a source location; the CLI decides exit codes in one place
/// (`KmemCLI/Exit.swift`) from `Diagnostic.Kind`.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file; self.line = line; self.column = column
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let column, line != nil { s += ":\(column)" }
        return s
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.file, a.line ?? 0, a.column ?? 0) < (b.file, b.line ?? 0, b.column ?? 0)
    }
}

public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The command line itself is wrong (EX_USAGE).
        case usage
        /// An input file or value is wrong (EX_DATAERR).
        case data
        /// An input cannot be read (EX_NOINPUT).
        case noInput
        /// An output cannot be written (EX_CANTCREAT).
        case cantCreate
        /// A bug of ours (EX_SOFTWARE).
        case software
        /// A program we need is not installed, e.g. Chromium for PDFs (EX_UNAVAILABLE).
        case unavailable
    }

    public var kind: Kind
    public var location: SourceLocation?
    /// What is wrong, in one sentence without a trailing period.
    public var message: String
    /// What to do about it.
    public var hint: String?
    /// The whole text after the location, when a command words it in the reader's language
    /// with that language's label and punctuation (the quiz's messages, from ui.yaml).
    public var localizedText: String?

    public init(_ kind: Kind, at location: SourceLocation? = nil, _ message: String, hint: String? = nil) {
        self.kind = kind; self.location = location; self.message = message; self.hint = hint
    }

    /// `file:line: error: message (hint)` — one line, as compilers print it.
    public var description: String {
        var s = ""
        if let location { s += "\(location): " }
        if let localizedText { return s + localizedText }
        s += "error: \(message)"
        if let hint { s += " — \(hint)" }
        return s
    }
}

/// Several problems found in one pass (`kmemguide check` reports them all).
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    /// The most severe kind decides the exit code.
    public var kind: Diagnostic.Kind {
        let order: [Diagnostic.Kind] = [.software, .cantCreate, .unavailable, .noInput, .usage, .data]
        return order.first { k in diagnostics.contains { $0.kind == k } } ?? .data
    }
}

/// Collects diagnostics while a stage keeps going, so one run reports every problem.
public struct DiagnosticCollector: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    public init() {}
    public mutating func report(_ d: Diagnostic) { diagnostics.append(d) }
    public mutating func report(_ list: DiagnosticList) { diagnostics += list.diagnostics }
    public var isEmpty: Bool { diagnostics.isEmpty }
    /// Throws the sorted list if anything was reported.
    public func throwIfAny() throws(DiagnosticList) {
        if !diagnostics.isEmpty {
            throw DiagnosticList(diagnostics.sorted { ($0.location ?? .init(file: ""), $0.message) < ($1.location ?? .init(file: ""), $1.message) })
        }
    }
}
