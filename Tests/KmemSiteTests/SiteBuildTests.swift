import Foundation
import Testing
import TestSupport
@testable import KmemSite
import KmemContent
import KmemCore

@Suite(.serialized) struct SiteBuildTests {
    static let here = Golden.folder()
    static let repo = here.deletingLastPathComponent().deletingLastPathComponent()
    static let goodContent = repo.appendingPathComponent("Tests/KmemContentTests/Fixtures/good")
    static let templates = repo.appendingPathComponent("templates")

    func tempDir(_ name: String) -> URL {
        let u = TestFolders.root.appendingPathComponent("kmemguide-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: u)
        return u
    }

    func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    @Test func fixtureSiteMatchesGoldenPages() throws {
        let out = tempDir("golden")
        let report = try SiteBuilder.build(BuildOptions(content: Self.goodContent, templates: Self.templates, output: out, searchIndex: false))
        #expect(report.pages == 6)
        for page in ["index.html", "en/intro/index.html", "zh/second/index.html", "ja/index.html"] {
            Golden.check(read(out.appendingPathComponent(page)),
                         against: Self.here.appendingPathComponent("Golden/" + page.replacingOccurrences(of: "/", with: "_")))
        }
    }

    @Test func everyPageHasLangAlternatesAndSwitcher() throws {
        let out = tempDir("alt")
        _ = try SiteBuilder.build(BuildOptions(content: Self.goodContent, templates: Self.templates, output: out, searchIndex: false))
        for (lang, tag) in [("en", "en"), ("zh", "zh-Hans"), ("ja", "ja")] {
            for slug in ["intro", "second"] {
                let html = read(out.appendingPathComponent("\(lang)/\(slug)/index.html"))
                #expect(html.contains("<html lang=\"\(tag)\">"))
                for other in ["en", "zh-Hans", "ja"] { #expect(html.contains("hreflang=\"\(other)\"")) }
                // The switcher leads to the same page in the other languages.
                for other in ["en", "zh", "ja"] where other != lang {
                    #expect(html.contains("href=\"../../\(other)/\(slug)/index.html\""))
                }
            }
        }
    }

    @Test func baseURLMakesAlternatesAbsolute() throws {
        let out = tempDir("base")
        _ = try SiteBuilder.build(BuildOptions(content: Self.goodContent, templates: Self.templates, output: out,
                                               baseURL: "https://example.org/km", searchIndex: false))
        let html = read(out.appendingPathComponent("zh/intro/index.html"))
        #expect(html.contains("<link rel=\"alternate\" hreflang=\"ja\" href=\"https://example.org/km/ja/intro/\">"))
        #expect(html.contains("<link rel=\"canonical\" href=\"https://example.org/km/zh/intro/\">"))
    }

    @Test func buildIsByteIdentical() throws {
        let a = tempDir("det-a"), b = tempDir("det-b")
        _ = try SiteBuilder.build(BuildOptions(content: Self.goodContent, templates: Self.templates, output: a, searchIndex: false))
        _ = try SiteBuilder.build(BuildOptions(content: Self.goodContent, templates: Self.templates, output: b, searchIndex: false))
        let files = FileManager.default.enumerator(atPath: a.path)?.allObjects as? [String] ?? []
        #expect(files.count > 10)
        for f in files {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: a.appendingPathComponent(f).path, isDirectory: &isDir)
            if isDir.boolValue { continue }
            #expect(FileManager.default.contentsEqual(atPath: a.appendingPathComponent(f).path, andPath: b.appendingPathComponent(f).path), "\(f) differs")
        }
    }

    @Test func failedBuildLeavesPreviousSiteUntouched() throws {
        let out = tempDir("keep")
        _ = try SiteBuilder.build(BuildOptions(content: Self.goodContent, templates: Self.templates, output: out, searchIndex: false))
        let before = read(out.appendingPathComponent("en/intro/index.html"))
        let broken = Self.repo.appendingPathComponent("Tests/KmemContentTests/Fixtures/broken/unknown-fact")
        #expect(throws: DiagnosticList.self) {
            _ = try SiteBuilder.build(BuildOptions(content: broken, templates: Self.templates, output: out, searchIndex: false))
        }
        #expect(read(out.appendingPathComponent("en/intro/index.html")) == before)
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)) ?? []
        #expect(!leftovers.contains { $0.hasPrefix(".\(out.lastPathComponent).") }, "no staging folder is left behind")
    }

    @Test func templateValuesAreEscapedUnlessTheTemplateAsksOtherwise() throws {
        let templates = try TemplateSet.load(from: Self.templates)
        let hostile = "<b>\"Tom\" & 'Jerry'</b>"
        var model = PageModel()
        model.title = hostile; model.siteTitle = "S"; model.description = hostile; model.root = ""; model.htmlLang = "en"
        let head = try templates.render(model, template: "partials/head")
        #expect(head.contains("<title>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt; — S</title>"))
        #expect(!head.contains("<b>"))
        // `{{{sidebar}}}` is the page template's explicit request for raw HTML.
        var pageModel = PageModel()
        pageModel.title = "T"; pageModel.sidebar = "<nav id=\"raw\"></nav>"; pageModel.content = "<p>x</p>"
        let page = try templates.render(pageModel, template: "page")
        #expect(page.contains("<nav id=\"raw\"></nav>") && page.contains("<p>x</p>"))
        // Each template is registered below a pragma line; none of it reaches the output.
        #expect(!head.contains("CONTENT_TYPE") && head.hasPrefix("<!DOCTYPE html>"))
    }

    /// The names templates may use are the models' fields: a nil optional is absent (a section
    /// on it does not render), nested models and lists become what Mustache iterates.
    @Test func modelsBecomeTheValuesTemplatesSee() {
        var model = PageModel()
        model.title = "T"
        model.hasToc = false
        model.prev = Link(title: "P", href: "p.html")
        model.languages = [LanguageLink(code: "zh", name: "中文", href: "zh/", hreflang: "zh-Hans", current: true)]
        let value = model.templateValue
        #expect(value["title"] as? String == "T" && value["hasToc"] as? Bool == false)
        #expect(value["next"] == nil && value["canonical"] == nil, "nil is absent")
        #expect((value["prev"] as? [String: Any])?["href"] as? String == "p.html")
        let languages = value["languages"] as? [[String: Any]]
        #expect(languages?.first?["current"] as? Bool == true && languages?.first?["title"] == nil, "a link without a title shows the page's")
        #expect(TemplateSet.knownNames.isSuperset(of: ["sidebar", "ui", "hreflang", "sourceLang", "files", "format"]))
        #expect(!TemplateSet.knownNames.contains("sidebr"))
    }

    static let brokenTemplates = ["missing-partial", "unknown-variable", "parse-error", "missing-template"]

    @Test(arguments: brokenTemplates)
    func brokenTemplatesAreReportedWithFileAndLine(name: String) throws {
        let dir = Self.here.appendingPathComponent("Fixtures/templates-broken/\(name)")
        var text = ""
        do {
            _ = try TemplateSet.load(from: dir)
            Issue.record("\(name) loaded")
        } catch {
            text = error.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        }
        Golden.check(text, against: Self.here.appendingPathComponent("Golden/templates-\(name).txt"))
    }
}

