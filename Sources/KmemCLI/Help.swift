import ArgumentParser
import Foundation
import KmemBuiltIn
import KmemContent
import KmemCore
import KmemQuiz

/// `--help` in the reader's language. The words are ui.yaml's `cli.*` strings (so `check` holds
/// them to the same three-language rule as the rest); they come from the copy built into this
/// kmemguide, because help is printed before any option — `--lang`, `--content` — is read. The
/// language is the locale's (LC_ALL, LC_MESSAGES, LANG), as the quiz's default.
enum Help {
    /// Tests set this to render help in each language.
    @TaskLocal static var language: Language = QuizCommand.language(from: ProcessInfo.processInfo.environment)

    /// The built-in strings, parsed once per process, for help and for `sim`'s output (SimText).
    /// Empty only if the built-in ui.yaml is broken, which the build's own tests rule out: the
    /// missing keys then show instead of a crash.
    static let strings: UIStrings = (try? ContentLoader.loadUI(BuiltIn.content)) ?? UIStrings(table: [:])

    static func text(_ key: String, _ values: [String: String] = [:]) -> String {
        assert(CLIHelpKeys.all.contains(key), "\(key) is not listed in CLIHelpKeys")
        var s = strings(key, language)
        for (name, value) in values { s = s.replacingOccurrences(of: "{\(name)}", with: value) }
        return s
    }

    /// An option's help; `then` is a sentence that follows it in the same paragraph.
    static func argument(_ key: String, _ values: [String: String] = [:], valueName: String? = nil, then: String? = nil) -> ArgumentHelp {
        var help = text(key, values)
        if let then { help += (language == .en ? " " : "") + then }
        return ArgumentHelp(wrapped(help, indent: labelColumn), valueName: valueName)
    }

    /// Items as a list in the help's language ("a, b" or "a、b").
    static func list(_ items: [String]) -> String { items.joined(separator: strings("l10n.list_sep", language)) }

    /// What `bank` says when it has written its files.
    static func wrote(_ questions: Int, languages: Int, into folder: String, files: [String]) -> String {
        let words = languages == 1 ? text("cli.out.languages_one") : text("cli.out.languages", ["n": String(languages)])
        return text("cli.out.bank", ["questions": String(questions), "languages": words, "folder": folder + "/", "files": list(files)])
    }

    /// Tests set this; else COLUMNS, the terminal's width, or 80, as ArgumentParser decides.
    @TaskLocal static var screenWidth: Int? = nil

    /// ArgumentParser's column for option and subcommand descriptions.
    static let labelColumn = 26

    /// ArgumentParser wraps at spaces and counts characters, so a Chinese or Japanese paragraph
    /// (no spaces, two columns a character) would run past the edge: wrap it here, by display
    /// width, into lines ArgumentParser keeps as they are.
    static func wrapped(_ text: String, indent: Int) -> String {
        guard language != .en, !text.isEmpty else { return text }
        let width = (screenWidth ?? terminalWidth()) - indent - 1
        return TextWidth.wrap(text, width: max(width, 20)).joined(separator: "\n")
    }

    private static func terminalWidth() -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// The command's abstract, and after its own discussion the line on help's language.
    static func configuration(commandName: String? = nil, abstract: String, discussion: String? = nil,
                              subcommands: [any ParsableCommand.Type] = []) -> CommandConfiguration {
        let tail = text("cli.help_language")
        let body = discussion.map { $0 + "\n\n" + tail } ?? tail
        return CommandConfiguration(commandName: commandName, abstract: wrapped(text(abstract), indent: labelColumn),
                                    discussion: wrapped(body, indent: 0), subcommands: subcommands)
    }

