import Foundation
import KernelSim
import KmemCore
import KmemQuestions
import MarkdownRender

/// One topic: the same page in every language.
public struct Topic: Sendable {
    public var slug: String
    public var order: Int
    public var pages: [Language: RenderedPage]
}

/// A page rendered to HTML; facts and blocks are still placeholders (see `Placeholder`).
public struct RenderedPage: Sendable {
    public var expanded: ExpandedPage
    public var html: String
    public var headings: [RenderedMarkdown.Heading]
    /// The front matter's `assumes:` and `outcomes:`, rendered inline (no `<p>`).
    public var assumes: String? = nil
    public var outcomes: [String] = []
    public var source: SourcePage { expanded.source }
}

/// Everything in `content/`, loaded, expanded and checked.
public struct ContentSite: Sendable {
    /// Where the content was read from.
    public var source: SourceTree
    /// The simulated runs the pages' facts and blocks were computed from.
    public var simulation: Simulation
    public var machines: [String: NamedMachine]
    public var seeds: [String: Seed]
    public var ui: UIStrings
    public var glossary: [GlossaryEntry]
    /// The texts of the generated questions and the misconception catalog.
    public var teaching: TeachingText
    /// In navigation order.
    public var topics: [Topic]
}

public enum ContentLoader {
    /// Loads and checks a content folder (verify/captures beside it, as in the repository).
    public static func load(from dir: URL) throws(DiagnosticList) -> ContentSite {
        try load(SourceTree(folder: dir), captures: Library.captures(besideContent: dir))
    }

