import Testing
import KmemQuestions
import KmemCore

@Suite struct GradingTests {
    static let t = Localized(all: "t")

    static func choice(_ id: String, _ correct: Bool, _ m: String? = nil) -> Choice {
        Choice(id: id, text: Localized(en: "opt \(id)", zh: "选项\(id)", ja: "選択肢\(id)"), correct: correct, misconception: m,
               feedback: m.map { Localized(all: "because \($0)") })
    }

    static let single = Question(id: "s", topic: "kmalloc", difficulty: 1, kind: .singleChoice, prompt: t,
                                 choices: [choice("a", false, "exact-size-cache"), choice("b", true), choice("c", false, "rounded-down-to-class")],
                                 answer: .choices(["b"]), explanation: t)
    static let multiple = Question(id: "m", topic: "kmalloc", difficulty: 1, kind: .multipleResponse, prompt: t,
                                   choices: [choice("a", true), choice("b", true), choice("c", false, "kmalloc-from-highmem"), choice("d", false)],
                                   answer: .choices(["a", "b"]), explanation: t)
    static let tf = Question(id: "tf", topic: "kmalloc", difficulty: 1, kind: .trueFalse, prompt: t, answer: .trueFalse(false), explanation: t)
    static let numeric = Question(id: "n", topic: "pages", difficulty: 1, kind: .numeric, prompt: t, answer: .numeric(value: 5, tolerance: 0),
                                  explanation: t, knownWrongAnswers: [Choice(id: "w1", text: Localized(all: "32"), correct: false, misconception: "pages-instead-of-order")])
    static let approx = Question(id: "n2", topic: "pages", difficulty: 1, kind: .numeric, prompt: t, answer: .numeric(value: 887.99, tolerance: 0.01), explanation: t)
    static let hex = Question(id: "h", topic: "translation", difficulty: 1, kind: .hexAddress, prompt: t, answer: .hex(0xc000_0000),
                              explanation: t, knownWrongAnswers: [Choice(id: "w1", text: Localized(all: "0x0c000000"), correct: false, misconception: "page-offset-missing-digit")])
    static let short = Question(id: "sh", topic: "glossary", difficulty: 1, kind: .shortAnswer, prompt: t,
                                answer: .text([Localized(all: "kfree"), Localized(en: "low memory", zh: "低端内存", ja: "ローメモリ")]), explanation: t,
                                knownWrongAnswers: [Choice(id: "w1", text: Localized(all: "vfree"), correct: false, misconception: "wrong-free-function")])
    static let matching = Question(id: "mt", topic: "pages", difficulty: 1, kind: .matching, prompt: t,
                                   answer: .matching([MatchPair(left: Localized(all: "alloc_pages"), right: Localized(all: "__free_pages")),
                                                      MatchPair(left: Localized(all: "__get_free_pages"), right: Localized(all: "free_pages")),
                                                      MatchPair(left: Localized(all: "kmalloc"), right: Localized(all: "kfree"))]), explanation: t)
    static let ordering = Question(id: "o", topic: "vmalloc", difficulty: 1, kind: .ordering, prompt: t,
                                   answer: .ordering([Localized(all: "one"), Localized(all: "two"), Localized(all: "three")]), explanation: t)

    @Test func singleChoice() {
        #expect(grade(Self.single, response: .choices(["b"])) == Grade(correct: true, score: 1))
        let wrong = grade(Self.single, response: .choices(["c"]))
        #expect(!wrong.correct && wrong.score == 0 && wrong.misconception == "rounded-down-to-class")
        #expect(wrong.feedback == Localized(all: "because rounded-down-to-class"))
        #expect(grade(Self.single, response: .choices(["a", "b"])).problem != nil)
        #expect(grade(Self.single, response: .choices(["z"])).problem != nil)
        #expect(grade(Self.single, response: .trueFalse(true)).problem != nil)
    }

    @Test func multipleResponseWithPartialCredit() {
        #expect(grade(Self.multiple, response: .choices(["a", "b"])).correct)
        let half = grade(Self.multiple, response: .choices(["a"]))
        #expect(!half.correct && half.score == 0.5)
        let mixed = grade(Self.multiple, response: .choices(["a", "c"]))
        #expect(!mixed.correct && mixed.score == 0 && mixed.misconception == "kmalloc-from-highmem")
        #expect(grade(Self.multiple, response: .choices(["a", "b", "d"])).score == 0.5)
        #expect(grade(Self.multiple, response: .choices([])).score == 0)
    }

