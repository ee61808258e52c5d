import Foundation
import KmemCore
import KmemQuestions

/// An Anki package (`anki-<lang>.apkg`, File → Import in Anki 2.1 or later): a zip holding
/// `collection.anki2` (a SQLite collection in Anki's legacy schema 11, which every Anki still
/// imports) and `media` (`{}`: the cards use no media files).
///
/// - Note type `kmemguide` (a fixed id, so a re-import finds it again) with the fields
///   Question, Answer, Explanation, Details: English names that do not depend on the language
///   of Anki's interface; left-aligned styling; CJK fonts; nothing in italic.
/// - Each field's text is wrapped in `<div lang="…">`, so Anki and the system choose the
///   right glyphs for Chinese and Japanese.
/// - One deck per language and topic: `kmemguide::<lang>::<topic>` (parents included).
/// - GUID `kmemguide:<lang>:<id>`, note and card ids derived from it: importing a newer bank
///   updates the notes instead of adding copies. Timestamps are fixed, so two runs write the
///   same bytes; to take the text of a newer bank over an older import, choose "Update notes:
///   always" in Anki's import dialog.
final class AnkiPackageWriter: FormatWriter {
    static let modelID: Int64 = 1_733_000_000_001
    static let modelName = "kmemguide"
    static let fields = ["Question", "Answer", "Explanation", "Details"]
    /// 2024-12-01 00:00 UTC, in seconds: every `mod` of the collection.
    static let time: Int64 = 1_733_011_200

    private let url: URL
    private let dbURL: URL
    private let db: SQLiteDB
    private let insertNote: SQLiteDB.Statement
    private let insertCard: SQLiteDB.Statement
    private let lang: Language
    private let words: ExportWords
    private let seed: UInt64
    private var decks: [String: Int64] = [:]
    private var deckOrder: [String] = []
    private var position: Int64 = 0
    private var noteIDs = Set<Int64>()

