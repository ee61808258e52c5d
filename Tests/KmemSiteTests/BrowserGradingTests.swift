import Foundation
import KmemContent
import KmemCore
import KmemQuestions
import Testing
import TestSupport
@testable import KmemSite

/// One grader: every question of the site's bank, with sample answers of every kind and the
/// tricky spellings (backticks, `kvfree()`, full-width, NFKC, White_Space, `0X`, `_` in hex,
/// signs and separators in numbers, partial credit), graded by Swift (`ResponseParser.parse`
/// then `grade()`, as the terminal quiz does) and by quiz-core.js in headless Chromium with the
/// grading data the quiz page embeds (`BrowserGrading`), in each language. Verdict, score,
/// problem, misconception and feedback must be the same for every pair.
@Suite struct BrowserGradingTests {
    static let repo = Chromium.repository

    /// The site's questions, as `Downloads` builds them for the quiz page and the banks.
    static func bank() throws -> [Question] {
        let content = SourceTree(folder: repo.appendingPathComponent("content"), displayName: "content")
        let lib = Library(content: content, templates: SourceTree(folder: repo.appendingPathComponent("templates")), captures: nil)
        return Downloads.questions(authored: try lib.loadQuestions(), families: try lib.loadTeachingText().families)
    }

    /// One sample answer: as the browser builds it (`js`, a quiz-core.js response) and as Swift
    /// grades it (typed text goes through the terminal's parser first).
    struct Sample {
        var js: [String: Any]
        var typed: String?
        var response: Response?
    }

    static func typed(_ s: String) -> Sample { Sample(js: ["type": "typed", "text": s], typed: s) }