    /// ArgumentParser's own words around the help (OVERVIEW:, USAGE:, "Show help information.",
    /// "(default: …)") in the reader's language; English help is left as ArgumentParser wrote it.
    static func localizingFrame(_ help: String) -> String {
        guard language != .en else { return help }
        let width = screenWidth ?? terminalWidth()
        var lines = joiningHelpLine(rewrappingOverview(help, width: width)).components(separatedBy: "\n").map { line -> String in
            for (english, key) in [("USAGE: ", "cli.frame.usage"), ("Usage: ", "cli.frame.usage")] where line.hasPrefix(english) {
                return text(key) + line.dropFirst(english.count)
                    .replacingOccurrences(of: "<subcommand>", with: text("cli.frame.subcommand_placeholder"))
                    .replacingOccurrences(of: "<options>", with: text("cli.frame.options_placeholder"))
            }
            if line.hasPrefix("Error: ") {
                // An unexpected word where a subcommand is expected is an unknown subcommand.
                let expectsSubcommand = help.contains("\nUsage: ") && help.contains(" <subcommand>")
                return text("cli.frame.error") + errorMessage(String(line.dropFirst("Error: ".count)), expectsSubcommand: expectsSubcommand)
            }
            if line.hasPrefix("Help: ") {
                return text("cli.frame.help_line") + line.dropFirst("Help: ".count).drop(while: { $0 == " " })
            }
            if let m = line.firstMatch(of: #/^  See '(.+) --help' for more information\.$/#) {
                return "  " + text("cli.frame.see_more", ["command": String(m.1)])
            }
            for (english, key) in [("ARGUMENTS:", "cli.frame.arguments"), ("OPTIONS:", "cli.frame.options"), ("SUBCOMMANDS:", "cli.frame.subcommands")] where line == english {
                return text(key)
            }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("See '"), line.hasSuffix("for detailed help.") {
                return "  " + text("cli.frame.see_help")
            }
            return line.replacingOccurrences(of: "Show help information.", with: text("cli.frame.help_flag"))
        }.joined(separator: "\n")
        // "(values: a, b; default: c)" and "(default: c)" may be wrapped across lines.
        let patterns: [(String, (NSTextCheckingResult, NSString) -> String)] = [
            (#"\(values:\s+([^);]*);\s+default:\s+([^)]*)\)"#, { m, s in text("cli.frame.values_default", ["values": clean(s.substring(with: m.range(at: 1))), "value": clean(s.substring(with: m.range(at: 2)))]) }),
            (#"\(values:\s+([^);]*)\)"#, { m, s in text("cli.frame.values", ["values": clean(s.substring(with: m.range(at: 1)))]) }),
            (#"\(default:\s+([^)]*)\)"#, { m, s in text("cli.frame.default", ["value": clean(s.substring(with: m.range(at: 1)))]) }),
        ]
        // A value wrapped onto the next line comes with that line's indent; a list takes the
        // language's separator.
        func clean(_ s: String) -> String {
            s.split(whereSeparator: \.isWhitespace).joined(separator: " ").replacingOccurrences(of: ", ", with: "、")
        }
        for (pattern, replacement) in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            let ns = lines as NSString
            var out = ""
            var last = 0
            for m in regex.matches(in: lines, range: NSRange(location: 0, length: ns.length)) {
                out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
                // On a line of its own under the option's text, wrapped by display width.
                while out.last == " " || out.last == "\n" { out.removeLast() }
                let pad = "\n" + String(repeating: " ", count: labelColumn)
                out += pad + TextWidth.wrap(replacement(m, ns), width: width - labelColumn - 1).joined(separator: pad)
                last = m.range.location + m.range.length
            }
            lines = out + ns.substring(from: last)
        }
        return lines
    }

    /// ArgumentParser's usage errors in the reader's language; others (ours) are already.
    static func errorMessage(_ english: String, expectsSubcommand: Bool = false) -> String {
        let unexpected = "Unexpected argument '"
        if expectsSubcommand, english.hasPrefix(unexpected), english.hasSuffix("'") {
            return text("cli.error.unknown_subcommand", ["name": String(english.dropFirst(unexpected.count).dropLast())])
        }
        if let m = english.firstMatch(of: #/^The value '(.*)' is invalid for '(.*?)'(: .*)?$/#) {
            // ": why" — the reason is ours, already in the reader's language.
            let why = m.3.map { "：" + $0.dropFirst(2) } ?? ""
            return text("cli.error.invalid_value", ["value": String(m.1), "name": String(m.2)]) + why
        }
        for (prefix, key) in [("Missing expected argument '", "cli.error.missing_argument"), ("Unknown option '", "cli.error.unknown_option"),
                              ("Unexpected argument '", "cli.error.unexpected_argument"), ("Missing value for '", "cli.error.missing_value")]
        where english.hasPrefix(prefix) && english.hasSuffix("'") {
            return text(key, ["name": String(english.dropFirst(prefix.count).dropLast())])
        }
        return english
    }

    /// The overview's first line starts after "OVERVIEW: ", so its paragraph was wrapped for the
    /// narrower option column: join it again and wrap it to the screen, behind the localized word.
    static func rewrappingOverview(_ help: String, width: Int) -> String {
        var lines = help.components(separatedBy: "\n")
        guard let first = lines.firstIndex(where: { $0.hasPrefix("OVERVIEW: ") }) else { return help }
        var last = first
        while last + 1 < lines.count, !lines[last + 1].isEmpty { last += 1 }
        // The wrap dropped the space at a break between two Latin words; CJK needs none.
        let paragraph = joined([String(lines[first].dropFirst("OVERVIEW: ".count))] + lines[(first + 1)..<(last + 1)])
        let wrapped = TextWidth.wrap(text("cli.frame.overview") + paragraph, width: max(width - 1, 20))
        lines.replaceSubrange(first...last, with: wrapped)
        return lines.joined(separator: "\n")
    }

    /// A usage error's "Help: --opt  text" line holds the option's pre-wrapped text: one line again.
    static func joiningHelpLine(_ help: String) -> String {
        var lines = help.components(separatedBy: "\n")
        guard let first = lines.firstIndex(where: { $0.hasPrefix("Help: ") }),
              let usage = lines[first...].firstIndex(where: { $0.hasPrefix("Usage: ") }), usage > first + 1 else { return help }
        lines.replaceSubrange(first..<usage, with: [joined(Array(lines[first..<usage]))])
        return lines.joined(separator: "\n")
    }

    /// Lines of one paragraph joined again. The wrap dropped the space where it broke between
    /// a Latin word and anything but full-width punctuation ("0 表示", "Linux カーネル"); between
    /// two CJK characters there was none.
    static func joined(_ lines: [String]) -> String {
        var paragraph = ""
        for line in lines {
            let line = line.trimmingCharacters(in: .whitespaces)
            if let a = paragraph.last, let b = line.first {
                let latin = (a.isASCII && !a.isWhitespace) || b.isASCII
                if latin && !CJKText.isFullWidthPunctuation(a) && !CJKText.isFullWidthPunctuation(b) { paragraph += " " }
            }
            paragraph += line
        }
        return paragraph
    }
}
