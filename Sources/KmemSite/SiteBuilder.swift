import Foundation
import KmemContent
import KmemCore

public struct BuildOptions: Sendable {
    public var content: SourceTree
    /// verify/captures: what real kernels reported (the verification page compares them).
    public var captures: SourceTree?
    public var templates: SourceTree
    public var output: URL
    /// When set, alternates and canonical links are absolute under it; otherwise every link is
    /// relative, so the site works under any base URL and from disk.
    public var baseURL: String?
    /// Runs Pagefind to index the site for search (Chinese and Japanese are segmented by its
    /// extended build).
    public var searchIndex: Bool
    /// Writes the question banks into downloads/ and embeds them in the quiz pages. Off only
    /// for benchmarks that compare page rendering with a plain site generator.
    public var banks: Bool

    public init(content: SourceTree, captures: SourceTree?, templates: SourceTree, output: URL,
                baseURL: String? = nil, searchIndex: Bool = true, banks: Bool = true) {
        self.content = content; self.captures = captures; self.templates = templates; self.output = output
        self.baseURL = baseURL; self.searchIndex = searchIndex; self.banks = banks
    }

    /// What the build reads, through the one code that knows content/'s layout.
    public var library: Library { Library(content: content, templates: templates, captures: captures) }

    /// Folders as in the repository: verify/captures beside the content folder.
    public init(content: URL, templates: URL, output: URL, baseURL: String? = nil, searchIndex: Bool = true, banks: Bool = true) {
        self.init(content: SourceTree(folder: content), captures: Library.captures(besideContent: content),
                  templates: SourceTree(folder: templates.resolvingSymlinksInPath(), displayName: templates.lastPathComponent),
                  output: output, baseURL: baseURL, searchIndex: searchIndex, banks: banks)
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
        Timings.mark("build starts")
        // Refused at once if --out names a folder this command did not write (see OutputFolder).
        let folder = OutputFolder(options.output, kind: .site)
        do { try folder.prepare() } catch { throw DiagnosticList([error]) }
        // Templates load on another thread while the content loads; content errors, when there
        // are any, are the ones reported (as when the stages ran one after the other).
        let loadingTemplates = ConcurrentSlots<Result<TemplateSet, DiagnosticList>>(count: 1)
        let templatesLoaded = DispatchGroup()
        let templatesTree = options.templates
        DispatchQueue.global().async(group: templatesLoaded) {
            do throws(DiagnosticList) { loadingTemplates.set(0, .success(try TemplateSet.load(templatesTree))) }
            catch { loadingTemplates.set(0, .failure(error)) }
        }
        let loadedSite: Result<ContentSite, DiagnosticList>
        do throws(DiagnosticList) { loadedSite = .success(try options.library.loadSite()) }
        catch { loadedSite = .failure(error) }
        Timings.mark("content loaded, expanded and rendered")
        templatesLoaded.wait()
        let site = try loadedSite.get()
        guard let templates = try loadingTemplates[0]?.get() else {
            throw DiagnosticList([Diagnostic(.software, at: SourceLocation(file: options.templates.display("")), "templates did not load", hint: "report this: it is a bug of kmemguide")])
        }
        Timings.mark("templates loaded")
        let staging: URL
        do { staging = try folder.stage(tag: "build") } catch { throw DiagnosticList([error]) }
        var downloads = Downloads.Result(files: [], questionCount: 0, json: [:], grading: [:])
        do throws(DiagnosticList) {
            if options.banks {
                let authored = try options.library.loadQuestions(topics: Set(site.topics.map(\.slug)))
                downloads = try Downloads.write(authored: authored, families: site.teaching.families, ui: site.ui, into: staging)
            }
        } catch {
            SafeFiles.discard(staging)
            throw error
        }
        do throws(Diagnostic) {
            let files = try PageWriter(site: site, templates: templates, options: options, out: staging, downloads: downloads).writeAll()
            Timings.mark("pages written")
            if options.searchIndex { try Pagefind.index(staging); Timings.mark("search index written") }
            try folder.swapIn(staging)
            Timings.mark("output swapped in")
            return BuildReport(pages: site.topics.count * Language.allCases.count, files: files)
        } catch {
            SafeFiles.discard(staging)
            throw DiagnosticList([error])
        }
    }
}

