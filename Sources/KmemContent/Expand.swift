import Foundation
import KernelSim
import KmemCore

/// A page with every fact reference and generated block resolved.
///
/// Facts and blocks are replaced in the Markdown by placeholder tokens made of private-use
/// characters, which CommonMark treats as plain text; the site stage swaps them for the
/// rendered value or block after libcmark ran. So a fact renders the same wherever it stands,
/// and no value can be misread as Markdown (`__GFP_IO` would otherwise turn bold).
public struct ExpandedPage: Sendable {
    public var source: SourcePage
    public var markdown: String
    public var facts: [String]
    public var blocks: [Block]
    /// `{{cite …}}` references, in order (placeholders `Placeholder.cite(i)`).
    public var cites: [Citation] = []
}

public enum Placeholder {
    static let mark: Character = "\u{F8FF}"
    public static func fact(_ i: Int) -> String { "\u{F8FF}F\(i)\u{F8FF}" }
    public static func block(_ i: Int) -> String { "\u{F8FF}B\(i)\u{F8FF}" }
    public static func cite(_ i: Int) -> String { "\u{F8FF}C\(i)\u{F8FF}" }

    /// Replaces every placeholder in `text` by `facts[i]` or `blocks[i]` (already HTML). A
    /// block placeholder that libcmark wrapped in a paragraph of its own loses the `<p>`.
    public static func replace(in text: String, facts: [String], blocks: [String], cites: [String] = []) -> String {
        let src = Array(text.utf8)
        let markBytes = Array(String(mark).utf8)  // EF A3 BF
        var out: [UInt8] = []
        out.reserveCapacity(src.count + blocks.reduce(0) { $0 + $1.utf8.count } + facts.reduce(0) { $0 + $1.utf8.count })
        var i = 0
        func isMark(_ at: Int) -> Bool {
            at + 3 <= src.count && src[at] == markBytes[0] && src[at + 1] == markBytes[1] && src[at + 2] == markBytes[2]
        }
        while i < src.count {
            if isMark(i), i + 4 < src.count, src[i + 3] == UInt8(ascii: "F") || src[i + 3] == UInt8(ascii: "B") || src[i + 3] == UInt8(ascii: "C") {
                var j = i + 4, n = 0, digits = 0
                while j < src.count, src[j] >= 48, src[j] <= 57 { n = n * 10 + Int(src[j] - 48); j += 1; digits += 1 }
                if digits > 0, isMark(j) {
                    let isBlock = src[i + 3] == UInt8(ascii: "B")
                    let table = isBlock ? blocks : src[i + 3] == UInt8(ascii: "C") ? cites : facts
                    if n < table.count {
                        var end = j + 3
                        if isBlock, out.count >= 3, out.suffix(3) == Array("<p>".utf8), src[end...].starts(with: Array("</p>".utf8)) {
                            out.removeLast(3)
                            end += 4
                        }
                        out += Array(table[n].utf8)
                        i = end
                        continue
                    }
                }
            }
            out.append(src[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Puts fact values back into plain text (headings' anchors, search titles).
    public static func substitute(_ text: String, facts: [String], cites: [String] = []) -> String {
        guard text.contains(mark) else { return text }
        var out = text
        for (i, v) in facts.enumerated().reversed() { out = out.replacingOccurrences(of: fact(i), with: v) }
        for (i, v) in cites.enumerated().reversed() { out = out.replacingOccurrences(of: cite(i), with: v) }
        return out
    }
}

public struct Expander: Sendable {
    public var facts: FactResolver
    public var blocks: BlockParser
    /// What `{{cite RELEASE …}}` may name (content/kernels.yaml).
    public var releases = KernelReleases()

    public init(machines: [String: NamedMachine], ui: UIStrings, captures: SourceTree?, simulation: Simulation) {
        facts = FactResolver(machines: machines, ui: ui, simulation: simulation)
        blocks = BlockParser(machines: machines)
        blocks.captures = captures
    }

    /// Expands one page, reporting every problem into `c` (the page is still returned so that
    /// one run finds all errors).
    public func expand(_ page: SourcePage, into c: inout DiagnosticCollector) -> ExpandedPage {
        var out = ExpandedPage(source: page, markdown: "", facts: [], blocks: [])
        // References stop being resolved after this many errors on the page: each unknown name is
        // compared with every fact's ("did you mean"), and a page of 30,000 misspelled facts took
        // seconds (found by fuzzing). The text after it is kept as written.
        let stopAfter = c.diagnostics.count + Self.maxErrorsPerPage
        // Split on the newline byte: splitting a String on a Character walks grapheme clusters.
        let lines = page.body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        var result: [String] = []
        result.reserveCapacity(lines.count)
        var i = 0
        var fence: (char: Character, count: Int)? = nil
        while i < lines.count {
            let line = lines[i]
            let fileLine = page.bodyLine + i
            if let open = fence {
                if Self.closesFence(line, open) { fence = nil }
                result.append(expandFacts(String(line), page: page, line: fileLine, lint: false, stopAfter: stopAfter, out: &out, c: &c))
                i += 1
                continue
            }
            if let f = Self.opensFence(line) {
                if f.info == "kmem" {
                    // Collect the YAML body up to the closing fence.
                    var j = i + 1
                    var body: [Substring] = []
                    while j < lines.count, !Self.closesFence(lines[j], (f.char, f.count)) { body.append(lines[j]); j += 1 }
                    let loc = SourceLocation(file: page.file, line: fileLine)
                    if j == lines.count {
                        c.report(Diagnostic(.data, at: loc, "kmem block is not closed", hint: "end it with a line of \(String(repeating: f.char, count: f.count))"))
                    }
                    do {
                        let yaml = try YAMLValue.parse(body.joined(separator: "\n"), file: page.file, lineOffset: fileLine)
                        out.blocks.append(try blocks.parse(yaml, at: loc))
                    } catch {
                        c.report(error)
                        out.blocks.append(.invalid)
                    }
                    // Keep the line count so later line numbers stay true.
                    let span = min(j, lines.count - 1) - i + 1
                    result.append("")
                    result.append(Placeholder.block(out.blocks.count - 1))
                    result.append(contentsOf: Array(repeating: "", count: max(0, span - 2)))
                    i += span
                    continue
                }
                fence = (f.char, f.count)
                result.append(String(line))
                i += 1
                continue
            }
            result.append(expandFacts(String(line), page: page, line: fileLine, lint: true, stopAfter: stopAfter, out: &out, c: &c))
            i += 1
        }
        if fence != nil {
            c.report(Diagnostic(.data, at: SourceLocation(file: page.file, line: page.bodyLine + lines.count - 1),
                                "a code block is not closed", hint: "add the closing fence"))
        }
        if c.diagnostics.count >= stopAfter {
            c.report(Diagnostic(.data, at: SourceLocation(file: page.file), "\(Self.maxErrorsPerPage) errors: the rest of the page was not checked",
                                hint: "fix the errors above and build again"))
        }
        out.markdown = result.joined(separator: "\n")
        return out
    }

    /// Errors on one page after which its references are no longer resolved.
    static let maxErrorsPerPage = 100

    private func expandFacts(_ line: String, page: SourcePage, line fileLine: Int, lint: Bool, stopAfter: Int,
                             out: inout ExpandedPage, c: inout DiagnosticCollector) -> String {
        guard c.diagnostics.count < stopAfter else { return line }
        guard line.containsUTF8("{{") else {
            if lint { Self.lintTypedFacts(line, page: page, line: fileLine, c: &c) }
            return line
        }
        var result = ""
        var rest = Substring(line)
        while c.diagnostics.count < stopAfter, let open = rest.utf8Range(of: "{{") {
            result += rest[..<open.lowerBound]
            let loc = SourceLocation(file: page.file, line: fileLine)
            guard let close = rest[open.upperBound...].utf8Range(of: "}}") else {
                if lint {
                    c.report(Diagnostic(.data, at: loc, "`{{` without a closing `}}`", hint: "write {{fact NAME key=value}}"))
                }
                result += rest[open.lowerBound...]
                rest = ""
                break
            }
            let inner = rest[open.upperBound..<close.lowerBound]
            let words = inner.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.first == "fact" {
                do {
                    let value = try facts.resolve(words.dropFirst().map(String.init), at: loc, lang: page.lang)
                    out.facts.append(value)
                    // A value that starts with a Chinese or Japanese word ("低端内存（直接映射区）")
                    // sits against CJK text without the space a Latin value needs.
                    if let first = value.first, CJKText.isWide(first), result.hasSuffix(" "),
                       let before = result.dropLast().last, CJKText.isWide(before) {
                        result.removeLast()
                    }
                    result += Placeholder.fact(out.facts.count - 1)
                    if let last = value.last, CJKText.isWide(last) {
                        let after = rest[close.upperBound...]
                        if after.first == " ", let next = after.dropFirst().first, CJKText.isWide(next) {
                            rest = after.dropFirst()
                            continue
                        }
                    }
                } catch {
                    c.report(error)
                    result += "?"
                }
            } else if lint, words.first == "cite" {
                do {
                    out.cites.append(try Citation.parse(words.dropFirst().map(String.init), releases: releases, at: loc))
                    result += Placeholder.cite(out.cites.count - 1)
                } catch {
                    c.report(error)
                    result += "?"
                }
            } else if lint {
                c.report(Diagnostic(.data, at: loc, "unknown reference `{{\(inner)}}`",
                                    hint: "references are written {{fact NAME key=value}} or {{cite RELEASE PATH:LINES}} (see content/README.md)"))
                result += rest[open.lowerBound..<close.upperBound]
            } else {
                result += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        result += rest
        // Lint what is left once references are replaced: their arguments may hold addresses.
        if lint { Self.lintTypedFacts(result, page: page, line: fileLine, c: &c) }
        return result
    }

    /// Numbers the simulator computes must not be typed: a hex address in prose is reported.
    /// Inline code (`0xc0000000` in backticks) is allowed, for quoting C or a seed.
    static func lintTypedFacts(_ line: String, page: SourcePage, line fileLine: Int, c: inout DiagnosticCollector) {
        // Walks UTF-8 bytes: `0x`, the hex digits and backticks are all ASCII.
        let bytes = Array(line.utf8)
        func isHex(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 102) }
        /// Whether the character that ends just before byte `k` is a letter or a digit.
        func wordBefore(_ k: Int) -> Bool {
            guard k > 0 else { return false }
            var start = k - 1
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let ch = String(decoding: bytes[start..<k], as: UTF8.self)
            return ch.first.map { $0.isLetter || $0.isNumber } ?? false
        }
        var inCode = false
        var k = 0
        while k < bytes.count {
            let b = bytes[k]
            if b == UInt8(ascii: "`") { inCode.toggle(); k += 1; continue }
            if !inCode, b == UInt8(ascii: "0"), k + 1 < bytes.count, bytes[k + 1] | 0x20 == UInt8(ascii: "x"), !wordBefore(k) {
                var n = k + 2
                while n < bytes.count, isHex(bytes[n]) { n += 1 }
                if n - (k + 2) >= 3 {
                    c.report(Diagnostic(.data, at: SourceLocation(file: page.file, line: fileLine),
                                        "the value `\(String(decoding: bytes[k..<n], as: UTF8.self))` is typed by hand",
                                        hint: "write it as {{fact ...}} so the simulator computes it, or quote it in `backticks` if it is C or a seed's text"))
                }
                k = n
                continue
            }
            k += 1
        }
    }

    /// Blocks and fact families that read a booted machine (see `Simulation.boot`).
    static let bootingBlocks: Set<String> = ["demo", "proc", "buddy-diagram"]
    static let bootingFacts = ["demo."]

    /// The machines whose simulated boot a page's facts and blocks will read, found by a quick
    /// scan of its Markdown so the boots can start before any page is expanded. A miss only
    /// costs time: the boot then happens when the page asks for it.
    static func bootDemands(_ body: String) -> Set<String> {
        var found = Set<String>()
        var rest = body[...]
        while let open = rest.utf8Range(of: "```kmem") {
            let inside = rest[open.upperBound...]
            let end = inside.utf8Range(of: "```")?.lowerBound ?? inside.endIndex
            var kind: Substring?, machine: Substring?
            for line in inside[..<end].split(separator: "\n") {
                let t = line.drop(while: { $0 == " " })
                if t.hasPrefix("block:") { kind = t.dropFirst(6).drop(while: { $0 == " " }) }
                if t.hasPrefix("machine:") { machine = t.dropFirst(8).drop(while: { $0 == " " }) }
            }
            if let kind, let machine, bootingBlocks.contains(String(kind.trimmingCharacters(in: " \t\r"))) {
                found.insert(machine.trimmingCharacters(in: " \t\r"))
            }
            rest = inside[end...]
        }
        for prefix in bootingFacts {
            rest = body[...]
            while let open = rest.utf8Range(of: "{{fact " + prefix), let close = rest[open.upperBound...].utf8Range(of: "}}") {
                if let m = rest[open.upperBound..<close.lowerBound].split(separator: " ").first(where: { $0.hasPrefix("machine=") }) {
                    found.insert(String(m.dropFirst(8)))
                }
                rest = rest[close.upperBound...]
            }
        }
        return found
    }

    static func opensFence(_ line: Substring) -> (char: Character, count: Int, info: String)? {
        // Cheap rejection of ordinary lines: the first byte after up to three spaces must be ` or ~.
        guard let lead = line.utf8.first(where: { $0 != UInt8(ascii: " ") }),
              lead == UInt8(ascii: "`") || lead == UInt8(ascii: "~") else { return nil }
        let trimmed = line.drop(while: { $0 == " " })
        guard line.count - trimmed.count <= 3, let c = trimmed.first, c == "`" || c == "~" else { return nil }
        let run = trimmed.prefix(while: { $0 == c }).count
        guard run >= 3 else { return nil }
        let info = trimmed.dropFirst(run).trimmingCharacters(in: " \t\r")
        if c == "`" && info.contains("`") { return nil }
        return (c, run, info.split(separator: " ").first.map(String.init) ?? "")
    }

    static func closesFence(_ line: Substring, _ open: (char: Character, count: Int)) -> Bool {
        guard let lead = line.utf8.first(where: { $0 != UInt8(ascii: " ") }), lead == open.char.asciiValue else { return false }
        let trimmed = line.drop(while: { $0 == " " })
        guard line.count - trimmed.count <= 3 else { return false }
        let run = trimmed.prefix(while: { $0 == open.char }).count
        return run >= open.count && trimmed.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }
}
