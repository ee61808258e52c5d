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
        let lines = TextWidth.wrap(text, width: max(width, 20))
        // ArgumentParser appends " (default: …)" or " (values: …)" to an option's last line:
        // leave it room, or a line of its own.
        let roomForSuffix = indent == 0 || TextWidth.width(of: lines.last ?? "") <= width - 50
        return lines.joined(separator: "\n") + (roomForSuffix ? "" : "\n")
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
}