/// Writes one site into `out`.
///
/// What is the same on many pages is rendered once: the UI strings per language and the
/// navigation sidebar per language and folder depth (the current page is marked in the
/// rendered HTML). With a thousand pages per language the sidebar is most of every page, and
/// rendering it through the template engine for each page made the build quadratic in time.
// Safe to share across the threads of `writeAll`: the only mutable state (`uiTrees`,
// `sidebars`) is filled before its concurrentPerform and only read during it.
final class PageWriter: @unchecked Sendable {
    let site: ContentSite
    let templates: TemplateSet
    let options: BuildOptions
    let out: URL
    private let resolver: BlockResolver
    let downloads: Downloads.Result
    // Filled before the parallel phase, read-only during it (see `writeAll`).
    private var uiTrees: [Language: [String: Any]] = [:]
    private var sidebars: [String: String] = [:]
    private var highlighted: [Highlighter.Block: String] = [:]
    /// "slug/lang" → date of the page's last commit (content/updated.yaml; see scripts/page-dates.py).
    private var updated: [String: String] = [:]

    init(site: ContentSite, templates: TemplateSet, options: BuildOptions, out: URL, downloads: Downloads.Result) {
        self.site = site; self.templates = templates; self.options = options; self.out = out; self.downloads = downloads
        self.resolver = BlockResolver(site: site)
    }

    /// The sidebar for pages `depth` folders below the root, unmarked.
    private func renderSidebar(_ lang: Language, depth: Int) throws(Diagnostic) -> String {
        let root = String(repeating: "../", count: depth)
        var ctx = PageModel()
        ctx.ui = uiTree(lang); ctx.lang = lang.rawValue; ctx.root = root
        ctx.nav = site.topics.map { t in
            Link(title: t.pages[lang]?.source.front.title ?? t.slug, href: root + "\(lang.rawValue)/\(t.slug)/index.html")
        }
        return try templates.render(ctx, template: "partials/sidebar")
    }

    /// The sidebar for pages `depth` folders below the root, with `current` marked. Reads the
    /// cache filled by `writeAll` before its parallel phase and never writes it, so concurrent
    /// calls are safe; a depth not cached is rendered without being stored.
    func sidebar(_ lang: Language, depth: Int, current: String?) throws(Diagnostic) -> String {
        let key = "\(lang.rawValue)/\(depth)"
        let root = String(repeating: "../", count: depth)
        let html: String
        if let cached = sidebars[key] { html = cached } else { html = try renderSidebar(lang, depth: depth) }
        guard let current else { return html }
        let attr = "href=\"\(root)\(lang.rawValue)/\(current)/index.html\""
        // Byte-level search and plain concatenation: with a thousand pages the sidebar is most
        // of every page, and Foundation's range(of:)/replacingCharacters were half the build.
        guard let r = html.utf8Range(of: attr) else { return html }
        var marked = ""
        marked.reserveCapacity(html.utf8.count + 24)
        marked += html[..<r.upperBound]
        marked += " aria-current=\"page\""
        marked += html[r.upperBound...]
        return marked
    }

