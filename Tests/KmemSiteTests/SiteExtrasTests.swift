import Foundation
import Testing
import TestSupport
@testable import KmemSite
import KmemContent
import KmemCore

/// The pages a hosted site needs beside the content, the headings' order, and how Chinese is
/// prepared for the search index (issue 16).
@Suite struct SiteExtrasTests {
    static let repo = Golden.folder().deletingLastPathComponent().deletingLastPathComponent()
    static let goodContent = repo.appendingPathComponent("Tests/KmemContentTests/Fixtures/good")
    static let templates = repo.appendingPathComponent("templates")

    func build(_ name: String, baseURL: String? = nil) throws -> URL {
        let out = TestFolders.root.appendingPathComponent("kmemguide-extras-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: out)
        _ = try SiteBuilder.build(BuildOptions(content: Self.goodContent, templates: Self.templates, output: out,
                                               baseURL: baseURL, searchIndex: false))
        return out
    }

    func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    func count(_ needle: String, in s: String) -> Int { s.components(separatedBy: needle).count - 1 }

    @Test func sitemapAndSocialTagsOnlyWithABaseURL() throws {
        let plain = try build("plain")
        #expect(!FileManager.default.fileExists(atPath: plain.appendingPathComponent("sitemap.xml").path))
        #expect(!read(plain.appendingPathComponent("en/intro/index.html")).contains("og:url"))

        let hosted = try build("hosted", baseURL: "https://example.org/km")
        let map = read(hosted.appendingPathComponent("sitemap.xml"))
        // Every page of every language, each with its translations as alternates.
        for lang in ["en", "zh", "ja"] {
            for path in ["", "intro/", "second/", "quiz/", "search/", "downloads/"] {
                #expect(map.contains("<loc>https://example.org/km/\(lang)/\(path)</loc>"), "\(lang)/\(path)")
            }
        }
        #expect(count("<url>", in: map) == 3 * 6)
        #expect(count("hreflang=\"zh-Hans\"", in: map) == 3 * 6)
        let page = read(hosted.appendingPathComponent("ja/second/index.html"))
        #expect(page.contains("<meta property=\"og:url\" content=\"https://example.org/km/ja/second/\">"))
        #expect(page.contains("<meta property=\"og:title\""))
    }

    @Test func notFoundPageLinksFromTheSiteRootInEveryLanguage() throws {
        let plain = read(try build("404").appendingPathComponent("404.html"))
        // Served for a missing address at any depth: links cannot be relative.
        #expect(plain.contains("href=\"/assets/style.css\""))
        for lang in ["en", "zh", "ja"] { #expect(plain.contains("href=\"/\(lang)/index.html\"")) }
        #expect(count("<h1", in: plain) == 1)
        let hosted = read(try build("404-base", baseURL: "https://example.org/km/").appendingPathComponent("404.html"))
        #expect(hosted.contains("href=\"https://example.org/km/en/index.html\""))
    }

    @Test func headingsStartWithTheOnlyH1() throws {
        let out = try build("headings")
        for page in ["index.html", "en/index.html", "zh/intro/index.html", "ja/quiz/index.html", "404.html"] {
            let html = read(out.appendingPathComponent(page))
            #expect(count("<h1", in: html) == 1, "\(page)")
            // No heading before the page's h1 (the sidebar's title is a <summary>, not an h2).
            let h1 = html.range(of: "<h1")?.lowerBound
            for tag in ["<h2", "<h3"] {
                if let first = html.range(of: tag)?.lowerBound, let h1 { #expect(first > h1, "\(page): \(tag) before <h1>") }
            }
        }
    }

    @Test func pagesLinkTheFaviconAndTheReadingAids() throws {
        let out = try build("aids")
        let html = read(out.appendingPathComponent("en/intro/index.html"))
        #expect(html.contains("<link rel=\"icon\" href=\"../../assets/favicon.svg\" type=\"image/svg+xml\">"))
        #expect(html.contains("<script src=\"../../assets/site.js\" defer></script>"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("assets/favicon.svg").path))
        // The header's search box has a label and goes to the search page.
        #expect(html.contains("<input id=\"site-search-q\" type=\"search\" name=\"q\"") && html.contains("aria-label=\"Search\">"))
        #expect(html.contains("action=\"../../en/search/index.html\""))
    }

    @Test func chineseTextIsSplitIntoCharactersOutsideTags() {
        #expect(Pagefind.splitCJK("<p title=\"高端内存\">称为高端内存。GFP_KERNEL 内存</p>")
                == "<p title=\"高端内存\">称 为 高 端 内 存。GFP_KERNEL 内 存</p>")
        // Kana and Latin around them: only between two CJK characters.
        #expect(Pagefind.splitCJK("ab高c端") == "ab高c端")
        #expect(Pagefind.splitCJK("<b>高</b>端") == "<b>高</b>端")
        #expect(Pagefind.splitCJK("ガード") == "ガ ー ド")
    }

    @Test func onlyChinesePagesAreSplitForTheIndex() throws {
        let site = TestFolders.root.appendingPathComponent("kmemguide-split-\(getpid())")
        let dest = TestFolders.root.appendingPathComponent("kmemguide-split-out-\(getpid())")
        try? FileManager.default.removeItem(at: site)
        try? FileManager.default.removeItem(at: dest)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("zh"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("ja"), withIntermediateDirectories: true)
        try "<html lang=\"zh-Hans\"><p>高端内存</p>".write(to: site.appendingPathComponent("zh/index.html"), atomically: true, encoding: .utf8)
        try "<html lang=\"ja\"><p>高端メモリ</p>".write(to: site.appendingPathComponent("ja/index.html"), atomically: true, encoding: .utf8)
        try "body{}".write(to: site.appendingPathComponent("style.css"), atomically: true, encoding: .utf8)
        try Pagefind.writeIndexCopy(of: site, into: dest)
        #expect(read(dest.appendingPathComponent("zh/index.html")) == "<html lang=\"zh-Hans\"><p>高 端 内 存</p>")
        #expect(read(dest.appendingPathComponent("ja/index.html")) == "<html lang=\"ja\"><p>高端メモリ</p>")
        #expect(!FileManager.default.fileExists(atPath: dest.appendingPathComponent("style.css").path))
    }
}
