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

    /// The questions of the site's banks and browser quiz.
    static func questions(_ source: SourceTree, topics: Set<String>, families: [QuestionFamily]) throws(DiagnosticList) -> [Question] {
        let authored = try QuestionLoader.load(source, topics: topics)
        return QuestionSet.build(authored: authored, families: families, variants: variants, seed: seed, topics: nil, kinds: nil, difficulty: nil)
    }

    static func write(site: ContentSite, into staging: URL) throws(DiagnosticList) -> Result {
        let questions = try questions(site.source, topics: Set(site.topics.map(\.slug)), families: site.teaching.families)
        let folder = staging.appendingPathComponent("downloads")
        let report: BankReport
        do {
            report = try BankExporter.export(questions, options: BankOptions(output: folder, versions: versions, seed: seed, variants: variants))
        } catch { throw DiagnosticList([error]) }
        var json: [Language: String] = [:], grading: [Language: String] = [:]
        for lang in Language.allCases {
            grading[lang] = BrowserGrading.json(questions, lang: lang)
            let url = folder.appendingPathComponent("bank-\(lang.rawValue).json")
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw DiagnosticList([Diagnostic(.software, at: SourceLocation(file: url.path), "the bank export wrote no JSON for \(lang.rawValue)", hint: "report this: it is a bug of kmemguide")])
            }
            json[lang] = String(decoding: data, as: UTF8.self)
        }
        // The marker only guards `kmemguide bank --out`; the site has no use for it.
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(BankExporter.marker))
        return Result(files: report.files, questionCount: report.questions, json: json, grading: grading)
    }

    /// What the downloads page lists for one language.
    static func entries(_ files: [String], lang: Language, ui: UIStrings) -> [[String: Any]] {
        let l = lang.rawValue
        let kinds: [(String, (String) -> Bool)] = [
            ("moodle", { $0 == "moodle-\(l).xml" }), ("qti21", { $0 == "qti21-\(l).zip" }), ("gift", { $0 == "kmemguide-\(l).gift" }),
            ("anki", { $0 == "anki-\(l).apkg" || $0 == "anki-\(l).txt" }), ("json", { $0 == "bank-\(l).json" || $0 == "bank.schema.json" }),
            ("csv", { $0 == "bank-\(l).csv" }), ("print", { $0.hasPrefix("exam-") && $0.contains("-\(l)") }),
        ]
        return kinds.map { key, match in
            ["format": ui("downloads.format.\(key)", lang), "description": ui("downloads.about.\(key)", lang),
             "files": files.filter(match).map { ["name": $0, "href": "../../downloads/\($0)"] as [String: Any] }]
        }
    }
}