    func writeAll() throws(Diagnostic) -> Int {
        // Shared pieces first, so the parallel part below only reads them.
        highlighted = try highlightCode()
        updated = try Self.pageDates(site.source)
        for lang in Language.allCases {
            uiTrees[lang] = buildUITree(lang)
            for depth in 0...2 { sidebars["\(lang.rawValue)/\(depth)"] = try renderSidebar(lang, depth: depth) }
        }
        // Every page is independent: render them on all cores. Each writes its own file, so
        // the output does not depend on the order they finish in.
        var jobs: [(rel: String, make: @Sendable () throws(Diagnostic) -> String)] = [
            ("index.html", { () throws(Diagnostic) in try self.templates.render(try self.rootContext(), template: "root") }),
        ]
        for lang in Language.allCases {
            let l = lang.rawValue
            jobs.append(("\(l)/index.html", { () throws(Diagnostic) in try self.templates.render(try self.homeContext(lang), template: "home") }))
            for (i, topic) in site.topics.enumerated() {
                guard let page = topic.pages[lang] else { continue }
                jobs.append(("\(l)/\(topic.slug)/index.html", { () throws(Diagnostic) in
                    try self.templates.render(try self.pageContext(topic: topic, page: page, index: i, lang: lang), template: "page")
                }))
            }
            for (slug, key) in [("search", "nav.search"), ("quiz", "nav.quiz"), ("downloads", "nav.downloads")] {
                jobs.append(("\(l)/\(slug)/index.html", { () throws(Diagnostic) in
                    var ctx = try self.special(lang, slug: slug, title: self.site.ui(key, lang))
                    ctx.questionCount = self.downloads.questionCount
                    if slug == "quiz" {
                        // Embedded, so the quiz works opened from disk; no `<` can end the script early.
                        ctx.questionsJSON = HTML.scriptJSON(self.downloads.json[lang] ?? "{\"questions\": []}")
                        ctx.quizUI = self.quizUIJSON(lang)
                        ctx.gradingJSON = HTML.scriptJSON(self.downloads.grading[lang] ?? "{\"questions\": {}}")
                    }
                    if slug == "downloads" { ctx.bankLinks = Downloads.entries(self.downloads.files, lang: lang, ui: self.site.ui) }
                    return try self.templates.render(ctx, template: slug)
                }))
            }
        }
        // The layout explorer: one page per language and the simulator's data, when the
        // templates have it.
        if templates.source.isFile("explorer.mustache") {
            for lang in Language.allCases {
                jobs.append(("\(lang.rawValue)/explorer/index.html", { () throws(Diagnostic) in
                    var ctx = try self.special(lang, slug: "explorer", title: self.site.ui("explorer.title", lang))
                    ctx.explorerUI = self.explorerUIJSON(lang)
                    return try self.templates.render(ctx, template: "explorer")
                }))
            }
            jobs.append(("assets/explorer-data.js", { Explorer.dataScript() }))
        }
        // A 404 page when the templates have one; a sitemap when the site's address is known.
        if let page = try? templates.render(try notFoundContext(), template: "notfound") { jobs.append(("404.html", { page })) }
        if let base = options.baseURL { jobs.append(("sitemap.xml", { () throws(Diagnostic) in self.sitemap(base: base) })) }
        let failures = ConcurrentSlots<Diagnostic>(count: jobs.count)
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { i in
            do throws(Diagnostic) {
                let html = try work[i].make()
                try SafeFiles.writeStaged(Data(html.utf8), to: self.out.appendingPathComponent(work[i].rel))
            } catch {
                failures.set(i, error)
            }
        }
        if let first = failures.values.first { throw first }
        return work.count + (try copyAssets())
    }

    /// The explorer's words in `lang`: its own strings, table headings and region names.
    func explorerUIJSON(_ lang: Language) -> String {
        var d: [String: String] = [:]
        for key in site.ui.table.keys where key.hasPrefix("explorer.") || key.hasPrefix("region.") || key.hasPrefix("table.")
            || key == "l10n.bytes" || key == "l10n.byte" {
            d[key] = site.ui(key, lang)
        }
        let data = (try? JSONSerialization.data(withJSONObject: d, options: [.sortedKeys])) ?? Data("{}".utf8)
        return HTML.scriptJSON(String(decoding: data, as: UTF8.self))
    }

    /// The UI strings the browser quiz needs, as JSON for its script.
    func quizUIJSON(_ lang: Language) -> String {
        var d: [String: String] = [:]
        for key in site.ui.table.keys where key.hasPrefix("quiz.") || key.hasPrefix("word.") { d[key] = site.ui(key, lang) }
        for t in site.topics { d["topic." + t.slug] = t.pages[lang]?.source.front.title }
        let data = (try? JSONSerialization.data(withJSONObject: d, options: [.sortedKeys])) ?? Data("{}".utf8)
        return HTML.scriptJSON(String(decoding: data, as: UTF8.self))
    }

    // MARK: contexts

    /// The UI strings of `lang` as a tree; read-only (see `buildUITree`).
    func uiTree(_ lang: Language) -> [String: Any] { uiTrees[lang] ?? buildUITree(lang) }

