import Foundation
import KmemQuestions
import Testing
import TestSupport
@testable import KmemQuiz

/// The browser quiz schedules as the terminal quiz does: review histories (ratings at times —
/// learning steps, same-day reviews, long gaps with fuzz, lapses into relearning, a damaged
/// card) are run through Swift's `ProgressBook.review` with the terminal's fuzz
/// (`ProgressBook.fuzzRandom`), and through quiz-core.js in headless Chromium. States, steps,
/// due dates, review times and counts must be identical; stability and difficulty agree to
/// 1e-12 (JavaScript's `Math.pow` and glibc's `pow` may differ in the last bit).
@Suite struct BrowserFSRSTests {
    struct Step: Codable { var rating: Int; var at: Double }
    struct History: Codable {
        var id: String
        var topic: String
        /// A card already in the book before the first step (a damaged one, to be repaired).
        var start: [String: Double?]?
        var steps: [Step]
    }

    static let epoch = 1_767_225_600.0 // 2026-01-01T00:00:00Z

    /// Seeded histories: the gaps include "on the due date", "a little before", "long after".
    static func histories() -> [History] {
        var out: [History] = []
        let scheduler = FSRSScheduler()
        for k in 0..<80 {
            var rng = SplitMix64(name: "browser-fsrs", seed: UInt64(k))
            let id = ["kmalloc-size-class", "vmalloc/\(k)", "問題-\(k)", "gfp-flags/\(k * 7919)"][k % 4]
            var book = ProgressBook()
            var at = epoch + Double(k * 1000)
            var steps: [Step] = []
            for _ in 0..<(8 + rng.below(12)) {
                let r = rng.below(10)
                let rating = r < 2 ? 1 : r < 3 ? 2 : r < 9 ? 3 : 4
                let card = book.review(id: id, topic: "t", rating: FSRSRating(rawValue: rating)!, at: Date(timeIntervalSince1970: at),
                                       scheduler: scheduler, random: ProgressBook.fuzzRandom(id: id, at: Date(timeIntervalSince1970: at)))
                steps.append(Step(rating: rating, at: at))
                let due = card.due.timeIntervalSince1970
                let gaps: [Double] = [0, 20, 60, 600, 3600, 43200, 86400, due - at, due - at, due - at - 3600, due - at + 3 * 86400, due - at + 40 * 86400]
                at += max(0, gaps[rng.below(gaps.count)]).rounded(.down)
            }
            out.append(History(id: id, topic: "t", start: nil, steps: steps))
        }
        // Damaged cards start again as new, in both.
        out.append(History(id: "damaged-1", topic: "t", start: ["state": 2, "stability": 1e300, "difficulty": 5, "due": epoch],
                           steps: [Step(rating: 3, at: epoch + 10), Step(rating: 3, at: epoch + 700)]))
        out.append(History(id: "damaged-2", topic: "t", start: ["state": 3, "stability": 2, "difficulty": 5, "due": epoch],
                           steps: [Step(rating: 1, at: epoch + 10), Step(rating: 4, at: epoch + 100)]))
        return out
    }

    struct State: Codable, Equatable {
        var state: Int
        var step: Int?
        var stability: Double?
        var difficulty: Double?
        var due: Double
        var lastReview: Double?
        var reviews: Int
        var lapses: Int
    }

    static func swiftStates(_ h: History) -> [State] {
        var book = ProgressBook()
        if let s = h.start {
            let card = FSRSCard(state: FSRSState(rawValue: Int((s["state"] ?? 1) ?? 1))!, step: nil, stability: s["stability"] ?? nil,
                                difficulty: s["difficulty"] ?? nil, due: Date(timeIntervalSince1970: (s["due"] ?? epoch) ?? epoch))
            book.cards[h.id] = ProgressCard(topic: h.topic, card: card)
        }
        return h.steps.map { step in
            let at = Date(timeIntervalSince1970: step.at)
            let c = book.review(id: h.id, topic: h.topic, rating: FSRSRating(rawValue: step.rating)!, at: at, scheduler: FSRSScheduler(),
                                random: ProgressBook.fuzzRandom(id: h.id, at: at))
            let e = book.cards[h.id]!
            return State(state: c.state.rawValue, step: c.step, stability: c.stability, difficulty: c.difficulty, due: c.due.timeIntervalSince1970,
                         lastReview: c.lastReview?.timeIntervalSince1970, reviews: e.reviews, lapses: e.lapses)
        }
    }

