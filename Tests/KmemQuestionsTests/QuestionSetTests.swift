import Testing
import KmemQuestions
import KmemCore

@Suite struct QuestionSetTests {
    static func authored() -> [Question] {
        (try? QuestionLoader.load(from: Paths.content, topics: Paths.topics)) ?? []
    }

    /// The quiz draws from entries whose variants are generated only when drawn: it must ask
    /// exactly what a draw from the whole generated pool asks.
    @Test func entriesAreThePoolGeneratedOnlyWhenDrawn() {
        let a = Self.authored()
        let entries = QuestionSet.entries(authored: a, families: Generated.families, variants: 2, seed: 7, topics: ["vmalloc", "gfp"], kinds: nil, difficulty: 1...3)
        let pool = QuestionSet.build(authored: a, families: Generated.families, variants: 2, seed: 7, topics: ["vmalloc", "gfp"], kinds: nil, difficulty: 1...3)
        #expect(entries.map { $0.question() } == pool)
        #expect(entries.map(\.id) == pool.map(\.id) && entries.map(\.topic) == pool.map(\.topic)
                && entries.map(\.difficulty) == pool.map(\.difficulty))
        for seed in [1, 2, 99] as [UInt64] {
            for count in [0, 1, 10, pool.count + 5] {
                #expect(QuestionSet.draw(entries, count: count, seed: seed) == QuestionSet.draw(pool, count: count, seed: seed))
            }
        }
    }

    @Test func authoredPlusVariantsOfEveryFamily() {
        let a = Self.authored()
        let set = QuestionSet.build(authored: a, families: Generated.families, variants: 3, seed: 100, topics: nil, kinds: nil, difficulty: nil)
        // Every family contributes; a family that draws the same inputs twice contributes the
        // question once (issue 18), so the pool is the entries without their repeats.
        let all = QuestionSet.entries(authored: a, families: Generated.families, variants: 3, seed: 100, topics: nil, kinds: nil, difficulty: nil).map { $0.question() }
        #expect(all.count == a.count + 3 * Generated.families.count)
        #expect(set == Duplicates.removing(from: all))
        #expect(Set(set.compactMap(\.family)) == Set(Generated.families.map(\.id)))
        #expect(Array(set.prefix(a.count)) == a)
        #expect(Set(set.map(\.id)).count == set.count, "ids repeat")
        let generated = set.dropFirst(a.count)
        #expect(Array(generated.map(\.id).prefix(3)) == [100, 101, 102].map { Generated.families[0].questionID(seed: $0) })
        #expect(QuestionSet.build(authored: a, families: Generated.families, variants: 3, seed: 100, topics: nil, kinds: nil, difficulty: nil) == set, "not stable")
        #expect(QuestionSet.build(authored: a, families: Generated.families, variants: 0, seed: 1, topics: nil, kinds: nil, difficulty: nil) == a)
    }

    @Test func filters() {
        let a = Self.authored()
        let gfp = QuestionSet.build(authored: a, families: Generated.families, variants: 2, seed: 1, topics: ["gfp"], kinds: nil, difficulty: nil)
        #expect(!gfp.isEmpty && gfp.allSatisfy { $0.topic == "gfp" })
        #expect(gfp.contains { $0.family != nil } && gfp.contains { $0.family == nil })
        let hex = QuestionSet.build(authored: a, families: Generated.families, variants: 2, seed: 1, topics: nil, kinds: [.hexAddress], difficulty: nil)
        #expect(!hex.isEmpty && hex.allSatisfy { $0.kind == .hexAddress })
        let hard = QuestionSet.build(authored: a, families: Generated.families, variants: 2, seed: 1, topics: nil, kinds: nil, difficulty: 3...3)
        #expect(!hard.isEmpty && hard.allSatisfy { $0.difficulty == 3 })
        let none = QuestionSet.build(authored: a, families: Generated.families, variants: 2, seed: 1, topics: ["gfp"], kinds: [.ordering], difficulty: 1...1)
        #expect(none.allSatisfy { $0.topic == "gfp" && $0.kind == .ordering && $0.difficulty == 1 })
    }

    @Test func drawIsSeeded() {
        let pool = QuestionSet.build(authored: Self.authored(), families: Generated.families, variants: 1, seed: 5, topics: nil, kinds: nil, difficulty: nil)
        let a = QuestionSet.draw(pool, count: 10, seed: 3)
        #expect(a.count == 10 && a == QuestionSet.draw(pool, count: 10, seed: 3))
        #expect(Set(a.map(\.id)).count == 10)
        #expect(QuestionSet.draw(pool, count: 10, seed: 4) != a)
        #expect(QuestionSet.draw(Array(pool.prefix(3)), count: 10, seed: 3).count == 3)
    }
}
