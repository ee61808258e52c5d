import Foundation

/// FSRS, the Free Spaced Repetition Scheduler — the scheduler Anki uses — as implemented by
/// the reference package `fsrs` 6.3.2 on PyPI (FSRS-6: 21 parameters, a trainable decay
/// `w[20]`, learning and relearning steps, same-day reviews through the short-term stability
/// formula). Formulas, defaults, rounding and the order of operations follow
/// `fsrs/scheduler.py` of that release line for line; `FSRSReferenceTests` replays the
/// fixture `Tests/KmemQuizTests/Fixtures/fsrs_reference.json` written by that package.
///
/// Python specifics kept on purpose: `round()` rounds half to even; elapsed days are whole
/// days, rounded down (`timedelta.days`); `math.e ** x` is `pow(e, x)`, not `exp(x)`.
public enum FSRSRating: Int, Sendable, Hashable, Codable, CaseIterable {
    case again = 1, hard = 2, good = 3, easy = 4
}

public enum FSRSState: Int, Sendable, Hashable, Codable {
    case learning = 1, review = 2, relearning = 3
}

/// One card's memory state. A new card is `FSRSCard(due: now)`: learning, step 0, no
/// stability or difficulty yet.
public struct FSRSCard: Sendable, Hashable, Codable {
    public var state: FSRSState
    /// The learning or relearning step; nil in the review state.
    public var step: Int?
    public var stability: Double?
    public var difficulty: Double?
    public var due: Date
    public var lastReview: Date?

    public init(state: FSRSState = .learning, step: Int? = nil, stability: Double? = nil, difficulty: Double? = nil,
                due: Date, lastReview: Date? = nil) {
        self.state = state
        self.step = (state == .learning && step == nil) ? 0 : step
        self.stability = stability; self.difficulty = difficulty; self.due = due; self.lastReview = lastReview
    }
}

public struct FSRSScheduler: Sendable, Hashable {
    /// `fsrs.scheduler.DEFAULT_PARAMETERS` of fsrs 6.3.2.
    public static let defaultParameters: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
    public static let stabilityMin = 0.001
    public static let minDifficulty = 1.0
    public static let maxDifficulty = 10.0
    static let e = 2.718281828459045 // Python's math.e
    static let fuzzRanges: [(start: Double, end: Double, factor: Double)] = [
        (2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, .infinity, 0.05),
    ]

    public var parameters: [Double]
    public var desiredRetention: Double
    /// Seconds.
    public var learningSteps: [Double]
    /// Seconds.
    public var relearningSteps: [Double]
    /// Days.
    public var maximumInterval: Int
    public var enableFuzzing: Bool

    public init(parameters: [Double] = FSRSScheduler.defaultParameters, desiredRetention: Double = 0.9,
                learningSteps: [Double] = [60, 600], relearningSteps: [Double] = [600],
                maximumInterval: Int = 36500, enableFuzzing: Bool = true) {
        precondition(parameters.count == 21, "FSRS-6 has 21 parameters")
        self.parameters = parameters; self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps; self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval; self.enableFuzzing = enableFuzzing
    }

    var decay: Double { -parameters[20] }
    var factor: Double { pow(0.9, 1 / decay) - 1 }
    private var w: [Double] { parameters }

    /// Whole days from `from` to `to`, rounded down, as Python's `timedelta.days`.
    static func days(from: Date, to: Date) -> Int {
        Int(floor((to.timeIntervalSince1970 - from.timeIntervalSince1970) / 86400))
    }

    /// The predicted probability of recalling the card at `date` (0 for a card never reviewed).
    public func retrievability(of card: FSRSCard, at date: Date) -> Double {
        guard let last = card.lastReview, let s = card.stability else { return 0 }
        let elapsed = max(0, Self.days(from: last, to: date))
        return pow(1 + factor * Double(elapsed) / s, decay)
    }

