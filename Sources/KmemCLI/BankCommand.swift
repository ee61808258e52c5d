import ArgumentParser
import Foundation
import KmemBank
import KmemCore
import KmemQuestions

/// `kmemguide bank` — exam question banks in Moodle XML, GIFT, QTI 2.1, Anki, JSON, CSV and
/// printable exams, per language, from the authored questions and the generated families.
struct BankCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        Help.configuration(commandName: "bank", abstract: "cli.bank.abstract", discussion: Help.text("cli.bank.discussion"))
    }

    @Option(help: Help.argument("cli.bank.format", valueName: "list"),
            transform: { text throws(ArgumentProblem) in try ChoiceList<BankFormat>.parse(text, what: "format") })
    var format: ChoiceList<BankFormat> = .everyFormatButPDF

    @Option(help: Help.argument("cli.bank.blueprint", valueName: "file"))
    var blueprint: String?

    @Option(help: Help.argument("cli.bank.chromium", valueName: "path"))
    var chromium: String?

    @Option(help: Help.argument("cli.bank.lang", valueName: "list"),
            transform: { text throws(ArgumentProblem) in try ChoiceList<Language>.parse(text, what: "language") })
    var lang = ChoiceList<Language>(values: Language.allCases, named: ["all"])

    @Option(name: .customLong("topic"), help: Help.argument("cli.bank.topic", valueName: "slug"))
    var topics: [String] = []

    @Option(name: .customLong("kind"), help: Help.argument("cli.bank.kind", valueName: "kind"),
            transform: { text throws(ArgumentProblem) in try ChoiceList<QuestionKind>.parse(text, what: "kind", allowAll: false) })
    var kinds: [ChoiceList<QuestionKind>] = []

    @Option(help: Help.argument("cli.bank.difficulty", valueName: "level"),
            transform: DifficultyLevels.parse)
    var difficulty: [DifficultyLevels] = []

    @Option(help: Help.argument("cli.bank.count", valueName: "n"))
    var count: Int?

    @Option(name: .customLong("per-topic"), help: Help.argument("cli.bank.per_topic", valueName: "n"))
    var perTopic: Int?

    @Option(help: Help.argument("cli.bank.mix", valueName: "a/b/c"),
            transform: DifficultyMix.parse)
    var mix: DifficultyMix?

    @Option(help: Help.argument("cli.bank.points", valueName: "list"),
            transform: Points.parse)
    var points: Points?

    @Option(help: Help.argument("cli.bank.variants", ["max": String(BankOptions.maxVariants)]))
    var variants = 3

    @Option(help: Help.argument("cli.bank.versions", ["max": String(BankOptions.maxVersions)]))
    var versions: Int?

    @Option(help: Help.argument("cli.bank.seed"))
    var seed: UInt64?

    @Option(help: Help.argument("cli.bank.out"))
    var out = "banks"

    @OptionGroup var library: LibraryOptions

    /// Benchmarks: export this many synthetic questions (the test samples, repeated) instead
    /// of the content's, streamed without holding them in memory.
    @Option(help: .hidden)
    var synthetic: Int?

    func run() throws {
        try reporting {
            var formats = format.values
            // `all` is every format but pdf (which needs Chromium); `all,pdf` adds it.
            if format.named.contains("all") && !format.named.contains("pdf") { formats.removeAll { $0 == .pdf } }
            let languages = lang.values
            // Upper limits keep an export to seconds (see BankOptions).
            guard (1...BankOptions.maxVariants).contains(variants) else {
                throw Diagnostic(.usage, "--variants must be from 1 to \(BankOptions.maxVariants), not \(variants)", hint: "give the number of instances per family, e.g. --variants 3")
            }
            if let versions, !(1...BankOptions.maxVersions).contains(versions) {
                throw Diagnostic(.usage, "--versions must be from 1 to \(BankOptions.maxVersions), not \(versions)", hint: "give the number of exam versions, e.g. --versions 2")
            }
            // Before any work: PDFs need a browser.
            if formats.contains(.pdf), Chromium.find(explicit: chromium) == nil { throw Chromium.missing(explicit: chromium) }
            var kindSet = kinds.isEmpty ? nil : Set(kinds.flatMap(\.values))
            try BankExporter.checkReplaceable(try OutputFolder.path(out))
            var pointValues = points
            var levels = difficulty.isEmpty ? nil : difficulty.reduce(into: Set<Int>()) { $0.formUnion($1.levels) }

            if let synthetic {
                guard synthetic >= 0 else { throw Diagnostic(.usage, "--synthetic must be at least 0", hint: "give a count of questions") }
                var options = BankOptions(formats: formats, languages: languages, output: URL(fileURLWithPath: out),
                                          versions: versions ?? 2, seed: seed ?? 1, variants: variants,
                                          words: ExportWords(table: try library.library().loadUI().table))
                options.points = pointValues ?? .standard
                options.chromium = chromium
                let report = try BankExporter.export(SyntheticBank(count: synthetic), options: options)
                print(Help.wrote(report.questions, languages: languages.count, into: out, files: report.files))
                return
            }
            let lib = try library.library()
            let known = lib.topicSlugs()
            var topicSet = try Self.parseTopics(topics, known: known)
            // The blueprint fills in what the command line leaves out.
            var count = self.count, perTopic = self.perTopic
            var mixShares: [Int]? = nil
            var versions = self.versions, seed = self.seed
            if let mix { mixShares = mix.shares }
            if let blueprint {
                let b = try ExamBlueprint.load(URL(fileURLWithPath: blueprint), knownTopics: known)
                if count == nil && perTopic == nil { count = b.count; perTopic = b.perTopic }
                if mixShares == nil && perTopic == nil { mixShares = b.mix }
                if topicSet == nil { topicSet = b.topics.map(Set.init) }
                if kindSet == nil { kindSet = b.kinds.map(Set.init) }
                if levels == nil { levels = b.difficulty.map(Set.init) }
                if pointValues == nil { pointValues = b.points }
                if versions == nil { versions = b.versions }
                if seed == nil { seed = b.seed }
                guard count != nil || perTopic != nil else {
                    throw Diagnostic(.data, at: SourceLocation(file: blueprint, line: 1), "the blueprint gives neither `count` nor `per-topic`",
                                     hint: "add `count: 20` (or `per-topic: 3`), or give --count on the command line")
                }
            }
            let versionCount = versions ?? 2, seedValue = seed ?? 1
            var options = BankOptions(formats: formats, languages: languages, output: URL(fileURLWithPath: out),
                                      versions: versionCount, seed: seedValue, variants: variants, words: ExportWords(table: try lib.loadUI().table))
            options.points = pointValues ?? .standard
            options.chromium = chromium
            let authored = try lib.loadQuestions(topics: known)
            let families = try lib.loadTeachingText().families
            if count != nil || perTopic != nil || mixShares != nil {
                guard count != nil || perTopic != nil else {
                    throw Diagnostic(.usage, "--mix needs --count", hint: "e.g. --count 20 --mix 40/40/20")
                }
                let exam = try ExamAssembler.assemble(authored: authored, families: families, spec: ExamSpec(
                    count: count ?? 0, topics: topicSet, kinds: kindSet, difficulties: levels, versions: versionCount, seed: seedValue,
                    perTopic: perTopic, mix: mixShares))
                options.exam = exam
                let report = try BankExporter.export(exam.pool, options: options)
                let n = exam.versions.first?.count ?? 0
                let versionWords = versionCount == 1 ? Help.text("cli.out.versions_one") : Help.text("cli.out.versions", ["n": String(versionCount)])
                print(Help.text("cli.out.exam", ["n": String(n), "versions": versionWords, "seed": String(seedValue), "pool": String(exam.pool.count)]))
                print(Help.text("cli.out.wrote_into", ["folder": out + "/", "files": Help.list(report.files)]))
                return
            }
            let questions = QuestionSet.build(authored: authored, families: families, variants: variants, seed: seedValue, topics: topicSet,
                                              kinds: kindSet, difficulty: nil).filter { levels?.contains($0.difficulty) ?? true }
            guard !questions.isEmpty else {
                throw Diagnostic(.usage, "no question matches the --topic and --kind given",
                                 hint: "widen the selection; `kmemguide bank --help` lists the kinds")
            }
            let report = try BankExporter.export(questions, options: options)
            print(Help.wrote(report.questions, languages: languages.count, into: out, files: report.files))
        }
    }

    static func parseTopics(_ names: [String], known: Set<String>) throws(Diagnostic) -> Set<String>? {
        let list = names.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        guard !list.isEmpty else { return nil }
        for n in list where !known.contains(n) {
            throw Diagnostic(.usage, "unknown topic `\(n)`", hint: "choose from \(known.sorted().joined(separator: ", "))")
        }
        return Set(list)
    }

}
