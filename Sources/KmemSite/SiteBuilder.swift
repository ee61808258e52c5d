import Foundation
import KernelSim
import KmemContent
import KmemCore

public struct BuildOptions: Sendable {
    public var content: URL
    public var templates: URL
    public var output: URL
    /// When set, alternates and canonical links are absolute under it; otherwise every link is
    /// relative, so the site works under any base URL and from disk.
    public var baseURL: String?
    /// Runs Pagefind to index the site for search (Chinese and Japanese are segmented by its
    /// extended build).
    public var searchIndex: Bool

    public init(content: URL, templates: URL, output: URL, baseURL: String? = nil, searchIndex: Bool = true) {
        self.content = content; self.templates = templates; self.output = output
        self.baseURL = baseURL; self.searchIndex = searchIndex
    }
}

public struct BuildReport: Sendable {
    public var pages: Int
    public var files: Int
}

/// Stages: load content → load templates → render every page into a staging folder → copy
/// assets → index for search → swap the staging folder in for the output. A failure at any
/// stage leaves the previous output untouched.
public enum SiteBuilder {
    public static func build(_ options: BuildOptions) throws(DiagnosticList) -> BuildReport {
        let site = try ContentLoader.load(from: options.content)
        let templates = try TemplateSet.load(from: options.templates)
        let staging: URL
        do { staging = try SafeFiles.stagingFolder(beside: options.output, tag: "build") } catch { throw DiagnosticList([error]) }
        do {
            let files = try PageWriter(site: site, templates: templates, options: options, out: staging).writeAll()
            if options.searchIndex { try Pagefind.index(staging) }
            try SafeFiles.swapIn(staging, as: options.output)
            return BuildReport(pages: site.topics.count * Language.allCases.count, files: files)
        } catch {
            SafeFiles.discard(staging)
            throw DiagnosticList([error])
        }
    }
}

/// Writes one site into `out`.
struct PageWriter {
    let site: ContentSite
    let templates: TemplateSet
    let options: BuildOptions
    let out: URL
    private var blocks: BlockRenderer

    init(site: ContentSite, templates: TemplateSet, options: BuildOptions, out: URL) {
        self.site = site; self.templates = templates; self.options = options; self.out = out
        self.blocks = BlockRenderer(site: site)
    }

    func writeAll() throws(Diagnostic) -> Int {
        var count = 0
        func write(_ rel: String, _ text: String) throws(Diagnostic) {
            try SafeFiles.write(text, to: out.appendingPathComponent(rel))
            count += 1
        }
        try write("index.html", try templates.render(rootContext(), template: "root"))
        for lang in Language.allCases {
            try write("\(lang.rawValue)/index.html", try templates.render(homeContext(lang), template: "home"))
            for (i, topic) in site.topics.enumerated() {
                guard let page = topic.pages[lang] else { continue }
                let ctx = try pageContext(topic: topic, page: page, index: i, lang: lang)
                try write("\(lang.rawValue)/\(topic.slug)/index.html", try templates.render(ctx, template: "page"))
            }
            try write("\(lang.rawValue)/search/index.html", try templates.render(special(lang, slug: "search", title: site.ui("nav.search", lang)), template: "search"))
            try write("\(lang.rawValue)/quiz/index.html", try templates.render(special(lang, slug: "quiz", title: site.ui("nav.quiz", lang)), template: "quiz"))
            try write("\(lang.rawValue)/downloads/index.html", try templates.render(special(lang, slug: "downloads", title: site.ui("nav.downloads", lang)), template: "downloads"))
        }
        count += try copyAssets()
        return count
    }

    // MARK: contexts

    func uiTree(_ lang: Language) -> [String: Any] {
        // Dotted keys become nested dictionaries so templates can say {{ui.nav.next}}.
        var tree: [String: Any] = [:]
        for (key, row) in site.ui.table {
            let parts = key.split(separator: ".").map(String.init)
            insert(&tree, parts[...], row[lang] ?? "")
        }
        return tree
    }

    private func insert(_ tree: inout [String: Any], _ path: ArraySlice<String>, _ value: String) {
        guard let head = path.first else { return }
        if path.count == 1 { tree[head] = value; return }
        var child = tree[head] as? [String: Any] ?? [:]
        insert(&child, path.dropFirst(), value)
        tree[head] = child
    }

    /// Common keys. `depth` is how many folders below the site root the page is.
    func base(_ lang: Language, slug: String?, title: String, description: String, depth: Int) -> [String: Any] {
        let root = String(repeating: "../", count: depth)
        let path = slug.map { "\($0)/index.html" } ?? "index.html"
        func href(_ l: Language) -> String { root + "\(l.rawValue)/" + path }
        var ctx: [String: Any] = [
            "lang": lang.rawValue, "htmlLang": lang.htmlLang, "title": title, "description": description,
            "siteTitle": site.ui("site.title", lang), "root": root, "ui": uiTree(lang),
            "languages": Language.allCases.map { l -> [String: Any] in
                ["code": l.rawValue, "name": l.nativeName, "href": href(l), "current": l == lang, "hreflang": l.htmlLang]
            },
            "alternates": Language.allCases.map { l -> [String: Any] in
                ["hreflang": l.htmlLang, "href": options.baseURL.map { absolute($0, "\(l.rawValue)/" + path) } ?? href(l)]
            },
            "nav": site.topics.map { t -> [String: Any] in
                ["title": t.pages[lang]?.source.front.title ?? t.slug, "href": root + "\(lang.rawValue)/\(t.slug)/index.html",
                 "current": t.slug == slug]
            },
        ]
        if let b = options.baseURL { ctx["canonical"] = absolute(b, "\(lang.rawValue)/" + path) }
        return ctx
    }