    /// Loads and checks `tree`. Every problem found is reported at once; nothing is returned
    /// unless the content is complete in all three languages.
    public static func load(_ tree: SourceTree, captures: SourceTree?) throws(DiagnosticList) -> ContentSite {
        var c = DiagnosticCollector()
        @Sendable func path(_ rel: String) -> String { tree.display(rel) }
        guard tree.isDirectory("") else {
            throw DiagnosticList([Diagnostic(.noInput, at: SourceLocation(file: tree.display("")), "content folder does not exist",
                                             hint: tree.hint(forAuthor: "run from the project folder or pass --content DIR"))])
        }

        // Pages: content/pages/<slug>/<lang>.md
        let slugs = tree.children("pages")
        if slugs.isEmpty {
            c.report(Diagnostic(.data, at: SourceLocation(file: path("pages")), "there are no pages", hint: tree.hint(forAuthor: "add content/pages/<slug>/en.md, zh.md, ja.md")))
        }
        var sources: [String: [Language: SourcePage]] = [:]
        var files: [(slug: String, lang: Language, rel: String)] = []
        for slug in slugs {
            guard tree.isDirectory("pages/\(slug)") else { continue }
            if !isValidSlug(slug) {
                c.report(Diagnostic(.data, at: SourceLocation(file: path("pages/\(slug)")), "page folder name `\(slug)` is not a slug",
                                    hint: "use lowercase letters, digits and '-'"))
                continue
            }
            for f in tree.children("pages/\(slug)") where f.hasSuffix(".md") && Language(rawValue: String(f.dropLast(3))) == nil {
                c.report(Diagnostic(.data, at: SourceLocation(file: path("pages/\(slug)/\(f)")), "`\(f)` is not a language file",
                                    hint: "name page files en.md, zh.md, ja.md"))
            }
            for lang in Language.allCases {
                let rel = "pages/\(slug)/\(lang.rawValue).md"
                guard tree.isFile(rel) else {
                    c.report(Diagnostic(.data, at: SourceLocation(file: path(rel)), "page `\(slug)` has no \(lang.rawValue) version",
                                        hint: tree.hint(forAuthor: "write \(path(rel)); every page exists in en, zh and ja")))
                    continue
                }
                files.append((slug, lang, rel))
            }
        }
        // The catalogs and the pages are independent files: read and parse them all on all
        // cores, the largest catalogs first.
        let catalogFiles = ["glossary.yaml", "ui.yaml", "machines.yaml", "seeds.yaml", "kernels.yaml"]
        let catalogs = ConcurrentSlots<Result<YAMLValue, Diagnostic>>(count: catalogFiles.count)
        let parsed = ConcurrentSlots<Result<SourcePage, Diagnostic>>(count: files.count)
        let pageFiles = files
        DispatchQueue.concurrentPerform(iterations: catalogFiles.count + pageFiles.count) { n in
            if n < catalogFiles.count {
                let rel = catalogFiles[n]
                do throws(Diagnostic) {
                    let text = try tree.text(rel)
                    catalogs.set(n, .success(try YAMLValue.parse(text, file: path(rel))))
                } catch { catalogs.set(n, .failure(error)) }
                return
            }
            let i = n - catalogFiles.count
            let (slug, lang, rel) = pageFiles[i]
            do throws(Diagnostic) {
                let text = try tree.text(rel)
                let (front, body, bodyLine) = try FrontMatterParser.parse(text, file: path(rel))
                parsed.set(i, .success(SourcePage(slug: slug, lang: lang, file: path(rel), front: front, body: body, bodyLine: bodyLine)))
            } catch { parsed.set(i, .failure(error)) }
        }
        func yaml(_ rel: String) -> YAMLValue? {
            guard let i = catalogFiles.firstIndex(of: rel) else { return nil }
            switch catalogs[i] {
            case .success(let v): return v
            case .failure(let error): c.report(error); return nil
            case nil: return nil
            }
        }
        let machines = yaml("machines.yaml").map { CatalogLoader.machines($0, file: path("machines.yaml"), into: &c) } ?? [:]
        let seeds = yaml("seeds.yaml").map { CatalogLoader.seeds($0, file: path("seeds.yaml"), into: &c) } ?? [:]
        let ui = yaml("ui.yaml").map { CatalogLoader.ui($0, file: path("ui.yaml"), into: &c) } ?? UIStrings(table: [:])
        let releases = yaml("kernels.yaml").map { CatalogLoader.releases($0, file: path("kernels.yaml"), into: &c) } ?? KernelReleases()
        let glossary = yaml("glossary.yaml").map { CatalogLoader.glossary($0, file: path("glossary.yaml"), into: &c) } ?? []
        Timings.mark("catalogs and page sources parsed")
        // Diagrams and tables label every region a machine has, in every language.
        let regionKeys = Set(machines.values.flatMap { $0.layout.regions.map { "region." + $0.name } })
        for key in UIKeys.required + regionKeys.sorted() where !ui.has(key) {
            c.report(Diagnostic(.data, at: SourceLocation(file: path("ui.yaml")), "UI string `\(key)` is missing",
                                hint: "add it with en, zh and ja text"))
        }

        for i in files.indices {
            switch parsed[i] {
            case .success(let page):
                for s in page.front.seeds where seeds[s] == nil {
                    c.report(Diagnostic(.data, at: SourceLocation(file: page.file, line: page.front.lines["seeds"]), "unknown seed `\(s)`",
                                        hint: "seeds are listed in content/seeds.yaml"))
                }
                sources[page.slug, default: [:]][page.lang] = page
            case .failure(let error): c.report(error)
            case nil: break
            }
        }
        for slug in slugs {
            // The three languages must agree on what is not prose.
            if let en = sources[slug]?[.en] {
                for lang in [Language.zh, .ja] {
                    guard let other = sources[slug]?[lang] else { continue }
                    let differing = [("order", other.front.order != en.front.order), ("seeds", other.front.seeds != en.front.seeds),
                                     ("kernels", other.front.kernels != en.front.kernels)].filter(\.1).map(\.0)
                    for key in differing {
                        c.report(Diagnostic(.data, at: SourceLocation(file: other.file, line: other.front.lines[key]),
                                            "front matter `\(key)` differs from the en page",
                                            hint: "make it the same as in \(en.file)"))
                    }
                }
            }
        }

        // The generated questions' texts and the misconceptions: every language, the right placeholders.
        var teaching = TeachingText(texts: [:], misconceptions: [:])
        do { teaching = try TeachingText.load(tree) } catch { c.report(error) }

        // Teaching order (issue 18): no term before the page that teaches it, unless linked.
        let allPages = sources.keys.sorted().flatMap { slug in sources[slug]!.sorted(by: { $0.key < $1.key }).map(\.value) }
        for d in Prerequisites.check(pages: allPages, glossary: glossary, glossaryFile: path("glossary.yaml")) { c.report(d) }

        // Language rules (issue 13) on the question files, the teaching texts, ui.yaml and the glossary.
        let avoid = ContentLint.avoidList(glossary)
        for d in ContentLint.questionFiles(in: tree, avoid: avoid) { c.report(d) }
        for d in ContentLint.catalogs(ui: ui, glossary: glossary, glossaryFile: path("glossary.yaml"), avoid: avoid) { c.report(d) }
        let simulation = Simulation()
        var expanderSetup = Expander(machines: machines, ui: ui, captures: captures, simulation: simulation)
        expanderSetup.releases = releases
        let expander = expanderSetup
        var topics: [Topic] = []
        var headingIDs: [String: [Language: Set<String>]] = [:]
        var pendingLinks: [(page: SourcePage, link: RenderedMarkdown.Link, at: SourceLocation)] = []
        // Expanding and rendering one page needs nothing from another: do them on all cores,
        // then gather the results in a fixed order.
        let jobs = sources.keys.sorted().flatMap { slug in sources[slug]!.sorted(by: { $0.key < $1.key }).map { (slug, $0.key, $0.value) } }
        let results = ConcurrentSlots<(RenderedPage, [(RenderedMarkdown.Link, SourceLocation)], [Diagnostic])>(count: jobs.count)
        // The simulated boots the pages will need go first, largest machine first, so they run
        // on all cores at once instead of making a page's thread wait for one in the middle.
        let boots = Set(jobs.flatMap { Expander.bootDemands($0.2.body) }).compactMap { machines[$0] }
            .sorted { ($0.config.ramBytes, $0.id) > ($1.config.ramBytes, $1.id) }
        DispatchQueue.concurrentPerform(iterations: boots.count + jobs.count) { n in
            if n < boots.count { simulation.boot(boots[n]); return }
            let i = n - boots.count
            let src = jobs[i].2
            var local = DiagnosticCollector()
            let exp = expander.expand(src, into: &local)
            for d in ContentLint.page(exp, avoid: avoid) { local.report(d) }
            let rendered = Markdown.render(exp.markdown, rewriteLink: rewriteLink,
                                           headingText: { Placeholder.substitute($0, facts: exp.facts, cites: exp.cites.map { $0.text(Wording(ui: ui, lang: src.lang)) }) })
            if rendered.headings.first?.level != 1 {
                local.report(Diagnostic(.data, at: SourceLocation(file: src.file, line: src.bodyLine), "page does not start with a `# Title` heading", hint: "make the first line after the front matter a `# Title` heading"))
            }
            var page = RenderedPage(expanded: exp, html: rendered.html, headings: rendered.headings)
            var links = rendered.links.map { ($0, SourceLocation(file: src.file, line: src.bodyLine + $0.line - 1)) }
            // The prerequisites block: one line of Markdown each, links checked like the body's.
            func inline(_ md: String, key: String) -> String {
                let loc = SourceLocation(file: src.file, line: src.front.lines[key])
                if md.contains("{{") {
                    local.report(Diagnostic(.data, at: loc, "`\(key)` cannot hold a {{fact}} or another reference", hint: "write the prerequisite in words; numbers belong in the page body"))
                }
                for d in ContentLint.lintLine(md, lang: src.lang, markdown: true, at: loc, avoid: avoid[src.lang] ?? []) { local.report(d) }
                let r = Markdown.render(md, rewriteLink: rewriteLink)
                links += r.links.map { ($0, loc) }
                var html = r.html.trimmingCharacters(in: .whitespacesAndNewlines)
                if html.hasPrefix("<p>"), html.hasSuffix("</p>") { html = String(html.dropFirst(3).dropLast(4)) }
                return html
            }
            page.assumes = src.front.assumes.map { inline($0, key: "assumes") }
            page.outcomes = src.front.outcomes.map { inline($0, key: "outcomes") }
            results.set(i, (page, links, local.diagnostics))
        }
        var bySlug: [String: [Language: RenderedPage]] = [:]
        for (i, job) in jobs.enumerated() {
            guard let (page, links, problems) = results[i] else { continue }
            for d in problems { c.report(d) }
            headingIDs[job.0, default: [:]][job.1] = Set(page.headings.map(\.id))
            for (l, at) in links { pendingLinks.append((job.2, l, at)) }
            bySlug[job.0, default: [:]][job.1] = page
        }
        for slug in sources.keys.sorted() {
            let pages = bySlug[slug] ?? [:]
            topics.append(Topic(slug: slug, order: sources[slug]?[.en]?.front.order ?? Int.max, pages: pages))
        }
        let glossaryIDs = Set(glossary.map(\.id))
        for (page, link, loc) in pendingLinks {
            switch classify(link.destination) {
            case .external: break
            case .page(let slug, let anchor) where anchor == nil && ContentLoader.toolPages.contains(slug) && headingIDs[slug] == nil:
                break
            case .page(let slug, let anchor):
                guard headingIDs[slug] != nil else {
                    c.report(Diagnostic(.data, at: loc, "link to `\(link.destination)`: there is no page `\(slug)`",
                                        hint: "link by slug, e.g. [vmalloc](vmalloc.md); pages: \(headingIDs.keys.sorted().joined(separator: ", "))"))
                    continue
                }
                // The glossary block gives every term an anchor `term-<id>`.
                if slug == "glossary", let anchor, anchor.hasPrefix("term-"), glossaryIDs.contains(String(anchor.dropFirst(5))) { continue }
                if let anchor, headingIDs[slug]?[page.lang]?.contains(anchor) != true {
                    c.report(Diagnostic(.data, at: loc, "link to `\(link.destination)`: the \(page.lang.rawValue) page `\(slug)` has no heading `#\(anchor)`",
                                        hint: "use the id of one of its headings"))
                }
            case .anchor(let anchor):
                if headingIDs[page.slug]?[page.lang]?.contains(anchor) != true {
                    c.report(Diagnostic(.data, at: loc, "link to `#\(anchor)`: this page has no such heading", hint: "link to a heading of this page (its id is the heading text in lowercase, words joined by -)"))
                }
            case .invalid:
                c.report(Diagnostic(.data, at: loc, "link `\(link.destination)` points nowhere we know",
                                    hint: "link to another page as slug.md, or to a full https:// address"))
            }
        }
        topics.sort { ($0.order, $0.slug) < ($1.order, $1.slug) }
        do { try c.throwIfAny() } catch { throw error }
        return ContentSite(source: tree, simulation: simulation, machines: machines, seeds: seeds, ui: ui, glossary: glossary, teaching: teaching, topics: topics)
    }

