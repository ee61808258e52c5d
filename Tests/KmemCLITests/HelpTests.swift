import ArgumentParser
import Foundation
import Testing
@testable import KmemCLI
import KmemBuiltIn
import KmemContent
import KmemCore
import KmemQuiz

/// `kmemguide --help` in the reader's language (issue 13): every command's help comes from
/// ui.yaml's `cli.*` strings and fits the terminal in Chinese and Japanese.
@Suite struct HelpTests {
    static let commands: [any ParsableCommand.Type] = [
        Kmemguide.self, Build.self, Check.self, QuizCommand.self, BankCommand.self,
        Sim.self, SimLayout.self, SimKmalloc.self, SimGFP.self, SimOrder.self, SimRun.self, SimDemo.self, SimCompare.self,
    ]

    static func help(_ command: any ParsableCommand.Type, _ lang: Language, width: Int = 80) -> String {
        Help.$language.withValue(lang) {
            Help.$screenWidth.withValue(width) { Help.localizingFrame(Kmemguide.helpMessage(for: command, columns: width)) }
        }
    }

    @Test(arguments: [Language.zh, .ja])
    func everyCommandsHelpIsInTheLanguageAndFitsTheTerminal(lang: Language) throws {
        let ui = try ContentLoader.loadUI(BuiltIn.content)
        for command in Self.commands {
            let text = Self.help(command, lang)
            let abstract = Help.$language.withValue(lang) { command.configuration.abstract }
            #expect(!text.contains("⟦missing"), "\(command)")
            // ArgumentParser's frame in the language too.
            for english in ["OVERVIEW:", "USAGE:", "OPTIONS:", "Show help information.", "(default:", "(values:", "for detailed help"] {
                #expect(!text.contains(english), "\(command) \(lang): \(english)")
            }
            #expect(text.contains(ui("cli.frame.usage", lang)), "\(command)")
            // The abstract in the reader's language, not English.
            let english = Help.$language.withValue(.en) { command.configuration.abstract }
            #expect(abstract != english && text.contains(String(abstract.prefix(6))), "\(command): \(abstract)")
            // The usage line is ArgumentParser's own, long in every language.
            for line in text.split(separator: "\n") where !line.hasPrefix(ui("cli.frame.usage", lang)) && TextWidth.width(of: String(line)) > 80 {
                Issue.record("\(command) \(lang): a line of \(TextWidth.width(of: String(line))) columns: \(line)")
            }
            #expect(text.contains(ui("cli.help_language", lang).prefix(8)), "\(command)")
        }
    }

    /// A usage error in Chinese or Japanese: ArgumentParser's frame and messages, and ours.
    @Test(arguments: [Language.zh, .ja])
    func usageErrorsAreInTheLanguage(lang: Language) {
        let cases: [[String]] = [["sim", "kmalloc", "100"], ["quiz", "--bogus"], ["quiz", "--count", "0"], ["bank", "--format", "docx"],
                                 ["bank", "--kind", "essay"], ["quiz", "--time-limit", "soon"], ["sim", "layout", "--preset", "nope"], ["foo"], ["sim", "bar"]]
        for arguments in cases {
            let message: String = Help.$language.withValue(lang) {
                Help.$screenWidth.withValue(80) {
                    do {
                        _ = try Kmemguide.parseAsRoot(arguments)
                        return "parsed"
                    } catch {
                        return Help.localizingFrame(Kmemguide.fullMessage(for: error, columns: 80))
                    }
                }
            }
            for english in ["Error:", "Usage:", "Help:", "See '", "Missing expected", "Unknown option", "is invalid for", "must be", "unknown ", "choose from", "give ", "Unexpected"] {
                #expect(!message.contains(english), "\(arguments) \(lang): \(english) in\n\(message)")
            }
            #expect(message != "parsed" && message.hasPrefix(lang == .zh ? "错误：" : "エラー："), "\(arguments): \(message)")
        }
    }

    @Test func englishHelpIsUnchangedByWrapping() {
        let text = Self.help(Build.self, .en)
        #expect(text.contains("Build the static site from content/ and templates/ into site/."))
    }

    /// The keys the commands look up are exactly the ones `check` requires in three languages.
    @Test func helpKeysAreTheListedOnes() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/KmemCLI")
        var used = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let regex = try NSRegularExpression(pattern: "\"(cli\\.[a-z0-9_.]+)\"")
            for m in regex.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
                used.insert((source as NSString).substring(with: m.range(at: 1)))
            }
        }
        // `cli.what.<name>`: looked up with the option's name (ChoiceList.parse's `what`).
        used.formUnion(CLIHelpKeys.all.filter { $0.hasPrefix("cli.what.") })
        #expect(used == Set(CLIHelpKeys.all), "unlisted: \(used.subtracting(CLIHelpKeys.all).sorted()), unused: \(Set(CLIHelpKeys.all).subtracting(used).sorted())")
    }
}
