import Foundation
import KmemCore
import KmemQuestions
import Testing
import TestSupport
@testable import KmemQuiz

/// The browser quiz's progress is the terminal quiz's progress.json: a file written by
/// `kmemguide quiz` is read by quiz-core.js in headless Chromium (same cards, same due dates
/// on the next review, written back unchanged), and a file exported by the browser is read by
/// `kmemguide quiz --mode review` (its cards count as due, none is repaired or moved aside, and
/// the ones not asked are kept as they were).
@Suite(.serialized, .enabled(if: Binary.url != nil, "the kmemguide binary is not built: run `swift build` first"))
struct BrowserProgressTests {
    let content = Fixture.content()

    func args(_ extra: [String], state: URL) -> [String] {
        ["quiz", "--content", content.path, "--topic", "quizdemo", "--topic", "quizchoice", "--state-dir", state.path] + extra
    }

    func plan(seed: UInt64, count: Int) -> [QuizItem] {
        let pool = QuestionSet.build(authored: Fixture.questions, families: Generated.families, variants: 1, seed: seed, topics: Fixture.topics, kinds: nil, difficulty: 1...3)
        return QuestionSet.draw(pool, count: count, seed: seed).map { QuizItem(question: $0, seed: seed) }
    }

    static func json(_ obj: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self)
    }

    static let importScript = """
    var f = data("file"), P = KmemQuiz.progress, T = f.at;
    var read = P.decode(f.text, T);
    var exported = P.encode(read.book);
    // Imported into a browser that has a card of its own and an older card of one of the file's questions.
    var mine = P.empty();
    P.review(mine, "browser-only", "quizdemo", 3, T - 30 * 86400);
    P.review(mine, f.older, "quizdemo", 1, T - 400 * 86400);
    var changed = P.merge(mine, read.book);
    var merged = Object.keys(mine.cards).sort(), olderNow = mine.cards[f.older].card.lastReview;
    var again = P.decode(exported, T).book, dues = {};
    Object.keys(again.cards).forEach(function (id) { dues[id] = P.review(again, id, again.cards[id].topic, 3, T).due; });
    window.kmemResult = { repaired: read.repaired, exported: exported, changed: changed, merged: merged, olderNow: olderNow, dues: dues };
    """

    @Test(.enabled(if: Chromium.shouldRun, Chromium.skipReason))
    func progressFromTheTerminalQuizWorksInTheBrowser() throws {
        let state = Fixture.tempDir("to-browser")
        defer { try? FileManager.default.removeItem(at: state) }
        let items = plan(seed: 1, count: 3)
        let answers = [Fixture.rightInput(items[0]), Fixture.wrongInput(items[1]), Fixture.rightInput(items[2])]
        let r = try Binary.run(args(["--count", "3", "--seed", "1"], state: state), stdin: answers.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        let file = state.appendingPathComponent("progress.json")
        let text = String(decoding: try #require(FileManager.default.contents(atPath: file.path)), as: UTF8.self)
        let loaded = ProgressStore(directory: state).load()
        #expect(loaded.issue == nil)
        let book = loaded.book
        try #require(book.cards.count == 3)

        let at = (Date().timeIntervalSince1970 + 30 * 86400).rounded(.down)
        let older = items[0].question.id
        let result = try Chromium.evaluate(assets: ["quiz-core.js"], data: ["file": try Self.json(["text": text, "at": at, "older": older])],
                                           script: Self.importScript)
        let out = try #require(try JSONSerialization.jsonObject(with: result) as? [String: Any])
        #expect((out["repaired"] as? [Any])?.isEmpty == true)
        // Written back, the file holds exactly what the terminal wrote.
        let exported = try #require(out["exported"] as? String)
        let back = try ProgressBook.decoder().decode(ProgressBook.self, from: Data(exported.utf8))
        #expect(back == book, "the browser's export of the terminal's file decodes to the same progress")
        // Import keeps the browser's own card and takes the file's newer one.
        #expect(out["changed"] as? Int == 3)
        #expect(out["merged"] as? [String] == (["browser-only"] + book.cards.keys).sorted())
        #expect(out["olderNow"] as? Double == book.cards[older]?.card.lastReview?.timeIntervalSince1970)
        // The next review of each card is due when the terminal quiz would make it due.
        let dues = try #require(out["dues"] as? [String: Double])
        for (id, entry) in book.cards {
            var b = book
            let when = Date(timeIntervalSince1970: at)
            let card = b.review(id: id, topic: entry.topic, rating: .good, at: when, scheduler: FSRSScheduler(),
                                random: ProgressBook.fuzzRandom(id: id, at: when))
            #expect(dues[id] == card.due.timeIntervalSince1970, "\(id): browser \(String(describing: dues[id])), terminal \(card.due.timeIntervalSince1970)")
        }
    }

    struct Review: Codable { var id: String; var topic: String; var rating: Int; var at: Double }

    static let exportScript = """
    var P = KmemQuiz.progress, book = P.empty();
    data("reviews").forEach(function (r) { P.review(book, r.id, r.topic, r.rating, r.at); });
    window.kmemResult = { text: P.encode(book) };
    """

    @Test(.enabled(if: Chromium.shouldRun, Chromium.skipReason))
    func progressExportedByTheBrowserWorksInTheTerminal() throws {
        let now = Date().timeIntervalSince1970.rounded(.down)
        let day = 86400.0
        // Due now: a card reviewed ten days ago (its steps long past), one failed ten days ago, a
        // learning step that came due a minute ago. Not due: one rated easy yesterday. Kept: a
        // question the content no longer has.
        let reviews = [
            Review(id: "qd-page-offset", topic: "quizdemo", rating: 3, at: now - 10 * day),
            Review(id: "qd-page-offset", topic: "quizdemo", rating: 3, at: now - 10 * day + 600),
            Review(id: "qd-order-pages", topic: "quizdemo", rating: 1, at: now - 10 * day),
            Review(id: "qc-contiguous", topic: "quizchoice", rating: 3, at: now - 660),
            Review(id: "qc-may-sleep", topic: "quizchoice", rating: 4, at: now - day),
            Review(id: "retired/question-1", topic: "quizdemo", rating: 3, at: now - 2 * day),
        ]
        let result = try Chromium.evaluate(assets: ["quiz-core.js"], data: ["reviews": String(decoding: try JSONEncoder().encode(reviews), as: UTF8.self)],
                                           script: Self.exportScript)
        let text = try #require((try JSONSerialization.jsonObject(with: result) as? [String: Any])?["text"] as? String)

        // The terminal's own scheduler on the same answers at the same times.
        var expected = ProgressBook()
        for r in reviews {
            let at = Date(timeIntervalSince1970: r.at)
            expected.review(id: r.id, topic: r.topic, rating: FSRSRating(rawValue: r.rating)!, at: at, scheduler: FSRSScheduler(),
                            random: ProgressBook.fuzzRandom(id: r.id, at: at))
        }
        let state = Fixture.tempDir("from-browser")
        defer { try? FileManager.default.removeItem(at: state) }
        try Data(text.utf8).write(to: state.appendingPathComponent("progress.json"))
        let loaded = ProgressStore(directory: state).load()
        #expect(loaded.issue == nil, "the browser's file is read as it is (not repaired, not moved aside)")
        let browser = loaded.book
        #expect(Set(browser.cards.keys) == Set(expected.cards.keys))
        for (id, want) in expected.cards {
            let have = try #require(browser.cards[id])
            #expect(have.card.due == want.card.due && have.card.lastReview == want.card.lastReview, "\(id): due \(have.card.due) vs \(want.card.due)")
            #expect(have.card.state == want.card.state && have.card.step == want.card.step, "\(id)")
            #expect(have.reviews == want.reviews && have.lapses == want.lapses && have.lastRating == want.lastRating && have.topic == want.topic, "\(id)")
            for (x, y) in [(have.card.stability, want.card.stability), (have.card.difficulty, want.card.difficulty)] {
                #expect(abs((x ?? .nan) - (y ?? .nan)) <= 1e-12 * max(1, abs(y ?? 1)), "\(id): \(String(describing: x)) vs \(String(describing: y))")
            }
        }

        // Review in the terminal: the browser's due cards come first, most overdue first.
        let pool = Set(Fixture.questions.map(\.id))
        let due = expected.cards.filter { pool.contains($0.key) && $0.value.card.due.timeIntervalSince1970 <= now + QuizPlanner.learnAhead }
            .sorted { ($0.value.card.due, $0.key) < ($1.value.card.due, $1.key) }
        #expect(due.map(\.key).sorted() == ["qc-contiguous", "qd-order-pages", "qd-page-offset"])
        let fresh = pool.subtracting(expected.cards.keys).count
        let first = QuizItem(question: Fixture.question(due[0].key), seed: 1)
        let r = try Binary.run(args(["--mode", "review", "--count", "50", "--seed", "1"], state: state), stdin: Fixture.rightInput(first) + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Review: \(due.count) due, \(fresh) new."), "\(r.stdout.prefix(300))")
        #expect(r.stdout.contains(first.question.prompt.en.prefix(30)))
        #expect(!r.stderr.contains("kmemguide:"), "no warning about the progress file: \(r.stderr)")
        // Saved again by the terminal: the answered card moved on, every other card as the browser wrote it.
        let after = ProgressStore(directory: state).load().book
        #expect(Set(after.cards.keys) == Set(browser.cards.keys))
        for (id, card) in browser.cards where id != first.question.id { #expect(after.cards[id] == card, "\(id) unchanged") }
        #expect(after.cards[first.question.id]?.reviews == (browser.cards[first.question.id]?.reviews ?? 0) + 1)
        #expect(after.cards[first.question.id]?.lastRating == .good)
    }
}
