import Foundation
import TestSupport
import Testing
import KmemQuestions
import KmemCore

/// One broken file per kind of error: the loader must name the problem and its line. Each
/// fixture is written to a temporary content folder (the test target has no fixture folder).
@Suite struct LoaderErrorTests {
    static let topics: Set<String> = ["kmalloc", "vmalloc"]
    static let seeds = """
    seeds:
      s001:
        file: x.txt
        lang: zh
        title: "t"
    """

    /// Loads `files` (name → text under questions/) and returns the diagnostics.
    func diagnostics(_ files: [String: String], seeds: Bool = true) throws -> [Diagnostic] {
        var all: [String: String] = [:]
        for (name, text) in files { all["questions/\(name)"] = text }
        if seeds { all["seeds.yaml"] = Self.seeds }
        // The real misconception catalog: options name misconceptions from it.
        all["misconceptions.yaml"] = try String(contentsOf: Paths.content.appendingPathComponent("misconceptions.yaml"), encoding: .utf8)
        let dir = try TempContent(all)
        defer { dir.cleanup() }
        do {
            let qs = try QuestionLoader.load(from: dir.url, topics: Self.topics)
            Issue.record("expected errors, loaded \(qs.count) questions")
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Expects exactly one diagnostic, in `file` at `line`, whose message contains `text`.
    func expectOne(_ d: [Diagnostic], file: String, line: Int, _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(d.count == 1, "expected one diagnostic, got \(d.map(\.description))", sourceLocation: sourceLocation)
        guard let first = d.first else { return }
        #expect(first.location?.file == "content/questions/\(file)", "\(first)", sourceLocation: sourceLocation)
        #expect(first.location?.line == line, "\(first)", sourceLocation: sourceLocation)
        #expect(first.message.contains(text), "message was: \(first.message)", sourceLocation: sourceLocation)
        #expect(first.kind == .data, sourceLocation: sourceLocation)
    }

    /// A valid truefalse question, indented as a list item; `extra` lines are appended.
    static func tf(_ id: String, topic: String = "kmalloc", extra: String = "") -> String {
        """
          - id: \(id)
            topic: \(topic)
            kind: truefalse
            difficulty: 1
            prompt:
              en: "English \(id)"
              zh: "中文"
              ja: "日本語"
            answer: true
            explanation:
              en: "Because."
              zh: "因为。"
              ja: "なぜなら。"
            sources: [s001]
        \(extra)

        """
    }

    /// Issue 18: one question under two ids is reported at the second, naming the first.
    @Test func sameQuestionUnderTwoIds() throws {
        let twin = Self.tf("d-one").replacingOccurrences(of: "English d-one", with: "Is kfree(NULL) safe?")
        let text = "questions:\n" + twin + twin.replacingOccurrences(of: "id: d-one", with: "id: d-two")
        let d = try diagnostics(["dup.yaml": text])
        expectOne(d, file: "dup.yaml", line: 17, "asks the same as `d-one`")
    }

    @Test func validFileLoads() throws {
        let dir = try TempContent(["questions/a.yaml": "questions:\n" + Self.tf("a-one") + Self.tf("a-two"), "seeds.yaml": Self.seeds])
        defer { dir.cleanup() }
        let qs = try QuestionLoader.load(from: dir.url, topics: Self.topics)
        #expect(qs.map(\.id) == ["a-one", "a-two"])
        #expect(qs[0].answer == .trueFalse(true))
        #expect(qs[0].sources == [QuestionSource(seed: "s001")])
        #expect(qs[0].prompt == Localized(en: "English a-one", zh: "中文", ja: "日本語"))
    }

    @Test func malformedYAML() throws {
        let text = """
        questions:
          - id: broken
            kind: [single
            topic: kmalloc
        """
        let d = try diagnostics(["bad.yaml": text])
        #expect(d.count == 1)
        #expect(d.first?.message.contains("YAML does not parse") == true, "\(d)")
        #expect(d.first?.location?.file == "content/questions/bad.yaml")
        #expect((d.first?.location?.line ?? 0) >= 3, "\(d)")
    }

    @Test func unknownKey() throws {
        let text = "questions:\n" + Self.tf("k-one", extra: "    colour: red")
        let d = try diagnostics(["keys.yaml": text])
        expectOne(d, file: "keys.yaml", line: 16, "unknown key `colour` in a question")
    }

    @Test func keyOfAnotherKind() throws {
        let text = "questions:\n" + Self.tf("k-two", extra: "    options: []")
        let d = try diagnostics(["kind-key.yaml": text])
        expectOne(d, file: "kind-key.yaml", line: 16, "key `options` does not apply to a `truefalse` question")
    }

    @Test func missingLanguageText() throws {
        let text = """
        questions:
          - id: no-zh
            topic: kmalloc
            kind: truefalse
            difficulty: 1
            prompt:
              en: "English"
              ja: "日本語"
            answer: false
            explanation: {en: "a", zh: "b", ja: "c"}
            sources: [s001]
        """
        let d = try diagnostics(["lang.yaml": text])
        expectOne(d, file: "lang.yaml", line: 7, "`prompt` has no zh text")
    }

    @Test func plainTextWhereLanguagesAreRequired() throws {
        let text = """
        questions:
          - id: plain-prompt
            topic: kmalloc
            kind: truefalse
            difficulty: 1
            prompt: "Only English"
            answer: false
            explanation: {en: "a", zh: "b", ja: "c"}
            sources: [s001]
        """
        let d = try diagnostics(["plain.yaml": text])
        expectOne(d, file: "plain.yaml", line: 6, "`prompt` must give the text in en, zh and ja")
    }

    @Test func unknownTopic() throws {
        let text = "questions:\n" + Self.tf("t-one", topic: "kzalloc")
        let d = try diagnostics(["topic.yaml": text])
        expectOne(d, file: "topic.yaml", line: 3, "unknown topic `kzalloc`")
        #expect(d.first?.hint?.contains("kmalloc") == true)
    }

    @Test func unknownKind() throws {
        let text = "questions:\n" + Self.tf("kind-one").replacingOccurrences(of: "kind: truefalse", with: "kind: essay")
        let d = try diagnostics(["kind.yaml": text])
        expectOne(d, file: "kind.yaml", line: 4, "unknown kind `essay`")
    }

    @Test func duplicateIdAcrossFiles() throws {
        let d = try diagnostics(["a.yaml": "questions:\n" + Self.tf("same-id"),
                                 "b.yaml": "questions:\n" + Self.tf("other") + Self.tf("same-id")])
        expectOne(d, file: "b.yaml", line: 17, "duplicate question id `same-id`")
        #expect(d.first?.message.contains("content/questions/a.yaml:2") == true, "\(d)")
    }

    @Test func duplicateIdInOneFile() throws {
        let d = try diagnostics(["a.yaml": "questions:\n" + Self.tf("twice") + Self.tf("twice")])
        expectOne(d, file: "a.yaml", line: 17, "duplicate question id `twice`")
    }

    @Test func singleWithTwoCorrectOptions() throws {
        let text = """
        questions:
          - id: two-right
            topic: kmalloc
            kind: single
            difficulty: 1
            prompt: {en: "p", zh: "题", ja: "問"}
            options:
              - text: "kfree()"
                correct: true
              - text: "vfree()"
                correct: true
              - text: "free()"
            explanation: {en: "a", zh: "b", ja: "c"}
            sources: [s001]
        """
        let d = try diagnostics(["single.yaml": text])
        expectOne(d, file: "single.yaml", line: 8, "a `single` question needs exactly one correct option, found 2")
    }

    @Test func singleWithNoCorrectOption() throws {
        let text = """
        questions:
          - id: none-right
            topic: kmalloc
            kind: single
            difficulty: 1
            prompt: {en: "p", zh: "题", ja: "問"}
            options:
              - text: "kfree()"
              - text: "vfree()"
            explanation: {en: "a", zh: "b", ja: "c"}
            sources: [s001]
        """
        let d = try diagnostics(["single0.yaml": text])
        expectOne(d, file: "single0.yaml", line: 8, "found 0")
    }

    @Test func orderingWithOneItem() throws {
        let text = """
        questions:
          - id: one-step
            topic: vmalloc
            kind: ordering
            difficulty: 1
            prompt: {en: "p", zh: "题", ja: "問"}
            items:
              - {en: "only", zh: "唯一", ja: "唯一"}
            explanation: {en: "a", zh: "b", ja: "c"}
            sources: [s001]
        """
        let d = try diagnostics(["order.yaml": text])
        expectOne(d, file: "order.yaml", line: 8, "an `ordering` question needs at least 2 items, found 1")
    }

    @Test func matchingWithRepeatedRightSide() throws {
        let text = """
        questions:
          - id: same-right
            topic: kmalloc
            kind: matching
            difficulty: 1
            prompt: {en: "p", zh: "题", ja: "問"}
            pairs:
              - {left: "kmalloc()", right: "kfree()"}
              - {left: "kzalloc()", right: "kfree()"}
            explanation: {en: "a", zh: "b", ja: "c"}
            sources: [s001]
        """
        let d = try diagnostics(["match.yaml": text])
        expectOne(d, file: "match.yaml", line: 8, "two pairs have the same right side")
    }

    @Test func numericAnswerNotANumber() throws {
        let text = """
        questions:
          - id: not-number
            topic: vmalloc
            kind: numeric
            difficulty: 1
            prompt: {en: "p", zh: "题", ja: "問"}
            answer: one
            explanation: {en: "a", zh: "b", ja: "c"}
            sources: [s001]
        """
        let d = try diagnostics(["num.yaml": text])
        expectOne(d, file: "num.yaml", line: 7, "a `numeric` answer must be a number, not `one`")
    }

    @Test func computedNumberInAuthoredText() throws {
        let text = """
        questions:
          - id: typed-address
            topic: kmalloc
            kind: truefalse
            difficulty: 1
            prompt:
              en: "PAGE_OFFSET is 0xc0000000."
              zh: "中文"
              ja: "日本語"
            answer: true
            explanation: {en: "Served by kmalloc-128.", zh: "b", ja: "c"}
            sources: [s001]
        """
        let d = try diagnostics(["numbers.yaml": text])
        #expect(d.count == 2, "\(d)")
        #expect(d.contains { $0.location?.line == 7 && $0.message.contains("`0xc0000000`") }, "\(d)")
        #expect(d.contains { $0.location?.line == 11 && $0.message.contains("`kmalloc-128`") }, "\(d)")
    }

    @Test func unknownMisconceptionAndSeed() throws {
        let text = """
        questions:
          - id: bad-refs
            topic: kmalloc
            kind: single
            difficulty: 1
            prompt: {en: "p", zh: "题", ja: "問"}
            options:
              - text: "kfree()"
                correct: true
              - text: "vfree()"
                misconception: vfree-is-fine
            explanation: {en: "a", zh: "b", ja: "c"}
            sources: [s999, "6.1:mm/slab_common.c"]
        """
        let d = try diagnostics(["refs.yaml": text])
        #expect(d.count == 2, "\(d)")
        #expect(d.contains { $0.location?.line == 11 && $0.message.contains("unknown misconception `vfree-is-fine`") }, "\(d)")
        #expect(d.contains { $0.location?.line == 13 && $0.message.contains("unknown seed `s999`") }, "\(d)")
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let text = "questions:\n"
            + Self.tf("ok-one")
            + Self.tf("bad-topic", topic: "nowhere")
            + Self.tf("bad-kind").replacingOccurrences(of: "kind: truefalse", with: "kind: poem")
            + Self.tf("bad-key", extra: "    hint: x")
        let d = try diagnostics(["many.yaml": text, "other.yaml": "questions:\n" + Self.tf("ok-one")])
        #expect(d.count == 4, "\(d.map(\.description))")
        // Sorted by file, then line: the order `kmemguide check` prints them in.
        #expect(d.compactMap(\.location) == d.compactMap(\.location).sorted(), "\(d)")
        #expect(d.contains { $0.message.contains("unknown topic `nowhere`") && $0.location?.line == 18 })
        #expect(d.contains { $0.message.contains("unknown kind `poem`") && $0.location?.line == 34 })
        #expect(d.contains { $0.message.contains("unknown key `hint`") && $0.location?.line == 61 })
        #expect(d.contains { $0.message.contains("duplicate question id `ok-one`") && $0.location?.file == "content/questions/other.yaml" })
    }

    @Test func missingFolderIsNoInput() throws {
        let dir = TestFolders.root.appendingPathComponent("kmemq-none-\(UUID().uuidString)/content")
        #expect(throws: DiagnosticList.self) { try QuestionLoader.load(from: dir, topics: Self.topics) }
        do { _ = try QuestionLoader.load(from: dir, topics: Self.topics) } catch {
            #expect(error.kind == .noInput)
        }
    }

    @Test func missingRequiredKeys() throws {
        let text = """
        questions:
          - id: bare
            kind: truefalse
            answer: true
        """
        let d = try diagnostics(["bare.yaml": text])
        let messages = d.map(\.message)
        for key in ["topic", "difficulty", "prompt", "explanation", "sources"] {
            #expect(messages.contains("missing `\(key)`"), "\(messages)")
        }
        #expect(d.allSatisfy { $0.location?.line == 2 }, "\(d)")
    }

    /// A `multiple` prompt does not say "choose all that apply": every quiz and export adds it.
    @Test func multiplePromptDoesNotRepeatTheInstruction() throws {
        let text = """
        questions:
          - id: m1
            topic: kmalloc
            kind: multiple
            difficulty: 1
            prompt:
              en: "Which are true?"
              zh: "哪些正确？请选出所有正确项。"
              ja: "正しいものはどれか。"
            options:
              - text: {en: "A", zh: "甲", ja: "あ"}
                correct: true
              - text: {en: "B", zh: "乙", ja: "い"}
            explanation:
              en: "Because."
              zh: "因为。"
              ja: "なぜなら。"
            sources: [s001]
        """
        expectOne(try diagnostics(["m.yaml": text]), file: "m.yaml", line: 6, "zh prompt of a `multiple` question says")
    }
}