    static let script = """
    var out = data("histories").map(function (h) {
      var book = KmemQuiz.progress.empty();
      if (h.start) {
        var c = KmemQuiz.fsrs.newCard(h.start.due);
        c.state = h.start.state; c.step = null; c.stability = h.start.stability; c.difficulty = h.start.difficulty;
        book.cards[h.id] = { topic: h.topic, card: c, reviews: 0, lapses: 0, lastRating: null };
      }
      return h.steps.map(function (s) {
        var c = KmemQuiz.progress.review(book, h.id, h.topic, s.rating, s.at), e = book.cards[h.id];
        return { state: c.state, step: c.step, stability: c.stability, difficulty: c.difficulty, due: c.due,
                 lastReview: c.lastReview, reviews: e.reviews, lapses: e.lapses };
      });
    });
    window.kmemResult = out;
    """

    @Test(.enabled(if: Chromium.shouldRun, Chromium.skipReason))
    func browserSchedulesAsTheTerminalQuiz() throws {
        let histories = Self.histories()
        let fixture = String(decoding: try JSONEncoder().encode(histories), as: UTF8.self)
        let result = try Chromium.evaluate(assets: ["quiz-core.js"], data: ["histories": fixture], script: Self.script)
        let browser = try JSONDecoder().decode([[State]].self, from: result)
        try #require(browser.count == histories.count)
        var compared = 0, fuzzed = 0, states = Set<Int>()
        for (h, js) in zip(histories, browser) {
            let swift = Self.swiftStates(h)
            try #require(js.count == swift.count, "\(h.id)")
            for (n, (a, b)) in zip(swift, js).enumerated() {
                let at = "\(h.id) step \(n + 1) (rating \(h.steps[n].rating) at \(h.steps[n].at))"
                #expect(a.state == b.state && a.step == b.step, "\(at): state \(a.state)/\(String(describing: a.step)) vs \(b.state)/\(String(describing: b.step))")
                #expect(a.due == b.due, "\(at): due \(a.due) in Swift, \(b.due) in the browser")
                #expect(a.lastReview == b.lastReview && a.reviews == b.reviews && a.lapses == b.lapses, "\(at)")
                for (x, y, what) in [(a.stability, b.stability, "stability"), (a.difficulty, b.difficulty, "difficulty")] {
                    if let x, let y { #expect(abs(x - y) <= 1e-12 * max(1, abs(x)), "\(at): \(what) \(x) vs \(y)") } else { #expect(x == nil && y == nil, "\(at): \(what)") }
                }
                compared += 1
                states.insert(a.state)
                if a.state == 2, a.due - h.steps[n].at >= 3 * 86400 { fuzzed += 1 }
            }
        }
        // The histories reach every state and intervals long enough to be fuzzed.
        #expect(compared > 800 && states == [1, 2, 3] && fuzzed > 100, "compared \(compared), states \(states), fuzzed \(fuzzed)")
    }

    /// The terminal quiz's fuzz is the one the browser ports: reviewing with `fuzzRandom` gives
    /// what the runner gives (the runner calls it), and it depends on the id and the second.
    @Test func fuzzIsReproducible() {
        let at = Date(timeIntervalSince1970: Self.epoch + 0.7)
        let a = ProgressBook.fuzzRandom(id: "x", at: at), b = ProgressBook.fuzzRandom(id: "x", at: Date(timeIntervalSince1970: Self.epoch))
        #expect(a() == b() && a() == b())
        let c = ProgressBook.fuzzRandom(id: "y", at: at)
        #expect(c() != ProgressBook.fuzzRandom(id: "x", at: at)())
        #expect(ProgressBook.fuzzRandom(id: "x", at: Date(timeIntervalSince1970: .infinity))() >= 0)
    }
}
