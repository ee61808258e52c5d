import Foundation
import KmemCore
import KmemQuestions

/// The export formats of `kmemguide bank`.
public enum BankFormat: String, CaseIterable, Sendable, Hashable {
    case moodle, gift, qti21, canvas, anki, apkg, json, csv, print, pdf

    /// What `--format all` means: every format but `pdf`, which needs Chromium (ask for it by name).
    public static let everyday: [BankFormat] = allCases.filter { $0 != .pdf }

    /// The files one language gives (print: per version).
    public func fileNames(_ lang: Language, versions: Int) -> [String] {
        let l = lang.rawValue
        switch self {
        case .moodle: return ["moodle-\(l).xml"]
        case .gift: return ["kmemguide-\(l).gift"]
        case .qti21: return ["qti21-\(l).zip"]
        case .canvas: return ["canvas-\(l).zip"]
        case .anki: return ["anki-\(l).txt"]
        case .apkg: return ["anki-\(l).apkg"]
        case .json: return ["bank-\(l).json"]
        case .csv: return ["bank-\(l).csv"]
        case .print: return (1...max(1, versions)).flatMap { [PrintExam.examName($0, lang), PrintExam.keyName($0, lang)] }
        case .pdf: return (1...max(1, versions)).flatMap { [PrintExam.pdfName(PrintExam.examName($0, lang)), PrintExam.pdfName(PrintExam.keyName($0, lang))] }
        }
    }
}

/// Points of a question, by its difficulty (1, 2, 3): 1, 2 and 3 unless the teacher says
/// otherwise. Moodle's default grade, QTI's item weight, the printed exam.
public struct Points: Sendable, Hashable {
    public var byDifficulty: [Int]
    public init(byDifficulty: [Int]) { self.byDifficulty = byDifficulty }
    public static let standard = Points(byDifficulty: [1, 2, 3])
    public func of(_ q: Question) -> Int {
        guard !byDifficulty.isEmpty else { return 1 }
        return byDifficulty[min(max(q.difficulty, 1), byDifficulty.count) - 1]
    }
}

public struct BankOptions: Sendable {
    public var formats: [BankFormat]
    public var languages: [Language]
    /// The output folder, replaced as a whole when the export succeeds.
    public var output: URL
    /// Shuffled versions of the printed exam (≥ 1).
    public var versions: Int
    /// Seeds the shuffles (print versions, display order of matching and ordering items).
    public var seed: UInt64
    /// Recorded in the JSON header: how many variants of each family the bank holds.
    public var variants: Int
    /// Upper limits, so an export finishes in seconds: every variant is one more simulated
    /// instance of each family (20,000 took 175 s and 1.6 GB; 100 take 5 s, 500 take 12 s in a
    /// release build on the 2-core development machine), every version one more shuffled exam
    /// and key per language (100: 6 s).
    public static let maxVariants = 200
    public static let maxVersions = 100
    /// Points per question.
    public var points: Points = .standard
    /// An assembled exam: its versions are printed, its families' variants go to the other
    /// formats (instead of the questions passed to `export`).
    public var exam: Exam? = nil
    /// `--format pdf`: the browser to print with (a path or a name on PATH); nil: the first
    /// of `Chromium.names` on PATH.
    public var chromium: String? = nil
    /// The words the files say themselves (ui.yaml `export.*`).
    public var words: ExportWords
    /// Testing: fail after this many items have been written, as a full disk would.
    var failAfter: Int? = nil

    /// The default formats are those the site's downloads page offers (KmemSite.Downloads);
    /// the CLI always passes its own list.
    public init(formats: [BankFormat] = [.moodle, .gift, .qti21, .anki, .apkg, .json, .csv, .print], languages: [Language] = Language.allCases, output: URL,
                versions: Int = 2, seed: UInt64 = 1, variants: Int = 3, words: ExportWords) {
        self.formats = formats; self.languages = languages; self.output = output
        self.versions = versions; self.seed = seed; self.variants = variants; self.words = words
    }
}

public struct BankReport: Sendable {
    public var questions: Int
    /// File names written into the output folder, sorted.
    public var files: [String]
}

protocol FormatWriter: AnyObject {
    func write(_ q: Question) throws(Diagnostic)
    func finish() throws(Diagnostic)
    func abandon()
}

extension FormatWriter {
    func abandon() {}
}