    /// Only `ui.yaml`, for commands that need the strings but not the pages (the quiz).
    public static func loadUI(_ tree: SourceTree) throws(DiagnosticList) -> UIStrings {
        var c = DiagnosticCollector()
        let file = tree.display("ui.yaml")
        var ui = UIStrings(table: [:])
        do {
            let text = try tree.text("ui.yaml")
            ui = CatalogLoader.ui(try YAMLValue.parse(text, file: file), file: file, into: &c)
        } catch { c.report(error) }
        do { try c.throwIfAny() } catch { throw error }
        return ui
    }

    static func isValidSlug(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" }
    }

    enum LinkTarget { case external, page(String, anchor: String?), anchor(String), invalid }

    /// Pages the site builds from templates rather than content; a page may link to them by
    /// slug like to any topic (`[try your own machine](explorer.md)`).
    public static let toolPages: Set<String> = ["explorer", "quiz", "search", "downloads"]

    static func classify(_ dest: String) -> LinkTarget {
        if dest.hasPrefix("https://") || dest.hasPrefix("http://") || dest.hasPrefix("mailto:") { return .external }
        if dest.hasPrefix("#") { return .anchor(String(dest.dropFirst())) }
        let parts = dest.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts[0].hasSuffix(".md"), !parts[0].contains("/") else { return .invalid }
        let slug = String(parts[0].dropLast(3))
        guard isValidSlug(slug) else { return .invalid }
        return .page(slug, anchor: parts.count > 1 ? parts[1] : nil)
    }