    @Test func trueFalse() {
        #expect(grade(Self.tf, response: .trueFalse(false)).correct)
        #expect(!grade(Self.tf, response: .trueFalse(true)).correct)
    }

    @Test func numericAnswers() {
        for text in ["5", "5.0", " 5 ", "５", "0x5"] { #expect(grade(Self.numeric, response: .number(text)).correct, "\(text)") }
        let wrong = grade(Self.numeric, response: .number("32"))
        #expect(!wrong.correct && wrong.misconception == "pages-instead-of-order")
        #expect(grade(Self.numeric, response: .number("6")).misconception == nil)
        #expect(grade(Self.numeric, response: .number("five")).problem != nil)
        #expect(grade(Self.approx, response: .number("888")).correct)
        #expect(grade(Self.approx, response: .number("887.98")).correct)
        #expect(!grade(Self.approx, response: .number("887.9")).correct)
        #expect(grade(Self.numeric, response: .number("1 000")).problem == nil)
    }

    @Test func hexAnswers() {
        for text in ["0xc0000000", "0xC0000000", "C0000000", "c0000000", "0xc000_0000", "0XC0000000", "０ｘｃ０００００００"] {
            #expect(grade(Self.hex, response: .hex(text)).correct, "\(text)")
        }
        let wrong = grade(Self.hex, response: .hex("c000000"))
        #expect(!wrong.correct && wrong.misconception == "page-offset-missing-digit")
        #expect(grade(Self.hex, response: .hex("0xg")).problem != nil)
        #expect(grade(Self.hex, response: .hex("0x1234567890abcdef0")).problem != nil)
    }

    @Test func shortAnswers() {
        for text in ["kfree", "KFREE", "kfree()", "`kfree`", " kfree. ", "low memory", "低端内存", "ローメモリ", "Low  Memory"] {
            #expect(grade(Self.short, response: .text(text)).correct, "\(text)")
        }
        let wrong = grade(Self.short, response: .text("vfree()"))
        #expect(!wrong.correct && wrong.misconception == "wrong-free-function")
        #expect(grade(Self.short, response: .text("   ")).problem != nil)
    }

    @Test func matchingAnswers() {
        #expect(grade(Self.matching, response: .pairs([0, 1, 2])).correct)
        let one = grade(Self.matching, response: .pairs([1, 0, 2]))
        #expect(!one.correct && abs(one.score - 1.0 / 3) < 1e-9)
        #expect(grade(Self.matching, response: .pairs([0, nil, 2])).score == 2.0 / 3)
        #expect(grade(Self.matching, response: .pairs([0, 1])).problem != nil)
        #expect(grade(Self.matching, response: .pairs([0, 1, 7])).problem != nil)
    }

    @Test func orderingAnswers() {
        #expect(grade(Self.ordering, response: .order([0, 1, 2])).correct)
        let g = grade(Self.ordering, response: .order([0, 2, 1]))
        #expect(!g.correct && abs(g.score - 1.0 / 3) < 1e-9)
        #expect(grade(Self.ordering, response: .order([0, 0, 1])).problem != nil)
        #expect(grade(Self.ordering, response: .order([0, 1])).problem != nil)
    }

    // MARK: Parsing typed input

    func parse(_ text: String, _ q: Question, _ p: Presentation? = nil) throws(ResponseParseError) -> Response {
        try ResponseParser.parse(text, for: q, presentation: p ?? .canonical(q))
    }

    @Test func parsesLettersThroughThePresentation() throws {
        let shown = Presentation(choiceOrder: [2, 0, 1], rightOrder: [], itemOrder: [])
        #expect(try parse("b", Self.single) == .choices(["b"]))
        #expect(try parse("B", Self.single, shown) == .choices(["a"]))   // position b shows choice 0 ("a")
        #expect(try parse("a", Self.single, shown) == .choices(["c"]))
        // Options are shown as letters: a digit is refused with the letters to use, not read as one.
        for digits in ["2", "1 3"] {
            do {
                _ = try parse(digits, digits.count == 1 ? Self.single : Self.multiple)
                Issue.record("\(digits) was read as letters")
            } catch {
                #expect(error.key == "not_option" && error.values["first"] == "a", "\(error)")
            }
        }
        #expect(try parse("a,c", Self.multiple) == .choices(["a", "c"]))
        #expect(try parse("a c", Self.multiple) == .choices(["a", "c"]))
        #expect(try parse("A、B", Self.multiple) == .choices(["a", "b"]))
        #expect(try parse("ab", Self.multiple) == .choices(["a", "b"]))
        #expect(throws: ResponseParseError.self) { try parse("a,c", Self.single) }
        #expect(throws: ResponseParseError.self) { try parse("z", Self.single) }
        #expect(throws: ResponseParseError.self) { try parse("", Self.single) }
        #expect(throws: ResponseParseError.self) { try parse("a a", Self.multiple) }
    }

    @Test func parsesTrueFalseInThreeLanguages() throws {
        for text in ["t", "T", "true", "yes", "y", "是", "对", "はい", "正しい", "○"] { #expect(try parse(text, Self.tf) == .trueFalse(true), "\(text)") }
        for text in ["f", "false", "no", "n", "否", "错", "いいえ", "誤り", "×"] { #expect(try parse(text, Self.tf) == .trueFalse(false), "\(text)") }
        #expect(throws: ResponseParseError.self) { try parse("maybe", Self.tf) }
        do { _ = try parse("maybe", Self.tf) } catch {
            #expect(error.key == "true_false" && ResponseParseError.keys.contains(error.key))
        }
    }

    @Test func parsesNumbersAndHex() throws {
        #expect(try parse("5", Self.numeric) == .number("5"))
        #expect(throws: ResponseParseError.self) { try parse("five", Self.numeric) }
        #expect(try parse("0xc0000000", Self.hex) == .hex("0xc0000000"))
        #expect(try parse("C0000000", Self.hex) == .hex("C0000000"))
        #expect(throws: ResponseParseError.self) { try parse("0xzz", Self.hex) }
        if case .hex(let h) = try parse("C0000000", Self.hex) { #expect(grade(Self.hex, response: .hex(h)).correct) }
    }

    @Test func parsesOrderingThroughTheShuffle() throws {
        // Shown as: 1 = "three", 2 = "one", 3 = "two".
        let shown = Presentation(choiceOrder: [], rightOrder: [], itemOrder: [2, 0, 1])
        let r = try parse("2 3 1", Self.ordering, shown)
        #expect(r == .order([0, 1, 2]))
        #expect(grade(Self.ordering, response: r).correct)
        #expect(try parse("b c a", Self.ordering, shown) == .order([0, 1, 2]))
        #expect(try parse("3 1 2", Self.ordering, shown) == .order([1, 2, 0]))
        #expect(throws: ResponseParseError.self) { try parse("1 2", Self.ordering, shown) }
        #expect(throws: ResponseParseError.self) { try parse("1 1 2", Self.ordering, shown) }
    }

    @Test func parsesMatchingThroughTheShuffle() throws {
        // Right column shown as: a = "kfree" (pair 2), b = "__free_pages" (pair 0), c = "free_pages" (pair 1).
        let shown = Presentation(choiceOrder: [], rightOrder: [2, 0, 1], itemOrder: [])
        let r = try parse("1b 2c 3a", Self.matching, shown)
        #expect(r == .pairs([0, 1, 2]))
        #expect(grade(Self.matching, response: r).correct)
        #expect(try parse("b c a", Self.matching, shown) == .pairs([0, 1, 2]))
        #expect(try parse("3a 1b", Self.matching, shown) == .pairs([0, nil, 2]))
        #expect(throws: ResponseParseError.self) { try parse("b c", Self.matching, shown) }
        #expect(throws: ResponseParseError.self) { try parse("1d", Self.matching, shown) }
    }

    @Test func presentationIsSeededAndNeverShowsTheSolution() {
        for seed in 0..<50 as Range<UInt64> {
            let p = Presentation.make(for: Self.ordering, seed: seed)
            #expect(p == Presentation.make(for: Self.ordering, seed: seed))
            #expect(p.itemOrder != [0, 1, 2] && Set(p.itemOrder) == [0, 1, 2])
            let m = Presentation.make(for: Self.matching, seed: seed)
            #expect(m.rightOrder != [0, 1, 2] && Set(m.rightOrder) == [0, 1, 2])
            let s = Presentation.make(for: Self.single, seed: seed)
            #expect(Set(s.choiceOrder) == [0, 1, 2])
        }
        #expect(Set((0..<50).map { Presentation.make(for: Self.single, seed: UInt64($0)).choiceOrder }).count > 1)
        #expect(Presentation.make(for: Self.single, seed: 3, shuffleChoices: false).choiceOrder == [0, 1, 2])
        let shuffled = Self.single.withShuffledChoices(seed: 9)
        #expect(Set(shuffled.choices.map(\.id)) == Set(Self.single.choices.map(\.id)))
        #expect(grade(shuffled, response: .choices(["b"])).correct)
    }

    @Test func everyGeneratedAnswerGradesRightWhenTyped() throws {
        for f in Generated.families {
            let q = f.generate(seed: 7)
            let p = Presentation.make(for: q, seed: 7)
            let text: String
            switch q.answer {
            case .choices(let ids):
                let pos = p.choiceOrder.firstIndex { q.choices[$0].id == ids.first! }!
                text = Presentation.label(pos)
            case .hex(let v): text = String(v, radix: 16).uppercased()
            case .numeric(let v, _): text = String(Int(v))
            default: continue
            }
            #expect(grade(q, response: try parse(text, q, p)).correct, "\(q.id): typed \(text)")
        }
    }

    // MARK: Hostile and full-width input (issue 14 item 2, issue 11)

    @Test func hugeMatchingNumbersAreRejectedNotOverflowed() throws {
        let shown = Presentation(choiceOrder: [], rightOrder: [2, 0, 1], itemOrder: [])
        for text in ["-9223372036854775808a", "9223372036854775807a", "0a", "-1b", "4a 1b"] {
            #expect(throws: ResponseParseError.self, "\(text)") { try parse(text, Self.matching, shown) }
        }
    }

    @Test func fullWidthInputEqualsASCII() throws {
        let shown = Presentation(choiceOrder: [2, 0, 1], rightOrder: [], itemOrder: [])
        #expect(try parse("ａ", Self.single, shown) == parse("a", Self.single, shown))
        #expect(try parse("Ｂ", Self.single, shown) == parse("b", Self.single, shown))
        #expect(throws: ResponseParseError.self) { try parse("１", Self.single) }
        #expect(try parse("ａ，ｂ", Self.multiple) == .choices(["a", "b"]))
        #expect(try parse("ｔ", Self.tf) == .trueFalse(true))
        if case .hex(let h) = try parse("０ｘｃ０００００００", Self.hex) { #expect(grade(Self.hex, response: .hex(h)).correct) }
        else { Issue.record("０ｘｃ… is not read as hex") }
        if case .number(let n) = try parse("５", Self.numeric) { #expect(grade(Self.numeric, response: .number(n)).correct) }
        let order = Presentation(choiceOrder: [], rightOrder: [], itemOrder: [2, 0, 1])
        #expect(try parse("ｂ　ｃ　ａ", Self.ordering, order) == .order([0, 1, 2]))
        let match = Presentation(choiceOrder: [], rightOrder: [2, 0, 1], itemOrder: [])
        #expect(try parse("１ｂ ２ｃ ３ａ", Self.matching, match) == .pairs([0, 1, 2]))
        #expect(grade(Self.short, response: .text("ＫＦＲＥＥ")).correct)
    }

    @Test func orderingErrorExampleUsesLetters() throws {
        do {
            _ = try parse("a b", Self.ordering)
            Issue.record("two of three items accepted")
        } catch {
            #expect(error.key == "all_letters" && error.values == ["n": "3", "example": "c a b"], "\(error)")
        }
    }

    /// Every reason the parser gives is a listed key (ui.yaml words each; `check` requires them).
    @Test func everyParseErrorIsAListedKey() {
        let inputs: [(String, Question)] = [("", Self.single), ("a,c", Self.single), ("z", Self.single), ("maybe", Self.tf),
                                            ("eight", Self.numeric), ("a b", Self.ordering), ("a a c", Self.ordering), ("9a", Self.matching)]
        for (text, q) in inputs {
            do { _ = try parse(text, q); Issue.record("`\(text)` accepted") } catch {
                #expect(ResponseParseError.keys.contains(error.key), "\(error.key)")
                #expect(!error.values.values.contains { $0.contains("`") }, "no Markdown in the values")
            }
        }
    }
}
