import Foundation
import Testing
import TestSupport

/// Our pages take facts from the seeds, never sentences: no run of 8 English words or 12 CJK
/// characters in content/ may also appear in a seed (code, identifiers and kernel names aside).
@Suite struct OriginalityTests {
    static let repo = Golden.folder().deletingLastPathComponent().deletingLastPathComponent()
    static let seeds = repo.deletingLastPathComponent().appendingPathComponent("shared/seeds")

    /// Prose only: drops fenced code, inline code, fact references and link targets.
    static func prose(_ markdown: String) -> String {
        var out: [Substring] = []
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("```") || t.hasPrefix("~~~") { inFence.toggle(); continue }
            if !inFence { out.append(line) }
        }
        var s = out.joined(separator: "\n")
        for pattern in ["`[^`]*`", "\\{\\{[^}]*\\}\\}", "\\]\\([^)]*\\)"] {
            s = s.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return s
    }

    /// Lowercased words, leaving out identifiers and kernel names (anything with `_`, digits,
    /// or in capitals, like GFP_KERNEL, kmalloc, PAGE_OFFSET).
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "'") })
            .filter { w in w.allSatisfy { $0.isASCII } && !w.contains("_") && !w.contains(where: \.isNumber)
                && !(w.count > 1 && w.allSatisfy { $0.isUppercase }) }
            .map { $0.lowercased() }
            .filter { !["kmalloc", "kzalloc", "vmalloc", "malloc", "vfree", "kfree", "printk"].contains($0) }
    }

    static func isCJK(_ c: Character) -> Bool {
        c.unicodeScalars.allSatisfy { s in
            (0x3040...0x30FF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) || (0x4E00...0x9FFF).contains(s.value)
                || (0xF900...0xFAFF).contains(s.value)
        }
    }

    /// Runs of CJK characters; punctuation and Latin text break a run.
    static func cjkRuns(_ text: String) -> [[Character]] {
        var runs: [[Character]] = [], cur: [Character] = []
        for c in text {
            if isCJK(c) { cur.append(c) } else if !cur.isEmpty { runs.append(cur); cur = [] }
        }
        if !cur.isEmpty { runs.append(cur) }
        return runs
    }

    static func ngrams<T>(_ seq: [T], _ n: Int, _ key: ([T]) -> String) -> Set<String> {
        guard seq.count >= n else { return [] }
        return Set((0...(seq.count - n)).map { key(Array(seq[$0..<($0 + n)])) })
    }

    @Test(.enabled(if: Shared.shouldRun, Shared.skipReason))
    func noSentenceIsCopiedFromASeed() throws {
        let seedFiles = try FileManager.default.contentsOfDirectory(atPath: Self.seeds.path).filter { $0.hasSuffix(".txt") }
        #expect(seedFiles.count == 5, "the seeds are read from ../shared/seeds")
        var seedWords = Set<String>(), seedCJK = Set<String>()
        for f in seedFiles {
            let text = try String(contentsOf: Self.seeds.appendingPathComponent(f), encoding: .utf8)
            seedWords.formUnion(Self.ngrams(Self.words(text), 8) { $0.joined(separator: " ") })
            for run in Self.cjkRuns(text) { seedCJK.formUnion(Self.ngrams(run, 12) { String($0) }) }
        }
        var hits: [String] = []
        let pages = Self.repo.appendingPathComponent("content").resolvingSymlinksInPath()
        let files = (FileManager.default.enumerator(atPath: pages.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".md") || $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 39)
        // seeds.yaml names the seeds (titles, addresses): a citation, not prose.
        for f in files where f != "README.md" && f != "seeds.yaml" {
            let text = Self.prose(try String(contentsOf: pages.appendingPathComponent(f), encoding: .utf8))
            for g in Self.ngrams(Self.words(text), 8, { $0.joined(separator: " ") }) where seedWords.contains(g) { hits.append("\(f): \"\(g)\"") }
            for run in Self.cjkRuns(text) {
                for g in Self.ngrams(run, 12, { String($0) }) where seedCJK.contains(g) { hits.append("\(f): \"\(g)\"") }
            }
        }
        #expect(hits.isEmpty, "copied from a seed:\n\(hits.sorted().prefix(20).joined(separator: "\n"))")
    }

    @Test func theDetectorFindsACopiedRun() {
        // The check itself can fail: a sentence lifted from seed 001 is caught.
        let seed = "kmalloc() 申请的内存位于物理内存映射区域,而且在物理上也是连续的"
        let page = "我们知道，申请的内存位于物理内存映射区域,而且在物理上也是连续的。"
        let a = Set(Self.cjkRuns(seed).flatMap { Self.ngrams($0, 12) { String($0) } })
        let b = Set(Self.cjkRuns(page).flatMap { Self.ngrams($0, 12) { String($0) } })
        #expect(!a.isDisjoint(with: b))
        let en1 = Self.words("The memory must be physically consecutive only when it is accessed by DMA.")
        let en2 = Self.words("Remember: the memory must be physically consecutive only when it is accessed by a device.")
        #expect(!Self.ngrams(en1, 8, { $0.joined(separator: " ") }).isDisjoint(with: Self.ngrams(en2, 8, { $0.joined(separator: " ") })))
    }
}