/// Writes every format and language of one run into a staging folder beside the output and
/// swaps it in only when everything succeeded: a run that fails half-way leaves the previous
/// output untouched and no partial file anywhere.
///
/// Streaming: each format writes item by item to its own file handle (a temporary file,
/// renamed at the end); the questions are read once, in order, for all streaming formats,
/// and by index for the printed versions. Streaming formats list the questions grouped by
/// topic (stable), so Moodle and GIFT have one category per topic.
public enum BankExporter {
    /// Positions of the questions with each topic's questions together and, within a topic,
    /// each family's variants together: topics in the order they first appear, families in
    /// the order they first appear within their topic, questions in their order (stable).
    /// Moodle and GIFT then have one category per topic and a subcategory per family, QTI a
    /// section per family. An `Int` or two per question; the questions are not kept.
    static func groupedByTopic<C: RandomAccessCollection>(_ questions: C) -> [Int] where C.Element == Question {
        var topicOrder: [String: Int] = [:]
        var groupOrder: [String: Int] = [:]
        var keys: [(topic: Int, group: Int)] = []
        keys.reserveCapacity(questions.count)
        for q in questions {
            if topicOrder[q.topic] == nil { topicOrder[q.topic] = topicOrder.count }
            let g = q.topic + "\u{0}" + (q.family ?? "")
            if groupOrder[g] == nil { groupOrder[g] = groupOrder.count }
            keys.append((topicOrder[q.topic]!, groupOrder[g]!))
        }
        return keys.indices.sorted { (keys[$0].topic, keys[$0].group, $0) < (keys[$1].topic, keys[$1].group, $1) }
    }

    /// Marks a folder as written by `kmemguide bank`: only such a folder (or an empty one,
    /// or none) is replaced, so `--out .` can never wipe a project (see `OutputFolder`).
    public static let marker = OutputFolder.Kind.bank.marker

    public static func export<C: RandomAccessCollection>(_ questions: C, options: BankOptions) throws(Diagnostic) -> BankReport
    where C.Element == Question {
        guard (1...BankOptions.maxVersions).contains(options.versions) else {
            throw Diagnostic(.usage, "--versions must be from 1 to \(BankOptions.maxVersions), not \(options.versions)",
                             hint: "give the number of exam versions, e.g. --versions 2")
        }
        guard !options.formats.isEmpty, !options.languages.isEmpty else {
            throw Diagnostic(.usage, "nothing to export: no format or no language chosen", hint: "give at least one --format and one --lang")
        }
        let folder = OutputFolder(options.output, kind: .bank)
        try folder.prepare()
        let staging = try folder.stage(tag: "bank")
        do {
            let files = try writeAll(questions, options: options, into: staging)
            try folder.swapIn(staging)
            return BankReport(questions: questions.count, files: files)
        } catch {
            SafeFiles.discard(staging)
            throw error
        }
    }

    /// Every format and language into `folder`, which the caller owns and has made (the site's
    /// staging `downloads/`): no marker, no swap — the caller's own output is swapped in whole.
    public static func write<C: RandomAccessCollection>(_ questions: C, options: BankOptions, into folder: URL) throws(Diagnostic) -> BankReport
    where C.Element == Question {
        BankReport(questions: questions.count, files: try writeAll(questions, options: options, into: folder))
    }

    /// Refuses to replace a file, or a folder that holds files and was not written by us.
    /// `export` checks it; the CLI also calls it first, before loading the questions.
    public static func checkReplaceable(_ out: URL) throws(Diagnostic) {
        try OutputFolder(out, kind: .bank).prepare()
    }