    private func buildUITree(_ lang: Language) -> [String: Any] {
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
    func base(_ lang: Language, slug: String?, title: String, description: String, depth: Int) throws(Diagnostic) -> PageModel {
        let root = String(repeating: "../", count: depth)
        let path = slug.map { "\($0)/index.html" } ?? "index.html"
        func href(_ l: Language) -> String { root + "\(l.rawValue)/" + path }
        var ctx = PageModel()
        ctx.lang = lang.rawValue; ctx.htmlLang = lang.htmlLang; ctx.title = title; ctx.description = description
        ctx.siteTitle = site.ui("site.title", lang); ctx.root = root; ctx.ui = uiTree(lang)
        ctx.languages = Language.allCases.map { l in
            LanguageLink(code: l.rawValue, name: l.nativeName, href: href(l), hreflang: l.htmlLang, current: l == lang)
        }
        ctx.alternates = Language.allCases.map { l in
            Alternate(hreflang: l.htmlLang, href: options.baseURL.map { absolute($0, "\(l.rawValue)/" + path) } ?? href(l))
        }
        ctx.sidebar = try sidebar(lang, depth: depth, current: slug)
        if let b = options.baseURL { ctx.canonical = absolute(b, "\(lang.rawValue)/" + path) }
        return ctx
    }

    func absolute(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? base : base + "/") + path.replacingOccurrences(of: "index.html", with: "")
    }

    func rootContext() throws(Diagnostic) -> PageModel {
        var ctx = try base(.en, slug: nil, title: site.ui("site.title", .en), description: site.ui("site.tagline", .en), depth: 0)
        ctx.isRoot = true
        ctx.languages = Language.allCases.map { l in
            LanguageLink(code: l.rawValue, name: l.nativeName, href: "\(l.rawValue)/index.html", hreflang: l.htmlLang,
                         title: site.ui("site.title", l), summary: site.ui("site.tagline", l), intro: site.ui("root.intro", l),
                         label: site.ui("root.choose_language", l))
        }
        ctx.alternates = Language.allCases.map { l in
            Alternate(hreflang: l.htmlLang, href: options.baseURL.map { absolute($0, "\(l.rawValue)/index.html") } ?? "\(l.rawValue)/index.html")
        }
        return ctx
    }

    func homeContext(_ lang: Language) throws(Diagnostic) -> PageModel {
        var ctx = try base(lang, slug: nil, title: site.ui("site.title", lang), description: site.ui("site.tagline", lang), depth: 1)
        ctx.intro = site.ui("root.intro", lang)
        ctx.topics = site.topics.compactMap { t in
            guard let p = t.pages[lang] else { return nil }
            return Link(title: p.source.front.title, href: "\(t.slug)/index.html", summary: p.source.front.summary)
        }
        return ctx
    }

    func special(_ lang: Language, slug: String, title: String) throws(Diagnostic) -> PageModel {
        try base(lang, slug: slug, title: title, description: title, depth: 2)
    }

    func pageContext(topic: Topic, page: RenderedPage, index: Int, lang: Language) throws(Diagnostic) -> PageModel {
        let front = page.source.front
        var ctx = try base(lang, slug: topic.slug, title: front.title, description: front.summary, depth: 2)
        ctx.slug = topic.slug
        // The page's `# Title` is drawn by the template above the sources box.
        ctx.content = Self.dropLeadingH1(try fill(page, lang: lang))
        let toc = page.headings.filter { $0.level == 2 }.map { TocEntry(text: $0.text, id: $0.id) }
        ctx.toc = toc
        ctx.hasToc = toc.count > 1
        func link(_ t: Topic) -> Link? {
            guard let p = t.pages[lang] else { return nil }
            return Link(title: p.source.front.title, href: "../\(t.slug)/index.html")
        }
        if index > 0 { ctx.prev = link(site.topics[index - 1]) }
        if index + 1 < site.topics.count { ctx.next = link(site.topics[index + 1]) }
        let sources = front.seeds.compactMap { site.seeds[$0] }.map { s in
            var box = SourceBox(title: s.title, file: s.file, sourceLang: s.lang, url: s.url)
            // Our note on a seed (what it is) is in the reader's language, not the seed's.
            if site.ui.has("l10n.seed_note." + s.id) { box.note = Wording(ui: site.ui, lang: lang).paren("", site.ui("l10n.seed_note." + s.id, lang)) }
            return box
        }
        ctx.sources = sources
        ctx.hasSources = !sources.isEmpty
        if let date = updated["\(topic.slug)/\(lang.rawValue)"] {
            ctx.updated = date
            ctx.updatedLabel = Wording(ui: site.ui, lang: lang).label(site.ui("page.updated", lang), "")
        }
        // What the page assumes and what the reader can do after it (front matter, issue 18).
        if page.assumes != nil || !page.outcomes.isEmpty {
            let w = Wording(ui: site.ui, lang: lang)
            ctx.hasIntro = true
            if let a = page.assumes { ctx.assumes = a; ctx.assumesLabel = w.label(site.ui("page.assumes", lang), "") }
            if !page.outcomes.isEmpty {
                ctx.outcomes = page.outcomes.map { TextItem(text: $0) }
                ctx.outcomesLabel = w.label(site.ui("page.outcomes", lang), "")
            }
        }
        if !front.kernels.isEmpty {
            let w = Wording(ui: site.ui, lang: lang)
            ctx.kernels = w.kernels(front.kernels)
            ctx.kernelsLabel = w.label(site.ui("page.kernels", lang), "")
        }
        return ctx
    }