    /// Reviews `card` with `rating` at `date`. `random` gives values in [0, 1) for fuzzing
    /// (only drawn when fuzzing is on and the card ends in the review state with an interval of
    /// at least 3 days).
    public func review(_ card: FSRSCard, rating: FSRSRating, at date: Date,
                       random: () -> Double = { Double.random(in: 0..<1) }) -> FSRSCard {
        var card = Self.sanitized(card)
        let daysSince: Int? = card.lastReview.map { Self.days(from: $0, to: date) }
        var next: Double // seconds

        func updateMemory() {
            // `sanitized` gave a relearning card its memory state; the fallback is for safety only.
            guard let s = card.stability, let d = card.difficulty else {
                card.stability = initialStability(rating)
                card.difficulty = initialDifficulty(rating, clamp: true)
                return
            }
            if let days = daysSince, days < 1 {
                card.stability = shortTermStability(s, rating)
                card.difficulty = nextDifficulty(d, rating)
            } else {
                card.stability = nextStability(difficulty: d, stability: s,
                                               retrievability: retrievability(of: card, at: date), rating: rating)
                card.difficulty = nextDifficulty(d, rating)
            }
        }

        func toReview() -> Double {
            card.state = .review
            card.step = nil
            return Double(nextInterval(card.stability ?? initialStability(rating))) * 86400
        }

        /// Learning and relearning share their step logic.
        func stepped(_ steps: [Double]) -> Double {
            let step = max(0, card.step ?? 0)
            if steps.isEmpty || (step >= steps.count && rating != .again) { return toReview() }
            switch rating {
            case .again:
                card.step = 0
                return steps[0]
            case .hard:
                if step == 0 && steps.count == 1 { return pythonTimedelta(steps[0] * 1.5) }
                if step == 0 && steps.count >= 2 { return pythonTimedelta((steps[0] + steps[1]) / 2.0) }
                return steps[min(step, steps.count - 1)]
            case .good:
                if step + 1 == steps.count { return toReview() }
                card.step = step + 1
                return steps[step + 1]
            case .easy:
                return toReview()
            }
        }

        switch card.state {
        case .learning:
            updateMemory()
            next = stepped(learningSteps)
        case .review:
            // `sanitized` made a review card without memory state a learning card; kept total anyway.
            let s = card.stability ?? initialStability(rating), d0 = card.difficulty ?? initialDifficulty(rating, clamp: true)
            let stability: Double
            if let d = daysSince, d < 1 {
                stability = shortTermStability(s, rating)
            } else {
                stability = nextStability(difficulty: d0, stability: s,
                                          retrievability: retrievability(of: card, at: date), rating: rating)
            }
            card.stability = stability
            card.difficulty = nextDifficulty(d0, rating)
            if rating == .again && !relearningSteps.isEmpty {
                card.state = .relearning
                card.step = 0
                next = relearningSteps[0]
            } else {
                next = Double(nextInterval(stability)) * 86400
            }
        case .relearning:
            updateMemory()
            next = stepped(relearningSteps)
        }

        if enableFuzzing && card.state == .review {
            next = fuzzed(next, random: random)
        }
        card.due = date.addingTimeInterval(next)
        card.lastReview = date
        return card
    }

    /// `timedelta` keeps microseconds, rounding half to even.
    private func pythonTimedelta(_ seconds: Double) -> Double {
        (seconds * 1_000_000).rounded(.toNearestOrEven) / 1_000_000
    }

    func clampDifficulty(_ d: Double) -> Double { min(max(d, Self.minDifficulty), Self.maxDifficulty) }
    func clampStability(_ s: Double) -> Double { max(s, Self.stabilityMin) }

    func initialStability(_ rating: FSRSRating) -> Double { clampStability(w[rating.rawValue - 1]) }

    func initialDifficulty(_ rating: FSRSRating, clamp: Bool) -> Double {
        let d = w[4] - pow(Self.e, w[5] * Double(rating.rawValue - 1)) + 1
        return clamp ? clampDifficulty(d) : d
    }