/// Issue 14: script data and template recursion.
@Suite struct SiteHardeningTests {
    @Test func embeddedJSONCannotEndOrCommentOutItsScript() throws {
        let json = #"{"q":"<!--<script> a </script> & b > c \u{2028}\u{2029}"}"#
        let raw = String(decoding: try JSONSerialization.data(withJSONObject: ["q": "<!--<script> a </script> & b > c \u{2028}\u{2029}"]), as: UTF8.self)
        for text in [json, raw] {
            let safe = HTML.scriptJSON(text)
            #expect(!safe.contains("<") && !safe.contains(">") && !safe.contains("&"))
            #expect(!safe.contains("\u{2028}") && !safe.contains("\u{2029}"))
        }
        let safe = HTML.scriptJSON(raw)
        #expect(safe.contains(#"\u003c!--\u003cscript\u003e"#) && safe.contains(#"\u0026"#) && safe.contains(#"\u2028"#))
        let back = try JSONSerialization.jsonObject(with: Data(safe.utf8)) as? [String: String]
        #expect(back?["q"] == "<!--<script> a </script> & b > c \u{2028}\u{2029}")
        #expect(HTML.scriptJSON("无 {\"a\": 1}") == "无 {\"a\": 1}")
    }

    @Test func partialCyclesAreFoundAtTheTagThatClosesThem() {
        let texts = ["page": "x\n{{> partials/a}}\n", "partials/a": "{{> partials/b}}", "partials/b": "line1\n{{> partials/a}}\n",
                     "self": "{{#x}}\n{{> self}}\n{{/x}}", "ok": "{{> partials/leaf}}", "partials/leaf": "leaf"]
        let shown = Dictionary(uniqueKeysWithValues: texts.keys.map { ($0, "templates/\($0).mustache") })
        let found = TemplateSet.partialCycles(texts, shown: shown)
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.location == SourceLocation(file: "templates/partials/b.mustache", line: 2) && $0.message.contains("partials/a → partials/b → partials/a") })
        #expect(found.contains { $0.location == SourceLocation(file: "templates/self.mustache", line: 2) })
        #expect(TemplateSet.partialCycles(["a": "{{> b}}", "b": "{{> c}}", "c": "end"], shown: [:]).isEmpty)
    }
}
