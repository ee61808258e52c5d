import Foundation
import Testing
@testable import KmemQuiz

/// Replays `Fixtures/fsrs_reference.json` — rating sequences run through the reference
/// scheduler, the PyPI package `fsrs` (see `Fixtures/fsrs_reference.py`) — and compares every
/// state: floats within 1e-6, states, steps, due dates and intervals exactly.
@Suite struct FSRSReferenceTests {
    struct Fixture: Decodable {
        var reference: String
        var default_parameters: [Double]
        var cases: [Case]
    }
    struct Case: Decodable {
        var name: String
        var scheduler: Scheduler
        var start: Double
        var steps: [Step]
    }
    struct Scheduler: Decodable {
        var parameters: [Double]
        var desired_retention: Double
        var learning_steps: [Double]
        var relearning_steps: [Double]
        var maximum_interval: Int
        var enable_fuzzing: Bool
    }
    struct Step: Decodable {
        var rating: Int
        var review: Double
        var retrievability_before: Double
        var fuzz: [Double]
        var card: Card
        var interval_days: Int?
    }
    struct Card: Decodable {
        var state: Int
        var step: Int?
        var stability: Double?
        var difficulty: Double?
        var due: Double
        var last_review: Double?
    }

    static func load() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fsrs_reference.json")
        let data = try #require(FileManager.default.contents(atPath: url.path), "missing \(url.path)")
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    @Test func referenceIsFSRS6() throws {
        let f = try Self.load()
        #expect(f.reference.hasPrefix("fsrs 6."))
        #expect(f.default_parameters == FSRSScheduler.defaultParameters)
        #expect(f.cases.count >= 20)
    }

    @Test func replaysEveryCase() throws {
        let f = try Self.load()
        var reviews = 0
        for c in f.cases {
            let s = FSRSScheduler(parameters: c.scheduler.parameters, desiredRetention: c.scheduler.desired_retention,
                                  learningSteps: c.scheduler.learning_steps, relearningSteps: c.scheduler.relearning_steps,
                                  maximumInterval: c.scheduler.maximum_interval, enableFuzzing: c.scheduler.enable_fuzzing)
            var card = FSRSCard(due: Date(timeIntervalSince1970: c.start))
            for (i, step) in c.steps.enumerated() {
                let at = Date(timeIntervalSince1970: step.review)
                let where_ = "\(c.name), review \(i + 1)"
                let r = s.retrievability(of: card, at: at)
                #expect(abs(r - step.retrievability_before) <= 1e-6, "\(where_): retrievability \(r) vs \(step.retrievability_before)")
                var draws = step.fuzz[...]
                var drawn = 0
                card = s.review(card, rating: FSRSRating(rawValue: step.rating)!, at: at, random: {
                    drawn += 1
                    return draws.popFirst() ?? 0.5
                })
                #expect(drawn == step.fuzz.count, "\(where_): fuzz drawn \(drawn) times, reference \(step.fuzz.count)")
                let e = step.card
                #expect(card.state.rawValue == e.state, "\(where_): state")
                #expect(card.step == e.step, "\(where_): step \(String(describing: card.step)) vs \(String(describing: e.step))")
                #expect(abs((card.stability ?? -1) - (e.stability ?? -1)) <= 1e-6, "\(where_): stability \(card.stability ?? -1) vs \(e.stability ?? -1)")
                #expect(abs((card.difficulty ?? -1) - (e.difficulty ?? -1)) <= 1e-6, "\(where_): difficulty")
                #expect(Int64(card.due.timeIntervalSince1970.rounded()) == Int64(e.due.rounded()), "\(where_): due \(card.due.timeIntervalSince1970) vs \(e.due)")
                #expect(card.due.timeIntervalSince1970 == e.due, "\(where_): due not exact")
                #expect(card.lastReview?.timeIntervalSince1970 == e.last_review, "\(where_): last review")
                if let days = step.interval_days {
                    #expect(FSRSScheduler.days(from: at, to: card.due) == days, "\(where_): interval")
                }
                reviews += 1
            }
        }
        #expect(reviews > 300)
    }

    @Test func defaultsAreThePackageDefaults() {
        let s = FSRSScheduler()
        #expect(s.desiredRetention == 0.9)
        #expect(s.learningSteps == [60, 600])
        #expect(s.relearningSteps == [600])
        #expect(s.maximumInterval == 36500)
        // A new card rated good twice, on time: learning step 1 (10 minutes), then review.
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        var c = s.review(FSRSCard(due: t0), rating: .good, at: t0)
        #expect(c.state == .learning && c.step == 1 && c.due == t0.addingTimeInterval(600))
        c = s.review(c, rating: .good, at: c.due)
        #expect(c.state == .review && c.step == nil)
    }

    @Test func pythonRoundingIsHalfToEven() {
        // round(2.5) == 2 in Python: the interval formula must not round half up.
        let s = FSRSScheduler()
        let factor = s.factor, decay = s.decay
        let stabilityFor2_5 = 2.5 * factor / (pow(0.9, 1 / decay) - 1)
        #expect(s.nextInterval(stabilityFor2_5) == 2)
    }
}