    static func dropLeadingH1(_ html: String) -> String {
        guard html.hasPrefix("<h1"), let end = html.utf8Range(of: "</h1>\n") else { return html }
        return String(html[end.upperBound...])
    }

    /// Swaps placeholders for fact values and rendered blocks, in one pass over the bytes
    /// (Foundation's `replacingOccurrences` folds Unicode and dominated the build's time).
    /// content/updated.yaml, written by scripts/page-dates.py from git (the build never runs
    /// git, so every copy of the content gives the same dates). Missing file: no dates.
    static func pageDates(_ tree: SourceTree) throws(Diagnostic) -> [String: String] {
        let rel = "updated.yaml"
        guard tree.isFile(rel) else { return [:] }
        let root = try YAMLValue.parse(try tree.text(rel), file: tree.display(rel))
        var out: [String: String] = [:]
        for (key, v, line) in root["pages"]?.entries ?? [] {
            guard let d = v.string, d.count == 10, d.split(separator: "-").map(\.count) == [4, 2, 2], d.allSatisfy({ $0.isNumber || $0 == "-" }) else {
                throw Diagnostic(.data, at: SourceLocation(file: tree.display(rel), line: line), "`\(key)` has no date like 2026-12-03",
                                 hint: "regenerate the file with scripts/page-dates.py")
            }
            out[key] = d
        }
        return out
    }

    /// Every code block of every page, highlighted (see `Highlighter`).
    func highlightCode() throws(Diagnostic) -> [Highlighter.Block: String] {
        var wanted: [Highlighter.Block: Highlighter.Origin] = [:]
        for topic in site.topics {
            for (_, page) in topic.pages.sorted(by: { $0.key < $1.key }) {
                let found = Highlighter.blocks(in: page.html, facts: page.expanded.facts)
                guard !found.isEmpty else { continue }
                // The n-th block that names a language is the n-th such fence of the source.
                var fences: [Int] = []
                for (i, line) in page.source.body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let t = line.drop(while: { $0 == " " })
                    if t.hasPrefix("```") || t.hasPrefix("~~~") {
                        let info = t.drop(while: { $0 == "`" || $0 == "~" }).trimmingCharacters(in: .whitespaces)
                        if !info.isEmpty && info != "kmem" { fences.append(page.source.bodyLine + i) }
                    }
                }
                for (n, f) in found.enumerated() where wanted[f.block] == nil {
                    wanted[f.block] = Highlighter.Origin(file: page.source.file, line: n < fences.count ? fences[n] : page.source.bodyLine)
                }
            }
        }
        guard !wanted.isEmpty else { return [:] }
        return try Highlighter(content: site.source).highlightAll(wanted)
    }

    func fill(_ page: RenderedPage, lang: Language) throws(Diagnostic) -> String {
        var rendered: [String] = []
        for block in page.expanded.blocks { rendered.append(BlockRenderer.render(resolver.resolve(block, lang: lang))) }
        let facts = page.expanded.facts.map { "<span class=\"fact\">\(HTML.escape($0))</span>" }
        let wording = Wording(ui: site.ui, lang: lang)
        let cites = page.expanded.cites.map { $0.html(wording) }
        let html = Highlighter.apply(page.html, facts: page.expanded.facts, table: highlighted)
        return Placeholder.replace(in: html, facts: facts, blocks: rendered, cites: cites)
    }

    func copyAssets() throws(Diagnostic) -> Int {
        let tree = templates.source
        var n = 0
        for rel in tree.files(under: "assets") {
            guard let data = tree.data(rel) else {
                throw Diagnostic(.noInput, at: SourceLocation(file: tree.display(rel)), "asset cannot be read", hint: tree.hint(forAuthor: "check its permissions"))
            }
            try SafeFiles.writeStaged(data, to: out.appendingPathComponent(rel))
            n += 1
        }
        return n
    }
}
