import Foundation
import KmemCore

/// The search index: Pagefind's extended build (installed from PyPI as `pagefind[extended]`;
/// `scripts/setup.sh` does it).
///
/// Chinese and Japanese have no spaces between words, and the two halves of Pagefind cut them
/// differently: the indexer (jieba/lindera dictionaries) keeps 高端 as one word, the browser
/// (ICU's `Intl.Segmenter`) cuts the query 高端内存 into 高|端|内存, so `端` matched nothing and
/// 高端内存 found one page of the twelve that contain it. No dictionary can make two different
/// segmenters agree, so the index is built one character per word for CJK text (a copy of
/// the pages with a zero-width space between adjacent CJK characters, which both segmenters
/// treat as a boundary), and search.js splits the query the same way, as a phrase. The
/// pages themselves are not changed, so copying text and find-in-page are unaffected.
enum Pagefind {
    static func index(_ site: URL) throws(Diagnostic) {
        let source: URL
        do { source = try SafeFiles.stagingFolder(beside: site, tag: "search-source") } catch { throw error }
        defer { SafeFiles.discard(source) }
        try writeIndexCopy(of: site, into: source)
        // `_` is a word character in kernel names (GFP_KERNEL, __get_free_pages).
        let r: ChildProcess.Result
        do {
            r = try ChildProcess.run("/usr/bin/env", ["python3", "-m", "pagefind", "--site", source.path,
                                                      "--output-path", site.appendingPathComponent("pagefind").path, "--keep-index-url",
                                                      "--include-characters", "_", "--silent"])
        } catch {
            throw Diagnostic(.software, "cannot start python3 to run Pagefind: \(error.reason)",
                             hint: "run scripts/setup.sh, or build with --no-search")
        }
        guard r.status == 0 else {
            let text = String(decoding: r.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Diagnostic(.software, "Pagefind failed (exit \(r.status)): \(text.isEmpty ? "no message" : text)",
                             hint: "install it with `pip install 'pagefind[extended]'` (scripts/setup.sh), or build with --no-search")
        }
        try sortEntryKeys(site.appendingPathComponent("pagefind/pagefind-entry.json"))
    }

    /// Every HTML file of `site`, with CJK text split into characters, at the same relative
    /// path under `dest` (so the index's URLs are the site's).
    static func writeIndexCopy(of site: URL, into dest: URL) throws(Diagnostic) {
        guard let items = FileManager.default.enumerator(atPath: site.path) else {
            throw Diagnostic(.software, at: SourceLocation(file: site.path), "cannot list the built site for the search index", hint: "check that the output folder's parent is readable and writable")
        }
        var files: [String] = []
        while let f = items.nextObject() as? String { if f.hasSuffix(".html") { files.append(f) } }
        for rel in files.sorted() {
            guard let data = FileManager.default.contents(atPath: site.appendingPathComponent(rel).path) else {
                throw Diagnostic(.software, at: SourceLocation(file: rel), "cannot read a built page for the search index", hint: "check the free space and permissions of the output folder's parent")
            }
            let html = String(decoding: data, as: UTF8.self)
            // Only Chinese pages: see `index` above for why Japanese pages are indexed as they are.
            let chinese = html.utf8Range(of: "<html lang=\"zh") != nil
            try SafeFiles.writeStaged(chinese ? Data(splitCJK(html).utf8) : data, to: dest.appendingPathComponent(rel))
        }
    }

    /// Puts U+200B between two adjacent CJK characters in text (never inside a tag).
    static func splitCJK(_ html: String) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(html.unicodeScalars.count + html.unicodeScalars.count / 2)
        var inTag = false
        var previousCJK = false
        for u in html.unicodeScalars {
            if inTag {
                if u == ">" { inTag = false }
                out.append(u)
                continue
            }
            if u == "<" { inTag = true; previousCJK = false; out.append(u); continue }
            let cjk = isCJK(u)
            if cjk && previousCJK { out.append(" ") }
            previousCJK = cjk
            out.append(u)
        }
        return String(out)
    }

    /// Han (with extension A and compatibility ideographs), hiragana, katakana and half-width katakana.
    static func isCJK(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF66...0xFF9F: return true
        default: return false
        }
    }

    /// Pagefind writes its entry file's language map in hash order, which changes from run to
    /// run; the rest of its output is content-addressed. Sorting the keys makes builds
    /// byte-identical.
    static func sortEntryKeys(_ url: URL) throws(Diagnostic) {
        guard let data = FileManager.default.contents(atPath: url.path),
              let json = try? JSONSerialization.jsonObject(with: data),
              let sorted = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            throw Diagnostic(.software, "Pagefind wrote no readable \(url.lastPathComponent)", hint: "check the Pagefind version (scripts/setup.sh pins it)")
        }
        try SafeFiles.write(sorted, to: url)
    }
}