    func absolute(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? base : base + "/") + path.replacingOccurrences(of: "index.html", with: "")
    }

    func rootContext() -> [String: Any] {
        var ctx = base(.en, slug: nil, title: site.ui("site.title", .en), description: site.ui("site.tagline", .en), depth: 0)
        ctx["isRoot"] = true
        ctx["languages"] = Language.allCases.map { l -> [String: Any] in
            ["code": l.rawValue, "name": l.nativeName, "href": "\(l.rawValue)/index.html", "hreflang": l.htmlLang,
             "intro": site.ui("root.intro", l), "label": site.ui("root.choose_language", l), "summary": site.ui("site.tagline", l),
             "title": site.ui("site.title", l)]
        }
        ctx["alternates"] = Language.allCases.map { l -> [String: Any] in
            ["hreflang": l.htmlLang, "href": options.baseURL.map { absolute($0, "\(l.rawValue)/index.html") } ?? "\(l.rawValue)/index.html"]
        }
        return ctx
    }

    func homeContext(_ lang: Language) -> [String: Any] {
        var ctx = base(lang, slug: nil, title: site.ui("site.title", lang), description: site.ui("site.tagline", lang), depth: 1)
        ctx["intro"] = site.ui("root.intro", lang)
        ctx["topics"] = site.topics.compactMap { t -> [String: Any]? in
            guard let p = t.pages[lang] else { return nil }
            return ["title": p.source.front.title, "summary": p.source.front.summary, "href": "\(t.slug)/index.html"]
        }
        return ctx
    }

    func special(_ lang: Language, slug: String, title: String) -> [String: Any] {
        base(lang, slug: slug, title: title, description: title, depth: 2)
    }

    func pageContext(topic: Topic, page: RenderedPage, index: Int, lang: Language) throws(Diagnostic) -> [String: Any] {
        let front = page.source.front
        var ctx = base(lang, slug: topic.slug, title: front.title, description: front.summary, depth: 2)
        ctx["slug"] = topic.slug
        // The page's `# Title` is drawn by the template above the sources box.
        ctx["content"] = Self.dropLeadingH1(try fill(page, lang: lang))
        let toc = page.headings.filter { $0.level == 2 }.map { ["text": $0.text, "id": $0.id] as [String: Any] }
        ctx["toc"] = toc
        ctx["hasToc"] = toc.count > 1
        func link(_ t: Topic) -> [String: Any]? {
            guard let p = t.pages[lang] else { return nil }
            return ["title": p.source.front.title, "href": "../\(t.slug)/index.html"]
        }
        if index > 0 { ctx["prev"] = link(site.topics[index - 1]) }
        if index + 1 < site.topics.count { ctx["next"] = link(site.topics[index + 1]) }
        let sources = front.seeds.compactMap { site.seeds[$0] }.map { s -> [String: Any] in
            var d: [String: Any] = ["title": s.title, "file": s.file, "sourceLang": s.lang]
            if let u = s.url { d["url"] = u }
            return d
        }
        ctx["sources"] = sources
        ctx["hasSources"] = !sources.isEmpty
        if !front.kernels.isEmpty { ctx["kernels"] = front.kernels.map { "Linux " + $0.rawValue }.joined(separator: ", ") }
        return ctx
    }

    static func dropLeadingH1(_ html: String) -> String {
        guard html.hasPrefix("<h1"), let end = html.range(of: "</h1>\n") else { return html }
        return String(html[end.upperBound...])
    }

    /// Swaps placeholders for fact values and rendered blocks.
    func fill(_ page: RenderedPage, lang: Language) throws(Diagnostic) -> String {
        var html = page.html
        for (i, block) in page.expanded.blocks.enumerated() {
            let rendered = try blocks.render(block, lang: lang)
            let token = Placeholder.block(i)
            if html.contains("<p>\(token)</p>") {
                html = html.replacingOccurrences(of: "<p>\(token)</p>", with: rendered)
            } else {
                html = html.replacingOccurrences(of: token, with: rendered)
            }
        }
        for (i, value) in page.expanded.facts.enumerated().reversed() {
            html = html.replacingOccurrences(of: Placeholder.fact(i), with: "<span class=\"fact\">\(HTML.escape(value))</span>")
        }
        return html
    }

    func copyAssets() throws(Diagnostic) -> Int {
        let assets = options.templates.resolvingSymlinksInPath().appendingPathComponent("assets")
        let fm = FileManager.default
        guard let items = fm.enumerator(atPath: assets.path) else { return 0 }
        var files: [String] = []
        while let f = items.nextObject() as? String { files.append(f) }
        var n = 0
        for rel in files.sorted() {
            var isDir: ObjCBool = false
            let src = assets.appendingPathComponent(rel)
            guard fm.fileExists(atPath: src.path, isDirectory: &isDir), !isDir.boolValue else { continue }
            guard let data = fm.contents(atPath: src.path) else {
                throw Diagnostic(.noInput, at: SourceLocation(file: "templates/assets/\(rel)"), "asset cannot be read")
            }
            try SafeFiles.write(data, to: out.appendingPathComponent("assets").appendingPathComponent(rel))
            n += 1
        }
        return n
    }
}
