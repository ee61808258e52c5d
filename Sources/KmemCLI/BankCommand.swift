import ArgumentParser
import Foundation
import KmemBank
import KmemCore
import KmemQuestions

/// `kmemguide bank` — exam question banks in Moodle XML, GIFT, QTI 2.1, Anki, JSON, CSV and
/// printable exams, per language, from the authored questions and the generated families.
struct BankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bank",
        abstract: "Write exam question banks or assembled exams: Moodle XML, GIFT, QTI 2.1, Anki, JSON, CSV and printable exams.",
        discussion: """
        Files (per language en, zh, ja): moodle-<lang>.xml, kmemguide-<lang>.gift, qti21-<lang>.zip, \
        canvas-<lang>.zip (QTI 1.2 for Canvas Classic Quizzes: a question group per family; ordering becomes \
        matching each item to its position), \
        anki-<lang>.apkg (an Anki package with its own note type), anki-<lang>.txt (Anki text import \
        into the stock Basic note type, whatever Anki's interface language), bank-<lang>.json (with \
        bank.schema.json), bank-<lang>.csv, and for each version exam-v<N>-<lang>.html with its answer \
        key exam-v<N>-<lang>-key.html (answer grid, then worked solutions). --format pdf prints those to \
        exam-v<N>-<lang>.pdf and -key.pdf with headless Chromium (byte-identical from run to run); it is not \
        part of `all`. Without Chromium it stops with exit 69: install it, or use --format print and print from a browser.

        Exams: with --count N, the command assembles an exam instead of exporting the whole bank: N \
        questions drawn with --seed from those matching --topic, --kind and --difficulty, at most one \
        variant of each generated family. Blueprints: --per-topic 3 takes three from every topic \
        (instead of --count); --mix 40/40/20 splits --count by difficulty 1/2/3. Every version (--versions) gets its own variant of each \
        family (other numbers) and its own order of questions and options; the same seed gives the same \
        exam. The printed versions and keys are that exam; Moodle, GIFT and QTI hold the same questions \
        with each family's variants grouped (a category or section per family), so an LMS can draw one \
        variant per student. Example: kmemguide bank --count 20 --versions 3 --seed 7 --lang ja --out exam-ja

        Blueprint files: --blueprint exam.yaml reads count (or per-topic), mix, topics, kinds, difficulty, \
        points, versions and seed from a YAML file, e.g. `count: 20`, `mix: 40/40/20`, `topics: [gfp, vmalloc]`; \
        options given on the command line win over the file. Errors name the file and line (exit 65).

        Points: by difficulty, 1, 2 and 3 unless --points says otherwise (Moodle's default grade, QTI \
        item weights, the printed exam). Options are shuffled with the seed in every format, and QTI \
        identifiers follow the shuffled order, so neither the position nor the identifier tells the answer.

        The output folder is replaced as a whole, and only when every file was written: a failed \
        export leaves the previous one untouched. A folder that kmemguide bank did not write is never \
        replaced.

        Choices worth knowing: Moodle ordering questions use the `ordering` question type (standard \
        since Moodle 4.4, the qtype_ordering plugin before); GIFT has no ordering type, so there they \
        become matching questions that pair each item with its position. Multiple-response weights use \
        Moodle's fixed fractions. The CSV is UTF-8 with a byte-order mark, so Excel shows Chinese and \
        Japanese correctly. JSON follows bank.schema.json (JSON Schema 2020-12).
        """)

    @Option(help: ArgumentHelp("Formats, comma-separated: moodle, gift, qti21, canvas, anki, apkg, json, csv, print, pdf, or all (every one but pdf; the default).", valueName: "list"),
            transform: { text throws(ArgumentProblem) in try ChoiceList<BankFormat>.parse(text, what: "format") })
    var format: ChoiceList<BankFormat> = .everyFormatButPDF

    @Option(help: ArgumentHelp("Exam blueprint: a YAML file with count or per-topic, mix, topics, kinds, difficulty, points, versions, seed; options given here win over it.", valueName: "file"))
    var blueprint: String?

    @Option(help: ArgumentHelp("--format pdf: the headless Chromium to print with (default: chromium, chromium-browser or google-chrome on PATH).", valueName: "path"))
    var chromium: String?

    @Option(help: ArgumentHelp("Languages, comma-separated: en, zh, ja, or all (the default).", valueName: "list"),
            transform: { text throws(ArgumentProblem) in try ChoiceList<Language>.parse(text, what: "language") })
    var lang = ChoiceList<Language>(values: Language.allCases, named: ["all"])

    @Option(name: .customLong("topic"), help: ArgumentHelp("Only questions of this topic (a page slug); repeatable.", valueName: "slug"))
    var topics: [String] = []

    @Option(name: .customLong("kind"), help: ArgumentHelp("Only questions of this kind: single, multiple, truefalse, numeric, hex, short, matching, ordering; repeatable.", valueName: "kind"),
            transform: { text throws(ArgumentProblem) in try ChoiceList<QuestionKind>.parse(text, what: "kind", allowAll: false) })
    var kinds: [ChoiceList<QuestionKind>] = []

    @Option(help: ArgumentHelp("Only questions of this difficulty (1, 2, 3); repeatable or comma-separated.", valueName: "level"),
            transform: DifficultyLevels.parse)
    var difficulty: [DifficultyLevels] = []

    @Option(help: ArgumentHelp("Assemble an exam of this many questions (one variant per family) instead of exporting the whole bank.", valueName: "n"))
    var count: Int?

    @Option(name: .customLong("per-topic"), help: ArgumentHelp("Assemble an exam with this many questions from every topic (a blueprint; instead of --count).", valueName: "n"))
    var perTopic: Int?

    @Option(help: ArgumentHelp("Exam blueprint: percent of difficulty 1/2/3 among the --count questions, e.g. 40/40/20.", valueName: "a/b/c"),
            transform: DifficultyMix.parse)
    var mix: DifficultyMix?

    @Option(help: ArgumentHelp("Points of a question by difficulty 1,2,3 (e.g. 1,2,3 or 2,2,4), or one number for all (default 1,2,3).", valueName: "list"),
            transform: Points.parse)
    var points: Points?

    @Option(help: "Seeded instances of every generated question family (1 to \(BankOptions.maxVariants)).")
    var variants = 3

    @Option(help: "Versions of the printed exam, each with its own order, answer key and (with --count) its own family variants (1 to \(BankOptions.maxVersions); default 2).")
    var versions: Int?

    @Option(help: "Seed of the variants and of the shuffles: the same seed gives the same files (default 1).")
    var seed: UInt64?

    @Option(help: "Output folder: missing, empty, or one this command wrote (it holds .kmemguide-bank); replaced as a whole only when the whole export succeeds.")
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
                                          versions: versions ?? 2, seed: seed ?? 1, variants: variants)
                options.points = pointValues ?? .standard
                options.chromium = chromium
                let report = try BankExporter.export(SyntheticBank(count: synthetic), options: options)
                print("wrote \(report.questions) questions × \(languages.count) language\(languages.count == 1 ? "" : "s") into \(out)/: "
                      + report.files.joined(separator: ", "))
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
                                      versions: versionCount, seed: seedValue, variants: variants)
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
                print("exam of \(n) questions × \(versionCount) version\(versionCount == 1 ? "" : "s"), seed \(seedValue) (\(exam.pool.count) questions with the families' variants in the LMS files)")
                print("wrote into \(out)/: " + report.files.joined(separator: ", "))
                return
            }
            let questions = QuestionSet.build(authored: authored, families: families, variants: variants, seed: seedValue, topics: topicSet,
                                              kinds: kindSet, difficulty: nil).filter { levels?.contains($0.difficulty) ?? true }
            guard !questions.isEmpty else {
                throw Diagnostic(.usage, "no question matches the --topic and --kind given",
                                 hint: "widen the selection; `kmemguide bank --help` lists the kinds")
            }
            let report = try BankExporter.export(questions, options: options)
            print("wrote \(report.questions) questions × \(languages.count) language\(languages.count == 1 ? "" : "s") into \(out)/: "
                  + report.files.joined(separator: ", "))
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
