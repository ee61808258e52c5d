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

    /// The built-in strings, parsed once per process; nil only if the built-in ui.yaml is broken,
    /// which the build's own tests rule out — the English key then shows instead of a crash.
    private static let strings: UIStrings? = try? ContentLoader.loadUI(BuiltIn.content)

    static func text(_ key: String, _ values: [String: String] = [:]) -> String {
        assert(CLIHelpKeys.all.contains(key), "\(key) is not listed in CLIHelpKeys")
        var s = strings?(key, language) ?? key
        for (name, value) in values { s = s.replacingOccurrences(of: "{\(name)}", with: value) }
        return s
    }

    static func argument(_ key: String, _ values: [String: String] = [:], valueName: String? = nil, discussion: String = "") -> ArgumentHelp {
        ArgumentHelp(wrapped(text(key, values), indent: labelColumn), discussion: wrapped(discussion, indent: labelColumn), valueName: valueName)
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
        var lines = help.components(separatedBy: "\n").map { line -> String in
            for (english, key) in [("OVERVIEW: ", "cli.frame.overview"), ("USAGE: ", "cli.frame.usage")] where line.hasPrefix(english) {
                return text(key) + line.dropFirst(english.count)
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
        // A value wrapped onto the next line comes with that line's indent: one space is enough.
        func clean(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
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
                out += pad + TextWidth.wrap(replacement(m, ns), width: (screenWidth ?? terminalWidth()) - labelColumn - 1).joined(separator: pad)
                last = m.range.location + m.range.length
            }
            lines = out + ns.substring(from: last)
        }
        return lines
    }
}
