import Foundation
import Testing
import TestSupport
@testable import KmemContent
import KmemCore
import KmemQuestions

/// Issue 18: every question is answerable from its topic page. The names a question reasons
/// with (functions, GFP and SLAB flags, zones, config options) appear on the page of its topic,
/// in English (the other languages mirror it); names that only occur in the question's own code
/// snippet (`my_update_stats`) are the example's, not the kernel's.
@Suite struct QuestionTopicTests {
    static let content = Golden.folder().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content")

    static func names(in text: String) -> Set<String> {
        var out = Set<String>()
        let patterns = [#"\b([a-z_][a-z0-9_]*)\(\)"#,
                        #"\b((?:__)?GFP_[A-Z0-9_]+|SLAB_[A-Z_]+|ZONE_[A-Z0-9]+|CONFIG_[A-Z0-9_]+|MAX_PAGE_ORDER|MAX_ORDER)\b"#]
        for p in patterns {
            guard let rx = try? NSRegularExpression(pattern: p) else { continue }
            for m in rx.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let r = Range(m.range(at: 1), in: text) { out.insert(String(text[r])) }
            }
        }
        return out
    }

    static func withoutCode(_ s: String) -> (prose: String, code: String) {
        var prose = "", code = "", inFence = false
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            if inFence { code += line + "\n" } else { prose += line + "\n" }
        }
        return (prose, code)
    }

    @Test func theNamesAFunctionNeedsAreFound() {
        #expect(Self.names(in: "kfree() of GFP_KERNEL memory in ZONE_DMA32 with SLAB_ACCOUNT and `__GFP_ZERO`")
                == ["kfree", "GFP_KERNEL", "ZONE_DMA32", "SLAB_ACCOUNT", "__GFP_ZERO"])
        #expect(Self.withoutCode("a\n```c\nfoo();\n```\nb").code == "foo();\n")
    }

    @Test func everyQuestionsNamesAreOnItsTopicPage() throws {
        let tree = SourceTree(folder: Self.content)
        let slugs = Set(tree.children("pages"))
        let questions = try QuestionLoader.load(from: Self.content, topics: slugs)
        #expect(questions.count >= 120)
        var pageText: [String: String] = [:]
        for slug in slugs { pageText[slug] = (try? tree.text("pages/\(slug)/en.md")) ?? "" }
        // The glossary page is a block: its text is the glossary itself.
        pageText["glossary"] = (try? tree.text("glossary.yaml")) ?? ""
        var missing: [String] = []
        for q in questions {
            let (prose, code) = Self.withoutCode(q.prompt.en)
            let right = q.choices.filter(\.correct).map(\.text.en).joined(separator: " ")
            // Every identifier of the snippet is the example's own (my_update_stats, memcpy).
            let own = Set(code.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init))
            for name in Self.names(in: prose + " " + right + " " + q.explanation.en).subtracting(own).sorted()
            where !(pageText[q.topic] ?? "").contains(name) {
                missing.append("\(q.id) (\(q.topic)): \(name)")
            }
        }
        #expect(missing.isEmpty, "names missing from the topic page: \(missing)")
    }

    @Test func atLeastThirtyQuestionsContainCode() throws {
        let tree = SourceTree(folder: Self.content)
        let questions = try QuestionLoader.load(from: Self.content, topics: Set(tree.children("pages")))
        let withCode = questions.filter { $0.prompt.en.contains("```") && $0.prompt.zh.contains("```") && $0.prompt.ja.contains("```") }
        #expect(withCode.count >= 30)
    }
}
