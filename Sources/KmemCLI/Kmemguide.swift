import ArgumentParser
import Foundation
import KmemContent
import KmemCore
import KmemQuestions
import KmemSite

public struct Kmemguide: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kmemguide",
        abstract: "Learn how the Linux kernel allocates memory: a reference site, a quiz and exam banks, all computed by a simulator of the kernel's memory manager.",
        subcommands: [Build.self, Check.self, Sim.self, QuizCommand.self, BankCommand.self],
        defaultSubcommand: nil
    )
    public init() {}
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the static site from content/ and templates/ into site/.",
                                                    discussion: LibraryOptions.rule)

    @OptionGroup var library: LibraryOptions
    @Option(name: .customLong("out"), help: "Output folder: missing, empty, or one this command wrote (it holds .kmemguide-site); replaced as a whole only when the build succeeds.") var out = "site"
    @Option(name: .customLong("base-url"), help: "Absolute URL the site is served from (for canonical and hreflang links).") var baseURL: String?
    @Flag(name: .customLong("no-search"), help: "Skip the Pagefind search index.") var noSearch = false
    @Flag(name: .customLong("no-banks"), help: "Skip the question banks and the quiz's questions (for benchmarks against plain site generators).") var noBanks = false

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
    static let configuration = CommandConfiguration(abstract: "Check that the content is complete in en, zh and ja, and that every fact, block and link resolves.",
                                                    discussion: LibraryOptions.rule)

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