    init(_ url: URL, lang: Language, seed: UInt64, staging: URL, words: ExportWords) throws(Diagnostic) {
        self.url = url
        self.lang = lang
        self.words = words
        self.seed = seed
        dbURL = staging.appendingPathComponent(".\(url.lastPathComponent).anki2")
        db = try SQLiteDB(creating: dbURL)
        // Fixed page size and no journal: the same rows give the same file.
        try db.exec("PRAGMA page_size = 4096; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        try db.exec(Self.schema)
        try db.exec("BEGIN")
        insertNote = try db.prepare("INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')")
        insertCard = try db.prepare("INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')")
    }

    /// A positive id of 13 digits (Anki's ids are millisecond times) from a name.
    static func id(_ name: String) -> Int64 {
        1_500_000_000_000 + Int64(BankText.fnv1a(name) % 400_000_000_000)
    }

    private func deckID(_ name: String) -> Int64 {
        if let d = decks[name] { return d }
        // Parents first, so every level exists in the collection.
        let parts = name.components(separatedBy: "::")
        if parts.count > 1 { _ = deckID(parts.dropLast().joined(separator: "::")) }
        let d = Self.id("deck:" + name)
        decks[name] = d
        deckOrder.append(name)
        return d
    }

    func write(_ q: Question) throws(Diagnostic) {
        let wrap = { (html: String) in "<div lang=\"\(self.lang.htmlLang)\">\(html)</div>" }
        let l = words.labels(lang)
        let details = "\(BankText.xml(l.topic)): \(BankText.xml(q.topic)) · \(BankText.xml(l.difficulty)): \(q.difficulty)"
            + " · \(q.kind.rawValue) · <code>\(BankText.xml(q.id))</code>"
        let fields = [
            wrap(AnkiWriter.front(q, lang: lang, seed: seed, words: words)),
            wrap(AnkiWriter.answer(q, lang: lang, seed: seed, words: words)),
            wrap(BankText.html(q.explanation[lang])),
            wrap(details),
        ]
        let guid = "kmemguide:\(lang.rawValue):\(q.id)"
        var nid = Self.id("note:" + guid)
        while !noteIDs.insert(nid).inserted { nid += 1 }  // ids must be unique; a hash may collide
        var tags = ["kmemguide", "topic::\(AnkiWriter.clean(q.topic))", "kind::\(q.kind.rawValue)", "difficulty::\(q.difficulty)"]
        if let f = q.family { tags.append("family::\(AnkiWriter.clean(f))") }
        let sort = Self.stripHTML(fields[0])
        let csum = Int64(SHA1.hex(sort).prefix(8), radix: 16) ?? 0
        try db.run(insertNote, [.int(nid), .text(guid), .int(Self.modelID), .int(Self.time), .text(" " + tags.joined(separator: " ") + " "),
                                .text(fields.joined(separator: "\u{1F}")), .text(sort), .int(csum)])
        let did = deckID("kmemguide::\(lang.rawValue)::\(AnkiWriter.clean(q.topic))")
        try db.run(insertCard, [.int(nid + 1), .int(nid), .int(did), .int(Self.time), .int(position)])
        position += 1
    }

    func finish() throws(Diagnostic) {
        try db.exec("INSERT INTO col VALUES (1, \(Self.time), \(Self.time * 1000), \(Self.time * 1000), 11, 0, 0, 0, "
                    + "\(sql(Self.conf)), \(sql(models)), \(sql(decksJSON)), \(sql(Self.dconf)), '{}')")
        try db.exec("COMMIT")
        db.close()
        let zip = try ZipWriter(url, scratch: url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).central"))
        do {
            try zip.add("collection.anki2", file: dbURL)
            try zip.add("media", Array("{}".utf8))
            try zip.finish()
        } catch {
            zip.abandon()
            unlink(dbURL.path)
            throw error
        }
        unlink(dbURL.path)
    }

    func abandon() {
        db.close()
        unlink(dbURL.path)
    }

    private func sql(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The first field as Anki's sort field: text without tags, entities decoded for the
    /// common five.
    static func stripHTML(_ html: String) -> String {
        var out = ""
        var inTag = false
        for ch in html {
            if ch == "<" { inTag = true } else if ch == ">" { inTag = false } else if !inTag { out.append(ch) }
        }
        return BankText.replace(out, [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")])
    }

    // MARK: The collection's JSON

    private var decksJSON: String {
        var entries = ["\"1\": " + Self.deck(id: 1, name: "Default")]
        for name in deckOrder { entries.append("\"\(decks[name]!)\": " + Self.deck(id: decks[name]!, name: name)) }
        return "{" + entries.joined(separator: ", ") + "}"
    }

    private static func deck(id: Int64, name: String) -> String {
        "{\"id\": \(id), \"name\": \(BankText.json(name)), \"mod\": \(time), \"usn\": -1, \"desc\": \"\", \"dyn\": 0, \"conf\": 1, "
            + "\"collapsed\": false, \"browserCollapsed\": false, \"extendNew\": 0, \"extendRev\": 0, "
            + "\"newToday\": [0, 0], \"revToday\": [0, 0], \"lrnToday\": [0, 0], \"timeToday\": [0, 0]}"
    }

    private var models: String {
        let flds = Self.fields.enumerated().map { i, name in
            "{\"name\": \"\(name)\", \"ord\": \(i), \"sticky\": false, \"rtl\": false, \"font\": \"Noto Sans\", \"size\": 18, \"media\": []}"
        }.joined(separator: ", ")
        let qfmt = "<div class=\"kmem\">{{Question}}</div>"
        let afmt = "{{FrontSide}}<hr id=\"answer\"><div class=\"kmem\">{{Answer}}</div>"
            + "<div class=\"kmem explanation\">{{Explanation}}</div><div class=\"kmem details\">{{Details}}</div>"
        let tmpl = "{\"name\": \"Card 1\", \"ord\": 0, \"qfmt\": \(BankText.json(qfmt)), \"afmt\": \(BankText.json(afmt)), "
            + "\"bqfmt\": \"\", \"bafmt\": \"\", \"did\": null}"
        let deck = decks["kmemguide::\(lang.rawValue)"] ?? 1
        return "{\"\(Self.modelID)\": {\"id\": \(Self.modelID), \"name\": \"\(Self.modelName)\", \"type\": 0, \"mod\": \(Self.time), "
            + "\"usn\": -1, \"sortf\": 0, \"did\": \(deck), \"tmpls\": [\(tmpl)], \"flds\": [\(flds)], \"css\": \(BankText.json(Self.css)), "
            + "\"latexPre\": \(BankText.json(Self.latexPre)), \"latexPost\": \"\\\\end{document}\", \"latexsvg\": false, "
            + "\"tags\": [], \"vers\": [], \"req\": [[0, \"any\", [0]]]}}"
    }

    static let css = """
    .card { font-family: "Noto Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "PingFang SC", "Hiragino Sans", sans-serif; \
    font-size: 18px; line-height: 1.5; text-align: left; color: black; background-color: white; }
    .kmem { text-align: left; max-width: 42em; margin: 0 auto; }
    .kmem code, .kmem pre { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 0.92em; }
    .kmem pre { white-space: pre-wrap; border-left: 3px solid #999; padding-left: 0.6em; }
    .kmem ol, .kmem ul { padding-left: 1.6em; }
    .explanation { margin-top: 1em; }
    .details { margin-top: 1em; font-size: 0.8em; color: #555; }
    .nightMode .details { color: #aaa; }
    :lang(zh) i, :lang(ja) i, :lang(zh) em, :lang(ja) em { font-style: normal; }
    """

    static let latexPre = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n"
        + "\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n"

    static let conf = "{\"activeDecks\": [1], \"curDeck\": 1, \"newSpread\": 0, \"collapseTime\": 1200, \"timeLim\": 0, "
        + "\"estTimes\": true, \"dueCounts\": true, \"curModel\": \(modelID), \"nextPos\": 1, \"sortType\": \"noteFld\", "
        + "\"sortBackwards\": false, \"addToCur\": true}"

    static let dconf = "{\"1\": {\"id\": 1, \"name\": \"Default\", \"mod\": 0, \"usn\": 0, \"maxTaken\": 60, \"autoplay\": true, "
        + "\"timer\": 0, \"replayq\": true, \"dyn\": false, "
        + "\"new\": {\"bury\": true, \"delays\": [1, 10], \"initialFactor\": 2500, \"ints\": [1, 4, 7], \"order\": 1, \"perDay\": 20, \"separate\": true}, "
        + "\"rev\": {\"bury\": true, \"ease4\": 1.3, \"fuzz\": 0.05, \"ivlFct\": 1, \"maxIvl\": 36500, \"minSpace\": 1, \"perDay\": 200}, "
        + "\"lapse\": {\"delays\": [10], \"leechAction\": 0, \"leechFails\": 8, \"minInt\": 1, \"mult\": 0}}}"

    static let schema = """
    CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
      ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
      models text not null, decks text not null, dconf text not null, tags text not null);
    CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
      usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
      flags integer not null, data text not null);
    CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
      mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
      ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null,
      odue integer not null, odid integer not null, flags integer not null, data text not null);
    CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
      ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
    CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
    CREATE INDEX ix_notes_usn on notes (usn);
    CREATE INDEX ix_cards_usn on cards (usn);
    CREATE INDEX ix_revlog_usn on revlog (usn);
    CREATE INDEX ix_cards_nid on cards (nid);
    CREATE INDEX ix_cards_sched on cards (did, queue, due);
    CREATE INDEX ix_revlog_cid on revlog (cid);
    CREATE INDEX ix_notes_csum on notes (csum);
    """
}
