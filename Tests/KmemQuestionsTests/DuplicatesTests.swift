import Testing
@testable import KmemQuestions
import KmemCore

/// Issue 18: the same question under two ids is found; generated repeats are dropped.
@Suite struct DuplicatesTests {
    static func q(_ id: String, _ prompt: String, options: [String] = ["a", "b"]) -> Question {
        Question(id: id, topic: "pages", difficulty: 1, kind: .singleChoice, prompt: Localized(all: prompt),
                 choices: options.enumerated().map { Choice(id: "c\($0.offset)", text: Localized(all: $0.element), correct: $0.offset == 0) },
                 answer: .choices(["c0"]), explanation: Localized(all: "e"))
    }

    @Test func samePromptAndOptionsUpToCaseSpacingAndPunctuationIsADuplicate() {
        let qs = [Self.q("one", "What is the largest order?"), Self.q("two", "what is  the largest order"),
                  Self.q("three", "What is the largest order?", options: ["a", "c"]), Self.q("four", "What is the smallest order?")]
        let d = Duplicates.find(qs)
        #expect(d.count == 1)
        #expect(d.first?.index == 1 && d.first?.first == 0)
        #expect(Duplicates.removing(from: qs).map(\.id) == ["one", "three", "four"])
    }

    @Test func optionOrderDoesNotMakeADifferentQuestion() {
        #expect(Duplicates.find([Self.q("x", "P", options: ["a", "b"]), Self.q("y", "P", options: ["b", "a"])]).count == 1)
    }

    @Test func theBuiltPoolHasNoRepeatsEvenWhenAFamilyDrawsTheSameInputsTwice() {
        // max-order has six distinct questions (three kernels × two forms): twelve seeds must repeat.
        let pool = QuestionSet.build(authored: [], families: Generated.families, variants: 12, seed: 1, topics: ["pages"], kinds: nil, difficulty: nil)
        #expect(Duplicates.find(pool).isEmpty)
        let maxOrder = pool.filter { $0.family == "max-order" }
        #expect(maxOrder.count >= 2 && maxOrder.count <= 6)
    }
}