    /// Full-width forms of ASCII (`kfree` → `ｋｆｒｅｅ`), as a Chinese or Japanese keyboard types.
    static func fullWidth(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { u in
            (0x21...0x7E).contains(u.value) ? Unicode.Scalar(u.value + 0xFEE0)! : (u == " " ? "\u{3000}" : u)
        }))
    }

    static let junk = ["", "   ", "\t", ".", "。", "`", "``", "()", "`()`", "?", "foo", "x", "0", "-", "+", "\u{200B}", "\u{00A0}", "①", "ﬁ", "İ", "ΣΑΣ"]

    static func samples(_ q: Question) -> [Sample] {
        var out: [Sample] = []
        switch q.answer {
        case .choices:
            let ids = q.choices.map(\.id)
            // Every subset (at most 2^6), the empty one included; an unknown id.
            let n = min(ids.count, 6)
            for mask in 0..<(1 << n) {
                let set = (0..<n).filter { mask & (1 << $0) != 0 }.map { ids[$0] }
                out.append(Sample(js: ["type": "choices", "ids": set], response: .choices(Set(set))))
            }
            for id in ids.dropFirst(n) { out.append(Sample(js: ["type": "choices", "ids": [id]], response: .choices([id]))) }
            out.append(Sample(js: ["type": "choices", "ids": ["no-such-choice"]], response: .choices(["no-such-choice"])))
        case .trueFalse:
            for b in [true, false] { out.append(Sample(js: ["type": "truefalse", "value": b], response: .trueFalse(b))) }
        case .numeric(let value, let tolerance):
            let v = num(value)
            var texts: [String] = [v, " \(v) ", "\t\(v)\n", fullWidth(v), "+\(v)", "\(v)e0", "\(v).", "\(v)0", "-\(v)", "\(v)\t1", "\(v) 1"]
            texts += ["\(v),", "\(v)_", num(value + tolerance), num(value - tolerance), num(value + 2 * tolerance + 1), num(value - 1), num(value * 2)]
            texts += ["five", "inf", "nan", "1e400", "1e-400", "-0x10", "0x", "1.2.3", "1e", "e3", ".5", "5.", "0x1p3", "1_000", "1,000", "1 000", "１，０００", "٣"]
            if value == value.rounded(), value >= 0, value < 1e15 {
                let i = UInt64(value)
                let hex: String = String(i, radix: 16)
                texts += ["0x" + hex, "0X" + hex.uppercased(), group(String(i), by: 3, with: ","), group(String(i), by: 3, with: " ")]
                texts += [group(String(i), by: 3, with: "_"), "\(v).0", "\(v)e+0", "0\(v)"]
            }
            texts += q.knownWrongAnswers.flatMap { w in Language.allCases.map { w.text[$0] } }
            out += (texts + junk).map(typed)
        case .hex(let value):
            let digits: String = String(value, radix: 16)
            let padded = String(repeating: "0", count: max(0, (value > 0xFFFF_FFFF ? 16 : 8) - digits.count)) + digits
            var texts: [String] = ["0x" + padded, "0x" + digits, padded, digits, "0X" + digits.uppercased(), digits.uppercased()]
            texts += ["0x" + group(digits, by: 4, with: "_"), group(digits, by: 4, with: " "), "0x" + group(digits, by: 4, with: "'")]
            texts += ["0x00" + digits, fullWidth("0x" + digits), fullWidth(digits.uppercased()), " 0x\(digits) ", "0x_\(digits)", "0x\(digits)_"]
            texts += ["-0x\(digits)", "0x\(digits)h", "0x" + digits + "0", "0x1" + String(repeating: "0", count: 16), String(repeating: "f", count: 16)]
            texts += ["0x" + String(value &+ 1, radix: 16), "0x" + String(value ^ 0x1000, radix: 16), "0x", "0xg", "zz", "0 x\(digits)", "0x\t\(digits)"]
            texts += q.knownWrongAnswers.flatMap { w in Language.allCases.map { w.text[$0] } }
            out += (texts + junk).map(typed)
        case .text(let accepted):
            var texts: [String] = []
            for a in accepted + q.knownWrongAnswers.map(\.text) {
                for lang in Language.allCases {
                    let s = a[lang]
                    texts += [s, "`\(s)`", "\(s)()", "`\(s)()`", "`\(s)`()", "``\(s)``", s.uppercased(), fullWidth(s), "  \(s)\u{3000}"]
                    texts += ["\(s)。", "\(s)!?", "(\(s))", "\(s) ()", "\(s)( )", s.replacingOccurrences(of: " ", with: "  \t")]
                    texts += [s.replacingOccurrences(of: " ", with: ""), "\u{00A0}\(s)\u{2028}", "\u{200B}\(s)", s + "s", String(s.dropLast())]
                    texts += [s.decomposedStringWithCanonicalMapping]
                }
            }
            out += (texts + junk).map(typed)
        case .matching(let pairs):
            out += permutations(pairs.count).map { Sample(js: ["type": "pairs", "picks": $0], response: .pairs($0)) }
            for k in pairs.indices {
                var p: [Int?] = Array(pairs.indices)
                p[k] = nil
                out.append(Sample(js: ["type": "pairs", "picks": p.map { $0.map { $0 as Any } ?? NSNull() }], response: .pairs(p)))
            }
            for bad in [Array(pairs.indices.dropLast()), pairs.indices.map { _ in 0 }, Array(pairs.indices.dropLast()) + [pairs.count]] {
                out.append(Sample(js: ["type": "pairs", "picks": bad], response: .pairs(bad)))
            }
        case .ordering(let items):
            out += permutations(items.count).map { Sample(js: ["type": "order", "order": $0], response: .order($0)) }
            for bad in [Array(items.indices.dropLast()), items.indices.map { _ in 0 }, Array(items.indices.dropLast()) + [items.count], Array(items.indices) + [0]] {
                out.append(Sample(js: ["type": "order", "order": bad], response: .order(bad)))
            }
        }
        return out
    }

    /// A number as the bank writes it: whole values without exponent, else Swift's shortest form.
    static func num(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }

    /// `12345678` → `12,345,678` (from the right).
    static func group(_ s: String, by n: Int, with sep: String) -> String {
        var out = "", count = 0
        for ch in s.reversed() {
            if count > 0 && count % n == 0 { out = sep + out }
            out = String(ch) + out
            count += 1
        }
        return out
    }

    /// The identity, every swap of two, every rotation and the reverse (no more: 7! is large).
    static func permutations(_ n: Int) -> [[Int]] {
        var out: [[Int]] = [Array(0..<n), Array((0..<n).reversed())]
        for i in 0..<n { for j in (i + 1)..<n { var p = Array(0..<n); p.swapAt(i, j); out.append(p) } }
        for r in 1..<max(1, n) { out.append((0..<n).map { ($0 + r) % n }) }
        return out
    }

    struct Verdict: Codable, Equatable, CustomStringConvertible {
        var status: String
        var correct: Bool?
        var score: Double?
        var problem: Bool?
        var misconception: String?
        var feedback: String?
        var description: String {
            status == "graded" ? "\(correct == true ? "right" : "wrong") score \(score ?? -1)\(problem == true ? " (problem)" : "")"
                + " misconception \(misconception ?? "-") feedback \(feedback.map { String($0.prefix(30)) } ?? "-")" : status
        }
    }

    /// Swift's verdict, as the terminal quiz reaches it.
    static func verdict(_ q: Question, _ s: Sample, lang: Language) -> Verdict {
        let response: Response
        if let text = s.typed {
            do { response = try ResponseParser.parse(text, for: q, presentation: .canonical(q)) } catch { return Verdict(status: "rejected") }
        } else {
            response = s.response!
        }
        let g = grade(q, response: response)
        return Verdict(status: "graded", correct: g.correct, score: g.score, problem: g.problem != nil, misconception: g.misconception, feedback: g.feedback?[lang])
    }

    static let script = """
    var cases = data("cases"), out = [];
    ["en", "zh", "ja"].forEach(function (lang) {
      var specs = data("grading-" + lang).questions;
      cases.forEach(function (c) {
        var spec = specs[c.id], r = c.response, v;
        if (!spec) { out.push({ status: "missing" }); return; }
        if (r.type === "typed") {
          r = KmemQuiz.parseTyped(spec.kind, r.text);
          if (r.reject) { out.push({ status: "rejected" }); return; }
        }
        var g = KmemQuiz.grade(spec, r);
        out.push({ status: "graded", correct: g.correct, score: g.score, problem: g.problem !== null,
                   misconception: g.misconception, feedback: g.feedback });
      });
    });
    window.kmemResult = out;
    """

    @Test(.enabled(if: Chromium.shouldRun, Chromium.skipReason))
    func browserGradesEveryQuestionAsSwiftDoes() throws {
        let questions = try Self.bank()
        #expect(questions.count > 100)
        #expect(Set(questions.map(\.kind)) == Set(QuestionKind.allCases), "every kind of question is in the bank")
        var cases: [[String: Any]] = [], expected: [Verdict] = [], labels: [String] = []
        var samples: [(Question, Sample)] = []
        for q in questions { for s in Self.samples(q) { samples.append((q, s)) } }
        for (q, s) in samples { cases.append(["id": q.id, "response": s.js]) }
        for lang in Language.allCases {
            for (q, s) in samples {
                expected.append(Self.verdict(q, s, lang: lang))
                labels.append("\(lang.rawValue) \(q.id) \(s.typed.map { "typed \($0.debugDescription)" } ?? "\(s.js)")")
            }
        }
        var data = ["cases": String(decoding: try JSONSerialization.data(withJSONObject: cases), as: UTF8.self)]
        for lang in Language.allCases { data["grading-\(lang.rawValue)"] = BrowserGrading.json(questions, lang: lang) }
        let result = try Chromium.evaluate(assets: ["quiz-core.js"], data: data, script: Self.script)
        let got = try JSONDecoder().decode([Verdict].self, from: result)
        try #require(got.count == expected.count)
        var disagreements = 0, rejected = 0, partial = 0, typedRight = 0
        for (i, want) in expected.enumerated() {
            if want.status == "rejected" { rejected += 1 }
            if let sc = want.score, sc > 0, sc < 1 { partial += 1 }
            if samples[i % samples.count].1.typed != nil, want.correct == true { typedRight += 1 }
            if want != got[i] {
                disagreements += 1
                if disagreements <= 20 { Issue.record("\(labels[i]): Swift \(want), browser \(got[i])") }
            }
        }
        #expect(disagreements == 0, "\(disagreements) of \(expected.count) verdicts differ")
        // The corpus exercises what it claims to: rejected input, partial credit, typed answers accepted.
        #expect(rejected > 100 && partial > 100 && typedRight > 100, "rejected \(rejected), partial \(partial), typed right \(typedRight)")
    }

    /// The spellings the issue named, checked by value in Swift (the Chromium test above shows
    /// the browser agrees on every one of them).
    @Test func trickySpellingsAreGradedAlike() {
        let short = Question(id: "t", topic: "x", difficulty: 1, kind: .shortAnswer, prompt: Localized(all: "p"),
                             answer: .text([Localized(all: "kvfree")]), explanation: Localized(all: "e"))
        for s in ["`kvfree`", "kvfree()", "`kvfree()`", "ｋｖｆｒｅｅ", " KVFREE。", "kvfree\u{00A0}"] {
            #expect(grade(short, response: .text(s)).correct, "\(s)")
        }
        for s in ["kv free", "``kvfree``", "(kvfree)", "kvfree ()"] { #expect(!grade(short, response: .text(s)).correct, "\(s)") }
        let hex = Question(id: "h", topic: "x", difficulty: 1, kind: .hexAddress, prompt: Localized(all: "p"), answer: .hex(0xc000_0000),
                           explanation: Localized(all: "e"))
        for s in ["0xc000_0000", "0XC0000000", "ｃ０００００００", "c000 0000"] { #expect(grade(hex, response: .hex(s)).correct, "\(s)") }
        #expect(ResponseParser.number("-0x10") == nil, "a sign before 0x is not a number (Double(_:) alone would read -16)")
        #expect(ResponseParser.number("inf") == nil && ResponseParser.number("nan") == nil)
        #expect(ResponseParser.number("1,024") == 1024 && ResponseParser.number(".5") == 0.5)
    }

    /// The quiz page embeds the grading data of every question it shows.
    @Test func gradingDataCoversTheBank() throws {
        let questions = try Self.bank()
        for lang in Language.allCases {
            let json = BrowserGrading.json(questions, lang: lang)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let specs = try #require(doc["questions"] as? [String: Any])
            #expect(Set(specs.keys) == Set(questions.map(\.id)))
            #expect(json == BrowserGrading.json(questions.reversed(), lang: lang), "the same questions give the same bytes")
        }
    }
}
