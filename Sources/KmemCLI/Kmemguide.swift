import ArgumentParser
import Foundation
import KmemContent
import KmemCore
import KmemQuestions
import KmemSite

public struct Kmemguide: ParsableCommand {
    public static var configuration: CommandConfiguration {
        Help.configuration(commandName: "kmemguide", abstract: "cli.abstract",
                           subcommands: [Build.self, Check.self, Sim.self, QuizCommand.self, BankCommand.self])
    }
    public init() {}

    /// ArgumentParser's `main()`, with its help frame in the reader's language (`Help`).
    public static func main() {
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = Help.localizingFrame(fullMessage(for: error))
            if !message.isEmpty {
                if code == .success { print(message) } else { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}

struct Build: ParsableCommand {
    static var configuration: CommandConfiguration {
        Help.configuration(abstract: "cli.build.abstract", discussion: LibraryOptions.rule)
    }

    @OptionGroup var library: LibraryOptions
    @Option(name: .customLong("out"), help: Help.argument("cli.build.out")) var out = "site"
    @Option(name: .customLong("base-url"), help: Help.argument("cli.build.base_url")) var baseURL: String?
    @Flag(name: .customLong("no-search"), help: Help.argument("cli.build.no_search")) var noSearch = false
    @Flag(name: .customLong("no-banks"), help: Help.argument("cli.build.no_banks")) var noBanks = false

    func run() throws {
        try reporting {
            let lib = try library.library()
            let options = BuildOptions(content: lib.content, captures: lib.captures, templates: lib.templates,
                                       output: try OutputFolder.path(out), baseURL: baseURL, searchIndex: !noSearch, banks: !noBanks)
            let report = try SiteBuilder.build(options)
            print("built \(report.pages) pages (\(report.files) files) into \(out)/ from \(lib.content.summary) and \(lib.templates.summary)")
        }
    }
}

struct Check: ParsableCommand {
    static var configuration: CommandConfiguration {
        Help.configuration(abstract: "cli.check.abstract", discussion: LibraryOptions.rule)
    }

    @OptionGroup var library: LibraryOptions

    func run() throws {
        try reporting {
            let lib = try library.library()
            let site = try lib.loadSite()
            // Questions are content too: every one in every language, on a topic that exists.
            let questions = try lib.loadQuestions(topics: Set(site.topics.map(\.slug)))
            print("content is complete: \(site.topics.count) pages × \(Language.allCases.count) languages, \(questions.count) questions, \(site.glossary.count) glossary entries, \(site.ui.table.count) UI strings (\(lib.content.summary))")
        }
    }
}