    /// `slug.md#x` → `../slug/#x`: pages live at `/<lang>/<slug>/index.html`, so a relative
    /// link works under any base URL and from disk.
    static func rewriteLink(_ dest: String) -> String {
        switch classify(dest) {
        case .page(let slug, let anchor): return "../\(slug)/index.html" + (anchor.map { "#" + $0 } ?? "")
        default: return dest
        }
    }
}

/// UI strings the site and quiz use; `check` requires each of them.
public enum UIKeys {
    public static let required: [String] = [
        "site.title", "site.tagline", "nav.contents", "nav.previous", "nav.next", "nav.home", "nav.language",
        "nav.search", "nav.quiz", "nav.downloads", "page.sources", "page.kernels", "page.generated_note",
        "page.on_this_page", "page.assumes", "page.outcomes", "footer.license", "l10n.cite.file", "l10n.cite.line", "l10n.cite.lines", "page.updated",
        "explorer.title", "explorer.intro", "explorer.no_js", "explorer.arch", "explorer.pae", "explorer.kernel", "explorer.ram",
        "explorer.vmalloc", "explorer.nr_cpus", "explorer.default", "explorer.diagram", "explorer.limits", "explorer.bootlog",
        "explorer.no_bootlog", "explorer.messages", "explorer.cannot_boot", "explorer.not_modelled", "explorer.command", "explorer.try", "search.placeholder", "search.no_js",
        "root.choose_language", "root.intro",
        "table.region", "table.start", "table.end", "table.size", "table.size_served", "table.cache",
        "table.object_size", "table.requested", "table.ksize", "table.order", "table.result", "table.pages",
        "table.allocated", "table.flag", "table.value", "table.bits", "table.context", "table.may_sleep",
        "table.use", "table.pointer", "table.address", "table.physical", "table.why", "table.field",
        "table.term", "table.definition", "table.machine", "table.allocator", "table.contiguous",
        "table.max_size", "table.context_ok", "table.zeroed", "table.free_with",
        "word.yes", "word.no", "word.fails", "word.page_allocator", "word.none", "word.order",
        "machine.ram", "machine.kernel", "machine.vmalloc_param", "machine.no_highmem",
        "diagram.layout_title", "diagram.vmalloc_title", "diagram.buddy_title", "diagram.virtual", "diagram.physical",
        "diagram.free_blocks", "diagram.not_to_scale", "nav.skip", "nav.tools",
        "compare.atomic_with_flag", "compare.zero_variant", "compare.vmalloc_limit", "compare.vzalloc", "compare.maybe",
        "compare.kvmalloc_limit", "compare.kvzalloc", "compare.malloc_limit", "compare.user_space", "diagram.buddy_caption",
        "demo.reason.lowmem-linear", "demo.reason.direct-map-linear", "demo.reason.slab-object-in-lowmem",
        "demo.reason.slab-object-in-direct-map", "demo.reason.large-kmalloc-in-lowmem", "demo.reason.large-kmalloc-in-direct-map",
        "demo.reason.vmalloc-area", "demo.reason.allocation-failed", "fact.page_allocator_order",
        "table.vmalloc_size", "table.lowmem_size", "table.highmem_size", "diagram.page", "diagram.guard_page",
        "quiz.web.intro", "quiz.web.topic", "quiz.web.all_topics", "quiz.web.count", "quiz.web.start", "quiz.web.check",
        "quiz.web.next", "quiz.web.no_js", "downloads.intro", "downloads.cli", "table.kernel_reports", "table.simulator_says",
    ] + QuizUIKeys.all + CLIHelpKeys.all + ExportUIKeys.all + SimTextKeys.all + Unsupported.reasonIds.map { "explorer.reason.\($0)" }
      + ResponseParseError.keys.map { "quiz.parse.\($0)" }
      + ["moodle", "qti21", "gift", "anki", "json", "csv", "print"].flatMap { ["downloads.format.\($0)", "downloads.about.\($0)"] }
      + CallingSituation.all.flatMap { ["context.\($0.id)", "context.\($0.id).note"] }
}
