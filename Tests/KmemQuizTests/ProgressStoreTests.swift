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
        ("{\"version\": 1, \"scheduler\": \"x\", \"cards\": {\"q\": {\"topic\": \"t\", \"reviews\": 1, \"lapses\": 0, \"card\": {\"state\": 2, \"stability\": 3.0, \"difficulty\": 42.0, \"due\": \"2025-01-01T00:00:00Z\"}}}}", "impossible"),
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

    @Test func stateFolderFollowsXDG() {
        #expect(ProgressStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/u"]).path == "/x/state/kmemguide")
        #expect(ProgressStore.defaultDirectory(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/u"]).path == "/home/u/.local/state/kmemguide")
        #expect(ProgressStore.defaultDirectory(environment: ["HOME": "/home/u"]).path == "/home/u/.local/state/kmemguide")
    }
}
