import Foundation
import KmemBank
import KmemContent
import KmemCore
import KmemQuestions

/// The question banks on the site: every export format in every language, written into
/// `downloads/` of the staging folder, and the questions the browser quiz embeds.
enum Downloads {
    /// Fixed so that the committed site is reproducible; the CLI's `bank` command takes its own.
    static let seed: UInt64 = 1
    static let variants = 2
    static let versions = 2

    struct Result {
        var files: [String]
        var questionCount: Int
        /// `bank-<lang>.json`, embedded in that language's quiz page.
        var json: [Language: String]
        /// What the quiz grades with, per language (`BrowserGrading`).
        var grading: [Language: String]
    }

    /// The questions of the site's banks and browser quiz: the authored ones (loaded once, by
    /// the Library) and the families' variants.
    static func questions(authored: [Question], families: [QuestionFamily]) -> [Question] {
        QuestionSet.build(authored: authored, families: families, variants: variants, seed: seed, topics: nil, kinds: nil, difficulty: nil)
    }

    static func write(authored: [Question], families: [QuestionFamily], ui: UIStrings, into staging: URL) throws(DiagnosticList) -> Result {
        let questions = questions(authored: authored, families: families)
        let folder = staging.appendingPathComponent("downloads", isDirectory: true)
        let options = BankOptions(output: folder, versions: versions, seed: seed, variants: variants, words: ExportWords(table: ui.table))
        let report: BankReport
        do throws(Diagnostic) {
            // Into the site's own staging folder: the site is swapped in whole, so no marker
            // or swap of the bank's own.
            guard SafeFiles.makeFolders(folder.path) else {
                throw Diagnostic(.cantCreate, at: SourceLocation(file: folder.path), "cannot make the downloads folder",
                                 hint: "check the permissions and free space of the output's parent folder")
            }
            report = try BankExporter.write(questions, options: options, into: folder)
        } catch { throw DiagnosticList([error]) }
        var json: [Language: String] = [:], grading: [Language: String] = [:]
        for lang in Language.allCases {
            grading[lang] = BrowserGrading.json(questions, lang: lang)
            json[lang] = JSONWriter.document(questions, lang: lang, seed: seed, variants: variants, points: options.points)
        }
        return Result(files: report.files, questionCount: report.questions, json: json, grading: grading)
    }

    /// What the downloads page lists for one language.
    static func entries(_ files: [String], lang: Language, ui: UIStrings) -> [BankLink] {
        let l = lang.rawValue
        let kinds: [(String, (String) -> Bool)] = [
            ("moodle", { $0 == "moodle-\(l).xml" }), ("qti21", { $0 == "qti21-\(l).zip" }), ("gift", { $0 == "kmemguide-\(l).gift" }),
            ("anki", { $0 == "anki-\(l).apkg" || $0 == "anki-\(l).txt" }), ("json", { $0 == "bank-\(l).json" || $0 == "bank.schema.json" }),
            ("csv", { $0 == "bank-\(l).csv" }), ("print", { $0.hasPrefix("exam-") && $0.contains("-\(l)") }),
        ]
        return kinds.map { key, match in
            BankLink(format: ui("downloads.format.\(key)", lang), description: ui("downloads.about.\(key)", lang),
                     files: files.filter(match).map { FileLink(name: $0, href: "../../downloads/\($0)") })
        }
    }
}
