import Foundation
import Testing
@testable import KmemQuiz

@Suite struct ProgressStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_760_000_000)

    func sampleBook() -> ProgressBook {
        var b = ProgressBook()
        b.review(id: "qd-page-offset", topic: "quizdemo", rating: .good, at: t0, scheduler: FSRSScheduler())
        b.review(id: "qc-contiguous", topic: "quizchoice", rating: .again, at: t0, scheduler: FSRSScheduler())
        return b
    }

    func files(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    @Test func savesAndLoadsAtomically() throws {
        let dir = Fixture.tempDir("store").appendingPathComponent("nested/state")
        let store = ProgressStore(directory: dir)
        #expect(store.load(now: t0).book.cards.isEmpty) // no file yet: fresh, no issue
        let book = sampleBook()
        try store.save(book)
        #expect(files(dir) == ["progress.json"], "no temporary file is left behind")
        let loaded = store.load(now: t0)
        #expect(loaded.issue == nil && loaded.canSave)
        #expect(loaded.book.cards.count == 2)
        #expect(loaded.book.cards["qc-contiguous"]?.lapses == 1)
        #expect(loaded.book.cards["qd-page-offset"]?.card.step == 1)
        #expect(loaded.book.cards["qd-page-offset"]?.card.due == book.cards["qd-page-offset"]?.card.due)
        let text = String(decoding: FileManager.default.contents(atPath: store.url.path)!, as: UTF8.self)
        #expect(text.contains("\"version\" : 1") && text.contains("\"last_review\""))
        // Saving again replaces the file whole.
        var more = loaded.book
        more.review(id: "qd-order-pages", topic: "quizdemo", rating: .easy, at: t0, scheduler: FSRSScheduler())
        try store.save(more)
        #expect(store.load(now: t0).book.cards.count == 3)
        #expect(files(dir) == ["progress.json"])
    }

    @Test(arguments: [
        ("{\"version\": 1, \"cards\": ", "not valid JSON"),
        ("", "empty"),
        ("[1, 2, 3]", "wrong type"),
        ("\u{FF}\u{FE}garbage", "JSON"),
    ])
    func corruptFileIsMovedAsideNotOverwritten(content: String, why: String) throws {
        let dir = Fixture.tempDir("corrupt")
        let store = ProgressStore(directory: dir)
        let bytes = Data(content.utf8)
        try bytes.write(to: store.url)
        let loaded = store.load(now: t0)
        guard case .movedAside(let reason, let aside) = loaded.issue else {
            Issue.record("expected the file to be moved aside, got \(String(describing: loaded.issue))"); return
        }
        #expect(reason.contains(why), "reason: \(reason)")
        #expect(aside.lastPathComponent == "progress.json.corrupt-20251009T085320Z")
        #expect(FileManager.default.contents(atPath: aside.path) == bytes, "the bad file is kept byte for byte")
        #expect(!FileManager.default.fileExists(atPath: store.url.path))
        #expect(loaded.canSave && loaded.book.cards.isEmpty)
        // The quiz goes on with fresh progress and saves it; the corrupt copy stays.
        try store.save(sampleBook())
        #expect(files(dir) == ["progress.json", "progress.json.corrupt-20251009T085320Z"])
    }

    @Test func aSecondCorruptFileInTheSameSecondGetsItsOwnName() throws {
        let dir = Fixture.tempDir("corrupt2")
        let store = ProgressStore(directory: dir)
        try Data("nope".utf8).write(to: store.url)
        _ = store.load(now: t0)
        try Data("nope again".utf8).write(to: store.url)
        guard case .movedAside(_, let aside) = store.load(now: t0).issue else { Issue.record("not moved"); return }
        #expect(aside.lastPathComponent == "progress.json.corrupt-20251009T085320Z-2")
        #expect(files(dir).count == 2)
    }

    @Test func aFolderInThePlaceOfTheFileIsMovedAside() throws {
        let dir = Fixture.tempDir("folder")
        let store = ProgressStore(directory: dir)
        try FileManager.default.createDirectory(at: store.url, withIntermediateDirectories: true)
        let loaded = store.load(now: t0)
        guard case .movedAside(let reason, _) = loaded.issue else { Issue.record("not moved"); return }
        #expect(reason.contains("folder"))
        try store.save(sampleBook())
        #expect(store.load(now: t0).book.cards.count == 2)
    }

    @Test func aFileFromANewerVersionIsLeftAloneAndNotSaved() throws {
        let dir = Fixture.tempDir("newer")
        let store = ProgressStore(directory: dir)
        let text = "{\"version\": 9, \"scheduler\": \"future\", \"cards\": {}}"
        try Data(text.utf8).write(to: store.url)
        let loaded = store.load(now: t0)
        guard case .leftInPlace(let reason) = loaded.issue else { Issue.record("expected left in place"); return }
        #expect(reason.contains("newer"))
        #expect(!loaded.canSave)
        #expect(files(dir) == ["progress.json"])
        #expect(String(decoding: FileManager.default.contents(atPath: store.url.path)!, as: UTF8.self) == text)
    }

    /// A card as progress.json stores it.
    static func file(_ card: String, reviews: String = "1") -> String {
        "{\"version\": 1, \"scheduler\": \"x\", \"cards\": {\"good\": {\"topic\": \"t\", \"reviews\": 1, \"lapses\": 0, \"card\": "
            + "{\"state\": 2, \"stability\": 3.0, \"difficulty\": 5.0, \"due\": \"2025-01-01T00:00:00Z\", \"last_review\": \"2024-12-29T00:00:00Z\"}}, "
            + "\"bad\": {\"topic\": \"t\", \"reviews\": \(reviews), \"lapses\": 0, \"card\": \(card)}}}"
    }

    // Each parses as JSON and used to trap in FSRS.swift on every later run (issue 14).
    @Test(arguments: [
        ("{\"state\": 2, \"stability\": 3.0, \"due\": \"2025-01-01T00:00:00Z\"}", "state 2 without difficulty"),
        ("{\"state\": 3, \"step\": 0, \"difficulty\": 5.0, \"due\": \"2025-01-01T00:00:00Z\"}", "state 3 without stability"),
        ("{\"state\": 1, \"step\": -2, \"stability\": 3.0, \"difficulty\": 5.0, \"due\": \"2025-01-01T00:00:00Z\", \"last_review\": \"2024-12-31T00:00:00Z\"}", "step -2"),
        ("{\"state\": 2, \"stability\": 1e300, \"difficulty\": 5.0, \"due\": \"2025-01-01T00:00:00Z\", \"last_review\": \"2024-12-01T00:00:00Z\"}", "stability 1e+300"),
        ("{\"state\": 2, \"stability\": 3.0, \"difficulty\": 42.0, \"due\": \"2025-01-01T00:00:00Z\"}", "difficulty 42.0"),
        ("{\"state\": 2, \"stability\": 0, \"difficulty\": 5.0, \"due\": \"2025-01-01T00:00:00Z\"}", "stability 0.0"),
    ])
    func inconsistentCardsStartAgainAsNewOnce(card: String, why: String) throws {
        let dir = Fixture.tempDir("repair")
        let store = ProgressStore(directory: dir)
        let bytes = Data(Self.file(card).utf8)
        try bytes.write(to: store.url)
        let loaded = store.load(now: t0)
        guard case .repaired(let cards, let aside) = loaded.issue else {
            Issue.record("expected a repair, got \(String(describing: loaded.issue))"); return
        }
        #expect(cards == ["bad: \(why)"])
        #expect(loaded.canSave)
        #expect(FileManager.default.contents(atPath: aside.path) == bytes, "the original is kept byte for byte")
        let bad = try #require(loaded.book.cards["bad"])
        #expect(bad.card == FSRSCard(due: t0), "the card starts again as new")
        #expect(loaded.book.cards["good"]?.card.stability == 3.0, "sound cards are kept")
        // Every rating of every card now schedules without trapping.
        for rating in FSRSRating.allCases {
            var b = loaded.book
            for id in ["bad", "good"] { b.review(id: id, topic: "t", rating: rating, at: t0, scheduler: FSRSScheduler(), random: { 0.5 }) }
        }
        // Said once: the repaired progress was written, so the next run loads it cleanly.
        let again = store.load(now: t0)
        #expect(again.issue == nil && again.book.cards["bad"]?.card == FSRSCard(due: t0))
    }

    @Test func theSchedulerItselfNeverTrapsOnADamagedCard() {
        let s = FSRSScheduler()
        let damaged = [
            FSRSCard(state: .review, stability: 3, due: t0),
            FSRSCard(state: .relearning, step: 0, difficulty: 5, due: t0),
            FSRSCard(state: .learning, step: -2, stability: 3, difficulty: 5, due: t0, lastReview: t0),
            FSRSCard(state: .review, stability: 1e300, difficulty: 5, due: t0, lastReview: t0.addingTimeInterval(-86400 * 30)),
            FSRSCard(state: .relearning, step: 99, stability: .nan, difficulty: 5, due: t0),
        ]
        for card in damaged {
            for rating in FSRSRating.allCases {
                let next = s.review(card, rating: rating, at: t0, random: { 0.5 })
                #expect(next.due >= t0 && next.due <= t0.addingTimeInterval(86400 * 36501))
                #expect(FSRSScheduler.inconsistency(of: next) == nil, "\(card) \(rating) → \(next)")
            }
        }
        #expect(s.nextInterval(1e300) == s.maximumInterval && s.nextInterval(.infinity) == s.maximumInterval)
        #expect(s.nextInterval(.nan) == 1)
    }

    @Test func hugeCountsAreClampedSoAReviewCannotOverflow() throws {
        let dir = Fixture.tempDir("counts")
        let store = ProgressStore(directory: dir)
        let card = "{\"state\": 2, \"stability\": 3.0, \"difficulty\": 5.0, \"due\": \"2025-01-01T00:00:00Z\"}"
        try Data(Self.file(card, reviews: "9223372036854775807").utf8).write(to: store.url)
        var book = store.load(now: t0).book
        book.review(id: "bad", topic: "t", rating: .good, at: t0, scheduler: FSRSScheduler(), random: { 0.5 })
        #expect(book.cards["bad"]?.reviews == 1_000_000_001)
    }

    @Test func aFIFOIsNamedAsSuchLeftAloneAndNotWrittenOver() throws {
        let dir = Fixture.tempDir("fifo")
        let store = ProgressStore(directory: dir)
        #expect(mkfifo(store.url.path, 0o644) == 0)
        let loaded = store.load(now: t0) // must not block on the FIFO
        #expect(loaded.issue == .notAFile(kind: .fifo))
        #expect(!loaded.canSave)
        #expect(files(dir) == ["progress.json"])
    }

    @Test func devZeroIsACharacterDeviceNotPermissionDenied() throws {
        let dir = Fixture.tempDir("zero")
        let store = ProgressStore(directory: dir)
        try FileManager.default.createSymbolicLink(atPath: store.url.path, withDestinationPath: "/dev/zero")
        let loaded = store.load(now: t0) // must not read /dev/zero for ever
        #expect(loaded.issue == .notAFile(kind: .characterDevice))
        #expect(!loaded.canSave)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: store.url.path) == "/dev/zero")
    }

    @Test func stateFolderFollowsXDG() {
        #expect(ProgressStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/u"]).path == "/x/state/kmemguide")
        #expect(ProgressStore.defaultDirectory(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/u"]).path == "/home/u/.local/state/kmemguide")
        #expect(ProgressStore.defaultDirectory(environment: ["HOME": "/home/u"]).path == "/home/u/.local/state/kmemguide")
    }
}