    /// Whole days, at least 1, at most `maximumInterval`. Clamped before converting to `Int`:
    /// a stability of 1e300 from a damaged progress file must not trap.
    public func nextInterval(_ stability: Double) -> Int {
        let ivl = (stability / factor) * (pow(desiredRetention, 1 / decay) - 1)
        guard ivl.isFinite else { return ivl > 0 ? maximumInterval : 1 }
        let rounded = min(max(ivl.rounded(.toNearestOrEven), 1), Double(maximumInterval))
        return min(max(Int(rounded), 1), maximumInterval)
    }

    /// The largest stability (days) a sound card can have: FSRS never schedules past
    /// `maximumInterval`, and stability grows by bounded factors; far above it means damage.
    public static let stabilityMax = 1_000_000.0

    /// Why `card` cannot be reviewed as it is (nil when it can): a state without the memory
    /// state it needs, a negative step, or values outside what FSRS produces.
    public static func inconsistency(of card: FSRSCard) -> String? {
        if let s = card.stability, !(s.isFinite && s >= stabilityMin && s <= stabilityMax) { return "stability \(s)" }
        if let d = card.difficulty, !(d.isFinite && d >= minDifficulty && d <= maxDifficulty) { return "difficulty \(d)" }
        if let step = card.step, step < 0 || step > 1000 { return "step \(step)" }
        if card.state != .learning && (card.stability == nil || card.difficulty == nil) {
            return "state \(card.state.rawValue) without \(card.stability == nil ? "stability" : "difficulty")"
        }
        if card.state == .relearning && card.step == nil { return "state 3 without a step" }
        return nil
    }

    /// An inconsistent card starts again as new (learning, step 0, no memory state), due at
    /// its due date; a sound card is returned unchanged.
    public static func sanitized(_ card: FSRSCard) -> FSRSCard {
        inconsistency(of: card) == nil ? card : FSRSCard(due: card.due)
    }

    func shortTermStability(_ s: Double, _ rating: FSRSRating) -> Double {
        var inc = pow(Self.e, w[17] * (Double(rating.rawValue) - 3 + w[18])) * pow(s, -w[19])
        if rating != .again { inc = max(inc, 1.0) }
        return clampStability(s * inc)
    }

    func nextDifficulty(_ d: Double, _ rating: FSRSRating) -> Double {
        let arg1 = initialDifficulty(.easy, clamp: false)
        let delta = -(w[6] * (Double(rating.rawValue) - 3))
        let arg2 = d + (10.0 - d) * delta / 9.0
        return clampDifficulty(w[7] * arg1 + (1 - w[7]) * arg2)
    }

    func nextStability(difficulty d: Double, stability s: Double, retrievability r: Double, rating: FSRSRating) -> Double {
        let next: Double
        if rating == .again {
            let longTerm = w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) * pow(Self.e, (1 - r) * w[14])
            let shortTerm = s / pow(Self.e, w[17] * w[18])
            next = min(longTerm, shortTerm)
        } else {
            let hardPenalty = rating == .hard ? w[15] : 1
            let easyBonus = rating == .easy ? w[16] : 1
            next = s * (1 + pow(Self.e, w[8]) * (11 - d) * pow(s, -w[9]) * (pow(Self.e, (1 - r) * w[10]) - 1)
                        * hardPenalty * easyBonus)
        }
        return clampStability(next)
    }

    /// `_get_fuzzed_interval`: intervals of 3 days or more move by a few percent.
    func fuzzed(_ seconds: Double, random: () -> Double) -> Double {
        let days = Int(floor(seconds / 86400))
        if Double(days) < 2.5 { return seconds }
        var delta = 1.0
        for range in Self.fuzzRanges {
            delta += range.factor * max(min(Double(days), range.end) - range.start, 0.0)
        }
        var minIvl = Int((Double(days) - delta).rounded(.toNearestOrEven))
        var maxIvl = Int((Double(days) + delta).rounded(.toNearestOrEven))
        minIvl = max(2, minIvl)
        maxIvl = min(maxIvl, maximumInterval)
        minIvl = min(minIvl, maxIvl)
        let f = random() * Double(maxIvl - minIvl + 1) + Double(minIvl)
        let fuzzedDays = min(Int(f.rounded(.toNearestOrEven)), maximumInterval)
        return Double(fuzzedDays) * 86400
    }
}
