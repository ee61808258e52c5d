import Foundation
import Testing
@testable import KmemSite
import KmemContent
import KmemCore

/// Build-time highlighting (issue 16): the cache answers without Python, a miss without the
/// pinned Pygments is one located message, and Pygments' own output is what gets cached.
@Suite struct HighlightTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A content folder holding only the pin (and, optionally, cache entries).
    func tree(pin: String) throws -> (SourceTree, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kmem-hl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("highlight"), withIntermediateDirectories: true)
        try Data((pin + "\n").utf8).write(to: dir.appendingPathComponent("highlight/pygments-version"))
        return (SourceTree(folder: dir), dir)
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array(String(repeating: "a", count: 1000).utf8)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func blocksAreFoundUnescapedWithFactValues() {
        let html = "<p>x</p>\n<pre><code class=\"language-c\">if (a &lt; b &amp;&amp; p == \(Placeholder.fact(0)))\n</code></pre>\n<pre><code>plain\n</code></pre>\n"
        let found = Highlighter.blocks(in: html, facts: ["0xc0000000"])
        #expect(found.map(\.block) == [Highlighter.Block(lang: "c", code: "if (a < b && p == 0xc0000000)\n")])
        let out = Highlighter.apply(html, facts: ["0xc0000000"], table: [found[0].block: "<span class=\"k\">if</span>\n"])
        #expect(out == "<p>x</p>\n<pre class=\"highlight\"><code class=\"language-c\"><span class=\"k\">if</span>\n</code></pre>\n<pre><code>plain\n</code></pre>\n")
    }

    @Test func theKeyDependsOnPinLanguageAndCode() throws {
        let (a, dirA) = try tree(pin: "2.20.0"), (b, dirB) = try tree(pin: "2.19.1")
        defer { try? FileManager.default.removeItem(at: dirA); try? FileManager.default.removeItem(at: dirB) }
        let ha = try Highlighter(content: a), hb = try Highlighter(content: b)
        let c = Highlighter.Block(lang: "c", code: "int x;\n")
        #expect(ha.key(c) != hb.key(c))
        #expect(ha.key(c) != ha.key(Highlighter.Block(lang: "sh", code: "int x;\n")))
        #expect(ha.key(c) == (try Highlighter(content: a)).key(c))
        #expect(ha.key(c).count == 32)
    }

    @Test func aCachedBlockNeedsNoPython() throws {
        // No Pygments release is called 0.0.0-test: only the cache can answer.
        let (t, dir) = try tree(pin: "0.0.0-test")
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = try Highlighter(content: t)
        let b = Highlighter.Block(lang: "c", code: "int x;\n")
        try Data("<span>cached</span>\n".utf8).write(to: dir.appendingPathComponent(h.cachePath(b)))
        let table = try h.highlightAll([b: .init(file: "content/pages/x/en.md", line: 9)])
        #expect(table[b] == "<span>cached</span>\n")
    }

    @Test func aMissWithoutThePinnedPygmentsIsOneLocatedMessage() throws {
        let (t, dir) = try tree(pin: "0.0.0-test")
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = try Highlighter(content: t)
        let blocks: [Highlighter.Block: Highlighter.Origin] = [
            .init(lang: "c", code: "int y;\n"): .init(file: "content/pages/b/en.md", line: 30),
            .init(lang: "sh", code: "ls\n"): .init(file: "content/pages/a/en.md", line: 12),
        ]
        do {
            _ = try h.highlightAll(blocks)
            Issue.record("highlighted without the pinned Pygments")
        } catch {
            #expect(error.location == SourceLocation(file: "content/pages/a/en.md", line: 12))
            #expect(error.message.contains("2 code block(s)"))
            #expect(error.hint?.contains("pip install pygments==0.0.0-test") == true)
            #expect(error.hint?.contains("scripts/refresh-highlight-cache.sh") == true)
        }
    }

    @Test func theCommittedPinIsWhatTheCacheUses() throws {
        let content = SourceTree(folder: Self.repo.appendingPathComponent("content"))
        let h = try Highlighter(content: content)
        #expect(h.pin.split(separator: ".").count == 3)
        #expect(!content.files(under: "highlight").filter { $0.hasSuffix(".html") }.isEmpty)
    }

    /// With the pinned Pygments installed, a miss is highlighted by it and stored in the cache.
    @Test func pygmentsFillsTheCacheWhenInstalled() throws {
        let pin = try Highlighter(content: SourceTree(folder: Self.repo.appendingPathComponent("content"))).pin
        let (t, dir) = try tree(pin: pin)
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = try Highlighter(content: t)
        let b = Highlighter.Block(lang: "c", code: "static int count;\n")
        let table: [Highlighter.Block: String]
        do { table = try h.highlightAll([b: .init(file: "f.md", line: 1)]) } catch {
            // Not installed here: the message above is the behaviour (tested there).
            try #require(error.message.contains("cannot highlight"), "\(error)")
            return
        }
        #expect(table[b] == "<span class=\"k\">static</span><span class=\"w\"> </span><span class=\"kt\">int</span><span class=\"w\"> </span><span class=\"n\">count</span><span class=\"p\">;</span>\n")
        #expect(FileManager.default.contents(atPath: dir.appendingPathComponent(h.cachePath(b)).path) == Data(table[b]!.utf8))
        // An unknown language is a located error.
        do {
            _ = try h.highlightAll([.init(lang: "no-such-language", code: "x\n"): .init(file: "g.md", line: 4)])
            Issue.record("accepted")
        } catch { #expect(error.location == SourceLocation(file: "g.md", line: 4)) }
    }
}