    static func writeAll<C: RandomAccessCollection>(_ questions: C, options: BankOptions, into staging: URL) throws(Diagnostic) -> [String]
    where C.Element == Question {
        let count = questions.count
        var writers: [FormatWriter] = []
        var committed = false
        defer { if !committed { for w in writers { w.abandon() } } }
        for lang in options.languages {
            let header = "kmemguide question bank — \(lang.nativeName) (\(lang.rawValue)) — \(count) questions, seed \(options.seed)"
            for format in options.formats {
                let url = staging.appendingPathComponent(format.fileNames(lang, versions: options.versions)[0])
                switch format {
                case .moodle: writers.append(try MoodleWriter(url, lang: lang, header: header, points: options.points, seed: options.seed))
                case .gift: writers.append(try GIFTWriter(url, lang: lang, header: header, seed: options.seed))
                case .qti21: writers.append(try QTIWriter(url, lang: lang, seed: options.seed, points: options.points, staging: staging, words: options.words))
                case .canvas: writers.append(try CanvasWriter(url, lang: lang, seed: options.seed, points: options.points, staging: staging, words: options.words))
                case .anki: writers.append(try AnkiWriter(url, lang: lang, seed: options.seed, words: options.words))
                case .apkg: writers.append(try AnkiPackageWriter(url, lang: lang, seed: options.seed, staging: staging, words: options.words))
                case .json: writers.append(try JSONWriter(url, lang: lang, seed: options.seed, variants: options.variants, count: count, points: options.points))
                case .csv: writers.append(try CSVWriter(url, lang: lang, points: options.points, words: options.words))
                case .print, .pdf: break
                }
            }
        }
        // Items written so far, streaming and printed (for the injected failure of the tests).
        var processed = 0
        let check = { () throws(Diagnostic) in
            if let limit = options.failAfter, processed >= limit {
                throw Diagnostic(.cantCreate, "injected failure after \(limit) questions", hint: "this failure is injected by a test")
            }
            processed += 1
        }
        var ids = Set<UInt64>()  // hashes, not strings: memory stays small at 100,000 questions
        for i in groupedByTopic(questions) {
            let q = Fair.arranged(questions[questions.index(questions.startIndex, offsetBy: i)], seed: options.seed)
            try check()
            try BankCheck.validate(q)
            guard ids.insert(BankText.fnv1a(q.id)).inserted else {
                throw Diagnostic(.data, "question id `\(q.id)` appears twice", hint: "give each question its own id")
            }
            for w in writers { try w.write(q) }
        }
        for w in writers { try w.finish() }
        committed = true
        // PDFs are printed from the print HTML: the output's own when `print` is asked for
        // too, else a hidden copy that is removed afterwards.
        let wantsPDF = options.formats.contains(.pdf)
        var browser: String? = nil
        if wantsPDF {
            browser = Chromium.find(explicit: options.chromium)
            guard browser != nil else { throw Chromium.missing(explicit: options.chromium) }
        }
        if options.formats.contains(.print) || wantsPDF {
            let htmlFolder = options.formats.contains(.print) ? staging : staging.appendingPathComponent(".print-for-pdf", isDirectory: true)
            if htmlFolder != staging {
                do { try FileManager.default.createDirectory(at: htmlFolder, withIntermediateDirectories: true) } catch {
                    throw Diagnostic(.cantCreate, at: SourceLocation(file: htmlFolder.path), "cannot create a folder", hint: "check the output folder")
                }
            }
            defer { if htmlFolder != staging { SafeFiles.discard(htmlFolder) } }
            if let exam = options.exam {
                try PrintExam.write(count: exam.versions.first?.count ?? 0, languages: options.languages, versions: exam.versions.count,
                                    seed: options.seed, points: options.points, words: options.words, into: htmlFolder, check: check) { v, i in exam.versions[v - 1][i] }
            } else {
                // The whole bank, in each version's own order: read by index, never copied.
                var order: (version: Int, indices: [Int]) = (0, [])
                try PrintExam.write(count: count, languages: options.languages, versions: options.versions, seed: options.seed,
                                    points: options.points, words: options.words, into: htmlFolder, check: check) { v, i in
                    if order.version != v { order = (v, PrintExam.order(count: count, seed: options.seed, version: v)) }
                    return questions[questions.index(questions.startIndex, offsetBy: order.indices[i])]
                }
            }
            if let browser {
                for lang in options.languages {
                    for html in BankFormat.print.fileNames(lang, versions: options.versions) {
                        try PrintExam.printPDF(browser: browser, html: htmlFolder.appendingPathComponent(html),
                                               into: staging.appendingPathComponent(PrintExam.pdfName(html)))
                    }
                }
            }
        }
        if options.formats.contains(.json) {
            let schema = try OutputFile(staging.appendingPathComponent(BankSchema.fileName))
            try schema.write(BankSchema.text)
            try schema.commit()
        }

        var names = options.languages.flatMap { lang in options.formats.flatMap { $0.fileNames(lang, versions: options.versions) } }
        if options.formats.contains(.json) { names.append(BankSchema.fileName) }
        return names.sorted()
    }
}
