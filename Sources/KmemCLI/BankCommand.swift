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
        abstract: "Write exam question banks: Moodle XML, GIFT, QTI 2.1, Anki, JSON, CSV and printable exams.",
        discussion: """
        Files (per language en, zh, ja): moodle-<lang>.xml, kmemguide-<lang>.gift, qti21-<lang>.zip, \
        anki-<lang>.txt, bank-<lang>.json (with bank.schema.json), bank-<lang>.csv, and for each version \
        exam-v<N>-<lang>.html with its answer key exam-v<N>-<lang>-key.html.

        The output folder is replaced as a whole, and only when every file was written: a failed \
        export leaves the previous one untouched. A folder that kmemguide bank did not write is never \
        replaced.

        Choices worth knowing: Moodle ordering questions use the `ordering` question type (standard \
        since Moodle 4.4, the qtype_ordering plugin before); GIFT has no ordering type, so there they \
        become matching questions that pair each item with its position. Multiple-response weights use \
        Moodle's fixed fractions. The CSV is UTF-8 with a byte-order mark, so Excel shows Chinese and \
        Japanese correctly. JSON follows bank.schema.json (JSON Schema 2020-12).
        """)

    @Option(help: ArgumentHelp("Formats, comma-separated: moodle, gift, qti21, anki, json, csv, print, or all.", valueName: "list"))
    var format = "all"

    @Option(help: ArgumentHelp("Languages, comma-separated: en, zh, ja, or all.", valueName: "list"))
    var lang = "all"

    @Option(name: .customLong("topic"), help: ArgumentHelp("Only questions of this topic (a page slug); repeatable.", valueName: "slug"))
    var topics: [String] = []

    @Option(name: .customLong("kind"), help: ArgumentHelp("Only questions of this kind: single, multiple, truefalse, numeric, hex, short, matching, ordering; repeatable.", valueName: "kind"))
    var kinds: [String] = []

    @Option(help: "Seeded instances of every generated question family (1 to \(BankOptions.maxVariants)).")
    var variants = 3

    @Option(help: "Shuffled versions of the printed exam, each with its own answer key (1 to \(BankOptions.maxVersions)).")
    var versions = 2

    @Option(help: "Seed of the variants and of the shuffles: the same seed gives the same files.")
    var seed: UInt64 = 1

    @Option(help: "Output folder: missing, empty, or one this command wrote (it holds .kmemguide-bank); replaced as a whole only when the whole export succeeds.")
    var out = "banks"

    @OptionGroup var library: LibraryOptions

    /// Benchmarks: export this many synthetic questions (the test samples, repeated) instead
    /// of the content's, streamed without holding them in memory.
    @Option(help: .hidden)
    var synthetic: Int?

    func run() throws {
        try reporting {
            let formats = try Self.parseList(format, all: BankFormat.allCases, what: "format") { BankFormat(rawValue: $0) }
            let languages = try Self.parseList(lang, all: Language.allCases, what: "language") { Language(rawValue: $0) }
            // Upper limits keep an export to seconds (see BankOptions).
            guard (1...BankOptions.maxVariants).contains(variants) else {
                throw Diagnostic(.usage, "--variants must be from 1 to \(BankOptions.maxVariants), not \(variants)", hint: "give the number of instances per family, e.g. --variants 3")
            }
            guard (1...BankOptions.maxVersions).contains(versions) else {
                throw Diagnostic(.usage, "--versions must be from 1 to \(BankOptions.maxVersions), not \(versions)", hint: "give the number of exam versions, e.g. --versions 2")
            }
            let kindSet = try Self.parseKinds(kinds)
            try BankExporter.checkReplaceable(try OutputFolder.path(out))
            let options = BankOptions(formats: formats, languages: languages, output: URL(fileURLWithPath: out),
                                      versions: versions, seed: seed, variants: variants)

            let report: BankReport
            if let synthetic {
                guard synthetic >= 0 else { throw Diagnostic(.usage, "--synthetic must be at least 0", hint: "give a count of questions") }
                report = try BankExporter.export(SyntheticBank(count: synthetic), options: options)
            } else {
                let lib = try library.library()
                let known = lib.topicSlugs()
                let topicSet = try Self.parseTopics(topics, known: known)
                let authored = try lib.loadQuestions(topics: known)
                let questions = QuestionSet.build(authored: authored, variants: variants, seed: seed, topics: topicSet,
                                                  kinds: kindSet, difficulty: nil)
                guard !questions.isEmpty else {
                    throw Diagnostic(.usage, "no question matches the --topic and --kind given",
                                     hint: "widen the selection; `kmemguide bank --help` lists the kinds")
                }
                report = try BankExporter.export(questions, options: options)
            }
            print("wrote \(report.questions) questions × \(languages.count) language\(languages.count == 1 ? "" : "s") into \(out)/: "
                  + report.files.joined(separator: ", "))
        }
    }

    /// `a,b,c` or `all` into known values; an unknown name is a usage error listing the valid ones.
    static func parseList<T: RawRepresentable>(_ text: String, all: [T], what: String, make: (String) -> T?) throws(Diagnostic) -> [T]
    where T.RawValue == String {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard !names.isEmpty else {
            throw Diagnostic(.usage, "no \(what) given", hint: "choose from \(all.map(\.rawValue).joined(separator: ", ")) or all")
        }
        if names.contains("all") { return all }
        var out: [T] = []
        for n in names {
            guard let v = make(n) else {
                throw Diagnostic(.usage, "unknown \(what) `\(n)`", hint: "choose from \(all.map(\.rawValue).joined(separator: ", ")) or all")
            }
            if !out.contains(where: { $0.rawValue == v.rawValue }) { out.append(v) }
        }
        // Always in the canonical order, whatever order they were typed in.
        return all.filter { a in out.contains { $0.rawValue == a.rawValue } }
    }

    static func parseKinds(_ names: [String]) throws(Diagnostic) -> Set<QuestionKind>? {
        let list = names.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } }.filter { !$0.isEmpty }
        guard !list.isEmpty else { return nil }
        var out = Set<QuestionKind>()
        for n in list {
            guard let k = QuestionKind(rawValue: n) else {
                throw Diagnostic(.usage, "unknown kind `\(n)`", hint: "choose from \(QuestionKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            out.insert(k)
        }
        return out
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
