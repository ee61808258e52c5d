import Foundation
import KmemCore
import KmemQuestions
import Testing

/// content/families/*.yaml and content/misconceptions.yaml: loaded and held to the generator's
/// placeholders, every problem with its file and line.
@Suite struct TeachingTextTests {
    /// The real teaching texts, with `edit` applied to the text of `file`.
    func diagnostics(_ file: String, _ edit: (String) -> String) throws -> [Diagnostic] {
        var files: [String: String] = [:]
        let folder = Paths.content.appendingPathComponent("families")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yaml") {
            files["families/\(name)"] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        files["misconceptions.yaml"] = try String(contentsOf: Paths.content.appendingPathComponent("misconceptions.yaml"), encoding: .utf8)
        let original = try #require(files[file], "no \(file)")
        files[file] = edit(original)
        #expect(files[file] != original, "the edit changed nothing")
        let dir = try TempContent(files)
        defer { dir.cleanup() }
        do {
            _ = try TeachingText.load(SourceTree(folder: dir.url))
            Issue.record("expected errors")
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The 1-based line of the first line of `file` that contains `text`.
    func line(_ file: String, _ text: String) throws -> Int {
        let s = try String(contentsOf: Paths.content.appendingPathComponent(file), encoding: .utf8)
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test func realTextsLoadAndCoverEveryFamily() throws {
        let t = try TeachingText.load(SourceTree(folder: Paths.content))
        #expect(t.families.count >= 10)
        for f in t.families {
            #expect(!f.title.en.isEmpty && !f.title.zh.isEmpty && !f.title.ja.isEmpty && !f.title.en.contains("⟦"), "\(f.id)")
            for seed: UInt64 in 0..<40 {
                let q = f.generate(seed: seed)
                for lang in Language.allCases {
                    let all = ([q.prompt[lang], q.explanation[lang]] + q.choices.map { $0.text[lang] }).joined(separator: "\n")
                    #expect(!all.contains("⟦") && TeachingText.placeholders(in: all).isEmpty, "\(q.id) \(lang): a text is missing or a placeholder unfilled:\n\(all)")
                }
            }
        }
    }

    @Test func aMissingLanguageIsReportedAtItsEntry() throws {
        let d = try diagnostics("families/pages.yaml") { $0.replacingOccurrences(of: "    ja: \"ページサイズ 4 KiB のとき、get_order({size}) は何を返すか。\"\n", with: "") }
        let at = try line("families/pages.yaml", "get-order.prompt:")
        #expect(d.count == 1, "\(d)")
        #expect(d.first?.location == SourceLocation(file: "content/families/pages.yaml", line: at), "\(d)")
        #expect(d.first?.message.contains("`get-order.prompt` has no ja text") == true, "\(d)")
    }

    @Test func anUnknownPlaceholderIsReportedAtItsLanguage() throws {
        let d = try diagnostics("families/pages.yaml") { $0.replacingOccurrences(of: "zh: \"页大小为 4 KiB 时，get_order({size})", with: "zh: \"页大小为 4 KiB 时，get_order({bytes})") }
        let at = try line("families/pages.yaml", "zh: \"页大小为 4 KiB 时")
        #expect(d.count == 2, "\(d)")
        #expect(d.contains { $0.location?.line == at && $0.message.contains("placeholder `{bytes}`, which the generator does not provide") }, "\(d)")
        #expect(d.contains { $0.location?.line == at && $0.message.contains("lacks the placeholder `{size}`") }, "\(d)")
    }

    @Test func anUnknownKeyAndAMissingKeyAreReported() throws {
        let d = try diagnostics("families/proc.yaml") { $0.replacingOccurrences(of: "  vmalloc-total.title:", with: "  vmalloc-total.titel:") }
        let at = try line("families/proc.yaml", "vmalloc-total.title:")
        #expect(d.contains { $0.location?.line == at && $0.message.contains("no generator uses the text `vmalloc-total.titel`") && $0.hint?.contains("vmalloc-total.title") == true }, "\(d)")
        #expect(d.contains { $0.message.contains("the text `vmalloc-total.title` of a generated family is missing") }, "\(d)")
    }

    @Test func aMisconceptionWithoutALanguageIsReported() throws {
        let d = try diagnostics("misconceptions.yaml") { $0.replacingOccurrences(of: "    zh: \"使用了源文章中少写一个 0 的 PAGE_OFFSET。\"\n", with: "") }
        let at = try line("misconceptions.yaml", "page-offset-missing-digit:")
        #expect(d.count == 1 && d.first?.location?.line == at && d.first?.message.contains("has no zh text") == true, "\(d)")
    }

    @Test func idsCarryTheGeneratorVersion() throws {
        #expect(QuestionFamily.parse(id: "get-order/v1/17")! == ("get-order", 1, 17))
        #expect(QuestionFamily.parse(id: "get-order/17") == nil)
        #expect(QuestionFamily.parse(id: "get-order/v0/17") == nil)
        #expect(QuestionFamily.parse(id: "kmalloc-basics") == nil)
    }
}
