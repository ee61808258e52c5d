import Foundation
import Testing
import TestSupport
@testable import KmemSite
import KmemContent
import KmemCore

/// Issue 13: the real site, built into a temporary folder, read as a Chinese or Japanese reader
/// sees it. No page may show "bytes", a region id, a seed's file name, a literal `**`, or
/// half-width punctuation touching CJK text.
@Suite(.serialized) struct LanguageScanTests {
    static let repo = Golden.folder().deletingLastPathComponent().deletingLastPathComponent()

    /// The visible text of a page, one line per block element; code becomes "C" (it is C,
    /// not prose), scripts and styles go.
    static func visibleLines(_ html: String) -> [String] {
        var s = html
        for tag in ["script", "style", "pre"] {
            s = s.replacingOccurrences(of: "(?s)<\(tag)\\b[^>]*>.*?</\(tag)>", with: "\n", options: [.regularExpression])
        }
        s = s.replacingOccurrences(of: "(?s)<code\\b[^>]*>.*?</code>", with: "C", options: [.regularExpression])
        // The previous/next label is a block of its own (style.css: `.prev-next span`).
        s = s.replacingOccurrences(of: "(<a class=\"(prev|next)\"[^>]*><span>[^<]*)</span> ", with: "$1</span>\n", options: [.regularExpression])
        s = s.replacingOccurrences(of: "</?(p|li|div|td|th|tr|h[1-6]|table|ul|ol|dl|dt|dd|figcaption|figure|title|text|caption|summary|details|nav|header|footer|section|aside|main|svg|br|label|select|option)\\b[^>]*>",
                                   with: "\n", options: [.regularExpression])
        s = s.replacingOccurrences(of: "<[^>]+>", with: "", options: [.regularExpression])
        for (e, c) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            s = s.replacingOccurrences(of: e, with: c)
        }
        return s.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Every problem in one line of visible zh/ja text.
    static func problems(_ line: String) -> [String] {
        var out = CJKText.lint(line).map(\.message)
        if line.range(of: "\\d\\s*bytes?\\b", options: .regularExpression) != nil { out.append("the word bytes") }
        if line.range(of: "\\b\\d{3}_[0-9a-f]{16}\\.txt\\b", options: .regularExpression) != nil { out.append("a seed file name") }
        if line.contains("**") { out.append("a literal **") }
        for id in CJKText.regionIDs where CJKText.containsWord(line, id) { out.append("the region id \(id)") }
        return out
    }

    @Test func scannerCatchesEachClass() {
        #expect(!Self.problems("页数: 245, 物理上连续: 否").isEmpty)
        #expect(!Self.problems("出处： s001").isEmpty)
        #expect(!Self.problems("最小的档位是 8 bytes。").isEmpty)
        #expect(!Self.problems("落在 vmalloc-hole 中").isEmpty)
        #expect(!Self.problems("见 000_9767fe9ef2bd4d81.txt").isEmpty)
        #expect(!Self.problems("**采集结果纠正了什么。**第一次").isEmpty)
        #expect(!Self.problems("カーネルが起動時に 一対一でマップする").isEmpty)
        #expect(Self.problems("页数：245，物理上连续：否").isEmpty)
        #expect(Self.problems("x86_32、Linux 3.4、160 MiB 内存、vmalloc=200M").isEmpty)
    }

    @Test func builtChineseAndJapanesePagesReadClean() throws {
        let out = TestFolders.root.appendingPathComponent("kmemguide-langscan-\(getpid())")
        try? FileManager.default.removeItem(at: out)
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try SiteBuilder.build(BuildOptions(content: Self.repo.appendingPathComponent("content"),
                                               templates: Self.repo.appendingPathComponent("templates"), output: out, searchIndex: false))
        var found: [String] = []
        var pages = 0
        for lang in ["zh", "ja"] {
            let root = out.appendingPathComponent(lang)
            let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".html") }.sorted()
            for f in files {
                pages += 1
                let html = (try? String(contentsOf: root.appendingPathComponent(f), encoding: .utf8)) ?? ""
                for line in Self.visibleLines(html) {
                    for p in Self.problems(line) { found.append("\(lang)/\(f): \(p): \(line.prefix(80))") }
                }
            }
        }
        #expect(pages >= 28)
        #expect(found.isEmpty, "\(found.count) problems, first: \(found.prefix(15).joined(separator: "\n"))")
    }
}
